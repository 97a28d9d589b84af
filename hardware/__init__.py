"""The equipment layer: tags, devices and their backends. Imports neither app nor Qt."""

from hardware.backend import ConnectionState, DeviceBackend
from hardware.clock import SimClock
from hardware.device import Device, Subscription
from hardware.devices import CellQ, CellShuttle, EnvironmentMonitor
from hardware.tags import (
    CommandFailed,
    CommandTimeout,
    HardwareError,
    InvalidValue,
    NotConnected,
    Quality,
    QualityReason,
    ReadOnlyTag,
    Sample,
    SetpointOutOfRange,
    TagKind,
    TagNotFound,
    TagSpec,
    TagValue,
)

__all__ = [
    "CellQ",
    "CellShuttle",
    "CommandFailed",
    "CommandTimeout",
    "ConnectionState",
    "Device",
    "DeviceBackend",
    "EnvironmentMonitor",
    "HardwareError",
    "InvalidValue",
    "NotConnected",
    "Quality",
    "QualityReason",
    "ReadOnlyTag",
    "Sample",
    "SetpointOutOfRange",
    "SimClock",
    "Subscription",
    "TagKind",
    "TagNotFound",
    "TagSpec",
    "TagValue",
]
