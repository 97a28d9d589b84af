"""The Records page's Recipes tab: where QA releases master recipes for production on
this station and withdraws them.

Every recipe the station knows (shipped with CellDeck and in the site's folder) with its
id, version, short content hash, file status, its state on this station (released by
whom and when, withdrawn, changed since release, not released, invalid file) and a
summary of its procedure. Release signs the recipe's content hash with the meaning
"approved" in the signature dialog; Withdraw asks for the reason. Both go through the
station core (``Station.release_recipe`` / ``withdraw_recipe``), which checks the role,
records and audits; this view only shows and asks. The buttons are there for QA alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.batch.library import RecipeEntry, RecipeLibrary, StationState, identity_of
from app.records.recipe_releases import ReleaseRecord, ReleaseRefused, release_statement
from app.records.signatures import Signature
from app.security import Actor, Permission, PermissionDenied, allowed
from ui.bridge import CoreBridge
from ui.format import format_number
from ui.i18n import fill
from ui.pages.batch_detail import ReasonDialog
from ui.pages.records_audit import local_time, say
from ui.slots import asyncSlot
from ui.theme import alive
from ui.widgets.forms import refusal_label
from ui.widgets.record_table import RecordTable
from ui.widgets.signature_dialog import SignatureDialog

COLUMNS = (
    QT_TRANSLATE_NOOP("RecipesView", "Recipe / version"),
    QT_TRANSLATE_NOOP("RecipesView", "sha256"),
    QT_TRANSLATE_NOOP("RecipesView", "File"),
    QT_TRANSLATE_NOOP("RecipesView", "On this station"),
    QT_TRANSLATE_NOOP("RecipesView", "Procedure"),
)
# Not runnable although QA may think it is: shown bold, with a shape (never colour alone).
ABNORMAL = frozenset(
    {
        StationState.CHANGED,
        StationState.RECORD_FAILED,
        StationState.INVALID,
        StationState.FILE_MISSING,
    }
)


def station_state_words(state: StationState) -> str:
    """A recipe version's state on this station in the screen's words, with its shape."""
    words = {
        StationState.RELEASED: "✔ " + QCoreApplication.translate("RecipesView", "RELEASED"),
        StationState.NOT_RELEASED: QCoreApplication.translate("RecipesView", "NOT RELEASED"),
        StationState.WITHDRAWN: QCoreApplication.translate("RecipesView", "WITHDRAWN"),
        StationState.CHANGED: "▲ "
        + QCoreApplication.translate("RecipesView", "CHANGED SINCE RELEASE, NOT RUNNABLE"),
        StationState.RECORD_FAILED: "✖ "
        + QCoreApplication.translate("RecipesView", "RELEASE RECORD FAILS ITS CHECK"),
        StationState.INVALID: "✖ " + QCoreApplication.translate("RecipesView", "INVALID FILE"),
        StationState.FILE_MISSING: "▲ "
        + QCoreApplication.translate("RecipesView", "RELEASED, FILE MISSING"),
    }
    return words[state]


def file_words(entry: RecipeEntry) -> str:
    item = entry.file
    if item is None:
        return "—"
    where = (
        QCoreApplication.translate("RecipesView", "shipped")
        if item.origin == "shipped"
        else QCoreApplication.translate("RecipesView", "site")
    )
    recipe = entry.recipe
    if recipe is None:
        return f"{item.path.name}\n{where}"
    status = (
        QCoreApplication.translate("RecipesView", "file: released")
        if recipe.status == "released"
        else QCoreApplication.translate("RecipesView", "file: DRAFT")
    )
    return f"{item.path.name}\n{where} · {status}"


def procedure_words(entry: RecipeEntry) -> str:
    recipe = entry.recipe
    if recipe is None:
        return "—"
    phases = recipe.phases
    manual = sum(1 for ref in phases if ref.phase.manual)
    hours = sum(ref.phase.duration_h for ref in phases)
    return fill(
        QCoreApplication.translate("RecipesView", "%1 phases (%2 manual), about %3 h"),
        len(phases),
        manual,
        format_number(hours, 0),
    )


class RecipesView(QWidget):
    """Every recipe with its state on this station; Release and Withdraw for QA."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.library = RecipeLibrary()
        self.selected: RecipeEntry | None = None
        self.dialog: SignatureDialog | ReasonDialog | None = None
        self.last_record: ReleaseRecord | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("SectionTitle")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.refresh_button = QPushButton(self.tr("Read the files again"))
        self.refresh_button.setMinimumHeight(64)
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.table = RecordTable([self.tr(c) for c in COLUMNS], {0: 3, 2: 3, 3: 4, 4: 2})
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setObjectName("Note")
        actions.addWidget(self.detail, 1)
        self.release_button = QPushButton(self.tr("Release…"))
        self.release_button.setObjectName("Primary")
        self.withdraw_button = QPushButton(self.tr("Withdraw…"))
        self.withdraw_button.setObjectName("DangerCommand")
        for button in (self.release_button, self.withdraw_button):
            button.setMinimumHeight(64)
            button.setMinimumWidth(170)
            actions.addWidget(button)
        self.release_button.clicked.connect(self.release)
        self.withdraw_button.clicked.connect(self.withdraw)
        layout.addLayout(actions)
        self.message = refusal_label(hidden=True)
        layout.addWidget(self.message)
        bridge.actor_changed.connect(self._actor_changed)

    def showEvent(self, event: Any) -> None:
        # Each time QA comes here the files are read again: an edit since shows up.
        QTimer.singleShot(0, self.refresh)
        super().showEvent(event)

    # -- showing ----------------------------------------------------------------------

    @asyncSlot()
    async def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            library = await self.bridge.run(self.bridge.core.station.refresh_recipes())
        finally:
            self._loading = False
        if alive(self):  # the window may have closed while the core answered
            self.show_library(library)

    def show_library(self, library: RecipeLibrary) -> None:
        self.library = library
        keep = None if self.selected is None else self._key(self.selected)
        entries = library.entries
        self.table.fill(
            [self._row(entry) for entry in entries],
            bold={r for r, e in enumerate(entries) if e.state in ABNORMAL},
        )
        runnable = sum(1 for e in entries if e.runnable)
        attention = sum(1 for e in entries if e.state in ABNORMAL)
        text = fill(self.tr("%1 recipes · %2 runnable on this station"), len(entries), runnable)
        if attention:
            text += " · " + fill(self.tr("%1 need attention"), attention)
        self.summary.setText(text)
        row = next((r for r, e in enumerate(entries) if self._key(e) == keep), None)
        if row is None and entries:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._selection_changed()
        say(self.message, "\n".join(library.problems))

    @staticmethod
    def _key(entry: RecipeEntry) -> tuple[str, str, str]:
        return (entry.recipe_id, entry.version, entry.source)

    def _row(self, entry: RecipeEntry) -> tuple[str, ...]:
        recipe, release = entry.recipe, entry.release
        if recipe is not None:
            name = f"{recipe.name}\n{entry.label}"
        elif entry.recipe_id:
            name = entry.label
        else:
            name = self.tr("(unreadable recipe file)")
        digest = (
            recipe.content_hash if recipe is not None else (release.content_hash if release else "")
        )
        return (
            name,
            digest[:12] or "—",
            file_words(entry),
            self._state_text(entry),
            procedure_words(entry),
        )

    def _state_text(self, entry: RecipeEntry) -> str:
        lines = [station_state_words(entry.state)]
        release = entry.release
        if release is not None and entry.state is not StationState.NOT_RELEASED:
            when = local_time(self.bridge, release.utc)
            if release.state == "released":
                lines.append(fill(self.tr("released by %1, %2"), release.who(), when))
            else:
                lines.append(fill(self.tr("withdrawn by %1, %2"), release.who(), when))
                lines.append(release.reason)
        if entry.state is StationState.INVALID:
            # The file's first problem, without the path the File column shows.
            first = entry.problem.splitlines()[0] if entry.problem else ""
            lines.append(first.split(": ", 1)[-1].removeprefix("(file): "))
        return "\n".join(line for line in lines if line)

    # -- selection and who may act ------------------------------------------------------

    def _selection_changed(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        entries = self.library.entries
        self.selected = entries[min(rows)] if rows and min(rows) < len(entries) else None
        self._update_actions()

    def _actor_changed(self, _actor: Actor | None) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        entry, actor = self.selected, self.bridge.actor
        may = allowed(actor, Permission.RECIPE_RELEASE)
        self.release_button.setVisible(may)
        self.withdraw_button.setVisible(may)
        self.release_button.setEnabled(may and entry is not None and entry.releasable)
        self.withdraw_button.setEnabled(may and entry is not None and entry.withdrawable)
        if entry is None:
            note = ""
        elif entry.state in ABNORMAL:
            # Every problem of the file, as its author needs them, or why it may not run
            # (the station's own sentence, as recorded).
            note = entry.problem
        elif not may:
            note = self.tr("QA releases and withdraws recipes: sign in as QA.")
        elif entry.releasable:
            note = fill(
                self.tr("%1 may be released: you sign its content (sha256 %2) as approved."),
                entry.label,
                entry.recipe.content_hash[:16] if entry.recipe else "",
            )
        elif entry.withdrawable:
            note = fill(
                self.tr("%1 is released here; withdraw it to stop new batches on it."),
                entry.label,
            )
        else:
            note = entry.release_refusal or entry.problem
        self.detail.setText(note)

    # -- release and withdraw ----------------------------------------------------------------

    def release(self) -> None:
        entry = self.selected
        if entry is None or entry.recipe is None:
            return
        recipe = entry.recipe
        station = self.bridge.core.station

        async def release_on_core(user_id: str, password: str) -> Signature:
            # Runs on the station core, where the records are read.
            record = await station.release_recipe(
                user_id, password, recipe.id, recipe.version, recipe.content_hash
            )
            assert station.recipe_releases is not None
            signature = station.recipe_releases.signature(record)
            assert signature is not None, "a release by QA always has its signature"
            self.last_record = record
            return signature

        async def give(user_id: str, password: str) -> Signature:
            return await self.bridge.run(release_on_core(user_id, password))

        actor = self.bridge.actor
        dialog = SignatureDialog(
            release_statement(identity_of(recipe), station.name),
            "approved",
            recipe.content_hash,
            give,
            user_id=actor.user_id if actor is not None else "",
            parent=self,
        )
        self._open(dialog)

    def withdraw(self) -> None:
        entry = self.selected
        if entry is None or not entry.withdrawable:
            return
        dialog = ReasonDialog(
            self.tr("Withdraw"),
            fill(
                self.tr(
                    "Withdraw recipe %1 from production on this station? No new batch may "
                    "run it; batches running now finish on the recipe they started with."
                ),
                entry.label,
            ),
            self,
        )
        self._open(dialog)

    def _open(self, dialog: SignatureDialog | ReasonDialog) -> None:
        self.dialog = dialog
        say(self.message, "")
        # Bound to this dialog: the slot runs later, when another one may be open.
        dialog.finished.connect(lambda result, d=dialog: self._closed(d, result))
        dialog.open()

    @asyncSlot()
    async def _closed(self, dialog: SignatureDialog | ReasonDialog, result: int) -> None:
        if not alive(self):
            return
        if self.dialog is dialog:
            self.dialog = None
        entry = self.selected
        if isinstance(dialog, ReasonDialog) and result and entry is not None:
            reason = dialog.reason.text().strip()
            station = self.bridge.core.station
            try:
                self.last_record = await self.bridge.run(
                    station.withdraw_recipe(
                        self.bridge.actor, entry.recipe_id, entry.version, reason
                    )
                )
            except (ReleaseRefused, PermissionDenied) as exc:
                if alive(self):
                    say(self.message, str(exc))
                return
        if alive(self):
            self.show_library(self.bridge.core.station.library)
