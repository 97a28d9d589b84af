"""What OPC UA status codes mean to CellDeck, in both directions.

The simulator server turns a sample's quality (and the reason it is not good) into the
status code of the value it serves; the OPC UA backend turns the status code it receives
back into quality and reason. Both use the tables here, so a stuck sensor on the
simulator is a stuck sensor (UNCERTAIN, sensor-fault) in every station that watches it.

Equipment errors travel the same way: a refused write or command becomes a Bad status
code on the server and the matching ``HardwareError`` again on the client.

Only the top 16 bits of a status code name the condition; the low bits are flags (limit,
overflow) and are ignored when reading a code back.
"""

from __future__ import annotations

from asyncua.ua import StatusCodes as Codes
from asyncua.ua.status_codes import code_to_name_doc, get_name_and_doc

from hardware.tags import (
    CommandFailed,
    CommandTimeout,
    HardwareError,
    InvalidValue,
    NotConnected,
    Quality,
    QualityReason,
    ReadOnlyTag,
    SetpointOutOfRange,
    TagNotFound,
)

_SEVERITY_MASK = 0xC000_0000
_CONDITION_MASK = 0xFFFF_0000
_UNCERTAIN = 0x4000_0000

# Quality and reason -> status code. Each pair has its own code so the reason survives a
# round trip. The codes are the closest Part 4/8 conditions: a frozen or drifting sensor
# is "not accurate", a value kept after its updates stopped is the "last usable value",
# a lost link is "no communication".
QUALITY_TO_STATUS: dict[tuple[Quality, QualityReason | None], int] = {
    (Quality.GOOD, None): Codes.Good,
    (Quality.UNCERTAIN, None): Codes.Uncertain,
    (Quality.UNCERTAIN, QualityReason.SENSOR_FAULT): Codes.UncertainSensorNotAccurate,
    (Quality.UNCERTAIN, QualityReason.NOISY): Codes.UncertainSensorCalibration,
    (Quality.UNCERTAIN, QualityReason.STALE): Codes.UncertainLastUsableValue,
    (Quality.UNCERTAIN, QualityReason.COMM_LOSS): Codes.UncertainNoCommunicationLastUsableValue,
    (Quality.UNCERTAIN, QualityReason.OUT_OF_RANGE): Codes.UncertainEngineeringUnitsExceeded,
    (Quality.UNCERTAIN, QualityReason.MODULE_FAULT): Codes.UncertainSubNormal,
    (Quality.UNCERTAIN, QualityReason.NOT_CONNECTED): Codes.UncertainInitialValue,
    (Quality.BAD, None): Codes.Bad,
    (Quality.BAD, QualityReason.COMM_LOSS): Codes.BadNoCommunication,
    (Quality.BAD, QualityReason.NOT_CONNECTED): Codes.BadNotConnected,
    (Quality.BAD, QualityReason.SENSOR_FAULT): Codes.BadSensorFailure,
    (Quality.BAD, QualityReason.OUT_OF_RANGE): Codes.BadOutOfRange,
    (Quality.BAD, QualityReason.MODULE_FAULT): Codes.BadOutOfService,
    (Quality.BAD, QualityReason.NOISY): Codes.BadDeviceFailure,
    (Quality.BAD, QualityReason.STALE): Codes.BadTimeout,
}

# A good value carries no reason, whatever the sample says.
for _reason in QualityReason:
    QUALITY_TO_STATUS.setdefault((Quality.GOOD, _reason), Codes.Good)

STATUS_TO_QUALITY: dict[int, tuple[Quality, QualityReason | None]] = {
    code: key for key, code in QUALITY_TO_STATUS.items() if key[0] is not Quality.GOOD
}
STATUS_TO_QUALITY[Codes.Good] = (Quality.GOOD, None)
# Codes other servers (or the transport) use for the same conditions.
for _code in (
    Codes.BadCommunicationError,
    Codes.BadServerNotConnected,
    Codes.BadConnectionClosed,
    Codes.BadSecureChannelClosed,
    Codes.BadSessionClosed,
    Codes.BadShutdown,
    Codes.BadServerHalted,
):
    STATUS_TO_QUALITY[_code] = (Quality.BAD, QualityReason.COMM_LOSS)
STATUS_TO_QUALITY[Codes.BadWaitingForInitialData] = (Quality.BAD, QualityReason.NOT_CONNECTED)
STATUS_TO_QUALITY[Codes.BadConfigurationError] = (Quality.BAD, QualityReason.NOT_CONNECTED)
# UncertainOverRange / UncertainUnderRange (OPC UA 1.05; asyncua 1.x does not name them).
STATUS_TO_QUALITY[0x40F2_0000] = (Quality.UNCERTAIN, QualityReason.OUT_OF_RANGE)
STATUS_TO_QUALITY[0x40F3_0000] = (Quality.UNCERTAIN, QualityReason.OUT_OF_RANGE)
STATUS_TO_QUALITY[Codes.UncertainDataSubNormal] = (Quality.UNCERTAIN, QualityReason.MODULE_FAULT)


def status_for(quality: Quality, reason: QualityReason | None) -> int:
    """The status code a value of this quality is served with."""
    code = QUALITY_TO_STATUS.get((quality, reason))
    if code is None:  # a reason added to QualityReason after this table was written
        code = QUALITY_TO_STATUS[(quality, None)]
    return code


def quality_of(status: int) -> tuple[Quality, QualityReason | None]:
    """Quality and reason of a received status code; unknown codes keep their severity."""
    known = STATUS_TO_QUALITY.get(status & _CONDITION_MASK)
    if known is not None:
        return known
    severity = status & _SEVERITY_MASK
    if severity == 0:
        return Quality.GOOD, None
    if severity == _UNCERTAIN:
        return Quality.UNCERTAIN, None
    return Quality.BAD, None


# -- equipment errors -------------------------------------------------------------------

# Most specific class first: SetpointOutOfRange is an InvalidValue.
_ERROR_TO_STATUS: tuple[tuple[type[HardwareError], int], ...] = (
    (SetpointOutOfRange, Codes.BadOutOfRange),
    (InvalidValue, Codes.BadInvalidArgument),
    (ReadOnlyTag, Codes.BadNotWritable),
    (TagNotFound, Codes.BadNodeIdUnknown),
    (NotConnected, Codes.BadNoCommunication),
    (CommandTimeout, Codes.BadTimeout),
    (CommandFailed, Codes.BadInvalidState),
)

_STATUS_TO_ERROR: dict[int, type[HardwareError]] = {
    Codes.BadOutOfRange: SetpointOutOfRange,
    Codes.BadInvalidArgument: InvalidValue,
    Codes.BadTypeMismatch: InvalidValue,
    Codes.BadNotWritable: ReadOnlyTag,
    Codes.BadUserAccessDenied: ReadOnlyTag,
    Codes.BadNodeIdUnknown: TagNotFound,
}


def status_for_error(error: BaseException) -> int:
    """The Bad status code that reports ``error`` to an OPC UA client."""
    for kind, code in _ERROR_TO_STATUS:
        if isinstance(error, kind):
            return code
    return Codes.BadInternalError


def error_for_status(status: int, message: str) -> HardwareError:
    """The ``HardwareError`` a refused write raises on the client (CommandFailed when the
    code names no more specific error)."""
    kind = _STATUS_TO_ERROR.get(status & _CONDITION_MASK, CommandFailed)
    return kind(message)


def status_name(status: int) -> str:
    """``BadOutOfRange`` for 0x803C0000: what an operator or a log reader can look up."""
    condition = status & _CONDITION_MASK
    if condition in code_to_name_doc:
        return code_to_name_doc[condition][0]
    return f"{get_name_and_doc(condition)[0]} (0x{status:08X})"


def status_text(status: int) -> str:
    """``The value was out of range (BadOutOfRange)``: the code's meaning for a message."""
    condition = status & _CONDITION_MASK
    name = status_name(status)
    doc = code_to_name_doc.get(condition, ("", ""))[1]
    return f"{doc.rstrip('.')} ({name})" if doc else name
