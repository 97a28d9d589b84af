"""Packaging: quick checks of the shipped packaging files in every run; the real install
test (build first, minutes) only with CELLDECK_PACKAGING_TESTS=1."""

import configparser
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _check_png(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PACKAGING / "check_png.py"), str(path), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_png_check_refuses_a_blank_screenshot_and_accepts_a_drawn_one(tmp_path: Path):
    blank = QImage(640, 400, QImage.Format.Format_RGB32)
    blank.fill(QColor("#c6c6c6"))
    blank.save(str(tmp_path / "blank.png"))
    result = _check_png(tmp_path / "blank.png", "--size", "640x400")
    assert result.returncode == 1
    assert "looks blank" in result.stderr

    drawn = QImage(blank)
    painter = QPainter(drawn)
    for i in range(40):
        painter.fillRect(i * 16, 0, 16, 200 + i * 5, QColor.fromHsv(i * 9, 160, 200))
    painter.end()
    drawn.save(str(tmp_path / "drawn.png"))
    assert _check_png(tmp_path / "drawn.png", "--size", "640x400").returncode == 0
    wrong_size = _check_png(tmp_path / "drawn.png", "--size", "1920x1080")
    assert wrong_size.returncode == 1
    assert "expected 1920x1080" in wrong_size.stderr


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entries_start_celldeck_and_the_kiosk_entry_its_kiosk_mode():
    app = _desktop_entry(PACKAGING / "linux/celldeck.desktop")
    assert (app["Type"], app["Exec"], app["Icon"]) == ("Application", "celldeck", "celldeck")
    kiosk = _desktop_entry(PACKAGING / "linux/celldeck-kiosk.desktop")
    assert kiosk["Exec"] == "celldeck --kiosk"
    assert kiosk["NoDisplay"] == "true"
    for unit in ("celldeck-kiosk.service", "celldeck-cage.service"):
        assert "celldeck --kiosk" in (PACKAGING / "linux" / unit).read_text()


def test_maintainer_scripts_never_delete_records():
    for name in ("postinst", "prerm", "postrm"):
        script = (PACKAGING / "linux" / name).read_text()
        assert os.access(PACKAGING / "linux" / name, os.X_OK), name
        assert "rm " not in script and "CellDeck" in script, name
        assert subprocess.run(["sh", "-n", str(PACKAGING / "linux" / name)]).returncode == 0


def test_windows_installer_is_per_machine_with_start_menu_and_kiosk_option():
    iss = (PACKAGING / "windows/celldeck.iss").read_text()
    assert "PrivilegesRequired=admin" in iss
    assert "{autoprograms}\\CellDeck" in iss
    assert 'Name: "kiosk"' in iss and "--kiosk" in iss


@pytest.mark.skipif(
    os.environ.get("CELLDECK_PACKAGING_TESTS") != "1",
    reason="needs built packages (packaging/build-linux.sh); set CELLDECK_PACKAGING_TESTS=1",
)
@pytest.mark.timeout(900)
def test_built_packages_install_and_run():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = subprocess.run(
        ["bash", str(PACKAGING / "test-install.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=880,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert f"--version: celldeck {version}" in result.stdout
