"""The OPC UA methods of each device: names, typed arguments, and which front-end command
each one is.

The server declares its methods from these tables and the client builds its calls from
them, so the argument order and types cannot drift apart. Method NodeIds are string ids
``<device_id>.<MethodName>`` in the plant namespace (tag NodeIds use ``/``, things
attached to a node use ``.``).
"""

from __future__ import annotations

from dataclasses import dataclass

from asyncua import ua

from hardware.tags import TagValue


@dataclass(frozen=True, slots=True)
class Arg:
    """One input or output argument of a method."""

    name: str
    kind: ua.VariantType
    description: str
    default: TagValue = None

    def to_variant(self, value: TagValue) -> ua.Variant:
        """The value as this argument's OPC UA type; raises ValueError/TypeError when it
        cannot be one."""
        if self.kind is ua.VariantType.Int32:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"{self.name} needs a whole number, got {value!r}")
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(f"{self.name} needs a whole number, got {value!r}")
            return ua.Variant(int(value), ua.VariantType.Int32)
        if self.kind is ua.VariantType.Double:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"{self.name} needs a number, got {value!r}")
            return ua.Variant(float(value), ua.VariantType.Double)
        if self.kind is ua.VariantType.String:
            if not isinstance(value, str):
                raise TypeError(f"{self.name} needs text, got {value!r}")
            return ua.Variant(value, ua.VariantType.String)
        raise TypeError(f"unsupported argument type {self.kind.name}")

    def argument(self) -> ua.Argument:
        return ua.Argument(
            Name=self.name,
            DataType=ua.NodeId(self.kind.value),
            ValueRank=ua.ValueRank.Scalar,
            ArrayDimensions=[],
            Description=ua.LocalizedText(self.description),
        )


@dataclass(frozen=True, slots=True)
class MethodDef:
    """An OPC UA method and the front-end command it stands for."""

    command: str
    name: str
    description: str
    inputs: tuple[Arg, ...] = ()
    outputs: tuple[Arg, ...] = ()


def method_node_id(device_id: str, method: str) -> str:
    return f"{device_id}.{method}"


_BAY = Arg("bay", ua.VariantType.Int32, "Bay number, from 1")
_INT32 = ua.VariantType.Int32
_STRING = ua.VariantType.String
_DOUBLE = ua.VariantType.Double

SHUTTLE_METHODS: tuple[MethodDef, ...] = (
    MethodDef(
        "load_cartridge",
        "LoadCartridge",
        "Load a patient's cartridge into an empty bay",
        (
            _BAY,
            Arg("barcode", _STRING, "Cartridge barcode"),
            Arg("coi", _STRING, "Chain-of-identity id (pseudonymized)"),
        ),
    ),
    MethodDef("unload_cartridge", "UnloadCartridge", "Unload the bay's cartridge", (_BAY,)),
    MethodDef(
        "start_module",
        "StartModule",
        "Start a module operation on the bay's cartridge",
        (
            _BAY,
            Arg("module", _STRING, "Module name, e.g. bioreactor-expansion"),
            Arg("duration_h", _DOUBLE, "Duration in hours; 0 runs the nominal time", 0.0),
        ),
    ),
    MethodDef("stop_module", "StopModule", "Stop the bay's running module", (_BAY,)),
    MethodDef("abort_module", "AbortModule", "Abort the bay's module operation", (_BAY,)),
    MethodDef("reset_fault", "ResetFault", "Reset the bay's module fault", (_BAY,)),
)

CELLQ_METHODS: tuple[MethodDef, ...] = (
    MethodDef(
        "submit_sample",
        "SubmitSample",
        "Queue a QC sample for release assays",
        (
            Arg("sample_id", _STRING, "QC sample id"),
            Arg("coi", _STRING, "Chain-of-identity id (pseudonymized)"),
            Arg("assays", _STRING, "Assays, comma-separated (e.g. endotoxin,sterility)"),
        ),
    ),
)

# Only on devices the simulator runs (MockBackend); used by `celldeck fault`.
FAULT_METHODS: tuple[MethodDef, ...] = (
    MethodDef(
        "inject_fault",
        "InjectFault",
        "Inject a simulated equipment fault",
        (
            Arg("kind", _STRING, "stuck, drift, noise, out-of-range, disconnect, ..."),
            Arg("target", _STRING, "Tag path or path prefix; empty = whole device"),
            Arg("magnitude", _DOUBLE, "Size of the fault in the tag's units (0 = default)"),
            Arg("duration_s", _DOUBLE, "Simulated seconds; <= 0 lasts until cleared"),
        ),
        (Arg("fault_id", _INT32, "Id of the injected fault"),),
    ),
    MethodDef(
        "clear_fault",
        "ClearFault",
        "End an injected fault",
        (Arg("fault_id", _INT32, "Fault id; 0 clears every fault of the device"),),
        (Arg("count", _INT32, "How many faults ended"),),
    ),
)

METHODS_BY_KIND: dict[str, tuple[MethodDef, ...]] = {
    "shuttle": SHUTTLE_METHODS,
    "cellq": CELLQ_METHODS,
}

METHODS_BY_COMMAND: dict[str, MethodDef] = {
    method.command: method for method in (*SHUTTLE_METHODS, *CELLQ_METHODS, *FAULT_METHODS)
}
