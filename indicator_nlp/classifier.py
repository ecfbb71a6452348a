"""The indicator classifier: name + description + value → level-2 class, with calibrated confidence.

``IndicatorClassifier`` follows the scikit-learn contract (``__init__`` stores parameters, learned
state ends in ``_``, ``fit`` returns ``self``). Inside: a union of character n-grams of the name,
jieba word n-grams of name + description, character n-grams of the value and hand-made features
(the value as read: unit kind, operator, qualitative label; domain keywords per class; the name's
last characters) feeding a class-balanced multinomial logistic regression. Confidence is
calibrated by temperature scaling fitted on grouped out-of-fold predictions (one parameter: it
keeps the ranking and makes 0.8 mean "right about 80% of the time" on unseen documents). Labels
are not over-trusted: sources whose READMEs describe unusual labelling are down-weighted (corpus
``weight``), rows whose filed levels disagree are down-weighted, a lexicon of typical indicators
(``data/classifier_lexicon.json``) joins the training data, and the out-of-fold predictions
down-weight rows whose filed label the model finds implausible (p < 0.05 → weight × 0.1).

Public API: :func:`load_model`, :func:`classify`, :func:`save_model`. The nine classes are those of
:func:`indicator_nlp.taxonomy.classes`; cost is one class whose labels follow the layout asked for.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from indicator_nlp import features, taxonomy
from indicator_nlp.errors import ModelError
from indicator_nlp.types import Prediction

MODEL_ENV = "INDICATOR_NLP_MODEL"
DEFAULT_MODEL = Path("models") / "indicator-classifier.joblib"
FORMAT = 1  # bump when the saved object's layout changes (load refuses other formats)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit_temperature(logits: np.ndarray, y_idx: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of the out-of-fold logits."""
    best_t, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.2), np.log(5.0), 61)):
        p = _softmax(logits / t)
        nll = -np.mean(np.log(np.clip(p[np.arange(len(y_idx)), y_idx], 1e-12, None)))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def build_vectorizer(
    char_ngram: tuple[int, int] = (1, 3),
    word_ngram: tuple[int, int] = (1, 2),
    value_weight: float = 0.5,
    dict_weight: float = 1.0,
    keyword_weight: float = 1.0,
) -> Any:
    """The feature union over (name, description, value) records."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    def column(func: Any) -> Any:
        return FunctionTransformer(func, validate=False)

    parts = [
        (
            "name_chars",
            Pipeline(
                [
                    ("col", column(features.name_column)),
                    (
                        "tfidf",
                        TfidfVectorizer(analyzer="char", ngram_range=tuple(char_ngram), sublinear_tf=True),
                    ),
                ]
            ),
        ),
        (
            "words",
            Pipeline(
                [
                    ("col", column(features.name_desc_column)),
                    (
                        "tfidf",
                        TfidfVectorizer(
                            tokenizer=features.tokenize,
                            token_pattern=None,
                            lowercase=False,
                            ngram_range=tuple(word_ngram),
                            sublinear_tf=True,
                        ),
                    ),
                ]
            ),
        ),
        (
            "value_chars",
            Pipeline(
                [
                    ("col", column(features.value_column)),
                    ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)),
                ]
            ),
        ),
        ("value", Pipeline([("col", column(features.value_dicts)), ("dv", DictVectorizer())])),
        ("keywords", Pipeline([("col", column(features.keyword_dicts)), ("dv", DictVectorizer())])),
    ]
    weights = {
        "name_chars": 1.0,
        "words": 1.0,
        "value_chars": value_weight,
        "value": dict_weight,
        "keywords": keyword_weight,
    }
    return FeatureUnion(parts, transformer_weights=weights)


def grouped_splits(
    y: Sequence[str], groups: Sequence[str] | None, k: int, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """K stratified folds keeping each group (document) on one side; plain stratified without groups."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    y = np.asarray(y)
    n_groups = len(set(groups)) if groups is not None else len(y)
    k = max(2, min(k, n_groups, int(np.min(np.unique(y, return_counts=True)[1])) if groups is None else k))
    if groups is None:
        cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
        return list(cv.split(np.zeros(len(y)), y))
    import warnings

    cv = StratifiedGroupKFold(n_splits=min(k, n_groups), shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "least populated class" notes
        return list(cv.split(np.zeros(len(y)), y, groups))


class IndicatorClassifier(ClassifierMixin, BaseEstimator):
    """Level-2 class of budget-performance indicators.

    Parameters
    ----------
    C : inverse regularisation of the logistic regression.
    class_weight : "balanced" (rare classes count as much as common ones) or None.
    char_ngram, word_ngram : n-gram ranges of the name characters and the jieba words.
    value_weight, dict_weight, keyword_weight : weights of the value n-grams, of the value as read,
        and of the keyword features (keyword hits per class, name endings, the baseline's answer).
    calibrate : fit a temperature on grouped out-of-fold predictions.
    cv : folds for calibration and noise detection.
    noise_below, noise_weight : a training row whose filed class gets an out-of-fold probability
        below ``noise_below`` is weighted ``noise_weight`` in the final fit (1.0 disables it). On by
        default: without it the model learns the misfiled rows it was trained on (资助人数 filed as
        时效指标 came back 时效指标), which defeats the review's misfiled-row rule.
    lexicon_weight : weight of the typical indicators of ``data/classifier_lexicon.json`` added to
        the training data (0 leaves them out).
    neighbors : keep a TF-IDF index of the training indicators for :meth:`similar`.
    random_state : seed of the fold split (the solver is deterministic).
    """

    def __init__(
        self,
        C: float = 4.0,
        class_weight: str | None = "balanced",
        char_ngram: tuple[int, int] = (1, 3),
        word_ngram: tuple[int, int] = (1, 2),
        value_weight: float = 0.5,
        dict_weight: float = 1.0,
        keyword_weight: float = 0.25,
        calibrate: bool = True,
        cv: int = 5,
        noise_below: float = 0.05,
        noise_weight: float = 0.1,
        lexicon_weight: float = 2.0,
        neighbors: bool = True,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.char_ngram = char_ngram
        self.word_ngram = word_ngram
        self.value_weight = value_weight
        self.dict_weight = dict_weight
        self.keyword_weight = keyword_weight
        self.calibrate = calibrate
        self.cv = cv
        self.noise_below = noise_below
        self.noise_weight = noise_weight
        self.lexicon_weight = lexicon_weight
        self.neighbors = neighbors
        self.random_state = random_state

    def _new_lr(self) -> Any:
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)

    def fit(
        self,
        X: Iterable[Any],
        y: Sequence[str],
        groups: Sequence[str] | None = None,
        sample_weight: Any = None,
    ) -> IndicatorClassifier:
        """Fit on items (str, Indicator, mapping with name/description/value) and their classes."""
        records = features.as_records(X)
        y = np.asarray(list(y), dtype=object)
        if len(records) != len(y):
            raise ValueError(f"X has {len(records)} items but y has {len(y)}")
        n = len(y)
        weight = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float).copy()
        # The lexicon of typical indicators joins every training set (and every training fold),
        # never a test fold: it is prior knowledge, not data to be measured on.
        lex_records, lex_y = features.lexicon() if self.lexicon_weight > 0 else ([], [])
        lex_keep = [i for i, c in enumerate(lex_y) if c in set(y)]
        all_records = records + [lex_records[i] for i in lex_keep]
        all_y = np.concatenate([y, np.asarray([lex_y[i] for i in lex_keep], dtype=object)])
        all_w = np.concatenate([weight, np.full(len(lex_keep), float(self.lexicon_weight))])
        lex_idx = np.arange(n, len(all_y))
        self.classes_ = np.array(sorted(set(y)), dtype=object)
        y_idx = np.searchsorted(self.classes_, y)
        self.vectorizer_ = build_vectorizer(
            self.char_ngram, self.word_ngram, self.value_weight, self.dict_weight, self.keyword_weight
        )
        M = self.vectorizer_.fit_transform(all_records)
        self.temperature_ = 1.0
        self.noisy_ = np.zeros(n, dtype=bool)
        if (self.calibrate or self.noise_weight < 1.0) and self.cv >= 2 and len(self.classes_) > 1:
            splits = grouped_splits(y, groups, self.cv, self.random_state)
            logits = self._oof_logits(M, all_y, all_w, splits, lex_idx, n)
            t = _fit_temperature(logits, y_idx) if self.calibrate else 1.0
            p_own = _softmax(logits / t)[np.arange(n), y_idx]
            self.noisy_ = p_own < self.noise_below
            if self.noise_weight < 1.0 and self.noisy_.any():
                all_w[:n][self.noisy_] *= self.noise_weight
                if self.calibrate:  # the final fit is sharper without those rows: calibrate it as fitted
                    t = _fit_temperature(self._oof_logits(M, all_y, all_w, splits, lex_idx, n), y_idx)
            self.temperature_ = t
        self.model_ = self._new_lr().fit(M, all_y, sample_weight=all_w)
        self.index_ = self._build_index(records, y) if self.neighbors else None
        return self

    def _oof_logits(
        self, M: Any, all_y: np.ndarray, all_w: np.ndarray, splits: list, lex_idx: np.ndarray, n: int
    ) -> np.ndarray:
        """Out-of-fold logits of the first ``n`` rows; the lexicon rows train in every fold."""
        logits = np.zeros((n, len(self.classes_)))
        for train, test in splits:
            train = np.concatenate([train, lex_idx])
            lr = self._new_lr().fit(M[train], all_y[train], sample_weight=all_w[train])
            cols = np.searchsorted(self.classes_, lr.classes_)
            z = np.full((len(test), len(self.classes_)), -1e3)
            dec = lr.decision_function(M[test])
            z[:, cols] = dec if dec.ndim == 2 else np.column_stack([-dec, dec])
            logits[test] = z
        return logits

    def _build_index(self, records: list[features.Record], y: np.ndarray) -> dict[str, Any]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
        matrix = vec.fit_transform([features.normalize_text(features.name_core(r[0])) for r in records])
        return {"vectorizer": vec, "matrix": matrix, "rows": [(r[0], r[2], c) for r, c in zip(records, y)]}

    def _check(self) -> None:
        if not hasattr(self, "model_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("IndicatorClassifier is not fitted yet: call fit() or load_model()")

    def decision_function(self, X: Iterable[Any]) -> np.ndarray:
        self._check()
        return self.model_.decision_function(self.vectorizer_.transform(features.as_records(X)))

    def predict_proba(self, X: Iterable[Any]) -> np.ndarray:
        """Calibrated class probabilities, columns in the order of ``classes_``."""
        z = self.decision_function(X)
        if z.ndim == 1:
            z = np.column_stack([-z, z])
        return _softmax(z / self.temperature_)

    def predict(self, X: Iterable[Any]) -> np.ndarray:
        self._check()
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def predictions(
        self,
        items: Sequence[Any],
        top: int = 3,
        layout: str = "2021",
        abstain_below: float | None = None,
    ) -> list[Prediction]:
        """One :class:`Prediction` per item, level 1 derived from the class in the layout asked for."""
        if layout not in taxonomy.LAYOUTS:
            raise ValueError(f"layout must be one of {taxonomy.LAYOUTS}, got {layout!r}")
        records = features.as_records(items)
        if not records:
            return []
        proba = self.predict_proba(records)
        out = []
        for rec, p in zip(records, proba):
            order = np.argsort(-p, kind="stable")
            alts = []
            for j in order[: max(1, top)]:
                l1, l2 = taxonomy.labels_for_class(str(self.classes_[j]), layout)
                alts.append({"level1": l1, "level2": l2, "p": round(float(p[j]), 4)})
            conf = float(p[order[0]])
            abstain = abstain_below is not None and conf < abstain_below
            out.append(
                Prediction(
                    name=rec[0],
                    level1=None if abstain else alts[0]["level1"],
                    level2=None if abstain else alts[0]["level2"],
                    confidence=round(conf, 4),
                    top=alts,
                    abstained=abstain,
                )
            )
        return out

    def similar(self, text: str, k: int = 5) -> list[dict[str, Any]]:
        """The k training indicators whose names are closest (TF-IDF cosine), with value and class."""
        self._check()
        if not self.index_:
            return []
        idx = self.index_
        q = idx["vectorizer"].transform([features.normalize_text(features.name_core(text))])
        sims = (idx["matrix"] @ q.T).toarray().ravel()
        out, seen = [], set()
        for j in np.argsort(-sims, kind="stable"):
            if sims[j] <= 0 or len(out) >= k:
                break
            name, value, cls = idx["rows"][j]
            if (name, value) in seen:
                continue
            seen.add((name, value))
            out.append(
                {"name": name, "value": value, "class": str(cls), "similarity": round(float(sims[j]), 4)}
            )
        return out


# --- files -------------------------------------------------------------------------------------


def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


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
    try:
        import jieba

        versions["jieba"] = jieba.__version__
    except ImportError:
        pass
    return versions


def save_model(
    model: IndicatorClassifier, path: str | os.PathLike[str], card: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Write the model (joblib) and its card (JSON with the model file's sha256) beside it."""
    import joblib

    from indicator_nlp.commands._common import dumps_json, write_atomic

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
    except (OSError, EOFError, ValueError, KeyError, AttributeError, ImportError) as exc:
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
) -> list[Prediction]:
    """Classify indicators (str, Indicator, or mappings with name/description/value).

    >>> classify(["受益群众满意度"])[0].level2  # doctest: +SKIP
    '服务对象满意度指标'
    """
    if isinstance(items, str):
        items = [items]
    model = model or load_model()
    return model.predictions(list(items), top=top, layout=layout, abstain_below=abstain_below)


# --- evaluation --------------------------------------------------------------------------------


def level1_of(cls: str | None, layout: str | None) -> str | None:
    if cls is None:
        return None
    return taxonomy.labels_for_class(cls, layout or "2021")[0]


def scores(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    level1_true: Sequence[str | None] | None = None,
    layouts: Sequence[str | None] | None = None,
) -> dict[str, Any]:
    """Level-1 accuracy, level-2 accuracy and macro-F1, per-class P/R/F1/support, confusion matrix.

    Labels are the classes present in ``y_true`` (in taxonomy order), so a class missing from
    the data does not drag macro-F1 down. Level 1 of a prediction is derived from its class in
    the row's layout.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    y_true = [str(c) for c in y_true]
    y_pred = [str(c) for c in y_pred]
    order = [c for c in taxonomy.classes() if c in set(y_true)] + sorted(
        set(y_true) - set(taxonomy.classes())
    )
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=order, zero_division=0)
    out: dict[str, Any] = {
        "n": len(y_true),
        "level2_accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "level2_macro_f1": round(
            float(f1_score(y_true, y_pred, labels=order, average="macro", zero_division=0)), 4
        ),
        "per_class": {
            c: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(s[i]),
            }
            for i, c in enumerate(order)
        },
        "labels": order,
        "confusion": confusion_matrix(y_true, y_pred, labels=order).tolist(),
    }
    if level1_true is not None:
        layouts = layouts or [None] * len(y_true)
        pairs = [(t, level1_of(c, lay)) for t, c, lay in zip(level1_true, y_pred, layouts) if t]
        out["level1_accuracy"] = round(sum(t == pr for t, pr in pairs) / len(pairs), 4) if pairs else None
    return out


def cross_validate(
    items: Sequence[Any],
    y: Sequence[str],
    groups: Sequence[str] | None,
    k: int = 5,
    seed: int = 0,
    params: dict[str, Any] | None = None,
    level1_true: Sequence[str | None] | None = None,
    layouts: Sequence[str | None] | None = None,
    extra: tuple[Sequence[Any], Sequence[str]] | None = None,
    sample_weight: Sequence[float] | None = None,
) -> dict[str, Any]:
    """Grouped K-fold figures of the model and of the keyword baseline on the same folds.

    ``extra`` (items, classes) are added to every training fold and never tested on (prior
    knowledge such as the lexicon of typical indicators).
    """
    from indicator_nlp.baseline import KeywordBaseline

    y = np.asarray([str(c) for c in y], dtype=object)
    items = list(items)
    pred = np.empty(len(y), dtype=object)
    base = KeywordBaseline().predict(items)
    folds = grouped_splits(y, groups, k, seed)
    for train, test in folds:
        tr_items = [items[i] for i in train]
        tr_y = list(y[train])
        tr_groups = [groups[i] for i in train] if groups is not None else None
        tr_w = [float(sample_weight[i]) for i in train] if sample_weight is not None else [1.0] * len(train)
        if extra is not None:
            tr_items += list(extra[0])
            tr_y += list(extra[1])
            tr_w += [1.0] * len(extra[0])
            if tr_groups is not None:
                tr_groups += ["lexicon"] * len(extra[0])
        model = IndicatorClassifier(**{**(params or {}), "neighbors": False, "random_state": seed})
        model.fit(tr_items, tr_y, groups=tr_groups, sample_weight=tr_w)
        pred[test] = model.predict([items[i] for i in test])
    return {
        "folds": len(folds),
        "grouped": groups is not None,
        "model": scores(y, pred, level1_true, layouts),
        "baseline": scores(y, base, level1_true, layouts),
        "predictions": [str(p) for p in pred],
    }


# --- training from the corpus --------------------------------------------------------------------

DEFAULT_PARAMS: dict[str, Any] = {}  # the shipped settings are the estimator's defaults
FLAG_WEIGHT = {"label_conflict": 0.5}  # rows whose filed level 1 and level 2 disagree


def train(
    corpus_path: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    seed: int = 0,
    cv: int = 5,
    params: dict[str, Any] | None = None,
    with_cv: bool = True,
) -> dict[str, Any]:
    """Fit the classifier on the corpus's nine-class rows, cross-validate it, save model + card."""
    import time

    from indicator_nlp import corpus

    all_rows = corpus.load(corpus_path)
    rows = corpus.training_rows(all_rows)
    if not rows:
        raise ModelError(f"{corpus_path or 'corpus/'}: no labelled rows to train on")
    params = {**DEFAULT_PARAMS, **(params or {}), "random_state": seed}
    items = [(r.name, r.description, r.value) for r in rows]
    y = [r.cls for r in rows]
    groups = [r.group for r in rows]
    weight = np.array([r.weight * np.prod([FLAG_WEIGHT.get(f, 1.0) for f in r.flags]) for r in rows])
    t0 = time.perf_counter()
    model = IndicatorClassifier(**params).fit(items, y, groups=groups, sample_weight=weight)
    fit_seconds = time.perf_counter() - t0
    card: dict[str, Any] = {
        "name": "indicator-classifier",
        "task": "level-2 class of a budget-performance indicator (nine classes; cost is one class)",
        "classes": [str(c) for c in model.classes_],
        "training_data": {
            "corpus": str(Path(corpus_path) if corpus_path else Path("corpus")),
            "sha256": corpus.data_hash(rows),
            "rows": len(rows),
            "documents": len({r.doc for r in rows}),
            "groups": len(set(groups)),
            "label_counts": {
                c: int(n) for c, n in zip(*np.unique(np.asarray(y, dtype=object), return_counts=True))
            },
            "implausible_out_of_fold": int(model.noisy_.sum()),  # down-weighted only when noise_weight < 1
            "down_weighted_implausible": int(model.noisy_.sum()) if model.noise_weight < 1 else 0,
            "down_weighted_by_source_or_flag": int((weight < 1).sum()),
        },
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()},
        "temperature": model.temperature_,
        "features": {
            "name_chars": f"TF-IDF character {model.char_ngram[0]}-{model.char_ngram[1]}-grams of the name",
            "words": f"TF-IDF jieba word {model.word_ngram[0]}-{model.word_ngram[1]}-grams of name + description",
            "value_chars": f"TF-IDF character 1-2-grams of the value (digits folded), weight {model.value_weight}",
            "value": f"value as read (unit kind, operator, qualitative label; indicator_nlp.thresholds), weight {model.dict_weight}",
            "keywords": "keyword hits per class (data/classifier_keywords.json), name endings, the keyword "
            f"baseline's answer; weight {model.keyword_weight}",
            "lexicon": f"typical indicators (data/classifier_lexicon.json) added to training, weight {model.lexicon_weight}",
            "n_features": int(model.model_.coef_.shape[1]),
        },
        "seed": seed,
        "fit_seconds": round(fit_seconds, 1),
    }
    if with_cv:
        layouts = [r.layout for r in rows]
        res = cross_validate(
            items,
            y,
            groups,
            k=cv,
            seed=seed,
            params=params,
            level1_true=[r.level1 for r in rows],
            layouts=layouts,
            sample_weight=weight,
        )
        card["cross_validation"] = {
            "folds": res["folds"],
            "grouped_by": "group (repository for GitHub sources, else document)",
            "model": {k: v for k, v in res["model"].items() if k != "confusion"},
            "baseline": {k: v for k, v in res["baseline"].items() if k != "confusion"},
        }
    out = Path(out) if out else repo_root() / DEFAULT_MODEL
    return save_model(model, out, card)


# --- evaluation on a labelled file, and the confusion-matrix plot ---------------------------------

# English names for the plot when no CJK font is installed (matplotlib would draw empty boxes).
CLASS_EN = {
    "数量指标": "quantity", "质量指标": "quality", "时效指标": "timeliness", "成本指标": "cost",
    "经济效益指标": "economic", "社会效益指标": "social", "生态效益指标": "ecological",
    "可持续影响指标": "sustainability", "服务对象满意度指标": "satisfaction",
}  # fmt: skip


def labelled_items(
    path: str | os.PathLike[str],
) -> tuple[list[dict[str, str]], list[str], list[str | None], list[str | None], int]:
    """(items, classes, level1, layouts, skipped) of a labelled TSV/CSV/JSONL (name, level1, level2)."""
    from indicator_nlp.corpus import OUTSIDE, label_row, read_table

    table = read_table(path, required=("name", "level2"))
    items, y, l1s, layouts, skipped = [], [], [], [], 0
    for row in table:
        l1, _, cls, layout, _ = label_row(row.get("level1", ""), row.get("level2", ""))
        if cls is None or cls == OUTSIDE or not row.get("name"):
            skipped += 1
            continue
        items.append(row)
        y.append(cls)
        l1s.append(l1)
        layouts.append(layout)
    return items, y, l1s, layouts, skipped


def evaluate_file(path: str | os.PathLike[str], model: IndicatorClassifier) -> dict[str, Any]:
    """Figures of the model and of the keyword baseline on a labelled file."""
    from indicator_nlp.baseline import KeywordBaseline

    items, y, l1s, layouts, skipped = labelled_items(path)
    if not items:
        from indicator_nlp.errors import DataError

        raise DataError(f"{path}: no row with a level-2 label of the nine classes")
    pred = model.predict(items)
    return {
        "data": str(path),
        "skipped": skipped,
        "model": scores(y, pred, l1s, layouts),
        "baseline": scores(y, KeywordBaseline().predict(items), l1s, layouts),
        "predictions": [str(p) for p in pred],
    }


def evaluate_corpus(
    corpus_path: str | os.PathLike[str] | None = None, k: int = 5, seed: int = 0
) -> dict[str, Any]:
    """Grouped K-fold figures on the corpus (model with the shipped settings, and the baseline)."""
    from indicator_nlp import corpus

    rows = corpus.training_rows(corpus.load(corpus_path))
    weight = [r.weight * float(np.prod([FLAG_WEIGHT.get(f, 1.0) for f in r.flags])) for r in rows]
    res = cross_validate(
        [(r.name, r.description, r.value) for r in rows],
        [r.cls for r in rows],
        [r.group for r in rows],
        k=k,
        seed=seed,
        params=DEFAULT_PARAMS,
        level1_true=[r.level1 for r in rows],
        layouts=[r.layout for r in rows],
        sample_weight=weight,
    )
    res["data"] = str(corpus_path or "corpus/")
    return res


def plot_confusion(result: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write the model's confusion matrix (rows: true class, columns: predicted) as a PNG."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError as exc:
        from indicator_nlp.errors import MissingDependencyError

        raise MissingDependencyError("matplotlib", extra="plot", purpose="evaluate --plot") from exc
    labels = result["model"]["labels"]
    cjk = [
        f.name
        for f in font_manager.fontManager.ttflist
        if any(k in f.name for k in ("CJK", "Hei", "Song", "WenQuanYi"))
    ]
    if cjk:
        plt.rcParams["font.family"] = cjk[0]
    names = labels if cjk else [CLASS_EN.get(c, c) for c in labels]
    cm = np.asarray(result["model"]["confusion"])
    fig, ax = plt.subplots(figsize=(7.5, 6.5))
    ax.imshow(cm, cmap="Blues")
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            ax.text(
                j,
                i,
                str(cm[i, j]),
                ha="center",
                va="center",
                color="white" if cm[i, j] > cm.max() / 2 else "black",
                fontsize=8,
            )
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    m = result["model"]
    ax.set_title(
        f"level-2 accuracy {m['level2_accuracy']:.3f}, macro-F1 {m['level2_macro_f1']:.3f} (n={m['n']})"
    )
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def suggest(
    text: str, model: IndicatorClassifier | None = None, k: int = 8, layout: str = "2021"
) -> dict[str, Any]:
    """The drafter's view of an indicator text: its category and the closest corpus indicators.

    Returns ``{"prediction": Prediction, "similar": [...], "usual": {...}}`` where ``usual`` gives
    the most frequent units and operators among the similar indicators' target values, and their
    most frequent values within the predicted class.
    """
    from collections import Counter

    model = model or load_model()
    pred = model.predictions([text], top=3, layout=layout)[0]
    similar = model.similar(text, k=k)
    units: Counter[str] = Counter()
    ops: Counter[str] = Counter()
    ext = features._extractor()
    for s in similar:
        l1, l2 = taxonomy.labels_for_class(s["class"], layout)
        s["level1"], s["level2"] = l1, l2
        s["unit"] = s["op"] = None
        if ext and s["value"]:
            found = ext[0](s["value"], name=s["name"])
            if found:
                s["unit"], s["op"] = found[0].unit, found[0].op
                if found[0].unit:
                    units[found[0].unit] += 1
                ops[found[0].op] += 1
    values = Counter(s["value"] for s in similar if s["value"] and s["level2"] == pred.level2)
    return {
        "prediction": pred,
        "similar": similar,
        "usual": {
            "units": [u for u, _ in units.most_common(3)],
            "operators": [o for o, _ in ops.most_common(3)],
            # target values of the similar indicators in the predicted class, most frequent first
            "values": [v for v, _ in values.most_common(3)],
        },
    }
