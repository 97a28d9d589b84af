"""The command-line side of OPC UA security: certificates and the sim-server options."""

from pathlib import Path

import pytest

from app.cli import main

STATION_URI = "urn:celldeck:station:kiosk-test"


def test_sim_server_security_options_go_together(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_:
        main(["sim-server", "--port", "0", "--certificate", "server.pem"])
    assert exit_.value.code == 2
    assert "--private-key and --trust" in capsys.readouterr().err


def test_opcua_cert_writes_an_owner_only_key(tmp_path: Path, capsys):
    cert, key = tmp_path / "kiosk.pem", tmp_path / "kiosk-key.pem"
    assert (
        main(
            [
                "opcua-cert",
                "--uri",
                STATION_URI,
                "--certificate",
                str(cert),
                "--private-key",
                str(key),
            ]
        )
        == 0
    )
    assert cert.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert key.stat().st_mode & 0o777 == 0o600
    assert "never the key" in capsys.readouterr().out
