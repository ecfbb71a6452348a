"""Integrity of the data files of indicator_nlp/data/: every file has a source note and a check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import indicator_nlp
from indicator_nlp.thresholds import DATA_FILE, lexicon, patterns
from indicator_nlp.types import OPERATORS

DATA = Path(indicator_nlp.__file__).parent / "data"
RAW = json.loads(DATA_FILE.read_text(encoding="utf-8"))
UNIT_KINDS = {
    "percent", "money", "count", "duration", "length", "area", "volume", "mass", "data", "rate",
    "power", "voltage", "energy", "temperature", "sound",
}  # fmt: skip


def _word_lists() -> list:
    """Every list of words in thresholds.json, with its path as the id."""
    out = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, list):
            out.append(pytest.param(node, id=path))
        elif isinstance(node, dict):
            for k, v in node.items():
                if not k.startswith("_"):
                    walk(v, f"{path}.{k}" if path else k)

    walk(RAW, "")
    return out


def test_source_note() -> None:
    assert len(RAW["_source"]) > 40


@pytest.mark.parametrize("words", _word_lists())
def test_lists_have_no_duplicates_or_blanks(words: list) -> None:
    assert len(words) == len(set(words))
    assert all(isinstance(w, str) and w and w == w.strip() for w in words)


@pytest.mark.parametrize("section", ["prefix_operators", "suffix_operators"])
def test_operator_words_map_to_known_operators_once(section: str) -> None:
    seen: dict[str, str] = {}
    for op, words in RAW[section].items():
        if op.startswith("_"):
            continue
        assert op in OPERATORS
        for w in words:
            assert w not in seen, f"{w} is both {seen[w]} and {op}"
            seen[w] = op


def test_unit_kinds_known_and_units_unique() -> None:
    seen: dict[str, str] = {}
    for kind, units in RAW["units"].items():
        if kind.startswith("_"):
            continue
        assert kind in UNIT_KINDS
        for u in units:
            assert u not in seen, f"{u} is both {seen[u]} and {kind}"
            seen[u] = kind


def test_unit_from_name_gives_known_units() -> None:
    kinds = lexicon().unit_kinds
    for suffix, unit in lexicon().unit_from_name.items():
        assert unit in kinds or unit == "批次", f"{suffix} → {unit}"


def test_labels_are_not_units_or_operators() -> None:
    lx = lexicon()
    for label in lx.labels:
        assert label not in lx.unit_kinds
        if label not in ("完成", "达成"):  # both a label alone and "=" before a number (完成4个)
            assert label not in lx.prefix_ops and label not in lx.suffix_ops


def test_multipliers_are_powers_of_ten() -> None:
    for word, value in RAW["multipliers"].items():
        assert value > 1 and str(int(value)).rstrip("0") == "1", word


def test_patterns_compile() -> None:
    values, qualitative = patterns()
    assert isinstance(values, re.Pattern) and isinstance(qualitative, re.Pattern)
    assert values.groupindex.keys() >= {"deadline", "value", "pre", "suf", "num1", "unit1", "num2"}


def test_userdict_format() -> None:
    lines = (DATA / "userdict.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and any("Source" in line for line in lines if line.startswith("#"))
    words = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        assert 1 <= len(parts) <= 3, line
        if len(parts) > 1:
            assert parts[1].isdigit(), line
        words.append(parts[0])
    assert len(words) == len(set(words))


def test_weak_and_gap_operators_are_prefix_operators() -> None:
    lx = lexicon()
    assert lx.weak_prefixes <= set(lx.prefix_ops)
    assert set(lx.gap_ops) <= set(lx.prefix_ops)


def test_numeral_terms_file() -> None:
    """data/numeral_terms.tsv: a source note, known kinds and sources, no duplicates, a numeral in every word."""
    from indicator_nlp.thresholds import CN_BIG, CN_DIGITS, CN_SMALL, TERMS_FILE

    lines = TERMS_FILE.read_text(encoding="utf-8").splitlines()
    assert any("cpca" in line for line in lines if line.startswith("#"))  # the source note
    terms = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert all(len(cols) == 3 for cols in terms)
    assert all(kind in ("place", "phrase") and source in ("cpca", "hand") for _, kind, source in terms)
    words = [w for w, _, _ in terms]
    assert len(words) == len(set(words))
    numerals = set(CN_DIGITS + CN_SMALL + CN_BIG) | {"双"}
    assert all(numerals & set(w) and len(w) >= 2 for w in words)
    assert lexicon().terms | set(lexicon().strict_terms) == set(words)


def test_measure_words() -> None:
    """measure_words: single characters; a head that is also a listed unit is a count (岁, an age, aside)."""
    mw = RAW["measure_words"]
    assert all(len(c) == 1 for c in mw["heads"] + mw["tails"])
    kinds = lexicon().unit_kinds
    assert all(kinds.get(c, "count") == "count" for c in mw["heads"] if c != "岁")


# --- every data file: a source note and a check --------------------------------------------------
# A new file in indicator_nlp/data/ fails test_every_data_file_has_a_check until a check is added
# here: no data file goes unchecked.


def _json(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _strings(words: object) -> list[str]:
    assert isinstance(words, list), words
    assert all(isinstance(w, str) and w and w == w.strip() for w in words), words
    assert len(words) == len(set(words)), sorted(w for w in words if words.count(w) > 1)
    return words


def _check_corpus_sources(d: dict) -> None:
    for entry in d["exclude"] + d["weights"] + d["same_filing"]:
        assert entry.get("reason"), entry  # every decision about a source says why
        re.compile(entry.get("pattern") or entry["source"])
    assert all(0 < e["weight"] <= 1 for e in d["weights"])


def _check_classifier_keywords(d: dict) -> None:
    from indicator_nlp.taxonomy import classes

    assert set(d["classes"]) <= set(classes())
    for words in d["classes"].values():
        _strings(words)


def _check_classifier_lexicon(d: dict) -> None:
    from indicator_nlp.taxonomy import classes

    assert set(d["classes"]) == set(classes())
    names = [n for ns in d["classes"].values() for n in _strings(ns)]
    assert len(names) == len(set(names))  # one typical indicator, one class
    assert all(len(pair) == 2 and all(pair) for pair in d["typical_values"])
    _strings([end for end, _ in d["typical_values"]])


def _check_classifier_definitions(d: dict) -> None:
    from indicator_nlp.taxonomy import classes

    assert set(d["classes"]) == set(classes())
    for terms in d["classes"].values():
        _strings(terms)


def _check_draft_verbs(d: dict) -> None:
    for key, entry in d.items():
        if not key.startswith("_"):
            assert len(entry["_source"]) > 20, key
            _strings(entry["words"])


def _check_keywords_baseline(d: dict) -> None:
    from indicator_nlp.taxonomy import classes

    for cls, words in d["rules"] + d["value_rules"]:
        assert cls in classes(), cls
        assert isinstance(words, list)
    assert d["default"] in classes()


def _check_review_words(d: dict) -> None:
    for key, entry in d.items():
        if key.startswith("_"):
            continue
        assert len(entry["_source"]) > 20, key
        if "patterns" in entry:
            for p in _strings(entry["patterns"]):
                re.compile(p)
        elif "phrases" in entry:
            assert set(entry["phrases"].values()) <= {"achieved", "partial", "missed"}
        else:
            _strings(entry["words"])


def _check_taxonomy(d: dict) -> None:
    from indicator_nlp import taxonomy

    assert list(d["classes"]) == list(taxonomy.classes())
    for label, parents in d["level2"].items():
        assert set(parents) == {"legacy", "2021"}, label
        assert set(parents.values()) <= set(d["level1"]), label
    for level, aliases in d["aliases"].items():
        assert level in ("level1", "level2")
        known = set(d["level1"]) if level == "level1" else set(d["level2"])
        assert set(aliases.values()) <= known | set(d["outside"].get(level, {}).values()), level


def _check_thresholds(d: dict) -> None:
    values, qualitative = patterns()  # the lexicon builds and its patterns compile
    assert isinstance(values, re.Pattern) and isinstance(qualitative, re.Pattern)
    assert set(lexicon().unit_kinds.values()) <= UNIT_KINDS


def _check_shipped_model(d: dict) -> None:
    from indicator_nlp._shipped import model_path
    from indicator_nlp.classifier.model import card_path, sha256_file

    assert d["file"] == model_path().name
    assert d["sha256"] == sha256_file(model_path()) == json.loads(card_path(model_path()).read_text("utf-8"))["sha256"]


def _check_static_vectors(d: dict) -> None:
    """The distilled word vectors (scripts/distill_vectors.py): one row per distinct word, finite,
    centred, and the shipped model fitted against exactly this file."""
    import numpy as np

    from indicator_nlp.classifier import load_model
    from indicator_nlp.embeddings import load_vectors, text_vectors

    vocab, vecs = d["vocab"].tolist(), d["vectors"]
    assert vecs.dtype == np.float16 and vecs.shape == (len(vocab), vecs.shape[1]) and vecs.shape[1] >= 32
    assert len(set(vocab)) == len(vocab) and all(w and w == w.strip() for w in vocab)
    assert np.isfinite(vecs.astype(np.float32)).all()
    assert np.abs(vecs.astype(np.float32).mean(axis=0)).max() < 0.05  # centred before PCA
    # every Chinese character of the vocabulary is itself a word (an unknown word falls back to them)
    chars = {c for w in vocab for c in w if "\u4e00" <= c <= "\u9fff"}
    assert chars <= set(vocab)
    static = dict(load_model().vectorizer_.transformer_list)["static"].steps[-1][1]
    assert static.sha256_ == load_vectors()[2]
    assert text_vectors(["满意度"]).any()


def _check_classifier_lexicon_sectors(d: dict) -> None:
    """scripts/check_lexicon_sectors.py's checks (schema, nine classes, no repeats across the two
    lexicons, every value read by the extractor), and the classifier reads every entry."""
    import importlib.util

    from indicator_nlp import features

    path = Path(__file__).resolve().parents[1] / "scripts" / "check_lexicon_sectors.py"
    spec = importlib.util.spec_from_file_location("check_lexicon_sectors", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    problems, per_class, _, _ = mod.check(DATA / "classifier_lexicon_sectors.json")
    assert not problems, problems[:5]
    records, classes = features.lexicon_sectors()
    assert len(records) == sum(len(v) for v in d["classes"].values()) == sum(per_class.values())
    assert set(classes) == set(d["classes"])


CHECKS = {
    "classifier_corpus_sources.json": _check_corpus_sources,
    "classifier_definitions.json": _check_classifier_definitions,
    "classifier_keywords.json": _check_classifier_keywords,
    "classifier_lexicon.json": _check_classifier_lexicon,
    "classifier_lexicon_sectors.json": _check_classifier_lexicon_sectors,
    "draft_verbs.json": _check_draft_verbs,
    "keywords_baseline.json": _check_keywords_baseline,
    "review_words.json": _check_review_words,
    "shipped_model.json": _check_shipped_model,
    "static_vectors.npz": _check_static_vectors,
    "taxonomy.json": _check_taxonomy,
    "thresholds.json": _check_thresholds,
    "numeral_terms.tsv": lambda: test_numeral_terms_file(),
    "userdict.txt": lambda: test_userdict_format(),
}
DATA_FILES = sorted(p.name for p in DATA.iterdir() if p.is_file() and not p.name.startswith("."))


def test_every_data_file_has_a_check() -> None:
    assert DATA_FILES == sorted(CHECKS)


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_has_a_source_note_and_passes_its_check(name: str) -> None:
    if name.endswith(".npz"):
        import numpy as np

        with np.load(DATA / name, allow_pickle=False) as f:
            data = {k: f[k] for k in f.files}
        assert "source" in str(data["_source"]).lower() and len(str(data["_source"])) > 40, name
        CHECKS[name](data)
    elif name.endswith(".json"):
        data = _json(name)
        assert len(data["_source"]) > 40, f"{name}: no source note (_source)"
        CHECKS[name](data)
    else:
        notes = [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
        assert any("source" in ln.lower() for ln in notes), f"{name}: no '# Source:' note"
        CHECKS[name]()
