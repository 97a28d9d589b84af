"""Alarm definitions: what to watch, when it is abnormal, how urgent, what to do.

Definitions come from TOML (a shipped standard set per device kind, plus a plant's own
``[[alarms]]``), are validated one by one, and are bound to the plant's tags: a bay-scope
definition becomes one alarm per bay of every shuttle. A bad definition is refused with
the file, the alarm and the reason, and the rest still load.
"""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.config import PlantConfig
from app.plant import device_specs
from hardware import TagKind, TagSpec
from hardware.catalog import bay_prefix


class Condition(enum.StrEnum):
    HIGH = "high"
    HIGH_HIGH = "high-high"
    LOW = "low"
    LOW_LOW = "low-low"
    DEVIATION = "deviation"  # |value - setpoint| > limit
    RATE = "rate"  # |change| per minute > limit
    DISCRETE = "discrete"  # value == state
    BAD_QUALITY = "bad-quality"  # the tag (or the device's link) is bad


class Priority(enum.StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """1 = most urgent; sorts the banner and the summary."""
        return _RANK[self]


_RANK = {Priority.CRITICAL: 1, Priority.HIGH: 2, Priority.MEDIUM: 3, Priority.LOW: 4}
_ANALOG = {Condition.HIGH, Condition.HIGH_HIGH, Condition.LOW, Condition.LOW_LOW}


class AlarmDefinition(BaseModel):
    """One alarm as an engineer writes it in a TOML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")
    scope: Literal["bay", "device", "tag"] = "tag"
    device_kind: Literal["shuttle", "cellq", "environment"] | None = None
    grades: list[Literal["A", "B", "C", "D"]] = []
    tag: str = ""  # relative to the bay/device for those scopes, absolute for "tag"
    condition: Condition
    limit: float | None = None
    setpoint_tag: str | None = None
    state: str | bool | None = None
    priority: Priority
    deadband: float = Field(0.0, ge=0.0)
    on_delay_s: float = Field(0.0, ge=0.0, le=86_400.0)
    off_delay_s: float = Field(0.0, ge=0.0, le=86_400.0)
    latching: bool = False
    alarm_class: str = "process"
    message: str = Field(min_length=1)
    cause: str = ""
    consequence: str = ""
    action: str = ""
    # Suppressed by design while the bay's equipment state or module is one of these.
    suppress_when_state: list[str] = []
    suppress_when_module: list[str] = []

    @model_validator(mode="after")
    def _consistent(self) -> AlarmDefinition:
        needs_limit = _ANALOG | {Condition.DEVIATION, Condition.RATE}
        if self.condition in needs_limit and self.limit is None:
            raise ValueError(f"a {self.condition.value} alarm needs a limit")
        relative = (Condition.DEVIATION, Condition.RATE)
        if self.condition in relative and self.limit is not None and self.limit <= 0:
            raise ValueError(f"a {self.condition.value} limit must be positive")
        if self.condition is Condition.DEVIATION and not self.setpoint_tag:
            raise ValueError("a deviation alarm needs a setpoint_tag")
        if self.condition is Condition.DISCRETE and self.state is None:
            raise ValueError("a discrete alarm needs the state that is abnormal")
        if self.scope == "device" and self.device_kind is None:
            raise ValueError("a device-scope alarm needs device_kind")
        if self.scope == "tag" and "/" not in self.tag:
            raise ValueError("a tag-scope alarm needs an absolute tag path")
        if self.condition is not Condition.BAD_QUALITY and not self.tag:
            raise ValueError("only a bad-quality alarm may watch the whole device (no tag)")
        return self


@dataclass(frozen=True, slots=True)
class BoundAlarm:
    """A definition bound to one place in the plant: the unit the engine tracks."""

    alarm_id: str
    definition: AlarmDefinition
    tag: str  # absolute path; "" = the device's connection
    setpoint_tag: str | None
    source: str  # e.g. "shuttle-01/bay-03" or "cellq-01"
    device_id: str
    area: str
    state_tag: str | None  # bay state, for suppression by design
    module_tag: str | None
    spec: TagSpec | None


def _limit_problem(definition: AlarmDefinition, spec: TagSpec) -> str | None:
    if definition.condition in (Condition.DISCRETE, Condition.BAD_QUALITY):
        return None
    if spec.kind is not TagKind.ANALOG:
        return f"{spec.path} is not an analog tag; {definition.condition.value} needs a number"
    limit = definition.limit
    if definition.condition in _ANALOG and limit is not None:
        low, high = spec.low, spec.high
        if (low is not None and limit < low) or (high is not None and limit > high):
            return (
                f"limit {limit:g} {spec.unit} is outside the range of {spec.path} "
                f"({low:g} to {high:g} {spec.unit}), so the alarm could never work"
            )
    return None


def bind(
    definitions: list[tuple[AlarmDefinition, str]], plant: PlantConfig
) -> tuple[list[BoundAlarm], list[str]]:
    """Expand definitions over the plant; returns the alarms and the refused ones."""
    alarms: list[BoundAlarm] = []
    problems: list[str] = []
    specs: dict[str, TagSpec] = {}
    areas: dict[str, str] = {}
    for device in plant.devices:
        for spec in device_specs(device):
            specs[spec.path] = spec
        areas[device.id] = getattr(device, "area", "") or getattr(device, "room", "") or ""
    seen: set[str] = set()
    for definition, origin in definitions:
        if definition.id in seen:
            problems.append(f"{origin}: alarm {definition.id}: id is defined twice")
            continue
        seen.add(definition.id)
        bound, problem = _bind_one(definition, plant, specs, areas)
        if problem:
            problems.append(f"{origin}: alarm {definition.id}: {problem}")
        else:
            alarms.extend(bound)
    return alarms, problems


def _bind_one(
    definition: AlarmDefinition,
    plant: PlantConfig,
    specs: dict[str, TagSpec],
    areas: dict[str, str],
) -> tuple[list[BoundAlarm], str | None]:
    places: list[tuple[str, str, str | None]] = []  # (prefix, device_id, bay prefix)
    if definition.scope == "bay":
        for shuttle in plant.shuttles:
            for bay in range(1, shuttle.bays + 1):
                prefix = bay_prefix(shuttle.id, bay)
                places.append((prefix, shuttle.id, prefix))
    elif definition.scope == "device":
        for device in plant.devices:
            grade = getattr(device, "grade", None)
            if device.kind == definition.device_kind and (
                not definition.grades or grade in definition.grades
            ):
                places.append((f"{device.id}/", device.id, None))
    else:
        device_id = definition.tag.split("/", 1)[0]
        places.append(("", device_id, None))
    if not places:
        return [], None  # nothing of that kind in this plant: nothing to watch
    bound: list[BoundAlarm] = []
    for prefix, device_id, bay in places:
        tag = prefix + definition.tag if definition.tag else ""
        spec = specs.get(tag) if tag else None
        if tag and spec is None:
            return [], f"unknown tag {tag}"
        if spec is not None and (problem := _limit_problem(definition, spec)):
            return [], problem
        setpoint = prefix + definition.setpoint_tag if definition.setpoint_tag else None
        if setpoint is not None and setpoint not in specs:
            return [], f"unknown setpoint tag {setpoint}"
        source = prefix.rstrip("/") or tag.rsplit("/", 2)[0]
        bound.append(
            BoundAlarm(
                alarm_id=f"{definition.id}@{source}",
                definition=definition,
                tag=tag,
                setpoint_tag=setpoint,
                source=source,
                device_id=device_id,
                area=areas.get(device_id, ""),
                state_tag=(bay + "process/state") if bay else None,
                module_tag=(bay + "process/module") if bay else None,
                spec=spec,
            )
        )
    return bound, None


def parse_definitions(
    text: str, origin: str
) -> tuple[list[tuple[AlarmDefinition, str]], list[str]]:
    """Read ``[[alarms]]`` from TOML text; each bad entry is refused on its own."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [f"{origin}: not valid TOML: {exc}"]
    return validate_entries(data.get("alarms", []), origin)


def validate_entries(
    entries: object, origin: str
) -> tuple[list[tuple[AlarmDefinition, str]], list[str]]:
    if not isinstance(entries, list):
        return [], [f"{origin}: 'alarms' must be a list of [[alarms]] tables"]
    good: list[tuple[AlarmDefinition, str]] = []
    problems: list[str] = []
    for index, entry in enumerate(entries):
        name = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            good.append((AlarmDefinition.model_validate(entry), origin))
        except ValidationError as exc:
            reasons = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'definition'}: {err['msg']}"
                for err in exc.errors()
            )
            problems.append(f"{origin}: alarm {name}: {reasons}")
    return good, problems


STANDARD_ALARMS = "standard.toml"


def load_alarms(
    plant: PlantConfig, plant_dir: Path | None = None
) -> tuple[list[BoundAlarm], list[str]]:
    """The plant's alarms: its alarm files (shipped or beside the plant file) and its own
    ``[[alarms]]``; returns the bound alarms and every refused definition."""
    definitions: list[tuple[AlarmDefinition, str]] = []
    problems: list[str] = []
    for name in plant.alarm_files:
        local = (plant_dir / name) if plant_dir is not None else None
        try:
            if local is not None and local.exists():
                text, origin = local.read_text("utf-8"), str(local)
            else:
                text = resources.files("resources.alarms").joinpath(name).read_text("utf-8")
                origin = f"<shipped alarms/{name}>"
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{name}: cannot read alarm file: {exc}")
            continue
        found, refused = parse_definitions(text, origin)
        definitions += found
        problems += refused
    found, refused = validate_entries(plant.alarms, "plant file [[alarms]]")
    definitions += found
    problems += refused
    alarms, unbound = bind(definitions, plant)
    return alarms, problems + unbound
