"""SIGKILL of a whole station while batches run and alarms, audit entries and batch
records are written: on restart the database is intact, the audit trail verifies,
every record the station reported committed is there unchanged, and the batches that
were running come back Held with the gap recorded."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.batch import BatchState
from app.batch.states import COMES_BACK_HELD
from app.config import load_plant
from app.records.audit import checkpoint_path_for, verify_database
from app.station import Station
from tests.reliability.crash_child import TABLES, row_digest_at

ROOT = Path(__file__).resolve().parents[2]
# Enough of everything in flight before the kill that the test means something.
WANTED = {"audit_trail": 60, "batch_events": 60, "alarm_events": 20}


def read_reports(child: subprocess.Popen[str], timeout_s: float) -> dict:
    """Follow the child's reports until every table has enough rows; the last report."""
    assert child.stdout is not None
    deadline = time.monotonic() + timeout_s
    last: dict = {}
    lines: list[str] = []
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        lines.append(line)
        if not line.startswith("COMMITTED "):
            continue
        last = json.loads(line.removeprefix("COMMITTED "))
        tables = last["tables"]
        if all((tables[t] or [0])[0] >= n for t, n in WANTED.items()) and last["batches"]:
            return last
    raise AssertionError("the station never got going:\n" + "".join(lines[-20:]))


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
async def test_sigkill_mid_stream_loses_nothing_committed(tmp_path: Path):
    db_path, key_path = tmp_path / "station.sqlite3", tmp_path / "audit.key"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_child", str(db_path), str(key_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        last = read_reports(child, timeout_s=60)
        # Kill while it writes: a few more reports (and commits) go by first.
        assert child.stdout is not None
        for _ in range(3):
            line = child.stdout.readline()
            if line.startswith("COMMITTED "):
                last = json.loads(line.removeprefix("COMMITTED "))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    assert child.returncode == -signal.SIGKILL

    # The file as the kill left it (WAL included): intact, and the trail verifies.
    for path in tmp_path.glob("*.sqlite3"):  # also a historian file beside it, if any
        assert integrity(path) == "ok", path
    checkpoint = checkpoint_path_for(key_path, db_path)
    result = verify_database(db_path, key_path, checkpoint)
    assert result.ok, result.problem
    assert result.checked >= last["tables"]["audit_trail"][0]

    # Every reported record is there, unchanged, with nothing missing before it.
    conn = sqlite3.connect(db_path)
    try:
        for table, key in TABLES.items():
            reported = last["tables"][table]
            if reported is None:
                continue
            last_key, digest = reported
            assert row_digest_at(conn, table, key, last_key) == digest, table
            count = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {key} <= ?", (last_key,))
            assert count.fetchone()[0] == last_key, f"{table}: rows missing before {last_key}"
        open_batches = dict(conn.execute("SELECT batch_id, state FROM batches WHERE closed = 0"))
    finally:
        conn.close()
    assert set(last["batches"]) <= set(open_batches)
    running = {b for b, state in open_batches.items() if BatchState(state) in COMES_BACK_HELD}
    assert running, "no batch was running when the station died"

    # The station comes back on the same files.
    station = Station(load_plant(), db_path, sim_speed=60.0, audit_key=key_path)
    await station.start()
    try:
        assert station.audit_problem is None
        assert station.batches is not None
        for batch_id in running:
            batch = station.batches.batch(batch_id)
            assert batch.state is BatchState.HELD, batch_id
            assert "the station was down for" in batch.hold_reason
            gap = station.batches.events(batch_id, "restart-gap")
            assert len(gap) == 1 and gap[0]["new_value"] == "Held"
            assert gap[0]["old_value"] == open_batches[batch_id]
            assert station.batches.deviations(batch_id)[-1]["kind"] == "restart-gap"
    finally:
        await station.stop()
    after = verify_database(db_path, key_path, checkpoint)
    assert after.ok, after.problem
    assert after.checked > result.checked  # the restart gaps were audited too
    assert integrity(db_path) == "ok"
