"""The electronic batch record: assembled from the database, signatures checked against
what they signed, review by exception, CSV and JSON for machines."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from app.records.audit import AuditKey
from app.records.database import connect_read_only
from app.records.ebr import (
    IN_PROGRESS_MARK,
    SEVERITY_RANK,
    BatchRecord,
    UnknownBatchRecord,
    assemble,
    list_batches,
    to_csv,
    to_json,
)
from app.records.signatures import content_hash
from tests.app.batch.conftest import small_recipe
from tests.app.records.conftest import RecordFiles
from tests.app.records.finished_batch import make_finished_batch_in_thread


def _record(files: RecordFiles, *, with_key: bool = True) -> BatchRecord:
    conn = connect_read_only(files.db)
    try:
        key = AuditKey(files.key, create=False) if with_key else None
        return assemble(conn, files.batch_id, key)
    finally:
        conn.close()


def _write(files: RecordFiles, *statements: str) -> None:
    """Change the file behind the application's back (as someone with the file could)."""
    conn = sqlite3.connect(files.db, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def test_finished_record_holds_identity_steps_entries_and_verified_signatures(
    finished: RecordFiles,
):
    record = _record(finished)
    recipe = small_recipe()
    assert (record.batch_id, record.barcode, record.coi) == (
        finished.batch_id,
        "CDK-EBR-0001",
        "COI-EBR-000001",
    )
    assert (record.recipe_id, record.recipe_version, record.recipe_hash) == (
        "small-test",
        "0.1",
        recipe.content_hash,
    )
    assert record.state == "Complete" and record.finished and record.marking == ""
    assert record.unit == "shuttle-01 bay 1" and record.station == "Kiosk hall A-1"
    assert record.started_utc and record.ended_utc and record.ended_utc > record.started_utc
    assert [s.path for s in record.steps] == [ref.path for ref in recipe.phases]
    assert all(s.status == "done" and s.duration_s is not None for s in record.steps)
    activation = next(s for s in record.steps if s.path.endswith("/activate"))
    assert 20 * 3600 < (activation.duration_s or 0) < 30 * 3600  # a 24 h module
    assert any("start_module" in a for a in activation.actions)
    prepare = record.steps[0]
    (entry,) = prepare.entries
    assert (entry.label, entry.value, entry.unit, entry.limits) == (
        "Volume",
        100.0,
        "mL",
        "50-150 mL",
    )
    assert {scan.scan_id: scan.value for scan in prepare.scans} == {
        "cartridge": "CDK-EBR-0001",
        "kit": "KIT-0001",
    }
    assert [c.text for c in prepare.confirmations] == ["Weld checked"]
    assert "Simulated Operator (sim-operator)" in prepare.operators
    assert [(s.meaning, s.status) for s in prepare.signatures] == [
        ("performed", "verified"),
        ("verified", "verified"),
    ]
    verifier = prepare.signatures[1]
    assert verifier.manifestation.startswith("Verified by Simulated Verifier (sim-verifier), ")
    assert verifier.manifestation.endswith(verifier.utc)
    assert [c.text for c in record.comments] == ["Bag label slightly smudged; CoI readable."]
    assert record.approval == "not reviewed" and record.reviews == ()


def test_review_by_exception_lists_everything_abnormal_most_severe_first(finished: RecordFiles):
    record = _record(finished)
    categories = [e.category for e in record.exceptions]
    assert categories[0] == "deviation: identity-mismatch"
    for expected in ("refused scan", "refused entry", "hold", "restart", "comment"):
        assert expected in categories, categories
    ranks = [SEVERITY_RANK[e.severity] for e in record.exceptions]
    assert ranks == sorted(ranks)
    hold = next(e for e in record.exceptions if e.category == "hold")
    assert "Simulated Operator" in hold.text and "checking the bag label" in hold.text
    restart = next(e for e in record.exceptions if e.category == "restart")
    assert "Simulated Supervisor" in restart.text
    # Nothing about signatures: they all hold.
    assert not any("signature" in c for c in categories)


def test_content_hash_is_the_same_every_time_and_without_the_key(finished: RecordFiles):
    first, again, keyless = _record(finished), _record(finished), _record(finished, with_key=False)
    assert first.content_hash == again.content_hash == keyless.content_hash
    assert len(first.content_hash) == 64
    assert all(s.status == "not checked" for step in keyless.steps for s in step.signatures)
    assert first.generated_utc and first.generated_utc != ""


def test_an_entry_changed_behind_the_application_breaks_its_signatures(
    finished: RecordFiles, finished_copy: RecordFiles
):
    before = _record(finished)
    _write(
        finished_copy,
        "DROP TRIGGER batch_events_no_update",
        "UPDATE batch_events SET new_value = '120.0' WHERE kind = 'entry' AND target = 'volume'",
    )
    after = _record(finished_copy)
    assert after.content_hash != before.content_hash
    prepare = after.steps[0]
    assert prepare.entries[0].value == 120.0
    assert [s.status for s in prepare.signatures] == ["failed", "failed"]
    assert "changed after signature" in prepare.signatures[0].problem
    failed = [e for e in after.exceptions if e.category == "signature fails verification"]
    assert len(failed) == 2 and all(e.severity == "critical" for e in failed)
    assert after.exceptions[0].severity == "critical"


def test_a_forged_signature_row_fails_its_seal(finished_copy: RecordFiles):
    _write(
        finished_copy,
        "DROP TRIGGER signatures_no_update",
        "UPDATE signatures SET printed_name = 'Someone Else' WHERE meaning = 'verified'",
    )
    record = _record(finished_copy)
    verifier = record.steps[0].signatures[1]
    assert verifier.status == "failed" and "does not match its seal" in verifier.problem
    assert verifier.manifestation.startswith("Verified by Someone Else")


def test_signatures_given_in_the_engine_only_are_flagged_unbound(tmp_path: Path):
    db, key = tmp_path / "plain.sqlite3", tmp_path / "audit.key"
    batch_id = make_finished_batch_in_thread(
        db, key, small_recipe(), trouble=False, bind_signatures=False
    )
    record = _record(RecordFiles(db, key, batch_id))
    unbound = [e for e in record.exceptions if e.category == "unbound signature"]
    assert [e.text.split()[0] for e in unbound] == ["performed", "verified"]
    assert not any(e.category == "missing signature" for e in record.exceptions)
    assert record.steps[0].signatures == ()


def test_alarms_of_the_bay_and_shuttle_during_the_batch_only(finished_copy: RecordFiles):
    conn = sqlite3.connect(finished_copy.db, isolation_level=None)
    row = conn.execute(
        "SELECT started_time, ended_time FROM batches WHERE batch_id = ?",
        (finished_copy.batch_id,),
    ).fetchone()
    started, ended = row
    middle = (started + ended) / 2
    journal = [
        ("temp-high@shuttle-01/bay-01", "shuttle-01/bay-01", "high", "activate", middle),
        ("temp-high@shuttle-01/bay-01", "shuttle-01/bay-01", "high", "acknowledge", middle + 1),
        ("ups-low@shuttle-01", "shuttle-01", "low", "activate", middle + 2),
        ("temp-high@shuttle-01/bay-02", "shuttle-01/bay-02", "high", "activate", middle),
        ("door@shuttle-01/bay-01", "shuttle-01/bay-01", "critical", "activate", ended + 60),
    ]
    for alarm_id, source, priority, event, time in journal:
        conn.execute(
            "INSERT INTO alarm_events (utc, time, alarm_id, tag, source, area, priority, event, "
            "state, value, limit_value, user_id, comment) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                "2026-01-01T00:00:00.000+00:00",
                time,
                alarm_id,
                "t",
                source,
                "A",
                priority,
                event,
                "UNACK",
                "38.2",
                38.0,
                "",
                "",
            ),
        )
    conn.close()
    record = _record(finished_copy)
    assert [(a.alarm_id, a.event) for a in record.alarms] == [
        ("temp-high@shuttle-01/bay-01", "activate"),
        ("temp-high@shuttle-01/bay-01", "acknowledge"),
        ("ups-low@shuttle-01", "activate"),
    ]
    alarm_exceptions = [e for e in record.exceptions if e.category.startswith("alarm")]
    assert [(e.severity, e.category) for e in alarm_exceptions] == [("major", "alarm (high)")]


def test_unfinished_batch_is_marked_in_progress(unfinished: RecordFiles):
    record = _record(unfinished)
    assert record.state == "Held" and not record.finished
    assert record.marking == IN_PROGRESS_MARK == "IN PROGRESS - not for release"
    assert record.steps[0].status == "current" and record.steps[-1].status == "not started"
    assert record.ended_utc is None
    assert any(e.category == "in progress" for e in record.exceptions)
    assert record.approval == "in progress"


def test_unknown_batch_is_refused_with_its_id(finished: RecordFiles):
    conn = connect_read_only(finished.db)
    try:
        with pytest.raises(UnknownBatchRecord, match="no batch 'B-NOPE'"):
            assemble(conn, "B-NOPE", None)
        assert [b.batch_id for b in list_batches(conn)] == [finished.batch_id]
        assert list_batches(conn)[0].deviations == 1
    finally:
        conn.close()


def test_csv_has_identity_steps_entries_events_and_signatures(finished: RecordFiles):
    record = _record(finished)
    rows = list(csv.DictReader(io.StringIO(to_csv(record))))
    by_section: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_section.setdefault(row["section"], []).append(row)
    identity = {r["kind"]: r["new_value"] for r in by_section["batch"]}
    assert identity["coi"] == "COI-EBR-000001" and identity["state"] == "Complete"
    assert identity["content_hash"] == record.content_hash
    assert [r["step"] for r in by_section["step"]] == [s.path for s in record.steps]
    assert by_section["step"][0]["duration_s"] != ""
    (entry,) = by_section["entry"]
    assert (entry["new_value"], entry["unit"], entry["limits"]) == ("100.0", "mL", "50-150 mL")
    assert len(by_section["event"]) == len(record.events)
    assert [r["kind"] for r in by_section["signature"]] == ["performed", "verified"]
    assert len(by_section["exception"]) == len(record.exceptions)
    assert all(r["batch_id"] == record.batch_id for r in rows)


def test_json_is_the_whole_record_and_its_hash_can_be_recomputed(finished: RecordFiles):
    record = _record(finished)
    data = json.loads(to_json(record))
    assert data["format"] == "celldeck-ebr/1"
    assert BatchRecord.model_validate(data) == record
    # QA can check a copy with their own tool: drop the review section and the derived
    # parts, hash the canonical JSON.
    for name in ("content_hash", "reviews", "approval", "generated_utc", "exceptions"):
        data.pop(name)
    for step in data["steps"]:
        for signature in step["signatures"]:
            signature.pop("status")
            signature.pop("problem")
    assert content_hash(data) == record.content_hash
