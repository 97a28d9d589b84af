"""What goes into CellDeck's PyInstaller bundle: the rules ``celldeck.spec`` filters
PyInstaller's collection with, and the check ``build.py`` runs on the finished bundle.

Plain Python (no PyInstaller), so tests read the same rules the build uses.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"

# Qt plugins kept, by folder and file stem without "lib"/".so"/".dll". "*" keeps the folder.
QT_PLUGINS_KEPT = {
    # offscreen for screenshots and tests, xcb for X11 desktops, wayland for cage kiosks;
    # qwindows on Windows.
    "platforms": {"qxcb", "qoffscreen", "qwayland", "qwindows"},
    "xcbglintegrations": {"*"},
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": {"*"},
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
    # PNG is built into QtGui; SVG for icons.
    "imageformats": {"qsvg"},
    "iconengines": {"qsvgicon"},
    # Compose keys (dead keys on plant keyboards); no IBus on a kiosk.
    "platforminputcontexts": {"composeplatforminputcontextplugin"},
    # Alarm sounds (QSoundEffect) go through the FFmpeg backend; Windows Media Foundation too.
    "multimedia": {"ffmpegmediaplugin", "windowsmediaplugin"},
    # Only present if QtPrintSupport is ever imported (printing batch records).
    "printsupport": {"*"},
    "styles": {"*"},
}

# Qt's own translations CellDeck loads (ui.i18n.install_language): qtbase holds the
# standard dialogs' buttons and shortcuts. PyInstaller's PySide6 hooks collect every
# language of every catalogue of the imported Qt modules (qtbase_*.qm: 30+ languages,
# qtmultimedia_*.qm, ...); only CellDeck's languages are kept.
QT_TRANSLATION_CATALOGUES = ("qtbase",)

# Qt libraries that came in only for plugins left out above (eglfs, the virtual keyboard's
# input context). Qt Virtual Keyboard is GPL-3.0: it must never ship. (Qt6Qml and
# Qt6Quick stay: the FFmpeg multimedia plugin links them for its video sink.)
QT_LIBRARIES_DROPPED = (
    "Qt6VirtualKeyboard",
    "Qt6EglFS",
    "Qt6EglFsKms",
    "Qt6Test",
    "Qt6MultimediaWidgets",
)
# Linux: libraries every desktop has and the .deb depends on (packaging/build.py derives
# Depends from what the bundle links). Taking the system's keeps them consistent with the
# system's graphics drivers, fonts and D-Bus (a bundled libstdc++ or glib older than the
# system's breaks Mesa and GTK-based plugins on newer distributions).
SYSTEM_PROVIDED = (
    "libstdc++.so", "libgcc_s.so", "libglib-2.0.so", "libgobject-2.0.so", "libgio-2.0.so",
    "libgmodule-2.0.so", "libgthread-2.0.so", "libX", "libxcb", "libxkbcommon",
    "libfontconfig.so", "libfreetype.so", "libdbus-1.so", "libz.so", "libexpat.so",
    "libpng16.so", "libbrotli", "libbsd.so", "libmd.so", "libsystemd.so", "libcap.so",
    "libgcrypt.so", "libgpg-error.so", "liblz4.so", "libzstd.so", "libmount.so",
    "libblkid.so", "libselinux.so", "libpcre2-8.so", "libgssapi_krb5.so", "libkrb5",
    "libk5crypto.so", "libcom_err.so", "libkeyutils.so",
)  # fmt: skip


def shipped_languages(translations: Path = TRANSLATIONS) -> tuple[str, ...]:
    """CellDeck's languages besides English (the source): one per celldeck_<lang>.ts."""
    return tuple(
        sorted(path.stem.removeprefix("celldeck_") for path in translations.glob("celldeck_*.ts"))
    )


def qt_translations_kept(languages: tuple[str, ...]) -> set[str]:
    """File names of Qt's own translations the bundle carries (qtbase_nl.qm, ...)."""
    return {f"{name}_{lang}.qm" for name in QT_TRANSLATION_CATALOGUES for lang in languages}


def plugin_kept(dest: str) -> bool:
    parts = Path(dest).parts
    if "plugins" not in parts:
        return True
    index = parts.index("plugins")
    if len(parts) < index + 3:
        return True
    folder, name = parts[index + 1], parts[-1]
    kept = QT_PLUGINS_KEPT.get(folder)
    if kept is None:
        return False
    stem = name.split(".")[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return "*" in kept or stem in kept


def translation_kept(dest: str, languages: tuple[str, ...]) -> bool:
    """Qt's translations (PySide6/Qt/translations on Linux, PySide6/translations on
    Windows) only for CellDeck's languages; CellDeck's own (resources/) always."""
    path = Path(dest)
    if "translations" not in path.parts or "resources" in path.parts:
        return True
    return path.name in qt_translations_kept(languages)


def kept(dest: str, *, windows: bool, languages: tuple[str, ...]) -> bool:
    """Whether a file PyInstaller collected for ``dest`` (its path in the bundle) ships."""
    dest = dest.replace("\\", "/")
    name = dest.rsplit("/", 1)[-1]
    if any(dropped in name for dropped in QT_LIBRARIES_DROPPED):
        return False
    if not windows and "/" not in dest and name.startswith(SYSTEM_PROVIDED):
        return False
    if not dest.startswith("PySide6/"):
        return True
    return plugin_kept(dest) and translation_kept(dest, languages)


def translation_problems(internal: Path, languages: tuple[str, ...]) -> list[str]:
    """What is wrong with the translations in a built bundle's ``_internal`` folder:
    for each language CellDeck's celldeck_<lang>.qm and Qt's qtbase_<lang>.qm must be
    there, and no Qt translation of another language."""
    problems = []
    ours = internal / "resources" / "translations"
    qt_files = {
        path.name: path for path in internal.glob("PySide6/**/translations/*.qm") if path.is_file()
    }
    for lang in languages:
        if not (ours / f"celldeck_{lang}.qm").is_file():
            problems.append(f"resources/translations/celldeck_{lang}.qm is missing")
        for name in QT_TRANSLATION_CATALOGUES:
            if f"{name}_{lang}.qm" not in qt_files:
                problems.append(f"Qt's {name}_{lang}.qm is missing")
    extra = sorted(set(qt_files) - qt_translations_kept(languages))
    if extra:
        problems.append(f"Qt translations of other languages ship: {', '.join(extra)}")
    return problems
