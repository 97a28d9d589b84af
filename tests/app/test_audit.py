import concurrent.futures
import enum
import json
import os
import sqlite3
import stat
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.records import audit as audit_module
from app.records.audit import (
    GENESIS_HASH,
    AuditChange,
    AuditError,
    AuditKey,
    AuditKeyError,
    AuditTrail,
    AuditTrailBroken,
    checkpoint_path_for,
    entry_hash,
    verify_database,
)
from app.records.database import open_database
from app.security import Actor, PermissionDenied, Role

STATION = "hall-b-kiosk-1"
T0 = datetime(2031, 3, 1, 8, 0, tzinfo=UTC).timestamp()
SUPERVISOR = Actor("sup1", "Sam Supervisor", Role.SUPERVISOR)
OPERATOR = Actor("op1", "Olga Operator", Role.OPERATOR)
QA = Actor("qa1", "Quinn QA", Role.QA)
ADMIN = Actor("admin", "Ada Admin", Role.ADMINISTRATOR)


class Clock:
    """Station clock the tests move by hand: a quarter second per reading."""

    def __init__(self) -> None:
        self.t = T0

    def __call__(self) -> float:
        self.t += 0.25
        return self.t


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    # The platform's config folder, beside (not inside) the database's folder.
    return tmp_path / "config" / "audit.key"


@pytest.fixture
def checkpoint(key_path: Path) -> Path:
    return key_path.parent / "audit-checkpoint.json"


@pytest.fixture
def trail(db_path: Path, key_path: Path, checkpoint: Path) -> Iterator[AuditTrail]:
    db = open_database(db_path)
    yield AuditTrail(db, AuditKey(key_path), STATION, clock=Clock(), checkpoint_path=checkpoint)
    db.close()


def fill(trail: AuditTrail, count: int) -> None:
    for n in range(1, count + 1):
        trail.record(
            SUPERVISOR,
            "setpoint.write",
            f"shuttle-01/bay-{n:02d}/bioreactor/temperature_sp",
            old_value=37.0,
            new_value=36.5 + n / 10,
            reason=f"deviation DEV-{n}",
        )


def verify(db_path: Path, key_path: Path, checkpoint: Path) -> tuple[bool, int | None, str]:
    result = verify_database(db_path, key_path, checkpoint)
    return result.ok, result.first_broken_seq, result.problem


def tamper(db_path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """What someone with the file and the sqlite3 shell can do: drop the triggers first."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_trail_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_trail_no_delete")
        for statement in statements:
            conn.execute(statement, params if "?" in statement else ())
    finally:
        conn.close()


def rows(db_path: Path) -> list[dict[str, object]]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute("SELECT * FROM audit_trail ORDER BY seq")]
    finally:
        conn.close()


def rechain(db_path: Path, from_seq: int) -> None:
    """Recompute every sha256 from ``from_seq`` on, as an attacker without the key would."""
    tamper(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        prev = GENESIS_HASH
        for row in rows(db_path):
            if row["seq"] >= from_seq:
                row["prev_hash"] = prev
                row["hash"] = entry_hash(row)
                conn.execute(
                    "UPDATE audit_trail SET prev_hash = ?, hash = ? WHERE seq = ?",
                    (row["prev_hash"], row["hash"], row["seq"]),
                )
            prev = row["hash"]
    finally:
        conn.close()


def test_changes_are_read_back_with_who_what_when_values_and_reason(trail: AuditTrail):
    first = trail.record(
        SUPERVISOR,
        "alarm.shelve",
        "shuttle-01/bay-03/temp-high",
        None,
        "shelved 8 h",
        "sensor swap",
    )
    second = trail.record(
        ADMIN, "user.create", "op1", new_value={"role": "operator"}, reason="new starter"
    )
    assert (first, second) == (1, 2)
    entries = trail.entries()
    assert [e.seq for e in entries] == [1, 2]
    shelve, create = entries
    assert (shelve.user_id, shelve.user_name, shelve.role) == (
        "sup1",
        "Sam Supervisor",
        "supervisor",
    )
    assert (shelve.action, shelve.target) == ("alarm.shelve", "shuttle-01/bay-03/temp-high")
    assert (shelve.old_value, shelve.new_value, shelve.reason) == (
        None,
        "shelved 8 h",
        "sensor swap",
    )
    assert shelve.utc == "2031-03-01T08:00:00.250+00:00"  # from the station clock, ms, UTC
    assert shelve.station == STATION and shelve.prev_hash == GENESIS_HASH
    assert create.prev_hash == shelve.hash and create.new_value == {"role": "operator"}
    assert create.utc == "2031-03-01T08:00:00.500+00:00"
    assert [e.seq for e in trail.entries(since_seq=1)] == [2]
    assert [e.seq for e in trail.entries(limit=1)] == [1]


def test_the_stations_own_actions_are_recorded_as_system(trail: AuditTrail):
    # The batch engine's on_audit(actor, action, target, old, new, reason) fits record().
    trail.record(None, "batch.hold", "batch B-0007 expansion", "running", "held", "pH low")
    entry = trail.entries()[0]
    assert (entry.user_id, entry.user_name, entry.role) == ("(system)", "CellDeck", "system")
    assert trail.verify().ok


class Mode(enum.Enum):
    AUTO = "auto"


@pytest.mark.parametrize(
    ("value", "read_back"),
    [
        (None, None),
        (0, 0),
        (-273.15, -273.15),
        (37.25, 37.25),
        (True, True),
        ("", ""),
        ("null", "null"),  # a text, not the absence of a value
        ("培養温度を 37.0 ℃ に変更しました", "培養温度を 37.0 ℃ に変更しました"),
        (
            {"sp": 37.0, "unit": "°C", "名前": "バッチ-07"},
            {"sp": 37.0, "unit": "°C", "名前": "バッチ-07"},
        ),
        ([1, "a", None, {"b": [2.5]}], [1, "a", None, {"b": [2.5]}]),
        ((1, 2), [1, 2]),
        (Role.QA, "qa"),
        (Mode.AUTO, "auto"),
        (datetime(2031, 3, 1, 8, 0, tzinfo=UTC), "2031-03-01T08:00:00+00:00"),
    ],
)
def test_values_round_trip_as_json(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path, value, read_back
):
    trail.record(OPERATOR, "setpoint.write", "tag", old_value=value, new_value=value)
    entry = trail.entries()[0]
    assert entry.old_value == read_back and entry.new_value == read_back
    assert type(entry.new_value) is type(read_back)
    stored = rows(db_path)[0]["new_value"]
    assert stored is None if value is None else json.loads(stored) == read_back
    assert verify(db_path, key_path, checkpoint) == (True, None, "")


def test_bad_entries_are_refused_and_nothing_is_recorded(trail: AuditTrail):
    with pytest.raises(ValueError, match="needs an action"):
        trail.record(OPERATOR, " ", "tag")
    with pytest.raises(ValueError, match="needs a target"):
        trail.record(OPERATOR, "setpoint.write", "")
    with pytest.raises(ValueError, match="new_value cannot be recorded"):
        trail.record(OPERATOR, "setpoint.write", "tag", new_value=float("nan"))
    with pytest.raises(ValueError, match="old_value cannot be recorded"):
        trail.record(OPERATOR, "setpoint.write", "tag", old_value=object())
    with pytest.raises(ValueError, match="needs a target"):  # the whole batch, not part of it
        trail.record_many([AuditChange(OPERATOR, "a.b", "tag"), AuditChange(OPERATOR, "a.b", " ")])
    assert trail.entries() == []


def test_the_database_refuses_update_and_delete(trail: AuditTrail, db_path: Path):
    fill(trail, 3)
    for conn in (trail.db.conn, sqlite3.connect(db_path)):
        for statement in (
            "UPDATE audit_trail SET new_value = '40.0' WHERE seq = 2",
            "UPDATE audit_trail SET reason = ''",
            "DELETE FROM audit_trail WHERE seq = 3",
            "DELETE FROM audit_trail",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(statement)
    assert [e.seq for e in trail.entries()] == [1, 2, 3]
    assert trail.entries()[1].new_value == pytest.approx(36.7)


def test_an_intact_trail_verifies(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    assert trail.verify().ok  # an empty trail is intact
    fill(trail, 5)
    seqs = trail.record_many(
        AuditChange(OPERATOR, "alarm.acknowledge", f"alarm-{n}", reason="seen") for n in range(3)
    )
    assert seqs == [6, 7, 8]
    result = trail.verify()
    assert (result.ok, result.checked, result.first_broken_seq, result.problem) == (
        True,
        8,
        None,
        "",
    )
    assert result.tail_checked
    assert verify_database(db_path, key_path, checkpoint) == result
    saved = json.loads(checkpoint.read_text())
    assert (saved["seq"], saved["hash"]) == (8, trail.entries()[-1].hash)


def test_the_chain_continues_after_reopening_and_across_two_writers(
    db_path: Path, key_path: Path, checkpoint: Path
):
    db = open_database(db_path)
    fill(AuditTrail(db, AuditKey(key_path), STATION, checkpoint_path=checkpoint), 2)
    db.close()
    first, second = open_database(db_path), open_database(db_path)
    try:
        trails = [
            AuditTrail(db, AuditKey(key_path), STATION, checkpoint_path=checkpoint)
            for db in (first, second)
        ]
        for n in range(6):  # two connections to one file take turns
            trails[n % 2].record(OPERATOR, "alarm.acknowledge", f"alarm-{n}")
        assert [e.seq for e in trails[0].entries()] == list(range(1, 9))
        assert trails[1].verify().ok and trails[1].verify().checked == 8
    finally:
        first.close()
        second.close()


def test_an_edited_entry_is_a_hash_mismatch(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 10)
    tamper(db_path, "UPDATE audit_trail SET new_value = '37.0' WHERE seq = 4")
    ok, first_broken, problem = verify(db_path, key_path, checkpoint)
    assert (ok, first_broken) == (False, 4)
    assert problem.startswith("hash mismatch at entry 4:") and "edited" in problem
    assert trail.verify().checked == 3


def test_an_edit_with_the_chain_recomputed_is_a_mac_mismatch(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 10)
    tamper(db_path, "UPDATE audit_trail SET new_value = '37.0', reason = '' WHERE seq = 4")
    rechain(db_path, from_seq=4)
    ok, first_broken, problem = verify(db_path, key_path, checkpoint)
    assert (ok, first_broken) == (False, 4)
    assert problem.startswith("MAC mismatch at entry 4:") and "recomputed" in problem


def forged_row(before: dict[str, object], seq: int) -> dict[str, object]:
    row = {
        **before,
        "seq": seq,
        "user_id": "sup1",
        "action": "deviation.close",
        "target": "DEV-7",
        "old_value": '"open"',
        "new_value": '"closed"',
        "prev_hash": before["hash"],
    }
    row["hash"] = entry_hash(row)
    row["mac"] = before["mac"]  # the best an attacker without the key can do
    return row


def insert(db_path: Path, row: dict[str, object]) -> None:
    names = ", ".join(row)
    tamper(
        db_path,
        f"INSERT INTO audit_trail ({names}) VALUES ({', '.join('?' * len(row))})",
        params=tuple(row.values()),
    )


def test_a_forged_entry_inserted_in_the_middle_is_detected(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 10)
    # Make room at seq 5 by moving every later entry up one, then insert a forged entry
    # chained properly onto entry 4.
    conn = sqlite3.connect(db_path, isolation_level=None)
    tamper(db_path)
    for seq in range(10, 4, -1):
        conn.execute("UPDATE audit_trail SET seq = ? WHERE seq = ?", (seq + 1, seq))
    conn.close()
    insert(db_path, forged_row(rows(db_path)[3], seq=5))
    ok, first_broken, problem = verify(db_path, key_path, checkpoint)
    assert (ok, first_broken) == (False, 5)
    assert problem.startswith("MAC mismatch at entry 5:")
    # Even with every later hash recomputed, the forged entry is still the first one broken.
    rechain(db_path, from_seq=5)
    assert verify(db_path, key_path, checkpoint)[:2] == (False, 5)


def test_a_forged_entry_appended_at_the_end_is_detected(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 10)
    insert(db_path, forged_row(rows(db_path)[-1], seq=11))
    ok, first_broken, problem = verify(db_path, key_path, checkpoint)
    assert (ok, first_broken) == (False, 11)
    assert problem.startswith("MAC mismatch at entry 11:")


def test_a_deleted_entry_in_the_middle_is_a_chain_link_mismatch(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 10)
    tamper(db_path, "DELETE FROM audit_trail WHERE seq = 6")
    ok, first_broken, problem = verify(db_path, key_path, checkpoint)
    assert (ok, first_broken) == (False, 6)
    assert problem == (
        "chain link mismatch at entry 6: entry 6 is missing, entry 7 follows entry 5 (deleted)"
    )
    # Closing the gap by renumbering does not help: entry 6 no longer links to entry 5.
    conn = sqlite3.connect(db_path, isolation_level=None)
    for seq in range(7, 11):
        conn.execute("UPDATE audit_trail SET seq = ? WHERE seq = ?", (seq - 1, seq))
    conn.close()
    ok, first_broken, problem = verify(db_path, key_path, checkpoint)
    assert (ok, first_broken) == (False, 6)
    assert problem.startswith("chain link mismatch at entry 6: it does not link to entry 5")


def test_deleting_the_first_entries_is_detected(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 5)
    tamper(db_path, "DELETE FROM audit_trail WHERE seq <= 2")
    ok, first_broken, problem = verify(db_path, key_path, checkpoint)
    assert (ok, first_broken) == (False, 1)
    assert "entries 1 to 2 are missing, entry 3 follows the start of the trail" in problem


def test_deleting_the_last_entries_is_caught_by_the_checkpoint(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 10)
    tamper(db_path, "DELETE FROM audit_trail WHERE seq > 7")
    ok, first_broken, problem = verify(db_path, key_path, checkpoint)
    assert (ok, first_broken) == (False, 8)
    assert problem.startswith(
        "checkpoint mismatch at entry 8: the checkpoint says the trail ends at entry 10 but "
        "it ends at entry 7; entries 8 to 10 were removed"
    )
    assert verify_database(db_path, key_path, checkpoint).checked == 7
    # Without the checkpoint the shortened chain itself is intact: that is why it exists.
    unchecked = verify_database(db_path, key_path, None)
    assert unchecked.ok and not unchecked.tail_checked


def test_a_crash_before_the_checkpoint_was_written_leaves_a_trail_that_verifies(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 3)
    before_crash = checkpoint.read_bytes()
    trail.record(OPERATOR, "alarm.acknowledge", "alarm-1")
    checkpoint.write_bytes(before_crash)  # entry 4 committed, the checkpoint not moved on
    assert verify(db_path, key_path, checkpoint) == (True, None, "")
    assert trail.tail_problem() is None
    assert trail.record(OPERATOR, "alarm.acknowledge", "alarm-2") == 5
    assert json.loads(checkpoint.read_text())["seq"] == 5
    assert trail.verify().ok


def test_after_a_cut_tail_nothing_is_recorded_until_qa_re_anchors(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 10)
    cut = rows(db_path)[6]["hash"]
    tamper(db_path, "DELETE FROM audit_trail WHERE seq > 7")
    assert trail.tail_problem() is not None
    # Chaining on would move the checkpoint on and erase the evidence.
    with pytest.raises(AuditTrailBroken, match=r"checkpoint mismatch at entry 8.*Nothing was"):
        trail.record(OPERATOR, "alarm.acknowledge", "alarm-1")
    with pytest.raises(PermissionDenied, match=r"\(operator\) may not re-anchor"):
        trail.reanchor(OPERATOR, "investigated")
    with pytest.raises(ValueError, match="needs the reason"):
        trail.reanchor(QA, "  ")
    seq = trail.reanchor(QA, "DEV-2031-017: disk restored from the 07:00 backup")
    assert seq == 8
    entry = trail.entries(since_seq=7)[0]
    assert (entry.action, entry.user_id, entry.target) == ("audit.reanchor", "qa1", "audit_trail")
    assert entry.old_value["seq"] == 10
    assert entry.new_value == {"seq": 7, "hash": cut}
    assert (
        entry.reason.startswith("DEV-2031-017") and "entries 8 to 10 were removed" in entry.reason
    )
    assert trail.record(OPERATOR, "alarm.acknowledge", "alarm-1") == 9
    assert trail.verify().ok and trail.tail_problem() is None
    with pytest.raises(AuditError, match="nothing to re-anchor"):
        trail.reanchor(QA, "again")


def test_a_tampered_or_missing_checkpoint_is_reported(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 3)
    saved = json.loads(checkpoint.read_text())
    checkpoint.write_text(json.dumps({**saved, "seq": 2}))
    ok, first_broken, problem = verify(db_path, key_path, checkpoint)
    assert (ok, first_broken) == (False, None)
    assert problem.startswith("checkpoint mismatch:") and "not sealed" in problem
    checkpoint.unlink()
    ok, _, problem = verify(db_path, key_path, checkpoint)
    assert not ok and "is missing" in problem
    with pytest.raises(AuditTrailBroken, match="missing"):
        trail.record(OPERATOR, "alarm.acknowledge", "alarm-1")
    trail.reanchor(ADMIN, "checkpoint folder restored without its checkpoint")
    assert trail.verify().ok


def test_a_wrong_key_is_a_mac_mismatch_at_the_first_entry(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path, tmp_path: Path
):
    fill(trail, 3)
    other = tmp_path / "other-station" / "audit.key"
    AuditKey(other)
    ok, first_broken, problem = verify(db_path, other, checkpoint)
    assert (ok, first_broken) == (False, 1)
    assert problem.startswith("MAC mismatch at entry 1:") and "wrong key" in problem
    wrong = AuditTrail(trail.db, AuditKey(other), STATION, checkpoint_path=checkpoint)
    with pytest.raises(AuditTrailBroken, match="not sealed with this station's audit key"):
        wrong.record(OPERATOR, "alarm.acknowledge", "alarm-1")
    with pytest.raises(AuditTrailBroken, match="not the key the trail was written with"):
        AuditTrail(
            trail.db, AuditKey(other), STATION, checkpoint_path=tmp_path / "c.json"
        ).reanchor(QA, "new checkpoint")
    assert trail.verify().checked == 3


def test_a_missing_key_file_is_a_clear_error_and_is_not_created(
    trail: AuditTrail, db_path: Path, checkpoint: Path, tmp_path: Path
):
    fill(trail, 1)
    missing = tmp_path / "elsewhere" / "audit.key"
    with pytest.raises(AuditKeyError, match=r"audit key file .*audit\.key does not exist.*restore"):
        verify_database(db_path, missing, checkpoint)
    assert not missing.exists()
    with pytest.raises(AuditKeyError, match="does not exist"):
        AuditKey(missing, create=False)
    with pytest.raises(AuditError, match="no database file"):
        verify_database(tmp_path / "nothing.sqlite3", trail.key.path, None)


def test_verification_does_not_change_the_database(
    trail: AuditTrail, db_path: Path, key_path: Path, checkpoint: Path
):
    fill(trail, 20)
    trail.db.close()  # everything in the main file, no WAL left
    before = db_path.read_bytes(), db_path.stat().st_mtime_ns
    checkpoint_before = checkpoint.read_bytes()
    assert verify_database(db_path, key_path, checkpoint).ok
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before
    assert checkpoint.read_bytes() == checkpoint_before
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # a reader writes nothing to the WAL


def test_the_key_file_is_owner_only_random_and_never_overwritten(key_path: Path):
    key = AuditKey(key_path)
    text = key_path.read_text()
    assert len(text.strip()) == 64 and int(text, 16) >= 0
    if os.name == "posix":
        assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    again = AuditKey(key_path)
    assert key_path.read_text() == text and again.mac("x") == key.mac("x")
    assert text.strip() not in repr(key)
    other = AuditKey(key_path.with_name("second.key"))
    assert other.mac("x") != key.mac("x")
    key_path.write_text("not a key\n")
    with pytest.raises(AuditKeyError, match="is not a CellDeck audit key"):
        AuditKey(key_path)


def test_default_checkpoint_lives_beside_the_key_per_database(
    db_path: Path, key_path: Path, tmp_path: Path
):
    db = open_database(db_path)
    try:
        trail = AuditTrail(db, AuditKey(key_path), STATION)
        trail.record(OPERATOR, "alarm.acknowledge", "alarm-1")
        assert trail.checkpoint_path == checkpoint_path_for(key_path, db_path)
        assert trail.checkpoint_path.parent == key_path.parent and trail.checkpoint_path.exists()
        assert trail.checkpoint_path != checkpoint_path_for(key_path, tmp_path / "other.sqlite3")
        assert verify_database(db_path, key_path, trail.checkpoint_path).ok
    finally:
        db.close()


def test_recording_inside_another_transaction_is_refused(trail: AuditTrail):
    conn = trail.db.conn
    conn.execute("BEGIN")
    try:
        with pytest.raises(AuditError, match="inside another transaction"):
            trail.record(OPERATOR, "alarm.acknowledge", "alarm-1")
    finally:
        conn.execute("ROLLBACK")
    assert trail.record(OPERATOR, "alarm.acknowledge", "alarm-1") == 1


def test_verification_streams_a_long_trail(
    trail: AuditTrail, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Small reads so a short trail shows it: memory stays at one read, not the whole trail.
    monkeypatch.setattr(audit_module, "_FETCH_ROWS", 50)
    count = 5000
    trail.record_many(
        AuditChange(OPERATOR, "setpoint.write", f"tag-{n}", 36.5, 37.0, "routine")
        for n in range(count)
    )
    all_rows_bytes = sum(len(str(row)) for row in rows(db_path))
    tracemalloc.start()
    try:
        result = trail.verify()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok and result.checked == count
    assert peak < all_rows_bytes / 4, (peak, all_rows_bytes)


def test_verification_in_a_worker_thread_while_the_station_records(trail: AuditTrail):
    fill(trail, 5)
    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        checks = []
        for n in range(200):
            if n % 20 == 0:
                checks.append(worker.submit(trail.verify))
            trail.record(OPERATOR, "alarm.acknowledge", f"alarm-{n}")
        results = [check.result() for check in checks]
    assert all(result.ok for result in results), [r.problem for r in results if not r.ok]
    assert trail.verify().checked == 205
