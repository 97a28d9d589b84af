"""Setpoint changes by people: who may, why, within which range, and the audit entry.

A setpoint acts on a patient's material, so a change by hand goes one way only: the
person's permission, a reason (Annex 11: reason for change), the tag's own range check,
the write through the device front end (which checks again and refuses when the device
is not connected), and only then the audit entry with old value, new value, who and why.
A refused change records nothing, so the trail never claims a change that did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.records.audit import AuditTrail
from app.security import Actor, Permission, require
from hardware import CommandTimeout, Device, Quality, Sample, TagValue

ACTION = "setpoint.write"
# The equipment did not answer in time: the setpoint may or may not have changed.
ACTION_UNCONFIRMED = "setpoint.write-unconfirmed"


class SetpointRefused(Exception):
    """A setpoint change that was not made; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class SetpointChange:
    """A setpoint change the equipment accepted, as the audit trail recorded it."""

    path: str
    old_value: object
    new_value: TagValue
    unit: str
    audit_seq: int


def recorded_old_value(sample: Sample | None) -> object:
    """The value before the change as the trail should keep it: the number when it was
    good; with its quality when it was doubtful, so the record does not pass an old or
    uncertain reading off as the value the person changed."""
    if sample is None:
        return None
    if sample.quality is Quality.GOOD:
        return sample.value
    return {
        "value": sample.value,
        "quality": sample.quality.name.lower(),
        "reason": sample.reason.value if sample.reason else "",
    }


async def write_setpoint(
    device: Device,
    audit: AuditTrail,
    actor: Actor | None,
    path: str,
    value: TagValue,
    reason: str,
) -> SetpointChange:
    """Write one setpoint for a person and audit it; raises ``PermissionDenied``,
    ``SetpointRefused`` or the device's ``HardwareError`` (out of range, read-only,
    not connected, refused, no answer) with a sentence for the operator."""
    actor = require(actor, Permission.SETPOINT_WRITE)
    why = reason.strip()
    if not why:
        raise SetpointRefused(
            f"say why {path} changes: a setpoint change needs a reason for the record"
        )
    spec = device.spec(path)
    checked = spec.check_write(value)
    problem = audit.tail_problem()
    if problem:
        raise SetpointRefused(
            f"the audit trail cannot record changes ({problem}); nothing was sent. "
            "Call QA before changing setpoints."
        )
    old = recorded_old_value(device.latest.get(path))
    try:
        await device.write(path, checked)
    except CommandTimeout:
        # Not refused, not confirmed: the record says exactly that, and the person is
        # told to check the value before trying again.
        audit.record(actor, ACTION_UNCONFIRMED, path, old, checked, why)
        raise
    seq = audit.record(actor, ACTION, path, old, checked, why)
    return SetpointChange(path, old, checked, spec.unit, seq)
