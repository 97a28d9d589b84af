"""Recipes: shipped files valid, refusals name file + path + reason, hash, read-only."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.batch import (
    SHIPPED_RECIPES,
    BatchRefused,
    RecipeError,
    check_recipe,
    load_recipe,
    parse_recipe_text,
    recipe_summary,
    resolve_recipe_path,
    shipped_recipe_path,
)
from app.batch.recipe import recipe_from_json
from hardware.catalog import ASSAYS, MODULES
from hardware.mock.cellq import ASSAY_PROFILES
from tests.app.batch.conftest import BARCODE, COI, SMALL_RECIPE, small_recipe


@pytest.mark.parametrize("name", SHIPPED_RECIPES)
def test_shipped_recipes_are_valid_and_released(name):
    path = shipped_recipe_path(name)
    assert check_recipe(path) == []
    recipe = load_recipe(path)
    assert recipe.status == "released" and recipe.approved_by
    assert len(recipe.content_hash) == 64


def test_car_t_recipe_covers_the_process():
    recipe = load_recipe(shipped_recipe_path("car-t-autologous.toml"))
    modules = [
        ref.phase.action.module for ref in recipe.phases if ref.phase.action.type == "start_module"
    ]
    assert modules == [m for m in MODULES if m != "electroporation"]
    assert recipe.phases[0].phase.scans[0].match == "coi"  # receipt starts with identity
    expansion = next(ref.phase for ref in recipe.phases if ref.phase.id == "expansion-culture")
    temperature = next(c for c in expansion.cpps if c.tag == "bioreactor/temperature")
    assert temperature.limits == (36.5, 37.5) and temperature.holds_batch
    assert expansion.end.type == "tag" and expansion.end.tag == "bioreactor/vcd"
    # Every manual touchpoint re-checks the chain of identity.
    for ref in recipe.phases:
        if ref.phase.manual:
            assert any(scan.identity for scan in ref.phase.scans), ref.path


def test_qc_release_specification_matches_the_cell_q():
    recipe = load_recipe(shipped_recipe_path("qc-release.toml"))
    specs = {spec.assay: spec for ref in recipe.phases for spec in ref.phase.specs}
    assert set(specs) == set(ASSAYS) == set(ASSAY_PROFILES)
    assert specs["cell-count-viability"].low == 70.0
    assert specs["identity-car-flow"].low == 20.0
    assert specs["endotoxin"].high == 0.5
    assert specs["sterility"].high == 0.0 and specs["mycoplasma"].high == 0.0
    assert specs["vector-copy-number"].high == 10.0
    approval = recipe.phases[-1].phase.signatures[-1]
    assert approval.meaning == "approved" and [r.value for r in approval.roles] == ["qa"]


def test_every_problem_is_listed_with_file_path_and_reason(tmp_path: Path):
    bad = (
        SMALL_RECIPE.replace('version = "0.1"', 'version = "zero"')
        .replace('module = "activation"', 'module = "activate"')
        .replace("holds_batch = true", "holds = true")
        .replace(
            '{ id = "volume", label = "Volume", unit = "mL", low = 50, high = 150 }',
            '{ id = "volume", label = "Volume", unit = "mL", low = 150, high = 50 }',
        )
        .replace('tag = "bioreactor/temperature"', 'tag = "bioreactor/temprature"')
    )
    path = tmp_path / "broken.toml"
    path.write_text(bad)
    problems = check_recipe(path)
    assert all(p.startswith(f"{path}: ") for p in problems)
    text = "\n".join(problems)
    phase = "unit_procedures[0:cartridge].operations[1:culture].phases[1:activate]"
    assert "version: version 'zero' must look like 1.0" in text
    assert f"{phase}.action.module: unknown module 'activate'" in text
    assert f"{phase}.cpps[0].holds: Extra inputs are not permitted" in text
    assert f"{phase}.cpps[0].tag: 'bioreactor/temprature' is not a bay tag" in text
    assert "phases[0:prepare].entries[0:volume].low: low 150 is above high 50" in text
    assert len(problems) == 5, text
    with pytest.raises(RecipeError) as refused:
        load_recipe(path)
    assert refused.value.problems == problems
    assert "recipe refused (5 problems)" in str(refused.value)


@pytest.mark.parametrize(
    ("old", "new", "where", "reason"),
    [
        (
            'action = { type = "start_module", module = "activation", duration_h = 24.0 }\n',
            "",
            "phases[1:activate].end",
            "an equipment end needs a start_module action",
        ),
        (
            'scans = [{ id = "cartridge", label = "Cartridge barcode", match = "cartridge" }]',
            "scans = []",
            "phases[3:check].scans",
            "a manual step must verify identity",
        ),
        ('example = "KIT-0001"', 'example = "KIT-01"', "scans[1:kit].example", "does not match"),
        (
            'signatures = ["performed", "verified"]',
            'signatures = ["performed", "performed"]',
            "phases[0:prepare].signatures[1]",
            "'performed' is asked for twice",
        ),
        ('id = "rest"', 'id = "select"', "phases[2:select].id", "id 'select' is used twice"),
        (
            'end = { type = "time", hours = 2.0 }',
            'end = { type = "confirmation" }',
            "phases[2:rest].end",
            "a confirmation end needs confirmations",
        ),
    ],
)
def test_rules_across_fields_are_refused_with_their_path(old, new, where, reason):
    assert old in SMALL_RECIPE
    recipe, problems = parse_recipe_text(SMALL_RECIPE.replace(old, new, 1), "rules.toml")
    assert recipe is None
    assert any(where in p and reason in p for p in problems), problems


def test_unreadable_and_non_toml_files_are_refused(tmp_path: Path):
    missing = tmp_path / "missing.toml"
    assert "cannot read recipe file" in check_recipe(missing)[0]
    garbage = tmp_path / "garbage.toml"
    garbage.write_text("id = ")
    assert "not valid TOML" in check_recipe(garbage)[0]


def test_content_hash_is_stable_and_ignores_layout():
    a = small_recipe()
    b = small_recipe()
    assert a.content_hash == b.content_hash
    # Comments, blank lines and key order are layout, not content.
    reordered = SMALL_RECIPE.replace(
        'version = "0.1"\nstatus = "released"', '# comment\nstatus = "released"\n\nversion = "0.1"'
    )
    c, problems = parse_recipe_text(reordered)
    assert c is not None, problems
    assert c.content_hash == a.content_hash
    # Writing out a default explicitly changes nothing either.
    d, _ = parse_recipe_text(SMALL_RECIPE.replace('id = "rest"', 'id = "rest"\nspecs = []'))
    assert d is not None and d.content_hash == a.content_hash


def test_content_hash_changes_with_any_content():
    base = small_recipe().content_hash
    assert small_recipe(**{"tolerance = 0.5": "tolerance = 0.6"}).content_hash != base
    assert small_recipe(**{'version = "0.1"': 'version = "0.2"'}).content_hash != base
    assert small_recipe(**{"Weld checked": "Weld checked twice"}).content_hash != base


def test_released_recipe_is_read_only():
    recipe = small_recipe()
    with pytest.raises(ValidationError):
        recipe.version = "9.9"  # type: ignore[misc]
    phase = recipe.phases[3].phase
    with pytest.raises(ValidationError):
        phase.cpps[0].target = 39.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        recipe.unit_procedures.append(recipe.unit_procedures[0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        phase.confirmations[0] = "x"  # type: ignore[index]


def test_stored_recipe_is_checked_against_its_hash():
    recipe = small_recipe()
    assert recipe_from_json(recipe.canonical, recipe.content_hash) == recipe
    tampered = recipe.canonical.replace('"target":37.0', '"target":38.0')
    with pytest.raises(RecipeError, match="was altered"):
        recipe_from_json(tampered, recipe.content_hash)


async def test_engine_refuses_drafts_and_unapproved_content(make_engine, operator):
    engine = await make_engine()
    draft = small_recipe(**{'status = "released"': 'status = "draft"'})
    with pytest.raises(BatchRefused, match="is a draft"):
        await engine.create_batch(
            draft, operator, barcode=BARCODE, coi=COI, shuttle="shuttle-01", bay=1
        )
    released = small_recipe()
    with pytest.raises(BatchRefused, match="not the approved"):
        await engine.create_batch(
            released,
            operator,
            barcode=BARCODE,
            coi=COI,
            shuttle="shuttle-01",
            bay=1,
            expected_hash="0" * 64,
        )
    batch = await engine.create_batch(
        released,
        operator,
        barcode=BARCODE,
        coi=COI,
        shuttle="shuttle-01",
        bay=1,
        expected_hash=released.content_hash,
    )
    row = engine.recorder.batch_row(batch.batch_id)
    assert row["recipe_hash"] == released.content_hash
    assert row["recipe_json"] == released.canonical


def test_setpoint_actions_are_checked_against_the_tag_catalogue():
    def with_action(action):
        phase = (
            '[[unit_procedures.operations.phases]]\nid = "feed"\nname = "Feed trigger"\n'
            f"duration_h = 0\naction = {action}\n"
            'end = { type = "immediate" }\n\n[[unit_procedures.operations.phases]]\nid = "rest"'
        )
        text = SMALL_RECIPE.replace('[[unit_procedures.operations.phases]]\nid = "rest"', phase)
        return parse_recipe_text(text, "setpoints.toml")

    recipe, problems = with_action(
        '{ type = "write_setpoint", tag = "bioreactor/glucose_feed_sp", value = 1.5 }'
    )
    assert recipe is not None, problems
    _, problems = with_action(
        '{ type = "write_setpoint", tag = "bioreactor/glucose_feed_sp", value = 9.0 }'
    )
    assert problems == [
        "setpoints.toml: unit_procedures[0:cartridge].operations[1:culture].phases[2:feed]"
        ".action.value: bioreactor/glucose_feed_sp 9.0 g/L is outside 0.5-4.0 g/L"
    ]
    _, problems = with_action('{ type = "write_setpoint", tag = "bioreactor/ph", value = 7 }')
    assert "action.tag: not a setpoint; writable: bioreactor/temperature_sp" in problems[0]


def test_command_line_helpers():
    path = resolve_recipe_path("car-t-autologous")
    assert path == shipped_recipe_path("car-t-autologous.toml")
    assert resolve_recipe_path(path) == path
    summary = recipe_summary(load_recipe(path))
    assert summary.startswith("car-t-autologous v1.0 [released]")
    assert "19 phases" in summary and load_recipe(path).content_hash in summary
