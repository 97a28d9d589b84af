"""Plant words in the screen's language for values that reach the UI as identifiers.

ISA-88 batch states and commands, roles, signature meanings, severities and QA statuses
travel through the station (and into the records) as fixed English identifiers; the
records keep them that way. The screen shows each through Qt's translation system here,
in one place, so every page says "Vastgehouden" or "保留" for the same ``Held``. An
identifier this module does not know is shown as it is rather than hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.batch.states import BatchCommand, BatchState
from app.records.signatures import Signature
from app.security import Role
from hardware import ConnectionState
from ui.i18n import fill


def batch_state(state: BatchState | str) -> str:
    """An ISA-88 procedural state as a word (``Held`` → "Vastgehouden")."""
    words = {
        BatchState.IDLE: QCoreApplication.translate("BatchState", "Idle"),
        BatchState.RUNNING: QCoreApplication.translate("BatchState", "Running"),
        BatchState.COMPLETE: QCoreApplication.translate("BatchState", "Complete"),
        BatchState.PAUSING: QCoreApplication.translate("BatchState", "Pausing"),
        BatchState.PAUSED: QCoreApplication.translate("BatchState", "Paused"),
        BatchState.HOLDING: QCoreApplication.translate("BatchState", "Holding"),
        BatchState.HELD: QCoreApplication.translate("BatchState", "Held"),
        BatchState.RESTARTING: QCoreApplication.translate("BatchState", "Restarting"),
        BatchState.STOPPING: QCoreApplication.translate("BatchState", "Stopping"),
        BatchState.STOPPED: QCoreApplication.translate("BatchState", "Stopped"),
        BatchState.ABORTING: QCoreApplication.translate("BatchState", "Aborting"),
        BatchState.ABORTED: QCoreApplication.translate("BatchState", "Aborted"),
    }
    try:
        return words[BatchState(state)]
    except ValueError:
        return str(state)


def batch_command(command: BatchCommand) -> str:
    """An ISA-88 command as the verb on its button (``Hold`` → "Vasthouden")."""
    return {
        BatchCommand.START: QCoreApplication.translate("BatchCommand", "Start"),
        BatchCommand.PAUSE: QCoreApplication.translate("BatchCommand", "Pause"),
        BatchCommand.RESUME: QCoreApplication.translate("BatchCommand", "Resume"),
        BatchCommand.HOLD: QCoreApplication.translate("BatchCommand", "Hold"),
        BatchCommand.RESTART: QCoreApplication.translate("BatchCommand", "Restart"),
        BatchCommand.STOP: QCoreApplication.translate("BatchCommand", "Stop"),
        BatchCommand.ABORT: QCoreApplication.translate("BatchCommand", "Abort"),
        BatchCommand.RESET: QCoreApplication.translate("BatchCommand", "Reset"),
    }[command]


def batch_command_question(command: BatchCommand, batch_id: str) -> str:
    """Why a command is given: one whole sentence per command, so each language can put
    the verb where it belongs."""
    questions = {
        BatchCommand.RESTART: QCoreApplication.translate("BatchCommand", "Why restart batch %1?"),
        BatchCommand.STOP: QCoreApplication.translate("BatchCommand", "Why stop batch %1?"),
        BatchCommand.ABORT: QCoreApplication.translate("BatchCommand", "Why abort batch %1?"),
    }
    question = questions.get(command)
    if question is None:
        return fill(
            QCoreApplication.translate("BatchCommand", "Reason for “%1” on batch %2"),
            batch_command(command),
            batch_id,
        )
    return fill(question, batch_id)


def connection_state(state: ConnectionState) -> str:
    """A device link's state as an equipment status word (ISA-101: states in capitals)."""
    return {
        ConnectionState.CONNECTED: QCoreApplication.translate("Connection", "CONNECTED"),
        ConnectionState.CONNECTING: QCoreApplication.translate("Connection", "CONNECTING"),
        ConnectionState.DISCONNECTED: QCoreApplication.translate("Connection", "DISCONNECTED"),
        ConnectionState.LOST: QCoreApplication.translate("Connection", "LOST"),
    }[state]


def equipment_state(value: str) -> str:
    """An equipment state the devices report from a fixed list (Cell Q, robot mover,
    power source: ``hardware.catalog``) as a status word; anything else in capitals."""
    words = {
        "idle": QCoreApplication.translate("EquipmentState", "IDLE"),
        "running": QCoreApplication.translate("EquipmentState", "RUNNING"),
        "moving": QCoreApplication.translate("EquipmentState", "MOVING"),
        "fault": QCoreApplication.translate("EquipmentState", "FAULT"),
        "maintenance": QCoreApplication.translate("EquipmentState", "MAINTENANCE"),
        "mains": QCoreApplication.translate("EquipmentState", "MAINS"),
        "battery": QCoreApplication.translate("EquipmentState", "BATTERY"),
    }
    return words.get(value, value.upper())


def role_name(role: Role | str) -> str:
    """A user role as people call it (``qa`` → "QA", ``administrator`` → "beheerder")."""
    words = {
        Role.OPERATOR: QCoreApplication.translate("Role", "operator"),
        Role.SUPERVISOR: QCoreApplication.translate("Role", "supervisor"),
        Role.QA: QCoreApplication.translate("Role", "QA"),
        Role.MAINTENANCE: QCoreApplication.translate("Role", "maintenance"),
        Role.ADMINISTRATOR: QCoreApplication.translate("Role", "administrator"),
    }
    try:
        return words[Role(role)]
    except ValueError:
        return str(role)


def station_role(role: str) -> str:
    """What a station is for: a kiosk beside a shuttle or a supervisor's desk."""
    words = {
        "kiosk": QCoreApplication.translate("StationRole", "kiosk"),
        "supervisor": QCoreApplication.translate("StationRole", "supervisor's desk"),
    }
    return words.get(role, role)


def signature_meaning(meaning: str) -> str:
    """What a signature means (21 CFR 11.50): performed, verified, reviewed, approved."""
    words = {
        "performed": QCoreApplication.translate("Signature", "performed"),
        "verified": QCoreApplication.translate("Signature", "verified"),
        "reviewed": QCoreApplication.translate("Signature", "reviewed"),
        "approved": QCoreApplication.translate("Signature", "approved"),
    }
    return words.get(meaning, meaning)


# What each meaning asserts (app.records.signatures.MEANING_STATEMENT), for the signer
# to read in their own language before signing.
MEANING_STATEMENTS = (
    QT_TRANSLATE_NOOP("Signature", "I performed this step as recorded."),
    QT_TRANSLATE_NOOP(
        "Signature", "I witnessed this step and verify it was performed as recorded."
    ),
    QT_TRANSLATE_NOOP("Signature", "I reviewed this record."),
    QT_TRANSLATE_NOOP("Signature", "I approve this record."),
)


def meaning_statement(statement: str) -> str:
    """The sentence a signature's meaning asserts, translated when this screen knows it
    (a sentence changed in app/ shows in English rather than as an outdated translation)."""
    return (
        QCoreApplication.translate("Signature", statement)
        if statement in MEANING_STATEMENTS
        else statement
    )


def manifestation(signature: Signature) -> str:
    """A signature as it reads on screen (11.50): meaning, printed name, id, UTC time."""
    return fill(
        QCoreApplication.translate("Signature", "%1 by %2 (%3), %4"),
        signature_meaning(signature.meaning).capitalize(),
        signature.printed_name,
        signature.user_id,
        signature.utc,
    )


def severity(level: str) -> str:
    """A deviation's or exception's severity with its shape (never colour alone)."""
    words = {
        "critical": QCoreApplication.translate("Severity", "◆ critical"),
        "major": QCoreApplication.translate("Severity", "▲ major"),
        "minor": QCoreApplication.translate("Severity", "■ minor"),
        "info": QCoreApplication.translate("Severity", "● info"),
    }
    return words.get(level, level)


# QA's review status of a batch record, as app.records.ebr.approval_status words it.
APPROVAL_STATUSES = (
    QT_TRANSLATE_NOOP("Approval", "approved"),
    QT_TRANSLATE_NOOP("Approval", "approved (signature not checked: no audit key)"),
    QT_TRANSLATE_NOOP("Approval", "APPROVAL VOID: record changed after approval"),
    QT_TRANSLATE_NOOP("Approval", "reviewed, awaiting approval"),
    QT_TRANSLATE_NOOP(
        "Approval", "reviewed (signature not checked: no audit key), awaiting approval"
    ),
    QT_TRANSLATE_NOOP("Approval", "REVIEW VOID: record changed after review"),
    QT_TRANSLATE_NOOP("Approval", "not reviewed"),
    QT_TRANSLATE_NOOP("Approval", "in progress"),
    QT_TRANSLATE_NOOP("Approval", "IN PROGRESS - not for release"),
)


def approval_status(status: str) -> str:
    """A batch record's QA status in the screen's language (the record keeps English)."""
    return QCoreApplication.translate("Approval", status) if status in APPROVAL_STATUSES else status


def step_status(status: str) -> str:
    """Where a step of a batch record stands."""
    words = {
        "done": QCoreApplication.translate("StepStatus", "done"),
        "current": QCoreApplication.translate("StepStatus", "current"),
        "not started": QCoreApplication.translate("StepStatus", "not started"),
    }
    return words.get(status, status)


def trend_parameter(name: str) -> str:
    """A bioreactor parameter's name for a picker or an axis."""
    words = {
        "temperature": QCoreApplication.translate("Parameter", "Temperature"),
        "ph": QCoreApplication.translate("Parameter", "pH"),
        "dissolved_oxygen": QCoreApplication.translate("Parameter", "Dissolved oxygen"),
        "co2": QCoreApplication.translate("Parameter", "CO2"),
        "glucose": QCoreApplication.translate("Parameter", "Glucose"),
        "lactate": QCoreApplication.translate("Parameter", "Lactate"),
        "vcd": QCoreApplication.translate("Parameter", "Viable cell density"),
        "viability": QCoreApplication.translate("Parameter", "Viability"),
    }
    return words.get(name, name)
