"""The station's GxP files are readable by the station account only: the database and
the journal files SQLite makes beside it, the audit key and its checkpoint; also when
the account's umask would let everyone read new files."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.records.audit import checkpoint_path_for
from app.station import Station
from tests.reliability.conftest import OPERATOR, compact_plant, start_batch

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual default: new files readable by everyone
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_database_journal_key_and_checkpoint_are_owner_only(
    tmp_path: Path, permissive_umask: None
):
    db, key = tmp_path / "records" / "station.sqlite3", tmp_path / "config" / "audit.key"
    station = Station(compact_plant(), db, sim_speed=100_000.0, audit_key=key)
    await station.start()
    try:
        batch, _ = await start_batch(station)  # writes: batch record, audit trail
        await station.call_batches("comment", batch.batch_id, OPERATOR, "writing")
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), key, checkpoint_path_for(key, db)]
        for path in files:
            assert path.exists(), path
            assert mode(path) == 0o600, f"{path.name} is {oct(mode(path))}"
        assert mode(key.parent) & 0o077 == 0, "the key's folder is the owner's alone"
    finally:
        await station.stop()
    assert mode(db) == 0o600
