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
