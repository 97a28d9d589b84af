"""Retention of the process history: archive old data to a dated file, then prune it.

Raw samples older than ``raw_days`` and minute rollups older than ``rollup_days`` move to
``history-<UTC time>.sqlite3`` in the archive folder, a few tags at a time: a chunk's
rows are copied to the archive (committed with ``synchronous=FULL``), then deleted from
the live history file, then the writer writes the samples that arrived meanwhile. A pass
moves minutes of a full site's data (millions of rows); done as one copy, the writer
stopped for all of it and its intake queued every sample meanwhile (about 10 s of the
full site's samples, tens of MB that Python's allocator kept afterwards). The archive's
``info`` table gets ``complete`` when the pass ends. Data inside the window of a batch
that is not closed is never pruned: the batch record still needs it. A crash between a
chunk's copy and its delete can only leave rows in two places (the chunk is archived
again by the next pass), never in none; an archive without ``complete`` holds the chunks
done before a stop, and the rest stays in the live file.
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.memory import ARCHIVE_CACHE_MIB, set_cache_budget
from hardware.catalog import bay_id

# Tags per copy and delete: short enough that new samples are written in between (a full
# site's pass: ~150 chunks of ~30,000 rows each).
CHUNK_TAGS = 64
MINUTE = 60.0


@dataclass(frozen=True, slots=True)
class ProtectedWindow:
    """The process data a batch record still needs: the batch's bay (or instrument)
    tags and its shuttle's own tags, from the batch's creation to its end (``None`` =
    still running)."""

    device_id: str
    bay: int | None
    start: float
    end: float | None
    batch_id: str = ""

    def covers(self, path: str) -> bool:
        head = self.device_id + "/"
        if not path.startswith(head):
            return False
        if self.bay is None:
            return True
        rest = path[len(head) :]
        # The bay's own tags, and the shuttle's (inventory, power...), not other bays'.
        return rest.startswith(bay_id(self.bay) + "/") or not rest.startswith("bay-")


def open_batch_windows(conn: sqlite3.Connection) -> list[ProtectedWindow]:
    """The windows of every batch not closed yet, from the station database's
    ``batches`` table (migration 5): its shuttle bay and its Cell Q, if any."""
    windows: list[ProtectedWindow] = []
    for batch_id, shuttle, bay, cellq, created, ended in conn.execute(
        "SELECT batch_id, shuttle, bay, cellq, created_time, ended_time FROM batches "
        "WHERE closed = 0"
    ).fetchall():
        if shuttle:
            windows.append(ProtectedWindow(shuttle, bay, created, ended, batch_id))
        if cellq:
            windows.append(ProtectedWindow(cellq, None, created, ended, batch_id))
    return windows


@dataclass(frozen=True, slots=True)
class RetentionResult:
    raw_rows: int
    rollup_rows: int
    archive: Path | None  # None when nothing was old enough

    @property
    def pruned(self) -> int:
        return self.raw_rows + self.rollup_rows


def deletable_ranges(
    cutoff: float, protected: Iterable[tuple[float, float]]
) -> list[tuple[float, float]]:
    """``[-inf, cutoff)`` minus the protected ``[start, end]`` intervals, as half-open
    ``[low, high)`` ranges (a protected end is kept: ``high`` is exclusive, so the range
    after it starts just above it)."""
    ranges: list[tuple[float, float]] = []
    low = -math.inf
    for start, end in sorted(protected):
        if start >= cutoff:
            break
        if start > low:
            ranges.append((low, start))
        low = max(low, math.nextafter(end, math.inf))
    if low < cutoff:
        ranges.append((low, cutoff))
    return ranges


def _windows_for(path: str, windows: Sequence[ProtectedWindow]) -> list[tuple[float, float]]:
    return [(w.start, math.inf if w.end is None else w.end) for w in windows if w.covers(path)]


def _minute_windows(windows: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Protected time windows as (first minute, last minute) of the rollup rows touching
    them: a minute partly inside a window is kept whole."""
    return [
        (math.floor(start / MINUTE), math.inf if math.isinf(end) else math.floor(end / MINUTE))
        for start, end in windows
    ]


_Work = list[tuple[int, list[tuple[float, float]], list[tuple[float, float]]]]


def archive_and_prune(
    conn: sqlite3.Connection,
    archive_dir: Path,
    tags: Mapping[str, int],
    *,
    raw_cutoff: float,
    rollup_cutoff: float,
    windows: Sequence[ProtectedWindow],
    between_chunks: Callable[[], None] = lambda: None,
) -> RetentionResult:
    """Archive, then delete, the raw samples before ``raw_cutoff`` and the rollups before
    ``rollup_cutoff`` (station time) outside the protected windows: ``CHUNK_TAGS`` tags
    at a time, calling ``between_chunks`` (the writer's pending samples) after each."""
    rollup_cutoff_minute = math.floor(rollup_cutoff / MINUTE)
    archive: Path | None = None
    raw_rows = rollup_rows = 0
    listed = list(tags.items())
    try:
        for first in range(0, len(listed), CHUNK_TAGS):
            work = _work(
                conn, listed[first : first + CHUNK_TAGS], raw_cutoff, rollup_cutoff_minute, windows
            )
            if not work:
                continue
            if archive is None:
                archive = _archive_path(archive_dir)
                _attach_archive(conn, archive, raw_cutoff, rollup_cutoff)
            copied = _copy_to_archive(conn, work)
            _delete(conn, work)
            raw_rows += copied[0]
            rollup_rows += copied[1]
            between_chunks()
        if archive is None:
            return RetentionResult(0, 0, None)
        with _transaction(conn):
            conn.execute(
                "INSERT INTO archive.info (key, value) VALUES ('complete', ?)", (_utc_now(),)
            )
            conn.execute(
                "INSERT INTO archives (utc, file, raw_rows, rollup_rows, raw_before, "
                "rollup_before) VALUES (?,?,?,?,?,?)",
                (_utc_now(), str(archive), raw_rows, rollup_rows, raw_cutoff, rollup_cutoff),
            )
    finally:
        if archive is not None:
            conn.execute("DETACH DATABASE archive")
    return RetentionResult(raw_rows, rollup_rows, archive)


def _work(
    conn: sqlite3.Connection,
    tags: Sequence[tuple[str, int]],
    raw_cutoff: float,
    rollup_cutoff_minute: int,
    windows: Sequence[ProtectedWindow],
) -> _Work:
    """Per tag with anything to move: (tag_id, raw time ranges, rollup minute ranges)."""
    work: _Work = []
    for path, tag_id in tags:
        protected = _windows_for(path, windows)
        raw = [
            r
            for r in deletable_ranges(raw_cutoff, protected)
            if _any(conn, "samples", "t", tag_id, r)
        ]
        rollup = [
            r
            for r in deletable_ranges(rollup_cutoff_minute, _minute_windows(protected))
            if _any(conn, "rollup_minute", "minute", tag_id, r)
        ]
        if raw or rollup:
            work.append((tag_id, raw, rollup))
    return work


def _any(
    conn: sqlite3.Connection, table: str, column: str, tag_id: int, span: tuple[float, float]
) -> bool:
    row = conn.execute(
        f"SELECT 1 FROM {table} WHERE tag_id = ? AND {column} >= ? AND {column} < ? LIMIT 1",
        (tag_id, *span),
    ).fetchone()
    return row is not None


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _archive_path(archive_dir: Path) -> Path:
    archive_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = archive_dir / f"history-{stamp}.sqlite3"
    serial = 1
    while path.exists():
        serial += 1
        path = archive_dir / f"history-{stamp}-{serial}.sqlite3"
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    return path


ARCHIVE_SCHEMA = (
    "CREATE TABLE archive.tags (tag_id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)",
    """CREATE TABLE archive.samples (
        tag_id INTEGER NOT NULL, t REAL NOT NULL, value REAL, quality INTEGER NOT NULL,
        PRIMARY KEY (tag_id, t)) WITHOUT ROWID""",
    """CREATE TABLE archive.rollup_minute (
        tag_id INTEGER NOT NULL, minute INTEGER NOT NULL, vmin REAL, vmax REAL,
        vsum REAL NOT NULL, n INTEGER NOT NULL, rows INTEGER NOT NULL,
        worst_quality INTEGER NOT NULL, PRIMARY KEY (tag_id, minute)) WITHOUT ROWID""",
    "CREATE TABLE archive.info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


def _attach_archive(
    conn: sqlite3.Connection, archive: Path, raw_cutoff: float, rollup_cutoff: float
) -> None:
    conn.execute("ATTACH DATABASE ? AS archive", (str(archive),))
    try:
        # The archive is the only copy once the live rows are deleted: survive power loss.
        conn.execute("PRAGMA archive.synchronous=FULL")
        # Rows arrive in primary key order: only the B-trees' right edges are touched.
        set_cache_budget(conn, ARCHIVE_CACHE_MIB, schema="archive")
        with _transaction(conn):
            for statement in ARCHIVE_SCHEMA:
                conn.execute(statement)
            conn.executemany(
                "INSERT INTO archive.info (key, value) VALUES (?,?)",
                [
                    ("created_utc", _utc_now()),
                    ("raw_before", repr(raw_cutoff)),
                    ("rollup_before", repr(rollup_cutoff)),
                    ("time", "seconds since 1970-01-01 UTC, station (equipment) clock"),
                    ("quality", "2 good, 1 uncertain, 0 bad; value NULL = no value (gap)"),
                ],
            )
    except BaseException:
        conn.execute("DETACH DATABASE archive")
        raise


def _copy_to_archive(conn: sqlite3.Connection, work: _Work) -> tuple[int, int]:
    """Copy one chunk's rows (and its tags) to the attached archive, committed."""
    raw_rows = rollup_rows = 0
    with _transaction(conn):
        ids = [tag_id for tag_id, _, _ in work]
        conn.execute(
            "INSERT INTO archive.tags SELECT tag_id, path FROM main.tags "
            f"WHERE tag_id IN ({','.join('?' * len(ids))})",
            ids,
        )
        for tag_id, raw, rollup in work:
            for low, high in raw:
                raw_rows += conn.execute(
                    "INSERT INTO archive.samples SELECT * FROM main.samples "
                    "WHERE tag_id = ? AND t >= ? AND t < ?",
                    (tag_id, low, high),
                ).rowcount
            for low, high in rollup:
                rollup_rows += conn.execute(
                    "INSERT INTO archive.rollup_minute (tag_id, minute, vmin, vmax, vsum, "
                    "n, rows, worst_quality) SELECT tag_id, minute, vmin, vmax, vsum, n, "
                    "rows, worst_quality FROM main.rollup_minute "
                    "WHERE tag_id = ? AND minute >= ? AND minute < ?",
                    (tag_id, low, high),
                ).rowcount
    return raw_rows, rollup_rows


def _delete(conn: sqlite3.Connection, work: _Work) -> None:
    """Delete one chunk's rows from the live file, once they are in the archive."""
    with _transaction(conn):
        for tag_id, raw, rollup in work:
            for low, high in raw:
                conn.execute(
                    "DELETE FROM main.samples WHERE tag_id = ? AND t >= ? AND t < ?",
                    (tag_id, low, high),
                )
            for low, high in rollup:
                conn.execute(
                    "DELETE FROM main.rollup_minute WHERE tag_id = ? AND minute >= ? "
                    "AND minute < ?",
                    (tag_id, low, high),
                )


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
