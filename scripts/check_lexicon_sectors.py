"""Check the sector lexicon of typical indicators and print its counts per class and per sector.

    python scripts/check_lexicon_sectors.py [PATH]

PATH defaults to indicator_nlp/data/classifier_lexicon_sectors.json. Checked:

* schema: an object with ``_source`` (a note of where the content came from, over 40 characters)
  and ``classes``; ``classes`` maps exactly the nine level-2 class names to lists of entries; an
  entry is ``[name, value]`` or ``[name, value, sector]``, all non-empty strings except a value,
  which may be "" where no value is typical;
* no name twice, within or across classes, compared with all whitespace removed;
* no name that classifier_lexicon.json already has (same comparison), so the two lexicons add up;
* every non-empty value reads as at least one threshold with
  ``indicator_nlp.thresholds.extract_thresholds(value, cell=True)``; since in a cell any words read
  as a qualitative threshold, a value with a digit must also read as a number or a date, and no
  value may be a placeholder (XX, **, 某).

Prints one line per problem, then the counts; exits 1 if there was a problem.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicator_nlp.thresholds import extract_thresholds  # noqa: E402

DATA = ROOT / "indicator_nlp" / "data"
DEFAULT = DATA / "classifier_lexicon_sectors.json"
EXISTING = DATA / "classifier_lexicon.json"

# The nine level-2 classes the classifier predicts (all cost labels are written 成本指标).
CLASSES = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)
NO_SECTOR = "(untagged)"
PLACEHOLDER = re.compile(r"[XxＸｘ]{2}|\*\*|某")


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _value_problems(value: str) -> list[str]:
    # In a cell any words read as a qualitative threshold, so two checks more: a value with a
    # digit must read as a number or a date, and placeholders (XX, **, 某) are no value at all.
    thresholds = extract_thresholds(value, cell=True)
    if not thresholds:
        return [f"value {value!r} reads as no threshold"]
    if re.search(r"\d", value) and not any(
        t.value is not None or t.low is not None or t.date for t in thresholds
    ):
        return [f"value {value!r} has a digit but reads as no number or date"]
    if PLACEHOLDER.search(value):
        return [f"value {value!r} is a placeholder"]
    return []


def _existing_names(path: Path) -> set[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {_key(name) for names in data["classes"].values() for name in names}


def check(path: Path, existing: Path = EXISTING) -> tuple[list[str], Counter, Counter, int]:
    """Problems found in the lexicon at ``path``, and its counts per class and per sector, and
    the number of entries with an empty value."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{path}: cannot read: {exc}"], Counter(), Counter(), 0
    problems: list[str] = []
    if not isinstance(data, dict) or set(data) != {"_source", "classes"}:
        keys = sorted(data) if isinstance(data, dict) else type(data).__name__
        return (
            [f"{path}: expected an object with keys _source and classes, got {keys}"],
            Counter(),
            Counter(),
            0,
        )
    source = data["_source"]
    if not isinstance(source, str) or len(source) <= 40:
        problems.append("_source: expected a note of over 40 characters")
    classes = data["classes"]
    if not isinstance(classes, dict):
        return [*problems, "classes: expected an object"], Counter(), Counter(), 0
    missing, extra = set(CLASSES) - set(classes), set(classes) - set(CLASSES)
    if missing or extra:
        problems.append(f"classes: missing {sorted(missing)}, unknown {sorted(extra)}")
    known = _existing_names(existing)
    first_seen: dict[str, str] = {}
    per_class: Counter = Counter()
    per_sector: Counter = Counter()
    empty = 0
    for cls, entries in classes.items():
        if not isinstance(entries, list):
            problems.append(f"{cls}: expected a list of entries")
            continue
        for i, entry in enumerate(entries):
            where = f"{cls}[{i}]"
            if (
                not isinstance(entry, list)
                or len(entry) not in (2, 3)
                or not all(isinstance(x, str) for x in entry)
                or not entry[0].strip()
                or (len(entry) == 3 and not entry[2].strip())
            ):
                problems.append(
                    f"{where}: expected [name, value] or [name, value, sector] of strings, got {entry!r}"
                )
                continue
            name, value = entry[0], entry[1]
            key = _key(name)
            if key in first_seen:
                problems.append(f"{where}: {name!r} repeats {first_seen[key]}")
            else:
                first_seen[key] = where
            if key in known:
                problems.append(f"{where}: {name!r} is already in {existing.name}")
            if not value.strip():
                empty += 1
            else:
                problems.extend(f"{where}: {p} ({name!r})" for p in _value_problems(value))
            per_class[cls] += 1
            per_sector[entry[2] if len(entry) == 3 else NO_SECTOR] += 1
    return problems, per_class, per_sector, empty


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "path", nargs="?", type=Path, default=DEFAULT, help="the lexicon (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    problems, per_class, per_sector, empty = check(args.path)
    for problem in problems:
        print(f"{args.path.name}: {problem}")
    print(f"\n{'class':<12} entries")
    for cls in CLASSES:
        print(f"{cls:<12} {per_class[cls]:>5}")
    print(f"{'total':<12} {sum(per_class.values()):>5}   (empty values: {empty})")
    print(f"\n{'sector':<28} entries")
    for sector, n in sorted(per_sector.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{sector:<28} {n:>5}")
    tagged = [s for s in per_sector if s not in ("general", NO_SECTOR)]
    print(f"{len(tagged)} sectors besides 'general'")
    print(f"\n{'FAILED: ' + str(len(problems)) + ' problem(s)' if problems else 'ok'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
