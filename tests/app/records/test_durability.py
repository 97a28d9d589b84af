"""Durability: a process writing audit entries and batch events is killed (SIGKILL) in the
middle of its stream; every record it reported as committed is still there, and the file
passes SQLite's integrity check and the audit trail's verification.

(SIGKILL loses what was only in the process; what reached the OS survives. Power loss,
which synchronous=FULL guards against, cannot be produced in a test.)"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.records.audit import checkpoint_path_for, verify_database
from app.records.database import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

# The writer: one batch, then forever one batch event and one audit entry per round,
# each in its own transaction, printing "seq event_id audit_seq" after both committed.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from app.batch import load_recipe, shipped_recipe_path
    from app.batch.records import BatchRecorder
    from app.batch.runtime import Batch
    from app.records.audit import AuditKey, AuditTrail
    from app.records.database import open_database
    from app.security import Actor, Role

    db_path, key_path = Path(sys.argv[1]), Path(sys.argv[2])
    db = open_database(db_path)
    audit = AuditTrail(db, AuditKey(key_path), "durability-test")
    recorder = BatchRecorder(db, clock=lambda: 1.0e9, station="durability-test")
    batch = Batch(
        batch_id="B-DURABLE",
        recipe=load_recipe(shipped_recipe_path("qc-release.toml")),
        barcode="CDK-DUR-0001",
        coi="COI-DUR-000001",
        cellq_id="cellq-01",
        created_by="op1",
        created_time=1.0e9,
    )
    recorder.create(batch)
    actor = Actor("op1", "Olga Operator", Role.OPERATOR)
    print("ready", flush=True)
    seq = 0
    while True:
        seq += 1
        recorder.event(batch, "comment", actor=actor, new=f"round {seq}")
        event_id = db.conn.execute("SELECT MAX(id) FROM batch_events").fetchone()[0]
        audit_seq = audit.record(actor, "test.write", f"round {seq}", None, seq, "durability")
        print(seq, event_id, audit_seq, flush=True)
    """
)


def test_every_committed_record_survives_sigkill(tmp_path: Path):
    db_path, key_path = tmp_path / "station.sqlite3", tmp_path / "keys" / "audit.key"
    root = Path(__file__).resolve().parents[3]
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(key_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert child.stdout is not None
    reported: list[tuple[int, int, int]] = []
    try:
        first = child.stdout.readline()
        assert first.strip() == "ready", child.stderr.read() if child.stderr else first
        # Kill it mid-stream: after a few hundred commits, at no particular point.
        deadline = time.monotonic() + 60
        while len(reported) < 300 and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            reported.append(tuple(int(x) for x in line.split()))  # type: ignore[arg-type]
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        # Lines already flushed before the kill were committed too.
        for line in child.stdout:
            parts = line.split()
            if len(parts) == 3:
                reported.append(tuple(int(x) for x in parts))  # type: ignore[arg-type]
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    assert len(reported) >= 300, "the writer did not get going"

    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        events = {
            row[0]: row[1]
            for row in conn.execute(
                "SELECT id, new_value FROM batch_events WHERE batch_id = 'B-DURABLE'"
            )
        }
        audits = {row[0]: row[1] for row in conn.execute("SELECT seq, target FROM audit_trail")}
    finally:
        conn.close()
    for seq, event_id, audit_seq in reported:
        assert events.get(event_id) == f"round {seq}", f"batch event of round {seq} lost"
        assert audits.get(audit_seq) == f"round {seq}", f"audit entry of round {seq} lost"
    # At most the round in flight may be there beyond what was reported.
    assert len(audits) - len(reported) in (0, 1)
    result = verify_database(db_path, key_path, checkpoint_path_for(key_path, db_path))
    assert result.ok, result.problem
    assert result.checked == len(audits) and result.tail_checked
    # And the station can carry on writing the same file.
    db = open_database(db_path)
    try:
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        db.close()
