"""`celldeck screenshot` renders a page offscreen to a PNG of the requested size."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage


@pytest.mark.parametrize(("page", "size"), [("overview", (1280, 800)), ("trends", (1920, 1080))])
def test_screenshot_writes_non_blank_png_of_requested_size(tmp_path: Path, page, size):
    out = tmp_path / f"{page}.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--db",
            str(tmp_path / "s.sqlite3"),
            "screenshot",
            "--page",
            page,
            "--size",
            f"{size[0]}x{size[1]}",
            "--out",
            str(out),
            "--wait",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", CELLDECK_FIRST_FRAME="1"),
    )
    assert result.returncode == 0, result.stderr
    # The cold-start measurement the installers report (packaging/test-install.sh).
    first_frame = re.search(r"first frame (\d+\.\d+) \((\d+\.\d+) s after", result.stderr)
    assert first_frame, result.stderr
    assert 0 < float(first_frame[2]) < 120
    assert abs(float(first_frame[1]) - time.time()) < 120
    image = QImage(str(out))
    assert (image.width(), image.height()) == size
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)
    }
    assert len(colours) > 20, "screenshot looks blank"
    assert (tmp_path / "s.sqlite3").exists()


def test_screenshot_refuses_a_nonsense_size(tmp_path: Path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "screenshot",
            "--size",
            "big",
            "--out",
            str(tmp_path / "x.png"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "size must look like 1920x1080" in result.stderr


def test_screenshot_pages_are_the_window_pages():
    from app.cli import PAGES
    from ui.main_window import PAGE_KEYS

    assert set(PAGES) == set(PAGE_KEYS)


def _shoot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(tmp_path / "s.sqlite3"), "screenshot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )


def test_screenshot_goes_to_equipment_such_as_a_cartridge_view(tmp_path: Path):
    out = tmp_path / "bay.png"
    result = _shoot(
        tmp_path,
        "--equipment",
        "shuttle-01/bay-03",
        "--size",
        "1280x800",
        "--out",
        str(out),
        "--wait",
        "1",
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    refused = _shoot(tmp_path, "--equipment", "shuttle-99/bay-01", "--out", str(out))
    assert refused.returncode == 2
    assert "--equipment shuttle-99/bay-01: no such device" in refused.stderr
