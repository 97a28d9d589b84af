"""Typed batch errors. Each message is a sentence an operator can act on, shown unchanged."""

from __future__ import annotations


class BatchError(Exception):
    """Something the batch layer refused; the message says what and what to do."""


class RecipeError(BatchError):
    """A recipe file that cannot be used; ``problems`` lists every one (file, path, reason)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class IllegalCommand(BatchError):
    """The batch's ISA-88 state does not allow the command."""


class UnknownBatch(BatchError):
    """No open batch has that id."""


class BatchNotReady(BatchError):
    """The command is legal, but the equipment or process is not in a state to go on."""


class StepRefused(BatchError):
    """The current step does not take this input now (wrong step, already done, paused)."""


class IdentityMismatch(StepRefused):
    """A scanned barcode does not match the batch's chain of identity; the step is blocked."""


class EntryOutOfLimits(StepRefused):
    """An entered value is outside the limits the recipe sets for it."""


class SignatureRefused(StepRefused):
    """The signature cannot be taken: same person twice, wrong role, not asked for."""


class BatchRefused(BatchError):
    """A batch cannot be created as asked (recipe, unit or identity problem)."""


class ReasonRequired(BatchError):
    """The command needs a reason for the batch record."""
