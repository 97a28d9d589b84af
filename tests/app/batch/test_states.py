"""The ISA-88 state table walked: every legal transition, every illegal one refused."""

import pytest

from app.batch import TRANSITIONS, BatchCommand, BatchState, IllegalCommand, next_state
from app.batch.states import COMMAND_PERMISSION, SETTLES_TO
from app.security import PERMISSIONS, Permission, Role

S, C = BatchState, BatchCommand

# The table from STANDARDS.md ("Batch — ISA-88"), written out independently of the code.
EXPECTED = {
    C.START: ({S.IDLE}, S.RUNNING),
    C.PAUSE: ({S.RUNNING}, S.PAUSING),
    C.RESUME: ({S.PAUSED}, S.RUNNING),
    C.HOLD: ({S.RUNNING, S.PAUSING, S.PAUSED, S.RESTARTING}, S.HOLDING),
    C.RESTART: ({S.HELD}, S.RESTARTING),
    C.STOP: ({S.RUNNING, S.PAUSING, S.PAUSED, S.HOLDING, S.HELD, S.RESTARTING}, S.STOPPING),
    C.ABORT: (set(S) - {S.IDLE, S.COMPLETE, S.ABORTING, S.ABORTED}, S.ABORTING),
    C.RESET: ({S.COMPLETE, S.STOPPED, S.ABORTED}, S.IDLE),
}


@pytest.mark.parametrize("state", list(BatchState))
@pytest.mark.parametrize("command", list(BatchCommand))
def test_every_state_and_command_pair(state, command):
    allowed_from, target = EXPECTED[command]
    if state in allowed_from:
        assert next_state(state, command) is target
    else:
        with pytest.raises(IllegalCommand) as refused:
            next_state(state, command)
        message = str(refused.value)
        assert command.value.lower() in message and state.value in message


def test_table_has_nothing_beyond_the_standard():
    expected_pairs = {(s, c) for c, (states, _) in EXPECTED.items() for s in states}
    assert set(TRANSITIONS) == expected_pairs


def test_refusal_says_what_is_allowed_now():
    with pytest.raises(IllegalCommand, match="allowed now: Abort, Restart, Stop"):
        next_state(S.HELD, C.RESUME)
    with pytest.raises(IllegalCommand, match="cannot start a batch that is Running"):
        next_state(S.RUNNING, C.START)


def test_transient_states_settle_where_the_standard_says():
    assert SETTLES_TO == {
        S.PAUSING: S.PAUSED,
        S.HOLDING: S.HELD,
        S.RESTARTING: S.RUNNING,
        S.STOPPING: S.STOPPED,
        S.ABORTING: S.ABORTED,
    }


def test_role_matrix_for_batch_commands():
    def roles(command):
        return PERMISSIONS[COMMAND_PERMISSION[command]]

    for command in (C.START, C.PAUSE, C.RESUME, C.HOLD):
        assert Role.OPERATOR in roles(command)
    for command in (C.RESTART, C.STOP, C.ABORT, C.RESET):
        assert Role.OPERATOR not in roles(command)
        assert Role.SUPERVISOR in roles(command)
    for command in C:
        assert Role.ADMINISTRATOR not in roles(command)
        assert Role.MAINTENANCE not in roles(command)
    assert Role.QA in PERMISSIONS[Permission.BATCH_EXECUTE]
