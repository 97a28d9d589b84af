"""Backups include the process history: an online, integrity-checked copy of the history
file taken while the historian's writer writes, its archives, and a manifest that ties
them to the records; a restore puts the pair back or refuses a mismatched one."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.config import HistorianConfig
from app.records.backup import (
    BackupError,
    archive_copy_dir,
    backup_database,
    check_backup_set,
    history_copy_path,
    manifest_path,
    restore_database,
)
from app.records.database import open_database
from app.records.historian import Historian, archive_dir_for, history_path_for
from hardware import Quality, Sample
from tests.app.records.conftest import RecordFiles

DAY = 86_400.0
T_OLD = 1_800_000_000.0  # minute-aligned
T_NEW = T_OLD + 30 * DAY
PATHS = [f"shuttle-01/bay-{bay:02d}/bioreactor/temperature" for bay in range(1, 9)]
CONFIG = HistorianConfig(
    raw_days=7, rollup_days=14, min_interval_s=0.0, deadband_percent=0.0, flush_s=0.02
)


def samples(t: float) -> list[Sample]:
    return [Sample(path, 37.0 + (t % 60) / 100, Quality.GOOD, None, t, t) for path in PATHS]


def count(db: Path, sql: str, *params: object) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql, params).fetchone()[0] or 0)
    finally:
        conn.close()


@pytest.fixture
def station(finished: RecordFiles, tmp_path: Path) -> Iterator[tuple[RecordFiles, Historian]]:
    """A station's records with its historian running beside them: a month-old day of
    history already archived by retention, and the writer open for more."""
    files = finished.copy_to(tmp_path / "station")
    historian = Historian(
        history_path_for(files.db),
        CONFIG,
        clock=lambda: T_NEW,
        archive_dir=archive_dir_for(files.db, CONFIG),
    )
    assert historian.open() is None
    for second in range(0, 3600, 10):
        historian.offer(samples(T_OLD + second))
    historian.flush()
    result = historian.apply_retention([], now=T_NEW)
    assert result.archive is not None and result.raw_rows > 0
    try:
        yield files, historian
    finally:
        historian.close()


def consistent(history: Path, since: float) -> tuple[int, int]:
    """(samples, rows the minute rollups count) from ``since``: equal in any snapshot,
    because the writer commits both in one transaction."""
    minute = int(since // 60)
    stored = count(history, "SELECT COUNT(*) FROM samples WHERE t >= ?", minute * 60.0)
    rolled = count(history, "SELECT SUM(rows) FROM rollup_minute WHERE minute >= ?", minute)
    return stored, rolled


def test_backup_copies_the_history_while_its_writer_writes(station, tmp_path: Path):
    files, historian = station
    stop = threading.Event()

    def write() -> None:  # equipment keeps delivering; the writer commits every 20 ms
        t = T_NEW
        while not stop.is_set():
            historian.offer(samples(t))
            t += 1.0
            time.sleep(0.001)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        deadline = time.monotonic() + 30
        while historian.stored < 20_000 and time.monotonic() < deadline:
            time.sleep(0.01)
        target = tmp_path / "backups" / "nightly.sqlite3"
        report = backup_database(
            files.db, target, files.key, archive_dir=archive_dir_for(files.db, CONFIG)
        )
        time.sleep(0.2)
    finally:
        stop.set()
        writer.join()
    live_after = historian.flush()
    copy = history_copy_path(target)
    assert copy == tmp_path / "backups" / "nightly-history.sqlite3"
    assert report.history is not None and report.history.file == copy
    # A consistent snapshot taken mid-write: every sample its rollups count, and only those.
    stored, rolled = consistent(copy, T_NEW)
    assert stored == rolled and stored > 0
    assert live_after > report.history.samples  # the writer went on after the snapshot
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not Path(f"{copy}-wal").exists()
    assert copy.stat().st_mode & 0o077 == 0
    # The archive retention wrote, and a manifest naming every file with its sha256.
    (archive,) = report.archives
    assert (
        archive.parent
        == archive_copy_dir(target)
        == tmp_path / "backups" / ("nightly-history-archive")
    )
    assert count(archive, "SELECT COUNT(*) FROM samples") > 0
    manifest = json.loads(manifest_path(target).read_text())
    assert manifest["database"]["file"] == "nightly.sqlite3"
    assert manifest["history"]["file"] == "nightly-history.sqlite3"
    assert [a["file"] for a in manifest["archives"]] == [archive.name]
    assert len(manifest["mac"]) == 64
    assert check_backup_set(target, files.key).history == copy
    # A second backup to the same name needs --force (any of its files being there).
    with pytest.raises(BackupError, match="exists"):
        backup_database(files.db, target, files.key)


def _backup_pair(files: RecordFiles, historian: Historian, target: Path, t: float) -> None:
    """Life goes on (records and history both), then a backup."""
    historian.offer(samples(t))
    historian.flush()
    conn = sqlite3.connect(files.db)
    with conn:
        conn.execute(
            "INSERT INTO station_events (utc, station, kind, detail) VALUES (?,?,?,?)",
            (str(t), "Kiosk", "test", target.name),
        )
    conn.close()
    backup_database(files.db, target, files.key, archive_dir=archive_dir_for(files.db, CONFIG))


def _live_state(files: RecordFiles) -> tuple[int, int, bytes, bytes]:
    history = history_path_for(files.db)
    return (
        count(files.db, "SELECT COUNT(*) FROM audit_trail"),
        count(history, "SELECT COUNT(*) FROM samples"),
        files.db.read_bytes(),
        history.read_bytes(),
    )


def test_restore_refuses_a_mismatched_pair_and_puts_a_matching_one_back(station, tmp_path: Path):
    files, historian = station
    monday, tuesday = tmp_path / "monday.sqlite3", tmp_path / "tuesday.sqlite3"
    _backup_pair(files, historian, monday, T_NEW)
    _backup_pair(files, historian, tuesday, T_NEW + 60)
    monday_samples = count(history_copy_path(monday), "SELECT COUNT(*) FROM samples")
    historian.close()  # the station is stopped for a restore
    archive_dir = archive_dir_for(files.db, CONFIG)
    before = _live_state(files)

    def restore(**options: object):
        return restore_database(
            monday, files.db, files.key, station="Kiosk", force=True,
            archive_dir=archive_dir, **options,
        )  # fmt: skip

    # Tuesday's history beside Monday's records: refused, nothing touched.
    good_history = history_copy_path(monday).read_bytes()
    shutil.copyfile(history_copy_path(tuesday), history_copy_path(monday))
    with pytest.raises(BackupError, match="not the history this backup was made with") as bad:
        restore()
    assert bad.value.exit_code == 1
    assert _live_state(files) == before
    assert not list(files.db.parent.glob("*.replaced-*"))
    history_copy_path(monday).write_bytes(good_history)
    # A manifest edited to fit other files no longer matches its seal.
    manifest_file = manifest_path(monday)
    manifest_text = manifest_file.read_text()
    edited = json.loads(manifest_text)
    edited["history"]["sha256"] = "0" * 64
    manifest_file.write_text(json.dumps(edited))
    with pytest.raises(BackupError, match="does not match its seal"):
        restore()
    manifest_file.write_text(manifest_text)
    # Tuesday's records under Monday's name, beside Monday's history: refused too.
    with pytest.raises(BackupError, match="not the database its manifest"):
        _swap_records(monday, tuesday, files)
    assert _live_state(files) == before
    # The matching pair goes back together; what it replaced is kept aside.
    report = restore(reason="disk replaced")
    assert report.history == history_path_for(files.db)
    assert report.history_kept_as is not None and report.history_kept_as.exists()
    assert report.replaced_kept_as is not None
    assert count(history_path_for(files.db), "SELECT COUNT(*) FROM samples") == monday_samples
    assert count(report.history_kept_as, "SELECT COUNT(*) FROM samples") == before[1]
    assert report.archives == 0  # the live archive is the same file: left as it is
    conn = sqlite3.connect(files.db)
    action, new_value = conn.execute(
        "SELECT action, new_value FROM audit_trail ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    conn.close()
    assert action == "database.restore"
    assert json.loads(new_value)["history"] == str(history_copy_path(monday))


def _swap_records(monday: Path, tuesday: Path, files: RecordFiles) -> None:
    saved = monday.read_bytes()
    shutil.copyfile(tuesday, monday)
    try:
        restore_database(monday, files.db, files.key, station="Kiosk", force=True)
    finally:
        monday.write_bytes(saved)


def test_a_missing_history_copy_is_refused_unless_records_only(station, tmp_path: Path):
    files, historian = station
    backup = tmp_path / "b.sqlite3"
    _backup_pair(files, historian, backup, T_NEW)
    historian.close()
    history_copy_path(backup).unlink()
    live_history = history_path_for(files.db).read_bytes()
    with pytest.raises(BackupError, match="is missing: the manifest lists it"):
        restore_database(backup, files.db, files.key, station="Kiosk", force=True)
    report = restore_database(
        backup, files.db, files.key, station="Kiosk", force=True, records_only=True
    )
    assert report.history is None and "--records-only" in report.history_note
    assert history_path_for(files.db).read_bytes() == live_history  # left as it was
    # An older backup (no manifest) with a history file beside it: nothing ties them.
    manifest_path(backup).unlink()
    shutil.copyfile(history_path_for(files.db), history_copy_path(backup))
    with pytest.raises(BackupError, match="no manifest ties them together"):
        restore_database(backup, files.db, files.key, station="Kiosk", force=True)


def test_restore_refuses_while_the_historian_has_the_history_open(station, tmp_path: Path):
    files, historian = station
    backup = tmp_path / "b.sqlite3"
    _backup_pair(files, historian, backup, T_NEW)
    before = _live_state(files)
    with pytest.raises(BackupError, match="in use"):
        restore_database(backup, files.db, files.key, station="Kiosk", force=True)
    historian.close()
    assert _live_state(files)[:2] == before[:2]
    assert not list(files.db.parent.glob("*.replaced-*"))


def test_restore_into_a_new_place_brings_the_history_and_its_archives(
    station, tmp_path: Path, capsys
):
    files, historian = station
    backup = tmp_path / "nightly.sqlite3"
    common = ["--audit-key", str(files.key)]
    assert main([*common, "--db", str(files.db), "backup", str(backup)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {history_copy_path(backup)}: process history" in out
    assert "history archive file(s)" in out and "manifest.json" in out
    historian.close()
    target = tmp_path / "new-pc" / "celldeck.sqlite3"
    code = main([*common, "restore", str(backup), "--db", str(target)])
    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert f"restored {history_path_for(target)} (process history" in out
    assert "restored 1 history archive file(s)" in out
    (archive,) = (tmp_path / "new-pc" / "celldeck-history-archive").glob("*.sqlite3")
    assert count(archive, "SELECT COUNT(*) FROM samples") > 0
    open_database(target).close()  # the restored records open as a station's
