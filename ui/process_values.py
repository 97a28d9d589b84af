"""How the shuttle and cartridge views read a process value: text, quality, normal range,
setpoint and alarm, decided in one place so level 2 and level 3 never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.alarms.definitions import Priority
from app.alarms.engine import AlarmSnapshot, AlarmView
from app.alarms.limits import TagLimits
from app.alarms.states import STANDING
from app.batch.recipe import CriticalParameter, Recipe
from hardware import Sample
from ui.bridge import CoreBridge
from ui.format import Shown, format_range, show_value
from ui.widgets.analog import Band, Indication, display_range

# Culture parameters of a bay, most important first (a small card shows the first few).
BAY_PARAMETERS: tuple[str, ...] = (
    "bioreactor/temperature",
    "bioreactor/ph",
    "bioreactor/dissolved_oxygen",
    "bioreactor/vcd",
    "bioreactor/viability",
    "bioreactor/glucose",
    "bioreactor/lactate",
    "bioreactor/co2",
    "bioreactor/volume",
)

# The setpoint that steers a parameter (writable tags of the catalogue).
SETPOINT_OF: dict[str, str] = {
    "bioreactor/temperature": "bioreactor/temperature_sp",
    "bioreactor/dissolved_oxygen": "bioreactor/dissolved_oxygen_sp",
    "bioreactor/co2": "bioreactor/co2_sp",
    "bioreactor/glucose": "bioreactor/glucose_feed_sp",
}
# Setpoints drawn as a marker on their parameter's indicator (the glucose feed level is a
# trigger, not a target the value should sit at).
MARKED_SETPOINT: dict[str, str] = {
    tag: sp for tag, sp in SETPOINT_OF.items() if tag != "bioreactor/glucose"
}


def caption(tag: str) -> str:
    """Short name of a bay parameter for cards and tables."""
    captions = {
        "bioreactor/temperature": QCoreApplication.translate("Parameter", "T"),
        "bioreactor/ph": QCoreApplication.translate("Parameter", "pH"),
        "bioreactor/dissolved_oxygen": QCoreApplication.translate("Parameter", "DO"),
        "bioreactor/vcd": QCoreApplication.translate("Parameter", "VCD"),
        "bioreactor/viability": QCoreApplication.translate("Parameter", "Viab."),
        "bioreactor/glucose": QCoreApplication.translate("Parameter", "Gluc."),
        "bioreactor/lactate": QCoreApplication.translate("Parameter", "Lact."),
        "bioreactor/co2": QCoreApplication.translate("Parameter", "CO₂"),
        "bioreactor/volume": QCoreApplication.translate("Parameter", "Vol."),
    }
    return captions.get(tag, tag.rsplit("/", 1)[-1])


@dataclass(frozen=True, slots=True)
class Reading:
    """One process value as a screen shows it."""

    shown: Shown
    indication: Indication | None  # None: no normal range to draw it against
    limits: TagLimits
    setpoint: float | None
    normal_text: str


def good_number(sample: Sample | None, shown: Shown | None = None) -> float | None:
    if sample is None or (shown is not None and not shown.good) or not sample.is_good:
        return None
    value = sample.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def read_value(
    bridge: CoreBridge,
    path: str,
    *,
    state: str = "",
    module: str = "",
    setpoint_path: str | None = None,
    alarm: Priority | None = None,
    band: Band | None = None,
    cpp: Band | None = None,
    now: float,
    with_unit: bool = True,
) -> Reading:
    """Read ``path`` from the bridge's mirror. The normal range comes from the alarm
    limits that apply in the bay's ``state`` and ``module`` unless ``band`` is given
    (grade or site limits where no alarm watches the value), narrowed to ``cpp``, the
    limits of a critical process parameter of the batch's current phase."""
    values = bridge.values
    spec = bridge.spec(path)
    sample = values.get(path)
    shown = show_value(sample, spec, with_unit=with_unit, now=now)
    limits = bridge.core.station.limits.for_tag(path, state=state, module=module)
    setpoint_sample = values.get(setpoint_path or limits.setpoint_tag or "")
    setpoint = good_number(
        setpoint_sample,
        show_value(setpoint_sample, None, now=now) if setpoint_sample else None,
    )
    normal = limits.normal_band(setpoint) if band is None else band
    decimals = spec.decimals if spec is not None else 1
    unit = spec.unit if spec is not None else ""
    if cpp is not None:
        normal = narrowed(normal, cpp)
        described = format_range(*cpp, unit, decimals)
        normal_text = QCoreApplication.translate("Parameter", "CPP %1").replace("%1", described)
    elif band is None:
        normal_text = format_range(*limits.normal_band(setpoint), unit, decimals)
    else:
        normal_text = format_range(*band, unit, decimals)
    indication = None
    if normal != (None, None):
        engineering = (spec.low, spec.high) if spec is not None else (None, None)
        shown_range = display_range(normal, engineering, setpoint)
        if shown_range is not None:
            indication = Indication(
                value=good_number(sample, shown),
                display=shown_range,
                band=normal,
                setpoint=setpoint,
                alarm=alarm,
            )
    return Reading(shown, indication, limits, setpoint, normal_text)


def narrowed(band: Band, inner: Band) -> Band:
    """Where both bands hold: the higher low and the lower high."""
    lows = [v for v in (band[0], inner[0]) if v is not None]
    highs = [v for v in (band[1], inner[1]) if v is not None]
    return (max(lows) if lows else None, min(highs) if highs else None)


def _phase_parameters(
    recipe: Recipe | None, step: str, recipe_hash: str
) -> tuple[CriticalParameter, ...]:
    if recipe is None or recipe.content_hash != recipe_hash:
        return ()
    ref = next((r for r in recipe.phases if r.path == step), None)
    return () if ref is None else ref.phase.cpps


def phase_cpps(recipe: Recipe | None, step: str, recipe_hash: str) -> dict[str, Band]:
    """The critical process parameters of a batch's current phase, by bay tag, when the
    station holds the very recipe the batch runs (same content hash)."""
    return {cpp.tag: cpp.limits for cpp in _phase_parameters(recipe, step, recipe_hash)}


def key_parameter(recipe: Recipe | None, step: str, recipe_hash: str) -> tuple[str, Band] | None:
    """The bay tag that matters most in a batch's current phase, with its CPP limits: the
    first critical parameter whose excursion holds the batch, else the first one; None
    when the phase names none (or the station does not hold the batch's recipe)."""
    parameters = _phase_parameters(recipe, step, recipe_hash)
    chosen = next((cpp for cpp in parameters if cpp.holds_batch), None)
    if chosen is None and parameters:
        chosen = parameters[0]
    return None if chosen is None else (chosen.tag, chosen.limits)


def standing_by_tag(snapshot: AlarmSnapshot) -> dict[str, AlarmView]:
    """The most urgent standing alarm on each tag."""
    worst: dict[str, AlarmView] = {}
    for view in snapshot.alarms:
        if view.state not in STANDING or not view.tag:
            continue
        current = worst.get(view.tag)
        if current is None or view.priority.rank < current.priority.rank:
            worst[view.tag] = view
    return worst


def standing_by_source(snapshot: AlarmSnapshot) -> dict[str, AlarmView]:
    """The most urgent standing alarm of each source (a bay, a device)."""
    worst: dict[str, AlarmView] = {}
    for view in snapshot.alarms:
        if view.state not in STANDING:
            continue
        current = worst.get(view.source)
        if current is None or view.priority.rank < current.priority.rank:
            worst[view.source] = view
    return worst


def standing_for(snapshot: AlarmSnapshot, source: str) -> list[AlarmView]:
    """Standing alarms of one source, most urgent first, newest first within a priority."""
    found = [v for v in snapshot.alarms if v.state in STANDING and v.source == source]
    return sorted(found, key=lambda v: (v.priority.rank, -(v.activated_at or 0.0)))
