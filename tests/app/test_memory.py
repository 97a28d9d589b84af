"""The memory budget: every long-lived SQLite connection has its stated cache, and the
process's memory reading sees what SQLite holds."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from app.config import HistorianConfig
from app.memory import (
    HISTORY_READER_CACHE_MIB,
    HISTORY_WRITER_CACHE_MIB,
    RECORDS_CACHE_MIB,
    SQLITE_CACHE_BUDGET_MIB,
    read_memory,
    set_cache_budget,
)
from app.records.database import open_database
from app.records.historian import Historian


def cache_mib(conn: sqlite3.Connection) -> float:
    kib = -conn.execute("PRAGMA cache_size").fetchone()[0]
    return kib / 1024


def test_the_station_connections_have_the_budgeted_caches(tmp_path: Path):
    db = open_database(tmp_path / "station.sqlite3")
    historian = Historian(tmp_path / "station-history.sqlite3", HistorianConfig())
    historian.open()
    try:
        records = cache_mib(db.conn)
        writer = historian.submit(lambda: cache_mib(historian._writer)).result(10)
        reader = cache_mib(historian._reader)
    finally:
        historian.close()
        db.close()
    assert (records, writer, reader) == (
        RECORDS_CACHE_MIB,
        HISTORY_WRITER_CACHE_MIB,
        HISTORY_READER_CACHE_MIB,
    )
    assert records + writer + reader == SQLITE_CACHE_BUDGET_MIB
    with sqlite3.connect(tmp_path / "station.sqlite3") as conn:  # no file mapped in memory
        assert conn.execute("PRAGMA mmap_size").fetchone()[0] == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="smaps and glibc's mallinfo2")
def test_the_memory_reading_sees_a_cache_fill_and_its_release(tmp_path: Path):
    path = tmp_path / "big.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x BLOB)")
        conn.executemany("INSERT INTO t VALUES (zeroblob(1000))", [()] * 12_000)  # ~12 MB
    before = read_memory()
    conn = sqlite3.connect(path)
    set_cache_budget(conn, 16)
    conn.execute("SELECT sum(length(x)) FROM t").fetchone()  # reads every page
    filled = read_memory()
    conn.close()
    released = read_memory()
    assert before.sqlite_mb is not None and filled.sqlite_mb is not None
    assert filled.sqlite_mb - before.sqlite_mb > 10.0, (before, filled)
    assert released.sqlite_mb < before.sqlite_mb + 1.0, (before, released)
    assert filled.malloc_in_use_mb is not None and filled.malloc_in_use_mb > filled.sqlite_mb
    assert filled.anonymous_mb is not None and filled.file_backed_mb is not None
    assert filled.rss_mb == pytest.approx(filled.anonymous_mb + filled.file_backed_mb, abs=0.2)


def test_start_up_objects_are_frozen_out_of_collection_and_thawed_again():
    """What start-up built is kept out of the cycle collector's walks; thawed, it is
    collectable again (a window being replaced)."""
    import gc

    from app.memory import freeze_long_lived, thaw_long_lived

    class Node:
        def __init__(self) -> None:
            self.me = self  # a reference cycle: only the collector frees it

    survivor = [Node() for _ in range(100)]
    try:
        frozen = freeze_long_lived()
        assert frozen == gc.get_freeze_count() >= 100
        del survivor  # garbage now, but frozen: a collection does not see it
        assert gc.collect() == 0 or gc.get_freeze_count() == frozen
        thaw_long_lived()
        assert gc.get_freeze_count() == 0
        assert gc.collect() >= 100  # the hundred cycles are collected once thawed
    finally:
        thaw_long_lived()
