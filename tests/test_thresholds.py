"""extract_thresholds on the conventions of issue 2 (tests/cases/thresholds/conventions.tsv).

Case tables: one case per line with an id; expectations were written by reading each text, not
generated from the extractor. ``load_cases``/``check`` are shared with test_thresholds_seeds.py.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from indicator_nlp.thresholds import (
    cn_to_number,
    extract_thresholds,
    threshold_kind,
    unit_from_name,
    unit_kind,
)
from indicator_nlp.types import OPERATORS, Threshold

CASES = Path(__file__).parent / "cases" / "thresholds"


def _unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def load_cases(filename: str) -> list:
    """pytest params (text, name, expected) from a case table; strict xfail where a reason is given."""
    params = []
    for line in (CASES / filename).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        cols += [""] * (5 - len(cols))
        case_id, text, name, expected, xfail = cols[:5]
        marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
        params.append(
            pytest.param(_unescape(text), _unescape(name) or None, expected, id=case_id, marks=marks)
        )
    return params


def parse_expected(spec: str) -> list[dict]:
    """'>= 90 %; range 1 2 个 @1-2个' → [{op, value, unit}, {op, low, high, unit, text}]."""
    if spec.strip() == "-":
        return []
    out = []
    for part in spec.split("; "):
        part, _, matched = part.partition(" @")
        words = part.split()
        op = words[0]
        d: dict = {"op": op}
        if op == "range":
            d["low"], d["high"] = float(words[1]), float(words[2])
            d["unit"] = words[3] if len(words) > 3 else None
        elif op == "deadline":
            d["date"] = words[1]
        elif op == "qualitative":
            d["label"] = words[1]
        else:
            d["value"] = float(words[1])
            d["unit"] = words[2] if len(words) > 2 else None
        if matched:
            d["text"] = matched
        out.append(d)
    return out


def check(text: str, name: str | None, expected: str) -> None:
    got = extract_thresholds(text, name=name)
    want = parse_expected(expected)
    shown = [(t.op, t.value, t.low, t.high, t.unit, t.date, t.label, t.text) for t in got]
    assert len(got) == len(want), f"{text!r}: got {shown}"
    for t, w in zip(got, want):
        for key, value in w.items():
            actual = getattr(t, key)
            if isinstance(value, float):
                assert actual is not None and math.isclose(actual, value, rel_tol=1e-9), f"{key}: {shown}"
            else:
                assert actual == value, f"{key}: {shown}"
        assert t.op in OPERATORS
        assert text[t.start : t.end] == t.text


@pytest.mark.parametrize(("text", "name", "expected"), load_cases("conventions.tsv"))
def test_conventions(text: str, name: str | None, expected: str) -> None:
    check(text, name, expected)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("三千", 3000, id="qian"),
        pytest.param("十二", 12, id="shi-er"),
        pytest.param("十", 10, id="shi"),
        pytest.param("两万", 20000, id="liang-wan"),
        pytest.param("一百零五", 105, id="ling"),
        pytest.param("一亿五千万", 150_000_000, id="yi-wan"),
        pytest.param("二〇二四", 2024, id="digit-by-digit"),
        pytest.param("一点五", 1.5, id="decimal"),
        pytest.param("叁佰", 300, id="capital"),
        pytest.param("九十五", 95, id="ninety-five"),
    ],
)
def test_cn_to_number(text: str, value: float) -> None:
    assert cn_to_number(text) == value


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        pytest.param("%", "percent", id="percent"),
        pytest.param("万元", "money", id="wanyuan"),
        pytest.param("元/人/月", "money", id="money-rate"),
        pytest.param("人次", "count", id="renci"),
        pytest.param("人次/年", "count", id="count-rate"),
        pytest.param("个工作日", "duration", id="workdays"),
        pytest.param("小时", "duration", id="hours"),
        pytest.param(None, "none", id="none"),
        pytest.param("", "none", id="empty"),
        pytest.param("棵树", "count", id="unknown-counts"),
    ],
)
def test_unit_kind(unit: str | None, kind: str) -> None:
    assert unit_kind(unit) == kind


@pytest.mark.parametrize(
    ("op", "unit", "kind"),
    [
        pytest.param("deadline", None, "date", id="deadline"),
        pytest.param("qualitative", None, "qualitative", id="qualitative"),
        pytest.param(">=", "%", "percent", id="percent"),
        pytest.param("range", "万元", "money", id="money-range"),
    ],
)
def test_threshold_kind(op: str, unit: str | None, kind: str) -> None:
    assert threshold_kind(Threshold("x", 0, 1, op, unit=unit)) == kind


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        pytest.param("培训人数（人）", "人", id="bracket"),
        pytest.param("项目资金（万元）", "万元", id="bracket-money"),
        pytest.param("参与志愿服务人次", "人次", id="ends-with-unit"),
        pytest.param("受益人数", "人", id="renshu"),
        pytest.param("服务个案数", "个", id="X-shu"),
        pytest.param("服务对象满意度", "%", id="satisfaction"),
        pytest.param("验收合格率", "%", id="rate"),
        pytest.param("项目完成时间", None, id="no-unit"),
        pytest.param(None, None, id="none"),
    ],
)
def test_unit_from_name(name: str | None, unit: str | None) -> None:
    assert unit_from_name(name) == unit


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(None, id="none"),
        pytest.param(123, id="int"),
        pytest.param(b"\xe2\x89\xa590%", id="bytes"),
    ],
)
def test_non_text_gives_empty(bad: object) -> None:
    assert extract_thresholds(bad) == []  # type: ignore[arg-type]


def test_spans_point_into_original_after_normalisation() -> None:
    text = "满意度<br/>$\\geq 90\\%$，成本 1, 430, 400. 00 元"
    got = extract_thresholds(text)
    assert [(t.op, t.value, t.unit) for t in got] == [(">=", 90.0, "%"), ("=", 1430400.0, "元")]
    assert [text[t.start : t.end] for t in got] == ["\\geq 90\\%", "1, 430, 400. 00 元"]


def test_to_dict_field_names() -> None:
    (t,) = extract_thresholds("不少于5万人")
    assert list(t.to_dict()) == [
        "text",
        "start",
        "end",
        "op",
        "value",
        "low",
        "high",
        "unit",
        "date",
        "label",
        "kind",
        "primary",
    ]


# --- the CLI, in-process -------------------------------------------------------------------------


def test_cli_table(capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_nlp.cli import main

    assert main(["thresholds", "不少于5万人", "≥66个388节次"]) == 0
    out = capsys.readouterr().out
    assert "50000" in out and "388" in out and "节次" in out


def test_cli_json_with_name(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from indicator_nlp.cli import main

    assert main(["thresholds", "≥20000", "--name", "参与志愿服务人次", "--format", "json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["text"] == "≥20000"
    assert record["thresholds"][0] == {
        "text": "≥20000", "start": 0, "end": 6, "op": ">=", "value": 20000.0,
        "low": None, "high": None, "unit": "人次", "date": None, "label": None,
        "kind": "count", "primary": True,
    }  # fmt: skip


def test_cli_jsonl_one_object_per_input_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from indicator_nlp.cli import main

    values = tmp_path / "values.txt"
    values.write_text("90%以上\n凝聚和维系团员\n2024年12月前\n", encoding="utf-8")
    assert main(["thresholds", "--input", str(values), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == ["90%以上", "凝聚和维系团员", "2024年12月前"]
    # the inputs are value cells: a text with no number and no date is its own qualitative label
    assert [[t["op"] for t in r["thresholds"]] for r in records] == [[">="], ["qualitative"], ["deadline"]]
    assert records[1]["thresholds"][0]["label"] == "凝聚和维系团员"
    assert records[2]["thresholds"][0]["date"] == "2024-12"


def test_cli_output_file(tmp_path: Path) -> None:
    from indicator_nlp.cli import main

    out = tmp_path / "out" / "t.jsonl"
    assert main(["thresholds", "≤5%", "-f", "jsonl", "-o", str(out)]) == 0
    assert '"op": "<="' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--input", "no/such/values.txt"], "no/such/values.txt: no such file", id="missing-file"
        ),
        pytest.param([], "no text given", id="no-text"),
    ],
)
def test_cli_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_nlp.cli import main

    assert main(["thresholds", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_cli_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_nlp.cli import main

    bad = tmp_path / "gbk.txt"
    bad.write_bytes("不少于5万人".encode("gbk"))
    assert main(["thresholds", "--input", str(bad)]) == 2
    assert "gbk.txt: not UTF-8" in capsys.readouterr().err


def test_cli_help_has_example(capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_nlp.cli import main

    with pytest.raises(SystemExit):
        main(["thresholds", "--help"])
    assert "indicator-nlp thresholds" in capsys.readouterr().out
