"""Model files: where the shipped model lives, its card (sha256, versions), save, load, classify."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import platform
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from indicator_nlp.classifier.estimator import IndicatorClassifier
from indicator_nlp.errors import ModelError
from indicator_nlp.types import Prediction

MODEL_ENV = "INDICATOR_NLP_MODEL"
DEFAULT_MODEL = Path("models") / "indicator-classifier.joblib"
FORMAT = 1  # bump when the saved object's layout changes (load refuses other formats)


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def default_model_path() -> Path:
    """``$INDICATOR_NLP_MODEL`` if set, else the shipped model (in the wheel, or models/ of the repo)."""
    from indicator_nlp._shipped import model_path

    env = os.environ.get(MODEL_ENV)
    return Path(env) if env else model_path()


def card_path(model_path: str | os.PathLike[str]) -> Path:
    p = Path(model_path)
    return p.with_name(p.name.removesuffix(".joblib") + ".card.json")


def sha256_file(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    import joblib
    import scipy
    import sklearn

    versions = {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
    }
    import jieba

    versions["jieba"] = jieba.__version__
    return versions


def save_model(
    model: IndicatorClassifier, path: str | os.PathLike[str], card: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Write the model (joblib) and its card (JSON with the model file's sha256) beside it."""
    import joblib

    from indicator_nlp._io import dumps_json, write_atomic

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    joblib.dump({"format": FORMAT, "model": model}, tmp, compress=3)
    os.replace(tmp, path)
    card = dict(card or {})
    card["model_file"] = path.name
    card["sha256"] = sha256_file(path)
    card["size_bytes"] = path.stat().st_size
    card["format"] = FORMAT
    card.setdefault("libraries", library_versions())
    write_atomic(card_path(path), dumps_json(card))
    from indicator_nlp._shipped import repin_if_shipped

    repin_if_shipped(path)  # retraining the shipped model re-pins the package in the same step
    return card


_CACHE: dict[tuple[str, float, bool], IndicatorClassifier] = {}


def load_model(path: str | os.PathLike[str] | None = None, trust: bool = False) -> IndicatorClassifier:
    """Load a trained classifier; by default the shipped one (or ``$INDICATOR_NLP_MODEL``).

    The file is unpickled only when its sha256 equals the one in its model card
    (``<name>.card.json`` beside it), or when ``trust`` is true. Raises :class:`ModelError`.
    """
    p = Path(path) if path else default_model_path()
    if not p.is_file():
        raise ModelError(f"{p}: model file not found: run `indicator-nlp train` or pass --model")
    key = (str(p.resolve()), p.stat().st_mtime, trust)
    if key in _CACHE:
        return _CACHE[key]
    if not trust:
        cp = card_path(p)
        if not cp.is_file():
            raise ModelError(
                f"{p}: no model card {cp.name} beside it: retrain, or pass --trust if you trust the file"
            )
        try:
            expected = json.loads(cp.read_text("utf-8")).get("sha256")
        except json.JSONDecodeError as exc:
            raise ModelError(f"{cp}: unreadable model card ({exc})") from exc
        actual = sha256_file(p)
        from indicator_nlp._shipped import check_pin

        check_pin(p, actual)  # the shipped file must also be the one the package pins
        if actual != expected:
            raise ModelError(
                f"{p}: sha256 {actual[:12]}… does not match its card ({str(expected)[:12]}…): "
                "the file was changed or replaced; retrain, or pass --trust if you trust it"
            )
    import joblib

    try:
        obj = joblib.load(p)
    except (OSError, EOFError, ValueError, KeyError, AttributeError, ImportError, IndexError, TypeError,
            pickle.UnpicklingError) as exc:  # fmt: skip
        raise ModelError(f"{p}: cannot load model ({type(exc).__name__}: {exc})") from exc
    if (
        not isinstance(obj, dict)
        or obj.get("format") != FORMAT
        or not isinstance(obj.get("model"), IndicatorClassifier)
    ):
        raise ModelError(f"{p}: not an indicator-nlp model of format {FORMAT}: retrain with this version")
    _CACHE[key] = obj["model"]
    return obj["model"]


def classify(
    items: Iterable[Any],
    model: IndicatorClassifier | None = None,
    top: int = 3,
    layout: str = "2021",
    abstain_below: float | None = None,
    explain: bool = False,
) -> list[Prediction]:
    """Classify indicators (str, Indicator, or mappings with name/description/value).

    ``explain=True`` fills each prediction's ``explanation``: the words, value form and keyword
    features pushing toward the predicted class and toward the runner-up, in plain terms.

    >>> classify(["受益群众满意度"])[0].level2
    '服务对象满意度指标'
    """
    if isinstance(items, str):
        items = [items]
    items = list(items)
    model = model or load_model()
    preds = model.predictions(items, top=top, layout=layout, abstain_below=abstain_below)
    if explain and preds:
        from indicator_nlp.classifier.explain import explain as _explain

        for p, e in zip(preds, _explain(model, items)):
            p.explanation = {
                k: e[k] for k in ("class", "p", "versus", "p_versus", "for", "but", "similar", "text")
            }
    return preds

