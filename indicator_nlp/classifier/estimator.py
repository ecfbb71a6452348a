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
from sklearn.utils.validation import check_is_fitted

from indicator_nlp import features, taxonomy
from indicator_nlp.record import Record, as_records
from indicator_nlp.text import strip_template_number
from indicator_nlp.types import Alternative, Prediction

_NOT_FITTED = "IndicatorClassifier is not fitted yet: call fit() or load_model()"


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
    name_shape: bool = True,
    rule_feature: bool = True,
    static_weight: float = 0.0,
) -> Any:
    """The feature union over :class:`~indicator_nlp.record.Record` s (with ``static_weight`` > 0,
    also the name's static word vector, :mod:`indicator_nlp.embeddings`)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    def column(func: Any, **kw_args: Any) -> Any:
        return FunctionTransformer(func, validate=False, kw_args=kw_args or None)

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
        (
            "keywords",
            Pipeline(
                [
                    ("col", column(features.keyword_dicts, name_shape=name_shape, rule_feature=rule_feature)),
                    ("dv", DictVectorizer()),
                ]
            ),
        ),
    ]
    if static_weight > 0:
        from indicator_nlp.embeddings import StaticVectors

        parts.append(("static", Pipeline([("vectors", StaticVectors())])))
    weights = {
        **({"static": static_weight} if static_weight > 0 else {}),
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


MIN_SIMILARITY = 0.3  # below it a name shares little more than a suffix (scripts/eval_suggest.py)


def _knn_texts(records: list[Record]) -> list[str]:
    return [features.normalize_text(features.name_core(r[0])) for r in records]


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
    name_shape : the name's last and first characters as features.
    rule_feature : the keyword baseline's answer as a feature (the model learns when to trust it).
    lexicon_weight : weight of the typical indicators of ``data/classifier_lexicon.json`` added to
        the training data (0 leaves them out).
    sectors_weight : weight of the sector lexicon (``data/classifier_lexicon_sectors.json``: typical
        indicators of 26 sectors with typical target values, written from domain knowledge) added to
        the training data (0 leaves it out).
    definitions_weight : weight of the terms of the class definitions
        (``data/classifier_definitions.json``) added to the training data (0 leaves them out).
    knn_weight, knn_k : the probabilities are a blend ``(1 - knn_weight) · logistic regression +
        knn_weight · nearest neighbours``, where the neighbours are the ``knn_k`` training names
        closest by TF-IDF character 1–3-grams, each voting for its class with weight × similarity²
        (0 disables the blend).
    static_weight : weight of the name's static word vector (:mod:`indicator_nlp.embeddings`,
        distilled from multilingual-e5-small; 0 leaves it out).
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
        definitions_weight: float = 0.0,
        sectors_weight: float = 1.0,
        knn_weight: float = 0.3,
        knn_k: int = 10,
        neighbors: bool = True,
        random_state: int = 0,
        name_shape: bool = True,
        rule_feature: bool = True,
        static_weight: float = 1.0,
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
        self.definitions_weight = definitions_weight
        self.sectors_weight = sectors_weight
        self.knn_weight = knn_weight
        self.knn_k = knn_k
        self.neighbors = neighbors
        self.random_state = random_state
        self.name_shape = name_shape
        self.rule_feature = rule_feature
        self.static_weight = static_weight

    def __setstate__(self, state: dict[str, Any]) -> None:
        # A model saved before a parameter existed was fitted with that parameter's default.
        for key, default in (("name_shape", True), ("rule_feature", True), ("static_weight", 0.0), ("sectors_weight", 0.0)):
            state.setdefault(key, default)
        super().__setstate__(state)

    def _new_lr(self) -> Any:
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)

    def fit(
        self,
        X: Iterable[Any],
        y: Sequence[str],
        groups: Sequence[str] | None = None,
        sample_weight: Any = None,
        reviewed: Sequence[bool] | None = None,
        acceptable: Sequence[Sequence[str]] | None = None,
    ) -> IndicatorClassifier:
        """Fit on items (str, Indicator, mapping with name/description/value) and their classes.

        ``reviewed`` marks rows whose label a person checked (feedback from the web page): they are
        never down-weighted as implausible. A correction is by nature a row the model got wrong, so
        the out-of-fold noise test would otherwise discard exactly the labels users supplied.

        ``acceptable``: per item, every class a reviewer accepts (``y`` first). An item with k
        acceptable classes trains once per class with weight 1/k, so the model is not taught that
        the other acceptable readings are wrong; calibration and noise detection use ``y``.
        """
        records = as_records(X)
        y = np.asarray(list(y), dtype=object)
        if len(records) != len(y):
            raise ValueError(f"X has {len(records)} items but y has {len(y)}")
        if acceptable is not None and len(acceptable) != len(y):
            raise ValueError(f"y has {len(y)} items but acceptable has {len(acceptable)}")
        n = len(y)
        weight = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float).copy()
        self.classes_ = np.array(sorted(set(y)), dtype=object)
        known = set(self.classes_)
        # Rows of the fit: each item once per acceptable class (``owner`` maps a row to its item).
        owner, fit_y, fit_w = [], [], []
        for i in range(n):
            alts = [
                c
                for c in dict.fromkeys([y[i], *(acceptable[i] if acceptable is not None else ())])
                if c in known
            ]
            for c in alts:
                owner.append(i)
                fit_y.append(c)
                fit_w.append(weight[i] / len(alts))
        owner = np.asarray(owner)
        # Prior knowledge (the lexicon of typical indicators, the class definitions) joins every
        # training set and every training fold, never a test fold.
        prior_records, prior_y, prior_w = [], [], []
        for fn, w in (
            (features.lexicon, self.lexicon_weight),
            (features.lexicon_sectors, getattr(self, "sectors_weight", 0.0)),
            (features.definitions, self.definitions_weight),
        ):
            if w > 0:
                recs, ys = fn()
                keep = [k for k, c in enumerate(ys) if c in known]
                prior_records += [recs[k] for k in keep]
                prior_y += [ys[k] for k in keep]
                prior_w += [float(w)] * len(keep)
        all_records = [records[i] for i in owner] + prior_records
        all_y = np.asarray(fit_y + prior_y, dtype=object)
        all_w = np.asarray(fit_w + prior_w, dtype=float)
        all_owner = np.concatenate([owner, np.full(len(prior_y), -1)])
        y_idx = np.searchsorted(self.classes_, y)
        self.vectorizer_ = build_vectorizer(
            self.char_ngram,
            self.word_ngram,
            self.value_weight,
            self.dict_weight,
            self.keyword_weight,
            self.name_shape,
            self.rule_feature,
            self.static_weight,
        )
        M = self.vectorizer_.fit_transform(all_records)
        N = self._fit_knn_space(all_records) if self.knn_weight > 0 else None
        self.temperature_ = 1.0
        self.noisy_ = np.zeros(n, dtype=bool)
        if (self.calibrate or self.noise_weight < 1.0) and self.cv >= 2 and len(self.classes_) > 1:
            splits = grouped_splits(y, groups, self.cv, self.random_state)
            logits = self._oof_logits(M, N, all_y, all_w, all_owner, splits, n)
            t = _fit_temperature(logits, y_idx) if self.calibrate else 1.0
            p_own = _softmax(logits / t)[np.arange(n), y_idx]
            self.noisy_ = p_own < self.noise_below
            if reviewed is not None:
                self.noisy_ &= ~np.asarray(list(reviewed), dtype=bool)
            if self.noise_weight < 1.0 and self.noisy_.any():
                all_w[np.isin(all_owner, np.where(self.noisy_)[0])] *= self.noise_weight
                if self.calibrate:  # the final fit is sharper without those rows: calibrate it as fitted
                    t = _fit_temperature(self._oof_logits(M, N, all_y, all_w, all_owner, splits, n), y_idx)
            self.temperature_ = t
        self.model_ = self._new_lr().fit(M, all_y, sample_weight=all_w)
        self.knn_ = (
            {"matrix": N, "y": np.searchsorted(self.classes_, all_y), "w": all_w} if N is not None else None
        )
        if self.neighbors:  # the corpus rows and the names of the lexicon of typical indicators
            lex_records, lex_y = features.lexicon() if self.lexicon_weight > 0 else ([], [])
            keep = [k for k, c in enumerate(lex_y) if c in known]
            idx_acc = [list(a) for a in acceptable] if acceptable is not None else [[c] for c in y]
            self.index_ = self._build_index(
                # typical names only: the lexicon's values are guesses by form, not usual targets
                records + [(lex_records[k][0], "", "") for k in keep],
                np.concatenate([y, np.asarray([lex_y[k] for k in keep], dtype=object)]),
                idx_acc + [[lex_y[k]] for k in keep],
            )
        else:
            self.index_ = None
        return self

    def _fit_knn_space(self, records: list[Record]) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.knn_vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        return self.knn_vectorizer_.fit_transform(_knn_texts(records))

    def _knn_proba(self, Q: Any, A: Any, a_y: np.ndarray, a_w: np.ndarray) -> np.ndarray:
        """Class probabilities from the ``knn_k`` rows of ``A`` closest to each row of ``Q``."""
        out = np.full((Q.shape[0], len(self.classes_)), 0.01)
        k = min(self.knn_k, A.shape[0])
        for start in range(0, Q.shape[0], 512):
            S = (Q[start : start + 512] @ A.T).toarray()
            nn = np.argpartition(-S, k - 1, axis=1)[:, :k]
            sims = np.take_along_axis(S, nn, axis=1)
            rows = np.repeat(np.arange(S.shape[0]), k) + start
            np.add.at(out, (rows, a_y[nn].ravel()), (a_w[nn] * sims**2).ravel())
        return out / out.sum(axis=1, keepdims=True)

    def _blend(self, z: np.ndarray, pk: np.ndarray | None) -> np.ndarray:
        """Log of the blended probabilities (the LR's logits unchanged without neighbours)."""
        if pk is None:
            return z
        p = (1 - self.knn_weight) * _softmax(z) + self.knn_weight * pk
        return np.log(np.clip(p, 1e-12, None))

    def _oof_logits(
        self,
        M: Any,
        N: Any,
        all_y: np.ndarray,
        all_w: np.ndarray,
        all_owner: np.ndarray,
        splits: list,
        n: int,
    ) -> np.ndarray:
        """Out-of-fold scores of the ``n`` items; the prior rows (owner -1) train in every fold."""
        logits = np.zeros((n, len(self.classes_)))
        for _, test in splits:
            train = ~np.isin(all_owner, test)
            lr = self._new_lr().fit(M[train], all_y[train], sample_weight=all_w[train])
            first = np.array([np.where(all_owner == i)[0][0] for i in test])
            cols = np.searchsorted(self.classes_, lr.classes_)
            z = np.full((len(test), len(self.classes_)), -30.0)
            dec = lr.decision_function(M[first])
            z[:, cols] = dec if dec.ndim == 2 else np.column_stack([-dec, dec])
            pk = None
            if N is not None:
                a_y = np.searchsorted(self.classes_, all_y[train])
                pk = self._knn_proba(N[first], N[train], a_y, all_w[train])
            logits[test] = self._blend(z, pk)
        return logits

    def _build_index(
        self, records: list[Record], y: np.ndarray, acceptable: Sequence[Sequence[str]] | None = None
    ) -> dict[str, Any]:
        """The suggestion index: one entry per distinct name (NFKC, digits folded), with its target
        values, its class (the most frequent) and every class it was accepted under."""
        from collections import Counter

        from sklearn.feature_extraction.text import TfidfVectorizer

        entries: dict[str, dict[str, Any]] = {}
        for i, (r, c) in enumerate(zip(records, y)):
            key = features.normalize_text(features.name_core(r[0]))
            if not key:
                continue
            e = entries.setdefault(
                key, {"names": Counter(), "values": Counter(), "classes": Counter(), "ok": set()}
            )
            e["names"][r[0]] += 1
            if r[2]:
                e["values"][r[2]] += 1
            e["classes"][str(c)] += 1
            e["ok"].update([str(c), *(acceptable[i] if acceptable is not None else ())])
        keys = list(entries)
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        matrix = vec.fit_transform(keys)
        rows = [
            {
                "name": entries[k]["names"].most_common(1)[0][0],
                "values": [v for v, _ in entries[k]["values"].most_common(3)],
                "class": entries[k]["classes"].most_common(1)[0][0],
                "classes": sorted(entries[k]["ok"]),
                "count": sum(entries[k]["names"].values()),
            }
            for k in keys
        ]
        return {"vectorizer": vec, "matrix": matrix, "rows": rows, "version": 2}

    def decision_function(self, X: Iterable[Any]) -> np.ndarray:
        """Scores before calibration: the log of the blended probabilities (the logistic
        regression's logits when there is no neighbour blend)."""
        check_is_fitted(self, "model_", msg=_NOT_FITTED)
        records = as_records(X)
        z = self.model_.decision_function(self.vectorizer_.transform(records))
        if z.ndim == 1:
            z = np.column_stack([-z, z])
        knn = getattr(self, "knn_", None)
        if not knn or not records:
            return z
        Q = self.knn_vectorizer_.transform(_knn_texts(records))
        return self._blend(z, self._knn_proba(Q, knn["matrix"], knn["y"], knn["w"]))

    def predict_proba(self, X: Iterable[Any]) -> np.ndarray:
        """Calibrated class probabilities, columns in the order of ``classes_``."""
        return _softmax(self.decision_function(X) / self.temperature_)

    def predict(self, X: Iterable[Any]) -> np.ndarray:
        check_is_fitted(self, "model_", msg=_NOT_FITTED)
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
        records = as_records(items)
        if not records:
            return []
        proba = self.predict_proba(records)
        out = []
        for rec, p in zip(records, proba, strict=True):
            order = np.argsort(-p, kind="stable")
            alts = []
            for j in order[: max(1, top)]:
                cls = str(self.classes_[j])
                l1, l2 = taxonomy.labels_for_class(cls, layout)
                alts.append(Alternative(cls, l1, l2, round(float(p[j]), 4)))
            best = alts[0]
            conf = float(p[order[0]])
            abstain = abstain_below is not None and conf < abstain_below
            out.append(
                Prediction(
                    name=rec.name,
                    level1=None if abstain else best.level1,
                    level2=None if abstain else best.level2,
                    confidence=round(conf, 4),
                    top=alts,
                    abstained=abstain,
                    cls=None if abstain else best.cls,
                )
            )
        return out

    def similar(
        self, text: str, k: int = 5, cls: str | None = None, min_similarity: float = MIN_SIMILARITY
    ) -> list[dict[str, Any]]:
        """The ``k`` training indicators (one per distinct name) whose names are closest to
        ``text`` (cosine of TF-IDF character 1–3-grams, at least ``min_similarity``), with their
        usual target values; with ``cls``, only those accepted under that class."""
        check_is_fitted(self, "model_", msg=_NOT_FITTED)
        idx = self.index_
        if not idx:
            return []
        q = idx["vectorizer"].transform([features.normalize_text(features.name_core(text))])
        sims = (idx["matrix"] @ q.T).toarray().ravel()
        out = []
        for j in np.argsort(-sims, kind="stable"):
            if sims[j] < min_similarity or len(out) >= k:
                break
            row = idx["rows"][j]
            if idx.get("version") != 2:  # an index of an older model: (name, value, class) tuples
                name, value, c = row
                row = {
                    "name": name,
                    "values": [value] if value else [],
                    "class": str(c),
                    "classes": [str(c)],
                    "count": 1,
                }
            if cls is not None and cls not in row["classes"]:
                continue
            out.append(
                {
                    **row,
                    "name": strip_template_number(row["name"]),
                    "value": row["values"][0] if row["values"] else "",
                    "similarity": round(float(sims[j]), 4),
                }
            )
        return out
