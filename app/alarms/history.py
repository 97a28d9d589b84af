"""Alarm history and alarm performance (EEMUA 191 / ISA-18.2 KPIs) from the journal.

Both read the ``alarm_events`` table on the station core; the UI asks for them through
the bridge and never opens the database itself.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils
from pydantic import BaseModel, Field

from app.alarms.engine import (
    CHATTER_COUNT,
    CHATTER_WINDOW_S,
    FLOOD_END,
    FLOOD_START,
    FLOOD_WINDOW_S,
)

HISTORY_COLUMNS = (
    "utc",
    "alarm_id",
    "tag",
    "source",
    "area",
    "priority",
    "event",
    "state",
    "value",
    "limit_value",
    "user_id",
    "comment",
)
STALE_AFTER_S = 24 * 3600.0
# ISA-18.2 / EEMUA 191 guidance for the annunciated priority split.
PRIORITY_GUIDANCE = {"low": 80.0, "medium": 15.0, "high": 5.0, "critical": 1.0}


class HistoryQuery(BaseModel):
    """A search of the alarm journal; every field narrows it."""

    start: float | None = None  # epoch seconds, station clock
    end: float | None = None
    tag: str = ""  # substring of tag or alarm id
    priority: str = ""
    user: str = ""
    limit: int = Field(5000, ge=1, le=200_000)


def query_history(db: sqlite_utils.Database, query: HistoryQuery) -> list[dict[str, object]]:
    clauses, params = [], []
    if query.start is not None:
        clauses.append("time >= ?")
        params.append(query.start)
    if query.end is not None:
        clauses.append("time <= ?")
        params.append(query.end)
    if query.tag:
        clauses.append("(tag LIKE ? OR alarm_id LIKE ?)")
        params += [f"%{query.tag}%", f"%{query.tag}%"]
    if query.priority:
        clauses.append("priority = ?")
        params.append(query.priority)
    if query.user:
        clauses.append("user_id = ?")
        params.append(query.user)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    cursor = db.conn.execute(
        f"SELECT {', '.join(HISTORY_COLUMNS)} FROM alarm_events {where} "
        "ORDER BY time DESC, id DESC LIMIT ?",
        (*params, query.limit),
    )
    return [dict(zip(HISTORY_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def history_csv(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(HISTORY_COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class AlarmKpis:
    """Alarm system performance over a period (EEMUA 191 / ISA-18.2 figures)."""

    period_s: float
    activations: int
    per_10_min: float
    per_hour: float
    peak_10_min: int
    flood_percent: float
    standing: int
    stale: int
    chattering: list[str]
    top_10: list[tuple[str, int]]
    top_10_share_percent: float
    priority_percent: dict[str, float]
    priority_guidance: dict[str, float] = field(default_factory=lambda: dict(PRIORITY_GUIDANCE))


def alarm_kpis(
    db: sqlite_utils.Database, start: float, end: float, standing_since: list[float]
) -> AlarmKpis:
    """KPIs for activations between ``start`` and ``end``; ``standing_since`` holds the
    activation times of the alarms active now (from the engine)."""
    period = max(1.0, end - start)
    rows = db.conn.execute(
        "SELECT time, alarm_id, priority FROM alarm_events "
        "WHERE event = 'activate' AND state != 'DSUPR' AND state != 'OOSRV' "
        "AND time >= ? AND time <= ? ORDER BY time",
        (start, end),
    ).fetchall()
    times = [row[0] for row in rows]
    activations = len(times)
    peak, flood_s = _peak_and_flood(times, end)
    per_alarm = Counter(row[1] for row in rows)
    top = per_alarm.most_common(10)
    priorities = Counter(row[2] for row in rows)
    chattering = sorted(_chattering(rows))
    return AlarmKpis(
        period_s=period,
        activations=activations,
        per_10_min=round(activations / period * 600.0, 2),
        per_hour=round(activations / period * 3600.0, 2),
        peak_10_min=peak,
        flood_percent=round(100.0 * flood_s / period, 2),
        standing=len(standing_since),
        stale=sum(1 for t in standing_since if end - t > STALE_AFTER_S),
        chattering=chattering,
        top_10=top,
        top_10_share_percent=round(100.0 * sum(n for _, n in top) / activations, 1)
        if activations
        else 0.0,
        priority_percent={
            p: round(100.0 * priorities.get(p, 0) / activations, 1) if activations else 0.0
            for p in PRIORITY_GUIDANCE
        },
    )


def _peak_and_flood(times: list[float], end: float) -> tuple[int, float]:
    """Largest count in any 10-minute window, and seconds spent in flood (more than 10 in
    the trailing 10 minutes starts a flood; fewer than 5 ends it)."""
    peak, flood_s, flood_start = 0, 0.0, None
    left = 0
    for right, t in enumerate(times):
        while times[left] < t - FLOOD_WINDOW_S:
            left += 1
        count = right - left + 1
        peak = max(peak, count)
        if flood_start is None and count > FLOOD_START:
            flood_start = t
        elif flood_start is not None and count < FLOOD_END:
            flood_s += t - flood_start
            flood_start = None
    if flood_start is not None:
        # The flood ends when the window has emptied below FLOOD_END after the last one.
        last_needed = times[-FLOOD_END] if len(times) >= FLOOD_END else times[-1]
        flood_s += min(end, last_needed + FLOOD_WINDOW_S) - flood_start
    return peak, flood_s


def _chattering(rows: list[tuple[float, str, str]]) -> set[str]:
    by_alarm: dict[str, list[float]] = {}
    for time, alarm_id, _ in rows:
        by_alarm.setdefault(alarm_id, []).append(time)
    found = set()
    for alarm_id, times in by_alarm.items():
        for i in range(len(times) - CHATTER_COUNT + 1):
            if times[i + CHATTER_COUNT - 1] - times[i] <= CHATTER_WINDOW_S:
                found.add(alarm_id)
                break
    return found
