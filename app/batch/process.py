"""Process supervision: CPPs on every good sample, doubtful data and lost links.

An excursion is a deviation and holds the batch where the recipe says so; a CPP that
cannot be verified (bad, uncertain, stale) or a lost link holds the phase, so nothing
runs on stale data. A restart is allowed only when the data is good again.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.batch.core import EngineCore, S, describe_quality, good_number
from app.batch.recipe import CriticalParameter, NoAction
from app.batch.runtime import Batch
from app.batch.states import ADVANCING, FINAL
from hardware import ConnectionState, Device, Sample


class ProcessWatch(EngineCore):
    """Watches the critical process parameters and the links of every batch."""

    def ready_problems(self, batch_id: str) -> list[str]:
        """Why a held batch may not restart now (empty when it may): lost links, CPPs that
        cannot be verified or are still outside limits that hold the batch."""
        return self._ready_problems(self._batch(batch_id))

    def _ready_problems(self, batch: Batch) -> list[str]:
        """Why the batch may not go on now: lost links, CPPs not verifiable or outside
        the limits that hold the batch."""
        ref = batch.current
        if ref is None:
            return []
        problems = []
        link = self._link_problem(batch, ref)
        if link is not None:
            problems.append(link)
        if self._monitoring(batch):
            for cpp in ref.phase.cpps:
                sample = self._bay_sample(batch, cpp.tag)
                value = good_number(sample)
                if value is None:
                    problems.append(f"{cpp.name} is {describe_quality(sample)}")
                elif cpp.holds_batch and not cpp.within(value):
                    problems.append(
                        f"{cpp.name} {value:g} {cpp.unit} is still outside {cpp.describe_limits()}"
                    )
        return problems

    # -- process data -------------------------------------------------------------------

    def _monitoring(self, batch: Batch) -> bool:
        """CPPs are watched from the moment the phase's equipment runs to its end, whether
        the procedure advances or waits (the cells are in the bay either way)."""
        ref = batch.current
        if ref is None or batch.bay is None or not ref.phase.cpps:
            return False
        if batch.state is S.IDLE or batch.state in FINAL:
            return False
        progress = batch.progress
        if progress.started_at is None or not progress.manual_done(ref.phase):
            return False
        return isinstance(ref.phase.action, NoAction) or progress.action_done

    def _rewatch(self) -> None:
        """Rebuild the tag -> (batch, CPP) map; a newly watched CPP is checked at once
        against the device's latest value."""
        if self._rewatching:
            return
        self._rewatching = True
        try:
            watch: dict[str, list[tuple[Batch, CriticalParameter]]] = {}
            for batch in self.batches.values():
                if self._monitoring(batch):
                    ref = batch.current
                    assert ref is not None
                    for cpp in ref.phase.cpps:
                        watch.setdefault(batch.cpp_path(cpp), []).append((batch, cpp))
            self._watch = watch
            watched = {(b.batch_id, path) for path, pairs in watch.items() for b, _ in pairs}
            fresh = watched - self._watched
            self._watched = watched
            for path, pairs in watch.items():
                for batch, cpp in pairs:
                    if (batch.batch_id, path) in fresh:
                        sample = self.devices[batch.shuttle_id].latest.get(path)
                        if sample is not None:
                            self._check_cpp(batch, cpp, sample)
        finally:
            self._rewatching = False

    def _on_samples(self, samples: Sequence[Sample]) -> None:
        watch = self._watch
        if not watch or not self._open:
            return
        for sample in samples:
            pairs = watch.get(sample.path)
            if pairs:
                for batch, cpp in pairs:
                    self._check_cpp(batch, cpp, sample)

    def _check_cpp(self, batch: Batch, cpp: CriticalParameter, sample: Sample) -> None:
        path = sample.path
        progress = batch.progress
        value = good_number(sample)
        if value is None:
            device = self.devices[batch.shuttle_id]
            if device.connection is not ConnectionState.CONNECTED:
                return  # the lost link is handled once, by the connection watch
            if path not in batch.doubtful:
                batch.doubtful.add(path)
                message = (
                    f"{cpp.name} reading is {describe_quality(sample)}: the CPP cannot be "
                    f"verified, {batch.current.phase.name if batch.current else 'step'} is held"
                )
                self._event(
                    batch, "cpp-unverified", target=cpp.tag, new=sample.value, reason=message
                )
                self._deviate(
                    batch,
                    "data-loss",
                    "minor",
                    message,
                    tag=cpp.tag,
                    value=sample.value,
                    holds=True,
                )
                self._system_hold(batch, message)
            return
        if path in batch.doubtful:
            batch.doubtful.discard(path)
            self._event(
                batch, "cpp-verified", target=cpp.tag, new=value, reason=f"{cpp.name} good again"
            )
        open_deviation = progress.excursions.get(cpp.tag)
        if not cpp.within(value):
            if open_deviation is None:
                low, high = cpp.limits
                phase = batch.current.phase.name if batch.current else ""
                message = (
                    f"{cpp.name} {value:g} {cpp.unit} is outside {cpp.describe_limits()} "
                    f"during {phase}"
                )
                deviation = self._deviate(
                    batch,
                    "cpp-excursion",
                    "major" if cpp.holds_batch else "minor",
                    message,
                    tag=cpp.tag,
                    value=value,
                    low=low,
                    high=high,
                    holds=cpp.holds_batch,
                )
                progress.excursions[cpp.tag] = deviation.deviation_id
                self.recorder.save(batch)
                if cpp.holds_batch:
                    self._system_hold(batch, message)
        elif open_deviation is not None:
            del progress.excursions[cpp.tag]
            self._event(
                batch,
                "cpp-in-limits",
                target=f"deviation {open_deviation}",
                new=value,
                reason=f"{cpp.name} back within {cpp.describe_limits()}",
            )

    def _on_connection(self, device: Device, state: ConnectionState, detail: str) -> None:
        if not self._open or device.device_id not in self.devices:
            return
        marker = f"link:{device.device_id}"
        for batch in list(self.batches.values()):
            ref = batch.current
            if ref is None or device not in self._needed_devices(batch, ref):
                continue
            if state is ConnectionState.CONNECTED:
                if marker in batch.doubtful:
                    batch.doubtful.discard(marker)
                    self._event(
                        batch,
                        "equipment-link-restored",
                        target=device.device_id,
                        new=state.value,
                        reason=detail,
                    )
                continue
            if state is ConnectionState.CONNECTING or marker in batch.doubtful:
                continue
            if batch.state not in ADVANCING and batch.state is not S.RESTARTING:
                continue
            batch.doubtful.add(marker)
            message = (
                f"{device.device_id} is {state.value} ({detail}); {ref.phase.name} is held "
                "until the link is back"
            )
            self._deviate(batch, "equipment-lost", "major", message, holds=True)
            self._system_hold(batch, message)
