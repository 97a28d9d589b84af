"""Electronic signatures (21 CFR 11.50, 11.70, 11.200; EU Annex 11 clause 14).

A signature is given at the moment of signing by re-authenticating (user id and
password), carries its meaning (performed, verified, reviewed, approved), the signer's
printed name and the UTC time, and is bound to the exact record it signs: the sha256 of
the record's canonical content is stored with it and the whole manifestation is sealed
with the station's audit key (HMAC). A signature row copied onto another record, or a
record changed after signing, no longer verifies.

The table is append-only (triggers), and every signature is also an audit trail entry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

import sqlite_utils
from pydantic import BaseModel, ConfigDict, Field

from app.records.audit import AuditKey, AuditTrail
from app.records.users import UserStore
from app.security import Actor, Role

log = logging.getLogger(__name__)

SignatureMeaning = Literal["performed", "verified", "reviewed", "approved"]
MEANINGS: tuple[SignatureMeaning, ...] = ("performed", "verified", "reviewed", "approved")

# What each meaning asserts, shown to the signer before they sign (11.50(a)(3)).
MEANING_STATEMENT: dict[str, str] = {
    "performed": "I performed this step as recorded.",
    "verified": "I witnessed this step and verify it was performed as recorded.",
    "reviewed": "I reviewed this record.",
    "approved": "I approve this record.",
}


def canonical_json(content: Mapping[str, Any]) -> str:
    """One spelling of a record's content: sorted keys, no spaces, UTF-8, so the same
    record always hashes the same on every station."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


class SignedRecord(BaseModel):
    """What is being signed: a kind of record, its id, its content (hashed) and a sentence
    that tells the signer, in words, what they put their name under."""

    model_config = ConfigDict(frozen=True)

    record_type: str = Field(min_length=1)
    record_id: str = Field(min_length=1)
    content: dict[str, Any]
    statement: str = Field(min_length=1)

    @property
    def content_hash(self) -> str:
        return content_hash(self.content)


class Signature(BaseModel):
    """One signature's manifestation (11.50): printed name, date and time, meaning."""

    model_config = ConfigDict(frozen=True)

    signature_id: int
    utc: str
    user_id: str
    printed_name: str
    role: str
    meaning: str
    record_type: str
    record_id: str
    content_hash: str
    statement: str
    station: str
    mac: str

    def manifestation(self) -> str:
        """How the signature reads on a screen or a printed record."""
        return f"{self.meaning.capitalize()} by {self.printed_name} ({self.user_id}), {self.utc}"


class SignatureRefused(Exception):
    """The signature cannot be given; the message says why in the signer's terms."""


def _seal_text(row: Mapping[str, object]) -> str:
    fields = (
        "utc",
        "user_id",
        "printed_name",
        "role",
        "meaning",
        "record_type",
        "record_id",
        "content_hash",
        "statement",
        "station",
    )
    return "signature\x1f" + "\x1f".join(str(row[name]) for name in fields)


def _utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def verify_signature(
    key: AuditKey, signature: Signature, record: SignedRecord | None = None
) -> str | None:
    """None if ``signature`` is sealed with ``key`` and, when ``record`` is given, signs
    exactly that record; otherwise what is wrong. Needs only the key, so an exported or
    restored record can be checked without a running station."""
    expected = key.mac(_seal_text(signature.model_dump()))
    if not hmac.compare_digest(expected, signature.mac):
        return f"signature #{signature.signature_id} does not match its seal"
    if record is None:
        return None
    if (signature.record_type, signature.record_id) != (record.record_type, record.record_id):
        return (
            f"signature #{signature.signature_id} belongs to {signature.record_type} "
            f"{signature.record_id}, not to {record.record_type} {record.record_id}"
        )
    if signature.content_hash != record.content_hash:
        return (
            f"{record.record_type} {record.record_id} changed after signature "
            f"#{signature.signature_id} was given"
        )
    return None


class SignatureService:
    """Gives and checks the station's electronic signatures. Runs on the core loop,
    where the database and the user store live."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        key: AuditKey,
        users: UserStore,
        audit: AuditTrail,
        station: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = db
        self.key = key
        self.users = users
        self.audit = audit
        self.station = station
        self._clock = clock

    def authenticate(self, user_id: str, password: str) -> Actor:
        """Re-authentication at the moment of signing (11.200(a)(1)); failures count
        towards lockout like a failed sign-in. Raises app.records.users.AccountError."""
        return self.users.verify_password(user_id, password)

    def sign(
        self,
        actor: Actor,
        meaning: str,
        record: SignedRecord,
        *,
        roles: tuple[Role, ...] = (),
    ) -> Signature:
        """Record a signature by ``actor`` (already re-authenticated by ``authenticate``)
        with ``meaning`` on ``record``. One person signs a record once per meaning."""
        if meaning not in MEANINGS:
            raise SignatureRefused(
                f"{meaning!r} is not a signature meaning ({', '.join(MEANINGS)})"
            )
        if roles and actor.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise SignatureRefused(f"a {meaning} signature here is given by {allowed} only")
        digest = record.content_hash
        for earlier in self.for_record(record.record_type, record.record_id):
            if earlier.meaning == meaning and earlier.content_hash == digest:
                raise SignatureRefused(
                    f"this record is already signed as {meaning} by {earlier.printed_name}"
                )
        row: dict[str, object] = {
            "utc": _utc(self._clock()),
            "user_id": actor.user_id,
            "printed_name": actor.name,
            "role": actor.role.value,
            "meaning": meaning,
            "record_type": record.record_type,
            "record_id": record.record_id,
            "content_hash": digest,
            "statement": record.statement,
            "station": self.station,
        }
        row["mac"] = self.key.mac(_seal_text(row))
        conn = self.db.conn
        with conn:
            cursor = conn.execute(
                "INSERT INTO signatures (utc, user_id, printed_name, role, meaning, "
                "record_type, record_id, content_hash, statement, station, mac) "
                "VALUES (:utc, :user_id, :printed_name, :role, :meaning, :record_type, "
                ":record_id, :content_hash, :statement, :station, :mac)",
                row,
            )
        signature = Signature(signature_id=int(cursor.lastrowid or 0), **row)  # type: ignore[arg-type]
        self.audit.record(
            actor,
            "e-signature",
            f"{record.record_type} {record.record_id}",
            None,
            f"{meaning} #{signature.signature_id} sha256:{digest[:16]}",
            record.statement,
        )
        log.info(
            "%s signed %s %s as %s",
            actor.user_id,
            record.record_type,
            record.record_id,
            meaning,
        )
        return signature

    def for_record(self, record_type: str, record_id: str) -> list[Signature]:
        return self._select(
            "WHERE record_type = ? AND record_id = ? ORDER BY id", (record_type, record_id)
        )

    def for_records_under(self, record_type: str, prefix: str) -> list[Signature]:
        """Signatures on records whose id starts with ``prefix`` (a batch's steps)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return self._select(
            "WHERE record_type = ? AND record_id LIKE ? ESCAPE '\\' ORDER BY id",
            (record_type, escaped + "%"),
        )

    def get(self, signature_id: int) -> Signature | None:
        found = self._select("WHERE id = ?", (signature_id,))
        return found[0] if found else None

    def verify(self, signature: Signature, record: SignedRecord | None = None) -> str | None:
        """None if the signature is genuine (sealed by this station's key) and, when
        ``record`` is given, signs exactly that record; otherwise what is wrong."""
        return verify_signature(self.key, signature, record)

    def _select(self, where: str, params: tuple[object, ...]) -> list[Signature]:
        return select_signatures(self.db.conn, where, params)


def select_signatures(
    conn: sqlite3.Connection, where: str = "", params: tuple[object, ...] = ()
) -> list[Signature]:
    """Signatures read through any connection (a read-only one for exports and review);
    ``where`` is the SQL after FROM signatures (WHERE/ORDER BY/LIMIT)."""
    cursor = conn.execute(
        "SELECT id AS signature_id, utc, user_id, printed_name, role, meaning, record_type, "
        f"record_id, content_hash, statement, station, mac FROM signatures {where}",
        params,
    )
    names = [d[0] for d in cursor.description]
    return [Signature(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
