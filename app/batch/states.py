"""The ISA-88 procedural state model of a batch, as tables that tests walk through.

Commands are what people (or the engine's own failure handling) ask for; the ``-ing``
states are transient and are ended by the engine's logic, never by a command:
Pausing ends at the next safe point, Holding once the phase is held, Restarting once
the equipment is ready again, Stopping and Aborting once the equipment was told.
"""

from __future__ import annotations

import enum

from app.batch.errors import IllegalCommand
from app.security import Permission


class BatchState(enum.StrEnum):
    IDLE = "Idle"
    RUNNING = "Running"
    COMPLETE = "Complete"
    PAUSING = "Pausing"
    PAUSED = "Paused"
    HOLDING = "Holding"
    HELD = "Held"
    RESTARTING = "Restarting"
    STOPPING = "Stopping"
    STOPPED = "Stopped"
    ABORTING = "Aborting"
    ABORTED = "Aborted"


class BatchCommand(enum.StrEnum):
    START = "Start"
    PAUSE = "Pause"
    RESUME = "Resume"
    HOLD = "Hold"
    RESTART = "Restart"
    STOP = "Stop"
    ABORT = "Abort"
    RESET = "Reset"


S, C = BatchState, BatchCommand

# (state, command) -> the state the command leads to. Anything not here is refused.
TRANSITIONS: dict[tuple[BatchState, BatchCommand], BatchState] = {
    (S.IDLE, C.START): S.RUNNING,
    (S.RUNNING, C.PAUSE): S.PAUSING,
    (S.PAUSED, C.RESUME): S.RUNNING,
    **{(s, C.HOLD): S.HOLDING for s in (S.RUNNING, S.PAUSING, S.PAUSED, S.RESTARTING)},
    (S.HELD, C.RESTART): S.RESTARTING,
    **{
        (s, C.STOP): S.STOPPING
        for s in (S.RUNNING, S.PAUSING, S.PAUSED, S.HOLDING, S.HELD, S.RESTARTING)
    },
    **{
        (s, C.ABORT): S.ABORTING
        for s in BatchState
        if s not in (S.IDLE, S.COMPLETE, S.ABORTING, S.ABORTED)
    },
    **{(s, C.RESET): S.IDLE for s in (S.COMPLETE, S.STOPPED, S.ABORTED)},
}

# Transient state -> the state the engine's logic ends it in.
SETTLES_TO: dict[BatchState, BatchState] = {
    S.PAUSING: S.PAUSED,
    S.HOLDING: S.HELD,
    S.RESTARTING: S.RUNNING,
    S.STOPPING: S.STOPPED,
    S.ABORTING: S.ABORTED,
}

# The procedure ran its last phase: the logic ends the batch Complete from these.
COMPLETES_FROM = frozenset({S.RUNNING, S.PAUSING})

# Who may ask for what (the roles per permission live in app.security.PERMISSIONS).
COMMAND_PERMISSION: dict[BatchCommand, Permission] = {
    C.START: Permission.BATCH_START,
    C.PAUSE: Permission.BATCH_CONTROL,
    C.RESUME: Permission.BATCH_CONTROL,
    C.HOLD: Permission.BATCH_CONTROL,
    C.RESTART: Permission.BATCH_RESTART,
    C.STOP: Permission.BATCH_STOP,
    C.ABORT: Permission.BATCH_ABORT,
    C.RESET: Permission.BATCH_RESET,
}

TRANSIENT = frozenset(SETTLES_TO)
# Not the normal run: screens mark these by shape and words (ISA-101), QA reviews them.
ABNORMAL = frozenset({S.HOLDING, S.HELD, S.STOPPING, S.STOPPED, S.ABORTING, S.ABORTED})
FINAL = frozenset({S.COMPLETE, S.STOPPED, S.ABORTED})
# States in which the procedure advances (phases start, end conditions are evaluated).
ADVANCING = frozenset({S.RUNNING, S.PAUSING})
# States a batch record can hold when the station stops; on the way back up they become
# Held, except a stop or abort already asked for, which is carried through.
COMES_BACK_HELD = frozenset({S.RUNNING, S.PAUSING, S.PAUSED, S.HOLDING, S.HELD, S.RESTARTING})


def next_state(state: BatchState, command: BatchCommand) -> BatchState:
    """The state ``command`` leads to; raises IllegalCommand when the table has none."""
    target = TRANSITIONS.get((state, command))
    if target is None:
        allowed = sorted(c.value for (s, c) in TRANSITIONS if s is state)
        hint = f"; allowed now: {', '.join(allowed)}" if allowed else "; no command is allowed now"
        raise IllegalCommand(f"cannot {command.value.lower()} a batch that is {state.value}{hint}")
    return target
