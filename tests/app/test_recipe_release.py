"""Recipe release on the station: QA signs a version's content hash; withdrawals need a
reason; both are audited with old and new state, who and why; batches run only content
released here; a file changed after its release is refused; malformed files are listed;
a demo plant releases its shipped recipes itself; migration 7 keeps older records."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.batch import Batch, BatchRefused, load_recipe, shipped_recipe_path
from app.batch.library import StationState
from app.config import ConfigError, parse_plant
from app.records import users as users_module
from app.records.audit import AuditEntry
from app.records.recipe_releases import (
    RECORD_TYPE,
    RecipeIdentity,
    ReleaseRefused,
    signed_release,
)
from app.records.signatures import verify_signature
from app.security import Actor, PermissionDenied, Role
from app.station import Station
from tests.app.batch.conftest import SMALL_RECIPE
from tests.reliability.conftest import COMPACT_PLANT

PASSWORD = "Recipe-Release-2468x"
PEOPLE = {
    "qa1": ("Quinn QA", Role.QA),
    "qa2": ("Rita Release", Role.QA),
    "op1": ("Olga Operator", Role.OPERATOR),
    "sup1": ("Sam Supervisor", Role.SUPERVISOR),
}
SITE_PLANT = COMPACT_PLANT + '\n[recipes]\nfolder = "site-recipes"\n'
SITE_FILE = "small.toml"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)


def write_site_recipe(folder: Path, text: str = SMALL_RECIPE, name: str = SITE_FILE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
async def station(tmp_path: Path) -> AsyncIterator[Station]:
    """A production-like station (no demo release) with a site recipe folder and people."""
    write_site_recipe(tmp_path / "site-recipes")
    plant = parse_plant(SITE_PLANT, "plant.toml", base_dir=tmp_path)
    station = Station(
        plant, tmp_path / "station.sqlite3", sim_speed=100.0, audit_key=tmp_path / "audit.key"
    )
    await station.start()
    try:
        users = station.users
        assert users is not None
        admin = users.create_first_administrator("admin", "Ada Admin", PASSWORD)
        for user_id, (name, role) in PEOPLE.items():
            users.create_user(admin, user_id, name, role, PASSWORD)
            users.change_password(user_id, PASSWORD, f"{PASSWORD}-{user_id}")
        yield station
    finally:
        await station.stop()


def secret(user_id: str) -> str:
    return f"{PASSWORD}-{user_id}"


def actor(user_id: str) -> Actor:
    name, role = PEOPLE[user_id]
    return Actor(user_id, name, role)


def recipe_entries(station: Station, action: str) -> list[AuditEntry]:
    assert station.audit is not None
    return [e for e in station.audit.entries() if e.action == action]


def counts(station: Station) -> tuple[int, ...]:
    assert station.db is not None
    return tuple(
        station.db.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("recipe_releases", "signatures", "audit_trail", "batches")
    )


async def new_batch(station: Station, recipe, bay: int = 1) -> Batch:
    return await station.call_batches(
        "create_batch",
        recipe,
        actor("sup1"),
        barcode=f"CDK-RR-{bay:04d}",
        coi=f"COI-RR-{bay:06d}",
        shuttle="shuttle-01",
        bay=bay,
        cellq="cellq-01",
    )


async def test_a_production_station_runs_nothing_until_qa_releases_it(station: Station):
    library = station.library
    states = {e.label: e.state for e in library.entries}
    assert states == {
        "car-t-autologous v1.0": StationState.NOT_RELEASED,
        "qc-release v1.0": StationState.NOT_RELEASED,
        "small-test v0.1": StationState.NOT_RELEASED,
    }
    assert station.recipes() == {}
    small = library.entry("small-test", "0.1")
    assert small is not None and small.file is not None and small.file.origin == "site"
    before = counts(station)
    with pytest.raises(BatchRefused, match=r"small-test v0\.1 is not released on this station"):
        await new_batch(station, small.recipe)
    assert counts(station) == before  # a refused batch records nothing


async def test_release_is_an_approved_signature_bound_to_the_content_hash_and_audited(
    station: Station,
):
    entry = station.library.entry("small-test", "0.1")
    assert entry is not None and entry.recipe is not None
    recipe = entry.recipe
    record = await station.release_recipe(
        "qa1", secret("qa1"), "small-test", "0.1", recipe.content_hash, "validated on line 2"
    )
    assert (record.state, record.content_hash, record.user_id) == (
        "released",
        recipe.content_hash,
        "qa1",
    )
    assert record.source.endswith(SITE_FILE)
    # The signature: approved, by the person, on this version's content hash.
    assert station.recipe_releases is not None and station.signatures is not None
    signature = station.recipe_releases.signature(record)
    assert signature is not None and signature.signature_id == record.signature_id
    assert (signature.meaning, signature.user_id, signature.record_type) == (
        "approved",
        "qa1",
        RECORD_TYPE,
    )
    assert recipe.content_hash in signature.statement
    identity = RecipeIdentity("small-test", "0.1", recipe.content_hash)
    bound = signed_release(identity, station.name, 1)
    assert verify_signature(station.signatures.key, signature, bound) is None
    other = RecipeIdentity("small-test", "0.1", "f" * 64)
    problem = verify_signature(
        station.signatures.key, signature, signed_release(other, station.name, 1)
    )
    assert problem is not None and "changed after signature" in problem
    # The audit trail: who, what, old and new state, why.
    (entry_,) = recipe_entries(station, "recipe.release")
    assert (entry_.user_id, entry_.role, entry_.target, entry_.reason) == (
        "qa1",
        "qa",
        "recipe:small-test v0.1",
        "validated on line 2",
    )
    assert entry_.old_value == {"state": "not released"}
    assert entry_.new_value["state"] == "released"
    assert entry_.new_value["sha256"] == recipe.content_hash
    assert entry_.new_value["signature"] == signature.signature_id
    # Now it runs, and the Recipes list says who released it.
    assert station.recipes() == {"small-test": recipe}
    listed = station.library.entry("small-test", "0.1")
    assert listed is not None and listed.state is StationState.RELEASED
    assert listed.release is not None and listed.release.who() == "Quinn QA (qa1)"
    batch = await new_batch(station, recipe)
    assert batch.recipe.content_hash == recipe.content_hash
    # A second release of the same version is refused.
    with pytest.raises(ReleaseRefused, match="already released"):
        await station.release_recipe("qa2", secret("qa2"), "small-test", "0.1", recipe.content_hash)


async def test_operators_and_supervisors_cannot_release_and_nothing_is_recorded(
    station: Station,
):
    entry = station.library.entry("small-test", "0.1")
    assert entry is not None and entry.recipe is not None
    before = counts(station)
    for user_id in ("op1", "sup1"):
        with pytest.raises(PermissionDenied, match=r"may not recipe\.release"):
            await station.release_recipe(
                user_id, secret(user_id), "small-test", "0.1", entry.recipe.content_hash
            )
    assert counts(station) == before
    with pytest.raises(users_module.BadCredentials):
        await station.release_recipe("qa1", "wrong", "small-test", "0.1", entry.recipe.content_hash)
    assert counts(station) == before


async def test_withdrawal_needs_qa_and_a_reason_and_stops_new_batches(station: Station):
    recipe = load_recipe(shipped_recipe_path("car-t-autologous.toml"))
    await station.release_recipe("qa1", secret("qa1"), recipe.id, "1.0", recipe.content_hash)
    idle = await new_batch(station, recipe, bay=2)  # created before the withdrawal
    before = counts(station)
    with pytest.raises(ReleaseRefused, match="needs the reason"):
        await station.withdraw_recipe(actor("qa2"), recipe.id, "1.0", "  ")
    with pytest.raises(PermissionDenied):
        await station.withdraw_recipe(actor("sup1"), recipe.id, "1.0", "supervisor thinks so")
    assert counts(station) == before
    record = await station.withdraw_recipe(
        actor("qa2"), recipe.id, "1.0", "CAPA-0042: vector lot recalled"
    )
    assert record.state == "withdrawn" and record.signature_id is None
    (entry,) = recipe_entries(station, "recipe.withdraw")
    assert (entry.user_id, entry.target, entry.reason) == (
        "qa2",
        "recipe:car-t-autologous v1.0",
        "CAPA-0042: vector lot recalled",
    )
    assert entry.old_value == {"state": "released", "sha256": recipe.content_hash}
    assert entry.new_value == {
        "state": "withdrawn",
        "sha256": recipe.content_hash,
        "file": record.source,
    }
    assert "car-t-autologous" not in station.recipes()
    listed = station.library.entry(recipe.id, "1.0")
    assert listed is not None and listed.state is StationState.WITHDRAWN
    with pytest.raises(BatchRefused, match=r"withdrawn by Rita Release \(qa2\) at .*CAPA-0042"):
        await new_batch(station, recipe, bay=3)
    # The batch created before the withdrawal does not start on it either.
    with pytest.raises(BatchRefused, match=f"batch {idle.batch_id} cannot start: .*withdrawn"):
        await station.call_batches("start_batch", idle.batch_id, actor("sup1"))
    with pytest.raises(ReleaseRefused, match="not released on this station"):
        await station.withdraw_recipe(actor("qa1"), recipe.id, "1.0", "twice")
    # Released again after the investigation: a new signature on a record of its own.
    again = await station.release_recipe(
        "qa1", secret("qa1"), recipe.id, "1.0", recipe.content_hash, "CAPA-0042 closed"
    )
    assert again.signature_id not in (None, record.signature_id)
    assert station.recipes()["car-t-autologous"] == recipe
    releases = station.recipe_releases
    assert releases is not None and releases.problem(again) is None
    assert [r.state for r in releases.history(recipe.id, "1.0")] == [
        "released",
        "withdrawn",
        "released",
    ]


async def test_a_file_changed_after_its_release_is_shown_and_refused(
    station: Station, tmp_path: Path
):
    entry = station.library.entry("small-test", "0.1")
    assert entry is not None and entry.recipe is not None
    released = entry.recipe
    await station.release_recipe("qa1", secret("qa1"), "small-test", "0.1", released.content_hash)
    # Someone edits the file afterwards and keeps the version number.
    write_site_recipe(
        tmp_path / "site-recipes",
        SMALL_RECIPE.replace('name = "Small test procedure"', 'name = "Small test, edited"'),
    )
    library = await station.refresh_recipes()
    changed = library.entry("small-test", "0.1")
    assert changed is not None and changed.recipe is not None
    assert changed.state is StationState.CHANGED and not changed.runnable
    assert "changed after its release" in changed.problem
    assert changed.release_refusal is not None and "new version" in changed.release_refusal
    assert station.recipes() == {}
    edited = changed.recipe
    with pytest.raises(BatchRefused, match="has changed since its release"):
        await new_batch(station, edited)
    before = counts(station)
    with pytest.raises(ReleaseRefused, match=r"other content .* Give the changed recipe a new"):
        await station.release_recipe("qa1", secret("qa1"), "small-test", "0.1", edited.content_hash)
    # QA was shown the released content; the file changed meanwhile: refused too.
    with pytest.raises(ReleaseRefused, match="is not the content shown"):
        await station.release_recipe(
            "qa1", secret("qa1"), "small-test", "0.1", released.content_hash
        )
    assert counts(station) == before
    # The content that was released still runs (stored with its batch), the edit never.
    assert (await new_batch(station, released)).recipe == released


async def test_malformed_and_duplicate_files_are_listed_with_their_problem(
    station: Station, tmp_path: Path
):
    folder = tmp_path / "site-recipes"
    write_site_recipe(folder, "id = [broken", "broken.toml")
    write_site_recipe(folder, SMALL_RECIPE.replace('status = "released"', "status = 1"), "bad.toml")
    write_site_recipe(folder, SMALL_RECIPE, "zcopy.toml")  # the same recipe again
    library = await station.refresh_recipes()
    invalid = {e.file.path.name: e.problem for e in library.entries if e.file and not e.recipe}
    assert set(invalid) == {"bad.toml", "broken.toml", "zcopy.toml"}
    assert "not valid TOML" in invalid["broken.toml"]
    assert "status" in invalid["bad.toml"]
    assert "the same recipe small-test v0.1" in invalid["zcopy.toml"]
    assert all(
        e.state is StationState.INVALID and not e.releasable
        for e in library.entries
        if e.file and e.file.path.name in invalid
    )
    assert library.entry("small-test", "0.1") is not None  # small.toml still listed
    # A second file with the same id and version but other content: both refused.
    write_site_recipe(
        folder, SMALL_RECIPE.replace("duration_h = 0.1", "duration_h = 0.2", 1), "zzz.toml"
    )
    library = await station.refresh_recipes()
    assert library.entry("small-test", "0.1") is None
    clash = [
        e.problem
        for e in library.entries
        if e.file and e.file.path.name in ("small.toml", "zzz.toml")
    ]
    assert len(clash) == 2 and all("other content" in p for p in clash)


async def test_a_forged_release_row_is_not_a_release(station: Station):
    entry = station.library.entry("small-test", "0.1")
    assert entry is not None and entry.recipe is not None and station.db is not None
    station.db.conn.execute(
        "INSERT INTO recipe_releases (utc, recipe_id, version, content_hash, state, user_id, "
        "user_name, role, signature_id, reason, source, station, mac) VALUES "
        "('2026-01-01T00:00:00+00:00', 'small-test', '0.1', ?, 'released', 'qa1', 'Quinn QA', "
        "'qa', NULL, 'forged', '', ?, 'not a seal')",
        (entry.recipe.content_hash, station.name),
    )
    library = await station.refresh_recipes()
    forged = library.entry("small-test", "0.1")
    assert forged is not None and forged.state is StationState.RECORD_FAILED
    assert "does not match its seal" in forged.problem
    with pytest.raises(BatchRefused, match="does not match its seal"):
        await new_batch(station, entry.recipe)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        station.db.conn.execute("UPDATE recipe_releases SET state = 'withdrawn'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        station.db.conn.execute("DELETE FROM recipe_releases")


async def test_a_demo_plant_releases_its_shipped_recipes_once(demo_plant, tmp_path: Path):
    db, key = tmp_path / "demo.sqlite3", tmp_path / "audit.key"
    station = Station(demo_plant, db, sim_speed=60.0, audit_key=key)
    await station.start()
    try:
        assert set(station.recipes()) == {"car-t-autologous", "qc-release"}
        releases = recipe_entries(station, "recipe.release")
        assert [(e.user_id, e.role, e.reason) for e in releases] == [
            ("(system)", "system", "demo plant")
        ] * 2
        assert all(e.new_value["released_by"] == "CellDeck demo plant" for e in releases)
        qa = Actor("qa1", "Quinn QA", Role.QA)
        await station.withdraw_recipe(qa, "qc-release", "1.0", "not used at this site")
    finally:
        await station.stop()
    again = Station(demo_plant, db, sim_speed=60.0, audit_key=key)
    await again.start()
    try:
        # Once per version: what QA withdrew stays withdrawn, nothing is released twice.
        assert set(again.recipes()) == {"car-t-autologous"}
        assert len(recipe_entries(again, "recipe.release")) == 2
    finally:
        await again.stop()


def test_demo_release_is_refused_on_a_plant_with_real_equipment():
    text = COMPACT_PLANT.replace(
        'backend = { type = "mock", seed = 6 }',
        'backend = { type = "opcua", endpoint = "opc.tcp://cellq:4840/" }',
    )
    parse_plant(text, "plant.toml")  # without the option: fine
    with pytest.raises(ConfigError, match=r"recipes.demo_release is for simulated demo plants"):
        parse_plant(text + "\n[recipes]\ndemo_release = true\n", "plant.toml")


async def test_migration_to_releases_keeps_everything_recorded(
    demo_plant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A station database from the CellDeck before migration 7 (batches, audit trail,
    signatures) is upgraded in place: every row kept, the trail still verifies, a copy
    kept beside it, and the release table starts empty and append-only."""
    import app.records.database as database
    from app.records.audit import verify_database

    db, key = tmp_path / "old.sqlite3", tmp_path / "audit.key"
    older = [m for m in database.MIGRATIONS if m[0] < 7]
    # Append-only records whole; of the others, what never changes.
    tables = {
        "audit_trail": "*",
        "batch_events": "*",
        "signatures": "*",
        "batches": "batch_id, recipe_hash, recipe_json, barcode, coi, created_time",
        "users": "user_id, name, role, created_utc",
    }
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", older)
        patch.setattr(database, "SCHEMA_VERSION", 6)
        old = Station(demo_plant, db, sim_speed=60.0, audit_key=key)
        patch.setattr(old, "_release_for_demo", _no_demo_release)
        patch.setattr(old, "refresh_recipes", _no_library)
        await old.start()
        try:
            users = old.users
            assert users is not None and old.batches is not None
            admin = users.create_first_administrator("admin", "Ada Admin", PASSWORD)
            users.create_user(admin, "sup1", "Sam Supervisor", Role.SUPERVISOR, PASSWORD)
            recipe = load_recipe(shipped_recipe_path("car-t-autologous.toml"))
            # The old CellDeck ran recipes whose file said released.
            old.batches.release_check = None
            batch = await old.batches.create_batch(
                recipe, actor("sup1"), barcode="CDK-OLD-1", coi="COI-OLD-1",
                shuttle="shuttle-01", bay=3, cellq="cellq-01",
            )  # fmt: skip
            assert old.db is not None
            before = {
                t: old.db.conn.execute(f"SELECT {c} FROM {t}").fetchall() for t, c in tables.items()
            }
        finally:
            await old.stop()
    assert len(before["batches"]) == 1 and before["audit_trail"]
    new = Station(demo_plant, db, sim_speed=60.0, audit_key=key)
    await new.start()
    try:
        assert new.db is not None
        conn = new.db.conn
        for table, columns in tables.items():
            rows = conn.execute(f"SELECT {columns} FROM {table}").fetchall()
            assert rows[: len(before[table])] == before[table], table
        assert database.schema_version(conn) == database.SCHEMA_VERSION
        assert new.batches is not None and batch.batch_id in new.batches.batches
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM recipe_releases")
    finally:
        await new.stop()
    assert list(tmp_path.glob("old.schema-6-before-*.bak"))
    result = verify_database(db, key, None)
    assert result.ok, result.problem


async def _no_demo_release() -> None:
    return None


async def _no_library():
    return None
