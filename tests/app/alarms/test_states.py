"""Walk the ISA-18.2 transition table."""

import pytest

from app.alarms.states import (
    TRANSITIONS,
    AlarmEvent,
    AlarmState,
    IllegalTransition,
    next_state,
)

S, E = AlarmState, AlarmEvent


@pytest.mark.parametrize(
    ("state", "event", "latching", "active", "expected"),
    [
        (S.NORM, E.ACTIVATE, False, True, S.UNACK),
        (S.UNACK, E.ACKNOWLEDGE, False, True, S.ACKED),
        (S.UNACK, E.CLEAR, False, False, S.RTNUN),
        (S.UNACK, E.CLEAR, True, False, S.LATCH_UNACK),
        (S.ACKED, E.CLEAR, False, False, S.NORM),
        (S.ACKED, E.CLEAR, True, False, S.LATCH_ACK),
        (S.RTNUN, E.ACKNOWLEDGE, False, False, S.NORM),
        (S.RTNUN, E.ACTIVATE, False, True, S.UNACK),
        (S.LATCH_UNACK, E.ACKNOWLEDGE, True, False, S.LATCH_ACK),
        (S.LATCH_ACK, E.RESET, True, False, S.NORM),
        (S.LATCH_ACK, E.ACTIVATE, True, True, S.UNACK),
        (S.ACKED, E.SHELVE, False, True, S.SHLVD),
        (S.SHLVD, E.UNSHELVE, False, True, S.UNACK),
        (S.SHLVD, E.UNSHELVE, False, False, S.NORM),
        (S.UNACK, E.SUPPRESS, False, True, S.DSUPR),
        (S.DSUPR, E.UNSUPPRESS, False, False, S.NORM),
        (S.SHLVD, E.REMOVE_FROM_SERVICE, False, False, S.OOSRV),
        (S.OOSRV, E.RETURN_TO_SERVICE, False, True, S.UNACK),
    ],
)
def test_transitions(state, event, latching, active, expected):
    assert next_state(state, event, latching=latching, active=active) is expected


@pytest.mark.parametrize(
    ("state", "event"),
    [
        (S.NORM, E.ACKNOWLEDGE),
        (S.ACKED, E.ACKNOWLEDGE),
        (S.UNACK, E.RESET),
        (S.OOSRV, E.SHELVE),
        (S.NORM, E.UNSHELVE),
        (S.DSUPR, E.SHELVE),
    ],
)
def test_illegal_transitions_are_refused(state, event):
    with pytest.raises(IllegalTransition, match=event.value):
        next_state(state, event, latching=False, active=False)


def test_every_state_can_be_left():
    leaving = {state for state, _ in TRANSITIONS}
    assert leaving == set(AlarmState)
