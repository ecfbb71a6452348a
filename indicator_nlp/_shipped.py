"""Where the shipped classifier model is, and the sha256 the package pins it to.

The model is trained into the top-level ``models/`` of the checkout (its home: the card, the
figures and the training data's hash live there). A wheel carries a copy as
``indicator_nlp/models/`` (setup.py's build step), found here with :mod:`importlib.resources`;
in a checkout, ``models/`` itself is used.

The pin (``indicator_nlp/data/shipped_model.json``) is what makes the shipped file trusted: it is
loaded only when its sha256 equals the pinned one. A model file is code (unpickling runs it), so
other models load only when their card matches, or with ``--trust`` for files you made.

Retraining the shipped model updates the pin in the same step: saving a model to the checkout's
``models/indicator-classifier.joblib`` (``indicator-nlp train``, or ``classifier.train()``)
rewrites it. After replacing the model file by other means, run ``python scripts/pin_model.py``.
A test checks that pin, card and file agree.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

from indicator_nlp.errors import ModelError

MODEL_NAME = "indicator-classifier.joblib"
CARD_NAME = "indicator-classifier.card.json"
PIN = Path(__file__).parent / "data" / "shipped_model.json"


def model_path() -> Path:
    """The shipped model file: inside the installed package, else the checkout's ``models/``."""
    packaged = resources.files("indicator_nlp").joinpath("models", MODEL_NAME)
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[1] / "models" / MODEL_NAME


def pinned() -> dict[str, object]:
    return json.loads(PIN.read_text("utf-8"))


def is_shipped(path: str | os.PathLike[str]) -> bool:
    try:
        return Path(path).resolve() == model_path().resolve()
    except OSError:
        return False


def check_pin(path: str | os.PathLike[str], actual_sha256: str) -> None:
    """Raise ModelError when ``path`` is the shipped model and its sha256 is not the pinned one."""
    if not is_shipped(path):
        return
    expected = pinned().get("sha256")
    if actual_sha256 != expected:
        raise ModelError(
            f"{path}: sha256 {actual_sha256[:12]}… is not the one pinned in the package "
            f"({str(expected)[:12]}…): the shipped model was changed; reinstall indicator-nlp, "
            "or after retraining run `python scripts/pin_model.py`"
        )


def checkout_model() -> Path:
    """The shipped model's home in a checkout (where training writes it)."""
    return Path(__file__).resolve().parents[1] / "models" / MODEL_NAME


def repin_if_shipped(path: str | os.PathLike[str]) -> dict[str, object] | None:
    """Re-pin the package when ``path`` is the checkout's shipped model (just saved); else nothing."""
    if Path(path).resolve() != checkout_model().resolve():
        return None
    return write_pin(path)


def write_pin(model: str | os.PathLike[str] | None = None) -> dict[str, object]:
    """Pin the package to ``model`` (default: the checkout's models/ file) and its card's hash."""
    import hashlib

    p = Path(model) if model else checkout_model()
    h = hashlib.sha256()
    with p.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    sha = h.hexdigest()
    card_file = p.with_name(p.name.removesuffix(".joblib") + ".card.json")  # = classifier.card_path
    card = json.loads(card_file.read_text("utf-8"))
    if card.get("sha256") != sha:
        raise ModelError(f"{p}: its card {card_file.name} gives another sha256; retrain to rewrite both")
    pin = {
        "_source": "written by indicator_nlp._shipped.write_pin (train, or scripts/pin_model.py) from "
        "models/indicator-classifier.joblib and its card; the shipped model loads only with this sha256",
        "file": MODEL_NAME,
        "sha256": sha,
        "size_bytes": p.stat().st_size,
    }
    from indicator_nlp._io import dumps_json, write_atomic

    write_atomic(PIN, dumps_json(pin))
    return pin
