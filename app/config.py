"""Plant configuration: which site, which station, which equipment and how to reach it.

Read from TOML into pydantic models with ``extra="forbid"``, so a typo in a plant file is
an error naming the file, the field and the reason, never a silently ignored key.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

DEVICE_ID_PATTERN = r"^[a-z][a-z0-9-]{1,39}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MockBackendConfig(_Strict):
    type: Literal["mock"] = "mock"
    seed: int = 0
    # Fraction of bays holding a batch at start-up (shuttles only).
    occupancy: float = Field(0.75, ge=0.0, le=1.0)


class OpcUaSecurityConfig(_Strict):
    """Basic256Sha256 to an OPC UA server: the station's application certificate and
    private key (PEM), and the server's certificate it expects. Relative paths are read
    from the plant file's folder."""

    policy: Literal["Basic256Sha256"] = "Basic256Sha256"
    mode: Literal["Sign", "SignAndEncrypt"] = "SignAndEncrypt"
    certificate: Path
    private_key: Path
    server_certificate: Path

    @field_validator("certificate", "private_key", "server_certificate")
    @classmethod
    def _beside_plant_file(cls, value: Path, info: ValidationInfo) -> Path:
        base = (info.context or {}).get("base_dir")
        return value if value.is_absolute() or base is None else Path(base) / value


class OpcUaBackendConfig(_Strict):
    type: Literal["opcua"]
    endpoint: str = Field(pattern=r"^opc\.tcp://")
    security: OpcUaSecurityConfig | None = None


BackendConfig = Annotated[MockBackendConfig | OpcUaBackendConfig, Field(discriminator="type")]


class _DeviceBase(_Strict):
    id: str = Field(pattern=DEVICE_ID_PATTERN)
    name: str = ""
    backend: BackendConfig = MockBackendConfig()

    @property
    def label(self) -> str:
        return self.name or self.id


class ShuttleConfig(_DeviceBase):
    kind: Literal["shuttle"] = "shuttle"
    bays: int = Field(16, ge=1, le=64)
    area: str = ""


class CellQConfig(_DeviceBase):
    kind: Literal["cellq"] = "cellq"


class EnvironmentConfig(_DeviceBase):
    kind: Literal["environment"] = "environment"
    room: str
    grade: Literal["A", "B", "C", "D"] = "B"


DeviceConfig = Annotated[
    ShuttleConfig | CellQConfig | EnvironmentConfig, Field(discriminator="kind")
]


class SiteConfig(_Strict):
    name: str = Field(min_length=1)
    code: str = Field(min_length=1, max_length=12)
    timezone: str = "UTC"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        # Checked here so that a misspelt zone is a plant-file error, not a window that
        # fails to open (the clock in the header shows site time).
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as Europe/Amsterdam or UTC"
            ) from None
        return value


# Signed in, untouched this long: signed out (Part 11 11.10(d), Annex 11 12.1). A kiosk
# stands in a corridor, a supervisor's desk in an office.
SIGN_OUT_DEFAULT_S = {"kiosk": 300, "supervisor": 900}


class StationConfig(_Strict):
    name: str = Field(min_length=1)
    role: Literal["kiosk", "supervisor"] = "kiosk"
    # Seconds without a touch, key or click before the signed-in person is signed out;
    # default by role (SIGN_OUT_DEFAULT_S). At least a minute: the last 30 s are a warning.
    sign_out_after_s: int | None = Field(None, ge=60, le=8 * 3600)

    @property
    def sign_out_after(self) -> int:
        """The inactivity sign-out this station applies, in seconds."""
        if self.sign_out_after_s is not None:
            return self.sign_out_after_s
        return SIGN_OUT_DEFAULT_S[self.role]


class DisplayConfig(_Strict):
    """How this station's screen behaves: a kiosk beside a shuttle (full screen, locked,
    on-screen keyboard) or a supervisor's desk; language, theme and text size."""

    kiosk: bool = False
    language: Literal["en", "nl", "ja"] = "en"
    theme: Literal["day", "night"] = "day"
    font_scale: float = Field(1.0, ge=0.8, le=1.6)
    # None: on in kiosk mode (no physical keyboard there), off on desks.
    touch_keyboard: bool | None = None

    @property
    def keyboard_on_screen(self) -> bool:
        return self.kiosk if self.touch_keyboard is None else self.touch_keyboard


class SimulationConfig(_Strict):
    speed: float = Field(1.0, gt=0.0, le=100_000.0)
    tick_s: float = Field(0.5, ge=0.0005, le=10.0)


class HistorianConfig(_Strict):
    """Process history: what is stored, for how long, and where pruned data goes.

    Times are station (equipment) time. A sample is stored when its quality changes, when
    it moved more than the deadband since the last stored value, or when ``max_interval_s``
    passed; never more often than ``min_interval_s`` per tag unless its quality changed.
    Raw samples older than ``raw_days`` and minute rollups older than ``rollup_days`` are
    exported to a dated file in ``archive_dir`` and then removed from the live history,
    except inside the time window of a batch that is not closed yet."""

    enabled: bool = True
    raw_days: float = Field(14.0, gt=0.0, le=3650.0)
    rollup_days: float = Field(90.0, gt=0.0, le=36_500.0)
    # Relative paths are beside the station database; "" = "<db stem>-history-archive".
    archive_dir: str = ""
    deadband_percent: float = Field(0.1, ge=0.0, le=10.0)  # of the tag's engineering span
    min_interval_s: float = Field(1.0, ge=0.0, le=3600.0)
    max_interval_s: float = Field(60.0, gt=0.0, le=86_400.0)
    flush_s: float = Field(1.0, gt=0.0, le=60.0)
    retention_check_s: float = Field(600.0, gt=0.0)  # wall seconds between retention runs

    @model_validator(mode="after")
    def _rollups_outlive_raw(self) -> HistorianConfig:
        if self.rollup_days < self.raw_days:
            raise ValueError(
                f"rollup_days ({self.rollup_days:g}) must be at least raw_days "
                f"({self.raw_days:g}): long trends read the rollups once raw data is pruned"
            )
        if self.max_interval_s < self.min_interval_s:
            raise ValueError("max_interval_s must not be shorter than min_interval_s")
        return self


class RecipesConfig(_Strict):
    """Where this station finds master recipes beyond the ones shipped with CellDeck, and
    the demo plant's shortcut around QA.

    ``folder``: the site's own recipe files (``*.toml``), relative to the plant file.
    ``demo_release``: on first run the station releases the shipped recipes itself
    (audited by the system with the reason "demo plant"), so a demo makes batches without
    a QA person. Only for a plant whose equipment is all simulated: on a plant with real
    equipment, QA releases every recipe."""

    folder: Path | None = None
    demo_release: bool = False

    @field_validator("folder")
    @classmethod
    def _beside_plant_file(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        base = (info.context or {}).get("base_dir")
        if value is None or value.is_absolute() or base is None:
            return value
        return Path(base) / value


class PlantConfig(_Strict):
    """A whole station's view of the plant, as one TOML file describes it."""

    site: SiteConfig
    station: StationConfig
    simulation: SimulationConfig = SimulationConfig()
    display: DisplayConfig = DisplayConfig()
    historian: HistorianConfig = HistorianConfig()
    recipes: RecipesConfig = RecipesConfig()
    devices: list[DeviceConfig] = Field(min_length=1)
    # Alarm definitions: shipped or plant-local files, plus the plant's own [[alarms]].
    # Validated one by one when alarms load, so one bad alarm does not stop the plant.
    alarm_files: list[str] = ["standard.toml"]
    alarms: list[dict[str, Any]] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> PlantConfig:
        seen: set[str] = set()
        for device in self.devices:
            if device.id in seen:
                raise ValueError(f"device id {device.id!r} is used twice")
            seen.add(device.id)
        return self

    @property
    def real_equipment(self) -> list[str]:
        """Devices that are not simulated (OPC UA backends)."""
        return [d.id for d in self.devices if not isinstance(d.backend, MockBackendConfig)]

    @model_validator(mode="after")
    def _demo_release_on_simulated_plants_only(self) -> PlantConfig:
        real = self.real_equipment
        if self.recipes.demo_release and real:
            raise ValueError(
                "recipes.demo_release is for simulated demo plants only; this plant has "
                f"real (OPC UA) equipment ({', '.join(real)}), so QA releases its recipes "
                "(Records, Recipes)"
            )
        return self

    @property
    def shuttles(self) -> list[ShuttleConfig]:
        return [d for d in self.devices if isinstance(d, ShuttleConfig)]

    @property
    def cellqs(self) -> list[CellQConfig]:
        return [d for d in self.devices if isinstance(d, CellQConfig)]

    @property
    def environments(self) -> list[EnvironmentConfig]:
        return [d for d in self.devices if isinstance(d, EnvironmentConfig)]


class ConfigError(Exception):
    """A plant file that cannot be used; the message names file, field and reason."""


def _describe(error: ValidationError, source: str) -> str:
    lines = [f"{source}: invalid plant configuration"]
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"  {location}: {item['msg']}")
    return "\n".join(lines)


def parse_plant(text: str, source: str = "<text>", base_dir: Path | None = None) -> PlantConfig:
    """A plant configuration from TOML text; ``base_dir`` is where relative file names
    in it (certificates) are read from."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    try:
        return PlantConfig.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from exc


def load_plant(path: Path | None = None) -> PlantConfig:
    """Load a plant file, or the embedded demo plant when ``path`` is None."""
    if path is None:
        text = resources.files("resources.plants").joinpath(DEFAULT_PLANT).read_text("utf-8")
        return parse_plant(text, f"<embedded {DEFAULT_PLANT}>")
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read plant file: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: plant file is not UTF-8 text ({exc.reason})") from exc
    return parse_plant(text, str(path), Path(path).parent)


DEFAULT_PLANT = "demo-site.toml"
FULL_SITE_PLANT = "full-site.toml"


def shipped_plant_path(name: str) -> Path:
    """Filesystem path of a plant file shipped in resources/plants."""
    return Path(str(resources.files("resources.plants").joinpath(name)))


PLANT_ENV = "CELLDECK_PLANT"


def system_plant_path() -> Path:
    """The station's plant file in the system-wide folder an administrator controls:
    /etc/celldeck/plant.toml, or %ProgramData%\\CellDeck\\plant.toml on Windows."""
    if sys.platform == "win32":
        program_data = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(program_data) / "CellDeck" / "plant.toml"
    return Path("/etc/celldeck/plant.toml")


def resolve_plant_path(
    explicit: Path | None, environ: Mapping[str, str] = os.environ
) -> Path | None:
    """Which plant file a station uses: ``--plant``, else ``$CELLDECK_PLANT``, else the
    system-wide file if an administrator put one there, else None (the shipped demo)."""
    if explicit is not None:
        return explicit
    if environ.get(PLANT_ENV):
        return Path(environ[PLANT_ENV])
    system = system_plant_path()
    return system if system.is_file() else None
