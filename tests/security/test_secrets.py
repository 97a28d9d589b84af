"""Passwords, PINs and badge numbers never appear in clear: not in any column of any
table, not in the database's files (WAL included), not in any log line, after a whole
station's worth of sign-ins, failures, password changes and electronic signatures."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path

import pytest

from app.records import users as users_module
from app.records.users import AccountError
from app.security import Role
from app.station import Station
from tests.reliability.conftest import compact_plant, start_batch

ADMIN_PASSWORD = "Adm1n-Secret-Kiosk"
INITIAL_PASSWORD = "Initial-Secret-2468"
OWN_PASSWORD = "Own-Secret-Choice-13"
RESET_PASSWORD = "Reset-Secret-Given-57"
SECOND_OWN_PASSWORD = "Second-Secret-Own-91"
WRONG_PASSWORD = "Wrong-Secret-Guess-00"
BADGE = "BADGE-7788990011"
PIN = "480915"
WRONG_PIN = "111999"
SECRETS = [
    ADMIN_PASSWORD,
    INITIAL_PASSWORD,
    OWN_PASSWORD,
    RESET_PASSWORD,
    SECOND_OWN_PASSWORD,
    WRONG_PASSWORD,
    BADGE,
    PIN,
    WRONG_PIN,
]


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)


async def work_a_shift(station: Station) -> None:
    """Everything people do with their secrets at a station."""
    users = station.call_users
    admin = await users("create_first_administrator", "admin", "Ada Admin", ADMIN_PASSWORD)
    await users("create_user", admin, "op1", "Olga Operator", Role.OPERATOR, INITIAL_PASSWORD,
                BADGE, PIN)  # fmt: skip
    await users("create_user", admin, "op2", "Omar Operator", Role.OPERATOR, INITIAL_PASSWORD)
    await users("change_password", "op1", INITIAL_PASSWORD, OWN_PASSWORD)
    await users("change_password", "op2", INITIAL_PASSWORD, OWN_PASSWORD)
    await users("reset_password", admin, "op2", RESET_PASSWORD)
    await users("change_password", "op2", RESET_PASSWORD, SECOND_OWN_PASSWORD)
    for attempt in (
        users("sign_in", "op1", WRONG_PASSWORD),
        users("sign_in", "nobody", WRONG_PASSWORD),
        users("sign_in_badge", BADGE, WRONG_PIN),
        users("sign_in_badge", WRONG_PIN, PIN),
        users("change_password", "op1", WRONG_PASSWORD, SECOND_OWN_PASSWORD),
    ):
        with contextlib.suppress(AccountError):
            await attempt
    operator = await users("sign_in", "op1", OWN_PASSWORD)
    assert await users("sign_in_badge", BADGE, PIN) == operator
    # Electronic signatures re-authenticate with the password (Part 11, 11.200).
    batch, _ = await start_batch(station)
    step = batch.step
    for scan, value in (("cartridge", batch.barcode), ("kit", "KIT-0042")):
        await station.call_batches("scan", batch.batch_id, operator, scan, value)
    await station.call_batches("enter", batch.batch_id, operator, "volume", 100.0)
    await station.call_batches("confirm", batch.batch_id, operator, 0)
    with contextlib.suppress(AccountError):
        await station.sign_batch_step("op1", WRONG_PASSWORD, batch.batch_id, "performed", step)
    await station.sign_batch_step("op1", OWN_PASSWORD, batch.batch_id, "performed", step)
    await station.sign_batch_step("op2", SECOND_OWN_PASSWORD, batch.batch_id, "verified", step)
    assert station.signatures is not None


def secrets_in_columns(db: Path) -> list[str]:
    """Every table, every column, every row: text and blobs searched for each secret."""
    found = []
    conn = sqlite3.connect(db)
    try:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        assert {"users", "password_history", "sign_in_events", "audit_trail", "signatures"} <= set(
            tables
        )
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            for row in cursor:
                for name, value in zip(names, row, strict=True):
                    if isinstance(value, str | bytes):
                        text = value.decode("latin-1") if isinstance(value, bytes) else value
                        found += [f"{table}.{name}: {s}" for s in SECRETS if s in text]
    finally:
        conn.close()
    return found


def secrets_in_files(folder: Path) -> list[str]:
    found = []
    for path in folder.iterdir():  # database, -wal, -shm, key, checkpoint
        if path.is_file():
            content = path.read_bytes()
            found += [f"{path.name}: {s}" for s in SECRETS if s.encode() in content]
    return found


async def test_secrets_stay_out_of_the_records_the_files_and_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    db = tmp_path / "station.sqlite3"
    station = Station(compact_plant(), db, sim_speed=100_000.0, audit_key=tmp_path / "audit.key")
    await station.start()
    try:
        await work_a_shift(station)
        assert secrets_in_files(tmp_path) == []  # recent writes still in the WAL
        assert secrets_in_columns(db) == []
    finally:
        await station.stop()
    assert secrets_in_files(tmp_path) == []
    assert secrets_in_columns(db) == []
    # The shift left its traces: sign-ins, password history, signatures, the log.
    conn = sqlite3.connect(db)
    try:
        counts = {
            table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("sign_in_events", "password_history", "signatures")
        }
    finally:
        conn.close()
    # Two batch-step signatures, and QA's release of the test recipe before the batch.
    assert counts["sign_in_events"] >= 8 and counts["signatures"] == 3, counts
    assert counts["password_history"] >= 4, counts
    assert len(caplog.records) > 20
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + (record.exc_text or "")
        leaked = [s for s in SECRETS if s in text]
        assert not leaked, f"{record.name}: {text}"
