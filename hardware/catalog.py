"""The tag catalogue of each device kind: which tags exist, with units and ranges.

One catalogue serves every backend (the mock publishes it, the OPC UA server builds its
address space from it, the OPC UA client checks against it), so a tag path means the
same thing everywhere.
"""

from __future__ import annotations

from hardware.tags import TagKind, TagSpec

# The modules a cartridge visits, in process order.
MODULES: tuple[str, ...] = (
    "magnetic-selection",
    "activation",
    "electroporation",
    "viral-transduction",
    "bioreactor-expansion",
    "counterflow-wash",
    "formulation-fill",
    "controlled-rate-freezing",
)

# Equipment states of a bay (the batch's ISA-88 state lives in the application).
BAY_STATES: tuple[str, ...] = ("empty", "idle", "running", "complete", "stopped", "fault")

ASSAYS: tuple[str, ...] = (
    "cell-count-viability",
    "identity-car-flow",
    "endotoxin",
    "sterility",
    "mycoplasma",
    "vector-copy-number",
)

# How long each assay takes on a Cell Q channel (hours): progress and time remaining of a
# running assay are shown against these.
ASSAY_NOMINAL_HOURS: dict[str, float] = {
    "cell-count-viability": 0.5,
    "identity-car-flow": 2.0,
    "endotoxin": 1.0,
    "sterility": 7 * 24.0,
    "mycoplasma": 4.0,
    "vector-copy-number": 5.0,
}

CELLQ_STATES: tuple[str, ...] = ("idle", "running", "fault", "maintenance")
ROBOT_STATES: tuple[str, ...] = ("idle", "moving", "fault")
UPS_STATES: tuple[str, ...] = ("mains", "battery", "fault")


def bay_id(bay: int) -> str:
    return f"bay-{bay:02d}"


def bay_prefix(device_id: str, bay: int) -> str:
    return f"{device_id}/{bay_id(bay)}/"


# (relative path, description, unit, kind, low, high, writable, decimals)
_BAY_TAGS: tuple[tuple[str, str, str, TagKind, float | None, float | None, bool, int], ...] = (
    ("cartridge/barcode", "Cartridge barcode", "", TagKind.TEXT, None, None, False, 0),
    (
        "cartridge/coi",
        "Chain-of-identity id (pseudonymized)",
        "",
        TagKind.TEXT,
        None,
        None,
        False,
        0,
    ),
    ("process/module", "Module the cartridge is in", "", TagKind.TEXT, None, None, False, 0),
    ("process/step", "Step within the module", "", TagKind.TEXT, None, None, False, 0),
    ("process/state", "Bay equipment state", "", TagKind.TEXT, None, None, False, 0),
    ("process/progress", "Progress of the module operation", "%", TagKind.ANALOG, 0, 100, False, 0),
    ("process/culture_age", "Time since cells were loaded", "h", TagKind.ANALOG, 0, 1000, False, 1),
    ("bioreactor/temperature", "Culture temperature", "°C", TagKind.ANALOG, -100, 50, False, 2),
    (
        "bioreactor/temperature_sp",
        "Culture temperature setpoint",
        "°C",
        TagKind.ANALOG,
        30,
        40,
        True,
        1,
    ),
    ("bioreactor/ph", "Culture pH", "pH", TagKind.ANALOG, 6.0, 8.0, False, 2),
    ("bioreactor/dissolved_oxygen", "Dissolved oxygen", "%", TagKind.ANALOG, 0, 100, False, 1),
    (
        "bioreactor/dissolved_oxygen_sp",
        "Dissolved oxygen setpoint",
        "%",
        TagKind.ANALOG,
        10,
        80,
        True,
        0,
    ),
    ("bioreactor/co2", "CO2 in headspace", "%", TagKind.ANALOG, 0, 20, False, 2),
    ("bioreactor/co2_sp", "CO2 setpoint", "%", TagKind.ANALOG, 0, 10, True, 1),
    ("bioreactor/glucose", "Glucose", "g/L", TagKind.ANALOG, 0, 10, False, 2),
    (
        "bioreactor/glucose_feed_sp",
        "Glucose level that triggers a feed",
        "g/L",
        TagKind.ANALOG,
        0.5,
        4.0,
        True,
        1,
    ),
    ("bioreactor/lactate", "Lactate", "g/L", TagKind.ANALOG, 0, 5, False, 2),
    ("bioreactor/vcd", "Viable cell density", "10⁶/mL", TagKind.ANALOG, 0, 100, False, 2),
    ("bioreactor/viability", "Viability", "%", TagKind.ANALOG, 0, 100, False, 1),
    ("bioreactor/volume", "Culture volume", "mL", TagKind.ANALOG, 0, 1000, False, 0),
)

_SHUTTLE_TAGS: tuple[tuple[str, str, str, TagKind, float | None, float | None, bool, int], ...] = (
    ("robot/position", "Robot mover position", "", TagKind.TEXT, None, None, False, 0),
    ("robot/state", "Robot mover state", "", TagKind.TEXT, None, None, False, 0),
    ("doors/closed", "All doors closed", "", TagKind.DISCRETE, None, None, False, 0),
    ("interlocks/ok", "Safety interlocks healthy", "", TagKind.DISCRETE, None, None, False, 0),
    ("inventory/media", "Media on board", "L", TagKind.ANALOG, 0, 20, False, 2),
    ("inventory/reagents", "Reagent kit level", "%", TagKind.ANALOG, 0, 100, False, 0),
    ("inventory/waste", "Waste container level", "%", TagKind.ANALOG, 0, 100, False, 0),
    ("power/ups_state", "Power source", "", TagKind.TEXT, None, None, False, 0),
    ("power/ups_charge", "UPS battery charge", "%", TagKind.ANALOG, 0, 100, False, 0),
)

_CELLQ_TAGS: tuple[tuple[str, str, str, TagKind, float | None, float | None, bool, int], ...] = (
    ("instrument/state", "Instrument state", "", TagKind.TEXT, None, None, False, 0),
    ("queue/length", "Samples waiting or in test", "", TagKind.ANALOG, 0, 500, False, 0),
    ("queue/json", "Sample queue with assay status (JSON)", "", TagKind.TEXT, None, None, False, 0),
    ("results/json", "Completed assay results (JSON)", "", TagKind.TEXT, None, None, False, 0),
    ("results/completed", "Assays completed since start", "", TagKind.ANALOG, 0, 1e9, False, 0),
)

_ENVIRONMENT_TAGS: tuple[
    tuple[str, str, str, TagKind, float | None, float | None, bool, int], ...
] = (
    ("room/temperature", "Room temperature", "°C", TagKind.ANALOG, 10, 35, False, 1),
    ("room/relative_humidity", "Relative humidity", "%RH", TagKind.ANALOG, 0, 100, False, 1),
    (
        "room/differential_pressure",
        "Differential pressure to adjacent grade",
        "Pa",
        TagKind.ANALOG,
        -50,
        100,
        False,
        1,
    ),
    (
        "room/particles_0_5um",
        "Non-viable particles >= 0.5 um",
        "/m³",
        TagKind.ANALOG,
        0,
        1e7,
        False,
        0,
    ),
    ("room/particles_5um", "Non-viable particles >= 5 um", "/m³", TagKind.ANALOG, 0, 1e6, False, 0),
)

_CHOICES: dict[str, tuple[str, ...]] = {
    "process/module": ("", *MODULES),
    "process/state": BAY_STATES,
    "instrument/state": CELLQ_STATES,
    "robot/state": ROBOT_STATES,
    "power/ups_state": UPS_STATES,
}


def _specs(
    prefix: str,
    rows: tuple[tuple[str, str, str, TagKind, float | None, float | None, bool, int], ...],
) -> list[TagSpec]:
    return [
        TagSpec(
            path=prefix + rel,
            description=description,
            unit=unit,
            kind=kind,
            low=low,
            high=high,
            writable=writable,
            decimals=decimals,
            choices=_CHOICES.get(rel, ()),
        )
        for rel, description, unit, kind, low, high, writable, decimals in rows
    ]


def shuttle_specs(device_id: str, bays: int) -> list[TagSpec]:
    specs = _specs(f"{device_id}/", _SHUTTLE_TAGS)
    for bay in range(1, bays + 1):
        specs += _specs(bay_prefix(device_id, bay), _BAY_TAGS)
    return specs


def cellq_specs(device_id: str) -> list[TagSpec]:
    return _specs(f"{device_id}/", _CELLQ_TAGS)


def environment_specs(device_id: str) -> list[TagSpec]:
    return _specs(f"{device_id}/", _ENVIRONMENT_TAGS)
