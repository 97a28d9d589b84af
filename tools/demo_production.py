"""A demo station database with days of simulated production behind it, for the operator
guide's pictures (``python3 dev.py screenshots``).

The demo plant runs at high simulation speed with its equipment clock set back
``days`` days, so what the station records ends shortly before the present (``lag_h``,
room for the scripted scenes' own production): a crew of named people
(with passwords, a badge, one locked account) runs CAR-T batches through the real
station (every step signature re-authenticated and bound, as the signature dialog does),
one batch with the trouble QA must see (a wrong chain-of-identity label, an entry out of
limits, a comment, a hold and a supervisor's restart), one aborted; QA reviews and
approves records; sensor faults raise alarms that people acknowledge or leave standing;
the historian keeps every day of it. No batch is left running: a batch running when a
station stops comes back Held, and the pictures taken afterwards show normal operation.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.batch import AutoOperator, Batch, BatchEngine, BatchState, Recipe
from app.batch.errors import BatchError, EntryOutOfLimits, IdentityMismatch
from app.config import PlantConfig
from app.records.users import AccountError
from app.security import Actor, Role
from app.station import Station
from hardware import CellShuttle
from hardware.mock import MockBackend
from hardware.mock.faults import Fault, FaultKind

log = logging.getLogger(__name__)

RECIPE = "car-t-autologous"
# The people of the demo station: user id -> (name, role). Passwords: ``password()``.
PEOPLE: dict[str, tuple[str, Role]] = {
    "admin": ("Ada Admin", Role.ADMINISTRATOR),
    "op1": ("Olga Operator", Role.OPERATOR),
    "op2": ("Otto Operator", Role.OPERATOR),
    "sup": ("Sam Supervisor", Role.SUPERVISOR),
    "qa1": ("Quinn QA", Role.QA),
    "qa2": ("Rita Release", Role.QA),
    "maint": ("Mo Maintenance", Role.MAINTENANCE),
    "op3": ("Oscar Operator", Role.OPERATOR),  # locked by five wrong passwords
}
BADGES = {"op1": ("0412-7781-0093", "2468"), "op2": ("0412-7781-0094", "1357")}
CREW_POLL_S = 0.1


def password(user_id: str) -> str:
    return f"{user_id} demo secret 2468!"


def actor(user_id: str) -> Actor:
    name, role = PEOPLE[user_id]
    return Actor(user_id, name, role)


@dataclass(frozen=True)
class DemoOptions:
    # Days of production, ending ``lag_h`` before now: a CAR-T batch takes up to about 11
    # here (each signature's password check costs wall time, so equipment hours).
    days: float = 13.5
    # The demo ends this long before now, so a scripted scene can run its own batches
    # at speed up to about now (tools/screenshot_scenes.py).
    lag_h: float = 6.0
    speed: float = 20_000.0  # equipment time per wall second while producing
    abort_after_h: float = 40.0  # equipment hours until the supervisor aborts one batch


class SigningEngine:
    """The batch engine as the simulated crew sees it, except that each step signature
    goes through ``Station.sign_batch_step`` with the signer's password, as the
    signature dialog sends it (re-authenticated, bound to the step's content)."""

    def __init__(self, station: Station) -> None:
        self._station = station

    def __getattr__(self, name: str) -> Any:
        return getattr(self._station.batches, name)

    async def sign(
        self, batch_id: str, signer: Actor, meaning: str, *, step: str | None = None
    ) -> None:
        assert step is not None
        await self._station.sign_batch_step(
            signer.user_id, password(signer.user_id), batch_id, meaning, step
        )


async def create_people(station: Station) -> None:
    users = station.users
    assert users is not None
    admin = users.create_first_administrator("admin", PEOPLE["admin"][0], password("admin"))
    for user_id, (name, role) in PEOPLE.items():
        if user_id == "admin":
            continue
        badge, pin = BADGES.get(user_id, (None, None))
        first = f"{user_id} first password 1357!"
        users.create_user(admin, user_id, name, role, first, badge, pin, reason="new starter")
        users.change_password(user_id, first, password(user_id))
    for user_id in PEOPLE:
        if user_id != "op3":
            users.sign_in(user_id, password(user_id))  # their first shift
    for _ in range(5):
        with contextlib.suppress(AccountError):
            users.sign_in("op3", "a wrong guess 111")
    users.set_language("qa2", "nl")


def empty_bays(station: Station, count: int) -> list[tuple[str, int]]:
    """Bays whose equipment has no cartridge, taken round the shuttles in turn."""
    per_shuttle = [
        [
            (device.device_id, bay)
            for bay in range(1, device.bays + 1)
            if device.value(f"{device.device_id}/bay-{bay:02d}/process/state") == "empty"
        ]
        for device in station.devices.values()
        if isinstance(device, CellShuttle)
    ]
    found = [place for row in itertools.zip_longest(*per_shuttle) for place in row if place]
    return found[:count]


async def new_batch(station: Station, place: tuple[str, int], number: int) -> Batch:
    recipe: Recipe = station.recipes()[RECIPE]
    return await station.call_batches(
        "create_batch",
        recipe,
        actor("op1"),
        barcode=f"CDK-2026-{number:06d}",
        coi=f"W1234 26 {number:06d} P01",
        shuttle=place[0],
        bay=place[1],
    )


def crew(station: Station, batch_id: str) -> AutoOperator:
    """The demo's people working one batch: Olga performs, Otto verifies, Sam restarts
    holds whose cause has cleared, Quinn signs for QA."""
    return AutoOperator(
        SigningEngine(station),  # type: ignore[arg-type]
        batch_id,
        operator=actor("op1"),
        verifier=actor("op2"),
        supervisor=actor("sup"),
        qa=actor("qa1"),
    )


async def until(condition: Callable[[], object], what: str, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not reached within {timeout_s:g} s")
        await asyncio.sleep(0.02)


async def add_trouble(
    engine: BatchEngine, batch_id: str, operator: Actor, supervisor: Actor, wrong_label: str
) -> None:
    """What review by exception is for, all on a batch's first step: a wrong identity
    label, an entry out of limits, a comment, a hold and a supervisor's restart. Also the
    records tests' troubled batch (tests/app/records/finished_batch.py)."""
    await until(lambda: engine.request(batch_id) is not None, "the first step")
    request = engine.request(batch_id)
    assert request is not None
    identity = next(s for s in request.scans if s.match in ("coi", "cartridge"))
    with contextlib.suppress(IdentityMismatch):
        await engine.scan(batch_id, operator, identity.scan_id, wrong_label)
    batch = engine.batch(batch_id)
    value = batch.coi if identity.match == "coi" else batch.barcode
    await engine.scan(batch_id, operator, identity.scan_id, value)
    entry = next(iter(request.entries), None)
    if entry is not None and entry.high is not None:
        with contextlib.suppress(EntryOutOfLimits):
            await engine.enter(batch_id, operator, entry.entry_id, entry.high * 10)
    await engine.comment(batch_id, operator, "Bag label slightly smudged; CoI readable.")
    await engine.hold(batch_id, operator, "checking the bag label")
    await until(lambda: batch.state is BatchState.HELD, "the hold")
    await engine.restart(batch_id, supervisor, "label checked against the shipment form")
    await until(lambda: batch.state is BatchState.RUNNING, "the restart")


async def _alarm_traffic(station: Station, stop: asyncio.Event) -> None:
    """Sensor trouble now and then on bays without a batch, and an operator on shift who
    acknowledges what is waiting; whatever comes up in the last moments stays standing."""
    shuttles = [d for d in station.devices.values() if isinstance(d, CellShuttle)]
    faults = itertools.cycle(
        [
            (shuttles[-1], 5, FaultKind.OUT_OF_RANGE, 15.0),
            (shuttles[0], 9, FaultKind.STUCK, 0.0),
            (shuttles[-1], 13, FaultKind.DRIFT, 2.0),
        ]
    )
    engine, service = station.alarm_engine, station.alarms
    assert service is not None
    while not stop.is_set():
        await asyncio.sleep(3.0)
        shuttle, bay, kind, magnitude = next(faults)
        backend = shuttle.backend
        if isinstance(backend, MockBackend):
            target = f"{shuttle.device_id}/bay-{bay:02d}/bioreactor/temperature"
            backend.inject(Fault(kind, target, magnitude, duration_s=6 * 3600.0))
        await asyncio.sleep(3.0)
        waiting = [
            view.alarm_id
            for view in engine.snapshot().alarms
            if view.state.value in ("UNACK", "RTNUN", "LATCH_UNACK")
        ]
        if waiting:
            await service.command("acknowledge", waiting, actor("op2"), "seen, bay checked")


async def _sleep_until(station: Station, moment: float) -> None:
    left_s = moment - station.clock.now()
    if left_s < 0:
        log.warning("demo production is %.1f h late", -left_s / 3600)
    await asyncio.sleep(max(0.0, left_s / station.clock.speed))


async def _review(station: Station, batch_id: str, meaning: str, user_id: str) -> None:
    record = await station.call_records("record", batch_id)
    await station.sign_batch_record(
        user_id, password(user_id), batch_id, meaning, record.content_hash
    )


async def produce(station: Station, options: DemoOptions, end: float) -> dict[str, str]:
    """Run the demo production on a started station until its clock reaches ``end``.
    People are set up at real-time speed (password hashing takes wall seconds); then the
    equipment clock runs at ``options.speed``."""
    await create_people(station)
    station.clock.speed = options.speed
    engine = station.batches
    assert engine is not None
    places = empty_bays(station, 5)
    if len(places) < 5:
        raise RuntimeError(f"the demo plant has only {len(places)} empty bays; 5 needed")
    batches = [await new_batch(station, place, n + 1) for n, place in enumerate(places[:4])]
    for batch in batches:
        await station.call_batches("start_batch", batch.batch_id, actor("op1"))
    # The troubled one waits for QA's review (the record picture shows its exceptions).
    troubled, approved, reviewed, aborted = (b.batch_id for b in batches)
    await add_trouble(engine, troubled, actor("op1"), actor("sup"), "W1234 26 009999 P01")
    stop = asyncio.Event()
    crews = [
        asyncio.create_task(
            crew(station, batch_id).run(
                until=lambda _batch: stop.is_set(), timeout_s=900, poll_s=CREW_POLL_S
            ),
            name=f"demo-crew-{batch_id}",
        )
        for batch_id in (troubled, approved, reviewed, aborted)
    ]
    traffic = asyncio.create_task(_alarm_traffic(station, stop), name="demo-alarms")
    start = station.clock.now()
    try:
        await until(
            lambda: station.clock.now() - start > options.abort_after_h * 3600.0,
            "the time to abort",
            600,
        )
        with contextlib.suppress(BatchError):
            await engine.abort(aborted, actor("sup"), "cartridge leak found at inspection")
        states = await asyncio.wait_for(asyncio.gather(*crews[:3]), timeout=900)
        log.info("demo batches ended: %s", [s.value for s in states])
        await _review(station, approved, "reviewed", "qa1")
        await _review(station, approved, "approved", "qa2")
        await _review(station, reviewed, "reviewed", "qa1")
        await _sleep_until(station, end - 1800.0)
        # Half an hour before the end, the next patient's cartridge is registered.
        waiting = await new_batch(station, places[4], 5)
        await _sleep_until(station, end)
    finally:
        stop.set()
        for task in (*crews, traffic):
            task.cancel()
        await asyncio.gather(*crews, traffic, return_exceptions=True)
    return {
        "troubled": troubled,
        "approved": approved,
        "reviewed": reviewed,
        "aborted": aborted,
        "waiting": waiting.batch_id,
    }


@dataclass(frozen=True)
class DemoResult:
    present: float  # the equipment time the demo production ended at (epoch s)
    batches: dict[str, str]  # the demo batches' ids by what they show


async def _make(plant: PlantConfig, db: Path, key: Path, options: DemoOptions) -> DemoResult:
    present = time.time() - options.lag_h * 3600.0
    station = Station(
        plant,
        db,
        sim_speed=1.0,
        audit_key=key,
        sim_start=present - options.days * 86_400.0,
    )
    await station.start()
    try:
        batches = await produce(station, options, end=present)
        return DemoResult(present=station.clock.now(), batches=batches)
    finally:
        await station.stop()


def make_demo_database(
    plant: PlantConfig, db: Path, key: Path, options: DemoOptions | None = None
) -> DemoResult:
    """Write a fresh demo database (and its audit key) with ``options.days`` of
    production ending ``options.lag_h`` before now."""
    if db.exists() or key.exists():
        raise FileExistsError(f"{db} or {key} exists; the demo database starts empty")
    db.parent.mkdir(parents=True, exist_ok=True)
    return asyncio.run(_make(plant, db, key, options or DemoOptions()))
