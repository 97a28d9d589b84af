"""Cell Q data as the station reads it: the sample queue and the results an instrument
publishes, judged against the release specifications.

The instrument publishes its queue and its recent results as JSON text tags; they are
validated here, at the boundary, so a screen gets typed samples or a sentence saying the
data is unreadable, never a half-parsed list. A result is judged against the release
specification of the batch it belongs to (its recipe), else against the station's
released recipes; the instrument's own "failed" always stands.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from app.batch.recipe import QcSpec, Recipe
from hardware import TagValue
from hardware.catalog import ASSAY_NOMINAL_HOURS


class QcDataError(Exception):
    """The instrument's queue or results could not be read; the message says why."""


class _Payload(BaseModel):
    # Instrument firmware may add fields; the station reads the ones it knows and
    # refuses only what it cannot use (a missing or mistyped field).
    model_config = ConfigDict(extra="ignore", frozen=True)


class AssayRun(_Payload):
    """One assay on one sample, as the instrument reports it."""

    assay: str
    status: Literal["queued", "running", "done"]
    remaining_s: float = 0.0
    result: float | None = None
    unit: str = ""
    passed: bool | None = None

    @property
    def progress(self) -> float | None:
        """Fraction done of a running assay (0-1) against the assay's nominal time."""
        if self.status == "done":
            return 1.0
        hours = ASSAY_NOMINAL_HOURS.get(self.assay)
        if self.status != "running" or not hours:
            return None if self.status != "queued" else 0.0
        return min(1.0, max(0.0, 1.0 - self.remaining_s / (hours * 3600.0)))


class QcSample(_Payload):
    """A sample in the instrument's queue or among its results."""

    sample_id: str
    coi: str = ""
    assays: tuple[AssayRun, ...] = ()


_SAMPLES: TypeAdapter[list[QcSample]] = TypeAdapter(list[QcSample])


def parse_samples(value: TagValue) -> list[QcSample]:
    """The samples in a ``queue/json`` or ``results/json`` value; no value is no samples."""
    if value is None or value == "":
        return []
    if not isinstance(value, str):
        raise QcDataError(f"the instrument sent {type(value).__name__}, not JSON text")
    try:
        return _SAMPLES.validate_json(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise QcDataError(f"unreadable instrument data at {where}: {first['msg']}") from None


class Verdict(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    PENDING = "pending"
    NO_SPECIFICATION = "no-specification"


def judge(run: AssayRun, spec: QcSpec | None) -> Verdict:
    """A result against its specification. The instrument's own fail stands even when
    no specification is known here; its pass counts only when there is none."""
    if run.status != "done" or run.result is None:
        return Verdict.PENDING
    if run.passed is False:
        return Verdict.FAIL
    if spec is None:
        return Verdict.PASS if run.passed else Verdict.NO_SPECIFICATION
    return Verdict.PASS if spec.passes(run.result) else Verdict.FAIL


def release_specs(recipes: Iterable[Recipe]) -> dict[str, QcSpec]:
    """The release specification per assay: the first released recipe that sets one."""
    specs: dict[str, QcSpec] = {}
    for recipe in recipes:
        if recipe.status != "released":
            continue
        for ref in recipe.phases:
            for spec in ref.phase.specs:
                specs.setdefault(spec.assay, spec)
    return specs
