"""Alarm history search, CSV export and the EEMUA 191 / ISA-18.2 KPIs."""

import csv
import io

from app.alarms.history import HistoryQuery, alarm_kpis, history_csv, query_history
from app.alarms.journal import AlarmJournal
from app.records.database import open_database
from hardware import Sample
from tests.app.alarms.conftest import definition

TEMP = "shuttle-01/bay-01/bioreactor/temperature"


def journal_with_activity(make_engine, clock, db_path, operator, activations: int, every_s: float):
    db = open_database(db_path)
    engine = make_engine(
        definition(), definition(id="low", condition="low", limit=36.0, priority="low")
    )
    journal = AlarmJournal(db)
    engine.on_record(journal.record)
    start = clock.now
    for _ in range(activations):
        engine.on_samples([Sample(TEMP, 38.0)])
        clock.advance(every_s / 2)
        engine.on_samples([Sample(TEMP, 37.0)])
        engine.acknowledge(engine.alarms, operator)
        clock.advance(every_s / 2)
    journal.flush(engine.alarms)
    return db, engine, start


def test_history_filters_and_csv(make_engine, clock, db_path, operator):
    db, _, _start = journal_with_activity(make_engine, clock, db_path, operator, 5, 120)
    everything = query_history(db, HistoryQuery())
    assert len(everything) == 15  # activate, clear, acknowledge x5
    acks = query_history(db, HistoryQuery(user="op1"))
    assert len(acks) == 5 and all(row["event"] == "acknowledge" for row in acks)
    assert query_history(db, HistoryQuery(tag="bay-02")) == []
    recent = query_history(db, HistoryQuery(start=clock.now - 250))
    assert 0 < len(recent) < 15
    assert query_history(db, HistoryQuery(priority="low")) == []
    parsed = list(csv.DictReader(io.StringIO(history_csv(acks))))
    assert parsed[0]["user_id"] == "op1" and parsed[0]["alarm_id"] == "temp-high@shuttle-01/bay-01"
    db.close()


def test_kpis_rates_flood_chattering_and_priorities(make_engine, clock, db_path, operator):
    # 30 activations, one every 20 s: a 10-minute flood, and a chattering alarm.
    db, _engine, start = journal_with_activity(make_engine, clock, db_path, operator, 30, 20)
    kpis = alarm_kpis(db, start, start + 3600, standing_since=[start - 90_000, start])
    assert kpis.activations == 30
    assert kpis.per_hour == 30.0
    assert kpis.per_10_min == 5.0
    assert kpis.peak_10_min == 30
    assert kpis.flood_percent > 10.0
    assert kpis.chattering == ["temp-high@shuttle-01/bay-01"]
    assert kpis.top_10 == [("temp-high@shuttle-01/bay-01", 30)]
    assert kpis.top_10_share_percent == 100.0
    assert kpis.priority_percent["medium"] == 100.0
    assert kpis.standing == 2 and kpis.stale == 1
    db.close()


def test_quiet_period_has_no_flood(make_engine, clock, db_path, operator):
    db, _, start = journal_with_activity(make_engine, clock, db_path, operator, 3, 1200)
    kpis = alarm_kpis(db, start, start + 3600, standing_since=[])
    assert kpis.flood_percent == 0.0 and kpis.chattering == [] and kpis.peak_10_min == 1
    db.close()
