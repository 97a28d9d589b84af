import os
import sqlite3
import stat
from pathlib import Path

import pytest

from app.records.database import SCHEMA_VERSION, DatabaseError, open_database, schema_version


def test_new_database_has_schema_wal_and_owner_only_permissions(db_path: Path):
    db = open_database(db_path)
    try:
        assert db_path.exists()
        assert {"schema_version", "station_events"} <= set(db.table_names())
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert schema_version(db.conn) == SCHEMA_VERSION
    finally:
        db.close()
    if os.name == "posix":
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_reopening_keeps_records_and_applies_no_migration_twice(db_path: Path):
    db = open_database(db_path)
    db.execute("INSERT INTO station_events (utc, station, kind) VALUES ('t', 's', 'k')")
    db.close()
    db = open_database(db_path)
    try:
        assert db.execute("SELECT COUNT(*) FROM station_events").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        db.close()


def test_database_from_a_newer_celldeck_is_refused(db_path: Path):
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (999, 'future', 'x')")
    with pytest.raises(DatabaseError, match="newer than this CellDeck"):
        open_database(db_path)


def test_corrupt_file_gets_a_clear_message_and_is_left_untouched(tmp_path: Path):
    corrupt = tmp_path / "corrupt.sqlite3"
    content = b"this is not a database at all " * 100
    corrupt.write_bytes(content)
    with pytest.raises(DatabaseError, match="not a usable CellDeck database"):
        open_database(corrupt)
    assert corrupt.read_bytes() == content


def _open_as_older_celldeck(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Create the database as the CellDeck before the newest migration would have."""
    import app.records.database as database

    older = [m for m in database.MIGRATIONS if m[0] < SCHEMA_VERSION]
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", older)
        db = open_database(db_path)
        db.execute("INSERT INTO station_events (utc, station, kind) VALUES ('t', 's', 'old')")
        db.close()


def test_upgrade_backs_up_the_database_before_migrating(db_path: Path, monkeypatch):
    _open_as_older_celldeck(db_path, monkeypatch)
    open_database(db_path).close()

    backups = sorted(db_path.parent.glob(f"{db_path.stem}.schema-*.bak"))
    assert [b.name.split(".")[1] for b in backups] == [
        f"schema-{SCHEMA_VERSION - 1}-before-{SCHEMA_VERSION}"
    ]
    with sqlite3.connect(backups[0]) as copy:
        assert schema_version(copy) == SCHEMA_VERSION - 1
        assert copy.execute("SELECT kind FROM station_events").fetchall() == [("old",)]
    if os.name == "posix":
        assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    with sqlite3.connect(db_path) as upgraded:
        assert schema_version(upgraded) == SCHEMA_VERSION


def test_new_and_current_databases_are_not_backed_up(db_path: Path):
    open_database(db_path).close()
    open_database(db_path).close()
    assert list(db_path.parent.glob("*.bak")) == []


def test_failed_backup_migrates_nothing(db_path: Path, monkeypatch):
    _open_as_older_celldeck(db_path, monkeypatch)

    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("disk full")

    import app.records.database as database

    real_connect = sqlite3.connect
    monkeypatch.setattr(
        database.sqlite3,
        "connect",
        lambda target, *a, **k: (
            refuse() if str(target).endswith(".bak") else real_connect(target, *a, **k)
        ),
    )
    with pytest.raises(DatabaseError, match="could not be written"):
        open_database(db_path)
    monkeypatch.undo()
    with sqlite3.connect(db_path) as conn:
        assert schema_version(conn) == SCHEMA_VERSION - 1
    assert list(db_path.parent.glob("*.bak")) == []
