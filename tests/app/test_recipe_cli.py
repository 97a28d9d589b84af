"""``celldeck recipe list | release | withdraw``: the station's release record from the
command line, with the password asked through getpass and the documented exit codes."""

from __future__ import annotations

import asyncio
import getpass
import sqlite3
from pathlib import Path

import pytest

from app.batch import load_recipe, shipped_recipe_path
from app.cli import main
from app.config import load_plant
from app.records import users as users_module
from app.security import Role
from app.station import Station
from tests.app.batch.conftest import SMALL_RECIPE
from tests.reliability.conftest import COMPACT_PLANT

PASSWORD = "Recipe-Cli-97531z"
CART = load_recipe(shipped_recipe_path("car-t-autologous.toml"))


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)


@pytest.fixture
def site(tmp_path: Path) -> list[str]:
    """A plant file with a site recipe folder, its station database with people (QA and
    an operator), and the global options that point the command at them."""
    folder = tmp_path / "recipes"
    folder.mkdir()
    (folder / "small.toml").write_text(SMALL_RECIPE, encoding="utf-8")
    (folder / "broken.toml").write_text("id = [", encoding="utf-8")
    plant_file = tmp_path / "plant.toml"
    plant_file.write_text(COMPACT_PLANT + '\n[recipes]\nfolder = "recipes"\n', encoding="utf-8")
    db, key = tmp_path / "station.sqlite3", tmp_path / "audit.key"

    async def people() -> None:
        station = Station(load_plant(plant_file), db, audit_key=key)
        await station.start()
        try:
            users = station.users
            assert users is not None
            admin = users.create_first_administrator("admin", "Ada Admin", PASSWORD)
            for user_id, role in (("qa1", Role.QA), ("op1", Role.OPERATOR)):
                users.create_user(admin, user_id, user_id.upper(), role, PASSWORD)
                users.change_password(user_id, PASSWORD, f"{PASSWORD}-{user_id}")
        finally:
            await station.stop()

    asyncio.run(people())
    return ["--plant", str(plant_file), "--db", str(db), "--audit-key", str(key)]


def typed(monkeypatch: pytest.MonkeyPatch, user: str, password: str) -> list[str]:
    """What the person types at the prompts; returns the prompts shown."""
    prompts: list[str] = []

    def answer(value: str):
        def prompt(text: str) -> str:
            prompts.append(text)
            return value

        return prompt

    monkeypatch.setattr("builtins.input", answer(user))
    monkeypatch.setattr(getpass, "getpass", answer(password))
    return prompts


def rows(options: list[str], table: str) -> int:
    conn = sqlite3.connect(options[options.index("--db") + 1])
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_list_shows_every_recipe_with_its_state_and_invalid_files(site, capsys):
    assert main([*site, "recipe", "list"]) == 0
    out = capsys.readouterr().out
    assert "0 runnable on this station" in out
    assert f"car-t-autologous v1.0  sha256 {CART.content_hash[:12]}  NOT RELEASED" in out
    assert "small-test v0.1" in out and "file (site, status released)" in out
    assert "INVALID FILE" in out and "broken.toml" in out and "not valid TOML" in out


def test_release_asks_for_the_password_and_signs(site, monkeypatch, capsys):
    prompts = typed(monkeypatch, "qa1", f"{PASSWORD}-qa1")
    code = main(
        [*site, "recipe", "release", "car-t-autologous", "--version", "1.0",
         "--sha256", CART.content_hash[:16], "--reason", "site validation VAL-7"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert prompts == ["User id: ", "Password: "]
    assert "You sign: Release master recipe car-t-autologous v1.0" in out
    assert "Meaning: APPROVED." in out
    assert "released car-t-autologous v1.0" in out and "signature #" in out
    assert PASSWORD not in out + err
    conn = sqlite3.connect(site[site.index("--db") + 1])
    action, target, reason, user = conn.execute(
        "SELECT action, target, reason, user_id FROM audit_trail ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    conn.close()
    assert (action, target, reason, user) == (
        "recipe.release",
        "recipe:car-t-autologous v1.0",
        "site validation VAL-7",
        "qa1",
    )
    assert main([*site, "recipe", "list"]) == 0
    assert "RELEASED (released by QA1 (qa1) at" in capsys.readouterr().out
    # Withdrawn with the reason, by the command's other half.
    typed(monkeypatch, "qa1", f"{PASSWORD}-qa1")
    code = main(
        [*site, "recipe", "withdraw", "car-t-autologous", "--version", "1.0",
         "--reason", "CAPA-9"]
    )  # fmt: skip
    assert code == 0 and "withdrew car-t-autologous v1.0" in capsys.readouterr().out
    assert main([*site, "recipe", "list"]) == 0
    assert "WITHDRAWN (withdrawn by QA1 (qa1)" in capsys.readouterr().out


def test_refusals_have_their_exit_codes_and_record_nothing(site, tmp_path, monkeypatch, capsys):
    before = rows(site, "audit_trail"), rows(site, "recipe_releases")
    release = [*site, "recipe", "release", "small-test", "--version", "0.1"]
    typed(monkeypatch, "op1", f"{PASSWORD}-op1")
    assert main(release) == 3
    assert "may not recipe.release" in capsys.readouterr().err
    typed(monkeypatch, "qa1", "not my password")
    assert main(release) == 3
    typed(monkeypatch, "qa1", f"{PASSWORD}-qa1")
    assert main([*release, "--sha256", "0123456789ab"]) == 1
    assert "is not the content shown" in capsys.readouterr().err
    assert main([*site, "recipe", "release", "no-such", "--version", "1.0"]) == 1
    assert "no valid recipe file holds no-such v1.0" in capsys.readouterr().err
    withdraw = [*site, "recipe", "withdraw", "small-test", "--version", "0.1", "--reason", "x"]
    assert main(withdraw) == 1
    assert "is not released on this station" in capsys.readouterr().err
    assert (rows(site, "audit_trail"), rows(site, "recipe_releases")) == (before[0], 0)
    elsewhere = [*site, "recipe", "release", "small-test", "--version", "0.1"]
    elsewhere[elsewhere.index("--db") + 1] = str(tmp_path / "absent.sqlite3")
    assert main(elsewhere) == 2
    assert "no station database there" in capsys.readouterr().err
    assert not (tmp_path / "absent.sqlite3").exists()
    with pytest.raises(SystemExit) as usage:
        main([*site, "recipe", "withdraw", "small-test", "--version", "0.1"])
    assert usage.value.code == 2  # --reason is required
    typed(monkeypatch, "qa1", f"{PASSWORD}-qa1")
    assert main(release) == 0
    assert main(release) == 1  # already released
    assert "already released" in capsys.readouterr().err
