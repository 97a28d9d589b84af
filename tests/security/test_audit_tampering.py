"""Tampering with a station's audit trail using nothing but sqlite3 on the file: every
edit, insertion and deletion is found by verification and named by entry, also when the
tamperer dropped the append-only triggers and recomputed the whole hash chain (the seal
key is not in the database), and ``celldeck audit verify`` exits 1 saying where."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.alarms.definitions import Priority
from app.cli import main
from app.records.audit import GENESIS_HASH, HASHED_FIELDS, checkpoint_path_for, entry_hash
from app.records.audit import verify_database as verify
from app.station import Station
from tests.reliability.conftest import OPERATOR, SUPERVISOR, compact_plant, start_batch

COLUMNS = (*HASHED_FIELDS, "hash", "mac")


@dataclass(frozen=True)
class Trail:
    db: Path
    key: Path
    checkpoint: Path
    entries: int


async def _make_trail(db: Path, key: Path) -> None:
    """A real trail: a batch worked by people, alarms acknowledged and shelved."""
    station = Station(compact_plant(), db, sim_speed=100_000.0, audit_key=key)
    await station.start()
    try:
        batch, crew = await start_batch(station)
        await crew.run(until=lambda b: b.step_index >= 2, timeout_s=20)
        for number in range(5):  # enough entries whatever the crew got done meanwhile
            await station.call_batches("comment", batch.batch_id, OPERATOR, f"note {number}")
        engine = station.alarm_engine
        assert station.alarms is not None
        for number in range(3):
            alarm_id = engine.raise_external(
                f"tamper-test-{number}",
                source="shuttle-01/bay-02",
                device_id="shuttle-01",
                area="Hall R",
                priority=Priority.MEDIUM,
                message="tamper test",
            )
            await station.alarms.command("acknowledge", [alarm_id], SUPERVISOR, "seen")
        await station.alarms.command("shelve", alarm_id, SUPERVISOR, 60.0, "probe work")
    finally:
        await station.stop()


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Trail:
    folder = tmp_path_factory.mktemp("trail")
    db, key = folder / "station.sqlite3", folder / "audit.key"
    asyncio.run(_make_trail(db, key))
    result = verify(db, key, checkpoint_path_for(key, db))
    assert result.ok and result.checked >= 20, result  # tampering goes up to entry 11
    return Trail(db, key, checkpoint_path_for(key, db), result.checked)


@pytest.fixture
def trail(original: Trail, tmp_path: Path) -> Trail:
    """A copy of the station's files to tamper with."""
    db = tmp_path / "station.sqlite3"
    shutil.copy(original.db, db)
    checkpoint = tmp_path / original.checkpoint.name
    shutil.copy(original.checkpoint, checkpoint)
    return Trail(db, original.key, checkpoint, original.entries)


def rows(conn: sqlite3.Connection) -> list[dict[str, object]]:
    cursor = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_trail ORDER BY seq")
    return [dict(zip(COLUMNS, row, strict=True)) for row in cursor]


def drop_triggers(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER audit_trail_no_update")
    conn.execute("DROP TRIGGER audit_trail_no_delete")


def rewrite(conn: sqlite3.Connection, entries: list[dict[str, object]], mac_key: bytes) -> None:
    """Replace the whole trail by ``entries`` renumbered, the chain recomputed with the
    published recipe, sealed with a key of the tamperer's (the station's is elsewhere)."""
    conn.execute("DELETE FROM audit_trail")
    prev = GENESIS_HASH
    for seq, entry in enumerate(entries, start=1):
        row = {**entry, "seq": seq, "prev_hash": prev}
        row["hash"] = prev = entry_hash(row)
        row["mac"] = hmac.new(mac_key, prev.encode(), hashlib.sha256).hexdigest()
        conn.execute(
            f"INSERT INTO audit_trail ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * 14)})",
            tuple(row[c] for c in COLUMNS),
        )


def forged(after: dict[str, object], seq: int) -> dict[str, object]:
    row = {
        **after,
        "seq": seq,
        "user_id": "sup1",
        "action": "batch.state",
        "reason": "approved by phone",
        "prev_hash": after["hash"],
    }
    row["hash"] = entry_hash(row)
    row["mac"] = "0" * 64
    return row


def edit(conn: sqlite3.Connection, all_rows: list[dict[str, object]]) -> int:
    drop_triggers(conn)
    conn.execute("UPDATE audit_trail SET reason = 'nothing happened' WHERE seq = 5")
    return 5


def delete_middle(conn: sqlite3.Connection, all_rows: list[dict[str, object]]) -> int:
    drop_triggers(conn)
    conn.execute("DELETE FROM audit_trail WHERE seq = 7")
    return 7


def insert_middle(conn: sqlite3.Connection, all_rows: list[dict[str, object]]) -> int:
    drop_triggers(conn)
    for row in reversed(all_rows[9:]):  # make room at 10
        conn.execute("UPDATE audit_trail SET seq = seq + 1 WHERE seq = ?", (row["seq"],))
    row = forged(all_rows[8], 10)
    conn.execute(
        f"INSERT INTO audit_trail ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * 14)})",
        tuple(row[c] for c in COLUMNS),
    )
    return 10


def append_forged(conn: sqlite3.Connection, all_rows: list[dict[str, object]]) -> int:
    row = forged(all_rows[-1], len(all_rows) + 1)  # triggers allow inserts
    conn.execute(
        f"INSERT INTO audit_trail ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * 14)})",
        tuple(row[c] for c in COLUMNS),
    )
    return len(all_rows) + 1


def delete_tail(conn: sqlite3.Connection, all_rows: list[dict[str, object]]) -> int:
    drop_triggers(conn)
    conn.execute("DELETE FROM audit_trail WHERE seq > ?", (len(all_rows) - 2,))
    return len(all_rows) - 1


def edit_and_rechain(conn: sqlite3.Connection, all_rows: list[dict[str, object]]) -> int:
    drop_triggers(conn)
    changed = [dict(row) for row in all_rows]
    changed[4]["new_value"] = '"Complete"'
    rewrite(conn, changed, b"tamperer's own key")
    return 1  # nothing is sealed with the station's key any more


def delete_and_rechain(conn: sqlite3.Connection, all_rows: list[dict[str, object]]) -> int:
    drop_triggers(conn)
    rewrite(conn, all_rows[:6] + all_rows[7:], b"tamperer's own key")
    return 1


def insert_and_rechain(conn: sqlite3.Connection, all_rows: list[dict[str, object]]) -> int:
    drop_triggers(conn)
    rewrite(conn, [*all_rows[:3], forged(all_rows[2], 4), *all_rows[3:]], b"tamperer's own key")
    return 1


def rechain_keeping_old_seals(conn: sqlite3.Connection, all_rows: list[dict[str, object]]) -> int:
    """Recompute the chain after an edit but keep each row's old seal: the first edited
    entry's seal no longer fits its hash."""
    drop_triggers(conn)
    prev = all_rows[10]["prev_hash"]
    for row in all_rows[10:]:
        row = {**row, "prev_hash": prev}
        if row["seq"] == 11:
            row["reason"] = "within limits"
        row["hash"] = prev = entry_hash(row)
        conn.execute(
            "UPDATE audit_trail SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (row["reason"], row["prev_hash"], row["hash"], row["seq"]),
        )
    return 11


TAMPERING: dict[str, tuple[Callable[..., int], str]] = {
    "edit": (edit, "hash mismatch at entry 5"),
    "delete": (delete_middle, "chain link mismatch at entry 7"),
    "insert": (insert_middle, "MAC mismatch at entry 10"),
    "append": (append_forged, "MAC mismatch at entry"),
    "cut the tail": (delete_tail, "checkpoint mismatch"),
    "edit, chain recomputed": (rechain_keeping_old_seals, "MAC mismatch at entry 11"),
    "edit, chain recomputed and resealed": (edit_and_rechain, "MAC mismatch at entry 1"),
    "delete, chain recomputed and resealed": (delete_and_rechain, "MAC mismatch at entry 1"),
    "insert, chain recomputed and resealed": (insert_and_rechain, "MAC mismatch at entry 1"),
}


def test_the_triggers_refuse_edits_and_deletes(trail: Trail):
    conn = sqlite3.connect(trail.db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_trail SET reason = 'x' WHERE seq = 3")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_trail WHERE seq = 3")
    finally:
        conn.close()
    assert verify(trail.db, trail.key, trail.checkpoint).ok


@pytest.mark.parametrize("how", list(TAMPERING))
def test_tampering_is_detected_and_named(trail: Trail, how: str):
    tamper, problem = TAMPERING[how]
    conn = sqlite3.connect(trail.db, isolation_level=None)
    try:
        conn.execute("BEGIN")
        first_broken = tamper(conn, rows(conn))
        conn.execute("COMMIT")
    finally:
        conn.close()
    result = verify(trail.db, trail.key, trail.checkpoint)
    assert not result.ok
    assert problem in result.problem, result.problem
    assert result.first_broken_seq == first_broken, result.problem


def test_celldeck_audit_verify_exits_1_naming_the_entry(trail: Trail, capsys):
    db_args = ["--db", str(trail.db), "--audit-key", str(trail.key)]
    # The CLI finds the checkpoint beside the key by the database's path.
    shutil.copy(trail.checkpoint, checkpoint_path_for(trail.key, trail.db))
    assert main([*db_args, "audit", "verify"]) == 0
    conn = sqlite3.connect(trail.db, isolation_level=None)
    try:
        edit(conn, rows(conn))
    finally:
        conn.close()
    capsys.readouterr()
    assert main([*db_args, "audit", "verify"]) == 1
    assert "AUDIT TRAIL BROKEN at entry 5: hash mismatch" in capsys.readouterr().err


def test_a_replaced_checkpoint_is_detected(trail: Trail):
    trail.checkpoint.write_text('{"seq": 3, "hash": "' + "0" * 64 + '", "mac": "' + "1" * 64 + '"}')
    result = verify(trail.db, trail.key, trail.checkpoint)
    assert not result.ok and "not sealed with this station's audit key" in result.problem
