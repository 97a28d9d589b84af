"""The role matrix, enforced by the real commands: one test per role (and one signed
out) drives every command of every permission in ``app.security`` through the station
(alarm service, batch engine, user store). A command is carried out exactly when the
matrix allows the role; a refusal is ``PermissionDenied`` with a sentence, and leaves
the target as it was and nothing in the records."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.alarms.definitions import Priority
from app.alarms.states import AlarmState
from app.batch import Batch, BatchState, Recipe
from app.batch.states import TRANSIENT
from app.config import parse_plant
from app.records import users as users_module
from app.security import PERMISSIONS, Actor, Permission, PermissionDenied, Role
from app.station import Station
from hardware import CellShuttle, Quality, Sample
from tests.app.batch.conftest import released, small_recipe
from tests.reliability.conftest import COMPACT_PLANT, wait_until

S = BatchState
PASSWORD = "Role-Matrix-2468x"
NEW_PASSWORD = "Role-Matrix-1357y"


@dataclass
class World:
    """A started station with one signed-in person per role."""

    station: Station
    people: dict[Role, Actor]
    reviewer: Actor  # QA, for records another QA person approves
    bays: itertools.count = field(default_factory=lambda: itertools.count(1))
    serial: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def supervisor(self) -> Actor:
        return self.people[Role.SUPERVISOR]

    @property
    def admin(self) -> Actor:
        return self.people[Role.ADMINISTRATOR]

    def records(self) -> tuple[int, ...]:
        """How many entries the records commands write hold (a refusal adds none)."""
        assert self.station.db is not None
        conn = self.station.db.conn
        return tuple(
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in (
                "audit_trail",
                "batch_events",
                "deviations",
                "account_events",
                "signatures",
                "recipe_releases",
            )
        )

    async def settle(self) -> None:
        """Let the batch engine finish what earlier commands started (Holding -> Held...),
        so that what it records on its own is not taken for the next command's."""
        assert self.station.batches is not None
        engine = self.station.batches
        await wait_until(lambda: not any(b.state in TRANSIENT for b in engine.batches.values()))


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)


async def signed_in_user(station: Station, admin: Actor, user_id: str, role: Role) -> Actor:
    await station.call_users("create_user", admin, user_id, role.value, role, PASSWORD)
    await station.call_users("change_password", user_id, PASSWORD, NEW_PASSWORD)
    return await station.call_users("sign_in", user_id, NEW_PASSWORD)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    plant = parse_plant(COMPACT_PLANT.replace("bays = 4", "bays = 32"), "<permissions plant>")
    station = Station(
        plant, tmp_path / "station.sqlite3", sim_speed=100.0, audit_key=tmp_path / "audit.key"
    )
    await station.start()
    try:
        admin = await station.call_users("create_first_administrator", "admin", "Ada", PASSWORD)
        people = {Role.ADMINISTRATOR: admin}
        for role in Role:
            if role is Role.ADMINISTRATOR:
                continue
            people[role] = await signed_in_user(station, admin, f"{role.value}-1", role)
        # A second QA person: a record is approved by someone other than its reviewer.
        reviewer = await signed_in_user(station, admin, "qa-reviewer", Role.QA)
        # The small recipe is released here, as QA does before production runs it.
        await released(station, small_recipe())
        yield World(station, people, reviewer)
    finally:
        await station.stop()


# -- targets: what each command acts on, made fresh for every attempt ---------------------


async def external_alarm(world: World) -> str:
    """An annunciated alarm waiting for acknowledgement (a batch deviation's kind)."""
    return world.station.alarm_engine.raise_external(
        f"permission-test-{next(world.serial)}",
        source="shuttle-01/bay-01",
        device_id="shuttle-01",
        area="Hall R",
        priority=Priority.MEDIUM,
        message="permission test",
    )


async def shelved_alarm(world: World) -> str:
    alarm_id = await external_alarm(world)
    assert world.station.alarms is not None
    await world.station.alarms.command("shelve", alarm_id, world.supervisor, 600.0, "probe work")
    return alarm_id


async def out_of_service_alarm(world: World) -> str:
    alarm_id = await external_alarm(world)
    assert world.station.alarms is not None
    await world.station.alarms.command(
        "remove_from_service", alarm_id, world.supervisor, "sensor replaced"
    )
    return alarm_id


async def latched_alarm(world: World) -> str:
    """A latched module-fault alarm whose cause is gone and which was acknowledged."""
    bay = next(world.bays)
    path = f"shuttle-01/bay-{bay:02d}/process/state"
    engine = world.station.alarm_engine
    engine.on_samples([Sample(path, "fault", Quality.GOOD, None, 1.0, 1.0)])
    engine.on_samples([Sample(path, "stopped", Quality.GOOD, None, 2.0, 2.0)])
    alarm_id = f"bay-module-fault@shuttle-01/bay-{bay:02d}"
    assert world.station.alarms is not None
    await world.station.alarms.command("acknowledge", [alarm_id], world.supervisor, "seen")
    assert engine.alarms[alarm_id].state is AlarmState.LATCH_ACK
    return alarm_id


def alarm_state(world: World, alarm_id: str) -> AlarmState:
    return world.station.alarm_engine.alarms[alarm_id].state


async def batch_in(world: World, state: str) -> Batch:
    """A batch of the small recipe on a bay of its own, brought to ``state`` by a
    supervisor: Idle, Running (at its first manual step), Scanned (identity done),
    Paused, Held or Stopped."""
    bay = next(world.bays)
    station, supervisor = world.station, world.supervisor
    batch: Batch = await station.call_batches(
        "create_batch",
        small_recipe(),
        supervisor,
        barcode=f"CDK-PERM-{bay:04d}",
        coi=f"COI-PERM-{bay:06d}",
        shuttle="shuttle-01",
        bay=bay,
    )
    if state == "Idle":
        return batch
    await station.call_batches("start_batch", batch.batch_id, supervisor)
    if state == "Scanned":
        await station.call_batches("scan", batch.batch_id, supervisor, "cartridge", batch.barcode)
    elif state == "Paused":
        await station.call_batches("pause", batch.batch_id, supervisor, "break")
    elif state in ("Held", "Stopped"):
        await station.call_batches("hold", batch.batch_id, supervisor, "check")
        await wait_until(lambda: batch.state is S.HELD)
        if state == "Stopped":
            await station.call_batches("stop_batch", batch.batch_id, supervisor, "ended")
    await wait_until(lambda: batch.state.value == state or state in ("Running", "Scanned"))
    return batch


def open_batch(world: World, batch_id: str) -> Batch | None:
    assert world.station.batches is not None
    return world.station.batches.batches.get(batch_id)


async def user_account(world: World) -> str:
    user_id = f"target-{next(world.serial)}"
    await world.station.call_users(
        "create_user", world.admin, user_id, "Target Person", Role.OPERATOR, PASSWORD
    )
    return user_id


def account(world: World, user_id: str) -> Any:
    assert world.station.users is not None
    return world.station.users.user(user_id)


# -- every command, under the permission it needs ------------------------------------------


@dataclass(frozen=True)
class Command:
    permission: Permission
    name: str
    prepare: Callable[[World], Awaitable[Any]]
    attempt: Callable[[World, Actor | None, Any], Awaitable[Any]]
    done: Callable[[World, Any], bool]  # the command's effect is there


@dataclass
class RecordTarget:
    """A finished batch's record, as the person acting has it open."""

    batch_id: str
    content_hash: str
    record: Any
    result: Any = None


async def finished_record(world: World, *, reviewed: bool = False) -> RecordTarget:
    batch = await batch_in(world, "Stopped")
    station = world.station
    if reviewed:
        record = await station.call_records("record", batch.batch_id)
        station.records.sign(world.reviewer, batch.batch_id, "reviewed", record.content_hash)
    record = await station.call_records("record", batch.batch_id)
    return RecordTarget(batch.batch_id, record.content_hash, record)


def signed_as(world: World, target: RecordTarget, meaning: str) -> bool:
    assert world.station.signatures is not None
    found = world.station.signatures.for_record("batch-record", target.batch_id)
    return any(signature.meaning == meaning for signature in found)


async def export(world: World, actor: Actor | None, target: RecordTarget) -> None:
    target.result = await world.station.call_records("record_for_export", actor, target.batch_id)


def exported(world: World, target: RecordTarget) -> bool:
    assert world.station.db is not None
    row = world.station.db.conn.execute(
        "SELECT COUNT(*) FROM audit_trail WHERE action = 'record.export' AND target LIKE ?",
        (f"% {target.batch_id}",),
    ).fetchone()
    return row[0] > 0


async def loaded_bay(world: World) -> str:
    """The temperature setpoint of a bay holding a cartridge."""
    bay = next(world.bays)
    shuttle = world.station.devices["shuttle-01"]
    assert isinstance(shuttle, CellShuttle)
    await shuttle.load_cartridge(bay, f"CDK-SP-{bay:04d}", f"COI-SP-{bay:06d}")
    return shuttle.bay_path(bay, "bioreactor/temperature_sp")


async def new_recipe_version(world: World) -> Recipe:
    """A version of the small recipe this station has never seen."""
    return small_recipe(**{'version = "0.1"': f'version = "0.{100 + next(world.serial)}"'})


async def released_recipe_version(world: World) -> Recipe:
    return await released(world.station, await new_recipe_version(world))


def recipe_state(world: World, recipe: Recipe) -> str | None:
    assert world.station.recipe_releases is not None
    latest = world.station.recipe_releases.latest(recipe.id, recipe.version)
    return None if latest is None else latest.state


def alarms(world: World) -> Any:
    assert world.station.alarms is not None
    return world.station.alarms


def batches(world: World, method: str, *args: Any, **kwargs: Any) -> Awaitable[Any]:
    return world.station.call_batches(method, *args, **kwargs)


def users(world: World, method: str, *args: Any) -> Awaitable[Any]:
    return world.station.call_users(method, *args)


P = Permission
COMMANDS = [
    Command(P.ALARM_ACKNOWLEDGE, "acknowledge", external_alarm,
            lambda w, a, t: alarms(w).command("acknowledge", [t], a, "seen"),
            lambda w, t: alarm_state(w, t) is AlarmState.NORM),
    Command(P.ALARM_RESET, "reset", latched_alarm,
            lambda w, a, t: alarms(w).command("reset", t, a, "module reset"),
            lambda w, t: alarm_state(w, t) is AlarmState.NORM),
    Command(P.ALARM_SHELVE, "shelve", external_alarm,
            lambda w, a, t: alarms(w).command("shelve", t, a, 600.0, "probe work"),
            lambda w, t: alarm_state(w, t) is AlarmState.SHLVD),
    Command(P.ALARM_SHELVE, "unshelve", shelved_alarm,
            lambda w, a, t: alarms(w).command("unshelve", t, a, "work done"),
            lambda w, t: alarm_state(w, t) is not AlarmState.SHLVD),
    Command(P.ALARM_OUT_OF_SERVICE, "remove from service", external_alarm,
            lambda w, a, t: alarms(w).command("remove_from_service", t, a, "sensor out"),
            lambda w, t: alarm_state(w, t) is AlarmState.OOSRV),
    Command(P.ALARM_OUT_OF_SERVICE, "return to service", out_of_service_alarm,
            lambda w, a, t: alarms(w).command("return_to_service", t, a, "sensor back"),
            lambda w, t: alarm_state(w, t) is not AlarmState.OOSRV),
    Command(P.USER_MANAGE, "create user", lambda w: _fresh_id(w),
            lambda w, a, t: users(w, "create_user", a, t, "New Person", Role.OPERATOR, PASSWORD),
            lambda w, t: account(w, t) is not None),
    Command(P.USER_MANAGE, "change role", user_account,
            lambda w, a, t: users(w, "set_role", a, t, Role.QA),
            lambda w, t: account(w, t).role is Role.QA),
    Command(P.USER_MANAGE, "reset password", user_account,
            lambda w, a, t: users(w, "reset_password", a, t, NEW_PASSWORD),
            lambda w, t: _password_is(w, t, NEW_PASSWORD)),
    Command(P.USER_MANAGE, "deactivate", user_account,
            lambda w, a, t: users(w, "deactivate", a, t),
            lambda w, t: not account(w, t).active),
    Command(P.BATCH_START, "create batch", lambda w: _fresh_bay(w),
            lambda w, a, t: batches(w, "create_batch", small_recipe(), a, barcode=f"CDK-NEW-{t}",
                                    coi=f"COI-NEW-{t}", shuttle="shuttle-01", bay=t),
            lambda w, t: any(b.bay == t for b in w.station.batches.batches.values())),
    Command(P.BATCH_START, "start", lambda w: batch_in(w, "Idle"),
            lambda w, a, t: batches(w, "start_batch", t.batch_id, a),
            lambda w, t: t.state is S.RUNNING),
    Command(P.BATCH_CONTROL, "pause", lambda w: batch_in(w, "Running"),
            lambda w, a, t: batches(w, "pause", t.batch_id, a, "break"),
            lambda w, t: t.state in (S.PAUSING, S.PAUSED)),
    Command(P.BATCH_CONTROL, "resume", lambda w: batch_in(w, "Paused"),
            lambda w, a, t: batches(w, "resume", t.batch_id, a),
            lambda w, t: t.state is S.RUNNING),
    Command(P.BATCH_CONTROL, "hold", lambda w: batch_in(w, "Running"),
            lambda w, a, t: batches(w, "hold", t.batch_id, a, "leak?"),
            lambda w, t: t.state in (S.HOLDING, S.HELD)),
    Command(P.BATCH_RESTART, "restart", lambda w: batch_in(w, "Held"),
            lambda w, a, t: batches(w, "restart", t.batch_id, a, "checked"),
            lambda w, t: t.state in (S.RESTARTING, S.RUNNING)),
    Command(P.BATCH_STOP, "stop", lambda w: batch_in(w, "Held"),
            lambda w, a, t: batches(w, "stop_batch", t.batch_id, a, "patient withdrew"),
            lambda w, t: t.state in (S.STOPPING, S.STOPPED)),
    Command(P.BATCH_ABORT, "abort", lambda w: batch_in(w, "Running"),
            lambda w, a, t: batches(w, "abort", t.batch_id, a, "cartridge leak"),
            lambda w, t: t.state in (S.ABORTING, S.ABORTED)),
    Command(P.BATCH_RESET, "reset", lambda w: batch_in(w, "Stopped"),
            lambda w, a, t: batches(w, "reset", t.batch_id, a),
            lambda w, t: open_batch(w, t.batch_id) is None),
    Command(P.BATCH_EXECUTE, "scan", lambda w: batch_in(w, "Running"),
            lambda w, a, t: batches(w, "scan", t.batch_id, a, "cartridge", t.barcode),
            lambda w, t: "cartridge" in t.progress.scans),
    Command(P.BATCH_EXECUTE, "confirm", lambda w: batch_in(w, "Scanned"),
            lambda w, a, t: batches(w, "confirm", t.batch_id, a, 0),
            lambda w, t: t.progress.confirmations == [0]),
    Command(P.BATCH_EXECUTE, "enter", lambda w: batch_in(w, "Scanned"),
            lambda w, a, t: batches(w, "enter", t.batch_id, a, "volume", 100.0),
            lambda w, t: t.progress.entries == {"volume": 100.0}),
    Command(P.BATCH_EXECUTE, "comment", lambda w: batch_in(w, "Running"),
            lambda w, a, t: batches(w, "comment", t.batch_id, a, "cells look fine"),
            lambda w, t: bool(w.station.batches.events(t.batch_id, "comment"))),
    Command(P.RECORD_REVIEW, "review a batch record", finished_record,
            lambda w, a, t: _sign_record(w, a, t, "reviewed"),
            lambda w, t: signed_as(w, t, "reviewed")),
    Command(P.RECORD_APPROVE, "approve a batch record",
            lambda w: finished_record(w, reviewed=True),
            lambda w, a, t: _sign_record(w, a, t, "approved"),
            lambda w, t: signed_as(w, t, "approved")),
    Command(P.RECORD_EXPORT, "open a record for export", finished_record, export,
            lambda w, t: t.result is not None),
    Command(P.SETPOINT_WRITE, "write a setpoint", loaded_bay,
            lambda w, a, t: w.station.write_setpoint(a, t, 36.4, "cells too warm"),
            lambda w, t: w.station.devices["shuttle-01"].value(t) == 36.4),
    Command(P.RECIPE_RELEASE, "release a recipe", new_recipe_version,
            lambda w, a, t: w.station.release_recipe_as(a, t, "approved"),
            lambda w, t: recipe_state(w, t) == "released"),
    Command(P.RECIPE_RELEASE, "withdraw a recipe", released_recipe_version,
            lambda w, a, t: w.station.withdraw_recipe(a, t.id, t.version, "superseded"),
            lambda w, t: recipe_state(w, t) == "withdrawn"),
    Command(P.RECORD_EXPORT, "put an export on record", finished_record,
            lambda w, a, t: w.station.call_records("note_export", a, t.record, ["br.pdf"]),
            exported),
]  # fmt: skip


async def _sign_record(world: World, actor: Actor | None, target: RecordTarget, meaning: str):
    """What ``Station.sign_batch_record`` does once the signer re-authenticated."""
    assert world.station.records is not None
    return world.station.records.sign(actor, target.batch_id, meaning, target.content_hash)


async def _fresh_id(world: World) -> str:
    return f"new-{next(world.serial)}"


async def _fresh_bay(world: World) -> int:
    return next(world.bays)


def _password_is(world: World, user_id: str, password: str) -> bool:
    assert world.station.db is not None
    row = world.station.db.conn.execute(
        "SELECT password_hash FROM users WHERE user_id = ?", (user_id,)
    ).fetchone()
    return users_module.verify_secret(password, row[0])


def test_every_permission_is_driven_by_a_command():
    assert set(PERMISSIONS) == set(Permission)
    missing = set(Permission) - {command.permission for command in COMMANDS}
    assert not missing, f"add the commands of {sorted(missing)} to COMMANDS"


def test_the_matrix_keeps_the_separation_of_duties():
    """The policy itself, as QA approved it (a change to the matrix fails here first)."""
    product = {P.BATCH_START, P.BATCH_CONTROL, P.BATCH_EXECUTE}
    for permission in product:
        assert Role.ADMINISTRATOR not in PERMISSIONS[permission]
        assert Role.MAINTENANCE not in PERMISSIONS[permission]
    for permission in (P.BATCH_RESTART, P.BATCH_STOP, P.BATCH_ABORT, P.BATCH_RESET):
        assert PERMISSIONS[permission] == {Role.SUPERVISOR}
    assert PERMISSIONS[P.USER_MANAGE] == {Role.ADMINISTRATOR}
    assert PERMISSIONS[P.ALARM_ACKNOWLEDGE] == set(Role)
    # Only QA reviews and approves batch records; production does not release its own.
    assert PERMISSIONS[P.RECORD_REVIEW] == PERMISSIONS[P.RECORD_APPROVE] == {Role.QA}
    assert Role.OPERATOR not in PERMISSIONS[P.ALARM_SHELVE]
    # QA releases the recipes production runs; production never releases its own.
    assert PERMISSIONS[P.RECIPE_RELEASE] == {Role.QA}


@pytest.mark.parametrize("role", [*Role, None], ids=lambda role: role or "signed-out")
async def test_each_command_obeys_the_matrix_for(world: World, role: Role | None):
    actor = None if role is None else world.people[role]
    for command in COMMANDS:
        allowed = role in PERMISSIONS[command.permission]
        target = await command.prepare(world)
        await world.settle()
        before = world.records()
        where = f"{command.name} by {role or 'nobody'}"
        if allowed:
            await command.attempt(world, actor, target)
            assert command.done(world, target), f"{where}: allowed but not carried out"
            continue
        with pytest.raises(PermissionDenied) as refused:
            await command.attempt(world, actor, target)
        message = str(refused.value)
        if role is None:
            assert "sign in first" in message, where
        else:
            assert f"({role.value}) may not" in message, where
        assert not command.done(world, target), f"{where}: refused but carried out"
        assert world.records() == before, f"{where}: refused but recorded"
