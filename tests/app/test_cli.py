"""The celldeck command as a user runs it."""

import subprocess
import sys
from pathlib import Path

from app import __version__
from app.cli import main


def celldeck(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_version_prints_project_version():
    result = celldeck("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"celldeck {__version__}"
    assert __version__ != "0.0.0+unknown"


def test_help_lists_every_command_and_global_option():
    result = celldeck("--help")
    assert result.returncode == 0
    for word in ("run", "screenshot", "check-config", "--plant", "--db", "--sim-speed"):
        assert word in result.stdout


def test_check_config_summarises_shipped_plants(capsys):
    assert main(["check-config"]) == 0
    assert "2 shuttles (32 bays)" in capsys.readouterr().out
    full = Path(__file__).parents[2] / "resources" / "plants" / "full-site.toml"
    assert main(["--plant", str(full), "check-config"]) == 0
    assert "48 shuttles (768 bays)" in capsys.readouterr().out


def test_bad_plant_file_exits_2_with_file_and_field(tmp_path: Path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[site]\nname = "X"\ncode = "X"\n[station]\nname = "K"\ndevices = []\n')
    assert main(["--plant", str(bad), "check-config"]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "devices" in err


def test_check_config_names_refused_alarms_and_still_counts_the_rest(tmp_path: Path, capsys):
    (tmp_path / "site.toml").write_text(
        '[[alarms]]\nid = "typo"\nscope = "bay"\ntag = "bioreactor/temprature"\n'
        'condition = "high"\nlimit = 38\npriority = "high"\nmessage = "x"\n'
    )
    plant = tmp_path / "plant.toml"
    plant.write_text(
        'alarm_files = ["standard.toml", "site.toml"]\n[site]\nname = "X"\ncode = "X"\n'
        '[station]\nname = "K"\n[[devices]]\nkind = "shuttle"\nid = "shuttle-01"\n'
    )
    assert main(["--plant", str(plant), "check-config"]) == 3
    captured = capsys.readouterr()
    assert "alarm typo: unknown tag shuttle-01/bay-01/bioreactor/temprature" in captured.err
    assert str(tmp_path / "site.toml") in captured.err
    assert "alarms" in captured.out and " 0 alarms" not in captured.out


def test_audit_verify_passes_an_intact_trail_and_names_the_first_broken_entry(tmp_path: Path):
    import sqlite3

    from app.records.audit import AuditKey, AuditTrail, checkpoint_path_for
    from app.records.database import open_database
    from app.security import Actor, Role

    db_path, key_path = tmp_path / "station.sqlite3", tmp_path / "keys" / "audit.key"
    db = open_database(db_path)
    trail = AuditTrail(
        db, AuditKey(key_path), "Kiosk", checkpoint_path=checkpoint_path_for(key_path, db_path)
    )
    qa = Actor("qa1", "Quinn QA", Role.QA)
    for n in range(5):
        trail.record(qa, "recipe.release", f"car-t v{n}", None, "released", "approved")
    db.close()
    args = ["--db", str(db_path), "--audit-key", str(key_path), "audit", "verify"]
    result = celldeck(*args)
    assert result.returncode == 0 and "intact (5 entries)" in result.stdout

    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TRIGGER audit_trail_no_update")
        conn.execute("UPDATE audit_trail SET reason = 'rejected' WHERE seq = 3")
    result = celldeck(*args)
    assert result.returncode == 1
    assert "BROKEN at entry 3" in result.stderr
    missing_key = celldeck(
        "--db", str(db_path), "--audit-key", str(tmp_path / "nope.key"), "audit", "verify"
    )
    assert missing_key.returncode == 2 and "does not exist" in missing_key.stderr


def test_recipe_check_lists_every_problem_and_accepts_the_shipped_recipes(tmp_path: Path):
    good = celldeck("recipe", "check", "car-t-autologous")
    assert good.returncode == 0 and "sha256" in good.stdout
    bad = tmp_path / "bad.toml"
    shipped = Path(__file__).parents[2] / "resources" / "recipes"
    text = next(shipped.glob("car-t*.toml")).read_text()
    bad.write_text(text.replace('version = "1.0"', 'version = "one"', 1) + "\nbogus = 1\n")
    result = celldeck("recipe", "check", str(bad))
    assert result.returncode == 3
    assert str(bad) in result.stderr and "version" in result.stderr and "bogus" in result.stderr


def test_batch_simulate_prints_the_required_figures():
    import json

    result = celldeck(
        "batch", "simulate", "--recipe", "car-t-autologous", "--speed", "200000", "--json"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["final_state"] == "Complete"
    assert report["steps_completed"] == report["steps_total"] > 10
    assert isinstance(report["deviations"], list)
    assert 150 < report["sim_duration_h"] < 400
