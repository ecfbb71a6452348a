"""The static word vectors (indicator_nlp.embeddings): meaning by lookup, tied to the model fitted on them."""

from __future__ import annotations

import numpy as np
import pytest

from indicator_nlp.classifier import IndicatorClassifier
from indicator_nlp.embeddings import StaticVectors, VectorsMismatch, load_vectors, text_vectors
from indicator_nlp.errors import ModelError


def test_vectors_are_unit_length_or_zero() -> None:
    v = text_vectors(["受益群众满意度", "", "%%%", "abc"])
    assert v.shape[0] == 4
    assert np.linalg.norm(v[0]) == pytest.approx(1.0, abs=1e-5)
    assert not v[1].any() and not v[2].any()  # nothing to read: a zero row, not an error


def test_unknown_word_is_read_from_its_characters() -> None:
    index, _, _ = load_vectors()
    word = "苗木成活"  # not a dictionary word, but its characters are
    assert word not in index and all(c in index for c in word)
    v = text_vectors([word])[0]
    assert np.linalg.norm(v) == pytest.approx(1.0, abs=1e-5)


# (anchor, a name meaning the same kind of thing, a name of another class)
PAIRS = [
    ("森林覆盖率", "绿化覆盖面积增加", "培训人次"),
    ("服务对象满意度", "群众满意率", "道路建设里程"),
    ("带动农民增收", "农户人均收入增长", "项目完成时间"),
    ("为政策制定提供理论依据", "为行业发展提供技术支撑", "购置设备数量"),
]


@pytest.mark.parametrize("anchor, near, far", PAIRS)
def test_related_names_are_closer_than_unrelated(anchor: str, near: str, far: str) -> None:
    a, b, c = text_vectors([anchor, near, far])
    assert a @ b > a @ c


def test_model_refuses_other_vectors() -> None:
    sv = StaticVectors().fit([("森林覆盖率", "", "")])
    assert sv.transform([("森林覆盖率", "", "")]).shape == (1, sv.dims_)
    sv.sha256_ = "0" * 64  # as if fitted against another file
    with pytest.raises(VectorsMismatch, match="retrain") as err:
        sv.transform([("森林覆盖率", "", "")])
    assert isinstance(err.value, ModelError)  # the CLI's one-line error, not a traceback


def test_models_saved_before_the_vectors_read_without_them() -> None:
    old = IndicatorClassifier.__new__(IndicatorClassifier)
    state = IndicatorClassifier().__getstate__()
    state.pop("static_weight")
    old.__setstate__(state)
    assert old.static_weight == 0.0
