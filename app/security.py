"""Who may do what: roles, the people acting, and the permission matrix.

Every command that changes the plant or its records names the person acting
(``Actor``) and is checked here before anything happens. Sign-in, passwords and
signatures build on this (records layer); the matrix itself lives here, in one table.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    QA = "qa"
    MAINTENANCE = "maintenance"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in person on whose behalf a command runs."""

    user_id: str
    name: str
    role: Role


class Permission(enum.StrEnum):
    ALARM_ACKNOWLEDGE = "alarm.acknowledge"
    ALARM_RESET = "alarm.reset"
    ALARM_SHELVE = "alarm.shelve"
    ALARM_OUT_OF_SERVICE = "alarm.out-of-service"
    USER_MANAGE = "user.manage"
    # ISA-88 batch commands. Restart after a hold is its own permission: a hold means
    # something went wrong, and a supervisor decides when the batch may go on.
    BATCH_START = "batch.start"
    BATCH_CONTROL = "batch.control"  # pause, resume, hold
    BATCH_RESTART = "batch.restart"
    BATCH_STOP = "batch.stop"
    BATCH_ABORT = "batch.abort"
    BATCH_RESET = "batch.reset"
    BATCH_EXECUTE = "batch.execute"  # manual steps: confirm, scan, enter data, sign
    # Batch records after the batch: QA reviews (by exception) and approves them with
    # signatures; supervisors and QA take copies (PDF/CSV/JSON) out of the station.
    RECORD_REVIEW = "record.review"
    RECORD_APPROVE = "record.approve"
    RECORD_EXPORT = "record.export"
    SETPOINT_WRITE = "setpoint.write"  # change a process setpoint of a bay by hand
    # Release a master recipe version for production on this station (an "approved"
    # e-signature bound to its content hash), or withdraw it with a reason.
    RECIPE_RELEASE = "recipe.release"


_ALL = frozenset(Role)
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.ALARM_ACKNOWLEDGE: _ALL,
    Permission.ALARM_RESET: frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.MAINTENANCE}),
    Permission.ALARM_SHELVE: frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR}),
    Permission.ALARM_OUT_OF_SERVICE: frozenset(
        {Role.SUPERVISOR, Role.MAINTENANCE, Role.ADMINISTRATOR}
    ),
    Permission.USER_MANAGE: frozenset({Role.ADMINISTRATOR}),
    # Administrators and maintenance make no product (segregation of duties).
    Permission.BATCH_START: frozenset({Role.OPERATOR, Role.SUPERVISOR}),
    Permission.BATCH_CONTROL: frozenset({Role.OPERATOR, Role.SUPERVISOR}),
    Permission.BATCH_RESTART: frozenset({Role.SUPERVISOR}),
    Permission.BATCH_STOP: frozenset({Role.SUPERVISOR}),
    Permission.BATCH_ABORT: frozenset({Role.SUPERVISOR}),
    Permission.BATCH_RESET: frozenset({Role.SUPERVISOR}),
    # QA signs reviews and approvals inside a batch record; the recipe says who may sign what.
    Permission.BATCH_EXECUTE: frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.QA}),
    # Only QA reviews and approves a batch record (Annex 11: QA/QP releases, not production).
    Permission.RECORD_REVIEW: frozenset({Role.QA}),
    Permission.RECORD_APPROVE: frozenset({Role.QA}),
    Permission.RECORD_EXPORT: frozenset({Role.SUPERVISOR, Role.QA}),
    # A setpoint acts on a patient's material: the people who run the process, not
    # administrators, maintenance or QA (segregation of duties, as for batch commands).
    Permission.SETPOINT_WRITE: frozenset({Role.OPERATOR, Role.SUPERVISOR}),
    # QA releases what production may run; production never releases its own recipes.
    Permission.RECIPE_RELEASE: frozenset({Role.QA}),
}


class PermissionDenied(Exception):
    """The person is not signed in, or their role does not allow the action."""


def require(actor: Actor | None, permission: Permission) -> Actor:
    if actor is None:
        raise PermissionDenied(f"sign in first: {permission.value} needs a signed-in user")
    if actor.role not in PERMISSIONS[permission]:
        allowed = ", ".join(sorted(role.value for role in PERMISSIONS[permission]))
        raise PermissionDenied(
            f"{actor.name} ({actor.role.value}) may not {permission.value}; allowed: {allowed}"
        )
    return actor


def allowed(actor: Actor | None, permission: Permission) -> bool:
    """Whether a screen should offer the action (the command still checks ``require``)."""
    return actor is not None and actor.role in PERMISSIONS[permission]
