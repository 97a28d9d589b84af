"""OPC UA with Basic256Sha256: a simulator on 127.0.0.1 that requires it refuses every
unsecured or untrusted client (also one that ignores the endpoint list) and serves a
station whose certificate it trusts, configured from a plant file."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from asyncua import Client, ua

from app.config import load_plant
from app.station import Station
from hardware import CellShuttle, ConnectionState, NotConnected, Quality, SimClock
from hardware.catalog import shuttle_specs
from hardware.mock import MockBackend, ShuttleModel
from hardware.opcua import (
    ClientSecurity,
    OpcUaBackend,
    PlantServer,
    ServerSecurity,
    make_certificate,
)
from hardware.opcua.security import SecurityConfigError

# One secured server for the whole module: starting one costs about a second.
pytestmark = pytest.mark.asyncio(loop_scope="module")

BAYS = 2
STATION_URI = "urn:celldeck:station:kiosk-test"


@dataclass(frozen=True)
class Pki:
    folder: Path
    server_cert: Path
    server_key: Path
    station_cert: Path
    station_key: Path
    intruder_cert: Path
    intruder_key: Path
    other_server_cert: Path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """Certificates as an integrator would make them: one per application."""
    folder = tmp_path_factory.mktemp("pki")
    paths = {
        name: (folder / f"{name}.pem", folder / f"{name}-key.pem")
        for name in ("server", "station", "intruder", "other-server")
    }
    make_certificate(*paths["server"], "urn:celldeck:simulator", server=True, hosts=["127.0.0.1"])
    make_certificate(*paths["station"], STATION_URI)
    # Valid and well formed, but nobody put it on the server's trust list.
    make_certificate(*paths["intruder"], STATION_URI)
    make_certificate(*paths["other-server"], "urn:celldeck:simulator", server=True)
    return Pki(
        folder,
        *paths["server"],
        *paths["station"],
        *paths["intruder"],
        paths["other-server"][0],
    )


@dataclass
class SecuredPlant:
    server: PlantServer
    model: ShuttleModel
    shuttle: CellShuttle


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def secured(
    pki: Pki, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[SecuredPlant]:
    trusted = tmp_path_factory.mktemp("trusted")
    (trusted / "station.pem").write_bytes(pki.station_cert.read_bytes())
    model = ShuttleModel("shuttle-01", BAYS, seed=4)
    model.populate_demo(1.0)
    shuttle = CellShuttle("shuttle-01", MockBackend(model, SimClock(60.0), tick_s=0.05), bays=BAYS)
    await shuttle.connect()
    server = PlantServer(
        [shuttle],
        host="127.0.0.1",
        port=0,
        security=ServerSecurity(pki.server_cert, pki.server_key, (trusted,)),
    )
    await server.start()
    try:
        yield SecuredPlant(server, model, shuttle)
    finally:
        await server.stop()
        await shuttle.close()


def remote(
    endpoint: str, security: ClientSecurity | None, connect_timeout_s: float = 4.0
) -> CellShuttle:
    backend = OpcUaBackend(
        endpoint,
        "shuttle-01",
        shuttle_specs("shuttle-01", BAYS),
        security=security,
        connect_timeout_s=connect_timeout_s,
    )
    return CellShuttle("shuttle-01", backend, bays=BAYS, timeout=8.0)


def station_security(pki: Pki, **change: Path) -> ClientSecurity:
    parts = {
        "certificate": pki.station_cert,
        "private_key": pki.station_key,
        "server_certificate": pki.server_cert,
        **change,
    }
    return ClientSecurity(**parts)


async def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def test_the_server_offers_basic256sha256_only(secured: SecuredPlant):
    client = Client(secured.server.endpoint, timeout=4)
    endpoints = await client.connect_and_get_server_endpoints()
    assert endpoints
    policies = {endpoint.SecurityPolicyUri.rsplit("#", 1)[-1] for endpoint in endpoints}
    assert policies == {"Basic256Sha256"}
    assert {endpoint.SecurityMode for endpoint in endpoints} == {
        ua.MessageSecurityMode.SignAndEncrypt
    }


async def test_an_unsecured_station_is_refused(secured: SecuredPlant):
    shuttle = remote(secured.server.endpoint, None)
    with pytest.raises(NotConnected, match=r"cannot reach OPC UA server .*: .*endpoint"):
        await shuttle.connect()
    assert shuttle.connection is ConnectionState.LOST


async def test_a_client_that_ignores_the_endpoints_gets_no_session(
    secured: SecuredPlant, monkeypatch: pytest.MonkeyPatch
):
    """asyncua's server would activate a session on an unsecured channel for a client
    that skips the endpoint check; the trusted-peer check at activation refuses it."""

    def any_endpoint(endpoints, mode, policy_uri):  # a careless or hostile client
        endpoint = copy.copy(endpoints[0])
        endpoint.SecurityMode, endpoint.SecurityPolicyUri = mode, policy_uri
        return endpoint

    monkeypatch.setattr(Client, "find_endpoint", staticmethod(any_endpoint))
    peers = secured.server.peers
    assert peers is not None
    refused_before = peers.refused
    client = Client(secured.server.endpoint, timeout=4)
    with pytest.raises(ua.UaStatusCodeError) as refused:
        await client.connect()
    assert refused.value.code == ua.StatusCodes.BadUserAccessDenied
    client.disconnect_socket()
    assert peers.refused == refused_before + 1


async def test_an_untrusted_certificate_is_refused(secured: SecuredPlant, pki: Pki):
    intruder = station_security(pki, certificate=pki.intruder_cert, private_key=pki.intruder_key)
    shuttle = remote(secured.server.endpoint, intruder)
    with pytest.raises(NotConnected, match="BadCertificateUntrusted"):
        await shuttle.connect()


async def test_a_server_with_another_certificate_is_refused(secured: SecuredPlant, pki: Pki):
    pinned_elsewhere = station_security(pki, server_certificate=pki.other_server_cert)
    # The server cannot read what was encrypted for another certificate: no answer.
    shuttle = remote(secured.server.endpoint, pinned_elsewhere, connect_timeout_s=1.5)
    with pytest.raises(NotConnected):
        await shuttle.connect()
    assert shuttle.connection is ConnectionState.LOST


async def test_a_trusted_station_reads_and_writes_over_the_secured_channel(
    secured: SecuredPlant, pki: Pki
):
    shuttle = remote(secured.server.endpoint, station_security(pki))
    await shuttle.connect()
    try:
        path = shuttle.bay_path(1, "bioreactor/temperature")
        await wait_for(lambda: path in shuttle.latest)
        assert shuttle.latest[path].quality is Quality.GOOD
        await shuttle.write_setpoint(1, "bioreactor/temperature_sp", 36.4)
        culture = secured.model.bays[0].culture
        assert culture is not None and culture.temperature_sp == 36.4
        backend = shuttle.backend
        assert isinstance(backend, OpcUaBackend) and backend._session is not None
        policy = backend._session.client.security_policy
        assert policy.URI.endswith("#Basic256Sha256")
        assert policy.Mode == ua.MessageSecurityMode.SignAndEncrypt
    finally:
        await shuttle.close()


async def test_a_station_is_configured_for_security_in_its_plant_file(
    secured: SecuredPlant, pki: Pki, tmp_path: Path
):
    # Certificate paths relative to the plant file, as an integrator ships them.
    for source in (pki.station_cert, pki.station_key, pki.server_cert):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    plant_file = tmp_path / "secured.toml"
    plant_file.write_text(
        f"""
[site]
name = "Secured site"
code = "SEC"
[station]
name = "Secured kiosk"
[[devices]]
kind = "shuttle"
id = "shuttle-01"
bays = {BAYS}
[devices.backend]
type = "opcua"
endpoint = "{secured.server.endpoint}"
security = {{ certificate = "station.pem", private_key = "station-key.pem", \
server_certificate = "server.pem" }}
""",
        encoding="utf-8",
    )
    plant = load_plant(plant_file)
    security = plant.devices[0].backend.security  # type: ignore[union-attr]
    assert security is not None and security.certificate == tmp_path / "station.pem"
    station = Station(plant, tmp_path / "station.sqlite3", audit_key=tmp_path / "audit.key")
    await station.start()
    try:
        device = station.devices["shuttle-01"]
        assert device.connection is ConnectionState.CONNECTED
        path = "shuttle-01/bay-01/bioreactor/temperature"
        await wait_for(lambda: path in station.live.snapshot())
        assert station.live.snapshot()[path].quality is Quality.GOOD
    finally:
        await station.stop()


async def test_a_missing_certificate_file_is_named(secured: SecuredPlant, pki: Pki, tmp_path):
    missing = tmp_path / "nowhere.pem"
    shuttle = remote(secured.server.endpoint, station_security(pki, certificate=missing))
    with pytest.raises(SecurityConfigError, match=r"cannot read certificate .*nowhere\.pem"):
        await shuttle.connect()


async def test_a_secured_server_needs_a_trust_list(pki: Pki, tmp_path: Path):
    model = ShuttleModel("shuttle-01", BAYS, seed=4)
    shuttle = CellShuttle("shuttle-01", MockBackend(model, SimClock(1.0)), bays=BAYS)
    await shuttle.connect()
    empty = tmp_path / "empty"
    empty.mkdir()
    server = PlantServer(
        [shuttle], port=0, security=ServerSecurity(pki.server_cert, pki.server_key, (empty,))
    )
    try:
        with pytest.raises(SecurityConfigError, match="certificates of the stations it trusts"):
            await server.start()
    finally:
        await server.stop()
        await shuttle.close()
