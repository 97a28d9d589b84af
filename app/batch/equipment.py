"""Equipment side of a phase: commands to the Cell Shuttle and Cell Q, end conditions,
module restarts after a hold, stop/abort of a running module, QC results.
"""

from __future__ import annotations

import json

from app.batch.core import RUNNING_BAY, EngineCore, good_number
from app.batch.errors import BatchError
from app.batch.recipe import (
    EquipmentEnd,
    ImmediateEnd,
    LoadCartridge,
    PhaseRef,
    QcResultsEnd,
    StartModule,
    SubmitSample,
    TagEnd,
    TimeEnd,
    WriteSetpoint,
)
from app.batch.runtime import Batch, PhaseProgress
from hardware import CellQ, HardwareError, Quality


class EquipmentSteps(EngineCore):
    """What the engine tells the equipment and how it knows a phase is done."""

    async def _issue_action(self, batch: Batch, ref: PhaseRef) -> None:
        action, progress = ref.phase.action, batch.progress
        if progress.action_issued_at is not None and self._already_done(batch, action):
            # Sent before, but the station went down (or the answer was lost) before it was
            # recorded: the equipment is doing it, so take it over rather than send it twice.
            progress.action_done = True
            self._event(
                batch,
                "action-adopted",
                target=action.type,
                reason="the equipment had already carried out the command",
            )
            self._rewatch()
            batch.wake.set()
            return
        if isinstance(action, StartModule | WriteSetpoint):
            problem = self._bay_identity_problem(batch)
            if problem is not None:
                return
        progress.action_issued_at = self.clock()
        self.recorder.save(batch)  # so a restart knows the command may have gone out
        try:
            what = await self._send(batch, action)
        except HardwareError as exc:
            message = f"{ref.phase.name}: the equipment refused {action.type}: {exc}"
            self._deviate(batch, "equipment-command-failed", "major", message, holds=True)
            self._system_hold(batch, message)
            return
        progress.action_done = True
        self._event(batch, "action", target=action.type, new=what)
        self._rewatch()
        batch.wake.set()

    def _already_done(self, batch: Batch, action: object) -> bool:
        """Whether the equipment shows the effect of ``action`` (good data only)."""
        if isinstance(action, LoadCartridge):
            return (
                self._bay_text(batch, "cartridge/barcode") == batch.barcode
                and self._bay_text(batch, "cartridge/coi") == batch.coi
            )
        if isinstance(action, StartModule):
            return self._bay_text(batch, "process/module") == action.module and self._bay_text(
                batch, "process/state"
            ) in (RUNNING_BAY, "complete")
        if isinstance(action, WriteSetpoint):
            return good_number(self._bay_sample(batch, action.tag)) == action.value
        if isinstance(action, SubmitSample) and batch.cellq_id:
            sample_id = batch.sample_id(action.sample)
            latest = self.devices[batch.cellq_id].latest
            for tag in ("queue/json", "results/json"):
                sample = latest.get(f"{batch.cellq_id}/{tag}")
                if (
                    sample is not None
                    and sample.quality is Quality.GOOD
                    and (f'"sample_id":"{sample_id}"' in str(sample.value))
                ):
                    return True
        return False

    async def _send(self, batch: Batch, action: object) -> str:
        bay = batch.bay or 0
        if isinstance(action, LoadCartridge):
            await self._shuttle(batch).load_cartridge(bay, batch.barcode, batch.coi)
            return f"cartridge {batch.barcode} into {batch.unit_label}"
        if isinstance(action, StartModule):
            await self._shuttle(batch).start_module(bay, action.module, action.duration_h)
            hours = f"{action.duration_h:g} h" if action.duration_h else "nominal time"
            return f"{action.module} for {hours} on {batch.unit_label}"
        if isinstance(action, WriteSetpoint):
            await self._shuttle(batch).write_setpoint(bay, action.tag, action.value)
            return f"{action.tag} = {action.value:g} on {batch.unit_label}"
        if isinstance(action, SubmitSample):
            device = self.devices[batch.cellq_id]
            assert isinstance(device, CellQ)
            sample_id = batch.sample_id(action.sample)
            await device.submit_sample(sample_id, batch.coi, list(action.assays))
            return f"sample {sample_id} ({', '.join(action.assays)}) to {batch.cellq_id}"
        raise BatchError(f"unknown equipment action {action!r}")

    def _bay_identity_problem(self, batch: Batch) -> str | None:
        """Chain of identity at the equipment: the bay must hold this batch's cartridge."""
        barcode = self._bay_text(batch, "cartridge/barcode")
        coi = self._bay_text(batch, "cartridge/coi")
        if barcode is None or coi is None:
            message = f"cannot read the cartridge identity at {batch.unit_label}"
            self._deviate(batch, "data-loss", "major", message, holds=True)
            self._system_hold(batch, message)
            return message
        if barcode != batch.barcode or coi != batch.coi:
            message = (
                f"{batch.unit_label} holds cartridge {barcode or '(none)'}, not this batch's "
                f"{batch.barcode}; nothing is started on it"
            )
            self._deviate(
                batch, "identity-mismatch", "critical", message, holds=True, value=barcode
            )
            self._system_hold(batch, message)
            return message
        return None

    def _end_reached(self, batch: Batch, ref: PhaseRef) -> tuple[bool, str]:
        phase, progress = ref.phase, batch.progress
        end, action = phase.end, phase.action
        if isinstance(end, TimeEnd):
            return progress.elapsed_s >= end.hours * 3600.0, f"{end.hours:g} h done"
        if isinstance(end, ImmediateEnd):
            return progress.action_done, "accepted by the equipment"
        if isinstance(end, QcResultsEnd):
            return self._qc_result(batch, ref) is not None, "QC results in"
        if isinstance(action, StartModule):
            module_state = self._module_state(batch, action, progress)
            if module_state in ("fault", "stopped"):
                message = f"{action.module} on {batch.unit_label} is {module_state}"
                self._deviate(batch, "module-fault", "major", message, holds=True)
                self._system_hold(batch, message)
                return False, ""
            if isinstance(end, EquipmentEnd):
                return module_state == "complete", f"{action.module} complete"
        if isinstance(end, TagEnd):
            value = good_number(self._bay_sample(batch, end.tag))
            if value is not None and end.met(value):
                return True, f"{end.tag} = {value:g} ({end.describe()})"
            if (
                isinstance(action, StartModule)
                and self._module_state(batch, action, progress) == "complete"
            ):
                self._deviate(
                    batch,
                    "target-not-reached",
                    "minor",
                    f"{action.module} ended before {end.describe()} "
                    f"(last {value if value is not None else 'unknown'})",
                    tag=end.tag,
                    value=value,
                )
                return True, f"{action.module} complete before {end.describe()}"
            return False, ""
        return True, "done"  # confirmation end: the manual work is done

    def _module_state(
        self, batch: Batch, action: StartModule, progress: PhaseProgress
    ) -> str | None:
        """The bay's state for this phase's module, from good samples newer than the
        command (an old 'complete' from the module before does not count)."""
        state = self._bay_sample(batch, "process/state")
        module = self._bay_sample(batch, "process/module")
        if state is None or module is None:
            return None
        if state.quality is not Quality.GOOD or module.quality is not Quality.GOOD:
            return None
        if module.value != action.module:
            return None
        issued = progress.action_issued_at or 0.0
        if state.source_time < issued - 1e-6:
            return None
        return str(state.value)

    async def _resume_module(self, batch: Batch, ref: PhaseRef, action: StartModule) -> bool:
        """After a fault or stop the module is run again for the time it still had left."""
        state = self._bay_text(batch, "process/state")
        module = self._bay_text(batch, "process/module")
        if state in (RUNNING_BAY, "complete") and module == action.module:
            return True
        shuttle, bay = self._shuttle(batch), batch.bay or 0
        progress = good_number(self._bay_sample(batch, "process/progress")) or 0.0
        planned = action.duration_h or ref.phase.duration_h
        remaining = max(0.1, planned * (1.0 - progress / 100.0))
        try:
            if state == "fault":
                await shuttle.reset_fault(bay)
            batch.progress.action_issued_at = self.clock()
            await shuttle.start_module(bay, action.module, remaining)
        except HardwareError as exc:
            message = f"{action.module} could not be restarted: {exc}"
            self._deviate(batch, "equipment-command-failed", "major", message, holds=True)
            self._system_hold(batch, message)
            return False
        self._event(
            batch,
            "action",
            target="start_module",
            new=f"{action.module} for {remaining:.1f} h",
            reason="restart after hold: remaining time",
        )
        return True

    async def _end_equipment(self, batch: Batch, *, abort: bool) -> None:
        """Stop: end a running module; Abort: abort whatever the module is doing."""
        ref = batch.current
        if ref is None or not isinstance(ref.phase.action, StartModule):
            return
        if not batch.progress.action_done:
            return
        state = self._bay_text(batch, "process/state")
        wanted = ("running", "stopped", "fault") if abort else ("running",)
        if state not in wanted:
            return
        shuttle, bay = self._shuttle(batch), batch.bay or 0
        command = "abort_module" if abort else "stop_module"
        try:
            await (shuttle.abort_module(bay) if abort else shuttle.stop_module(bay))
        except HardwareError as exc:
            self._deviate(
                batch,
                "equipment-command-failed",
                "critical" if abort else "major",
                f"{command} on {batch.unit_label} failed: {exc}; check the bay",
            )
            return
        self._event(batch, "action", target=command, new=ref.phase.action.module)

    # -- QC results ---------------------------------------------------------------------

    def _qc_result(self, batch: Batch, ref: PhaseRef) -> dict[str, object] | None:
        action = ref.phase.action
        if not isinstance(action, SubmitSample) or not batch.cellq_id:
            return None
        sample = self.devices[batch.cellq_id].latest.get(f"{batch.cellq_id}/results/json")
        if sample is None or sample.quality is not Quality.GOOD or not sample.value:
            return None
        sample_id = batch.sample_id(action.sample)
        try:
            results = json.loads(str(sample.value))
        except ValueError:
            return None
        for result in results:
            if isinstance(result, dict) and result.get("sample_id") == sample_id:
                return result
        return None

    def _check_qc(self, batch: Batch, ref: PhaseRef, action: SubmitSample) -> list[str]:
        """Record each assay result against its specification; returns hold reasons."""
        result = self._qc_result(batch, ref) or {}
        holds: list[str] = []
        if result.get("coi") != batch.coi:
            message = (
                f"QC sample {batch.sample_id(action.sample)} reports chain-of-identity "
                f"{result.get('coi')!r}, not {batch.coi!r}"
            )
            self._deviate(batch, "identity-mismatch", "critical", message, holds=True)
            return [message]
        specs = {spec.assay: spec for spec in ref.phase.specs}
        runs = result.get("assays", [])
        for run in runs if isinstance(runs, list) else []:
            assay = str(run.get("assay"))
            value = run.get("result")
            unit = str(run.get("unit") or "")
            spec = specs.get(assay)
            passed = spec.passes(float(value)) if spec is not None and value is not None else None
            verdict = {True: "pass", False: "FAIL", None: "no specification"}[passed]
            self._event(
                batch,
                "qc-result",
                target=assay,
                new=f"{value} {unit}".strip(),
                reason=f"{verdict}" + (f" (spec {spec.describe()})" if spec else ""),
            )
            if spec is not None and passed is False:
                message = f"{assay} {value} {unit} is out of specification {spec.describe()}"
                self._deviate(
                    batch,
                    "out-of-specification",
                    "major",
                    message,
                    tag=assay,
                    value=value,
                    low=spec.low,
                    high=spec.high,
                    holds=spec.holds_batch,
                )
                if spec.holds_batch:
                    holds.append(message)
        return holds
