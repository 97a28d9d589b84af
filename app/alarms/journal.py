"""AlarmJournal: every alarm record to SQLite, in batches, off the UI thread.

Records queue in memory and are written in one transaction per flush (a few times a
second) by the station core, so a flood of thousands of alarms costs a handful of
commits. The current state of every alarm that is not normal is kept in
``alarm_state`` too, so a restart brings back the active and unacknowledged alarms.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import sqlite_utils

from app.alarms.engine import Alarm, AlarmRecord
from app.alarms.states import AlarmState


def _utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


class AlarmJournal:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.pending: list[AlarmRecord] = []
        self.written = 0

    def record(self, record: AlarmRecord) -> None:
        self.pending.append(record)

    def flush(self, alarms: dict[str, Alarm]) -> int:
        """Write queued records and the touched alarms' states in one transaction."""
        if not self.pending:
            return 0
        batch, self.pending = self.pending, []
        rows = [
            (
                _utc(r.time),
                r.time,
                r.alarm_id,
                r.tag,
                r.source,
                r.area,
                r.priority,
                r.event,
                r.state,
                None if r.value is None else str(r.value),
                r.limit,
                r.user,
                r.comment,
            )
            for r in batch
        ]
        touched = {r.alarm_id for r in batch}
        states = [alarms[alarm_id] for alarm_id in touched if alarm_id in alarms]
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT INTO alarm_events (utc, time, alarm_id, tag, source, area, priority, "
                "event, state, value, limit_value, user_id, comment) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            conn.executemany(
                "DELETE FROM alarm_state WHERE alarm_id = ?",
                [(a.alarm_id,) for a in states if a.state is AlarmState.NORM],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO alarm_state (alarm_id, state, active, value, "
                "activated_at, changed_at, acked_by, shelved_until, shelve_reason) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (
                        a.alarm_id,
                        a.state.value,
                        int(a.active),
                        None if a.value is None else str(a.value),
                        a.activated_at,
                        a.changed_at,
                        a.acked_by,
                        a.shelved_until,
                        a.shelve_reason,
                    )
                    for a in states
                    if a.state is not AlarmState.NORM
                ],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            self.pending[:0] = batch  # nothing is dropped: retried on the next flush
            raise
        self.written += len(rows)
        return len(rows)

    def saved_states(self) -> Iterable[dict[str, object]]:
        cursor = self.db.conn.execute("SELECT * FROM alarm_state")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
