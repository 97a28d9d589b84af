"""Which configuration a station runs, and an audit entry whenever that changes.

Annex 11 (10) and Part 11 (11.10(e)) count configuration among the things whose changes
must be on record. At every start the station fingerprints what it runs: the sha256 of the
plant file as stored (what ``sha256sum`` prints, for people comparing files) and the
sha256 of the configuration's content, which is canonical JSON of the validated plant
configuration as the station runs it (command-line overrides such as --role or --kiosk
included; theme, language and text size left out) and of every alarm definition it
loaded. The content hash is the one compared: a changed alarm limit in a shipped alarm
file changes it, a reformatted comment in the plant file does not.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from app.alarms.definitions import BoundAlarm
from app.config import OpcUaBackendConfig, PlantConfig
from app.records.audit import AuditTrail

log = logging.getLogger(__name__)

CONFIGURATION_TARGET = "plant configuration"
RECORDED = "configuration-recorded"
CHANGED = "configuration-changed"


class DeviceSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    device_id: str
    kind: str
    label: str
    backend: str  # "mock" or the OPC UA endpoint


class ConfigurationSummary(BaseModel):
    """The station's configuration as the administration page shows it, read-only."""

    model_config = ConfigDict(frozen=True)

    station_name: str
    station_role: str
    plant_file: str  # a path, or a note that the configuration came from no file
    file_sha256: str | None
    content_sha256: str
    devices: tuple[DeviceSummary, ...]
    alarm_definitions: int
    bound_alarms: int
    refused_alarm_definitions: int
    sign_out_after_s: int
    audit_key_path: str
    database_path: str

    def fingerprint(self) -> dict[str, str | None]:
        """What the audit trail holds about a configuration."""
        return {
            "file": self.plant_file,
            "file_sha256": self.file_sha256,
            "sha256": self.content_sha256,
        }


# How the screen looks is no GMP configuration: a night shift's theme must not read as a
# change of the plant. Kiosk lock and on-screen keyboard stay in.
_COSMETIC = {"display": {"theme", "language", "font_scale"}}


def content_hash(plant: PlantConfig, alarms: Iterable[BoundAlarm]) -> str:
    definitions = {alarm.definition.id: alarm.definition for alarm in alarms}
    canonical = json.dumps(
        {
            "plant": plant.model_dump(mode="json", exclude=_COSMETIC),
            "alarm_definitions": [
                definitions[key].model_dump(mode="json") for key in sorted(definitions)
            ],
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        log.warning("cannot read %s to fingerprint it: %s", path, exc.strerror)
        return None


def summarise(
    plant: PlantConfig,
    plant_path: Path | None,
    alarms: list[BoundAlarm],
    refused_alarms: int,
    *,
    audit_key_path: Path,
    database_path: Path,
) -> ConfigurationSummary:
    devices = tuple(
        DeviceSummary(
            device_id=device.id,
            kind=device.kind,
            label=device.label,
            backend=(
                device.backend.endpoint
                if isinstance(device.backend, OpcUaBackendConfig)
                else device.backend.type
            ),
        )
        for device in plant.devices
    )
    return ConfigurationSummary(
        station_name=plant.station.name,
        station_role=plant.station.role,
        plant_file=str(plant_path) if plant_path is not None else "(not read from a file)",
        file_sha256=file_hash(plant_path) if plant_path is not None else None,
        content_sha256=content_hash(plant, alarms),
        devices=devices,
        alarm_definitions=len({alarm.definition.id for alarm in alarms}),
        bound_alarms=len(alarms),
        refused_alarm_definitions=refused_alarms,
        sign_out_after_s=plant.station.sign_out_after,
        audit_key_path=str(audit_key_path),
        database_path=str(database_path),
    )


def record_configuration(audit: AuditTrail, summary: ConfigurationSummary) -> str | None:
    """Audit the configuration the station starts with if it differs from the last one on
    record (or none is); returns the action recorded, None when nothing changed."""
    last = audit.latest((RECORDED, CHANGED), CONFIGURATION_TARGET)
    new = summary.fingerprint()
    if last is None:
        action, old, reason = RECORDED, None, "first start of the station on this database"
    elif isinstance(last.new_value, dict) and last.new_value.get("sha256") == new["sha256"]:
        return None
    else:
        action, old = CHANGED, last.new_value
        reason = "the station started with a configuration other than the last one on record"
    audit.record(None, action, CONFIGURATION_TARGET, old, new, reason)
    log.info("%s: %s", action, new["sha256"])
    return action
