"""Packaging: quick checks of the shipped packaging files in every run; the real install
test (build first, minutes) only with CELLDECK_PACKAGING_TESTS=1."""

import configparser
import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QLibraryInfo
from PySide6.QtGui import QColor, QImage, QPainter

from ui.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _packaging_module(name: str) -> ModuleType:
    """packaging/<name>.py (a folder of scripts, not a package), as the build runs it."""
    spec = importlib.util.spec_from_file_location(
        f"celldeck_packaging_{name}", PACKAGING / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_rules = _packaging_module("bundle_rules")


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
    # Japanese relies on the fonts every Windows has; the script says which.
    assert "Yu Gothic" in iss


def _control_fields(control: str) -> dict[str, str]:
    fields = {}
    for line in control.splitlines():
        if line and not line.startswith(" "):
            key, _, value = line.partition(": ")
            fields[key] = value
    return fields


def test_deb_depends_on_a_japanese_font_and_the_theme_font(tmp_path: Path):
    build = _packaging_module("build")
    # A bundle linking nothing from the system: Depends are what every build needs.
    depends = build.check_system_libraries(tmp_path)
    fields = _control_fields(build.deb_control("1.2.3", "amd64", 2048, depends))
    packages = [part.split()[0] for part in fields["Depends"].split(", ")]
    assert "fonts-noto-cjk" in packages  # kana and kanji: DejaVu Sans has none
    assert "fonts-dejavu-core" in packages
    assert (fields["Package"], fields["Version"], fields["Installed-Size"]) == (
        "celldeck",
        "1.2.3",
        "2048",
    )
    assert "fonts-noto-cjk" not in fields["Recommends"]


def test_bundle_keeps_qt_and_celldeck_translations_of_the_shipped_languages_only():
    languages = bundle_rules.shipped_languages()
    assert languages == tuple(sorted(set(LANGUAGES) - {"en"}))  # nl, ja

    def kept(dest: str, windows: bool = False) -> bool:
        return bundle_rules.kept(dest, windows=windows, languages=languages)

    for lang in languages:
        assert kept(f"PySide6/Qt/translations/qtbase_{lang}.qm")
        assert kept(f"PySide6\\translations\\qtbase_{lang}.qm", windows=True)
        assert kept(f"resources/translations/celldeck_{lang}.qm")
        assert not kept(f"PySide6/Qt/translations/qtmultimedia_{lang}.qm")
    for other in ("de", "fr", "zh_CN", "en"):
        assert not kept(f"PySide6/Qt/translations/qtbase_{other}.qm")
    # The rest of the filter still works: plugins by folder, the GPL keyboard never.
    assert kept("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert not kept("PySide6/Qt/plugins/platforms/libqeglfs.so")
    assert not kept("PySide6/Qt/lib/libQt6VirtualKeyboard.so.6")


def test_pyside6_has_the_qt_translations_the_bundle_takes():
    qt_translations = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for name in bundle_rules.qt_translations_kept(bundle_rules.shipped_languages()):
        assert (qt_translations / name).is_file(), name


def test_spec_filters_with_the_rules_and_ships_celldeck_translations():
    spec = (PACKAGING / "celldeck.spec").read_text()
    assert "bundle_rules.kept(entry[0], windows=WINDOWS, languages=LANGUAGES)" in spec
    assert "LANGUAGES = bundle_rules.shipped_languages()" in spec
    assert '(path, "resources/translations")' in spec
    assert 'glob.glob(str(ROOT / "resources" / "translations" / "*.qm"))' in spec


def _bundle_translations(internal: Path, qt_names: list[str], ours: list[str]) -> None:
    qt = internal / "PySide6/Qt/translations"
    qt.mkdir(parents=True)
    for name in qt_names:
        (qt / name).write_bytes(b"qm")
    folder = internal / "resources/translations"
    folder.mkdir(parents=True)
    for name in ours:
        (folder / name).write_bytes(b"qm")


def test_translation_check_of_a_built_bundle(tmp_path: Path):
    languages = ("ja", "nl")
    good = tmp_path / "good"
    _bundle_translations(
        good,
        ["qtbase_nl.qm", "qtbase_ja.qm"],
        ["celldeck_nl.qm", "celldeck_ja.qm"],
    )
    assert bundle_rules.translation_problems(good, languages) == []

    bad = tmp_path / "bad"
    _bundle_translations(bad, ["qtbase_nl.qm", "qtbase_de.qm"], ["celldeck_nl.qm"])
    problems = bundle_rules.translation_problems(bad, languages)
    assert "resources/translations/celldeck_ja.qm is missing" in problems
    assert "Qt's qtbase_ja.qm is missing" in problems
    assert "Qt translations of other languages ship: qtbase_de.qm" in problems


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
