"""The Records page's Recipes tab: every recipe with its state on this station, QA
releasing through the signature dialog and withdrawing with a reason, the buttons for QA
only, invalid files listed with their problem, the New batch dialog listing only what
may run. CELLDECK_SHOTS=<folder> also writes screenshots for people to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from app.batch.library import StationState
from app.config import parse_plant
from app.core import CoreThread
from app.records import users as users_module
from app.station import Station
from tests.app.batch.conftest import SMALL_RECIPE

# The same people as the batch records' tests: two QA, a supervisor, an operator.
from tests.ui.test_records_ui import _actor, _people, _shot, password
from ui.main_window import MainWindow
from ui.pages.batch_detail import ReasonDialog
from ui.pages.batches import NewBatchDialog
from ui.pages.records_recipes import RecipesView
from ui.widgets.signature_dialog import SignatureDialog


@pytest.fixture
def core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CoreThread]:
    """The demo plant (its shipped recipes released by the demo) with a site recipe
    folder holding a small recipe QA has not released and a file that is not a recipe."""
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)
    folder = tmp_path / "site-recipes"
    folder.mkdir()
    (folder / "small.toml").write_text(SMALL_RECIPE, encoding="utf-8")
    (folder / "broken.toml").write_text('id = "x"\nversion = [', encoding="utf-8")
    demo = resources.files("resources.plants").joinpath("demo-site.toml").read_text("utf-8")
    text = demo.replace("demo_release = true", 'demo_release = true\nfolder = "site-recipes"')
    plant = parse_plant(text, "site-demo.toml", base_dir=tmp_path)
    thread = CoreThread(
        Station(plant, tmp_path / "station.sqlite3", sim_speed=60.0, audit_key=tmp_path / "k")
    )
    thread.start()
    thread.submit(_people(thread.station)).result(timeout=60)
    yield thread
    thread.stop()


def _shot_dialog(dialog, name: str) -> None:
    folder = os.environ.get("CELLDECK_SHOTS")
    if folder:
        dialog.grab().save(str(Path(folder) / f"{name}.png"))


def _open_recipes(window: MainWindow, qtbot) -> RecipesView:
    window.show_page("records")
    page = window.records
    page.tabs.setCurrentWidget(page.recipes)
    view = page.recipes
    qtbot.waitUntil(lambda: view.table.rowCount() == 4, timeout=10_000)
    return view


def _select(view: RecipesView, label_or_file: str) -> None:
    row = next(
        r
        for r, e in enumerate(view.library.entries)
        if e.label == label_or_file or (e.file is not None and e.file.path.name == label_or_file)
    )
    view.table.selectRow(row)


def _audit(window: MainWindow, action: str) -> list[tuple[str, str, object, object, str]]:
    station = window.bridge.core.station

    async def read() -> list[tuple[str, str, object, object, str]]:
        assert station.audit is not None
        return [
            (e.user_id, e.target, e.old_value, e.new_value, e.reason)
            for e in station.audit.entries()
            if e.action == action
        ]

    return window.bridge.core.submit(read()).result(timeout=10)


def test_recipes_are_listed_with_their_state_and_only_qa_gets_the_buttons(
    window: MainWindow, qtbot
):
    window.bridge.set_actor(_actor("op1"))
    view = _open_recipes(window, qtbot)
    states = {e.label: e.state for e in view.library.entries}
    assert states["car-t-autologous v1.0"] is StationState.RELEASED
    assert states["small-test v0.1"] is StationState.NOT_RELEASED
    assert states["broken.toml"] is StationState.INVALID
    texts = {row[0].split("\n")[-1]: row for row in view.table.rows}
    assert texts["car-t-autologous v1.0"][3].startswith("✔ RELEASED\nreleased by CellDeck demo")
    assert texts["small-test v0.1"][3] == "NOT RELEASED"
    assert "site · file: released" in texts["small-test v0.1"][2]
    broken = texts["(unreadable recipe file)"]
    assert broken[3].startswith("✖ INVALID FILE\n") and "not valid TOML" in broken[3]
    # An operator sees everything but may not act.
    assert not view.release_button.isVisible() and not view.withdraw_button.isVisible()
    _select(view, "small-test v0.1")
    assert view.detail.text() == "QA releases and withdraws recipes: sign in as QA."
    _select(view, "broken.toml")
    assert "broken.toml" in view.detail.text() and "not valid TOML" in view.detail.text()
    window.bridge.set_actor(_actor("qa1"))
    assert view.release_button.isVisible() and not view.release_button.isEnabled()
    assert view.release_button.minimumHeight() >= 64
    _select(view, "car-t-autologous v1.0")
    assert view.withdraw_button.isEnabled() and not view.release_button.isEnabled()
    _shot(window, "recipes")


def test_qa_releases_through_the_signature_dialog_and_withdraws_with_a_reason(
    window: MainWindow, qtbot
):
    window.bridge.set_actor(_actor("qa1"))
    view = _open_recipes(window, qtbot)
    _select(view, "small-test v0.1")
    assert view.release_button.isEnabled() and "sign its content" in view.detail.text()
    view.release_button.click()
    dialog = view.dialog
    assert isinstance(dialog, SignatureDialog)
    assert dialog.user_id.text() == "qa1"
    # A wrong password signs nothing and says so in the dialog.
    dialog.password.setText("not my password")
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=5000)
    assert [entry[:2] for entry in _audit(window, "recipe.release")] == [
        ("(system)", "recipe:car-t-autologous v1.0"),  # the demo plant's own
        ("(system)", "recipe:qc-release v1.0"),
    ]
    _shot_dialog(dialog, "recipes-release-dialog")
    dialog.password.setText(password("qa1"))
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: view.dialog is None, timeout=10_000)
    qtbot.waitUntil(
        lambda: (
            (entry := view.library.entry("small-test", "0.1")) is not None
            and entry.state is StationState.RELEASED
        ),
        timeout=10_000,
    )
    assert dialog.signature is not None and dialog.signature.meaning == "approved"
    user, target, old, new, _reason = _audit(window, "recipe.release")[-1]
    assert (user, target, old) == ("qa1", "recipe:small-test v0.1", {"state": "not released"})
    assert new["state"] == "released" and new["signature"] == dialog.signature.signature_id
    row = next(r for r in view.table.rows if r[0].endswith("small-test v0.1"))
    assert "released by Quinn QA (qa1)" in row[3]
    # Runnable now: the New batch dialog lists it.
    new_batch = NewBatchDialog(window.bridge, window)
    qtbot.waitUntil(lambda: new_batch.select_recipe("small-test", "0.1"), timeout=5000)
    new_batch.reject()
    # Withdrawn with a reason typed in the reason dialog.
    _select(view, "small-test v0.1")
    view.withdraw_button.click()
    reason = view.dialog
    assert isinstance(reason, ReasonDialog) and not reason.ok_button.isEnabled()
    reason.reason.setText("CAPA-0042: superseded")
    _shot_dialog(reason, "recipes-withdraw-dialog")
    reason.ok_button.click()
    qtbot.waitUntil(
        lambda: (
            (entry := view.library.entry("small-test", "0.1")) is not None
            and entry.state is StationState.WITHDRAWN
        ),
        timeout=10_000,
    )
    user, target, old, new, why = _audit(window, "recipe.withdraw")[-1]
    assert (user, target, why) == ("qa1", "recipe:small-test v0.1", "CAPA-0042: superseded")
    assert old["state"] == "released" and new["state"] == "withdrawn"
    row = next(r for r in view.table.rows if r[0].endswith("small-test v0.1"))
    assert row[3].startswith("WITHDRAWN\nwithdrawn by Quinn QA (qa1)") and "CAPA-0042" in row[3]
    # ... and the New batch dialog no longer offers it; the released ones it does.
    new_batch = NewBatchDialog(window.bridge, window)
    qtbot.wait(200)
    offered = {new_batch.recipe.itemData(i)[0] for i in range(new_batch.recipe.count())}
    assert offered == {"car-t-autologous", "qc-release"}
    new_batch.reject()
