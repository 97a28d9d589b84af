"""Finished batch records for the records tests and screenshots: a simulated plant, the
batch engine and the station's signature service on one database, worked by the
simulated crew with the things QA must see (a wrong identity scan, a refused entry, a
hold and restart, a comment). Step signatures are bound to the step content exactly as
``Station.sign_batch_step`` binds them."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

from app.batch import AutoOperator, BatchEngine, BatchState, Recipe, SimPlant
from app.batch.simulate import SIM_OPERATOR, SIM_SUPERVISOR
from app.records.audit import AuditKey, AuditTrail
from app.records.database import open_database
from app.records.signatures import SignatureService
from app.records.users import UserStore
from app.security import Actor
from tools.demo_production import add_trouble

SMALL_SPEED = 100_000.0
TICK_S = 0.01


class SigningEngine(BatchEngine):
    """A batch engine whose step signatures go through the SignatureService first (the
    simulated crew has no passwords, so there is no re-authentication here)."""

    def __init__(self, *args: Any, signatures: SignatureService, **options: Any) -> None:
        super().__init__(*args, **options)
        self.signatures = signatures

    async def sign(
        self,
        batch_id: str,
        actor: Actor | None,
        meaning: str,
        *,
        step: str | None = None,
        signature_id: int | None = None,
    ) -> None:
        if signature_id is None and actor is not None:
            self.check_signature(batch_id, actor, meaning, step=step)
            record = self.signature_record(batch_id, meaning)
            signature_id = self.signatures.sign(actor, meaning, record).signature_id
        await super().sign(batch_id, actor, meaning, step=step, signature_id=signature_id)


async def make_finished_batch(
    db_path: Path,
    key_path: Path,
    recipe: Recipe,
    *,
    speed: float = SMALL_SPEED,
    barcode: str = "CDK-EBR-0001",
    coi: str = "COI-EBR-000001",
    bay: int = 1,
    trouble: bool = True,
    finish: bool = True,
    station: str = "Kiosk hall A-1",
    bind_signatures: bool = True,
) -> str:
    """Run one batch of ``recipe`` on ``db_path`` to Complete (or, ``finish=False``, to its
    first hold) and return its id. ``trouble`` adds a wrong identity scan, an entry out of
    limits, a hold with a supervisor's restart and a comment. ``bind_signatures=False``
    signs in the engine only, as ``celldeck batch simulate`` does (no e-signature rows)."""
    plant = SimPlant.build(speed, tick_s=TICK_S, bays=max(2, bay), seed=3)
    await plant.connect()
    db = open_database(db_path)
    audit = AuditTrail(db, AuditKey(key_path), station)
    signatures = SignatureService(db, audit.key, UserStore(db), audit, station)
    options: dict[str, Any] = {"station": station, "tick_s": TICK_S, "on_audit": audit.record}
    engine = (
        SigningEngine(db, plant.devices, plant.clock.now, signatures=signatures, **options)
        if bind_signatures
        else BatchEngine(db, plant.devices, plant.clock.now, **options)
    )
    await engine.open()
    try:
        batch = await engine.create_batch(
            recipe,
            SIM_OPERATOR,
            barcode=barcode,
            coi=coi,
            shuttle="shuttle-01" if recipe.uses_bay else None,
            bay=bay if recipe.uses_bay else None,
        )
        bid = batch.batch_id
        await engine.start_batch(bid, SIM_OPERATOR)
        crew = AutoOperator(engine, bid, restart_holds=False)
        if trouble:
            await add_trouble(engine, bid, SIM_OPERATOR, SIM_SUPERVISOR, "COI-SOMEONE-ELSE")
        if not finish:
            await engine.hold(bid, SIM_OPERATOR, "left on hold for the test")
            await _until(lambda: batch.state is BatchState.HELD)
            return bid
        state = await crew.run(timeout_s=60)
        assert state is BatchState.COMPLETE, f"batch ended {state.value}: {crew.refused}"
        return bid
    finally:
        await engine.close()
        await plant.close()
        db.close()


async def _until(condition: Any, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s} s")
        await asyncio.sleep(0.005)


def make_finished_batch_in_thread(*args: Any, **kwargs: Any) -> str:
    """``make_finished_batch`` on a loop of its own in another thread, for fixtures that
    run beside the tests' qasync loop."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["id"] = asyncio.run(make_finished_batch(*args, **kwargs))
        except BaseException as exc:
            result["error"] = exc

    thread = threading.Thread(target=run, name="finished-batch")
    thread.start()
    thread.join(timeout=120)
    if "error" in result:
        raise result["error"]
    return str(result["id"])
