"""Manual steps of a batch: confirmations, identity scans, data entries, signatures.

People act through these commands (the UI, a scanner, the simulated crew). Each one is
checked for role, for the batch running and for the step being the one the person
sees; the chain of identity is scanned before anything else is done to the material.
"""

from __future__ import annotations

import math
import re

from app.batch.core import EngineCore, S
from app.batch.errors import EntryOutOfLimits, IdentityMismatch, SignatureRefused, StepRefused
from app.batch.recipe import PhaseRef
from app.batch.runtime import (
    Batch,
    BatchDetail,
    PendingEntry,
    PendingScan,
    PendingSignature,
    StepRequest,
)
from app.records.signatures import SignedRecord
from app.security import Actor, Permission, require


class ManualSteps(EngineCore):
    """The commands people use to work a batch's manual steps."""

    # -- manual steps -------------------------------------------------------------------

    async def confirm(
        self, batch_id: str, actor: Actor | None, index: int, *, step: str | None = None
    ) -> None:
        """The operator confirms instruction ``index`` of the current step."""
        batch, ref, actor = self._manual(batch_id, actor, step)
        phase = ref.phase
        if not 0 <= index < len(phase.confirmations):
            raise StepRefused(f"{phase.name} has no confirmation {index}")
        if index in batch.progress.confirmations:
            raise StepRefused(f"{phase.confirmations[index]!r} is already confirmed")
        self._identity_first(batch, ref)
        batch.progress.confirmations.append(index)
        self._event(
            batch, "confirmation", actor=actor, target=str(index), new=phase.confirmations[index]
        )
        self._touched(batch)

    async def scan(
        self,
        batch_id: str,
        actor: Actor | None,
        scan_id: str,
        value: str,
        *,
        step: str | None = None,
    ) -> None:
        """A scanned barcode. An identity scan must equal the batch's cartridge barcode or
        chain-of-identity id; a mismatch is refused, recorded as a deviation and blocks
        the step (IdentityMismatch)."""
        batch, ref, actor = self._manual(batch_id, actor, step)
        phase = ref.phase
        scan = next((s for s in phase.scans if s.id == scan_id), None)
        if scan is None:
            raise StepRefused(f"{phase.name} asks for no scan {scan_id!r}")
        if scan_id in batch.progress.scans:
            raise StepRefused(f"{scan.label} is already scanned")
        if not isinstance(value, str):  # a scanner sends text; anything else is a bug upstream
            raise StepRefused(f"{scan.label}: a scan is text, not {type(value).__name__}")
        if not scan.identity:
            self._identity_first(batch, ref)
        value = value.strip()
        if scan.match == "cartridge":
            matches = value == batch.barcode
        elif scan.match == "coi":
            matches = value == batch.coi
        else:
            matches = bool(re.fullmatch(scan.pattern or "", value))
        if not matches:
            if scan.identity:
                message = (
                    f"{scan.label}: scanned {value!r} is not this batch's "
                    f"{'cartridge' if scan.match == 'cartridge' else 'chain-of-identity id'}; "
                    "the step is blocked. Check you have the right patient's material."
                )
                self._event(
                    batch, "scan-refused", actor=actor, target=scan_id, new=value, reason=message
                )
                self._deviate(
                    batch, "identity-mismatch", "critical", message, value=value, actor=actor
                )
                raise IdentityMismatch(message)
            message = f"{scan.label}: {value!r} does not fit {scan.pattern} (e.g. {scan.example})"
            self._event(
                batch, "scan-refused", actor=actor, target=scan_id, new=value, reason=message
            )
            raise StepRefused(message)
        batch.progress.scans[scan_id] = value
        self._event(batch, "scan", actor=actor, target=scan_id, new=value, reason=scan.label)
        self._touched(batch)

    async def enter(
        self,
        batch_id: str,
        actor: Actor | None,
        entry_id: str,
        value: float,
        *,
        step: str | None = None,
    ) -> None:
        """A value the operator entered; refused (and recorded) outside the recipe limits."""
        batch, ref, actor = self._manual(batch_id, actor, step)
        phase = ref.phase
        entry = next((e for e in phase.entries if e.id == entry_id), None)
        if entry is None:
            raise StepRefused(f"{phase.name} asks for no entry {entry_id!r}")
        if entry_id in batch.progress.entries:
            raise StepRefused(f"{entry.label} is already entered")
        self._identity_first(batch, ref)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise EntryOutOfLimits(f"{entry.label} needs a number, not {value!r}")
        try:
            number = float(value)
        except OverflowError:  # an integer no float can hold
            number = math.inf
        if not math.isfinite(number):  # NaN or infinity is no reading, limits or not
            raise EntryOutOfLimits(f"{entry.label} needs a finite number, not {number:g}")
        if not entry.within(number):
            message = (
                f"{entry.label} {number:g} {entry.unit} is outside {entry.describe_limits()}; "
                "check the reading and enter it again"
            )
            self._event(
                batch, "entry-refused", actor=actor, target=entry_id, new=number, reason=message
            )
            raise EntryOutOfLimits(message)
        batch.progress.entries[entry_id] = number
        self._event(
            batch,
            "entry",
            actor=actor,
            target=entry_id,
            new=number,
            reason=f"{entry.label} [{entry.unit}]",
        )
        self._touched(batch)

    def check_signature(
        self, batch_id: str, actor: Actor | None, meaning: str, *, step: str | None = None
    ) -> Actor:
        """Raise SignatureRefused unless ``actor`` may sign the current step as
        ``meaning`` now: the step's work done, signatures in recipe order, a different
        person for each, in an allowed role."""
        batch, ref, actor = self._manual(batch_id, actor, step)
        phase, progress = ref.phase, batch.progress
        requirement = next((s for s in phase.signatures if s.meaning == meaning), None)
        if requirement is None:
            raise SignatureRefused(f"{phase.name} asks for no {meaning!r} signature")
        if meaning in progress.signatures:
            raise SignatureRefused(f"{phase.name} is already signed as {meaning}")
        if not progress.work_done(phase):
            raise SignatureRefused(f"finish {phase.name} before signing it ({meaning})")
        due = next(s for s in phase.signatures if s.meaning not in progress.signatures)
        if due.meaning != meaning:
            raise SignatureRefused(f"{phase.name} must first be signed as {due.meaning}")
        if actor.user_id in progress.signatures.values():
            raise SignatureRefused(
                f"{actor.name} already signed {phase.name}; {meaning} needs a second person"
            )
        if requirement.roles and actor.role not in requirement.roles:
            roles = ", ".join(r.value for r in requirement.roles)
            raise SignatureRefused(f"{meaning} of {phase.name} is signed by {roles} only")
        return actor

    def signature_record(self, batch_id: str, meaning: str) -> SignedRecord:
        """The current step as it stands, for an electronic signature to bind to: the
        batch's identity, the recipe (by hash), what was confirmed, scanned and entered,
        and the signatures already given (a verifier signs over the performer's)."""
        batch = self._batch(batch_id)
        ref = batch.current
        if ref is None:
            raise StepRefused(f"batch {batch_id} has no step left")
        phase, progress = ref.phase, batch.progress
        content = {
            "batch_id": batch.batch_id,
            "barcode": batch.barcode,
            "coi": batch.coi,
            "recipe": f"{batch.recipe.id} {batch.recipe.version}",
            "recipe_hash": batch.recipe.content_hash,
            "step": ref.path,
            "phase": phase.name,
            "confirmed": [phase.confirmations[i] for i in sorted(progress.confirmations)],
            "scans": dict(sorted(progress.scans.items())),
            "entries": dict(sorted(progress.entries.items())),
            "signed": dict(progress.signatures),
        }
        entries = ", ".join(
            f"{e.label} {progress.entries[e.id]:g} {e.unit}".rstrip()
            for e in phase.entries
            if e.id in progress.entries
        )
        statement = (
            f"{meaning.capitalize()}: {phase.name} of batch {batch.batch_id} "
            f"(cartridge {batch.barcode}, {batch.recipe.id} {batch.recipe.version})"
            + (f"; entries: {entries}" if entries else "")
        )
        return SignedRecord(
            record_type="batch-step",
            record_id=f"{batch.batch_id}/{ref.path}",
            content=content,
            statement=statement,
        )

    async def sign(
        self,
        batch_id: str,
        actor: Actor | None,
        meaning: str,
        *,
        step: str | None = None,
        signature_id: int | None = None,
    ) -> None:
        """An electronic signature with its meaning, by a person the caller has just
        re-authenticated (UserStore.verify_password). Each signature of a step must be a
        different person, in recipe order, after the step's work is done. The station
        passes ``signature_id``, the signature row bound to the step's content."""
        actor = self.check_signature(batch_id, actor, meaning, step=step)
        batch = self._batch(batch_id)
        ref = batch.current
        assert ref is not None  # check_signature made sure
        batch.progress.signatures[meaning] = actor.user_id
        self._event(
            batch,
            "signature",
            actor=actor,
            target=meaning,
            new=f"{actor.name} ({actor.user_id})"
            + (f" signature #{signature_id}" if signature_id is not None else ""),
            reason=f"{meaning}: {ref.phase.name}",
        )
        self._touched(batch)

    async def comment(self, batch_id: str, actor: Actor | None, text: str) -> None:
        """A comment on the batch record (an observation, a note for QA): any state."""
        actor = require(actor, Permission.BATCH_EXECUTE)
        batch = self._batch(batch_id)
        text = text.strip()
        if not text:
            raise StepRefused("write the comment first")
        self._event(batch, "comment", actor=actor, new=text)
        self._publish()

    def detail(self, batch_id: str) -> BatchDetail:
        """The batch as its detail screen shows it (safe to hand to the UI thread)."""
        batch = self._batch(batch_id)
        return BatchDetail(
            view=self._view(batch),
            recipe=batch.recipe,
            step_index=batch.step_index,
            request=self.request(batch_id) if batch.state is S.RUNNING else None,
            events=tuple(self.events(batch_id)),
            deviations=tuple(self.deviations(batch_id)),
        )

    def request(self, batch_id: str) -> StepRequest | None:
        """What the current step still needs from people, or None if nothing."""
        batch = self._batch(batch_id)
        ref = batch.current
        if ref is None:
            return None
        phase, progress = ref.phase, batch.progress
        request = StepRequest(
            batch_id=batch_id,
            step=ref.path,
            phase_name=phase.name,
            instruction=phase.instruction,
            picture=phase.picture,
            confirmations=tuple(
                (i, text)
                for i, text in enumerate(phase.confirmations)
                if i not in progress.confirmations
            ),
            scans=tuple(
                PendingScan(s.id, s.label, s.match, s.example)
                for s in phase.scans
                if s.id not in progress.scans
            ),
            entries=tuple(
                PendingEntry(e.id, e.label, e.unit, e.low, e.high)
                for e in phase.entries
                if e.id not in progress.entries
            ),
            signatures=tuple(
                PendingSignature(s.meaning, s.roles)
                for s in phase.signatures
                if s.meaning not in progress.signatures
            ),
            signed_by=tuple(progress.signatures.items()),
        )
        return None if request.empty else request

    def _manual(
        self, batch_id: str, actor: Actor | None, step: str | None
    ) -> tuple[Batch, PhaseRef, Actor]:
        batch = self._batch(batch_id)
        actor = require(actor, Permission.BATCH_EXECUTE)
        if batch.state is not S.RUNNING:
            raise StepRefused(
                f"batch {batch_id} is {batch.state.value}; manual steps are done while it runs"
            )
        ref = batch.current
        if ref is None:
            raise StepRefused(f"batch {batch_id} has no step left")
        if step is not None and step != ref.path:
            raise StepRefused(
                f"batch {batch_id} is at {ref.phase.name} ({ref.path}), not at {step}"
            )
        if batch.progress.started_at is None:
            self._start_phase(batch, ref)
        if not ref.phase.manual or batch.progress.manual_done(ref.phase):
            raise StepRefused(f"{ref.phase.name} needs nothing more from people")
        return batch, ref, actor

    def _identity_first(self, batch: Batch, ref: PhaseRef) -> None:
        # Chain of identity: nothing is done to the material before it is proven to be
        # this patient's.
        missing = [
            s.label for s in ref.phase.scans if s.identity and s.id not in batch.progress.scans
        ]
        if missing:
            raise StepRefused(f"scan {', '.join(missing)} first: identity comes before the work")

    def _touched(self, batch: Batch) -> None:
        batch.wake.set()
        self._publish()
