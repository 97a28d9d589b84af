"""Retention of the process history: archive old data to a dated file, then prune it.

Raw samples older than ``raw_days`` and minute rollups older than ``rollup_days`` are
first copied to ``history-<UTC time>.sqlite3`` in the archive folder (committed with
``synchronous=FULL``) and only then deleted from the live history file, a few tags per
transaction so the writer keeps up with new samples meanwhile. Data inside the window of
a batch that is not closed is never pruned: the batch record still needs it. A crash
between the archive commit and the deletes can only leave rows in two places, never in
none.
"""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hardware.catalog import bay_id

# Tags per delete transaction: short enough that new samples are written in between.
PRUNE_CHUNK_TAGS = 64
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
    ``rollup_cutoff`` (station time) outside the protected windows."""
    rollup_cutoff_minute = math.floor(rollup_cutoff / MINUTE)
    work: list[tuple[int, list[tuple[float, float]], list[tuple[float, float]]]] = []
    for path, tag_id in tags.items():
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
    if not work:
        return RetentionResult(0, 0, None)
    archive = _archive_path(archive_dir)
    raw_rows, rollup_rows = _copy_to_archive(conn, archive, work, raw_cutoff, rollup_cutoff)
    for first in range(0, len(work), PRUNE_CHUNK_TAGS):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for tag_id, raw, rollup in work[first : first + PRUNE_CHUNK_TAGS]:
                for low, high in raw:
                    conn.execute(
                        "DELETE FROM samples WHERE tag_id = ? AND t >= ? AND t < ?",
                        (tag_id, low, high),
                    )
                for low, high in rollup:
                    conn.execute(
                        "DELETE FROM rollup_minute WHERE tag_id = ? AND minute >= ? AND minute < ?",
                        (tag_id, low, high),
                    )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        between_chunks()
    conn.execute(
        "INSERT INTO archives (utc, file, raw_rows, rollup_rows, raw_before, rollup_before) "
        "VALUES (?,?,?,?,?,?)",
        (_utc_now(), str(archive), raw_rows, rollup_rows, raw_cutoff, rollup_cutoff),
    )
    return RetentionResult(raw_rows, rollup_rows, archive)


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


def _copy_to_archive(
    conn: sqlite3.Connection,
    archive: Path,
    work: Sequence[tuple[int, list[tuple[float, float]], list[tuple[float, float]]]],
    raw_cutoff: float,
    rollup_cutoff: float,
) -> tuple[int, int]:
    conn.execute("ATTACH DATABASE ? AS archive", (str(archive),))
    try:
        # The archive is the only copy once the live rows are deleted: survive power loss.
        conn.execute("PRAGMA archive.synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")
        try:
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
            ids = [tag_id for tag_id, _, _ in work]
            for first in range(0, len(ids), 500):
                chunk = ids[first : first + 500]
                conn.execute(
                    "INSERT INTO archive.tags SELECT tag_id, path FROM main.tags "
                    f"WHERE tag_id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            raw_rows = rollup_rows = 0
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
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DETACH DATABASE archive")
    return raw_rows, rollup_rows
