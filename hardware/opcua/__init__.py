"""OPC UA for the plant: the simulator as a server, and a backend for devices reached
over OPC UA (the simulator or real equipment). Imports neither app nor Qt."""

from hardware.opcua.backend import OpcUaBackend
from hardware.opcua.quality import quality_of, status_for, status_for_error
from hardware.opcua.security import ClientSecurity, ServerSecurity, make_certificate
from hardware.opcua.server import APPLICATION_URI, ENDPOINT_PATH, NAMESPACE_URI, PlantServer

__all__ = [
    "APPLICATION_URI",
    "ENDPOINT_PATH",
    "NAMESPACE_URI",
    "ClientSecurity",
    "OpcUaBackend",
    "PlantServer",
    "ServerSecurity",
    "make_certificate",
    "quality_of",
    "status_for",
    "status_for_error",
]
