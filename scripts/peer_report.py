"""Pass rate of extract_thresholds on each peer test file (../shared/peers), from the test run itself.

Runs tests/test_peers.py with a JUnit XML report and counts, per peer file: passed / applicable
(applicable = passed + strict xfail + failed) and skipped (out of scope, with the reasons).

    python scripts/peer_report.py            # Markdown table
    python scripts/peer_report.py --reasons  # also the skip and xfail reasons per file
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Test-id prefix → the peer file it comes from (keep in sync with tests/test_peers.py).
FILES = [
    ("rt-number-", "recognizers-text/Number/Chinese/NumberModel.json"),
    ("rt-percent-", "recognizers-text/Number/Chinese/PercentModel.json"),
    ("rt-range-exp-", "recognizers-text/Number/Chinese/NumberRangeModelExperimentalMode.json"),
    ("rt-range-", "recognizers-text/Number/Chinese/NumberRangeModel.json"),
    ("rt-currency-", "recognizers-text/NumberWithUnit/Chinese/CurrencyModel.json"),
    ("cn2an-transform-", "cn2an/transform_test.json"),
    ("cn2an-", "cn2an/cn2an_test.json"),
    ("an2cn-", "cn2an/an2cn_test.json"),
    ("jionlp-money-parser-", "jionlp/test_money_parser.json"),
    ("jionlp-money-extractor-", "jionlp/test_money_extractor.json"),
    ("wetext-cardinal-", "wetextprocessing/itn/chinese/test/data/cardinal.txt"),
    ("wetext-number-", "wetextprocessing/itn/chinese/test/data/number.txt"),
    ("wetext-measure-", "wetextprocessing/itn/chinese/test/data/measure.txt"),
    ("wetext-money-", "wetextprocessing/itn/chinese/test/data/money.txt"),
    ("wetext-fraction-", "wetextprocessing/itn/chinese/test/data/fraction.txt"),
]


def peer_file(case_id: str) -> str:
    for prefix, name in FILES:
        if case_id.startswith(prefix):
            return name
    return "other"


def run() -> ET.Element:
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "peers.xml"
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "tests/test_peers.py",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={xml}",
        ]
        subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        if not xml.exists():
            sys.exit("peer_report: pytest produced no report (is ../shared/peers present?)")
        return ET.parse(xml).getroot()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reasons", action="store_true", help="list skip and xfail reasons per file")
    args = parser.parse_args(argv)
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    reasons: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for case in run().iter("testcase"):
        m = re.match(r"test_peer\[(.+)\]$", case.get("name", ""))
        if not m:
            continue
        name = peer_file(m.group(1))
        skipped = case.find("skipped")
        if case.find("failure") is not None or case.find("error") is not None:
            counts[name]["failed"] += 1
        elif skipped is not None and skipped.get("type") == "pytest.xfail":
            counts[name]["xfail"] += 1
            reasons[name]["xfail: " + (skipped.get("message") or "")] += 1
        elif skipped is not None:
            counts[name]["skipped"] += 1
            reasons[name]["skip: " + re.sub(r"^Skipped: ", "", skipped.get("message") or "")] += 1
        else:
            counts[name]["passed"] += 1
    print("| peer file | passed / applicable | pass rate | xfail | failed | skipped (out of scope) |")
    print("|---|---|---|---|---|---|")
    total: collections.Counter[str] = collections.Counter()
    for _, name in FILES:
        c = counts.get(name, collections.Counter())
        total.update(c)
        applicable = c["passed"] + c["xfail"] + c["failed"]
        rate = f"{100 * c['passed'] / applicable:.0f}%" if applicable else "–"
        print(
            f"| {name} | {c['passed']} / {applicable} | {rate} | {c['xfail']} | {c['failed']} | {c['skipped']} |"
        )
    applicable = total["passed"] + total["xfail"] + total["failed"]
    print(
        f"| **all** | {total['passed']} / {applicable} | {100 * total['passed'] / max(applicable, 1):.0f}% "
        f"| {total['xfail']} | {total['failed']} | {total['skipped']} |"
    )
    if args.reasons:
        for _, name in FILES:
            if reasons.get(name):
                print(f"\n{name}")
                for reason, n in reasons[name].most_common():
                    print(f"  {n:4d}  {reason}")
    return 1 if total["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
