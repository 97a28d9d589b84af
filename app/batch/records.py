"""BatchRecorder: the electronic batch record in SQLite (tables of migration 5).

``batches`` holds each batch's current state and step progress (what a restart brings
back); ``batch_events`` is the append-only history: every state change, step start and
end, equipment command, manual entry, scan, signature and deviation, with who, when,
what, old and new value and why; ``deviations`` lists the departures QA reviews.
Each event is written together with the batch's current state in one transaction, so
the record and the state never disagree after a crash.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from app.batch.runtime import Batch
from app.security import Actor
from hardware import TagValue


def _utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def _text(value: TagValue | object) -> str | None:
    return None if value is None else str(value)


class BatchRecorder:
    """Writes one station's batch records. Runs on the core loop, like every writer."""

    def __init__(
        self, db: sqlite_utils.Database, clock: Callable[[], float], station: str = ""
    ) -> None:
        self.db = db
        self.clock = clock
        self.station = station

    # -- writing ----------------------------------------------------------------------

    def create(self, batch: Batch) -> None:
        recipe = batch.recipe
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO batches (batch_id, recipe_id, recipe_version, recipe_hash, "
                "recipe_json, shuttle, bay, cellq, barcode, coi, state, steps_total, "
                "station, created_by, created_time, updated_time) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    batch.batch_id,
                    recipe.id,
                    recipe.version,
                    recipe.content_hash,
                    recipe.canonical,
                    batch.shuttle_id,
                    batch.bay,
                    batch.cellq_id,
                    batch.barcode,
                    batch.coi,
                    batch.state.value,
                    batch.steps_total,
                    self.station,
                    batch.created_by,
                    batch.created_time,
                    batch.created_time,
                ),
            )

    def save(self, batch: Batch) -> None:
        """Write the batch's current state and step progress on its own."""
        with self._transaction() as conn:
            self._update(conn, batch)

    def event(
        self,
        batch: Batch,
        kind: str,
        *,
        actor: Actor | None = None,
        step: str | None = None,
        target: str = "",
        old: object = None,
        new: object = None,
        reason: str = "",
    ) -> None:
        """Append one event and save the batch's state in the same transaction."""
        now = self.clock()
        with self._transaction() as conn:
            self._insert_event(
                conn,
                batch,
                now,
                kind,
                step=batch.step if step is None else step,
                target=target,
                old=old,
                new=new,
                reason=reason,
                actor=actor,
            )
            self._update(conn, batch)

    def _insert_event(
        self,
        conn: Any,
        batch: Batch,
        now: float,
        kind: str,
        *,
        step: str,
        target: str,
        old: object,
        new: object,
        reason: str,
        actor: Actor | None,
    ) -> None:
        conn.execute(
            "INSERT INTO batch_events (batch_id, time, utc, kind, step, target, old_value, "
            "new_value, reason, user_id, user_name, user_role, station) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                batch.batch_id,
                now,
                _utc(now),
                kind,
                step,
                target,
                _text(old),
                _text(new),
                reason,
                actor.user_id if actor else "",
                actor.name if actor else "",
                actor.role.value if actor else "",
                self.station,
            ),
        )

    def deviation(
        self,
        batch: Batch,
        *,
        kind: str,
        severity: str,
        message: str,
        tag: str = "",
        value: TagValue = None,
        low: float | None = None,
        high: float | None = None,
        holds_batch: bool = False,
        actor: Actor | None = None,
    ) -> tuple[int, float]:
        """Record a deviation (and its event); returns its id and time."""
        now = self.clock()
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO deviations (batch_id, time, utc, kind, severity, step, tag, value, "
                "low, high, holds_batch, message, user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    batch.batch_id,
                    now,
                    _utc(now),
                    kind,
                    severity,
                    batch.step,
                    tag,
                    _text(value),
                    low,
                    high,
                    int(holds_batch),
                    message,
                    actor.user_id if actor else "",
                ),
            )
            deviation_id = int(cursor.lastrowid or 0)
            self._insert_event(
                conn,
                batch,
                now,
                "deviation",
                step=batch.step,
                target=f"deviation {deviation_id}",
                old=None,
                new=kind,
                reason=message,
                actor=actor,
            )
            self._update(conn, batch)
        return deviation_id, now

    def _update(self, conn: Any, batch: Batch) -> None:
        conn.execute(
            "UPDATE batches SET state=?, closed=?, step_index=?, steps_completed=?, "
            "progress_json=?, hold_reason=?, started_time=?, ended_time=?, updated_time=? "
            "WHERE batch_id=?",
            (
                batch.state.value,
                int(batch.closed),
                batch.step_index,
                batch.steps_completed,
                json.dumps(batch.progress.to_dict(), separators=(",", ":")),
                batch.hold_reason,
                batch.started_time,
                batch.ended_time,
                self.clock(),
                batch.batch_id,
            ),
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db.conn)

    # -- reading ----------------------------------------------------------------------

    def open_batches(self) -> list[dict[str, Any]]:
        """Batches not yet reset (closed), oldest first: what a restart brings back."""
        return self._rows("SELECT * FROM batches WHERE closed = 0 ORDER BY created_time")

    def batch_row(self, batch_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM batches WHERE batch_id = ?", (batch_id,))
        return rows[0] if rows else None

    def events(self, batch_id: str, kind: str | None = None) -> list[dict[str, Any]]:
        if kind is None:
            return self._rows(
                "SELECT * FROM batch_events WHERE batch_id = ? ORDER BY id", (batch_id,)
            )
        return self._rows(
            "SELECT * FROM batch_events WHERE batch_id = ? AND kind = ? ORDER BY id",
            (batch_id, kind),
        )

    def deviations(self, batch_id: str | None = None) -> list[dict[str, Any]]:
        if batch_id is None:
            return self._rows("SELECT * FROM deviations ORDER BY id")
        return self._rows("SELECT * FROM deviations WHERE batch_id = ? ORDER BY id", (batch_id,))

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        cursor = self.db.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (the connection autocommits)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def __enter__(self) -> Any:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
