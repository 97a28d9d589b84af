"""QA's side of the station's records: batch records to review and approve, the audit trail
to search and verify, and every signature with its check.

``RecordReview`` lives on the station core loop. Reads (lists, records, searches,
verification) run in a worker thread on a read-only connection of their own, so a long
search or a large record never delays equipment I/O, alarms or batches, and never the
UI; the approval signature is written on the core loop like every other record.

Review and approval (Annex 11, 21 CFR 11.50) are signatures with meaning ``reviewed`` and
``approved`` on the record type ``batch-record``, bound to the record's content hash. A
record is reviewed and approved only once the batch has ended, only by QA, approved only
after a review of the same content by another person, and only as the signer saw it: if
the record changed since it was opened, the signature is refused.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils
from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.records.audit import AuditEntry, AuditKey, AuditTrail, VerifyResult
from app.records.database import connect_read_only
from app.records.ebr import (
    RECORD_TYPE,
    STEP_RECORD_TYPE,
    BatchRecord,
    BatchSummary,
    SignatureCheck,
    UnknownBatchRecord,
    assemble,
    list_batches,
    signature_check,
)
from app.records.signatures import (
    Signature,
    SignatureRefused,
    SignatureService,
    select_signatures,
    verify_signature,
)
from app.security import Actor, Permission, Role, require

_T = TypeVar("_T")

MEANING_PERMISSION = {
    "reviewed": Permission.RECORD_REVIEW,
    "approved": Permission.RECORD_APPROVE,
}
MAX_PAGE = 1000


class BatchListItem(BaseModel):
    """A batch in the Records list: what its table row says plus the review picture."""

    model_config = ConfigDict(frozen=True)

    summary: BatchSummary
    finished: bool
    exceptions: int
    critical: int
    approval: str


class AuditQuery(BaseModel):
    """A search of the audit trail: every filter optional, text filters match anywhere
    (case-insensitive), times are UTC and the range is [since, until)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user: str = ""
    target: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None
    offset: int = Field(0, ge=0)
    limit: int = Field(100, ge=1, le=MAX_PAGE)

    @field_validator("since", "until")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give times with their time zone (stored times are UTC)")
        return value


class AuditPage(BaseModel):
    """One page of audit entries, newest first, and how many match in all."""

    model_config = ConfigDict(frozen=True)

    entries: tuple[AuditEntry, ...]
    total: int
    offset: int


class SignatureRow(BaseModel):
    """A signature in the station-wide list, with how far it was checked: against the
    content it signed (batch steps and batch records) or its seal only (other records)."""

    model_config = ConfigDict(frozen=True)

    check: SignatureCheck
    checked: str  # "seal and content" | "seal"


class RecordReview:
    """The station's record review: lists, batch records, audit search and verification,
    signatures, and QA's review and approval signatures."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        db_path: Path,
        key: AuditKey,
        signatures: SignatureService,
        audit: AuditTrail,
    ) -> None:
        self.db = db
        self.db_path = Path(db_path)
        self.key = key
        self.signatures = signatures
        self.audit = audit
        self._lock = threading.Lock()
        # Assembled records by batch id with the fingerprint they were made at: a finished
        # batch is assembled once, not at every refresh of the list.
        self._records: dict[str, tuple[tuple[Any, ...], BatchRecord]] = {}

    # --- reading (worker thread, read-only connection) ---------------------------------

    async def batch_list(self, limit: int = 500) -> list[BatchListItem]:
        return await self._read(lambda conn: self._batch_list(conn, limit))

    async def record(self, batch_id: str) -> BatchRecord:
        """The batch record as it stands now; raises UnknownBatchRecord."""
        return await self._read(lambda conn: self._record(conn, batch_id))

    async def search_audit(self, query: AuditQuery) -> AuditPage:
        return await self._read(lambda conn: search_audit(conn, query))

    async def signature_rows(self, offset: int = 0, limit: int = 100) -> list[SignatureRow]:
        return await self._read(lambda conn: self._signature_rows(conn, offset, limit))

    async def verify_audit(self) -> VerifyResult:
        """The whole trail checked (chain, seals, checkpoint), off the core loop."""
        return await asyncio.to_thread(self.audit.verify)

    async def _read(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        def run() -> _T:
            conn = connect_read_only(self.db_path)
            try:
                return work(conn)
            finally:
                conn.close()

        return await asyncio.to_thread(run)

    def _record(self, conn: sqlite3.Connection, batch_id: str) -> BatchRecord:
        fingerprint = _fingerprint(conn, batch_id)
        with self._lock:
            cached = self._records.get(batch_id)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        record = assemble(conn, batch_id, self.key)
        with self._lock:
            self._records[batch_id] = (fingerprint, record)
        return record

    def _batch_list(self, conn: sqlite3.Connection, limit: int) -> list[BatchListItem]:
        items = []
        for summary in list_batches(conn, limit):
            record = self._record(conn, summary.batch_id)
            items.append(
                BatchListItem(
                    summary=summary,
                    finished=record.finished,
                    exceptions=len(record.exceptions),
                    critical=sum(1 for e in record.exceptions if e.severity == "critical"),
                    approval=record.approval,
                )
            )
        return items

    def _signature_rows(
        self, conn: sqlite3.Connection, offset: int, limit: int
    ) -> list[SignatureRow]:
        limit = max(1, min(limit, MAX_PAGE))
        rows: list[SignatureRow] = []
        for signature in select_signatures(
            conn, "ORDER BY id DESC LIMIT ? OFFSET ?", (limit, max(0, offset))
        ):
            check = self._bound_check(conn, signature)
            if check is not None:
                rows.append(SignatureRow(check=check, checked="seal and content"))
                continue
            problem = verify_signature(self.key, signature)
            check = signature_check(signature, "failed" if problem else "verified", problem or "")
            rows.append(SignatureRow(check=check, checked="seal"))
        return rows

    def _bound_check(self, conn: sqlite3.Connection, signature: Signature) -> SignatureCheck | None:
        """The check made while assembling the signed batch record, if it is one."""
        if signature.record_type == RECORD_TYPE:
            batch_id = signature.record_id
        elif signature.record_type == STEP_RECORD_TYPE:
            batch_id = signature.record_id.split("/", 1)[0]
        else:
            return None
        try:
            record = self._record(conn, batch_id)
        except UnknownBatchRecord:
            return None
        checks = [*record.reviews, *(c for step in record.steps for c in step.signatures)]
        return next((c for c in checks if c.signature_id == signature.signature_id), None)

    # --- signing (core loop, the station's connection) ----------------------------------

    def sign(self, actor: Actor, batch_id: str, meaning: str, expected_hash: str) -> Signature:
        """QA's review or approval signature on a batch record, by ``actor`` who has just
        re-authenticated, on the record exactly as they saw it (``expected_hash``)."""
        permission = MEANING_PERMISSION.get(meaning)
        if permission is None:
            raise SignatureRefused(
                f"a batch record is signed as reviewed or approved, not as {meaning!r}"
            )
        require(actor, permission)
        try:
            record = assemble(self.db.conn, batch_id, self.key)
        except UnknownBatchRecord as exc:
            raise SignatureRefused(str(exc)) from None
        if not record.finished:
            raise SignatureRefused(
                f"batch {batch_id} is {record.state}: its record is {meaning} once the batch "
                "has ended"
            )
        if record.content_hash != expected_hash:
            raise SignatureRefused(
                f"the record of batch {batch_id} changed since you opened it (sha256 "
                f"{expected_hash[:12]} then, {record.content_hash[:12]} now); open it again and "
                "look at what changed before signing"
            )
        if meaning == "approved":
            reviews = record.valid_reviews("reviewed")
            if not reviews:
                raise SignatureRefused(
                    f"the record of batch {batch_id} is approved after QA has reviewed it as it "
                    "stands; sign the review first"
                )
            if all(review.user_id.casefold() == actor.user_id.casefold() for review in reviews):
                raise SignatureRefused(
                    f"{actor.name} reviewed this record; a second person approves it"
                )
        signature = self.signatures.sign(
            actor, meaning, record.signed_record(meaning), roles=(Role.QA,)
        )
        with self._lock:
            self._records.pop(batch_id, None)
        return signature

    def record_for_export(self, actor: Actor | None, batch_id: str) -> BatchRecord:
        """The record for a copy leaving the station; only people allowed to export."""
        require(actor, Permission.RECORD_EXPORT)
        return assemble(self.db.conn, batch_id, self.key)

    def note_export(
        self, actor: Actor, record: BatchRecord, files: list[str], reason: str = ""
    ) -> int:
        """Put a copy that left the station on the audit trail: who, which record (by
        content hash), where to."""
        require(actor, Permission.RECORD_EXPORT)
        return self.audit.record(
            actor,
            "record.export",
            f"{RECORD_TYPE} {record.batch_id}",
            None,
            {"content_hash": record.content_hash, "files": files, "state": record.state},
            reason or "copy of the batch record",
        )


def _fingerprint(conn: sqlite3.Connection, batch_id: str) -> tuple[Any, ...]:
    """What a batch record depends on: a change in any of these means assemble again."""
    row = conn.execute(
        "SELECT updated_time, ended_time, "
        "(SELECT MAX(id) FROM batch_events WHERE batch_id = ?), "
        "(SELECT COUNT(*) FROM signatures WHERE record_id = ? OR record_id LIKE ? ESCAPE '\\') "
        "FROM batches WHERE batch_id = ?",
        (batch_id, batch_id, _escape(batch_id) + "/%", batch_id),
    ).fetchone()
    if row is None:
        return ()
    # An open batch's alarm window is still open: any new journal line may belong to it.
    alarms = (
        conn.execute("SELECT MAX(id) FROM alarm_events").fetchone()[0] if row[1] is None else None
    )
    return (*row, alarms)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _decoded(text: object) -> object:
    if text is None:
        return None
    try:
        return json.loads(str(text))
    except ValueError:
        return text


_AUDIT_COLUMNS = (
    "seq, utc, user_id, user_name, role, action, target, old_value, new_value, reason, "
    "station, prev_hash, hash, mac"
)


def search_audit(conn: sqlite3.Connection, query: AuditQuery) -> AuditPage:
    """Audit entries matching ``query``, newest first, one page of them."""
    where: list[str] = []
    params: list[Any] = []
    if query.user.strip():
        where.append("(user_id LIKE ? ESCAPE '\\' OR user_name LIKE ? ESCAPE '\\')")
        pattern = f"%{_escape(query.user.strip())}%"
        params += [pattern, pattern]
    for column, text in (("target", query.target), ("action", query.action)):
        if text.strip():
            where.append(f"{column} LIKE ? ESCAPE '\\'")
            params.append(f"%{_escape(text.strip())}%")
    if query.since is not None:
        where.append("utc >= ?")
        params.append(_stored_utc(query.since))
    if query.until is not None:
        where.append("utc < ?")
        params.append(_stored_utc(query.until))
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = int(conn.execute(f"SELECT COUNT(*) FROM audit_trail{clause}", params).fetchone()[0])
    cursor = conn.execute(
        f"SELECT {_AUDIT_COLUMNS} FROM audit_trail{clause} ORDER BY seq DESC LIMIT ? OFFSET ?",
        (*params, query.limit, query.offset),
    )
    names = [d[0] for d in cursor.description]
    entries = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        row["old_value"] = _decoded(row["old_value"])
        row["new_value"] = _decoded(row["new_value"])
        entries.append(AuditEntry(**row))
    return AuditPage(entries=tuple(entries), total=total, offset=query.offset)


def _stored_utc(moment: datetime) -> str:
    """A time in the stored form of ``audit_trail.utc`` (so text order is time order)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")
