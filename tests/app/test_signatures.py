"""Electronic signatures: re-authentication, meaning, binding to the signed content."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from app.batch.errors import SignatureRefused as StepSignatureRefused
from app.records.signatures import SignatureRefused, SignedRecord, content_hash
from app.records.users import BadCredentials
from app.security import Actor, Role
from app.station import Station

ADMIN = ("admin", "Ada Admin", "correct horse battery 1")


def _people(station: Station) -> dict[str, tuple[str, str]]:
    """An administrator, two operators and a supervisor with their own passwords."""
    users = station.users
    assert users is not None
    admin = users.create_first_administrator(*ADMIN)
    people = {"admin": (ADMIN[0], ADMIN[2])}
    for user_id, name, role in (
        ("op1", "Olga Operator", Role.OPERATOR),
        ("op2", "Otto Operator", Role.OPERATOR),
        ("sup", "Sam Supervisor", Role.SUPERVISOR),
    ):
        users.create_user(admin, user_id, name, role, "first password 123!")
        users.change_password(user_id, "first password 123!", f"{user_id} own secret 456!")
        people[user_id] = (user_id, f"{user_id} own secret 456!")
    return people


@pytest.fixture
async def station(demo_plant, db_path, tmp_path):
    station = Station(demo_plant, db_path, sim_speed=60.0, audit_key=tmp_path / "audit.key")
    await station.start()
    yield station
    await station.stop()


def test_content_hash_is_independent_of_key_order():
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


async def test_signature_is_bound_to_the_content_it_signs(station: Station):
    people = _people(station)
    service = station.signatures
    assert service is not None
    actor = service.authenticate(*people["sup"])
    record = SignedRecord(
        record_type="batch-record",
        record_id="B1",
        content={"batch": "B1", "deviations": 0},
        statement="Approved: batch record B1",
    )
    signature = service.sign(actor, "approved", record)
    assert signature.printed_name == "Sam Supervisor" and signature.meaning == "approved"
    assert signature.manifestation().startswith("Approved by Sam Supervisor (sup), ")
    assert service.verify(signature, record) is None
    # The same signature does not vouch for other content or another record.
    changed = record.model_copy(update={"content": {"batch": "B1", "deviations": 1}})
    assert "changed after signature" in (service.verify(signature, changed) or "")
    other = record.model_copy(update={"record_id": "B2"})
    assert "belongs to batch-record B1" in (service.verify(signature, other) or "")
    # A signature row copied onto another record fails its seal.
    moved = signature.model_copy(update={"record_id": "B2"})
    assert "does not match its seal" in (service.verify(moved, other) or "")
    # The same person cannot approve the same content twice.
    with pytest.raises(SignatureRefused, match="already signed as approved"):
        service.sign(actor, "approved", record)
    # Every signature is on the audit trail.
    assert station.audit is not None
    entries = [e for e in station.audit.entries() if e.action == "e-signature"]
    assert entries and entries[-1].target == "batch-record B1"


async def test_signatures_table_refuses_changes(station: Station):
    people = _people(station)
    service = station.signatures
    assert service is not None and station.db is not None
    actor = service.authenticate(*people["op1"])
    record = SignedRecord(record_type="t", record_id="r", content={}, statement="s")
    service.sign(actor, "performed", record)
    with pytest.raises(sqlite3.IntegrityError, match="never changed or removed"):
        station.db.execute("UPDATE signatures SET printed_name = 'Mallory'")
    with pytest.raises(sqlite3.IntegrityError, match="never changed or removed"):
        station.db.execute("DELETE FROM signatures")


async def test_wrong_password_signs_nothing(station: Station):
    _people(station)
    assert station.signatures is not None
    with pytest.raises(BadCredentials):
        station.signatures.authenticate("op1", "not my password")
    assert station.signatures.for_record("t", "r") == []


async def _batch_at_first_step(station: Station, people) -> str:
    assert station.batches is not None and station.users is not None
    sup = station.users.sign_in(*people["sup"])
    recipe = station.recipes()["car-t-autologous"]
    batch = await station.batches.create_batch(
        recipe, sup, barcode="CART-000123", coi="COI-PAT-0042", shuttle="shuttle-01", bay=5
    )
    await station.batches.start_batch(batch.batch_id, sup)
    op = Actor("op1", "Olga Operator", Role.OPERATOR)
    step = batch.step
    await station.batches.scan(batch.batch_id, op, "bag-coi", "COI-PAT-0042", step=step)
    await station.batches.confirm(batch.batch_id, op, 0, step=step)
    await station.batches.confirm(batch.batch_id, op, 1, step=step)
    await station.batches.enter(batch.batch_id, op, "bag-volume", 180.0, step=step)
    return batch.batch_id


async def test_batch_step_signatures_need_two_people_and_bind_to_the_step(station: Station):
    people = _people(station)
    batch_id = await _batch_at_first_step(station, people)
    assert station.batches is not None and station.signatures is not None
    step = station.batches.batch(batch_id).step
    # Verified before performed is refused, and nothing is recorded.
    with pytest.raises(StepSignatureRefused, match="first be signed as performed"):
        await station.sign_batch_step(*people["op2"], batch_id, "verified", step)
    performed = await station.sign_batch_step(*people["op1"], batch_id, "performed", step)
    # The same person cannot also verify.
    with pytest.raises(StepSignatureRefused, match="needs a second person"):
        await station.sign_batch_step(*people["op1"], batch_id, "verified", step)
    verified = await station.sign_batch_step(*people["op2"], batch_id, "verified", step)
    record_id = f"{batch_id}/{step}"
    signed = station.signatures.for_record("batch-step", record_id)
    assert [s.signature_id for s in signed] == [performed.signature_id, verified.signature_id]
    # The verifier signed over the performer's signature: different content hashes.
    assert performed.content_hash != verified.content_hash
    events = station.batches.events(batch_id, "signature")
    assert [e["target"] for e in events] == ["performed", "verified"]
    assert f"signature #{verified.signature_id}" in str(events[-1]["new_value"])
    # The step moves on once both signed (the batch's driver task takes it there).
    for _ in range(200):
        if station.batches.batch(batch_id).step != step:
            break
        await asyncio.sleep(0.01)
    assert station.batches.batch(batch_id).step != step
