"""OPC UA security: Basic256Sha256 with application certificates, both ends.

A plant network carries setpoints and commands, so a station and an OPC UA server can be
told to talk only over a signed and encrypted channel (security policy Basic256Sha256,
mode SignAndEncrypt or Sign), each proving who it is with its application instance
certificate:

- ``ServerSecurity``: the server's certificate and private key, and the client
  certificates it trusts. The server then offers no unsecured endpoint and refuses a
  session on any channel that is not secured with a trusted certificate. asyncua alone
  would still activate a session on an unsecured channel for a client that ignores the
  endpoint list; ``TrustedPeers`` closes that by checking the channel's certificate at
  session activation, where every session must pass.
- ``ClientSecurity``: the station's certificate and key, and the server certificate it
  expects (pinned: no trust on first use, a server with another certificate is refused).

Trust is by certificate (SHA-256 fingerprint of the DER form), the way an OPC UA trust
list of self-signed application certificates works; ``make_certificate`` creates such a
certificate and key (PEM) with the ``cryptography`` package asyncua already depends on.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import logging
import os
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from hardware.tags import NotConnected

log = logging.getLogger(__name__)

SecurityMode = Literal["Sign", "SignAndEncrypt"]
CERTIFICATE_SUFFIXES = (".pem", ".der", ".crt", ".cer")


class SecurityConfigError(NotConnected):
    """A certificate or key that cannot be used; the message names the file and why."""


@dataclass(frozen=True, slots=True)
class ClientSecurity:
    """How a station connects securely: its own certificate and key, and the server's
    certificate it expects."""

    certificate: Path
    private_key: Path
    server_certificate: Path
    mode: SecurityMode = "SignAndEncrypt"


@dataclass(frozen=True, slots=True)
class ServerSecurity:
    """How a server requires security: its certificate and key, and the client
    certificates (files, or folders of them) allowed to open a session."""

    certificate: Path
    private_key: Path
    trusted_clients: tuple[Path, ...] = field(default=())
    modes: tuple[SecurityMode, ...] = ("SignAndEncrypt",)


def load_certificate(path: Path) -> x509.Certificate:
    """A PEM or DER certificate file, or SecurityConfigError naming the file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SecurityConfigError(f"cannot read certificate {path}: {exc.strerror}") from exc
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise SecurityConfigError(f"{path} is not an X.509 certificate ({exc})") from exc


def check_private_key(path: Path) -> None:
    """Raise SecurityConfigError unless ``path`` holds an unencrypted PEM private key."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SecurityConfigError(f"cannot read private key {path}: {exc.strerror}") from exc
    try:
        serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SecurityConfigError(f"{path} is not an unencrypted PEM private key ({exc})") from exc


def application_uri(certificate: x509.Certificate) -> str | None:
    """The application URI an OPC UA certificate names (its subjectAltName URI)."""
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return None
    uris = names.value.get_values_for_type(x509.UniformResourceIdentifier)
    return uris[0] if uris else None


def fingerprint(certificate: x509.Certificate | bytes) -> str:
    """SHA-256 of the certificate's DER form, as hex."""
    der = (
        certificate
        if isinstance(certificate, bytes)
        else certificate.public_bytes(serialization.Encoding.DER)
    )
    return hashlib.sha256(der).hexdigest()


def trusted_certificates(locations: Iterable[Path]) -> dict[str, x509.Certificate]:
    """Every certificate in the given files and folders, by fingerprint."""
    found: dict[str, x509.Certificate] = {}
    for location in locations:
        location = Path(location)
        files = (
            sorted(p for p in location.iterdir() if p.suffix.lower() in CERTIFICATE_SUFFIXES)
            if location.is_dir()
            else [location]
        )
        for file in files:
            certificate = load_certificate(file)
            found[fingerprint(certificate)] = certificate
    return found


def _peer_fingerprint(certificate: object) -> str:
    if isinstance(certificate, x509.Certificate):
        return fingerprint(certificate)
    if isinstance(certificate, bytes):
        try:  # the channel's peer certificate arrives as DER (possibly a chain)
            return fingerprint(x509.load_der_x509_certificate(certificate))
        except ValueError:
            return fingerprint(certificate)
    return ""


class TrustedPeers:
    """asyncua user manager: a session is activated only on a channel secured with one of
    the trusted client certificates. An unsecured channel has no peer certificate, so it
    gets no session, whatever the client claims about endpoints."""

    def __init__(self, trusted: dict[str, x509.Certificate]) -> None:
        self.trusted = trusted
        self.refused = 0

    def get_user(
        self,
        iserver: Any,
        username: str | None = None,
        password: str | None = None,
        certificate: Any = None,
    ) -> Any:
        from asyncua.crypto.permission_rules import User, UserRole

        if certificate is None:
            self.refused += 1
            log.warning("OPC UA session refused: the channel is not secured with a certificate")
            return None
        key = _peer_fingerprint(certificate)
        if key not in self.trusted:
            self.refused += 1
            log.warning("OPC UA session refused: client certificate %s is not trusted", key[:16])
            return None
        name = self.trusted[key].subject.rfc4514_string()
        return User(role=UserRole.User, name=name)

    async def validate(self, certificate: x509.Certificate, description: Any) -> None:
        """asyncua certificate validator (CreateSession): validity period and trust."""
        from asyncua import ua
        from asyncua.common.utils import ServiceError

        now = datetime.datetime.now(datetime.UTC)
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            self.refused += 1
            raise ServiceError(ua.StatusCodes.BadCertificateTimeInvalid)
        if fingerprint(certificate) not in self.trusted:
            self.refused += 1
            log.warning(
                "OPC UA client %s refused: certificate %s is not trusted",
                getattr(description, "ApplicationUri", "?"),
                certificate.subject.rfc4514_string(),
            )
            raise ServiceError(ua.StatusCodes.BadCertificateUntrusted)


async def secure_server(server: Any, security: ServerSecurity) -> TrustedPeers:
    """Configure an asyncua ``Server`` (before start) to require Basic256Sha256."""
    from asyncua import ua

    check_private_key(security.private_key)
    load_certificate(security.certificate)
    trusted = trusted_certificates(security.trusted_clients)
    if not trusted:
        raise SecurityConfigError(
            "a secured OPC UA server needs the certificates of the stations it trusts "
            "(none found in: "
            + (", ".join(str(p) for p in security.trusted_clients) or "no location given")
            + ")"
        )
    policies = {
        "SignAndEncrypt": ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt,
        "Sign": ua.SecurityPolicyType.Basic256Sha256_Sign,
    }
    server.set_security_policy([policies[mode] for mode in security.modes])
    await server.load_certificate(str(security.certificate))
    await server.load_private_key(str(security.private_key))
    peers = TrustedPeers(trusted)
    server.set_certificate_validator(peers.validate)
    server.iserver.user_manager = peers
    return peers


async def secure_client(client: Any, security: ClientSecurity) -> None:
    """Configure an asyncua ``Client`` (before connect) for Basic256Sha256, using the
    application URI of the station's certificate, as the server will check it."""
    from asyncua import ua
    from asyncua.crypto.security_policies import SecurityPolicyBasic256Sha256

    own = load_certificate(security.certificate)
    load_certificate(security.server_certificate)
    check_private_key(security.private_key)
    uri = application_uri(own)
    if uri:
        client.application_uri = uri
    mode = getattr(ua.MessageSecurityMode, security.mode)
    await client.set_security(
        SecurityPolicyBasic256Sha256,
        str(security.certificate),
        str(security.private_key),
        server_certificate=str(security.server_certificate),
        mode=mode,
    )


def make_certificate(
    certificate_path: Path,
    key_path: Path,
    uri: str,
    *,
    common_name: str = "",
    hosts: Sequence[str] = (),
    server: bool = False,
    days: int = 365,
) -> x509.Certificate:
    """Write a self-signed OPC UA application certificate (PEM) and its private key (PEM,
    owner-only) for application URI ``uri``; ``server`` marks it for server use."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name or uri)])
    now = datetime.datetime.now(datetime.UTC)
    alt_names: list[x509.GeneralName] = [x509.UniformResourceIdentifier(uri)]
    for host in [*hosts, "localhost", socket.gethostname()]:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt_names.append(x509.DNSName(host))
    usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(list(dict.fromkeys(alt_names))), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=True,
                data_encipherment=True,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            True,
        )
        .add_extension(x509.ExtendedKeyUsage([usage]), False)
        .sign(key, hashes.SHA256())
    )
    key_path = Path(key_path)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # also when the file existed with a wider mode
        os.write(fd, pem)
    finally:
        os.close(fd)
    Path(certificate_path).parent.mkdir(parents=True, exist_ok=True)
    Path(certificate_path).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return certificate
