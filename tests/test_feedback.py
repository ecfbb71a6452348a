"""The feedback store (indicator_nlp.feedback), `corpus from-feedback`, and the whole loop:
feedback -> training rows -> `train --corpus` -> the corrected class is predicted."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from indicator_nlp import corpus, feedback
from indicator_nlp.cli import main
from indicator_nlp.errors import FeedbackError
from indicator_nlp.feedback import FeedbackStore, training_rows

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "data" / "classifier" / "small.tsv"


@pytest.fixture
def store(tmp_path):
    s = FeedbackStore(tmp_path / "feedback.sqlite3")
    yield s
    s.close()


# --- validation: (id, record, stored level1, level2, layout) ------------------------------------

VALID = [
    ("plain-level2", {"name": "培训人次", "level2": "数量指标"}, "产出指标", "数量指标", None),
    ("alias-as-filed", {"name": "完成时间", "level2": "进度指标"}, "产出指标", "时效指标", None),
    ("level1-given", {"name": "满意度", "level1": "满意度指标", "level2": "服务对象满意度"}, "满意度指标", "服务对象满意度指标", None),
    ("cost-2021", {"name": "人均成本", "level1": "成本指标", "level2": "成本指标"}, "成本指标", "经济成本指标", "2021"),
    ("cost-legacy", {"name": "人均成本", "level1": "产出指标", "level2": "成本指标"}, "产出指标", "成本指标", "legacy"),
    ("cost-social", {"name": "对居民的影响", "level2": "社会成本指标"}, "成本指标", "社会成本指标", "2021"),
    ("spaces-collapsed", {"name": "  培训\n人次 ", "level2": "数量"}, "产出指标", "数量指标", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("record", "level1", "level2", "layout"), [c[1:] for c in VALID], ids=[c[0] for c in VALID]
)
def test_add_stores_canonical_labels(store, record, level1, level2, layout):
    saved = store.add(record)
    assert (saved["level1"], saved["level2"], saved["layout"]) == (level1, level2, layout)
    assert saved["id"] >= 1 and saved["created"].endswith("+00:00")
    assert store.all()[-1] == saved


INVALID = [
    ("name-missing", {"level2": "数量指标"}, "name: required"),
    ("name-empty", {"name": "  ", "level2": "数量指标"}, "name: required"),
    ("name-not-string", {"name": 3, "level2": "数量指标"}, "name: expected a string"),
    ("name-too-long", {"name": "长" * 501, "level2": "数量指标"}, "name: longer than 500"),
    ("level2-missing", {"name": "培训人次"}, "level2: required"),
    ("level2-unknown", {"name": "培训人次", "level2": "成效指标"}, "level2: '成效指标' is not a level-2"),
    ("level2-is-level1", {"name": "培训人次", "level2": "产出指标"}, "level2: '产出指标' is not a level-2"),
    ("level2-outside", {"name": "预算执行率", "level2": "预算管理"}, "level2: '预算管理' is not a level-2"),
    ("level1-wrong-parent", {"name": "培训人次", "level1": "效益指标", "level2": "数量指标"}, "level1: '效益指标' is not the level 1 of 数量指标"),
    ("suggested-bad-type", {"name": "培训人次", "level2": "数量指标", "suggested": [1]}, "suggested: expected an object"),
]  # fmt: skip


@pytest.mark.parametrize(("record", "message"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_add_refuses_bad_records(store, record, message):
    with pytest.raises(FeedbackError, match=message.replace("(", r"\(")):
        store.add(record)
    assert store.count() == 0


# --- schema and migrations ------------------------------------------------------------------


def test_new_database_is_wal_with_schema_version(store):
    assert store.version() == feedback.SCHEMA_VERSION
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(feedback.SCHEMA_VERSION,)]


def test_migrations_run_in_order_and_keep_rows(tmp_path, monkeypatch):
    path = tmp_path / "f.sqlite3"
    with FeedbackStore(path) as s:
        s.add({"name": "培训人次", "level2": "数量指标"})
    step = ("ALTER TABLE feedback ADD COLUMN note TEXT", "UPDATE feedback SET note = 'migrated'")
    monkeypatch.setattr(feedback, "MIGRATIONS", (*feedback.MIGRATIONS, step))
    monkeypatch.setattr(feedback, "SCHEMA_VERSION", len(feedback.MIGRATIONS))
    with FeedbackStore(path) as s:
        assert s.version() == feedback.SCHEMA_VERSION
        assert s.count() == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name, note FROM feedback").fetchall() == [("培训人次", "migrated")]


def test_database_of_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "f.sqlite3"
    FeedbackStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (feedback.SCHEMA_VERSION + 1,))
    with pytest.raises(FeedbackError, match="newer indicator-nlp"):
        FeedbackStore(path)


def test_empty_sqlite_file_is_migrated(tmp_path):
    path = tmp_path / "f.sqlite3"
    sqlite3.connect(path).close()  # a database file with no tables: version 0
    with FeedbackStore(path) as s:
        assert s.version() == feedback.SCHEMA_VERSION and s.count() == 0


BAD_FILES = [
    ("not-a-database", "README.md", {}, "not a usable feedback database"),
    ("missing-readonly", "nope.sqlite3", {"readonly": True}, "no such feedback database"),
    ("missing-no-create", "nope.sqlite3", {"create": False}, "no such feedback database"),
    ("folder", ".", {}, "is a folder"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kwargs", "message"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_unusable_database_files(tmp_path, name, kwargs, message):
    path = tmp_path / name
    if name == "README.md":
        path.write_text("# not sqlite\n" * 100, encoding="utf-8")
    with pytest.raises(FeedbackError, match=message):
        FeedbackStore(path, **kwargs)


def test_default_path_is_in_the_user_data_directory(monkeypatch, tmp_path):
    pytest.importorskip("platformdirs")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    path = feedback.default_db_path()
    assert path.name == "feedback.sqlite3" and "indicator-nlp" in path.parts


# --- concurrency: every write survives --------------------------------------------------------


def _write_many(path: str, worker: int, n: int) -> None:
    with FeedbackStore(path) as s:
        for i in range(n):
            s.add({"name": f"指标{worker}-{i}", "level2": "数量指标", "source": f"w{worker}"})


def test_concurrent_writers_lose_nothing(tmp_path):
    path = str(tmp_path / "f.sqlite3")
    FeedbackStore(path).close()
    shared = FeedbackStore(path)
    threads = [
        threading.Thread(
            target=lambda w=w: [shared.add({"name": f"t{w}-{i}", "level2": "质量指标"}) for i in range(40)]
        )
        for w in range(4)
    ]
    procs = [
        multiprocessing.get_context("spawn").Process(target=_write_many, args=(path, w, 40)) for w in range(2)
    ]
    for x in [*threads, *procs]:
        x.start()
    for x in [*threads, *procs]:
        x.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    names = [r["name"] for r in shared.all()]
    assert len(names) == len(set(names)) == 4 * 40 + 2 * 40
    shared.close()


# --- training rows ----------------------------------------------------------------------------


def test_training_rows_latest_answer_wins_one_document_per_source(store):
    store.add(
        {"name": "驿站建设完成时间", "value": "2024年12月前", "level2": "经济成本指标", "source": "a.pdf"}
    )
    store.add({"name": "驿站建设完成时间", "value": "2024年12月前", "level2": "时效指标", "source": "a.pdf",
               "suggested": {"level1": "成本指标", "level2": "经济成本指标", "confidence": 0.4}})  # fmt: skip
    store.add(
        {
            "name": "培训人次",
            "value": "≥100人次",
            "level2": "数量指标",
            "source": "b.pdf",
            "suggested": {"level2": "数量指标"},
        }
    )
    store.add({"name": "培训人次", "value": "≥100人次", "level2": "数量指标", "source": "起草 2024"})
    rows = training_rows(store)
    got = [(r.name, r.cls, r.doc, r.group, r.origin, r.flags) for r in rows]
    assert got == [
        (
            "驿站建设完成时间",
            "时效指标",
            "feedback/a.pdf",
            "feedback/a.pdf",
            "feedback",
            ["reviewed", "corrected"],
        ),
        ("培训人次", "数量指标", "feedback/b.pdf", "feedback/b.pdf", "feedback", ["reviewed", "accepted"]),
        ("培训人次", "数量指标", "feedback/起草 2024", "feedback/起草 2024", "feedback", ["reviewed"]),
    ]
    assert all(r.trainable for r in rows)


def test_corpus_from_feedback_writes_rows_the_trainer_reads(store, tmp_path, capsys):
    store.add(
        {"name": "人均成本", "value": "≤30元", "level1": "成本指标", "level2": "成本指标", "source": "x"}
    )
    out = tmp_path / "rows.jsonl"
    assert main(["corpus", "from-feedback", str(store.path), "-o", str(out)]) == 0
    assert "1 reviewed rows (0 corrected) from 1 sources" in capsys.readouterr().err
    (row,) = corpus.load(out)
    assert (row.name, row.level1, row.level2, row.cls, row.layout) == (
        "人均成本",
        "成本指标",
        "经济成本指标",
        "成本指标",
        "2021",
    )


CLI_ERRORS = [
    ("no-database", [], 2, "give one feedback database"),
    ("two-databases", ["a", "b"], 2, "give one feedback database"),
    ("missing", ["{tmp}/none.sqlite3"], 1, "none.sqlite3: no such feedback database"),
    ("not-sqlite", ["{root}/README.md"], 1, "README.md: not a usable feedback database"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"), [c[1:] for c in CLI_ERRORS], ids=[c[0] for c in CLI_ERRORS]
)
def test_corpus_from_feedback_errors(tmp_path, capsys, args, code, message):
    argv = [a.format(tmp=tmp_path, root=ROOT) for a in args]
    assert main(["corpus", "from-feedback", *argv]) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "none.sqlite3").exists()  # a read never creates a database


# --- the whole loop ---------------------------------------------------------------------------

# A correction that goes against what the classifier believes: a count of stays at a youth
# talent station is, for this reviewer, a social effect (the station's reach), not a 数量 output.
CORRECTED = {
    "name": "青年人才驿站入住人次",
    "value": "≥5000人次",
    "level1": "效益指标",
    "level2": "社会效益指标",
}


def test_feedback_trains_a_model_that_predicts_the_correction(tmp_path, capsys):
    """feedback -> `corpus from-feedback` -> `train --corpus` -> the corrected class comes back.

    The out-of-fold noise filter of the trainer would down-weight a correction (the model
    disagrees with it by definition); reviewed rows are exempt, which this test relies on.
    """
    import indicator_nlp as nlp

    item = {"name": CORRECTED["name"], "value": CORRECTED["value"]}
    before = nlp.classify([item])[0]
    assert before.level2 != CORRECTED["level2"]  # the correction goes against the model
    with FeedbackStore(tmp_path / "feedback.sqlite3") as store:
        store.add(
            {
                **CORRECTED,
                "source": "seed_x.pdf",
                "suggested": {"level1": before.level1, "level2": before.level2},
            }
        )
        db = store.path
    rows = tmp_path / "feedback.jsonl"
    assert main(["corpus", "from-feedback", str(db), "-o", str(rows), "--quiet"]) == 0
    small = corpus.read_tsv(SMALL, "small.tsv")  # 30 labelled rows over four documents
    training = tmp_path / "training.jsonl"
    training.write_text(
        "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in small) + rows.read_text("utf-8"),
        encoding="utf-8",
    )
    model_path = tmp_path / "model.joblib"
    assert main(["train", "--corpus", str(training), "--out", str(model_path), "--no-cv"]) == 0
    card = json.loads(model_path.with_suffix(".card.json").read_text("utf-8"))
    assert card["training_data"]["documents"] == 5 and card["training_data"]["down_weighted_implausible"] == 0
    after = nlp.classify([item], model=nlp.load_model(model_path))[0]
    assert (after.level1, after.level2) == (CORRECTED["level1"], CORRECTED["level2"])
    capsys.readouterr()
