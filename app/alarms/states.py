"""The ISA-18.2 / IEC 62682 alarm state model, as a table that tests walk through.

States (ISA-18.2 names): NORM, UNACK, ACKED, RTNUN, LATCH_UNACK, LATCH_ACK and the
three out-of-annunciation states SHLVD (shelved), DSUPR (suppressed by design) and
OOSRV (out of service). Events are what happens to an alarm: the process condition
becomes active or clears, a person acknowledges, resets a latch, shelves, and so on.
"""

from __future__ import annotations

import enum


class AlarmState(enum.StrEnum):
    NORM = "NORM"
    UNACK = "UNACK"
    ACKED = "ACKED"
    RTNUN = "RTNUN"
    LATCH_UNACK = "LATCH_UNACK"
    LATCH_ACK = "LATCH_ACK"
    SHLVD = "SHLVD"
    DSUPR = "DSUPR"
    OOSRV = "OOSRV"


class AlarmEvent(enum.StrEnum):
    ACTIVATE = "activate"
    CLEAR = "clear"  # the process returned to normal
    ACKNOWLEDGE = "acknowledge"
    RESET = "reset"  # release a latched alarm
    SHELVE = "shelve"
    UNSHELVE = "unshelve"
    SUPPRESS = "suppress"
    UNSUPPRESS = "unsuppress"
    REMOVE_FROM_SERVICE = "remove-from-service"
    RETURN_TO_SERVICE = "return-to-service"


class _Target(enum.Enum):
    """Targets that depend on the alarm: latching or not, process active or not."""

    RTN_OR_LATCH_UNACK = "rtn-or-latch-unack"  # UNACK clears
    NORM_OR_LATCH_ACK = "norm-or-latch-ack"  # ACKED clears
    NORM_OR_UNACK = "norm-or-unack"  # leaving shelved/suppressed/out of service


S, E, T = AlarmState, AlarmEvent, _Target
_ANNUNCIABLE = (S.NORM, S.UNACK, S.ACKED, S.RTNUN, S.LATCH_UNACK, S.LATCH_ACK)

TRANSITIONS: dict[tuple[AlarmState, AlarmEvent], AlarmState | _Target] = {
    (S.NORM, E.ACTIVATE): S.UNACK,
    (S.UNACK, E.ACKNOWLEDGE): S.ACKED,
    (S.UNACK, E.CLEAR): T.RTN_OR_LATCH_UNACK,
    (S.ACKED, E.CLEAR): T.NORM_OR_LATCH_ACK,
    (S.RTNUN, E.ACKNOWLEDGE): S.NORM,
    (S.RTNUN, E.ACTIVATE): S.UNACK,
    (S.LATCH_UNACK, E.ACKNOWLEDGE): S.LATCH_ACK,
    (S.LATCH_UNACK, E.ACTIVATE): S.UNACK,
    (S.LATCH_ACK, E.RESET): S.NORM,
    (S.LATCH_ACK, E.ACTIVATE): S.UNACK,
    (S.SHLVD, E.UNSHELVE): T.NORM_OR_UNACK,
    (S.DSUPR, E.UNSUPPRESS): T.NORM_OR_UNACK,
    (S.OOSRV, E.RETURN_TO_SERVICE): T.NORM_OR_UNACK,
    **{(state, E.SHELVE): S.SHLVD for state in _ANNUNCIABLE},
    **{(state, E.SUPPRESS): S.DSUPR for state in (*_ANNUNCIABLE, S.SHLVD)},
    **{(state, E.REMOVE_FROM_SERVICE): S.OOSRV for state in (*_ANNUNCIABLE, S.SHLVD, S.DSUPR)},
}


class IllegalTransition(Exception):
    """A person asked for something the alarm's state does not allow."""


def next_state(state: AlarmState, event: AlarmEvent, *, latching: bool, active: bool) -> AlarmState:
    """The state after ``event``; raises IllegalTransition when the table has no entry."""
    target = TRANSITIONS.get((state, event))
    if target is None:
        raise IllegalTransition(f"cannot {event.value} an alarm in state {state.value}")
    if target is T.RTN_OR_LATCH_UNACK:
        return S.LATCH_UNACK if latching else S.RTNUN
    if target is T.NORM_OR_LATCH_ACK:
        return S.LATCH_ACK if latching else S.NORM
    if target is T.NORM_OR_UNACK:
        return S.UNACK if active else S.NORM
    return target


UNACKNOWLEDGED = frozenset({S.UNACK, S.RTNUN, S.LATCH_UNACK})
# States an operator sees in the summary (alarm active or needing attention).
STANDING = frozenset({S.UNACK, S.ACKED, S.RTNUN, S.LATCH_UNACK, S.LATCH_ACK})
NOT_ANNUNCIATED = frozenset({S.SHLVD, S.DSUPR, S.OOSRV})
