"""(Re)generate the web page's hostile-input fixture: ``tests/fixtures/web/hostile.xlsx``.

    python scripts/make_web_fixtures.py

A project filing (rendered by ``scripts/make_fixtures.py``'s XLSX renderer, so it is a real
workbook with merged label cells) whose cells a careless page or spreadsheet export would run:
markup in indicator names (``<img onerror>``, ``<script>``) and values that start like a formula
(``+``, ``-``, ``@``; a value starting with ``=`` would be stored as a formula by the renderer,
so ``=`` is covered by the export tests). ``tests/test_web_browser.py`` checks that the page shows them as
text and ``tests/test_web_api.py`` that the XLSX/CSV export neutralises them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "web" / "hostile.xlsx"

# Keep in sync with tests/test_web_*.py (they read these names back from the page and the export).
IMG = '<img src=x onerror="document.body.dataset.xss=1">图片指标数量'
SCRIPT = "<script>document.body.dataset.xss=2</script>脚本指标数量"


def _make_fixtures():
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_fixtures", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def hostile_spec(mf):
    return mf.FilingSpec(
        title="2024年项目支出绩效目标表",
        meta=[("部门名称", "示例单位"), ("项目名称", "示例项目")],
        goals=["总体绩效目标：本表为测试用示例，内容为虚构。"],
        projects=[
            mf.ProjectSpec(
                meta=[("项目名称", "示例项目"), ("项目编码", "WEB-2024-001")],
                table=mf.TableSpec(
                    header=["一级指标", "二级指标", "三级指标", "指标值"],
                    rows=[
                        ["产出指标", "数量指标", IMG, "≥10个"],
                        ["产出指标", "数量指标", SCRIPT, "≥20场"],
                        ["产出指标", "质量指标", "加号指标合格率", "+95%"],
                        ["产出指标", "时效指标", "减号指标完成时间", "-2024年12月前"],
                        ["效益指标", "社会效益指标", "@SUM(A1:A2)", "≥80%"],
                        ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"],
                    ],
                ),
            )
        ],
    )


def main() -> int:
    mf = _make_fixtures()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    mf.render_xlsx(hostile_spec(mf), OUT)
    print(OUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
