"""The review's settings: the thresholds of the rules, validated on construction."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field, fields
from typing import Any

from indicator_nlp.errors import SettingsError
from indicator_nlp.review.registry import RULES, SEVERITIES


@dataclass(frozen=True)
class ReviewSettings:
    """The thresholds of the review rules, validated on construction.

    An unknown key (in :meth:`from_dict`) or a bad value raises :class:`SettingsError` naming the
    key and the allowed values.
    """

    #: R09: flag a row when the posterior probability of its filed category (the filers' habits as
    #: the prior, the classifier as the evidence) is below this; None = the operating point chosen
    #: on the reviewed corpus and stored with the model (docs/rules.md has the curve).
    misfiled_below: float | None = None
    #: R09 with a classifier that has no filers' prior: it must be at least this confident to
    #: contradict the filed category ...
    disagreement_confidence: float = 0.5
    #: ... and give the filed category at most this probability.
    filed_class_max: float = 0.25
    #: R05-satisfaction-form: the usual range of a satisfaction target, in %.
    satisfaction_min: float = 80.0
    satisfaction_max: float = 100.0
    #: R03-percent-over-ceiling: a rate above this % is impossible (growth rates excepted).
    percent_ceiling: float = 100.0
    #: S01: the weights of a self-evaluation add up to this (unless the table states its own total).
    weight_total: float = 100.0
    #: S01: the weight of 预算执行率 when the form scores it outside the indicator rows.
    budget_execution_weight: float = 10.0
    #: S01/S02: tolerated difference between a sum or score and its expected value.
    weight_tolerance: float = 0.5
    score_tolerance: float = 0.5
    #: S02: share of the weight for each qualitative outcome phrase, as (low, high) fractions.
    qualitative_bands: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {"achieved": (0.8, 1.0), "partial": (0.6, 0.8), "missed": (0.0, 0.6)}
    )
    #: Findings below this severity are dropped.
    min_severity: str = "info"
    #: Rule ids not to run.
    disabled: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in (
            "disagreement_confidence",
            "filed_class_max",
            "satisfaction_min",
            "satisfaction_max",
            "percent_ceiling",
            "weight_total",
            "budget_execution_weight",
            "weight_tolerance",
            "score_tolerance",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                raise SettingsError(f"review setting {name!r}: expected a number, got {value!r}")
            if value < 0:
                raise SettingsError(f"review setting {name!r}: must be >= 0, got {value!r}")
        for name in ("disagreement_confidence", "filed_class_max"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise SettingsError(f"review setting {name!r}: must lie in 0..1, got {getattr(self, name)!r}")
        m = self.misfiled_below
        if m is not None and (isinstance(m, bool) or not isinstance(m, int | float) or not 0.0 <= m <= 1.0):
            raise SettingsError(
                f"review setting 'misfiled_below': expected a number in 0..1 or null, got {m!r}"
            )
        if self.satisfaction_min > self.satisfaction_max:
            raise SettingsError(
                "review setting 'satisfaction_min': must not exceed satisfaction_max "
                f"({self.satisfaction_min!r} > {self.satisfaction_max!r})"
            )
        if self.min_severity not in SEVERITIES:
            raise SettingsError(
                f"review setting 'min_severity': {self.min_severity!r} is not one of {', '.join(SEVERITIES)}"
            )
        bands = self.qualitative_bands
        if not isinstance(bands, dict) or set(bands) != {"achieved", "partial", "missed"}:
            raise SettingsError(
                "review setting 'qualitative_bands': expected the keys achieved, partial, missed, "
                f"got {sorted(bands) if isinstance(bands, dict) else bands!r}"
            )
        for key, band in bands.items():
            ok = (
                isinstance(band, list | tuple)
                and len(band) == 2
                and all(isinstance(x, int | float) and not isinstance(x, bool) for x in band)
                and 0 <= band[0] <= band[1] <= 1
            )
            if not ok:
                raise SettingsError(
                    f"review setting 'qualitative_bands.{key}': expected [low, high] with 0 <= low <= high <= 1, got {band!r}"
                )
        object.__setattr__(
            self, "qualitative_bands", {k: (float(v[0]), float(v[1])) for k, v in bands.items()}
        )
        disabled = self.disabled
        if isinstance(disabled, str) or not isinstance(disabled, list | tuple):
            raise SettingsError(f"review setting 'disabled': expected a list of rule ids, got {disabled!r}")
        unknown = [r for r in disabled if r not in RULES]
        if unknown:
            raise SettingsError(
                f"review setting 'disabled': unknown rule id {unknown[0]!r}; allowed: {', '.join(RULES)}"
            )
        object.__setattr__(self, "disabled", tuple(disabled))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewSettings:
        """Build settings from a mapping (e.g. a JSON file); unknown keys are an error."""
        if not isinstance(data, dict):
            raise SettingsError(f"review settings: expected an object of settings, got {type(data).__name__}")
        allowed = [f.name for f in fields(cls)]
        for key in data:
            if key not in allowed:
                raise SettingsError(f"review setting {key!r} is unknown; allowed: {', '.join(allowed)}")
        return cls(**data)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> ReviewSettings:
        """Read settings from a JSON file."""
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise SettingsError(f"{path}: cannot read review settings ({exc})") from exc
        return cls.from_dict(data)
