"""A simulated Cell Shuttle: 16 cartridge bays, robot mover, inventories, power."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from hardware.catalog import MODULES, bay_prefix, shuttle_specs
from hardware.mock.culture import DAY, HOUR, Culture
from hardware.tags import CommandFailed, InvalidValue, TagNotFound, TagSpec, TagValue

# Nominal duration (h), growth factor while running, and the steps shown to the operator.
MODULE_PROFILE: dict[str, tuple[float, float, tuple[str, ...]]] = {
    "magnetic-selection": (3.0, 0.0, ("bead incubation", "magnetic separation", "elution")),
    "activation": (24.0, 0.35, ("bead addition", "activation culture")),
    "electroporation": (1.0, 0.0, ("buffer exchange", "pulse", "recovery")),
    "viral-transduction": (24.0, 0.5, ("vector addition", "transduction culture")),
    "bioreactor-expansion": (8 * 24.0, 1.0, ("expansion culture",)),
    "counterflow-wash": (3.0, 0.0, ("wash", "concentrate", "collect")),
    "formulation-fill": (2.0, 0.0, ("formulation", "fill", "seal")),
    "controlled-rate-freezing": (4.0, 0.0, ("cool to 4 °C", "ramp -1 °C/min", "hold -90 °C")),
}

_MEASUREMENT_NOISE: dict[str, float] = {
    "temperature": 0.03,
    "ph": 0.008,
    "dissolved_oxygen": 0.4,
    "co2": 0.03,
    "glucose": 0.02,
    "lactate": 0.015,
    "volume": 0.3,
}

_WRITABLE_SETPOINTS = {
    "bioreactor/temperature_sp": "temperature_sp",
    "bioreactor/dissolved_oxygen_sp": "dissolved_oxygen_sp",
    "bioreactor/co2_sp": "co2_sp",
    "bioreactor/glucose_feed_sp": "glucose_feed_sp",
}


@dataclass(slots=True)
class Bay:
    number: int
    barcode: str = ""
    coi: str = ""
    module: str = ""
    state: str = "empty"
    elapsed_s: float = 0.0
    duration_s: float = 0.0
    culture: Culture | None = None
    media_used_l: float = field(default=0.0)

    @property
    def progress(self) -> float:
        if self.duration_s <= 0:
            return 0.0
        return min(100.0, 100.0 * self.elapsed_s / self.duration_s)

    @property
    def step(self) -> str:
        if not self.module:
            return ""
        steps = MODULE_PROFILE[self.module][2]
        if self.state == "complete":
            return "done"
        if self.module == "bioreactor-expansion" and self.culture is not None:
            return f"day {self.culture.age_s / DAY:.0f}"
        index = min(len(steps) - 1, int(self.progress / 100.0 * len(steps)))
        return steps[index]


class ShuttleModel:
    """Simulation behind a mock Cell Shuttle backend."""

    max_substep_s = 1800.0

    def __init__(self, device_id: str, bays: int = 16, seed: int = 0) -> None:
        self.device_id = device_id
        self.bay_count = bays
        self.rng = random.Random(seed)
        self.bays = [Bay(number) for number in range(1, bays + 1)]
        self.robot_position = "home"
        self.robot_state = "idle"
        self.doors_closed = True
        self.interlocks_ok = True
        self.media_l = 18.0
        self.reagents_pct = 85.0
        self.waste_pct = 12.0
        self.ups_state = "mains"
        self.ups_charge = 100.0
        self._robot_busy_s = 0.0
        self._specs = shuttle_specs(device_id, bays)
        self._prefixes = [bay_prefix(device_id, bay.number) for bay in self.bays]
        self._keys = [_BayKeys(prefix) for prefix in self._prefixes]
        normals = [self.rng.gauss(0.0, 1.0) for _ in range(4099)]
        self._noise = itertools.cycle(normals).__next__

    # -- SimulatedEquipment -------------------------------------------------------------

    def specs(self) -> Sequence[TagSpec]:
        return self._specs

    def advance(self, dt: float, now: float) -> None:
        remaining = dt
        while remaining > 0:
            step = min(remaining, self.max_substep_s)
            remaining -= step
            for bay in self.bays:
                self._advance_bay(bay, step)
        self._advance_robot(dt)

    def values(self) -> dict[str, TagValue]:
        device = self.device_id
        out: dict[str, TagValue] = {
            f"{device}/robot/position": self.robot_position,
            f"{device}/robot/state": self.robot_state,
            f"{device}/doors/closed": self.doors_closed,
            f"{device}/interlocks/ok": self.interlocks_ok,
            f"{device}/inventory/media": round(self.media_l, 2),
            f"{device}/inventory/reagents": round(self.reagents_pct, 0),
            f"{device}/inventory/waste": round(self.waste_pct, 0),
            f"{device}/power/ups_state": self.ups_state,
            f"{device}/power/ups_charge": round(self.ups_charge, 0),
        }
        noise = self._noise  # cycling standard normals: C-speed sensor noise
        sd = _MEASUREMENT_NOISE
        for bay, k in zip(self.bays, self._keys, strict=True):
            culture = bay.culture
            out[k.barcode] = bay.barcode
            out[k.coi] = bay.coi
            out[k.module] = bay.module
            out[k.step] = bay.step
            out[k.state] = bay.state
            out[k.progress] = round(bay.progress, 1) if bay.module else None
            if culture is None:
                for path in k.culture:
                    out[path] = None
                continue
            out[k.age] = round(culture.age_s / HOUR, 1)
            out[k.temperature] = round(culture.temperature + sd["temperature"] * noise(), 2)
            out[k.temperature_sp] = culture.temperature_sp
            out[k.ph] = round(culture.ph + sd["ph"] * noise(), 3)
            out[k.dissolved_oxygen] = round(
                culture.dissolved_oxygen + sd["dissolved_oxygen"] * noise(), 1
            )
            out[k.dissolved_oxygen_sp] = culture.dissolved_oxygen_sp
            out[k.co2] = round(culture.co2 + sd["co2"] * noise(), 2)
            out[k.co2_sp] = culture.co2_sp
            out[k.glucose] = round(max(0.0, culture.glucose + sd["glucose"] * noise()), 2)
            out[k.glucose_feed_sp] = culture.glucose_feed_sp
            out[k.lactate] = round(max(0.0, culture.lactate + sd["lactate"] * noise()), 2)
            out[k.vcd] = round(culture.viable * (1 + 0.01 * noise()), 3)
            out[k.viability] = round(min(100.0, culture.viability + 0.2 * noise()), 1)
            out[k.volume] = round(culture.volume + sd["volume"] * noise(), 1)
        return out

    def write(self, path: str, value: TagValue) -> None:
        bay, rel = self._locate(path)
        attribute = _WRITABLE_SETPOINTS.get(rel)
        if attribute is None:
            raise TagNotFound(f"{path} is not a writable setpoint")
        if bay.culture is None:
            raise CommandFailed(f"bay {bay.number} holds no cartridge; nothing to set")
        setattr(bay.culture, attribute, float(value))  # type: ignore[arg-type]

    def call(self, command: str, args: dict[str, TagValue]) -> TagValue:
        handler = getattr(self, f"_cmd_{command}", None)
        if handler is None:
            raise CommandFailed(f"{self.device_id} has no command {command!r}")
        return handler(**args)

    # -- commands -----------------------------------------------------------------------

    def _bay(self, bay: TagValue) -> Bay:
        if not isinstance(bay, int) or not 1 <= bay <= self.bay_count:
            raise InvalidValue(f"{self.device_id} has bays 1-{self.bay_count}, not {bay!r}")
        return self.bays[bay - 1]

    def _cmd_load_cartridge(self, bay: int, barcode: str, coi: str) -> None:
        target = self._bay(bay)
        if target.state != "empty":
            raise CommandFailed(f"bay {bay} already holds cartridge {target.barcode}")
        target.barcode, target.coi, target.state = barcode, coi, "idle"
        target.module, target.elapsed_s, target.duration_s = "", 0.0, 0.0
        target.culture = Culture(viable=0.0, dead=0.0, volume=0.0, glucose=0.0, lactate=0.0)
        self._move_robot_to(target)

    def _cmd_unload_cartridge(self, bay: int) -> None:
        target = self._bay(bay)
        if target.state == "empty":
            raise CommandFailed(f"bay {bay} is already empty")
        if target.state == "running":
            raise CommandFailed(f"bay {bay} is running {target.module}; stop it first")
        self.bays[bay - 1] = Bay(bay)
        self._move_robot_to(self.bays[bay - 1])

    def _cmd_start_module(self, bay: int, module: str, duration_h: float = 0.0) -> None:
        target = self._bay(bay)
        if module not in MODULE_PROFILE:
            raise InvalidValue(f"unknown module {module!r}")
        if target.state == "empty":
            raise CommandFailed(f"bay {bay} holds no cartridge")
        if target.state == "running":
            raise CommandFailed(f"bay {bay} is already running {target.module}")
        if target.state == "fault":
            raise CommandFailed(f"bay {bay} is in fault; clear the fault first")
        if not self.interlocks_ok or not self.doors_closed:
            raise CommandFailed(f"{self.device_id}: doors open or interlock tripped")
        nominal_h = MODULE_PROFILE[module][0]
        target.module = module
        target.state = "running"
        target.elapsed_s = 0.0
        target.duration_s = (duration_h or nominal_h) * HOUR
        culture = target.culture or Culture()
        target.culture = culture
        if module == "magnetic-selection":
            # Apheresis material enters the cartridge as the selection starts.
            culture.viable, culture.dead, culture.volume = 1.2, 0.08, 100.0
            culture.glucose, culture.lactate, culture.age_s = 4.5, 0.1, 0.0
        elif module == "electroporation":
            culture.viable *= 0.8
            culture.dead += culture.viable * 0.25
        elif module == "controlled-rate-freezing":
            culture.temperature_sp = 4.0
        self._move_robot_to(target)

    def _cmd_reset_fault(self, bay: int) -> None:
        target = self._bay(bay)
        if target.state != "fault":
            raise CommandFailed(f"bay {bay} has no fault to reset")
        target.state = "stopped"

    def trip_module(self, target: str) -> None:
        """A module fault (injected): the bay's operation stops in fault."""
        bay, _ = self._locate(target if target.endswith("/") else target + "/")
        if bay.state == "empty":
            raise CommandFailed(f"bay {bay.number} holds no cartridge; nothing to fault")
        bay.state = "fault"

    def _cmd_stop_module(self, bay: int) -> None:
        target = self._bay(bay)
        if target.state != "running":
            raise CommandFailed(f"bay {bay} is not running a module")
        target.state = "stopped"

    def _cmd_abort_module(self, bay: int) -> None:
        target = self._bay(bay)
        if target.state not in ("running", "stopped", "fault"):
            raise CommandFailed(f"bay {bay} has no module operation to abort")
        target.state = "stopped"
        if target.culture is not None:
            target.culture.temperature_sp = 37.0

    # -- simulation -----------------------------------------------------------------------

    def _advance_bay(self, bay: Bay, dt: float) -> None:
        culture = bay.culture
        if culture is None:
            return
        running = bay.state == "running"
        growth = MODULE_PROFILE[bay.module][1] if running and bay.module else 0.0
        if bay.module == "controlled-rate-freezing" and running:
            # 1 °C/min ramp down after the 4 °C hold, to -90 °C.
            if bay.elapsed_s > 0.5 * HOUR:
                culture.temperature_sp = max(-90.0, culture.temperature_sp - dt / 60.0)
            culture.temperature = culture.temperature_sp
        else:
            culture.control(dt)
        if culture.volume > 0 and bay.module not in ("controlled-rate-freezing",):
            culture.grow(dt, growth)
            if running and bay.module == "bioreactor-expansion":
                used = culture.feed()
                if used:
                    self.media_l -= used
                    self.waste_pct = min(100.0, self.waste_pct + used * 2.0)
                    if self.media_l < 1.0:
                        self.media_l = 18.0  # the technician swaps the media bag
        if not running:
            return
        bay.elapsed_s += dt
        if bay.elapsed_s >= bay.duration_s:
            bay.elapsed_s = bay.duration_s
            bay.state = "complete"
            self._finish_module(bay, culture)

    def _finish_module(self, bay: Bay, culture: Culture) -> None:
        if bay.module == "counterflow-wash":
            culture.concentrate(new_volume=50.0, recovery=0.85)
        elif bay.module == "formulation-fill":
            culture.concentrate(new_volume=70.0, recovery=0.97)
        self.reagents_pct = max(0.0, self.reagents_pct - 0.5)

    def _advance_robot(self, dt: float) -> None:
        if self._robot_busy_s > 0:
            self._robot_busy_s -= dt
            if self._robot_busy_s <= 0:
                self.robot_state = "idle"
        elif self.rng.random() < min(1.0, dt / 900.0):
            # Routine sampling and inspection moves between bays.
            occupied = [bay for bay in self.bays if bay.state != "empty"]
            if occupied:
                self._move_robot_to(self.rng.choice(occupied))

    def _move_robot_to(self, bay: Bay) -> None:
        self.robot_position = f"bay-{bay.number:02d}"
        self.robot_state = "moving"
        self._robot_busy_s = 20.0

    def _locate(self, path: str) -> tuple[Bay, str]:
        for bay, prefix in zip(self.bays, self._prefixes, strict=True):
            if path.startswith(prefix):
                return bay, path[len(prefix) :]
        raise TagNotFound(f"{self.device_id} has no tag {path}")

    # -- demo population ------------------------------------------------------------------

    def populate_demo(self, occupancy: float) -> None:
        """Fill bays with batches at realistic stages, as a plant mid-campaign would be."""
        stages = (
            ("activation", 0.1),
            ("viral-transduction", 0.1),
            ("bioreactor-expansion", 0.6),
            ("counterflow-wash", 0.06),
            ("formulation-fill", 0.06),
            ("controlled-rate-freezing", 0.08),
        )
        site = self.device_id.replace("shuttle-", "S")
        for bay in self.bays:
            if self.rng.random() >= occupancy:
                continue
            serial = self.rng.randrange(10_000, 99_999)
            barcode = f"CDK{serial}{bay.number:02d}"
            coi = f"COI-{site}-{self.rng.randrange(100000, 999999)}"
            self._cmd_load_cartridge(bay.number, barcode, coi)
            self._cmd_start_module(bay.number, "magnetic-selection")
            module = self.rng.choices([s for s, _ in stages], [w for _, w in stages])[0]
            self._fast_forward(bay, module)

    def _fast_forward(self, bay: Bay, module: str) -> None:
        culture = bay.culture
        assert culture is not None
        # Replay the process up to the chosen module with coarse steps.
        for earlier in MODULES:
            if earlier == "electroporation":
                continue
            if earlier == module:
                break
            if bay.module != earlier:
                bay.state = "idle"
                self._cmd_start_module(bay.number, earlier)
            self._run_for(bay, bay.duration_s)
        if bay.module != module:
            bay.state = "idle"
            self._cmd_start_module(bay.number, module)
        self._run_for(bay, bay.duration_s * self.rng.uniform(0.05, 0.9))

    def _run_for(self, bay: Bay, seconds: float) -> None:
        remaining = seconds
        while remaining > 0 and bay.state == "running":
            step = min(remaining, self.max_substep_s)
            remaining -= step
            self._advance_bay(bay, step)


class _BayKeys:
    """Tag paths of one bay, built once: string joins per tag per tick add up."""

    def __init__(self, prefix: str) -> None:
        self.barcode = prefix + "cartridge/barcode"
        self.coi = prefix + "cartridge/coi"
        self.module = prefix + "process/module"
        self.step = prefix + "process/step"
        self.state = prefix + "process/state"
        self.progress = prefix + "process/progress"
        self.age = prefix + "process/culture_age"
        self.temperature = prefix + "bioreactor/temperature"
        self.temperature_sp = prefix + "bioreactor/temperature_sp"
        self.ph = prefix + "bioreactor/ph"
        self.dissolved_oxygen = prefix + "bioreactor/dissolved_oxygen"
        self.dissolved_oxygen_sp = prefix + "bioreactor/dissolved_oxygen_sp"
        self.co2 = prefix + "bioreactor/co2"
        self.co2_sp = prefix + "bioreactor/co2_sp"
        self.glucose = prefix + "bioreactor/glucose"
        self.glucose_feed_sp = prefix + "bioreactor/glucose_feed_sp"
        self.lactate = prefix + "bioreactor/lactate"
        self.vcd = prefix + "bioreactor/vcd"
        self.viability = prefix + "bioreactor/viability"
        self.volume = prefix + "bioreactor/volume"
        self.culture = tuple(prefix + name for name in _CULTURE_TAGS)


_CULTURE_TAGS = (
    "process/culture_age",
    "bioreactor/temperature",
    "bioreactor/temperature_sp",
    "bioreactor/ph",
    "bioreactor/dissolved_oxygen",
    "bioreactor/dissolved_oxygen_sp",
    "bioreactor/co2",
    "bioreactor/co2_sp",
    "bioreactor/glucose",
    "bioreactor/glucose_feed_sp",
    "bioreactor/lactate",
    "bioreactor/vcd",
    "bioreactor/viability",
    "bioreactor/volume",
)
