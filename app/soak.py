"""Soak: the full plant producing batch after batch at high simulation speed for the
equivalent of days of production (``celldeck bench soak``).

What a month on the factory floor would show, in less than an hour: whether memory
stays flat, whether tasks or timers pile up, whether the station core's loop stays
responsive. The station runs as in the window (devices, alarms, batches, records, audit
trail), on a plain asyncio loop; a simulated crew keeps ``batches`` bays producing
CAR-T batches (a finished batch is reset, its cartridge unloaded and the next one
started), injected faults raise alarms, and a supervisor acknowledges them. Prints
figures; asserts nothing (the test of a short run does).
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import logging
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.batch import AutoOperator, Batch, BatchState, Recipe, load_recipe, shipped_recipe_path
from app.batch.errors import BatchError
from app.batch.states import FINAL
from app.config import PlantConfig, load_plant, shipped_plant_path
from app.memory import SQLITE_CACHE_BUDGET_MIB, read_memory
from app.percentile import percentile
from app.security import Actor, Role
from app.station import Station
from hardware import CellShuttle, HardwareError
from hardware.mock import MockBackend
from hardware.mock.faults import Fault, FaultKind

log = logging.getLogger(__name__)

OPERATOR = Actor("soak-operator", "Soak Operator", Role.OPERATOR)
SUPERVISOR = Actor("soak-supervisor", "Soak Supervisor", Role.SUPERVISOR)
QA = Actor("soak-qa", "Soak QA", Role.QA)
LAG_PROBE_S = 0.05
CREW_POLL_S = 0.2  # people are not faster than this; a tight poll would only burn CPU
TROUBLE_EVERY_S = 2.0  # wall seconds between injected faults
# Warm-up: the first tenth of the run (3 of 30 days). By then SQLite's page caches are
# full (about 90 s of wall time on the full site, whatever the speed), every producing
# bay has its first batch and the alarm engine has seen faults and acknowledgements.
WARMUP_SHARE = 0.1
# "Flat": resident memory after the warm-up never exceeds its warm-up value by this
# much, to the end of the run.
FLAT_LIMIT_MB = 10.0


def timers(loop: asyncio.AbstractEventLoop) -> int:
    """Timers waiting on the loop (call_later, sleeps, timeouts), cancelled ones aside.
    asyncio keeps them in a private heap; a leak shows there first."""
    scheduled = getattr(loop, "_scheduled", [])
    return sum(1 for handle in scheduled if not handle.cancelled())


@dataclass
class SoakSample:
    """One look at the running station: memory, tasks, timers, alarms."""

    sim_day: float
    rss_mb: float
    sqlite_mb: float | None  # SQLite's caches and statements (budget: app/memory.py)
    malloc_free_mb: float | None  # C heap kept free by malloc: fragmentation
    python_blocks: int  # objects Python's allocator holds: flat while RSS grows = C memory
    tasks: int  # long-lived tasks (named: device ticks, watchdogs, batch drivers...)
    all_tasks: int  # with the short ones (asyncio.wait_for wraps each wait in a task)
    timers: int
    alarms: int


def long_lived(tasks: set[asyncio.Task[object]]) -> int:
    """Tasks CellDeck starts to run for a while are named; asyncio names the rest
    (a wait_for's inner task, a one-off) Task-<n>."""
    return sum(1 for task in tasks if not task.get_name().startswith("Task-"))


@dataclass
class _Production:
    """Keeps batches running on a set of bays, each worked by a simulated crew."""

    station: Station
    recipe: Recipe
    bays: list[tuple[CellShuttle, int, str]]  # shuttle, bay, Cell Q for its QC
    started: int = 0
    completed: int = 0
    ended_otherwise: int = 0
    holds_restarted: int = 0
    refusals: int = 0
    stopping: bool = False
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        for index, place in enumerate(self.bays):
            self.tasks.append(loop.create_task(self._keep_busy(*place), name=f"soak-bay-{index}"))

    async def stop(self) -> None:
        # A flag as well as cancel(): Python 3.11's wait_for can lose a cancellation that
        # arrives as its inner wait completes, and a crew must not work on after that.
        self.stopping = True
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def _keep_busy(self, shuttle: CellShuttle, bay: int, cellq: str) -> None:
        while not self.stopping:
            batch = await self._new_batch(shuttle, bay, cellq)
            if batch is None:
                await asyncio.sleep(1.0)
                continue
            try:
                await self._work(batch)
                if self.stopping:
                    return
                await self.station.call_batches(
                    "reset", batch.batch_id, SUPERVISOR, "next cartridge"
                )
            except BatchError:
                self.refusals += 1
                await asyncio.sleep(1.0)
            with contextlib.suppress(HardwareError):
                await shuttle.unload_cartridge(bay)  # the operator takes the cartridge out

    async def _work(self, batch: Batch) -> None:
        crew = AutoOperator(self.station.batches, batch.batch_id)  # type: ignore[arg-type]
        while batch.state not in FINAL and not self.stopping:
            if not await crew.act():
                await asyncio.sleep(CREW_POLL_S)
        self.holds_restarted += crew.holds_restarted
        self.refusals += len(crew.refused)
        if batch.state is BatchState.COMPLETE:
            self.completed += 1
        else:
            self.ended_otherwise += 1

    async def _new_batch(self, shuttle: CellShuttle, bay: int, cellq: str) -> Batch | None:
        number = self.started + 1
        try:
            batch: Batch = await self.station.call_batches(
                "create_batch",
                self.recipe,
                OPERATOR,
                barcode=f"CDK-SOAK-{number:06d}",
                coi=f"COI-SOAK-{number:08d}",
                shuttle=shuttle.device_id,
                bay=bay,
                cellq=cellq,
            )
            await self.station.call_batches("start_batch", batch.batch_id, OPERATOR)
        except BatchError:
            return None
        self.started += 1
        return batch


async def _released(station: Station, recipe: Recipe | None) -> Recipe:
    """The recipe the crews run, released on the soak's station: a demo plant released
    the shipped CAR-T recipe itself; any other recipe (or plant) gets the soak's QA."""
    chosen = recipe or station.recipes().get("car-t-autologous")
    if chosen is None:
        chosen = load_recipe(shipped_recipe_path("car-t-autologous.toml"))
    assert station.recipe_releases is not None
    if station.recipe_releases.refusal(chosen.id, chosen.version, chosen.content_hash):
        await station.release_recipe_as(QA, chosen, "recipe of the soak run")
    return chosen


async def _trouble(station: Station, rng: random.Random) -> None:
    """Now and then an instrument fails on a demo culture and is fixed; a supervisor
    acknowledges what is waiting, as a control room would."""
    shuttles = [d for d in station.devices.values() if isinstance(d, CellShuttle)]
    assert station.alarms is not None
    while True:
        await asyncio.sleep(TROUBLE_EVERY_S)
        shuttle = rng.choice(shuttles)
        backend = shuttle.backend
        if isinstance(backend, MockBackend):
            bay = rng.randint(1, shuttle.bays)
            target = f"{shuttle.device_id}/bay-{bay:02d}/bioreactor/temperature"
            kind = rng.choice([FaultKind.STUCK, FaultKind.OUT_OF_RANGE, FaultKind.NOISE])
            fault = backend.inject(Fault(kind, target, 2.0))
            await asyncio.sleep(TROUBLE_EVERY_S / 2)
            backend.clear(fault.fault_id)
        waiting = [
            view.alarm_id
            for view in station.alarm_engine.snapshot().alarms
            if view.state.value in ("UNACK", "RTNUN", "LATCH_UNACK")
        ]
        if waiting:
            await station.alarms.command("acknowledge", waiting, SUPERVISOR, "seen (soak)")


def _production_bays(station: Station, count: int) -> list[tuple[CellShuttle, int, str]]:
    """The first empty bay of each shuttle, round the plant, until ``count``."""
    shuttles = [d for d in station.devices.values() if isinstance(d, CellShuttle)]
    cellqs = [d.device_id for d in station.devices.values() if d.kind == "cellq"]
    chosen: list[tuple[CellShuttle, int, str]] = []
    taken: set[tuple[str, int]] = set()
    while len(chosen) < count:
        before = len(chosen)
        for shuttle in shuttles:
            for bay in range(1, shuttle.bays + 1):
                state = shuttle.value(f"{shuttle.device_id}/bay-{bay:02d}/process/state")
                if state == "empty" and (shuttle.device_id, bay) not in taken:
                    taken.add((shuttle.device_id, bay))
                    chosen.append((shuttle, bay, cellqs[len(chosen) % len(cellqs)]))
                    break
            if len(chosen) == count:
                break
        if len(chosen) == before:
            break  # no empty bay left
    return chosen


async def _soak(
    plant: PlantConfig,
    folder: Path,
    *,
    days: float,
    speed: float,
    batches: int,
    samples: int,
    recipe: Recipe | None,
    warmup_days: float,
    until_completed: int = 0,
    max_wall_s: float = 0.0,
) -> dict[str, object]:
    loop = asyncio.get_running_loop()
    station = Station(plant, folder / "soak.sqlite3", sim_speed=speed, audit_key=folder / "k")
    wall_start = time.monotonic()
    await station.start()
    # Lag figures in a C array: a month at 20 a second is 50,000 values, which as a list
    # of floats would be Python objects the soak itself adds to the memory it measures.
    lags = array.array("d")
    production = _Production(
        station, await _released(station, recipe), _production_bays(station, batches)
    )
    production.start()
    background = [
        loop.create_task(_lag_probe(lags), name="soak-lag-probe"),
        loop.create_task(_trouble(station, random.Random(30)), name="soak-trouble"),
    ]
    run_s = days * 86_400.0 / speed
    sim_start = station.clock.now()

    def sim_days() -> float:
        return (station.clock.now() - sim_start) / 86_400.0

    # Start-up allocates what a station needs once, and every production bay gets its
    # first batch: growth is measured from after that.
    deadline = time.monotonic() + min(30.0, run_s / 2)
    while production.started < len(production.bays) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    settle_s = min(10.0, run_s * 0.05)
    sampled: list[SoakSample] = []

    def take() -> None:
        memory = read_memory()
        sampled.append(
            SoakSample(
                sim_day=round(sim_days(), 2),
                rss_mb=memory.rss_mb,
                sqlite_mb=memory.sqlite_mb,
                malloc_free_mb=memory.malloc_free_mb,
                python_blocks=memory.python_blocks,
                tasks=long_lived(tasks := asyncio.all_tasks(loop)),
                all_tasks=len(tasks),
                timers=timers(loop),
                alarms=len(station.alarm_engine.alarms),
            )
        )

    warm_index = 0
    try:
        await asyncio.sleep(settle_s)
        take()
        for day in _sample_days(days, warmup_days, samples):
            await asyncio.sleep(max(0.0, (day - sim_days()) * 86_400.0 / speed))
            take()
            if day == warmup_days:
                warm_index = len(sampled) - 1

        # A starved machine falls behind the simulated clock (values go stale, batches
        # hold): run on until production has turned over, within the wall-clock cap.
        def turned_over() -> bool:
            restarted = production.started - len(production.bays)
            return min(production.completed, restarted) >= until_completed

        while not turned_over() and time.monotonic() - wall_start < max_wall_s:
            await asyncio.sleep(1.0)
        if not turned_over():
            log.warning(
                "soak: %d of %d batches completed within %.0f s",
                production.completed,
                until_completed,
                max_wall_s,
            )
        elif until_completed:
            take()
    finally:
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        await production.stop()
        counts = _record_counts(station)
        await station.stop()
    first, last = sampled[0], sampled[-1]
    return {
        "soak_days": days,
        "soak_speed": speed,
        "soak_sim_days": round(sim_days(), 2),
        "soak_wall_s": round(time.monotonic() - wall_start, 1),
        "soak_devices": len(station.devices),
        "soak_bays": sum(shuttle.bays for shuttle in plant.shuttles),
        **memory_figures(sampled, warm_index),
        "soak_tasks_start": first.tasks,
        "soak_tasks_end": last.tasks,
        "soak_tasks_max": max(s.tasks for s in sampled),
        "soak_all_tasks_start": first.all_tasks,
        "soak_all_tasks_end": last.all_tasks,
        "soak_all_tasks_max": max(s.all_tasks for s in sampled),
        "soak_timers_start": first.timers,
        "soak_timers_end": last.timers,
        "soak_timers_max": max(s.timers for s in sampled),
        "soak_alarms_start": first.alarms,
        "soak_alarms_end": last.alarms,
        "soak_loop_lag_p50_ms": _quantile(lags, 50),
        "soak_loop_lag_p99_ms": _quantile(lags, 99),
        "soak_loop_lag_max_ms": round(max(lags), 1) if lags else float("nan"),
        "soak_recipe": production.recipe.id,
        "soak_batch_bays": len(production.bays),
        "soak_batches_started": production.started,
        "soak_batches_completed": production.completed,
        "soak_batches_ended_otherwise": production.ended_otherwise,
        "soak_holds_restarted": production.holds_restarted,
        **{f"soak_{name}": value for name, value in counts.items()},
    }


def _sample_days(days: float, warmup_days: float, samples: int) -> list[float]:
    """Simulated days to sample at after the start: the end of the warm-up, then evenly
    to the end of the run (``samples`` in all, with the start)."""
    if samples < 3 or warmup_days >= days:
        return [days]
    rest = samples - 2
    after = [warmup_days + (days - warmup_days) * i / rest for i in range(1, rest + 1)]
    return [warmup_days, *after]


def memory_figures(sampled: list[SoakSample], warm_index: int) -> dict[str, object]:
    """Resident memory at the start, after the warm-up and at the end, and whether it
    stayed flat: after the warm-up, no sample above the warm-up value by more than
    ``FLAT_LIMIT_MB`` (the highest sample counts, not only the last)."""
    first, warm, last = sampled[0], sampled[warm_index], sampled[-1]
    after_warmup = max(s.rss_mb for s in sampled[warm_index:])
    growth = round(after_warmup - warm.rss_mb, 1)

    def change(values: tuple[float | None, float | None]) -> float | None:
        start, end = values
        return None if start is None or end is None else round(end - start, 1)

    sqlite_growth = change((first.sqlite_mb, last.sqlite_mb))
    total_growth = round(last.rss_mb - first.rss_mb, 1)
    return {
        "soak_warmup_sim_day": warm.sim_day,
        "soak_rss_start_mb": first.rss_mb,
        "soak_rss_warm_mb": warm.rss_mb,
        "soak_rss_end_mb": last.rss_mb,
        "soak_rss_growth_mb": total_growth,
        "soak_rss_growth_after_warmup_mb": growth,
        "soak_rss_flat_limit_mb": FLAT_LIMIT_MB,
        "soak_rss_flat": growth < FLAT_LIMIT_MB,
        # Growth from the start that SQLite's caches filling (a bounded budget) does not
        # explain: what a short run can judge before the caches are full.
        "soak_rss_growth_beyond_sqlite_mb": (
            None if sqlite_growth is None else round(total_growth - sqlite_growth, 1)
        ),
        "soak_rss_samples_mb": [s.rss_mb for s in sampled],
        "soak_sample_sim_days": [s.sim_day for s in sampled],
        "soak_sqlite_mb": [s.sqlite_mb for s in sampled],
        "soak_sqlite_cache_budget_mb": SQLITE_CACHE_BUDGET_MIB,  # MB = MiB here, as RSS
        "soak_malloc_free_mb": [s.malloc_free_mb for s in sampled],
        "soak_python_blocks_k": [round(s.python_blocks / 1000) for s in sampled],
    }


async def _lag_probe(lags: array.array[float]) -> None:
    """How late a short sleep wakes: what every timer on the core loop suffers."""
    loop = asyncio.get_running_loop()
    while True:
        before = loop.time()
        await asyncio.sleep(LAG_PROBE_S)
        lags.append((loop.time() - before - LAG_PROBE_S) * 1000.0)


def _quantile(values: Sequence[float], percent: int) -> float:
    return round(percentile(values, percent), 1)


def _record_counts(station: Station) -> dict[str, int | float]:
    assert station.db is not None
    conn = station.db.conn
    counts: dict[str, int | float] = {
        f"{table}_rows": conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("audit_trail", "batch_events", "deviations", "alarm_events")
    }
    size = sum(
        path.stat().st_size
        for path in station.db_path.parent.glob(station.db_path.name + "*")
        if path.is_file()
    )
    counts["db_mb"] = round(size / 2**20, 1)
    return counts


def bench_soak(
    plant_file: Path | None = None,
    *,
    days: float = 30.0,
    speed: float = 1000.0,
    batches: int = 16,
    samples: int = 12,
    recipe: Recipe | None = None,
    warmup_days: float | None = None,
    until_completed: int = 0,
    max_wall_s: float = 0.0,
) -> dict[str, object]:
    """Run the soak (default: the full site, 30 days at 1000x, about 43 minutes, making
    CAR-T batches; ``recipe`` makes another product, e.g. a short one for a test).
    Memory after ``warmup_days`` (default: the first tenth) is the reference for
    "flat". With ``until_completed``, run past ``days`` until that many batches
    completed and as many new ones started, for at most ``max_wall_s`` seconds of wall
    time in all."""
    warmup = WARMUP_SHARE * days if warmup_days is None else warmup_days
    if days <= 0 or speed <= 0 or batches < 0 or samples < 2 or not 0 <= warmup < days:
        raise ValueError(
            "soak needs days > 0, speed > 0, batches >= 0, samples >= 2 and a warm-up "
            "shorter than the run"
        )
    plant = load_plant(plant_file or shipped_plant_path("full-site.toml"))
    with tempfile.TemporaryDirectory(prefix="celldeck-soak-") as folder:
        return asyncio.run(
            _soak(
                plant,
                Path(folder),
                days=days,
                speed=speed,
                batches=batches,
                samples=samples,
                recipe=recipe,
                warmup_days=warmup,
                until_completed=until_completed,
                max_wall_s=max_wall_s,
            )
        )
