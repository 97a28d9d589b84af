from pathlib import Path

import pytest

import app.config
from app.config import (
    ConfigError,
    MockBackendConfig,
    load_plant,
    parse_plant,
    resolve_plant_path,
    shipped_plant_path,
)


def test_embedded_plant_is_the_documented_demo(demo_plant):
    assert len(demo_plant.shuttles) == 2
    assert all(shuttle.bays == 16 for shuttle in demo_plant.shuttles)
    assert len(demo_plant.cellqs) == 1
    assert len(demo_plant.environments) == 1
    assert all(isinstance(d.backend, MockBackendConfig) for d in demo_plant.devices)


def test_full_site_has_48_shuttles_several_instruments_and_rooms(full_plant):
    assert len(full_plant.shuttles) == 48
    assert sum(s.bays for s in full_plant.shuttles) == 768
    assert len(full_plant.cellqs) >= 2
    assert len(full_plant.environments) >= 2
    assert full_plant.station.role == "supervisor"


MINIMAL = """
[site]
name = "Test"
code = "T"
[station]
name = "Kiosk"
[[devices]]
kind = "shuttle"
id = "shuttle-01"
"""


def test_minimal_plant_gets_defaults():
    plant = parse_plant(MINIMAL)
    assert plant.shuttles[0].bays == 16
    assert plant.simulation.speed == 1.0


def test_unknown_field_names_file_field_and_reason(tmp_path: Path):
    path = tmp_path / "typo.toml"
    path.write_text(MINIMAL + "bayz = 12\n")
    with pytest.raises(ConfigError) as error:
        load_plant(path)
    message = str(error.value)
    assert str(path) in message
    assert "devices.0.shuttle.bayz" in message
    assert "Extra inputs are not permitted" in message


def test_out_of_range_value_is_reported_with_its_path(tmp_path: Path):
    path = tmp_path / "bays.toml"
    path.write_text(MINIMAL.replace('id = "shuttle-01"', 'id = "shuttle-01"\nbays = 0'))
    with pytest.raises(ConfigError, match=r"devices\.0\.shuttle\.bays"):
        load_plant(path)


def test_duplicate_device_ids_are_refused():
    text = MINIMAL + '[[devices]]\nkind = "cellq"\nid = "shuttle-01"\n'
    with pytest.raises(ConfigError, match="used twice"):
        parse_plant(text, "dup.toml")


def test_broken_toml_and_missing_file_get_clear_messages(tmp_path: Path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[site\nname=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_plant(broken)
    with pytest.raises(ConfigError, match="cannot read plant file"):
        load_plant(tmp_path / "absent.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_plant(binary)


def test_plant_file_lookup_order(tmp_path: Path, monkeypatch):
    system = tmp_path / "etc" / "plant.toml"
    monkeypatch.setattr(app.config, "system_plant_path", lambda: system)
    explicit, from_env = tmp_path / "explicit.toml", tmp_path / "env.toml"
    env = {"CELLDECK_PLANT": str(from_env)}

    # No administrator file yet: the shipped demo (None) unless chosen.
    assert resolve_plant_path(None, {}) is None
    system.parent.mkdir()
    system.write_text(MINIMAL)
    assert resolve_plant_path(None, {}) == system
    assert resolve_plant_path(None, env) == from_env
    assert resolve_plant_path(explicit, env) == explicit


def test_cli_uses_the_system_plant_file_when_present(tmp_path: Path, monkeypatch, capsys):
    from app.cli import main

    system = tmp_path / "plant.toml"
    system.write_text(shipped_plant_path("full-site.toml").read_text("utf-8"))
    monkeypatch.setattr(app.config, "system_plant_path", lambda: system)
    assert main(["check-config"]) == 0
    assert str(system) in capsys.readouterr().out


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../../etc/passwd", "Europe/"])
def test_unknown_time_zone_is_refused_with_its_path(zone: str):
    # Found by fuzzing: an unknown zone passed, and the window then failed to open.
    text = f'[site]\nname = "S"\ncode = "S"\ntimezone = "{zone}"\n[station]\nname = "K"\n'
    text += '[[devices]]\nkind = "cellq"\nid = "cellq-01"\n'
    with pytest.raises(ConfigError, match=r"site\.timezone: .*unknown time zone"):
        parse_plant(text, "zone.toml")
