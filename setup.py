"""Build step of the wheel: the shipped model and its card travel in it as indicator_nlp/models/.

Their home stays the top-level models/ (training writes there); everything else about the
package is in pyproject.toml. indicator_nlp._shipped finds the copy with importlib.resources.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("indicator-classifier.joblib", "indicator-classifier.card.json")  # = indicator_nlp/_shipped.py


class BuildPyWithModel(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads models/ of the checkout
        dest = Path(self.build_lib, "indicator_nlp", "models")
        self.mkpath(str(dest))
        for name in SHIPPED:
            self.copy_file(str(Path("models", name)), str(dest / name))


setup(cmdclass={"build_py": BuildPyWithModel})
