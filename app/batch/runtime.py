"""The live batch: which recipe, which cartridge and bay, where in the procedure it is.

``Batch`` is the engine's working copy (mutated on the core loop only); ``BatchView``
and ``StepRequest`` are immutable pictures of it for the UI and for people's commands;
``Deviation`` is one recorded departure from the recipe.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from app.batch.recipe import CriticalParameter, Phase, PhaseRef, Recipe
from app.batch.states import BatchState
from app.security import Role
from hardware import TagValue


@dataclass(slots=True)
class PhaseProgress:
    """How far the current phase got. Persisted with the batch, so a restart of the
    station continues the phase where it was rather than repeating manual work."""

    started_at: float | None = None  # equipment time the phase started
    elapsed_s: float = 0.0  # running time after the action (held/paused time excluded)
    confirmations: list[int] = field(default_factory=list)
    scans: dict[str, str] = field(default_factory=dict)
    entries: dict[str, float] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)  # meaning -> user id
    action_issued_at: float | None = None
    action_done: bool = False
    overrun_reported: bool = False
    excursions: dict[str, int] = field(default_factory=dict)  # CPP tag -> deviation id

    def to_dict(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at,
            "elapsed_s": self.elapsed_s,
            "confirmations": self.confirmations,
            "scans": self.scans,
            "entries": self.entries,
            "signatures": self.signatures,
            "action_issued_at": self.action_issued_at,
            "action_done": self.action_done,
            "overrun_reported": self.overrun_reported,
            "excursions": self.excursions,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PhaseProgress:
        return cls(
            started_at=data.get("started_at"),
            elapsed_s=float(data.get("elapsed_s", 0.0)),
            confirmations=[int(i) for i in data.get("confirmations", [])],
            scans={str(k): str(v) for k, v in data.get("scans", {}).items()},
            entries={str(k): float(v) for k, v in data.get("entries", {}).items()},
            signatures={str(k): str(v) for k, v in data.get("signatures", {}).items()},
            action_issued_at=data.get("action_issued_at"),
            action_done=bool(data.get("action_done", False)),
            overrun_reported=bool(data.get("overrun_reported", False)),
            excursions={str(k): int(v) for k, v in data.get("excursions", {}).items()},
        )

    def manual_done(self, phase: Phase) -> bool:
        """Scans, entries and confirmations done and every signature given."""
        return self.work_done(phase) and all(s.meaning in self.signatures for s in phase.signatures)

    def work_done(self, phase: Phase) -> bool:
        """Everything but the signatures: what a signature vouches for."""
        return (
            len(self.confirmations) == len(phase.confirmations)
            and all(scan.id in self.scans for scan in phase.scans)
            and all(entry.id in self.entries for entry in phase.entries)
        )


@dataclass(slots=True)
class Batch:
    """One patient's batch: a cartridge (barcode + chain-of-identity id) going through a
    master recipe, in one bay of one Cell Shuttle (and, for QC, a Cell Q)."""

    batch_id: str
    recipe: Recipe
    barcode: str
    coi: str
    shuttle_id: str = ""
    bay: int | None = None
    cellq_id: str = ""
    state: BatchState = BatchState.IDLE
    step_index: int = 0
    progress: PhaseProgress = field(default_factory=PhaseProgress)
    hold_reason: str = ""
    created_by: str = ""
    created_time: float = 0.0
    started_time: float | None = None
    ended_time: float | None = None
    closed: bool = False
    deviation_count: int = 0
    # Not persisted: rebuilt from samples after a restart.
    doubtful: set[str] = field(default_factory=set)
    last_advance: float | None = None
    saved_wall: float = 0.0
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def steps_total(self) -> int:
        return len(self.recipe.phases)

    @property
    def steps_completed(self) -> int:
        return min(self.step_index, self.steps_total)

    @property
    def current(self) -> PhaseRef | None:
        phases = self.recipe.phases
        return phases[self.step_index] if self.step_index < len(phases) else None

    @property
    def step(self) -> str:
        ref = self.current
        return ref.path if ref is not None else ""

    @property
    def unit_label(self) -> str:
        if self.bay is not None:
            return f"{self.shuttle_id} bay {self.bay}"
        return self.cellq_id or "no unit"

    def sample_id(self, suffix: str) -> str:
        return f"{self.batch_id}-{suffix}"

    def cpp_path(self, cpp: CriticalParameter) -> str:
        return f"{self.shuttle_id}/bay-{self.bay:02d}/{cpp.tag}"


@dataclass(frozen=True, slots=True)
class Deviation:
    """A departure from the recipe, recorded for QA review by exception: a CPP excursion,
    an identity mismatch, lost data, a refused equipment command, an out-of-spec result.
    ``severity`` is minor, major or critical; ``holds_batch`` says whether it held the
    batch. The integrator maps severity to an alarm priority."""

    deviation_id: int
    batch_id: str
    time: float
    kind: str
    severity: str
    step: str
    message: str
    tag: str = ""
    value: TagValue = None
    low: float | None = None
    high: float | None = None
    holds_batch: bool = False
    user_id: str = ""
    shuttle_id: str = ""
    bay: int | None = None


@dataclass(frozen=True, slots=True)
class PendingScan:
    scan_id: str
    label: str
    match: str  # cartridge, coi or pattern
    example: str | None


@dataclass(frozen=True, slots=True)
class PendingEntry:
    entry_id: str
    label: str
    unit: str
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class PendingSignature:
    meaning: str
    roles: tuple[Role, ...]


@dataclass(frozen=True, slots=True)
class StepRequest:
    """What the current phase still needs from people, in the order they give it:
    confirmations, scans and entries (any order), then signatures in recipe order."""

    batch_id: str
    step: str
    phase_name: str
    instruction: str
    picture: str | None
    confirmations: tuple[tuple[int, str], ...]
    scans: tuple[PendingScan, ...]
    entries: tuple[PendingEntry, ...]
    signatures: tuple[PendingSignature, ...]
    signed_by: tuple[tuple[str, str], ...]  # (meaning, user id) already given

    @property
    def work_pending(self) -> bool:
        return bool(self.confirmations or self.scans or self.entries)

    @property
    def empty(self) -> bool:
        return not (self.work_pending or self.signatures)


@dataclass(frozen=True, slots=True)
class BatchView:
    """What a screen shows of one batch (immutable, safe to hand to the UI thread)."""

    batch_id: str
    recipe_id: str
    recipe_version: str
    recipe_hash: str
    shuttle_id: str
    bay: int | None
    barcode: str
    coi: str
    state: BatchState
    step: str
    phase_name: str
    steps_completed: int
    steps_total: int
    phase_elapsed_h: float
    phase_expected_h: float
    waiting_for_people: bool
    hold_reason: str
    deviations: int
    recipe_name: str = ""
    created_time: float = 0.0
    started_time: float | None = None
    remaining_h: float = 0.0  # expected procedure hours left (equipment clock)

    @property
    def unit_label(self) -> str:
        return f"{self.shuttle_id} bay {self.bay}" if self.bay is not None else "Cell Q"

    @property
    def progress(self) -> float:
        """Fraction of the procedure done, by expected hours (0..1)."""
        done = self.steps_completed + (
            min(1.0, self.phase_elapsed_h / self.phase_expected_h)
            if self.phase_expected_h > 0
            else 0.0
        )
        return min(1.0, done / self.steps_total) if self.steps_total else 1.0


@dataclass(frozen=True, slots=True)
class BatchDetail:
    """Everything the batch detail screen shows of one open batch, as immutable data:
    the view, the recipe it runs (frozen), what the current step needs from people, its
    recorded events and deviations, and the signatures bound to its steps."""

    view: BatchView
    recipe: Recipe
    step_index: int
    request: StepRequest | None
    events: tuple[dict[str, Any], ...]
    deviations: tuple[dict[str, Any], ...]
    signatures: tuple[Any, ...] = ()  # app.records.signatures.Signature
