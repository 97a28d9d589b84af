"""Configuration on the record: the station fingerprints its plant file and configuration
at start and audits a change; the inactivity sign-out is configured per station."""

import hashlib
from pathlib import Path

import pytest

from app.config import ConfigError, load_plant, parse_plant, shipped_plant_path
from app.config_audit import CHANGED, CONFIGURATION_TARGET, RECORDED, content_hash
from app.station import Station

PLANT = """
[site]
name = "Test site"
code = "TST"

[station]
name = "Kiosk T-1"
role = "kiosk"
{station_extra}

[[devices]]
kind = "environment"
id = "room-01"
room = "Room 1"
backend = {{ type = "mock", seed = 1 }}

[[alarms]]
id = "room-warm"
scope = "tag"
tag = "room-01/room/temperature"
condition = "high"
limit = {limit}
priority = "medium"
message = "Room warm"
"""


def write_plant(path: Path, *, limit: float = 24.0, station_extra: str = "") -> Path:
    path.write_text(PLANT.format(limit=limit, station_extra=station_extra), "utf-8")
    return path


async def start_and_stop(plant_path: Path, db_path: Path, key: Path) -> Station:
    station = Station(
        load_plant(plant_path),
        db_path,
        plant_dir=plant_path.parent,
        audit_key=key,
        plant_path=plant_path,
    )
    assert not station.alarm_problems, station.alarm_problems
    await station.start()
    await station.stop()
    return station


def configuration_entries(station: Station, db_path: Path) -> list:
    from app.records.audit import AuditKey, AuditTrail
    from app.records.database import open_database

    db = open_database(db_path)
    try:
        trail = AuditTrail(db, AuditKey(station.audit_key_path), station.name)
        return [e for e in trail.entries() if e.target == CONFIGURATION_TARGET]
    finally:
        db.close()


async def test_the_configuration_is_recorded_once_and_each_change_is_audited(
    tmp_path: Path, db_path: Path
):
    key = tmp_path / "config" / "audit.key"
    plant = write_plant(tmp_path / "plant.toml")
    first = await start_and_stop(plant, db_path, key)
    summary = first.configuration
    assert summary.file_sha256 == hashlib.sha256(plant.read_bytes()).hexdigest()
    assert summary.plant_file == str(plant)

    again = await start_and_stop(plant, db_path, key)  # nothing changed: nothing recorded
    entries = configuration_entries(again, db_path)
    assert [e.action for e in entries] == [RECORDED]
    assert entries[0].user_id == "(system)"
    assert entries[0].new_value == {
        "file": str(plant),
        "file_sha256": summary.file_sha256,
        "sha256": summary.content_sha256,
    }

    write_plant(plant, limit=26.0)  # an engineer raised an alarm limit
    changed = await start_and_stop(plant, db_path, key)
    entries = configuration_entries(changed, db_path)
    assert [e.action for e in entries] == [RECORDED, CHANGED]
    assert entries[1].old_value == entries[0].new_value
    assert entries[1].new_value["sha256"] == changed.configuration.content_sha256
    assert entries[1].new_value["sha256"] != summary.content_sha256
    assert entries[1].new_value["file"] == str(plant)
    assert "other than the last one" in entries[1].reason


def test_content_hash_follows_meaning_not_layout(tmp_path: Path):
    base = write_plant(tmp_path / "a.toml")
    text = base.read_text("utf-8")
    commented = tmp_path / "b.toml"
    commented.write_text("# reviewed 2031-03-01\n" + text.replace("\n\n", "\n\n\n"), "utf-8")

    def digest(path: Path) -> str:
        station = Station(load_plant(path), tmp_path / "x.db", plant_path=path)
        return station.configuration.content_sha256

    assert digest(base) == digest(commented)
    assert digest(base) != digest(write_plant(tmp_path / "c.toml", limit=25.0))
    longer = write_plant(tmp_path / "d.toml", station_extra="sign_out_after_s = 600")
    assert digest(base) != digest(longer)
    night = tmp_path / "e.toml"
    night.write_text(text + '\n[display]\ntheme = "night"\nfont_scale = 1.2\n', "utf-8")
    assert digest(base) == digest(night)  # how the screen looks is not the plant
    kiosk = tmp_path / "f.toml"
    kiosk.write_text(text + "\n[display]\nkiosk = true\n", "utf-8")
    assert digest(base) != digest(kiosk)


def test_content_hash_covers_shipped_alarm_definitions(demo_plant):
    station = Station(demo_plant, Path("/nonexistent/never-opened.db"))
    bound = [alarm.bound for alarm in station.alarm_engine.alarms.values()]
    with_alarms = content_hash(demo_plant, bound)
    assert with_alarms != content_hash(demo_plant, [])
    summary = station.configuration
    assert summary.plant_file == "(not read from a file)" and summary.file_sha256 is None
    assert summary.alarm_definitions > 10 and summary.bound_alarms > summary.alarm_definitions
    assert [d.device_id for d in summary.devices] == [d.id for d in demo_plant.devices]


def test_sign_out_after_defaults_by_role_and_is_checked():
    demo = load_plant()
    assert demo.station.sign_out_after == 300
    assert load_plant(shipped_plant_path("full-site.toml")).station.sign_out_after == 900
    text = PLANT.format(limit=24.0, station_extra="sign_out_after_s = 120")
    assert parse_plant(text).station.sign_out_after == 120
    with pytest.raises(ConfigError, match=r"station\.sign_out_after_s: .*greater than or equal"):
        parse_plant(PLANT.format(limit=24.0, station_extra="sign_out_after_s = 10"))
