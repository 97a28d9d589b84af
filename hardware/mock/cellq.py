"""A simulated Cell Q automated QC instrument: a sample queue and release assays."""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from hardware.catalog import ASSAY_NOMINAL_HOURS, ASSAYS, cellq_specs
from hardware.mock.culture import HOUR
from hardware.tags import CommandFailed, InvalidValue, TagSpec, TagValue


@dataclass(frozen=True, slots=True)
class AssayProfile:
    duration_h: float
    unit: str
    typical: float
    spread: float
    # Specification: pass when low <= result <= high (None = unbounded).
    spec_low: float | None
    spec_high: float | None
    decimals: int = 1
    # What the measurement cannot exceed (a percentage of cells: 100); None = unbounded.
    ceiling: float | None = None


_HOURS = ASSAY_NOMINAL_HOURS
ASSAY_PROFILES: dict[str, AssayProfile] = {
    "cell-count-viability": AssayProfile(
        _HOURS["cell-count-viability"], "% viable", 88.0, 7.0, 70.0, None, ceiling=100.0
    ),
    "identity-car-flow": AssayProfile(
        _HOURS["identity-car-flow"], "% CAR+", 38.0, 10.0, 20.0, None, ceiling=100.0
    ),
    "endotoxin": AssayProfile(_HOURS["endotoxin"], "EU/mL", 0.15, 0.12, None, 0.5, 2),
    "sterility": AssayProfile(_HOURS["sterility"], "CFU", 0.0, 0.25, None, 0.0, 0),
    "mycoplasma": AssayProfile(_HOURS["mycoplasma"], "detected", 0.0, 0.2, None, 0.0, 0),
    "vector-copy-number": AssayProfile(
        _HOURS["vector-copy-number"], "copies/cell", 3.2, 1.6, None, 10.0, 2
    ),
}


@dataclass(slots=True)
class AssayRun:
    assay: str
    status: str = "queued"  # queued, running, done
    remaining_s: float = 0.0
    result: float | None = None
    unit: str = ""
    passed: bool | None = None


@dataclass(slots=True)
class QcSample:
    sample_id: str
    coi: str
    assays: list[AssayRun] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return all(run.status == "done" for run in self.assays)


class CellQModel:
    """Simulation behind a mock Cell Q backend: runs up to ``channels`` assays at once."""

    max_substep_s = 600.0

    def __init__(self, device_id: str, seed: int = 0, channels: int = 4) -> None:
        self.device_id = device_id
        self.rng = random.Random(seed)
        self.channels = channels
        self.state = "idle"
        self.queue: list[QcSample] = []
        self.results: deque[dict[str, object]] = deque(maxlen=50)
        self.completed = 0
        self.demo_traffic = False
        self._specs = cellq_specs(device_id)

    def specs(self) -> Sequence[TagSpec]:
        return self._specs

    def advance(self, dt: float, now: float) -> None:
        remaining = dt
        while remaining > 0:
            step = min(remaining, self.max_substep_s)
            remaining -= step
            self._advance(step)
            if self.demo_traffic and self.rng.random() < step / (6 * HOUR):
                self._submit_demo_sample()

    def _advance(self, dt: float) -> None:
        running = [r for s in self.queue for r in s.assays if r.status == "running"]
        for run in running:
            run.remaining_s -= dt
            if run.remaining_s <= 0:
                self._complete(run)
        free = self.channels - sum(1 for s in self.queue for r in s.assays if r.status == "running")
        for sample in self.queue:
            for run in sample.assays:
                if free <= 0:
                    break
                if run.status == "queued":
                    run.status = "running"
                    run.remaining_s = ASSAY_PROFILES[run.assay].duration_h * HOUR
                    free -= 1
        for sample in [s for s in self.queue if s.done]:
            self.queue.remove(sample)
            self.results.append(
                {
                    "sample_id": sample.sample_id,
                    "coi": sample.coi,
                    "assays": [asdict(run) for run in sample.assays],
                }
            )
        active = any(r.status == "running" for s in self.queue for r in s.assays)
        if self.state in ("idle", "running"):
            self.state = "running" if active else "idle"

    def _complete(self, run: AssayRun) -> None:
        profile = ASSAY_PROFILES[run.assay]
        value = self.rng.gauss(profile.typical, profile.spread)
        if profile.decimals == 0:
            value = 1.0 if value > 0.45 else 0.0  # growth / detection is yes or no
        if profile.ceiling is not None:
            value = min(profile.ceiling, value)  # a Gaussian's tail is no 104 % viable
        value = round(max(0.0, value), profile.decimals)
        run.status, run.remaining_s, run.result, run.unit = "done", 0.0, value, profile.unit
        run.passed = (profile.spec_low is None or value >= profile.spec_low) and (
            profile.spec_high is None or value <= profile.spec_high
        )
        self.completed += 1

    def values(self) -> dict[str, TagValue]:
        device = self.device_id
        queue = [
            {
                "sample_id": s.sample_id,
                "coi": s.coi,
                "assays": [
                    asdict(run) | {"remaining_s": round(run.remaining_s)} for run in s.assays
                ],
            }
            for s in self.queue
        ]
        return {
            f"{device}/instrument/state": self.state,
            f"{device}/queue/length": len(self.queue),
            f"{device}/queue/json": json.dumps(queue, separators=(",", ":")),
            f"{device}/results/json": json.dumps(list(self.results), separators=(",", ":")),
            f"{device}/results/completed": self.completed,
        }

    def write(self, path: str, value: TagValue) -> None:
        raise CommandFailed(f"{path} is not writable on {self.device_id}")

    def call(self, command: str, args: dict[str, TagValue]) -> TagValue:
        if command != "submit_sample":
            raise CommandFailed(f"{self.device_id} has no command {command!r}")
        return self._submit(str(args["sample_id"]), str(args["coi"]), str(args["assays"]))

    def _submit(self, sample_id: str, coi: str, assays: str) -> None:
        names = [a for a in assays.split(",") if a]
        unknown = [a for a in names if a not in ASSAYS]
        if unknown or not names:
            raise InvalidValue(f"unknown assays {unknown or assays!r}")
        if any(s.sample_id == sample_id for s in self.queue):
            raise CommandFailed(f"sample {sample_id} is already queued")
        if self.state in ("fault", "maintenance"):
            raise CommandFailed(f"{self.device_id} is in {self.state}; cannot take samples")
        self.queue.append(QcSample(sample_id, coi, [AssayRun(a) for a in names]))

    def _submit_demo_sample(self) -> None:
        serial = self.rng.randrange(100000, 999999)
        assays = self.rng.choice(
            [["cell-count-viability"], ["cell-count-viability", "identity-car-flow"], list(ASSAYS)]
        )
        self._submit(f"QC-{serial}", f"COI-Q-{serial}", ",".join(assays))

    def populate_demo(self, samples: int = 5) -> None:
        self.demo_traffic = True
        for _ in range(samples):
            self._submit_demo_sample()
