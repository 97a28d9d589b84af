"""Historian: the station's process data, in its own SQLite file, read back for trends.

Process samples arrive far faster than GxP records (hundreds to tens of thousands a
second), so they live in ``<station db stem>-history.sqlite3`` beside the station
database: they never bloat or lock the record database, and a damaged history file is
moved aside without touching the records.

- **Intake** (``offer``) is a device subscriber on the station core loop; it only appends
  the batch to a queue, so equipment I/O never waits for SQLite.
- **The writer** is a thread of its own with its own connection: once per ``flush_s`` it
  filters the queued samples (numeric tags only; a sample is stored when its quality
  changed, it moved beyond the deadband, or ``max_interval_s`` passed, at most once per
  ``min_interval_s``), writes them with one ``executemany`` per transaction into
  ``samples`` and folds them into the per-minute ``rollup_minute`` (min, max, sum, count,
  worst quality). Retention (``history_retention``) runs on the same thread.
- **Trend queries** (``query``) use a separate read connection (WAL: readers never wait
  for the writer) and return min/max per time bucket: raw samples for short spans, the
  minute rollups for long ones, so a ten-day trend reads ~14,400 rows instead of 864,000.

Times are station (equipment) time in seconds since the epoch, like source timestamps.
Quality is stored as 2 good, 1 uncertain, 0 bad; a row without a value is a gap (a bad
sample without a value, or the end of a previous run, written when the file is opened).
"""

from __future__ import annotations

import collections
import concurrent.futures
import logging
import math
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from app.config import HistorianConfig
from app.memory import HISTORY_READER_CACHE_MIB, HISTORY_WRITER_CACHE_MIB, set_cache_budget
from app.records.database import apply_migration
from app.records.history_retention import (
    ProtectedWindow,
    RetentionResult,
    archive_and_prune,
)
from hardware import Quality, Sample

log = logging.getLogger(__name__)

_T = TypeVar("_T")

MINUTE = 60.0
# Queued sample batches beyond this are dropped (and counted): the writer is stuck.
# A full site queues ~120 batches a second, so this is about 40 s of backlog.
MAX_QUEUED_BATCHES = 5_000
MAX_ROWS_PER_WRITE = 50_000
# Rows kept for a retry after a failed write (disk full...) before they are dropped.
MAX_RETRY_ROWS = 2_000_000
GAP_QUALITY = int(Quality.BAD)
NO_ROWS = -1  # worst_quality of a bucket without any row

# (version, description, statements). Append only; never edit a released migration.
HISTORY_MIGRATIONS: list[tuple[int, str, tuple[str, ...]]] = [
    (
        1,
        "tags, raw samples, minute rollups, archive log",
        (
            "CREATE TABLE tags (tag_id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)",
            # One row per stored sample; the primary key is the read order of a trend.
            """CREATE TABLE samples (
                tag_id INTEGER NOT NULL,
                t REAL NOT NULL,
                value REAL,
                quality INTEGER NOT NULL,
                PRIMARY KEY (tag_id, t)
            ) WITHOUT ROWID""",
            # vmin/vmax/vsum/n over the rows with a value; rows counts gaps too.
            """CREATE TABLE rollup_minute (
                tag_id INTEGER NOT NULL,
                minute INTEGER NOT NULL,
                vmin REAL,
                vmax REAL,
                vsum REAL NOT NULL,
                n INTEGER NOT NULL,
                rows INTEGER NOT NULL,
                worst_quality INTEGER NOT NULL,
                PRIMARY KEY (tag_id, minute)
            ) WITHOUT ROWID""",
            """CREATE TABLE archives (
                id INTEGER PRIMARY KEY,
                utc TEXT NOT NULL,
                file TEXT NOT NULL,
                raw_rows INTEGER NOT NULL,
                rollup_rows INTEGER NOT NULL,
                raw_before REAL NOT NULL,
                rollup_before REAL NOT NULL
            )""",
        ),
    ),
]
HISTORY_SCHEMA_VERSION = max(version for version, _, _ in HISTORY_MIGRATIONS)

_ROLLUP_UPSERT = """
INSERT INTO rollup_minute (tag_id, minute, vmin, vmax, vsum, n, rows, worst_quality)
VALUES (?,?,?,?,?,?,?,?)
ON CONFLICT (tag_id, minute) DO UPDATE SET
    vmin = coalesce(min(vmin, excluded.vmin), vmin, excluded.vmin),
    vmax = coalesce(max(vmax, excluded.vmax), vmax, excluded.vmax),
    vsum = vsum + excluded.vsum,
    n = n + excluded.n,
    rows = rows + excluded.rows,
    worst_quality = min(worst_quality, excluded.worst_quality)
"""


class HistorianError(Exception):
    """The history file cannot be used; the message says which file and why."""


def history_path_for(db_path: Path) -> Path:
    """The history file beside a station database: ``celldeck.sqlite3`` ->
    ``celldeck-history.sqlite3``."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}-history{db_path.suffix or '.sqlite3'}")


def archive_dir_for(db_path: Path, config: HistorianConfig) -> Path:
    db_path = Path(db_path)
    if not config.archive_dir:
        return db_path.with_name(f"{db_path.stem}-history-archive")
    folder = Path(config.archive_dir).expanduser()
    return folder if folder.is_absolute() else db_path.parent / folder


@dataclass(frozen=True, eq=False)
class TrendSeries:
    """One tag's history over ``[t0, t1)`` in ``len(t)`` equal buckets.

    Per bucket: its start time, min and max of the values (NaN without a value), the
    worst quality of its rows (``NO_ROWS`` = -1 without any row), the number of rows with a
    value and of all rows (a row without a value is a gap). ``resolution`` says what was
    read: "raw" samples or "rollup" minutes."""

    path: str
    t0: float
    t1: float
    t: npt.NDArray[np.float64]
    vmin: npt.NDArray[np.float64]
    vmax: npt.NDArray[np.float64]
    worst_quality: npt.NDArray[np.int8]
    values: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    resolution: str

    @property
    def bucket_s(self) -> float:
        return (self.t1 - self.t0) / len(self.t)

    @property
    def doubtful(self) -> npt.NDArray[np.bool_]:
        """Buckets holding any uncertain or bad row (shown as doubtful)."""
        return (self.rows > 0) & (self.worst_quality < int(Quality.GOOD))

    @property
    def samples(self) -> int:
        return int(self.rows.sum())


class _BucketSums:
    """Accumulates min/max/quality/counts per bucket from several partial queries."""

    def __init__(self, buckets: int) -> None:
        self.vmin = np.full(buckets, np.nan)
        self.vmax = np.full(buckets, np.nan)
        self.worst = np.full(buckets, 127, dtype=np.int16)
        self.values = np.zeros(buckets, dtype=np.int64)
        self.rows = np.zeros(buckets, dtype=np.int64)

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        """``rows``: (bucket, vmin, vmax, worst quality, values, rows)."""
        if not rows:
            return
        table = np.array(rows, dtype=np.float64)  # NULL -> nan
        index = np.clip(table[:, 0].astype(np.int64), 0, len(self.rows) - 1)
        np.fmin.at(self.vmin, index, table[:, 1])
        np.fmax.at(self.vmax, index, table[:, 2])
        np.minimum.at(self.worst, index, table[:, 3].astype(np.int16))
        np.add.at(self.values, index, table[:, 4].astype(np.int64))
        np.add.at(self.rows, index, table[:, 5].astype(np.int64))

    def series(self, path: str, t0: float, t1: float, resolution: str) -> TrendSeries:
        buckets = len(self.rows)
        width = (t1 - t0) / buckets
        worst = np.where(self.rows > 0, self.worst, NO_ROWS).astype(np.int8)
        return TrendSeries(
            path,
            t0,
            t1,
            t0 + width * np.arange(buckets, dtype=np.float64),
            self.vmin,
            self.vmax,
            worst,
            self.values,
            self.rows,
            resolution,
        )


class _TagState:
    """What the writer remembers of a tag: its id, deadband, and the last stored sample."""

    __slots__ = ("deadband", "held", "last_q", "last_t", "last_v", "tag_id")

    def __init__(self, tag_id: int, deadband: float) -> None:
        self.tag_id = tag_id
        self.deadband = deadband
        self.last_t = -math.inf
        self.last_v: float | None = None
        self.last_q = -1
        # The latest sample skipped for being inside the deadband: stored just before the
        # next stored one, so a step shows as a step, not as a slow ramp.
        self.held: tuple[float, float | None, int] | None = None


Row = tuple[int, float, float | None, int]
# Stands in for every text tag in the writer's tag table: skipped at once.
_TEXT = _TagState(-1, 0.0)


class Historian:
    """The station's process historian: intake on the core loop, a writer thread, and a
    read connection for trend queries."""

    def __init__(
        self,
        path: Path,
        config: HistorianConfig,
        *,
        clock: Callable[[], float] = time.time,
        spans: Mapping[str, float] | None = None,
        archive_dir: Path | None = None,
    ) -> None:
        self.path = Path(path)
        self.config = config
        self.clock = clock
        # Engineering span per tag path: the deadband is a percentage of it.
        self.spans = dict(spans or {})
        self.archive_dir = archive_dir or self.path.with_name(f"{self.path.stem}-archive")
        self.on_problem: Callable[[str], None] = lambda message: None
        self.problem: str | None = None
        self.offered = 0
        self.stored = 0
        self.dropped = 0
        self.flush_seconds: collections.deque[float] = collections.deque(maxlen=10_000)
        self._queue: collections.deque[tuple[Sequence[Sample], float]] = collections.deque()
        self._jobs: collections.deque[tuple[Callable[[], Any], concurrent.futures.Future[Any]]]
        self._jobs = collections.deque()
        self._states: dict[str, _TagState] = {}
        self._retry: list[Row] = []
        self._writer: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._read_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False
        self._accepting = False
        self._thread: threading.Thread | None = None

    # -- life cycle ----------------------------------------------------------------------

    def open(self) -> str | None:
        """Open (creating or migrating) the history file and start the writer. Returns a
        sentence if the file was unusable and replaced, else None; raises HistorianError
        if the file is from a newer CellDeck (it is left as it is)."""
        try:
            self._connect()
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                raise HistorianError(f"{self.path}: cannot open the history file: {exc}") from exc
            self.problem = self._replace_corrupt(exc)
            self._connect()
        self._write_gap_markers()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="historian-writer", daemon=True)
        self._thread.start()
        self._accepting = True
        return self.problem

    def close(self, timeout: float = 30.0) -> None:
        """Write what is queued and stop the writer."""
        self._accepting = False
        thread = self._thread
        if thread is not None:
            self._stopping = True
            self._wake.set()
            thread.join(timeout)
            self._thread = None
        self._disconnect()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def queued_batches(self) -> int:
        return len(self._queue)

    # -- intake (station core loop) ------------------------------------------------------

    def offer(self, batch: Sequence[Sample]) -> None:
        """Device subscriber: queue a batch for the writer. O(1): no filtering here."""
        if not self._accepting:
            return
        if len(self._queue) >= MAX_QUEUED_BATCHES:
            self.dropped += len(batch)
            return
        self.offered += len(batch)
        self._queue.append((batch, self.clock()))

    # -- requests to the writer thread ---------------------------------------------------

    def submit(self, job: Callable[[], _T]) -> concurrent.futures.Future[_T]:
        """Run ``job`` on the writer thread after writing what is queued."""
        future: concurrent.futures.Future[_T] = concurrent.futures.Future()
        if not self.running:
            future.set_exception(HistorianError(f"{self.path}: the historian is not running"))
            return future
        self._jobs.append((job, future))
        self._wake.set()
        return future

    def flush(self, timeout: float | None = 60.0) -> int:
        """Wait until everything offered so far is written; returns rows stored so far."""
        return self.submit(lambda: self.stored).result(timeout)

    def request_retention(
        self, windows: Sequence[ProtectedWindow], now: float | None = None
    ) -> concurrent.futures.Future[RetentionResult]:
        """Archive and prune old data outside ``windows`` on the writer thread."""
        at = self.clock() if now is None else now
        return self.submit(lambda: self._apply_retention(windows, at))

    def apply_retention(
        self, windows: Sequence[ProtectedWindow], now: float | None = None, timeout: float = 600.0
    ) -> RetentionResult:
        return self.request_retention(windows, now).result(timeout)

    # -- trend queries (any thread but the writer's) ---------------------------------------

    def paths(self) -> list[str]:
        """Every tag with stored history."""
        with self._read_lock:
            conn = self._read_connection()
            return [row[0] for row in conn.execute("SELECT path FROM tags ORDER BY path")]

    def query(self, path: str, t0: float, t1: float, buckets: int) -> TrendSeries:
        """Min and max per bucket of ``path`` over ``[t0, t1)``: minute rollups when a
        bucket spans a minute or more (raw samples for the partial minutes at the edges),
        raw samples otherwise, or rollups where the raw samples were already archived."""
        if not (math.isfinite(t0) and math.isfinite(t1) and t1 > t0):
            raise ValueError(f"a trend needs a time span, got {t0!r} to {t1!r}")
        if not 1 <= buckets <= 100_000:
            raise ValueError(f"buckets must be 1 to 100000, got {buckets}")
        width = (t1 - t0) / buckets
        sums = _BucketSums(buckets)
        with self._read_lock:
            conn = self._read_connection()
            row = conn.execute("SELECT tag_id FROM tags WHERE path = ?", (path,)).fetchone()
            if row is None:
                return sums.series(path, t0, t1, "raw")
            tag_id = int(row[0])
            first_minute = math.ceil(t0 / MINUTE)
            end_minute = math.floor(t1 / MINUTE)
            if width >= MINUTE and end_minute > first_minute:
                sums.add(_raw_buckets(conn, tag_id, t0, width, t0, first_minute * MINUTE))
                sums.add(_rollup_buckets(conn, tag_id, t0, width, first_minute, end_minute))
                sums.add(_raw_buckets(conn, tag_id, t0, width, end_minute * MINUTE, t1))
                return sums.series(path, t0, t1, "rollup")
            pruned_before = conn.execute("SELECT MAX(raw_before) FROM archives").fetchone()[0]
            if pruned_before is not None and t1 <= pruned_before:
                # Raw samples of this span were archived: the minute rollups (each in the
                # bucket where it starts) still show its shape.
                sums.add(
                    _rollup_buckets(
                        conn, tag_id, t0, width, math.ceil(t0 / MINUTE), math.ceil(t1 / MINUTE)
                    )
                )
                return sums.series(path, t0, t1, "rollup")
            sums.add(_raw_buckets(conn, tag_id, t0, width, t0, t1))
            return sums.series(path, t0, t1, "raw")

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())

    # -- the writer thread -------------------------------------------------------------------

    def _run(self) -> None:
        busy = 0.0
        while True:
            # One write per flush_s; a cycle that took longer (a backlog) is followed at once.
            self._wake.wait(max(0.0, self.config.flush_s - busy))
            self._wake.clear()
            # Read after waking: close() sets the flag, then wakes us for a last cycle.
            stopping = self._stopping
            started = time.monotonic()
            self._cycle()
            busy = time.monotonic() - started
            if stopping:
                break
        while self._jobs:
            _, future = self._jobs.popleft()
            if future.set_running_or_notify_cancel():
                future.set_exception(HistorianError(f"{self.path}: the historian stopped"))

    def _cycle(self) -> None:
        self._write_guarded()
        while self._jobs:
            job, future = self._jobs.popleft()
            if not future.set_running_or_notify_cancel():
                continue
            # Whatever was offered before the job was submitted is written first.
            self._write_guarded()
            try:
                result = job()
            except BaseException as exc:
                if isinstance(exc, sqlite3.DatabaseError):
                    self._write_failed(exc)  # before the caller hears of it
                future.set_exception(exc)
            else:
                future.set_result(result)

    def _write_guarded(self) -> None:
        """Write the batches queued now (not those arriving meanwhile: a producer faster
        than the writer must not keep one cycle, and the jobs after it, going forever)."""
        try:
            self._write_pending(len(self._queue))
        except Exception as exc:
            self._write_failed(exc)

    def _write_failed(self, exc: BaseException) -> None:
        if isinstance(exc, sqlite3.DatabaseError) and _is_corrupt(exc):
            try:
                message = self._replace_corrupt(exc)
                self._connect()
            except Exception as again:
                message = f"{self.path}: the history file failed and could not be replaced: {again}"
                log.exception("historian: %s", message)
            self.problem = message
            self.on_problem(message)
            return
        log.error("historian: write failed (kept for a retry): %s", exc)

    def _write_pending(self, batches: int) -> None:
        """Filter and write the next ``batches`` queued batches (and rows kept from a
        failed write), in transactions of at most ``MAX_ROWS_PER_WRITE`` rows, so a
        reader or a checkpoint never waits long behind one."""
        queue = self._queue
        rows = self._retry
        self._retry = []
        for _ in range(min(batches, len(queue))):
            batch, now = queue.popleft()
            self._filter(batch, now, rows)
            if len(rows) >= MAX_ROWS_PER_WRITE:
                self._write(rows)
                rows = []
        if rows:
            self._write(rows)

    def _write(self, rows: list[Row]) -> None:
        assert self._writer is not None
        conn = self._writer
        started = time.perf_counter()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT OR IGNORE INTO samples (tag_id, t, value, quality) VALUES (?,?,?,?)",
                    rows,
                )
                conn.executemany(_ROLLUP_UPSERT, minute_rollups(rows))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                self._retry = rows if len(rows) <= MAX_RETRY_ROWS else []
                if not self._retry:
                    self.dropped += len(rows)
            raise
        self.flush_seconds.append(time.perf_counter() - started)
        self.stored += len(rows)

    def _filter(
        self,
        batch: Sequence[Sample],
        now: float,
        rows: list[Row],
    ) -> None:
        """Append the samples worth storing to ``rows``."""
        states = self._states
        min_interval = self.config.min_interval_s
        max_interval = self.config.max_interval_s
        isfinite = math.isfinite
        append = rows.append
        # Unpacked as a tuple: several times cheaper than NamedTuple attribute access.
        for path, value, quality, _reason, t, _received in batch:
            state = states.get(path)
            # The common cases at high rates, decided before looking at the value.
            if state is not None and (
                state is _TEXT or (quality == state.last_q and t - state.last_t < min_interval)
            ):
                continue
            kind = value.__class__
            v: float | None
            if kind is float:
                v = value if isfinite(value) else None  # type: ignore[arg-type]
            elif kind is int or kind is bool:
                v = float(value)  # type: ignore[arg-type]
            elif value is None:
                v = None
            else:
                states[path] = _TEXT  # text tags are not trended
                continue
            if state is None:
                if v is None:
                    continue  # never seen with a number: not known to be a numeric tag
                state = self._register(path)
            q = int(quality)
            if q != state.last_q:
                if t <= state.last_t:
                    # A quality change of the last value (comm loss, stale) keeps the old
                    # source time: it happened now, not back then.
                    t = max(now, state.last_t + 0.001)
            else:
                elapsed = t - state.last_t
                if elapsed <= 0.0 or elapsed < min_interval:
                    continue
                last = state.last_v
                if elapsed < max_interval:
                    if v is None and last is None:
                        continue
                    if v is not None and last is not None and abs(v - last) <= state.deadband:
                        state.held = (t, v, q)
                        continue
                    held = state.held
                    if held is not None and held[0] > state.last_t:
                        # It moved: the value just before the move, so a step stays a step.
                        append((state.tag_id, held[0], held[1], held[2]))
            append((state.tag_id, t, v, q))
            state.last_t, state.last_v, state.last_q, state.held = t, v, q, None

    def _register(self, path: str) -> _TagState:
        assert self._writer is not None
        conn = self._writer
        conn.execute("INSERT OR IGNORE INTO tags (path) VALUES (?)", (path,))
        tag_id = int(conn.execute("SELECT tag_id FROM tags WHERE path = ?", (path,)).fetchone()[0])
        span = self.spans.get(path, 0.0)
        state = _TagState(tag_id, span * self.config.deadband_percent / 100.0)
        self._states[path] = state
        return state

    def _apply_retention(self, windows: Sequence[ProtectedWindow], now: float) -> RetentionResult:
        assert self._writer is not None
        tags = {
            str(path): int(tag_id)
            for tag_id, path in self._writer.execute("SELECT tag_id, path FROM tags")
        }
        result = archive_and_prune(
            self._writer,
            self.archive_dir,
            tags,
            raw_cutoff=now - self.config.raw_days * 86_400.0,
            rollup_cutoff=now - self.config.rollup_days * 86_400.0,
            windows=windows,
            between_chunks=self._write_guarded,
        )
        if result.archive is not None:
            log.info(
                "historian: archived %d samples and %d minute rollups to %s",
                result.raw_rows,
                result.rollup_rows,
                result.archive,
            )
        return result

    # -- the file ------------------------------------------------------------------------------

    def _disconnect(self) -> None:
        with self._read_lock:  # a trend query may be using the reader
            for conn in (self._writer, self._reader):
                if conn is not None:
                    conn.close()
            self._writer = self._reader = None

    def _connect(self) -> None:
        self._disconnect()
        self._states.clear()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        writer = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            _refuse_newer(writer, self.path)  # before WAL mode rewrites the file's header
            writer.execute("PRAGMA journal_mode=WAL")
            # Process data: an application crash loses nothing, power loss the last second.
            writer.execute("PRAGMA synchronous=NORMAL")
            writer.execute("PRAGMA busy_timeout=5000")
            # The pages its inserts touch stay in memory: see app/memory.py.
            set_cache_budget(writer, HISTORY_WRITER_CACHE_MIB)
            _migrate(writer, self.path)
        except BaseException:
            writer.close()
            raise
        reader = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        reader.execute("PRAGMA query_only=1")
        set_cache_budget(reader, HISTORY_READER_CACHE_MIB)
        reader.execute("PRAGMA busy_timeout=5000")
        with self._read_lock:
            self._writer, self._reader = writer, reader

    def _read_connection(self) -> sqlite3.Connection:
        if self._reader is None:
            raise HistorianError(f"{self.path}: the historian is not open")
        return self._reader

    def _write_gap_markers(self) -> None:
        """End every tag's line where the previous run stopped (cleanly or not), so a
        trend never draws a straight line across the time the station was down."""
        assert self._writer is not None
        conn = self._writer
        rows: list[Row] = []
        for (tag_id,) in conn.execute("SELECT tag_id FROM tags").fetchall():
            last = conn.execute(
                "SELECT t, value FROM samples WHERE tag_id = ? ORDER BY t DESC LIMIT 1",
                (tag_id,),
            ).fetchone()
            if last is not None and last[1] is not None:
                rows.append((int(tag_id), float(last[0]) + 0.001, None, GAP_QUALITY))
        if rows:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT OR IGNORE INTO samples VALUES (?,?,?,?)", rows)
            conn.executemany(_ROLLUP_UPSERT, minute_rollups(rows))
            conn.execute("COMMIT")

    def _replace_corrupt(self, exc: BaseException) -> str:
        """Move an unreadable history file (and its WAL) aside; a new one starts."""
        self._disconnect()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                shutil.move(source, Path(f"{aside}{suffix}"))
        message = (
            f"{self.path}: the history file is unreadable ({exc}); it was moved to {aside} "
            "and a new history file was started. Trends before now are in the moved file; "
            "the station's records are not affected."
        )
        log.error("historian: %s", message)
        return message


def minute_rollups(rows: Sequence[Row]) -> list[tuple[Any, ...]]:
    """Per (tag, minute) of ``rows``: (tag_id, minute, vmin, vmax, vsum, n, rows, worst
    quality), the values of ``_ROLLUP_UPSERT``. numpy: a write holds up to ~10^5 rows."""
    table = np.array(rows, dtype=np.float64)  # a missing value (None) becomes NaN
    key = (table[:, 0].astype(np.int64) << 32) | np.floor(table[:, 1] / MINUTE).astype(np.int64)
    order = np.argsort(key, kind="stable")
    key = key[order]
    values = table[order, 2]
    quality = table[order, 3].astype(np.int64)
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    has_value = ~np.isnan(values)
    vmin = np.fmin.reduceat(values, starts)
    vmax = np.fmax.reduceat(values, starts)
    vsum = np.add.reduceat(np.where(has_value, values, 0.0), starts)
    count = np.add.reduceat(has_value.astype(np.int64), starts)
    row_count = np.diff(np.append(starts, len(key)))
    worst = np.minimum.reduceat(quality, starts)
    group = key[starts]
    return [
        (tag_id, minute, None if low != low else low, None if high != high else high, *rest)
        for tag_id, minute, low, high, *rest in zip(
            (group >> 32).tolist(),
            (group & 0xFFFFFFFF).tolist(),
            vmin.tolist(),
            vmax.tolist(),
            vsum.tolist(),
            count.tolist(),
            row_count.tolist(),
            worst.tolist(),
            strict=True,
        )
    ]


def _raw_buckets(
    conn: sqlite3.Connection, tag_id: int, t0: float, width: float, start: float, end: float
) -> list[tuple[Any, ...]]:
    if end <= start:
        return []
    return conn.execute(
        "SELECT CAST((t - ?) / ? AS INTEGER) AS bucket, MIN(value), MAX(value), MIN(quality), "
        "COUNT(value), COUNT(*) FROM samples WHERE tag_id = ? AND t >= ? AND t < ? "
        "GROUP BY bucket",
        (t0, width, tag_id, start, end),
    ).fetchall()


def _rollup_buckets(
    conn: sqlite3.Connection, tag_id: int, t0: float, width: float, first: int, end: int
) -> list[tuple[Any, ...]]:
    """Minutes ``[first, end)``, each counted in the bucket where it starts (a minute
    that straddles a bucket edge is not split)."""
    return conn.execute(
        "SELECT CAST(max(minute * 60.0 - ?, 0) / ? AS INTEGER) AS bucket, MIN(vmin), "
        "MAX(vmax), MIN(worst_quality), SUM(n), SUM(rows) FROM rollup_minute "
        "WHERE tag_id = ? AND minute >= ? AND minute < ? GROUP BY bucket",
        (t0, width, tag_id, first, end),
    ).fetchall()


def _is_corrupt(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _refuse_newer(conn: sqlite3.Connection, path: Path) -> None:
    known = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if known is None:
        return
    newest = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
    if newest > HISTORY_SCHEMA_VERSION:
        raise HistorianError(
            f"{path}: history schema version {newest} is newer than this CellDeck understands "
            f"({HISTORY_SCHEMA_VERSION}); use the newer CellDeck or another --db file."
        )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_utc TEXT NOT NULL)"
    )
    _refuse_newer(conn, path)
    applied = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
    for version, description, statements in HISTORY_MIGRATIONS:
        if version not in applied:
            apply_migration(conn, version, description, statements)
