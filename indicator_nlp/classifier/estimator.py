"""The estimator: ``IndicatorClassifier`` and its feature union, folds and calibration.

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
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from indicator_nlp import features, taxonomy
from indicator_nlp.types import Prediction


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

    # Saved models record the class by its public path, so that moving the class between the
    # package's modules never breaks the models already shipped (models/*.joblib).
    __module__ = "indicator_nlp.classifier"

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
