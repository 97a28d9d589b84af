"""Typed front ends of the plant's equipment: Cell Shuttle, Cell Q, cleanroom monitor."""

from __future__ import annotations

from hardware.backend import DeviceBackend
from hardware.catalog import ASSAYS, MODULES, bay_prefix
from hardware.device import STALE_AFTER_S, Device
from hardware.tags import InvalidValue, TagValue


class CellShuttle(Device):
    """An automated manufacturing system holding ``bays`` cartridges, one patient each."""

    kind = "shuttle"

    def __init__(
        self,
        device_id: str,
        backend: DeviceBackend,
        *,
        bays: int = 16,
        timeout: float = 5.0,
        stale_after_s: float = STALE_AFTER_S,
    ) -> None:
        super().__init__(device_id, backend, timeout=timeout, stale_after_s=stale_after_s)
        self.bays = bays

    def bay_path(self, bay: int, tag: str) -> str:
        self._check_bay(bay)
        return bay_prefix(self.device_id, bay) + tag

    def bay_value(self, bay: int, tag: str) -> TagValue:
        return self.value(self.bay_path(bay, tag))

    def _check_bay(self, bay: int) -> None:
        if not 1 <= bay <= self.bays:
            raise InvalidValue(f"{self.device_id} has bays 1-{self.bays}, not {bay}")

    async def load_cartridge(self, bay: int, barcode: str, coi: str) -> None:
        self._check_bay(bay)
        if not barcode.strip() or not coi.strip():
            raise InvalidValue("a cartridge needs both a barcode and a chain-of-identity id")
        await self.command("load_cartridge", bay=bay, barcode=barcode, coi=coi)

    async def unload_cartridge(self, bay: int) -> None:
        self._check_bay(bay)
        await self.command("unload_cartridge", bay=bay)

    async def start_module(self, bay: int, module: str, duration_h: float = 0.0) -> None:
        """Start a module operation; ``duration_h`` 0 runs the module's nominal time."""
        self._check_bay(bay)
        if module not in MODULES:
            raise InvalidValue(f"unknown module {module!r}; known: {', '.join(MODULES)}")
        if duration_h < 0:
            raise InvalidValue(f"a module duration cannot be negative ({duration_h} h)")
        await self.command("start_module", bay=bay, module=module, duration_h=duration_h)

    async def stop_module(self, bay: int) -> None:
        self._check_bay(bay)
        await self.command("stop_module", bay=bay)

    async def abort_module(self, bay: int) -> None:
        self._check_bay(bay)
        await self.command("abort_module", bay=bay)

    async def reset_fault(self, bay: int) -> None:
        self._check_bay(bay)
        await self.command("reset_fault", bay=bay)

    async def write_setpoint(self, bay: int, tag: str, value: float) -> None:
        await self.write(self.bay_path(bay, tag), value)


class CellQ(Device):
    """An automated QC instrument: takes samples, runs release assays, reports results."""

    kind = "cellq"

    async def submit_sample(self, sample_id: str, coi: str, assays: list[str]) -> None:
        unknown = [a for a in assays if a not in ASSAYS]
        if unknown or not assays:
            raise InvalidValue(
                f"assays must be a non-empty choice of {', '.join(ASSAYS)}; got {assays}"
            )
        if not sample_id.strip():
            raise InvalidValue("a QC sample needs a sample id")
        await self.command("submit_sample", sample_id=sample_id, coi=coi, assays=",".join(assays))


class EnvironmentMonitor(Device):
    """A cleanroom's environmental monitoring: temperature, humidity, pressure, particles."""

    kind = "environment"
