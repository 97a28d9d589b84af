"""Backup while the station writes, and a restore that checks before it replaces."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from app.cli import main
from app.records.audit import AuditKey, AuditTrail, checkpoint_path_for, verify_database
from app.records.backup import (
    BackupError,
    backup_database,
    check_backup,
    checkpoint_copy_path,
    restore_database,
)
from app.records.database import SCHEMA_VERSION, open_database
from app.station import Station
from tests.app.records.conftest import RecordFiles


def _count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_backup_of_a_running_station_is_a_checked_consistent_copy(demo_plant, tmp_path: Path):
    db, key = tmp_path / "live.sqlite3", tmp_path / "keys" / "audit.key"
    station = Station(demo_plant, db, sim_speed=60.0, audit_key=key)
    target = tmp_path / "backups" / "station-backup.sqlite3"
    written: list[int] = []
    stop = threading.Event()

    async def run() -> None:
        await station.start()
        try:
            assert station.audit is not None

            # Someone works while the backup runs (the audit trail keeps growing).
            async def work() -> None:
                while not stop.is_set():
                    written.append(station.audit.record(None, "test.work", "bench", None, 1))
                    await asyncio.sleep(0)

            task = asyncio.get_running_loop().create_task(work())
            await asyncio.sleep(0.05)
            report = await asyncio.to_thread(backup_database, db, target, key)
            stop.set()
            await task
            return report
        finally:
            await station.stop()

    report = asyncio.run(run())
    assert report.file == target and target.stat().st_size == report.size_bytes
    assert report.schema == SCHEMA_VERSION
    assert report.audit is not None and report.audit.ok and report.audit.tail_checked
    assert 0 < report.audit_entries <= len(written) + 10
    assert report.checkpoint_copy == checkpoint_copy_path(target)
    # The copy stands on its own: one file, rollback journal, intact.
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert not Path(f"{target}-wal").exists()
    assert target.stat().st_mode & 0o077 == 0
    # The live database went on: it has more than the copy.
    assert _count(db, "audit_trail") > report.audit_entries
    with pytest.raises(BackupError, match="exists"):
        backup_database(db, target, key)


def test_restore_checks_then_replaces_keeping_the_old_database_aside(
    finished: RecordFiles, tmp_path: Path
):
    files = finished.copy_to(tmp_path / "station")
    backup = tmp_path / "b.sqlite3"
    backup_database(files.db, backup, files.key)
    # Life goes on after the backup: one more audit entry in the live database.
    db = open_database(files.db)
    AuditTrail(db, AuditKey(files.key), "Kiosk").record(None, "after.backup", "x", None, 1)
    db.close()
    live_entries = _count(files.db, "audit_trail")
    with pytest.raises(BackupError, match="--force") as refused:
        restore_database(backup, files.db, files.key, station="Kiosk")
    assert refused.value.exit_code == 2
    assert _count(files.db, "audit_trail") == live_entries  # untouched
    report = restore_database(
        backup, files.db, files.key, station="Kiosk", force=True, reason="disk test"
    )
    assert report.replaced_kept_as is not None and report.replaced_kept_as.exists()
    assert _count(report.replaced_kept_as, "audit_trail") == live_entries  # nothing lost
    # The restored trail verifies with its checkpoint and records the restore itself.
    assert report.audit_seq == live_entries  # the backup's entries + this one
    result = verify_database(files.db, files.key, checkpoint_path_for(files.key, files.db))
    assert result.ok, result.problem
    conn = sqlite3.connect(files.db)
    action, reason = conn.execute(
        "SELECT action, reason FROM audit_trail ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    batches = conn.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
    conn.close()
    assert (action, reason, batches) == ("database.restore", "disk test", 1)


def test_restore_refuses_while_a_station_has_the_database_open(
    finished: RecordFiles, tmp_path: Path
):
    files = finished.copy_to(tmp_path / "station")
    backup = tmp_path / "b.sqlite3"
    backup_database(files.db, backup, files.key)
    running = open_database(files.db)  # as the station holds it
    try:
        running.execute("SELECT COUNT(*) FROM batches").fetchone()
        with pytest.raises(BackupError, match="in use"):
            restore_database(backup, files.db, files.key, station="Kiosk", force=True)
    finally:
        running.close()
    assert not list(files.db.parent.glob("*.replaced-*"))


def test_corrupt_foreign_and_tampered_backups_are_refused(finished: RecordFiles, tmp_path: Path):
    key = finished.key
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    with pytest.raises(BackupError, match="not an SQLite database") as error:
        check_backup(text, key)
    assert error.value.exit_code == 1
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE things (x)")
    conn.close()
    with pytest.raises(BackupError, match="not a CellDeck station database"):
        check_backup(foreign, key)
    good = tmp_path / "good.sqlite3"
    backup_database(finished.db, good, key)
    schema, audit = check_backup(good, key)
    assert schema == SCHEMA_VERSION and audit.ok and audit.tail_checked
    corrupt = tmp_path / "corrupt.sqlite3"
    data = bytearray(good.read_bytes())
    page = 4096
    data[page * 2 : page * 2 + 512] = b"\xff" * 512  # trash a b-tree page
    corrupt.write_bytes(bytes(data))
    with pytest.raises(BackupError, match=r"corrupt|not a readable"):
        check_backup(corrupt, key)
    tampered = tmp_path / "tampered.sqlite3"
    backup_database(finished.db, tampered, key)
    conn = sqlite3.connect(tampered)
    conn.execute("DROP TRIGGER audit_trail_no_update")
    conn.execute("UPDATE audit_trail SET reason = 'nothing to see' WHERE seq = 2")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="audit trail is broken at entry 2"):
        check_backup(tampered, key)
    with pytest.raises(BackupError, match="audit key") as no_key:
        check_backup(good, tmp_path / "missing.key")
    assert no_key.value.exit_code == 2


def test_backup_and_restore_commands(finished: RecordFiles, tmp_path: Path, capsys):
    files = finished.copy_to(tmp_path / "station")
    common = ["--db", str(files.db), "--audit-key", str(files.key)]
    backup = tmp_path / "nightly.sqlite3"
    assert main([*common, "backup", str(backup)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {backup}" in out and "integrity ok" in out
    assert "audit trail of the copy intact" in out
    assert f"back up the audit key {files.key} separately" in out
    assert main([*common, "restore", str(backup)]) == 2
    assert "--force" in capsys.readouterr().err
    target = tmp_path / "fresh" / "restored.sqlite3"
    code = main(["--audit-key", str(files.key), "restore", str(backup), "--db", str(target)])
    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert f"restored {target}" in out and "recorded the restore as audit entry" in out
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert main([*common, "restore", str(junk), "--force"]) == 1
    assert "junk.sqlite3" in capsys.readouterr().err
