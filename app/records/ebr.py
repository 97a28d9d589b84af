"""The electronic batch record (EBR): one batch's whole record, assembled from the station
database for QA review by exception, approval and export.

Everything here is a pure function over a ``sqlite3.Connection`` (the station's own on
the core loop, or a read-only one from the command line while the station runs), so a
record can be printed years later from a backup without a plant. What it holds:

- identity: batch id, cartridge barcode, chain-of-identity id (patient-safe: no name),
  recipe id, version and content hash, unit, station, who created it, created, started
  and ended (UTC), the final state;
- every step (phase) with start, end and duration, entries with value, unit and limits,
  scans, confirmations, equipment actions, the people who acted, and its electronic
  signatures with meaning, printed name and UTC time, each checked: the seal with the
  station's audit key and the binding to the step content it signed, which is rebuilt
  from the batch events up to the moment of signing (a broken signature is flagged);
- deviations, alarms of the batch's bay/shuttle/Cell Q during the batch, comments and
  every batch event;
- review by exception: everything abnormal in one list, most severe first.

``content_hash`` is the sha256 of the canonical JSON (sorted keys, no spaces, UTF-8) of the
recorded facts: every field except ``content_hash``, ``reviews``, ``approval``,
``generated_utc`` and the derived ``exceptions``, and without each signature's check
``status``/``problem`` (``BatchRecord.content()``). QA's review and approval signatures
(record type ``batch-record``, record id = batch id) bind to it, so a record changed after
approval (a comment added, a signature row altered) shows its approval as void.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from app.batch.recipe import Phase, PhaseRef, Recipe
from app.records.audit import AuditKey
from app.records.signatures import (
    Signature,
    SignedRecord,
    content_hash,
    select_signatures,
    verify_signature,
)

EBR_FORMAT = "celldeck-ebr/1"
RECORD_TYPE = "batch-record"
STEP_RECORD_TYPE = "batch-step"
FINISHED_STATES = frozenset({"Complete", "Stopped", "Aborted"})
IN_PROGRESS_MARK = "IN PROGRESS - not for release"
# Fields outside the approved content: the approval itself and when this copy was made.
UNHASHED_FIELDS = frozenset({"content_hash", "reviews", "approval", "generated_utc"})
DERIVED_SIGNATURE_FIELDS = ("status", "problem")
SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2, "info": 3}
# Alarm priorities QA reviews one by one (lower ones are in the alarm list).
REVIEWED_ALARM_PRIORITIES = {"critical": "critical", "high": "major"}
_SIGNATURE_ID = re.compile(r"signature #(\d+)")

CheckStatus = Literal["verified", "failed", "not checked"]
Severity = Literal["critical", "major", "minor", "info"]


class UnknownBatchRecord(Exception):
    """No batch of that id in this database; the message says which database."""


class _Line(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SignatureCheck(_Line):
    """One signature's manifestation (21 CFR 11.50) and whether it still holds."""

    signature_id: int
    meaning: str
    printed_name: str
    user_id: str
    role: str
    utc: str
    record_type: str
    record_id: str
    content_hash: str
    statement: str
    manifestation: str  # "Verified by Otto Operator (op2), 2026-...Z"
    status: CheckStatus
    problem: str = ""


class EntryLine(_Line):
    entry_id: str
    label: str
    value: float | None
    unit: str
    low: float | None
    high: float | None
    limits: str
    utc: str
    user: str


class ScanLine(_Line):
    scan_id: str
    label: str
    value: str
    utc: str
    user: str


class ConfirmationLine(_Line):
    index: int
    text: str
    utc: str
    user: str


class StepRecord(_Line):
    """One phase as it ran: when, what was entered, scanned and confirmed, by whom,
    what the equipment did and who signed."""

    index: int
    path: str
    unit_procedure: str
    operation: str
    phase: str
    status: Literal["done", "current", "not started"]
    started_utc: str | None
    ended_utc: str | None
    duration_s: float | None
    expected_h: float
    max_h: float | None
    outcome: str
    entries: tuple[EntryLine, ...]
    scans: tuple[ScanLine, ...]
    confirmations: tuple[ConfirmationLine, ...]
    actions: tuple[str, ...]
    operators: tuple[str, ...]
    required_signatures: tuple[str, ...]
    signatures: tuple[SignatureCheck, ...]


class EventLine(_Line):
    event_id: int
    utc: str
    kind: str
    step: str
    target: str
    old_value: str | None
    new_value: str | None
    reason: str
    user_id: str
    user_name: str
    user_role: str


class DeviationLine(_Line):
    deviation_id: int
    utc: str
    kind: str
    severity: str
    step: str
    tag: str
    value: str | None
    low: float | None
    high: float | None
    holds_batch: bool
    message: str
    user_id: str


class AlarmLine(_Line):
    utc: str
    alarm_id: str
    source: str
    priority: str
    event: str
    state: str
    value: str | None
    limit: float | None
    user_id: str
    comment: str


class CommentLine(_Line):
    utc: str
    step: str
    user_id: str
    user_name: str
    text: str


class ExceptionLine(_Line):
    """One thing QA must look at (review by exception)."""

    severity: Severity
    category: str
    utc: str
    step: str
    text: str
    ref: str  # where it is in the record: "deviation 3", "event 41", "signature #7"


class BatchRecord(_Line):
    """The whole electronic batch record of one batch."""

    format: str = EBR_FORMAT
    batch_id: str
    barcode: str
    coi: str
    recipe_id: str
    recipe_version: str
    recipe_name: str
    recipe_hash: str
    product: str
    unit: str
    shuttle: str
    bay: int | None
    cellq: str
    station: str
    created_by: str
    created_utc: str
    started_utc: str | None
    ended_utc: str | None
    state: str
    finished: bool
    closed: bool
    steps_total: int
    steps_completed: int
    hold_reason: str
    steps: tuple[StepRecord, ...]
    deviations: tuple[DeviationLine, ...]
    alarms: tuple[AlarmLine, ...]
    comments: tuple[CommentLine, ...]
    exceptions: tuple[ExceptionLine, ...]
    events: tuple[EventLine, ...]
    content_hash: str = ""
    reviews: tuple[SignatureCheck, ...] = ()
    approval: str = ""
    generated_utc: str = ""

    @property
    def marking(self) -> str:
        """What a copy of an unfinished record must say on every page."""
        return "" if self.finished else IN_PROGRESS_MARK

    def content(self) -> dict[str, Any]:
        """What QA's signatures bind to: the recorded facts. The review section and what
        is derived at each assembly (the exceptions, each signature's check result) are
        left out, so a copy checked without the key hashes the same."""
        content = self.model_dump(mode="json", exclude=set(UNHASHED_FIELDS) | {"exceptions"})
        for step in content["steps"]:
            for signature in step["signatures"]:
                for derived in DERIVED_SIGNATURE_FIELDS:
                    signature.pop(derived)
        return content

    def signed_record(self, meaning: str) -> SignedRecord:
        """This record as QA signs it (review or approval)."""
        return SignedRecord(
            record_type=RECORD_TYPE,
            record_id=self.batch_id,
            content=self.content(),
            statement=(
                f"{meaning.capitalize()}: batch record {self.batch_id} (cartridge "
                f"{self.barcode}, {self.recipe_id} {self.recipe_version}, {self.state}, "
                f"{len(self.exceptions)} exception(s) reviewed)"
            ),
        )

    def valid_reviews(self, meaning: str) -> list[SignatureCheck]:
        return [r for r in self.reviews if r.meaning == meaning and r.status == "verified"]


class BatchSummary(_Line):
    """One batch in a list of records (no assembly: what the batches table says)."""

    batch_id: str
    recipe_id: str
    recipe_version: str
    unit: str
    state: str
    closed: bool
    created_utc: str
    ended_utc: str | None
    deviations: int


# --- assembling -----------------------------------------------------------------------


def _utc(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(float(seconds), UTC).isoformat(timespec="milliseconds")


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _unit_label(row: dict[str, Any]) -> str:
    if row["bay"] is not None and row["shuttle"]:
        return f"{row['shuttle']} bay {row['bay']}"
    return str(row["cellq"] or "no unit")


def _who(event: dict[str, Any]) -> str:
    if not event["user_id"]:
        return "CellDeck"
    return f"{event['user_name']} ({event['user_id']})"


def list_batches(conn: sqlite3.Connection, limit: int = 500) -> list[BatchSummary]:
    """Open and closed batches, newest first, as their table row says."""
    rows = _rows(
        conn,
        "SELECT b.*, (SELECT COUNT(*) FROM deviations d WHERE d.batch_id = b.batch_id) AS devs "
        "FROM batches b ORDER BY b.created_time DESC LIMIT ?",
        (limit,),
    )
    return [
        BatchSummary(
            batch_id=row["batch_id"],
            recipe_id=row["recipe_id"],
            recipe_version=row["recipe_version"],
            unit=_unit_label(row),
            state=row["state"],
            closed=bool(row["closed"]),
            created_utc=_utc(row["created_time"]) or "",
            ended_utc=_utc(row["ended_time"]),
            deviations=int(row["devs"]),
        )
        for row in rows
    ]


def assemble(
    conn: sqlite3.Connection,
    batch_id: str,
    key: AuditKey | None,
    *,
    now_utc: str | None = None,
) -> BatchRecord:
    """The batch record of ``batch_id``. ``key`` checks the signatures (None: they are
    shown but marked "not checked"). Raises UnknownBatchRecord."""
    found = _rows(conn, "SELECT * FROM batches WHERE batch_id = ?", (batch_id,))
    if not found:
        raise UnknownBatchRecord(f"there is no batch {batch_id!r} in this station database")
    row = found[0]
    # The stored recipe is read as stored; whether it still matches its hash is an exception.
    recipe = Recipe.model_validate_json(str(row["recipe_json"]))
    events = _rows(conn, "SELECT * FROM batch_events WHERE batch_id = ? ORDER BY id", (batch_id,))
    deviations = _rows(conn, "SELECT * FROM deviations WHERE batch_id = ? ORDER BY id", (batch_id,))
    step_signatures = select_signatures(
        conn,
        "WHERE record_type = ? AND record_id LIKE ? ESCAPE '\\' ORDER BY id",
        (STEP_RECORD_TYPE, _like_prefix(f"{batch_id}/")),
    )
    state = str(row["state"])
    checks, unbound = _check_step_signatures(row, recipe, events, step_signatures, key)
    steps = tuple(_steps(recipe, events, checks))
    alarms = tuple(_alarms(conn, row))
    record = BatchRecord(
        batch_id=batch_id,
        barcode=row["barcode"],
        coi=row["coi"],
        recipe_id=row["recipe_id"],
        recipe_version=row["recipe_version"],
        recipe_name=recipe.name,
        recipe_hash=row["recipe_hash"],
        product=recipe.product,
        unit=_unit_label(row),
        shuttle=str(row["shuttle"] or ""),
        bay=row["bay"],
        cellq=str(row["cellq"] or ""),
        station=str(row["station"] or ""),
        created_by=row["created_by"],
        created_utc=_utc(row["created_time"]) or "",
        started_utc=_utc(row["started_time"]),
        ended_utc=_utc(row["ended_time"]),
        state=state,
        finished=state in FINISHED_STATES,
        closed=bool(row["closed"]),
        steps_total=int(row["steps_total"]),
        steps_completed=int(row["steps_completed"]),
        hold_reason=str(row["hold_reason"] or ""),
        steps=steps,
        deviations=tuple(_deviation_line(d) for d in deviations),
        alarms=alarms,
        comments=tuple(
            CommentLine(
                utc=e["utc"],
                step=e["step"],
                user_id=e["user_id"],
                user_name=e["user_name"],
                text=str(e["new_value"] or ""),
            )
            for e in events
            if e["kind"] == "comment"
        ),
        exceptions=(),
        events=tuple(_event_line(e) for e in events),
    )
    exceptions = _exceptions(record, recipe, row, events, unbound)
    record = record.model_copy(update={"exceptions": tuple(exceptions)})
    digest = content_hash(record.content())
    reviews = tuple(_check_reviews(conn, record, digest, key))
    return record.model_copy(
        update={
            "content_hash": digest,
            "reviews": reviews,
            "approval": approval_status(record.finished, reviews),
            "generated_utc": now_utc or datetime.now(UTC).isoformat(timespec="milliseconds"),
        }
    )


def approval_status(finished: bool, reviews: Iterable[SignatureCheck]) -> str:
    """In words: where the record stands in QA's review."""
    reviews = list(reviews)
    approved = [r for r in reviews if r.meaning == "approved"]
    reviewed = [r for r in reviews if r.meaning == "reviewed"]
    if any(r.status == "verified" for r in approved):
        return "approved"
    if any(r.status == "not checked" for r in approved):
        return "approved (signature not checked: no audit key)"
    if approved:
        return "APPROVAL VOID: record changed after approval"
    if any(r.status == "verified" for r in reviewed):
        return "reviewed, awaiting approval"
    if any(r.status == "not checked" for r in reviewed):
        return "reviewed (signature not checked: no audit key), awaiting approval"
    if reviewed:
        return "REVIEW VOID: record changed after review"
    return "not reviewed" if finished else "in progress"


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def signature_check(signature: Signature, status: CheckStatus, problem: str = "") -> SignatureCheck:
    """A signature as shown with its check: its manifestation and what the check found."""
    return SignatureCheck(
        signature_id=signature.signature_id,
        meaning=signature.meaning,
        printed_name=signature.printed_name,
        user_id=signature.user_id,
        role=signature.role,
        utc=signature.utc,
        record_type=signature.record_type,
        record_id=signature.record_id,
        content_hash=signature.content_hash,
        statement=signature.statement,
        manifestation=signature.manifestation(),
        status=status,
        problem=problem,
    )


def _check(
    key: AuditKey | None, signature: Signature, record: SignedRecord | None
) -> SignatureCheck:
    if key is None:
        return signature_check(signature, "not checked", "no audit key given to check the seal")
    problem = verify_signature(key, signature, record)
    return signature_check(signature, "failed" if problem else "verified", problem or "")


def _check_step_signatures(
    batch: dict[str, Any],
    recipe: Recipe,
    events: list[dict[str, Any]],
    signatures: list[Signature],
    key: AuditKey | None,
) -> tuple[dict[str, list[SignatureCheck]], list[dict[str, Any]]]:
    """Each step signature checked against the step content it signed, rebuilt from the
    events before it exactly as ``ManualSteps.signature_record`` built it. Returns the
    checks per step path and the signature events with no bound e-signature."""
    by_id = {s.signature_id: s for s in signatures}
    refs = {ref.path: ref for ref in recipe.phases}
    contents: dict[int, dict[str, Any]] = {}
    unbound: list[dict[str, Any]] = []
    progress: dict[str, dict[str, Any]] = {}
    for event in events:
        path = str(event["step"])
        ref = refs.get(path)
        if ref is None:
            continue
        done = progress.setdefault(
            path, {"confirmed": set(), "scans": {}, "entries": {}, "signed": {}}
        )
        kind = event["kind"]
        if kind == "confirmation":
            done["confirmed"].add(int(event["target"]))
        elif kind == "scan":
            done["scans"][str(event["target"])] = str(event["new_value"])
        elif kind == "entry":
            done["entries"][str(event["target"])] = float(event["new_value"])
        elif kind == "signature":
            match = _SIGNATURE_ID.search(str(event["new_value"] or ""))
            if match is None:
                unbound.append(event)
            else:
                contents[int(match.group(1))] = _step_content(batch, recipe, ref, done)
            done["signed"][str(event["target"])] = str(event["user_id"])
    checks: dict[str, list[SignatureCheck]] = {}
    prefix = f"{batch['batch_id']}/"
    for signature in by_id.values():
        path = signature.record_id.removeprefix(prefix)
        content = contents.get(signature.signature_id)
        if content is None:
            check = signature_check(
                signature,
                "failed",
                f"signature #{signature.signature_id} is not recorded in the batch: the step "
                "never accepted it",
            )
        else:
            record = SignedRecord(
                record_type=STEP_RECORD_TYPE,
                record_id=signature.record_id,
                content=content,
                statement=signature.statement,
            )
            check = _check(key, signature, record)
        checks.setdefault(path, []).append(check)
    return checks, unbound


def _step_content(
    batch: dict[str, Any], recipe: Recipe, ref: PhaseRef, done: dict[str, Any]
) -> dict[str, Any]:
    phase = ref.phase
    return {
        "batch_id": batch["batch_id"],
        "barcode": batch["barcode"],
        "coi": batch["coi"],
        "recipe": f"{recipe.id} {recipe.version}",
        "recipe_hash": batch["recipe_hash"],
        "step": ref.path,
        "phase": phase.name,
        "confirmed": [
            phase.confirmations[i]
            for i in sorted(done["confirmed"])
            if i < len(phase.confirmations)
        ],
        "scans": dict(sorted(done["scans"].items())),
        "entries": dict(sorted(done["entries"].items())),
        "signed": dict(done["signed"]),
    }


def _steps(
    recipe: Recipe, events: list[dict[str, Any]], checks: dict[str, list[SignatureCheck]]
) -> Iterator[StepRecord]:
    by_step: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_step.setdefault(str(event["step"]), []).append(event)
    for ref in recipe.phases:
        mine = by_step.get(ref.path, [])
        start = next((e for e in mine if e["kind"] == "step-start"), None)
        end = next((e for e in reversed(mine) if e["kind"] == "step-end"), None)
        phase = ref.phase
        status: Literal["done", "current", "not started"] = (
            "done" if end is not None else "current" if start is not None else "not started"
        )
        operators: list[str] = []
        for event in mine:
            if event["user_id"] and _who(event) not in operators:
                operators.append(_who(event))
        yield StepRecord(
            index=ref.index,
            path=ref.path,
            unit_procedure=ref.unit_procedure.name,
            operation=ref.operation.name,
            phase=phase.name,
            status=status,
            started_utc=start["utc"] if start else None,
            ended_utc=end["utc"] if end else None,
            duration_s=(
                round(float(end["time"]) - float(start["time"]), 3) if start and end else None
            ),
            expected_h=phase.duration_h,
            max_h=phase.max_duration_h,
            outcome=str(end["new_value"] or "") if end else "",
            entries=tuple(_entries(phase, mine)),
            scans=tuple(
                ScanLine(
                    scan_id=str(e["target"]),
                    label=str(e["reason"]),
                    value=str(e["new_value"]),
                    utc=e["utc"],
                    user=_who(e),
                )
                for e in mine
                if e["kind"] == "scan"
            ),
            confirmations=tuple(
                ConfirmationLine(
                    index=int(e["target"]), text=str(e["new_value"]), utc=e["utc"], user=_who(e)
                )
                for e in mine
                if e["kind"] == "confirmation"
            ),
            actions=tuple(
                f"{e['target']}: {e['new_value']}"
                for e in mine
                if e["kind"] in ("action", "action-adopted")
            ),
            operators=tuple(operators),
            required_signatures=tuple(s.meaning for s in phase.signatures),
            signatures=tuple(checks.get(ref.path, ())),
        )


def _entries(phase: Phase, events: list[dict[str, Any]]) -> Iterator[EntryLine]:
    definitions = {entry.id: entry for entry in phase.entries}
    for event in events:
        if event["kind"] != "entry":
            continue
        entry = definitions.get(str(event["target"]))
        value = _number(event["new_value"])
        yield EntryLine(
            entry_id=str(event["target"]),
            label=entry.label if entry else str(event["target"]),
            value=value,
            unit=entry.unit if entry else "",
            low=entry.low if entry else None,
            high=entry.high if entry else None,
            limits=entry.describe_limits() if entry else "",
            utc=event["utc"],
            user=_who(event),
        )


def _number(text: object) -> float | None:
    try:
        return None if text is None else float(str(text))
    except ValueError:
        return None


def _alarms(conn: sqlite3.Connection, batch: dict[str, Any]) -> Iterator[AlarmLine]:
    """Alarm journal lines of the batch's equipment (its bay, its shuttle as a whole, its
    Cell Q) between the start (or creation) and the end of the batch."""
    sources: list[str] = []
    if batch["shuttle"]:
        sources.append(str(batch["shuttle"]))
        if batch["bay"] is not None:
            sources.append(f"{batch['shuttle']}/bay-{int(batch['bay']):02d}")
    if batch["cellq"]:
        sources.append(str(batch["cellq"]))
    if not sources:
        return
    begin = batch["started_time"] if batch["started_time"] is not None else batch["created_time"]
    end = batch["ended_time"]
    marks = ",".join("?" * len(sources))
    sql = (
        "SELECT utc, alarm_id, source, priority, event, state, value, limit_value, user_id, "
        f"comment FROM alarm_events WHERE source IN ({marks}) AND time >= ?"
    )
    params: list[Any] = [*sources, begin]
    if end is not None:
        sql += " AND time <= ?"
        params.append(end)
    for row in _rows(conn, sql + " ORDER BY time, id", tuple(params)):
        yield AlarmLine(
            utc=row["utc"],
            alarm_id=row["alarm_id"],
            source=row["source"],
            priority=row["priority"],
            event=row["event"],
            state=row["state"],
            value=row["value"],
            limit=row["limit_value"],
            user_id=row["user_id"],
            comment=row["comment"],
        )


def _deviation_line(row: dict[str, Any]) -> DeviationLine:
    return DeviationLine(
        deviation_id=row["id"],
        utc=row["utc"],
        kind=row["kind"],
        severity=row["severity"],
        step=row["step"],
        tag=row["tag"],
        value=row["value"],
        low=row["low"],
        high=row["high"],
        holds_batch=bool(row["holds_batch"]),
        message=row["message"],
        user_id=row["user_id"],
    )


def _event_line(row: dict[str, Any]) -> EventLine:
    return EventLine(
        event_id=row["id"],
        utc=row["utc"],
        kind=row["kind"],
        step=row["step"],
        target=row["target"],
        old_value=row["old_value"],
        new_value=row["new_value"],
        reason=row["reason"],
        user_id=row["user_id"],
        user_name=row["user_name"],
        user_role=row["user_role"],
    )


def _exceptions(
    record: BatchRecord,
    recipe: Recipe,
    batch: dict[str, Any],
    events: list[dict[str, Any]],
    unbound: list[dict[str, Any]],
) -> list[ExceptionLine]:
    """Everything abnormal in the record, most severe first, then in time order."""
    found: list[ExceptionLine] = []

    def add(severity: Severity, category: str, utc: str, step: str, text: str, ref: str) -> None:
        found.append(
            ExceptionLine(
                severity=severity, category=category, utc=utc, step=step, text=text, ref=ref
            )
        )

    if recipe.content_hash != batch["recipe_hash"]:
        add(
            "critical",
            "recipe",
            record.created_utc,
            "",
            "the stored recipe no longer matches "
            f"its content hash {str(batch['recipe_hash'])[:12]}: the record was altered",
            "batch",
        )
    if record.state in ("Stopped", "Aborted"):
        add(
            "critical",
            "batch ended",
            record.ended_utc or "",
            "",
            f"the batch ended {record.state}, not Complete",
            "batch",
        )
    for deviation in record.deviations:
        severity: Severity = deviation.severity if deviation.severity in SEVERITY_RANK else "major"  # type: ignore[assignment]
        add(
            severity,
            f"deviation: {deviation.kind}",
            deviation.utc,
            deviation.step,
            deviation.message + (" (held the batch)" if deviation.holds_batch else ""),
            f"deviation {deviation.deviation_id}",
        )
    for event in events:
        kind, new, where = event["kind"], event["new_value"], f"event {event['id']}"
        who, why = _who(event), str(event["reason"] or "")
        if kind == "scan-refused":
            add(
                "major",
                "refused scan",
                event["utc"],
                event["step"],
                f"{event['target']}: {new!r} refused ({who}): {why}",
                where,
            )
        elif kind == "entry-refused":
            add(
                "minor",
                "refused entry",
                event["utc"],
                event["step"],
                f"{event['target']}: {new} refused ({who}): {why}",
                where,
            )
        elif kind == "state" and new == "Holding":
            add("major", "hold", event["utc"], event["step"], f"held by {who}: {why}", where)
        elif kind == "state" and new == "Restarting":
            add(
                "minor", "restart", event["utc"], event["step"], f"restarted by {who}: {why}", where
            )
        elif kind == "state" and new in ("Stopping", "Aborting"):
            category = "stop" if new == "Stopping" else "abort"
            add(
                "critical",
                category,
                event["utc"],
                event["step"],
                f"{category} by {who}: {why}",
                where,
            )
        elif kind == "restart-gap":
            add(
                "major",
                "restart gap",
                event["utc"],
                event["step"],
                f"station down {event['target']} (equipment time) while "
                f"{event['old_value']}: {why}",
                where,
            )
        elif kind == "engine-error":
            add("major", "engine error", event["utc"], event["step"], why, where)
        elif kind == "action-adopted":
            add(
                "minor",
                "command adopted",
                event["utc"],
                event["step"],
                f"equipment command carried out but not recorded before a restart: {new}",
                where,
            )
        elif kind == "comment":
            add("info", "comment", event["utc"], event["step"], f"{who}: {new}", where)
    for event in unbound:
        add(
            "major",
            "unbound signature",
            event["utc"],
            event["step"],
            f"{event['target']} signature by {_who(event)} has no electronic signature bound "
            "to the step content",
            f"event {event['id']}",
        )
    deviation_steps = {(d.kind, d.step) for d in record.deviations}
    unbound_meanings = {(str(e["step"]), str(e["target"])) for e in unbound}
    for step in record.steps:
        if (
            step.max_h is not None
            and step.duration_s is not None
            and step.duration_s > step.max_h * 3600.0
            and ("overrun", step.path) not in deviation_steps
        ):
            add(
                "minor",
                "overrun",
                step.ended_utc or "",
                step.path,
                f"{step.phase} took {step.duration_s / 3600.0:.1f} h, longer than the "
                f"recipe's {step.max_h:g} h",
                f"step {step.index + 1}",
            )
        for check in step.signatures:
            if check.status == "failed":
                add(
                    "critical",
                    "signature fails verification",
                    check.utc,
                    step.path,
                    f"{check.manifestation}: {check.problem}",
                    f"signature #{check.signature_id}",
                )
        if step.status == "done":
            given = {s.meaning for s in step.signatures if s.status != "failed"}
            for meaning in step.required_signatures:
                if meaning not in given and (step.path, meaning) not in unbound_meanings:
                    add(
                        "major",
                        "missing signature",
                        step.ended_utc or "",
                        step.path,
                        f"{step.phase} ended without a valid {meaning} signature",
                        f"step {step.index + 1}",
                    )
    for alarm in record.alarms:
        severity_for = REVIEWED_ALARM_PRIORITIES.get(alarm.priority)
        if severity_for is not None and alarm.event == "activate":
            add(
                severity_for,
                f"alarm ({alarm.priority})",
                alarm.utc,
                "",  # type: ignore[arg-type]
                f"{alarm.alarm_id} at {alarm.source}, value {alarm.value}",
                f"alarm {alarm.alarm_id}",
            )
    if not record.finished:
        add(
            "info",
            "in progress",
            record.generated_utc or "",
            "",
            f"the batch is {record.state}: {IN_PROGRESS_MARK}",
            "batch",
        )
    found.sort(key=lambda e: (SEVERITY_RANK[e.severity], e.utc))
    return found


def _check_reviews(
    conn: sqlite3.Connection, record: BatchRecord, digest: str, key: AuditKey | None
) -> Iterator[SignatureCheck]:
    signatures = select_signatures(
        conn, "WHERE record_type = ? AND record_id = ? ORDER BY id", (RECORD_TYPE, record.batch_id)
    )
    signed = SignedRecord(
        record_type=RECORD_TYPE,
        record_id=record.batch_id,
        content=record.content(),
        statement="-",
    )
    assert signed.content_hash == digest
    for signature in signatures:
        check = _check(key, signature, signed)
        if check.status == "failed" and signature.content_hash != digest:
            check = check.model_copy(
                update={"problem": f"record changed after this {signature.meaning} signature"}
            )
        yield check


# --- exports ----------------------------------------------------------------------------


def to_json(record: BatchRecord) -> str:
    """The whole record for machine use: every field, indented, UTF-8 text."""
    return json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "section",
    "batch_id",
    "step_index",
    "step",
    "phase",
    "utc",
    "end_utc",
    "duration_s",
    "kind",
    "target",
    "old_value",
    "new_value",
    "unit",
    "limits",
    "user",
    "text",
)


def to_csv(record: BatchRecord) -> str:
    """Steps, entries, events, deviations, alarms, signatures and exceptions as one table
    in long form: the ``section`` column says what a row is, so a spreadsheet filter or a
    script picks what it needs. The identity comes first as ``batch`` rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    base = {"batch_id": record.batch_id}
    identity = {
        "format": record.format,
        "barcode": record.barcode,
        "coi": record.coi,
        "recipe": f"{record.recipe_id} {record.recipe_version}",
        "recipe_hash": record.recipe_hash,
        "unit": record.unit,
        "station": record.station,
        "created_by": record.created_by,
        "created_utc": record.created_utc,
        "started_utc": record.started_utc or "",
        "ended_utc": record.ended_utc or "",
        "state": record.state,
        "marking": record.marking,
        "content_hash": record.content_hash,
        "approval": record.approval,
    }
    for name, value in identity.items():
        writer.writerow({**base, "section": "batch", "kind": name, "new_value": value})
    for step in record.steps:
        where = {**base, "step_index": step.index + 1, "step": step.path, "phase": step.phase}
        writer.writerow(
            {
                **where,
                "section": "step",
                "utc": step.started_utc or "",
                "end_utc": step.ended_utc or "",
                "duration_s": "" if step.duration_s is None else step.duration_s,
                "kind": step.status,
                "new_value": step.outcome,
                "user": "; ".join(step.operators),
            }
        )
        for entry in step.entries:
            writer.writerow(
                {
                    **where,
                    "section": "entry",
                    "utc": entry.utc,
                    "target": entry.entry_id,
                    "new_value": entry.value,
                    "unit": entry.unit,
                    "limits": entry.limits,
                    "user": entry.user,
                    "text": entry.label,
                }
            )
        for check in step.signatures:
            writer.writerow(_signature_row(where, check))
    for event in record.events:
        writer.writerow(
            {
                **base,
                "section": "event",
                "step": event.step,
                "utc": event.utc,
                "kind": event.kind,
                "target": event.target,
                "old_value": event.old_value or "",
                "new_value": event.new_value or "",
                "user": f"{event.user_name} ({event.user_id})" if event.user_id else "CellDeck",
                "text": event.reason,
            }
        )
    for deviation in record.deviations:
        writer.writerow(
            {
                **base,
                "section": "deviation",
                "step": deviation.step,
                "utc": deviation.utc,
                "kind": deviation.kind,
                "target": deviation.tag,
                "new_value": deviation.value or "",
                "limits": _limits(deviation.low, deviation.high),
                "user": deviation.user_id,
                "text": f"[{deviation.severity}] {deviation.message}",
            }
        )
    for alarm in record.alarms:
        writer.writerow(
            {
                **base,
                "section": "alarm",
                "utc": alarm.utc,
                "kind": alarm.event,
                "target": alarm.alarm_id,
                "new_value": alarm.value or "",
                "limits": "" if alarm.limit is None else alarm.limit,
                "user": alarm.user_id,
                "text": f"[{alarm.priority}] {alarm.state} {alarm.comment}".strip(),
            }
        )
    for check in record.reviews:
        writer.writerow(_signature_row(base, check))
    for exception in record.exceptions:
        writer.writerow(
            {
                **base,
                "section": "exception",
                "step": exception.step,
                "utc": exception.utc,
                "kind": exception.category,
                "target": exception.ref,
                "new_value": exception.severity,
                "text": exception.text,
            }
        )
    return out.getvalue()


def _signature_row(where: dict[str, Any], check: SignatureCheck) -> dict[str, Any]:
    return {
        **where,
        "section": "signature",
        "utc": check.utc,
        "kind": check.meaning,
        "target": f"#{check.signature_id}",
        "new_value": check.status,
        "user": f"{check.printed_name} ({check.user_id})",
        "text": check.manifestation + (f" - {check.problem}" if check.problem else ""),
    }


def _limits(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    return f"{'' if low is None else f'{low:g}'}..{'' if high is None else f'{high:g}'}"
