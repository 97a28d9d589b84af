"""QA review and approval of batch records through the station, the audit trail search
and the station-wide signature list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.records.review import AuditQuery
from app.records.signatures import SignatureRefused, SignedRecord
from app.records.users import BadCredentials
from app.security import Actor, PermissionDenied, Role
from app.station import Station
from tests.app.batch.conftest import released, small_recipe
from tests.app.records.finished_batch import make_finished_batch

ADMIN = ("admin", "Ada Admin", "correct horse battery 1")
PEOPLE = {
    "op1": ("Olga Operator", Role.OPERATOR),
    "qa1": ("Quinn QA", Role.QA),
    "qa2": ("Rita Release", Role.QA),
}


def password(user_id: str) -> str:
    return f"{user_id} own secret 456!"


@pytest.fixture
async def station(demo_plant, tmp_path: Path):
    db, key = tmp_path / "station.sqlite3", tmp_path / "keys" / "audit.key"
    station = Station(demo_plant, db, sim_speed=60.0, audit_key=key)
    station.finished_id = await make_finished_batch(db, key, small_recipe())  # type: ignore[attr-defined]
    await station.start()
    users = station.users
    assert users is not None
    admin = users.create_first_administrator(*ADMIN)
    for user_id, (name, role) in PEOPLE.items():
        users.create_user(admin, user_id, name, role, "first password 123!")
        users.change_password(user_id, "first password 123!", password(user_id))
    yield station
    await station.stop()


async def _sign(station: Station, user_id: str, meaning: str, expected: str | None = None):
    batch_id = station.finished_id  # type: ignore[attr-defined]
    if expected is None:
        expected = (await station.call_records("record", batch_id)).content_hash
    return await station.sign_batch_record(user_id, password(user_id), batch_id, meaning, expected)


async def test_qa_reviews_then_a_second_person_approves(station: Station):
    batch_id = station.finished_id  # type: ignore[attr-defined]
    (item,) = await station.call_records("batch_list")
    record = await station.call_records("record", batch_id)
    assert item.summary.batch_id == batch_id and item.finished
    assert item.exceptions == len(record.exceptions) > 0 and item.critical == 1
    assert item.approval == "not reviewed"
    with pytest.raises(PermissionDenied, match=r"may not record\.review"):
        await _sign(station, "op1", "reviewed")
    with pytest.raises(BadCredentials):
        await station.sign_batch_record("qa1", "wrong", batch_id, "reviewed", record.content_hash)
    with pytest.raises(SignatureRefused, match="sign the review first"):
        await _sign(station, "qa1", "approved")
    with pytest.raises(SignatureRefused, match="changed since you opened it"):
        await _sign(station, "qa1", "reviewed", expected="0" * 64)
    review = await _sign(station, "qa1", "reviewed")
    assert review.record_type == "batch-record" and review.record_id == batch_id
    assert review.content_hash == record.content_hash
    assert (await station.call_records("record", batch_id)).approval == (
        "reviewed, awaiting approval"
    )
    with pytest.raises(SignatureRefused, match="a second person approves it"):
        await _sign(station, "qa1", "approved")
    approval = await _sign(station, "qa2", "approved")
    assert approval.manifestation().startswith("Approved by Rita Release (qa2), ")
    approved = await station.call_records("record", batch_id)
    assert approved.approval == "approved"
    assert [(r.meaning, r.status) for r in approved.reviews] == [
        ("reviewed", "verified"),
        ("approved", "verified"),
    ]
    assert approved.content_hash == record.content_hash  # the review section is outside it
    (item,) = await station.call_records("batch_list")
    assert item.approval == "approved"
    # Both signatures are on the audit trail.
    page = await station.call_records("search_audit", AuditQuery(action="e-signature"))
    assert [e.user_id for e in page.entries][:2] == ["qa2", "qa1"]


async def test_approval_shows_void_when_the_record_changes_afterwards(station: Station):
    batch_id = station.finished_id  # type: ignore[attr-defined]
    await _sign(station, "qa1", "reviewed")
    await _sign(station, "qa2", "approved")
    qa = Actor("qa1", "Quinn QA", Role.QA)
    await station.call_batches("comment", batch_id, qa, "Late note on the label")
    record = await station.call_records("record", batch_id)
    assert record.approval == "APPROVAL VOID: record changed after approval"
    assert all(r.status == "failed" for r in record.reviews)
    assert "record changed after this approved signature" in record.reviews[1].problem
    assert record.comments[-1].text == "Late note on the label"


async def test_an_unfinished_batch_is_not_reviewed(station: Station, tmp_path: Path):
    assert station.batches is not None
    operator = Actor("op1", "Olga Operator", Role.OPERATOR)
    recipe = await released(station, small_recipe())
    batch = await station.batches.create_batch(
        recipe, operator, barcode="CDK-OPEN-1", coi="COI-OPEN-1", shuttle="shuttle-02", bay=5
    )
    record = await station.call_records("record", batch.batch_id)
    assert not record.finished
    with pytest.raises(SignatureRefused, match="once the batch has ended"):
        await station.sign_batch_record(
            "qa1", password("qa1"), batch.batch_id, "reviewed", record.content_hash
        )
    with pytest.raises(SignatureRefused, match="no batch 'B-NONE'"):
        await station.sign_batch_record("qa1", password("qa1"), "B-NONE", "reviewed", "0" * 64)


async def test_audit_search_filters_by_user_target_action_and_time_newest_first(
    station: Station,
):
    audit = station.audit
    assert audit is not None
    qa = Actor("qa1", "Quinn QA", Role.QA)
    for n in range(25):
        audit.record(qa, "setpoint.write", f"shuttle-01/bay-0{n % 3 + 1}/temperature_sp", n, n + 1)
    everything = await station.call_records("search_audit", AuditQuery(limit=10))
    assert len(everything.entries) == 10 and everything.total > 25
    seqs = [e.seq for e in everything.entries]
    assert seqs == sorted(seqs, reverse=True)
    older = await station.call_records("search_audit", AuditQuery(limit=10, offset=10))
    assert older.entries[0].seq == seqs[-1] - 1
    mine = await station.call_records(
        "search_audit", AuditQuery(user="quinn", action="setpoint", target="bay-02")
    )
    assert mine.total == 8 and {e.target for e in mine.entries} == {
        "shuttle-01/bay-02/temperature_sp"
    }
    assert mine.entries[0].new_value == 23  # values come back as recorded, not as text
    now = datetime.now(UTC)
    recent = await station.call_records(
        "search_audit", AuditQuery(action="setpoint", since=now - timedelta(minutes=5))
    )
    assert recent.total == 25
    future = await station.call_records("search_audit", AuditQuery(since=now + timedelta(hours=1)))
    assert future.total == 0 and future.entries == ()
    with pytest.raises(ValueError, match="time zone"):
        AuditQuery(since=datetime(2026, 1, 1))
    result = await station.call_records("verify_audit")
    assert result.ok and result.checked == everything.total


async def test_signature_list_checks_bound_records_and_seals(station: Station):
    service = station.signatures
    assert service is not None
    other = SignedRecord(
        record_type="recipe", record_id="car-t 1.1", content={"v": 1}, statement="Approve recipe"
    )
    actor = service.authenticate("qa1", password("qa1"))
    service.sign(actor, "approved", other)
    rows = await station.call_records("signature_rows")
    assert rows[0].check.record_type == "recipe" and rows[0].checked == "seal"
    assert rows[0].check.status == "verified"
    steps = [r for r in rows if r.check.record_type == "batch-step"]
    assert len(steps) == 2 and all(r.checked == "seal and content" for r in steps)
    assert all(r.check.status == "verified" for r in steps)
    page = await station.call_records("signature_rows", 1, 1)
    assert [r.check.signature_id for r in page] == [rows[1].check.signature_id]
