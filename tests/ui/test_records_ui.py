"""The Records page: batch records with exceptions first, QA review and approval through
the signature dialog, exports, the audit trail (filters, pages, verification) and the
signature list. CELLDECK_SHOTS=<folder> also writes screenshots for people to look at."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument

from app.batch import load_recipe, shipped_recipe_path
from app.core import CoreThread
from app.records.review import AuditQuery
from app.security import Actor, Role
from app.station import Station
from tests.app.records.conftest import RecordFiles
from tests.app.records.finished_batch import make_finished_batch_in_thread
from ui.main_window import MainWindow
from ui.pages.records import RecordsPage
from ui.widgets.signature_dialog import SignatureDialog

PEOPLE = {
    "qa1": ("Quinn QA", Role.QA),
    "qa2": ("Rita Release", Role.QA),
    "sup": ("Sam Supervisor", Role.SUPERVISOR),
    "op1": ("Olga Operator", Role.OPERATOR),
}


def password(user_id: str) -> str:
    return f"{user_id} own secret 456!"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[RecordFiles, str]:
    """Two finished CAR-T batches (one with trouble) and one held, on one database."""
    folder = tmp_path_factory.mktemp("records-ui")
    db, key = folder / "station.sqlite3", folder / "keys" / "audit.key"
    recipe = load_recipe(shipped_recipe_path("car-t-autologous.toml"))
    troubled = make_finished_batch_in_thread(db, key, recipe, speed=1_000_000.0, bay=1)
    make_finished_batch_in_thread(
        db, key, recipe, speed=1_000_000.0, bay=2, barcode="CDK-EBR-0002",
        coi="COI-EBR-000002", trouble=False,
    )  # fmt: skip
    make_finished_batch_in_thread(
        db, key, recipe, speed=1_000_000.0, bay=3, barcode="CDK-EBR-0003",
        coi="COI-EBR-000003", trouble=False, finish=False,
    )  # fmt: skip
    conn = sqlite3.connect(db, isolation_level=None)
    started, ended = conn.execute(
        "SELECT started_time, ended_time FROM batches WHERE batch_id = ?", (troubled,)
    ).fetchone()
    for offset, event, state, user in (
        (0, "activate", "UNACK", ""),
        (60, "acknowledge", "ACKED", "op1"),
    ):
        conn.execute(
            "INSERT INTO alarm_events (utc, time, alarm_id, tag, source, area, priority, event, "
            "state, value, limit_value, user_id, comment) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                datetime.fromtimestamp((started + ended) / 2 + offset, UTC).isoformat(
                    timespec="milliseconds"
                ),
                (started + ended) / 2 + offset,
                "temp-high@shuttle-01/bay-01", "shuttle-01/bay-01/bioreactor/temperature",
                "shuttle-01/bay-01", "Hall A", "high", event, state, "38.3", 38.0, user, "",
            ),
        )  # fmt: skip
    conn.close()
    return RecordFiles(db, key, troubled), troubled


@pytest.fixture
def core(demo_plant, made: tuple[RecordFiles, str], tmp_path: Path) -> Iterator[CoreThread]:
    files = made[0].copy_to(tmp_path / "station")
    thread = CoreThread(Station(demo_plant, files.db, sim_speed=60.0, audit_key=files.key))
    thread.start()
    thread.submit(_people(thread.station)).result(timeout=60)
    yield thread
    thread.stop()


async def _people(station: Station) -> None:
    users = station.users
    assert users is not None
    admin = users.create_first_administrator("admin", "Ada Admin", "correct horse battery 1")
    for user_id, (name, role) in PEOPLE.items():
        users.create_user(admin, user_id, name, role, "first password 123!")
        users.change_password(user_id, "first password 123!", password(user_id))


def _actor(user_id: str) -> Actor:
    name, role = PEOPLE[user_id]
    return Actor(user_id, name, role)


def _shot(window: MainWindow, name: str) -> None:
    folder = os.environ.get("CELLDECK_SHOTS")
    if not folder:
        return
    for size in ((1920, 1080), (1280, 800)):
        window.resize(QSize(*size))
        window.grab().save(str(Path(folder) / f"{name}-{size[0]}.png"))
    window.resize(QSize(1920, 1080))


def _open_records(window: MainWindow, qtbot) -> RecordsPage:
    window.show_page("records")
    page = window.records
    qtbot.waitUntil(lambda: page.batch_list.table.rowCount() == 3, timeout=10_000)
    return page


def _open_record(page: RecordsPage, qtbot, batch_id: str) -> None:
    row = next(
        r for r, item in enumerate(page.batch_list.items) if item.summary.batch_id == batch_id
    )
    page.batch_list.table.cellClicked.emit(row, 0)
    view = page.record_view
    qtbot.waitUntil(
        lambda: view.record is not None and view.record.batch_id == batch_id, timeout=10_000
    )


def _sign_in_dialog(view, qtbot, user_id: str, secret: str) -> SignatureDialog:
    dialog = view.dialog
    assert isinstance(dialog, SignatureDialog)
    dialog.user_id.setText(user_id)
    dialog.password.setText(secret)
    dialog.sign_button.click()
    return dialog


def test_batch_records_listed_newest_first_and_opened_with_exceptions_first(
    window: MainWindow, qtbot, made
):
    page = _open_records(window, qtbot)
    items = page.batch_list.items
    assert sorted(i.summary.state for i in items) == ["Complete", "Complete", "Held"]
    created = [i.summary.created_utc for i in items]
    assert created == sorted(created, reverse=True)  # newest first
    troubled = next(i for i in items if i.summary.batch_id == made[1])
    assert troubled.exceptions > 0 and troubled.approval == "not reviewed"
    table = page.batch_list.table
    row = items.index(troubled)
    assert table.item(row, 5).text() == "not reviewed"
    assert "◆ critical" in table.item(row, 4).text()
    _shot(window, "records-batches")
    _open_record(page, qtbot, made[1])
    view = page.record_view
    record = view.record
    assert record is not None and record.finished
    assert view.tabs.currentIndex() == 0 and view.tabs.tabText(0).startswith("Exceptions")
    assert view.exceptions.rowCount() == len(record.exceptions)
    assert view.exceptions.item(0, 0).text() == "◆ critical"
    assert view.exceptions.item(0, 0).font().bold()
    assert any(
        "temp-high" in view.exceptions.item(r, 3).text() for r in range(view.exceptions.rowCount())
    )
    assert view.steps.rowCount() == 19
    assert "✔ verified" in view.steps.item(0, 4).text()
    assert "QA: not reviewed" in view.status.text()
    # Nobody signed in: no exports, no review.
    assert not view.export_buttons["pdf"].isEnabled() and not view.review_button.isEnabled()
    assert "sign in as QA" in view.qa_note.text()
    _shot(window, "records-record")


def test_qa_reviews_and_a_second_qa_person_approves_in_the_signature_dialog(
    window: MainWindow, qtbot, made
):
    bridge = window.bridge
    bridge.set_actor(_actor("qa1"))
    page = _open_records(window, qtbot)
    _open_record(page, qtbot, made[1])
    view = page.record_view
    assert view.review_button.isEnabled() and not view.approve_button.isEnabled()
    view.review_button.click()
    dialog = _sign_in_dialog(view, qtbot, "qa1", "wrong password")
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert dialog.isVisible() and dialog.signature is None
    assert "Incorrect" in dialog.message.text() or "password" in dialog.message.text().lower()
    _shot(window, "records-sign")
    folder = os.environ.get("CELLDECK_SHOTS")
    if folder:
        dialog.grab().save(str(Path(folder) / "records-sign-dialog.png"))
    _sign_in_dialog(view, qtbot, "qa1", password("qa1"))
    qtbot.waitUntil(
        lambda: view.record is not None and view.record.approval.startswith("reviewed"),
        timeout=10_000,
    )
    assert not view.review_button.isEnabled()
    # The reviewer cannot approve their own review: refused in the dialog, nothing signed.
    view.approve_button.setEnabled(True)
    view.approve_button.click()
    dialog = _sign_in_dialog(view, qtbot, "qa1", password("qa1"))
    qtbot.waitUntil(lambda: "second person" in dialog.message.text(), timeout=10_000)
    dialog.reject()
    bridge.set_actor(_actor("qa2"))
    assert view.approve_button.isEnabled()
    view.approve_button.click()
    _sign_in_dialog(view, qtbot, "qa2", password("qa2"))
    qtbot.waitUntil(
        lambda: view.record is not None and view.record.approval == "approved", timeout=10_000
    )
    assert "QA: approved" in view.status.text()
    signatures = [view.signatures.item(r, 0).text() for r in range(view.signatures.rowCount())]
    assert signatures[-1].startswith("Approved by Rita Release (qa2), ")
    assert signatures[-2].startswith("Reviewed by Quinn QA (qa1), ")
    page.record_view.back_button.click()
    qtbot.waitUntil(
        lambda: any(i.approval == "approved" for i in page.batch_list.items), timeout=10_000
    )


def test_an_unfinished_record_is_not_reviewed(window: MainWindow, qtbot):
    window.bridge.set_actor(_actor("qa1"))
    page = _open_records(window, qtbot)
    held = next(i for i in page.batch_list.items if i.summary.state == "Held")
    _open_record(page, qtbot, held.summary.batch_id)
    view = page.record_view
    assert not view.review_button.isEnabled()
    assert "IN PROGRESS - not for release" in view.status.text()
    assert "has not ended" in view.qa_note.text()


def test_supervisor_exports_pdf_csv_json_and_each_export_is_audited(
    window: MainWindow, qtbot, made, tmp_path: Path
):
    window.bridge.set_actor(_actor("sup"))
    page = _open_records(window, qtbot)
    _open_record(page, qtbot, made[1])
    view = page.record_view
    view.export_folder = tmp_path / "exports"
    assert not view.review_button.isEnabled()  # supervisors do not review records
    written = []
    for kind in ("pdf", "csv", "json"):
        view.last_export = None
        view.export_buttons[kind].click()
        qtbot.waitUntil(lambda: view.last_export is not None, timeout=20_000)
        assert view.last_export.suffix == f".{kind}" and view.last_export.exists()
        written.append(view.last_export)
    pdf = QPdfDocument()
    assert pdf.load(str(written[0])) == QPdfDocument.Error.None_
    first_page = " ".join(pdf.getAllText(0).text().split())
    assert f"Batch record {made[1]}" in first_page and "Sam Supervisor (sup)" in first_page
    assert "Exported to" in view.qa_note.text()
    station = window.bridge.core.station
    found = window.bridge.core.submit(
        station.call_records("search_audit", AuditQuery(action="record.export"))
    ).result(timeout=10)
    assert found.total == 3 and {e.user_id for e in found.entries} == {"sup"}


def test_audit_trail_tab_filters_pages_and_verifies(window: MainWindow, qtbot):
    page = _open_records(window, qtbot)
    page.tabs.setCurrentWidget(page.audit)
    audit = page.audit
    qtbot.waitUntil(lambda: audit.page is not None, timeout=10_000)
    assert audit.page.total > 100  # two whole CAR-T batches, the sign-ins, the accounts
    assert audit.table.rowCount() == 100 and audit.older_button.isEnabled()
    seqs = [int(audit.table.item(r, 0).text()) for r in range(audit.table.rowCount())]
    assert seqs == sorted(seqs, reverse=True)
    audit.older_button.click()
    qtbot.waitUntil(lambda: audit.offset == 100, timeout=10_000)
    assert int(audit.table.item(0, 0).text()) == seqs[-1] - 1
    audit.user_field.setText("supervisor")
    audit.action_field.setText("batch.state")
    audit.search_button.click()
    qtbot.waitUntil(lambda: audit.offset == 0 and audit.page.total < 50, timeout=10_000)
    assert audit.page.total >= 1
    assert all("Supervisor" in audit.table.item(r, 1).text() for r in range(audit.table.rowCount()))
    assert all(
        audit.table.item(r, 2).text().startswith("batch.state\n")
        for r in range(audit.table.rowCount())
    )
    audit.user_field.clear()
    audit.action_field.clear()
    audit.period.setCurrentIndex(audit.period.findText("Between…"))
    assert audit.since_edit.isVisible()
    audit.search_button.click()
    qtbot.waitUntil(lambda: audit.page.total > 100, timeout=10_000)
    audit.verify_button.click()
    qtbot.waitUntil(lambda: audit.verify_result is not None, timeout=20_000)
    assert audit.verify_result.ok
    assert "Audit trail intact" in audit.verify_label.text()
    _shot(window, "records-audit")


def test_signatures_tab_shows_each_signature_with_its_check(window: MainWindow, qtbot):
    page = _open_records(window, qtbot)
    page.tabs.setCurrentWidget(page.signatures)
    view = page.signatures
    qtbot.waitUntil(lambda: bool(view.rows), timeout=10_000)
    assert len(view.rows) == 20  # two batches x five signed steps x two signatures
    assert all(row.check.status == "verified" for row in view.rows)
    assert view.table.item(0, 2).text() == "✔ verified (seal and content)"
    _shot(window, "records-signatures")
