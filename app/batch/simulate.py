"""Headless batch simulation: a recipe run start to finish on a simulated plant.

``SimPlant`` is one mock Cell Shuttle (empty bays) and one mock Cell Q on a fast
SimClock; ``AutoOperator`` works the manual steps the way a trained operator would
(scans the right barcodes, confirms, enters in-range data, signs with two different
people); ``simulate_batch`` puts them together and reports what happened. Used by
``celldeck batch simulate`` and by the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.batch.engine import BatchEngine
from app.batch.errors import BatchError
from app.batch.recipe import load_recipe
from app.batch.runtime import Batch, PendingSignature, StepRequest
from app.batch.states import FINAL, BatchState
from app.records.database import open_database
from app.security import Actor, Role
from hardware import CellQ, CellShuttle, SimClock
from hardware.mock import CellQModel, MockBackend, ShuttleModel

SIM_OPERATOR = Actor("sim-operator", "Simulated Operator", Role.OPERATOR)
SIM_VERIFIER = Actor("sim-verifier", "Simulated Verifier", Role.OPERATOR)
SIM_SUPERVISOR = Actor("sim-supervisor", "Simulated Supervisor", Role.SUPERVISOR)
SIM_QA = Actor("sim-qa", "Simulated QA", Role.QA)


@dataclass
class SimPlant:
    """One simulated Cell Shuttle with empty bays and one Cell Q, on one SimClock."""

    clock: SimClock
    shuttle: CellShuttle
    cellq: CellQ
    shuttle_model: ShuttleModel
    cellq_model: CellQModel

    @classmethod
    def build(cls, speed: float, *, tick_s: float = 0.05, bays: int = 4, seed: int = 1) -> SimPlant:
        clock = SimClock(speed)
        shuttle_model = ShuttleModel("shuttle-01", bays, seed=seed)
        cellq_model = CellQModel("cellq-01", seed=seed)
        shuttle = CellShuttle(
            "shuttle-01", MockBackend(shuttle_model, clock, tick_s=tick_s), bays=bays
        )
        cellq = CellQ("cellq-01", MockBackend(cellq_model, clock, tick_s=tick_s))
        return cls(clock, shuttle, cellq, shuttle_model, cellq_model)

    @property
    def devices(self) -> dict[str, CellShuttle | CellQ]:
        return {self.shuttle.device_id: self.shuttle, self.cellq.device_id: self.cellq}

    async def connect(self) -> None:
        await asyncio.gather(self.shuttle.connect(), self.cellq.connect())

    async def close(self) -> None:
        await asyncio.gather(self.shuttle.close(), self.cellq.close(), return_exceptions=True)


class AutoOperator:
    """A simulated crew working one batch's manual steps: an operator does the work and
    signs as performer, a second person verifies, QA approves where the recipe says so,
    and a supervisor restarts holds whose cause has cleared (when ``restart_holds``)."""

    def __init__(
        self,
        engine: BatchEngine,
        batch_id: str,
        *,
        operator: Actor = SIM_OPERATOR,
        verifier: Actor = SIM_VERIFIER,
        supervisor: Actor = SIM_SUPERVISOR,
        qa: Actor = SIM_QA,
        restart_holds: bool = True,
    ) -> None:
        self.engine = engine
        self.batch_id = batch_id
        self.operator = operator
        self.crew = (operator, verifier, supervisor, qa)
        self.supervisor = supervisor
        self.restart_holds = restart_holds
        self.holds_restarted = 0
        self.refused: list[str] = []

    @property
    def batch(self) -> Batch:
        return self.engine.batch(self.batch_id)

    async def act(self) -> bool:
        """Do the next thing the batch needs from people; False if it needs nothing."""
        batch = self.batch
        if batch.state is BatchState.HELD and self.restart_holds:
            if self.engine.ready_problems(self.batch_id):
                return False
            await self.engine.restart(
                self.batch_id, self.supervisor, "simulation: cause cleared, restarting"
            )
            self.holds_restarted += 1
            return True
        if batch.state is not BatchState.RUNNING:
            return False
        request = self.engine.request(self.batch_id)
        if request is None:
            return False
        try:
            await self._work(batch, request)
        except BatchError as exc:  # e.g. the step moved on under us: try again next time
            self.refused.append(str(exc))
            return False
        return True

    async def _work(self, batch: Batch, request: StepRequest) -> None:
        engine, step = self.engine, request.step
        for scan in request.scans:
            if scan.match == "cartridge":
                value = batch.barcode
            elif scan.match == "coi":
                value = batch.coi
            else:
                value = scan.example or ""
            await engine.scan(self.batch_id, self.operator, scan.scan_id, value, step=step)
        for index, _ in request.confirmations:
            await engine.confirm(self.batch_id, self.operator, index, step=step)
        for entry in request.entries:
            await engine.enter(
                self.batch_id,
                self.operator,
                entry.entry_id,
                _in_range(entry.low, entry.high),
                step=step,
            )
        signed = {user for _, user in request.signed_by}
        for signature in request.signatures:
            signer = self._signer(signature, signed)
            await engine.sign(self.batch_id, signer, signature.meaning, step=step)
            signed.add(signer.user_id)

    def _signer(self, signature: PendingSignature, signed: set[str]) -> Actor:
        for actor in self.crew:
            if actor.user_id in signed:
                continue
            if signature.roles and actor.role not in signature.roles:
                continue
            if not signature.roles and actor.role is Role.QA:
                continue  # QA signs where the recipe asks for QA
            return actor
        raise BatchError(f"nobody left in the simulated crew to sign {signature.meaning}")

    async def run(
        self,
        *,
        until: Callable[[Batch], bool] | None = None,
        timeout_s: float = 60.0,
        poll_s: float = 0.01,
    ) -> BatchState:
        """Work the batch until ``until`` says so or it ends; returns the state then."""
        deadline = time.monotonic() + timeout_s
        while True:
            batch = self.engine.batches.get(self.batch_id)
            if batch is None or batch.state in FINAL or (until is not None and until(batch)):
                return batch.state if batch is not None else BatchState.IDLE
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"batch {self.batch_id} still {batch.state.value} at {batch.step} "
                    f"after {timeout_s:g} s"
                )
            if not await self.act():
                await asyncio.sleep(poll_s)


def _in_range(low: float | None, high: float | None) -> float:
    if low is not None and high is not None:
        return round((low + high) / 2.0, 3)
    if low is not None:
        return low
    return high if high is not None else 1.0


async def simulate_batch(
    recipe_path: Path | str,
    speed: float = 20_000.0,
    *,
    db_path: Path | None = None,
    tick_s: float | None = None,
    seed: int = 1,
    bay: int = 1,
    barcode: str = "CDK-SIM-0001",
    coi: str = "COI-SIM-000001",
    timeout_s: float | None = None,
) -> dict[str, Any]:
    """Run one batch of ``recipe_path`` start to finish on a simulated plant with an
    automatic crew; returns final_state, steps_completed, steps_total, deviations,
    sim_duration_h and more, ready to print as JSON."""
    recipe = load_recipe(recipe_path)
    # About half an hour of equipment time per tick keeps culture physics in its steps.
    tick = tick_s if tick_s is not None else min(0.5, max(0.01, 1800.0 / speed))
    plant = SimPlant.build(speed, tick_s=tick, seed=seed)
    expected_s = sum(ref.phase.duration_h for ref in recipe.phases) * 3600.0
    limit = timeout_s if timeout_s is not None else 60.0 + 3.0 * expected_s / speed
    with contextlib.ExitStack() as stack:
        if db_path is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="celldeck-sim-"))
            db_path = Path(folder) / "simulation.sqlite3"
        db = open_database(db_path)
        stack.callback(db.close)
        await plant.connect()
        engine = BatchEngine(
            db,
            plant.devices,
            plant.clock.now,
            station="simulation",
            tick_s=tick,
            allow_drafts=True,
        )
        await engine.open()
        wall_start = time.monotonic()
        try:
            batch = await engine.create_batch(
                recipe,
                SIM_OPERATOR,
                barcode=barcode,
                coi=coi,
                shuttle=plant.shuttle.device_id if recipe.uses_bay else None,
                bay=bay if recipe.uses_bay else None,
            )
            await engine.start_batch(batch.batch_id, SIM_OPERATOR)
            crew = AutoOperator(engine, batch.batch_id)
            final = await crew.run(timeout_s=limit)
            started = batch.started_time or batch.created_time
            ended = batch.ended_time or plant.clock.now()
            deviations = engine.deviations(batch.batch_id)
            return {
                "recipe": recipe.id,
                "recipe_version": recipe.version,
                "recipe_hash": recipe.content_hash,
                "batch_id": batch.batch_id,
                "final_state": final.value,
                "steps_completed": batch.steps_completed,
                "steps_total": batch.steps_total,
                "deviations": [
                    {k: d[k] for k in ("kind", "severity", "step", "message")} for d in deviations
                ],
                "holds_restarted": crew.holds_restarted,
                "events": len(engine.events(batch.batch_id)),
                "sim_duration_h": round((ended - started) / 3600.0, 2),
                "wall_s": round(time.monotonic() - wall_start, 2),
                "speed": speed,
            }
        finally:
            await engine.close()
            await plant.close()
