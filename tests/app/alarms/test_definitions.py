"""Alarm definitions load one by one: a bad one is refused, the rest still load."""

from app.alarms.definitions import load_alarms, parse_definitions
from app.config import load_plant, parse_plant

GOOD = """
[[alarms]]
id = "ok-high"
scope = "bay"
tag = "bioreactor/temperature"
condition = "high"
limit = 38
priority = "high"
message = "ok"
"""


def test_shipped_standard_alarms_bind_to_the_demo_plant():
    plant = load_plant()
    alarms, problems = load_alarms(plant)
    assert problems == []
    ids = {alarm.alarm_id for alarm in alarms}
    assert "culture-temperature-high@shuttle-01/bay-16" in ids
    assert "shuttle-communication-lost@shuttle-02" in ids
    assert "room-particles-grade-c@env-hall-a" in ids
    assert not any(a.startswith("room-particles-grade-b@") for a in ids)


def test_unknown_tag_and_impossible_limit_are_refused_with_file_and_alarm(tmp_path):
    text = (
        GOOD
        + """
[[alarms]]
id = "typo-tag"
scope = "bay"
tag = "bioreactor/temprature"
condition = "high"
limit = 38
priority = "high"
message = "x"

[[alarms]]
id = "impossible"
scope = "bay"
tag = "bioreactor/ph"
condition = "high"
limit = 14.5
priority = "low"
message = "x"

[[alarms]]
id = "no-limit"
scope = "bay"
tag = "bioreactor/ph"
condition = "low"
priority = "low"
message = "x"
"""
    )
    alarm_file = tmp_path / "site-alarms.toml"
    alarm_file.write_text(text)
    plant = parse_plant(
        'alarm_files=["site-alarms.toml"]\n[site]\nname="T"\ncode="T"\n[station]\nname="K"\n'
        '[[devices]]\nkind="shuttle"\nid="shuttle-01"\nbays=2\n'
    )
    alarms, problems = load_alarms(plant, tmp_path)
    assert {a.alarm_id for a in alarms} == {
        "ok-high@shuttle-01/bay-01",
        "ok-high@shuttle-01/bay-02",
    }
    assert len(problems) == 3
    by_alarm = {p.split(": alarm ")[1].split(":")[0]: p for p in problems}
    assert "unknown tag shuttle-01/bay-01/bioreactor/temprature" in by_alarm["typo-tag"]
    assert "outside the range" in by_alarm["impossible"]
    assert "needs a limit" in by_alarm["no-limit"]
    assert all(p.startswith(str(alarm_file)) for p in problems)


def test_broken_alarm_toml_reports_the_file():
    definitions, problems = parse_definitions("[[alarms]\nid=", "broken.toml")
    assert definitions == [] and problems[0].startswith("broken.toml: not valid TOML")
