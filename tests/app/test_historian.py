"""The historian: batched writes, what is stored, downsampled reads, retention, damage."""

from __future__ import annotations

import asyncio
import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.config import ConfigError, HistorianConfig, parse_plant
from app.records.database import open_database
from app.records.historian import (
    HISTORY_SCHEMA_VERSION,
    Historian,
    HistorianError,
    archive_dir_for,
    history_path_for,
)
from app.records.history_retention import (
    CHUNK_TAGS,
    ProtectedWindow,
    archive_and_prune,
    deletable_ranges,
    open_batch_windows,
)
from hardware import Quality, QualityReason, Sample

T0 = 1_800_000_000.0  # minute-aligned: 30,000,000 minutes since the epoch
TEMP = "shuttle-01/bay-03/bioreactor/temperature"
STORE_ALL = HistorianConfig(min_interval_s=0.0, deadband_percent=0.0, flush_s=60.0)


def sample(t: float, value: object, quality: Quality = Quality.GOOD, path: str = TEMP) -> Sample:
    reason = None if quality is Quality.GOOD else QualityReason.SENSOR_FAULT
    return Sample(path, value, quality, reason, t, t)  # type: ignore[arg-type]


@pytest.fixture
def open_historian(tmp_path: Path) -> Iterator[callable]:
    opened: list[Historian] = []

    def make(config: HistorianConfig = STORE_ALL, **kwargs: object) -> Historian:
        historian = Historian(
            tmp_path / "station-history.sqlite3",
            config,
            archive_dir=tmp_path / "archive",
            **kwargs,  # type: ignore[arg-type]
        )
        assert historian.open() is None
        opened.append(historian)
        return historian

    yield make
    for historian in opened:
        historian.close()


def stored_rows(historian: Historian, path: str = TEMP) -> list[tuple[float, float | None, int]]:
    with sqlite3.connect(historian.path) as conn:
        return conn.execute(
            "SELECT t, value, quality FROM samples JOIN tags USING (tag_id) WHERE path = ? "
            "ORDER BY t",
            (path,),
        ).fetchall()


# -- writing ---------------------------------------------------------------------------------


def test_batches_are_written_in_one_transaction_and_read_back(open_historian):
    historian = open_historian()
    for tick in range(50):
        historian.offer(
            [sample(T0 + tick, 37.0 + tick / 100), sample(T0 + tick, tick, path="a/count")]
        )
    assert historian.flush() == 100
    # flush_s is a minute: all 50 batches went in the single write that flush() asked for.
    assert len(historian.flush_seconds) == 1
    rows = stored_rows(historian)
    assert [t for t, _, _ in rows] == [T0 + tick for tick in range(50)]
    assert rows[7] == (T0 + 7, pytest.approx(37.07), int(Quality.GOOD))
    assert historian.paths() == ["a/count", TEMP]


def test_a_producer_faster_than_the_writer_never_stalls_it(open_historian, monkeypatch):
    """Each cycle writes what was queued when it began; before, an intake faster than the
    writer kept one cycle filtering forever, and nothing was written or flushed."""
    import threading
    import time

    historian = open_historian(
        HistorianConfig(min_interval_s=3600.0, max_interval_s=7200.0, flush_s=0.05)
    )
    slow_filter = historian._filter

    def filter_slowly(*args: object) -> None:
        time.sleep(0.002)  # a writer busy with disk, or starved of CPU
        slow_filter(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(historian, "_filter", filter_slowly)
    monkeypatch.setattr("app.records.historian.MAX_QUEUED_BATCHES", 200)  # a short test
    batch = [sample(T0 + 1.0, 37.0, path=f"a/{k}") for k in range(50)]
    stop = threading.Event()

    def produce() -> None:
        while not stop.is_set():
            historian.offer(batch)
            time.sleep(0.0001)

    producer = threading.Thread(target=produce)
    producer.start()
    try:
        stop.wait(0.3)
        stored = historian.flush(timeout=60)
    finally:
        stop.set()
        producer.join()
    assert stored == 50  # the first sample of each tag; the rest came too soon


def test_text_tags_are_not_stored_and_booleans_are_stored_as_numbers(open_historian):
    historian = open_historian()
    historian.offer(
        [
            sample(T0, "running", path="shuttle-01/bay-03/process/state"),
            sample(T0, True, path="shuttle-01/doors/closed"),
            sample(T0 + 1, False, path="shuttle-01/doors/closed"),
        ]
    )
    historian.flush()
    assert historian.paths() == ["shuttle-01/doors/closed"]
    assert [v for _, v, _ in stored_rows(historian, "shuttle-01/doors/closed")] == [1.0, 0.0]


def test_deadband_min_and_max_interval_decide_what_is_stored(open_historian):
    config = HistorianConfig(
        deadband_percent=1.0, min_interval_s=1.0, max_interval_s=30.0, flush_s=60.0
    )
    historian = open_historian(config, spans={TEMP: 10.0})  # deadband 0.1
    historian.offer(
        [
            sample(T0, 37.00),
            sample(T0 + 0.5, 38.00),  # moved, but sooner than min_interval: skipped
            sample(T0 + 2, 37.05),  # inside the deadband: held back
            sample(T0 + 3, 37.08),  # inside the deadband: held back (newer)
            sample(T0 + 4, 37.50),  # beyond: stored, with the held value just before it
            sample(T0 + 5, 37.52),  # inside
            sample(T0 + 40, 37.53),  # inside, but max_interval passed: stored
        ]
    )
    historian.flush()
    assert [(t - T0, v) for t, v, _ in stored_rows(historian)] == [
        (0.0, 37.00),
        (3.0, 37.08),
        (4.0, 37.50),
        (40.0, 37.53),
    ]


def test_quality_changes_are_always_stored_and_a_degraded_value_gets_the_current_time(
    open_historian,
):
    now = [T0 + 100.0]
    historian = open_historian(clock=lambda: now[0])
    first = sample(T0 + 10, 37.0)
    historian.offer([first])
    # A lost link degrades the last value, keeping its source time; it happened now.
    historian.offer([first.degraded(Quality.BAD, QualityReason.COMM_LOSS, 0.0)])
    historian.offer([sample(T0 + 101, float("nan"), Quality.BAD)])
    historian.offer([sample(T0 + 102, None, Quality.BAD)])  # no value, no change: skipped
    historian.flush()
    assert stored_rows(historian) == [
        (T0 + 10, 37.0, int(Quality.GOOD)),
        (T0 + 100, 37.0, int(Quality.BAD)),
        (T0 + 101, None, int(Quality.BAD)),
    ]


def test_reopening_ends_each_line_where_the_previous_run_stopped(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    first = Historian(path, STORE_ALL)
    first.open()
    first.offer([sample(T0, 37.0), sample(T0 + 1, 37.1)])
    first.close()  # close writes what is queued
    second = Historian(path, STORE_ALL)
    second.open()
    second.offer([sample(T0 + 600, 37.2)])
    second.flush()
    rows = stored_rows(second)
    second.close()
    assert rows == [
        (T0, 37.0, 2),
        (T0 + 1, 37.1, 2),
        (T0 + 1.001, None, int(Quality.BAD)),  # the gap marker
        (T0 + 600, 37.2, 2),
    ]


def test_rollups_match_the_raw_samples_across_several_writes(open_historian):
    historian = open_historian()
    rng = np.random.default_rng(7)
    times = T0 + np.sort(rng.choice(np.arange(0, 600, 0.5), 500, replace=False))
    values = rng.normal(37, 0.3, len(times))
    for part in np.array_split(np.arange(len(times)), 5):
        historian.offer([sample(float(times[i]), float(values[i])) for i in part])
        historian.flush()  # five writes; minutes straddle them
    with sqlite3.connect(historian.path) as conn:
        expected = conn.execute(
            "SELECT CAST(t / 60 AS INTEGER) m, MIN(value), MAX(value), SUM(value), "
            "COUNT(value), COUNT(*) FROM samples GROUP BY m ORDER BY m"
        ).fetchall()
        rollup = conn.execute(
            "SELECT minute, vmin, vmax, vsum, n, rows FROM rollup_minute ORDER BY minute"
        ).fetchall()
    assert len(rollup) == len(expected) == 10
    for got, want in zip(rollup, expected, strict=True):
        assert got[:3] == want[:3] and got[4:] == want[4:]
        assert got[3] == pytest.approx(want[3])


# -- reading ---------------------------------------------------------------------------------


def reference(rows: list[tuple[float, float | None, int]], t0: float, t1: float, buckets: int):
    """Min, max, worst quality and counts per bucket, the plain numpy way."""
    width = (t1 - t0) / buckets
    vmin = np.full(buckets, np.nan)
    vmax = np.full(buckets, np.nan)
    worst = np.full(buckets, -1)
    count = np.zeros(buckets, dtype=int)
    for t, v, q in rows:
        if not t0 <= t < t1:
            continue
        b = min(int((t - t0) / width), buckets - 1)
        count[b] += 1
        worst[b] = q if worst[b] < 0 else min(worst[b], q)
        if v is not None:
            vmin[b] = np.fmin(vmin[b], v)
            vmax[b] = np.fmax(vmax[b], v)
    return vmin, vmax, worst, count


def assert_matches(series, rows, t0, t1, buckets):
    vmin, vmax, worst, count = reference(rows, t0, t1, buckets)
    np.testing.assert_array_equal(series.rows, count)
    np.testing.assert_array_equal(series.worst_quality, worst)
    np.testing.assert_allclose(series.vmin, vmin, equal_nan=True)
    np.testing.assert_allclose(series.vmax, vmax, equal_nan=True)


samples_strategy = st.lists(
    st.tuples(
        st.floats(0, 7200, allow_nan=False).map(lambda x: round(x, 2)),
        st.one_of(st.none(), st.floats(-50, 50, allow_nan=False, width=32)),
        st.sampled_from([Quality.GOOD, Quality.GOOD, Quality.UNCERTAIN, Quality.BAD]),
    ),
    min_size=1,
    max_size=300,
    unique_by=lambda item: item[0],
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=samples_strategy,
    buckets=st.integers(1, 400),
    start=st.floats(-100, 3000),
    span=st.floats(1, 9000),
)
def test_downsampled_query_matches_a_numpy_reference(open_historian, data, buckets, start, span):
    historian = open_historian()
    # The writer skips repeats; the reference runs on the rows actually stored.
    historian.offer([sample(T0 + t, v, q) for t, v, q in sorted(data)])
    historian.flush()
    rows = stored_rows(historian)
    t0, t1 = T0 + start, T0 + start + span
    series = historian.query(TEMP, t0, t1, buckets)
    if (t1 - t0) / buckets < 60:
        assert series.resolution == "raw"
        assert_matches(series, rows, t0, t1, buckets)
    historian.close()
    historian.path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{historian.path}{suffix}").unlink(missing_ok=True)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=samples_strategy,
    minutes_per_bucket=st.integers(1, 30),
    first_minute=st.integers(-5, 60),
    buckets=st.integers(1, 120),
)
def test_rollup_query_is_exact_on_minute_aligned_buckets(
    open_historian, data, minutes_per_bucket, first_minute, buckets
):
    historian = open_historian()
    historian.offer([sample(T0 + t, v, q) for t, v, q in sorted(data)])
    historian.flush()
    rows = stored_rows(historian)
    t0 = T0 + first_minute * 60.0
    t1 = t0 + buckets * minutes_per_bucket * 60.0
    series = historian.query(TEMP, t0, t1, buckets)
    assert series.resolution == "rollup" or not rows  # no number ever: no tag
    assert_matches(series, rows, t0, t1, buckets)
    historian.close()
    historian.path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{historian.path}{suffix}").unlink(missing_ok=True)


def test_rollup_edges_come_from_raw_samples(open_historian):
    """Unaligned spans: partial minutes at both ends are read raw, so nothing outside
    the span leaks in and nothing inside is lost."""
    historian = open_historian()
    historian.offer([sample(T0 + t, float(t)) for t in range(0, 3600, 5)])
    historian.flush()
    series = historian.query(TEMP, T0 + 90.5, T0 + 3000.5, 20)
    assert series.resolution == "rollup"
    assert np.nanmin(series.vmin) == 95.0
    assert np.nanmax(series.vmax) == 3000.0
    assert series.samples == len(range(95, 3001, 5))


def test_days_at_one_hertz_read_from_rollups(open_historian):
    """The benchmark's ten days, shortened to two (``celldeck bench records`` times ten)."""
    historian = open_historian()
    seconds = 2 * 86_400
    values = 37.0 + np.sin(np.arange(seconds) / 7000.0)
    for first in range(0, seconds, 50_000):
        historian.offer(
            [sample(T0 + t, float(values[t])) for t in range(first, min(seconds, first + 50_000))]
        )
    assert historian.flush(timeout=300) == seconds
    series = historian.query(TEMP, T0, T0 + seconds, 2000)
    assert series.resolution == "rollup"
    assert series.samples == seconds
    assert np.nanmin(series.vmin) == pytest.approx(values.min())
    assert np.nanmax(series.vmax) == pytest.approx(values.max())
    assert not series.doubtful.any()


def test_unknown_tag_and_bad_spans(open_historian):
    historian = open_historian()
    series = historian.query("nowhere/tag", T0, T0 + 10, 5)
    assert series.samples == 0 and np.isnan(series.vmin).all()
    with pytest.raises(ValueError, match="time span"):
        historian.query(TEMP, T0, T0, 5)
    with pytest.raises(ValueError, match="buckets"):
        historian.query(TEMP, T0, T0 + 1, 0)


# -- retention -------------------------------------------------------------------------------


def test_deletable_ranges_leave_out_protected_windows():
    assert deletable_ranges(100.0, []) == [(-math.inf, 100.0)]
    ranges = deletable_ranges(100.0, [(20.0, 30.0), (25.0, 40.0), (90.0, math.inf)])
    assert ranges[0] == (-math.inf, 20.0)
    assert ranges[1][0] == pytest.approx(40.0) and ranges[1][0] > 40.0 and ranges[1][1] == 90.0
    assert len(ranges) == 2


def test_protected_window_covers_its_bay_and_its_shuttle_but_not_other_bays():
    window = ProtectedWindow("shuttle-01", 3, 0.0, None)
    assert window.covers("shuttle-01/bay-03/bioreactor/ph")
    assert window.covers("shuttle-01/inventory/media")
    assert not window.covers("shuttle-01/bay-04/bioreactor/ph")
    assert not window.covers("shuttle-02/bay-03/bioreactor/ph")
    assert ProtectedWindow("cellq-01", None, 0.0, 1.0).covers("cellq-01/queue/length")


def test_retention_archives_old_data_and_keeps_what_an_open_batch_needs(
    open_historian, tmp_path: Path
):
    day = 86_400.0
    config = HistorianConfig(
        raw_days=2, rollup_days=5, min_interval_s=0, deadband_percent=0, flush_s=60
    )
    historian = open_historian(config)
    other = "shuttle-01/bay-04/bioreactor/temperature"
    # One sample an hour for ten days, on the batch's bay and on another bay.
    hours = range(0, 240)
    historian.offer(
        [sample(T0 + h * 3600, 37.0 + h / 1000, path=p) for h in hours for p in (TEMP, other)]
    )
    historian.flush()
    now = T0 + 10 * day
    batch_start, batch_end = T0 + 1 * day, T0 + 4 * day  # not closed yet
    windows = [ProtectedWindow("shuttle-01", 3, batch_start, batch_end, "B-1")]
    result = historian.apply_retention(windows, now=now)

    kept_batch_bay = [t for t, _, _ in stored_rows(historian, TEMP)]
    kept_other_bay = [t for t, _, _ in stored_rows(historian, other)]
    raw_cutoff = now - 2 * day
    assert all(t >= raw_cutoff or batch_start <= t <= batch_end for t in kept_batch_bay)
    assert any(batch_start <= t <= batch_end for t in kept_batch_bay)
    assert min(kept_other_bay) >= raw_cutoff
    # Everything pruned is in the dated archive, and nothing is in neither place.
    assert result.archive is not None and result.archive.parent == tmp_path / "archive"
    with sqlite3.connect(result.archive) as archive:
        archived = archive.execute(
            "SELECT path, t FROM samples JOIN tags USING (tag_id) ORDER BY path, t"
        ).fetchall()
        archived_rollups = archive.execute("SELECT COUNT(*) FROM rollup_minute").fetchone()[0]
    assert len(archived) == result.raw_rows
    archived_batch_bay = [t for p, t in archived if p == TEMP]
    assert sorted(archived_batch_bay + kept_batch_bay) == [T0 + h * 3600 for h in hours]
    assert not any(batch_start <= t <= batch_end for t in archived_batch_bay)
    # Rollups older than five days left too, but not those in the batch's window.
    rollup_cutoff_minute = (now - 5 * day) // 60
    with sqlite3.connect(historian.path) as conn:
        old_rollups = conn.execute(
            "SELECT path, minute FROM rollup_minute JOIN tags USING (tag_id) WHERE minute < ?",
            (rollup_cutoff_minute,),
        ).fetchall()
    assert old_rollups and all(p == TEMP for p, _ in old_rollups)
    assert archived_rollups == result.rollup_rows > 0
    # A long trend still reads the batch's history; a second run has nothing to do.
    series = historian.query(TEMP, batch_start, batch_end, 100)
    assert series.samples > 0
    assert historian.apply_retention(windows, now=now).archive is None


def _history_of_many_tags(open_historian, tags: int) -> tuple[Path, dict[str, int]]:
    """A closed history file with ten hourly samples on each of ``tags`` tags."""
    historian = open_historian()
    paths = [f"shuttle-01/bay-03/bioreactor/t{index:03d}" for index in range(tags)]
    historian.offer([sample(T0 + h * 3600, 37.0, path=p) for h in range(10) for p in paths])
    historian.flush()
    historian.close()
    with sqlite3.connect(historian.path) as conn:
        ids = dict(conn.execute("SELECT path, tag_id FROM tags").fetchall())
    return historian.path, ids


def test_retention_moves_a_few_tags_at_a_time_and_the_writer_writes_in_between(
    open_historian, tmp_path: Path
):
    # A pass over a full site moves millions of rows: a writer that waited for all of
    # it would queue every sample offered meanwhile (tens of MB the allocator keeps).
    path, ids = _history_of_many_tags(open_historian, 2 * CHUNK_TAGS + 5)
    conn = sqlite3.connect(path, isolation_level=None)
    cutoff = T0 + 5 * 3600  # five of each tag's ten hourly samples are old
    seen: list[tuple[int, int, bool]] = []

    def writer_cycle() -> None:  # what the historian's writer does between chunks
        (archive,) = (tmp_path / "archive").glob("*.sqlite3")
        with sqlite3.connect(archive) as copy:
            archived = copy.execute("SELECT COUNT(*) FROM samples").fetchone()[0]
            done = copy.execute("SELECT 1 FROM info WHERE key = 'complete'").fetchone()
        old = conn.execute("SELECT COUNT(*) FROM samples WHERE t < ?", (cutoff,)).fetchone()
        seen.append((archived, old[0], done is not None))
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO samples VALUES (?,?,?,?)", (1, T0 + 1e6 + len(seen), 1.0, 2))
        conn.execute("COMMIT")

    result = archive_and_prune(
        conn,
        tmp_path / "archive",
        ids,
        raw_cutoff=cutoff,
        rollup_cutoff=cutoff,
        windows=[],
        between_chunks=writer_cycle,
    )
    everything = 5 * len(ids)
    assert result.raw_rows == everything
    # Each chunk is in the archive and out of the live file before the writer goes on.
    assert seen == [
        (5 * CHUNK_TAGS, everything - 5 * CHUNK_TAGS, False),
        (10 * CHUNK_TAGS, everything - 10 * CHUNK_TAGS, False),
        (everything, 0, False),
    ]
    written = conn.execute("SELECT COUNT(*) FROM samples WHERE t > ?", (T0 + 1e6,)).fetchone()
    assert written[0] == len(seen)
    assert [row[1] for row in conn.execute("PRAGMA database_list")] == ["main"]
    assert conn.execute("SELECT file FROM archives").fetchall() == [(str(result.archive),)]
    conn.close()
    with sqlite3.connect(result.archive) as archive:
        assert archive.execute("SELECT 1 FROM info WHERE key = 'complete'").fetchone()
        assert archive.execute("SELECT COUNT(*) FROM tags").fetchone()[0] == len(ids)


def test_retention_cut_short_leaves_every_row_in_the_archive_or_the_live_file(
    open_historian, tmp_path: Path
):
    path, ids = _history_of_many_tags(open_historian, CHUNK_TAGS + 1)
    conn = sqlite3.connect(path, isolation_level=None)

    def station_stops() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        archive_and_prune(
            conn,
            tmp_path / "archive",
            ids,
            raw_cutoff=T0 + 5 * 3600,
            rollup_cutoff=T0 + 5 * 3600,
            windows=[],
            between_chunks=station_stops,
        )
    live = conn.execute("SELECT COUNT(*) FROM samples").fetchone()[0]
    assert [row[1] for row in conn.execute("PRAGMA database_list")] == ["main"]
    assert conn.execute("SELECT COUNT(*) FROM archives").fetchone()[0] == 0
    conn.close()
    (archive,) = (tmp_path / "archive").glob("*.sqlite3")
    with sqlite3.connect(archive) as partial:  # readable, and says it is not complete
        archived = partial.execute("SELECT COUNT(*) FROM samples").fetchone()[0]
        assert partial.execute("SELECT 1 FROM info WHERE key = 'complete'").fetchone() is None
    assert archived == 5 * CHUNK_TAGS and live + archived == 10 * len(ids)


def test_open_batches_in_the_station_database_become_protected_windows(db_path: Path):
    db = open_database(db_path)
    columns = (
        "batch_id, recipe_id, recipe_version, recipe_hash, recipe_json, shuttle, bay, cellq, "
        "barcode, coi, state, closed, steps_total, created_by, created_time, ended_time, "
        "updated_time"
    )
    for batch_id, closed, cellq in (("B-open", 0, "cellq-01"), ("B-closed", 1, "")):
        db.execute(
            f"INSERT INTO batches ({columns}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                batch_id,
                "r",
                "1",
                "h",
                "{}",
                "shuttle-01",
                3,
                cellq,
                "bc",
                "coi",
                "Running",
                closed,
                10,
                "op",
                T0,
                None,
                T0,
            ),
        )
    windows = open_batch_windows(db.conn)
    db.close()
    assert windows == [
        ProtectedWindow("shuttle-01", 3, T0, None, "B-open"),
        ProtectedWindow("cellq-01", None, T0, None, "B-open"),
    ]


# -- the file --------------------------------------------------------------------------------


def test_a_corrupt_history_file_is_moved_aside_and_a_new_one_started(tmp_path: Path):
    path = tmp_path / "station-history.sqlite3"
    garbage = b"not a database, just noise " * 200
    path.write_bytes(garbage)
    historian = Historian(path, STORE_ALL)
    problem = historian.open()
    try:
        assert problem is not None and "unreadable" in problem and "moved to" in problem
        moved = list(tmp_path.glob("station-history.sqlite3.corrupt-*"))
        assert len(moved) == 1 and moved[0].read_bytes() == garbage
        historian.offer([sample(T0, 37.0)])
        historian.flush()
        assert stored_rows(historian) == [(T0, 37.0, 2)]
    finally:
        historian.close()


def test_corruption_found_while_running_replaces_the_file_and_reports_it(open_historian):
    historian = open_historian()
    reported: list[str] = []
    historian.on_problem = reported.append
    historian.offer([sample(T0, 37.0)])
    historian.flush()

    def fail() -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    with pytest.raises(sqlite3.DatabaseError):
        historian.submit(fail).result(10)
    assert len(reported) == 1 and "moved to" in reported[0]
    historian.offer([sample(T0 + 5, 37.5)])
    historian.flush()
    assert stored_rows(historian) == [(T0 + 5, 37.5, 2)]


def test_a_newer_history_file_is_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT, "
            "applied_utc TEXT)"
        )
        conn.execute(
            "INSERT INTO schema_version VALUES (?, 'future', '')", (HISTORY_SCHEMA_VERSION + 1,)
        )
    before = path.read_bytes()
    with pytest.raises(HistorianError, match="newer than this CellDeck"):
        Historian(path, STORE_ALL).open()
    assert path.read_bytes() == before


def test_history_file_and_archive_sit_beside_the_station_database(tmp_path: Path):
    db = tmp_path / "celldeck.sqlite3"
    assert history_path_for(db) == tmp_path / "celldeck-history.sqlite3"
    assert archive_dir_for(db, HistorianConfig()) == tmp_path / "celldeck-history-archive"
    assert archive_dir_for(db, HistorianConfig(archive_dir="old")) == tmp_path / "old"
    assert archive_dir_for(db, HistorianConfig(archive_dir="/srv/a")) == Path("/srv/a")


def test_plant_file_historian_settings_are_checked():
    base = '[site]\nname = "S"\ncode = "S"\n[station]\nname = "K"\n'
    device = '[[devices]]\nkind = "cellq"\nid = "cellq-01"\n'
    plant = parse_plant(base + "[historian]\nraw_days = 7\nrollup_days = 30\n" + device)
    assert plant.historian.raw_days == 7
    with pytest.raises(ConfigError, match="rollup_days"):
        parse_plant(base + "[historian]\nraw_days = 30\nrollup_days = 7\n" + device)
    with pytest.raises(ConfigError, match=r"historian\.raw_dayz"):
        parse_plant(base + "[historian]\nraw_dayz = 3\n" + device)


# -- in the station ---------------------------------------------------------------------------


async def test_station_records_history_beside_its_database_and_serves_trends(
    demo_plant, db_path: Path
):
    from app.station import Station
    from app.trends import LimitKind

    station = Station(demo_plant, db_path, sim_speed=60.0)
    await station.start()
    try:
        assert station.historian is not None
        assert station.historian.path == history_path_for(db_path)
        path = "shuttle-01/bay-01/process/culture_age"
        started = station.clock.now()
        while station.historian.stored < 500:
            await asyncio.sleep(0.2)
        await asyncio.to_thread(station.historian.flush)
        series = await station.trend(path, started - 60, station.clock.now(), 50)
        assert series.samples > 0 and series.resolution == "raw"
        limits = await station.trend_limits("shuttle-01/bay-01/bioreactor/temperature")
        assert {limit.kind for limit in limits} >= {LimitKind.ALARM, LimitKind.RANGE}
        assert any(
            limit.kind is LimitKind.ALARM and limit.label.startswith("H ") for limit in limits
        )
    finally:
        await station.stop()
    assert not station.historian.running


async def test_station_replaces_a_corrupt_history_file_and_says_so(demo_plant, db_path: Path):
    from app.station import Station

    history = history_path_for(db_path)
    history.write_bytes(b"garbage " * 1000)
    station = Station(demo_plant, db_path)
    await station.start()
    try:
        assert station.history_problem is not None
        assert station.historian is not None and station.historian.running
    finally:
        await station.stop()
    with sqlite3.connect(db_path) as conn:
        events = conn.execute(
            "SELECT detail FROM station_events WHERE kind = 'historian-file-replaced'"
        ).fetchall()
    assert len(events) == 1 and "moved to" in events[0][0]
    assert list(db_path.parent.glob(f"{history.name}.corrupt-*"))
