"""LiveState: the latest value of every tag, handed to the UI once per frame.

Updates arrive on the station core's loop at equipment speed; the UI takes what changed
since its last frame, so ten thousand updates a second cost one dictionary swap per
frame, not one repaint per update.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from hardware import ConnectionState, Sample


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    device_id: str
    state: ConnectionState
    detail: str


class LiveState:
    """Thread-safe latest values and device connection states."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: dict[str, Sample] = {}
        self._pending: dict[str, Sample] = {}
        self._devices: dict[str, DeviceStatus] = {}
        self.updates_received = 0

    def update(self, samples: Iterable[Sample]) -> None:
        with self._lock:
            pending = self._pending
            count = 0
            for sample in samples:
                pending[sample.path] = sample
                count += 1
            self.updates_received += count

    def set_device_status(self, status: DeviceStatus) -> None:
        with self._lock:
            self._devices[status.device_id] = status

    def take_changes(self) -> dict[str, Sample]:
        """Everything that changed since the previous call (latest value per tag)."""
        with self._lock:
            changes, self._pending = self._pending, {}
            self._latest.update(changes)
        return changes

    def snapshot(self) -> dict[str, Sample]:
        with self._lock:
            self._latest.update(self._pending)
            self._pending = {}
            return dict(self._latest)

    def device_statuses(self) -> dict[str, DeviceStatus]:
        with self._lock:
            return dict(self._devices)
