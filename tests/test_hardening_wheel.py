"""A plain install can classify: build the sdist and the wheel from a copy of the checkout, check
both carry the shipped model, install the wheel into a fresh venv and classify from another
folder (the defect: "model file not found" outside the source tree)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "indicator_nlp", "models")
SHIPPED = ("indicator-classifier.joblib", "indicator-classifier.card.json")


def _pip(python: Path | str, *args: str, cwd: Path | None = None) -> None:
    subprocess.run([str(python), "-m", "pip", *args], check=True, cwd=cwd, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(sdist, wheel) built without network (no build isolation) from a copy of the checkout."""
    tmp = tmp_path_factory.mktemp("build")
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy(path, src / name)
    dist = tmp / "dist"
    code = "import sys; from setuptools import build_meta as b; print(b.build_sdist(sys.argv[1]))"
    sdist = subprocess.run(
        [sys.executable, "-c", code, str(dist)],
        cwd=src,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout.split()[-1]
    # The wheel is built from the unpacked sdist: what pip does with an sdist from an index.
    with tarfile.open(dist / sdist) as tf:
        tf.extractall(tmp / "unpacked", filter="data")
    unpacked = next((tmp / "unpacked").iterdir())
    _pip(sys.executable, "wheel", "--no-build-isolation", "--no-deps", "-q", "-w", str(dist), str(unpacked))
    return dist / sdist, next(dist.glob("*.whl"))


def test_sdist_carries_the_model_and_the_build_step(built):
    sdist, _ = built
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    assert {f"models/{n}" for n in SHIPPED} | {"setup.py", "indicator_nlp/data/shipped_model.json"} <= names


def test_wheel_carries_the_model_and_the_pin(built):
    _, wheel = built
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        pin = json.loads(zf.read("indicator_nlp/data/shipped_model.json"))
        card = json.loads(zf.read("indicator_nlp/models/indicator-classifier.card.json"))
    assert {f"indicator_nlp/models/{n}" for n in SHIPPED} <= names
    assert pin["sha256"] == card["sha256"]


def test_plain_install_cannot_classify(built, tmp_path):
    _, wheel = built
    venv = tmp_path / "venv"
    # The venv sees the installed dependencies (--system-site-packages) but gets its own copy of
    # indicator-nlp from the wheel; the check below makes sure that copy is the one that runs.
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300
    )
    python = venv / "bin" / "python"
    _pip(python, "install", "--no-deps", "-q", str(wheel))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("INDICATOR_NLP_MODEL", "PYTHONPATH")}
    where = subprocess.run(
        [str(python), "-c", "import indicator_nlp._shipped as s; print(s.model_path())"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True, timeout=120,
    ).stdout.strip()  # fmt: skip
    assert where.startswith(str(venv)) and where.endswith("indicator_nlp/models/indicator-classifier.joblib")
    done = subprocess.run(
        [str(venv / "bin" / "indicator-nlp"), "classify", "受益群众满意度", "--format", "json"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["level2"] == "服务对象满意度指标"
    # review's rule R09 and draft need the model too.
    shutil.copy(ROOT / "examples" / "seed_002.txt", elsewhere / "filing.txt")
    cli = str(venv / "bin" / "indicator-nlp")
    review = subprocess.run([cli, "review", "filing.txt", "--format", "json"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert review.returncode == 0, review.stderr
    assert "R09-category-mismatch" in {f["rule"] for f in json.loads(review.stdout)}
    draft = subprocess.run([cli, "draft", "受益群众满意度达90%以上", "--format", "json"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, timeout=300)  # fmt: skip
    assert draft.returncode == 0, draft.stderr
    assert [r["level2"] for r in json.loads(draft.stdout) if r["name"]] == ["服务对象满意度指标"]
