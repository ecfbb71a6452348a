"""Pin the package to the shipped model: write models/indicator-classifier.joblib's sha256 into
indicator_nlp/data/shipped_model.json (after checking it against the model card).

    python scripts/pin_model.py

`indicator-nlp train` does this itself when it writes the default model; run this after putting
a model file in place by other means (e.g. copying one trained elsewhere, with its card).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's package

from indicator_nlp._shipped import PIN, write_pin  # noqa: E402

if __name__ == "__main__":
    pin = write_pin()
    print(f"{PIN}: sha256 {pin['sha256']} ({pin['size_bytes']:,} bytes)")
