#!/usr/bin/env python3
"""Build CellDeck's installers: a self-contained PyInstaller bundle, then packages of it.

    python3 packaging/build.py            on Linux: bundle, portable tarball and .deb in dist/
    python3 packaging/build.py bundle     only the one-folder bundle (any OS; Windows first step)
    python3 packaging/build.py tarball    re-package an existing bundle as a tarball
    python3 packaging/build.py deb        re-package an existing bundle as a .deb

``packaging/build-linux.sh`` runs the first. The build environment is ``build/venv``:
CellDeck installed from this checkout (not editable) with the ``[packaging]`` extra, so
the bundle holds exactly what a wheel ships. Needs Python 3.11 built with a shared
libpython (python.org, Debian, pyenv with --enable-shared), and on Linux dpkg-deb.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_rules  # beside this script (packaging/ is a folder of scripts)

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
VENV = BUILD / "venv"
PYI_WORK = BUILD / "pyinstaller"
BUNDLE = BUILD / "bundle" / "celldeck"  # PyInstaller's one-folder output
WINDOWS = os.name == "nt"

# The .deb's Depends are what the bundle loads from the system instead of carrying it,
# found by ldd on every library in the bundle (check_system_libraries) and mapped to
# Debian packages here: Qt's xcb platform needs the xcb helper libraries, QtMultimedia
# PulseAudio's client (alarm sounds). Plus what is not linked: the theme draws with
# DejaVu Sans through fontconfig, and Japanese needs a CJK font to fall back to (DejaVu
# has no kana or kanji; without one every Japanese text is a row of empty boxes). The
# language is chosen at run time (plant file, --lang, each person's own, the rail), so any
# station may show Japanese: a Depends, not a Recommends, which kiosk images built with
# --no-install-recommends would drop (fonts-noto-cjk: ~90 MB installed). glibc: the
# version of the build machine (Debian 12).
DEB_DEPENDS_ALWAYS = ["libc6 (>= 2.36)", "fonts-dejavu-core", "fonts-noto-cjk"]
DEB_RECOMMENDS = ["cage"]  # a kiosk without a desktop: see packaging/README.md

# Soname prefix -> Debian package. The build fails if the bundle needs a system library
# missing from this table, so a new Qt plugin or extension cannot silently need
# something the package does not depend on.
SYSTEM_LIBRARIES = {
    "libc.so": "libc6",
    "libm.so": "libc6",
    "libdl.so": "libc6",
    "librt.so": "libc6",
    "libpthread.so": "libc6",
    "libresolv.so": "libc6",
    "libutil.so": "libc6",
    "ld-linux": "libc6",
    "linux-vdso": "libc6",
    "libstdc++.so": "libstdc++6",
    "libgcc_s.so": "libgcc-s1",
    "libz.so": "zlib1g",
    "libglib-2.0.so": "libglib2.0-0",
    "libgthread-2.0.so": "libglib2.0-0",
    "libgobject-2.0.so": "libglib2.0-0",
    "libgio-2.0.so": "libglib2.0-0",
    "libgmodule-2.0.so": "libglib2.0-0",
    "libdbus-1.so": "libdbus-1-3",
    "libfontconfig.so": "libfontconfig1",
    "libfreetype.so": "libfreetype6",
    "libX11.so": "libx11-6",
    "libX11-xcb.so": "libx11-xcb1",
    "libxcb.so": "libxcb1",
    "libxcb-cursor.so": "libxcb-cursor0",
    "libxcb-icccm.so": "libxcb-icccm4",
    "libxcb-image.so": "libxcb-image0",
    "libxcb-keysyms.so": "libxcb-keysyms1",
    "libxcb-randr.so": "libxcb-randr0",
    "libxcb-render-util.so": "libxcb-render-util0",
    "libxcb-render.so": "libxcb-render0",
    "libxcb-shape.so": "libxcb-shape0",
    "libxcb-shm.so": "libxcb-shm0",
    "libxcb-sync.so": "libxcb-sync1",
    "libxcb-xfixes.so": "libxcb-xfixes0",
    "libxcb-xkb.so": "libxcb-xkb1",
    "libxcb-util.so": "libxcb-util1",
    "libxcb-glx.so": "libxcb-glx0",
    "libxkbcommon.so": "libxkbcommon0",
    "libxkbcommon-x11.so": "libxkbcommon-x11-0",
    "libXrandr.so": "libxrandr2",
    "libXext.so": "libxext6",
    "libXrender.so": "libxrender1",
    "libEGL.so": "libegl1",
    "libGL.so": "libgl1",
    "libGLX.so": "libglx0",
    "libGLdispatch.so": "libglvnd0",
    "libOpenGL.so": "libopengl0",
    "libwayland-client.so": "libwayland-client0",
    "libwayland-cursor.so": "libwayland-cursor0",
    "libwayland-egl.so": "libwayland-egl1",
    "libpulse.so": "libpulse0",
    "libdrm.so": "libdrm2",
    # Qt's network and PDF modules authenticate with Kerberos (GSSAPI) when a server asks.
    "libgssapi_krb5.so": "libgssapi-krb5-2",
    "libkrb5.so": "libkrb5-3",
    "libk5crypto.so": "libk5crypto3",
    "libcom_err.so": "libcomerr2",
    "libkrb5support.so": "libkrb5support0",
    "libkeyutils.so": "libkeyutils1",
    # Pulled in by the packages above (their own Depends), listed so the check knows them.
    "libXau.so": "libxau6",
    "libXdmcp.so": "libxdmcp6",
    "libbsd.so": "libbsd0",
    "libmd.so": "libmd0",
    "libexpat.so": "libexpat1",
    "libpng16.so": "libpng16-16",
    "libbrotli": "libbrotli1",
    "libpcre2-8.so": "libpcre2-8-0",
    "libffi.so": "libffi8",
    "libsystemd.so": "libsystemd0",
    "libcap.so": "libcap2",
    "libgcrypt.so": "libgcrypt20",
    "libgpg-error.so": "libgpg-error0",
    "liblzma.so": "liblzma5",
    "liblz4.so": "liblz4-1",
    "libzstd.so": "libzstd1",
    "libmount.so": "libmount1",
    "libblkid.so": "libblkid1",
    "libselinux.so": "libselinux1",
    "libXfixes.so": "libxfixes3",
    "libxcb-dri": "libxcb-dri3-0",
    "libxcb-present.so": "libxcb-present0",
    "libsndfile.so": "libsndfile1",
    "libasyncns.so": "libasyncns0",
    "libpulsecommon": "libpulse0",
    "libapparmor.so": "libapparmor1",
}


# Qt Virtual Keyboard is GPL-3.0 (PySide6's core is LGPL); the rest are large and unused.
NEVER_SHIPPED = ("VirtualKeyboard", "WebEngine", "Qt63D", "Qt6Quick3D", "Qt6Designer", "Qt6Charts")


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def run(*command: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)  # type: ignore[call-overload]


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def prepare_build_env() -> None:
    """build/venv with the runtime dependencies and PyInstaller (reinstalled when
    pyproject.toml changes), then CellDeck itself from this checkout, fresh every build."""
    stamp = VENV / ".celldeck-packaging"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not (venv_python().exists() and stamp.exists() and stamp.read_text() == wanted):
        run(sys.executable, "-m", "venv", "--clear", VENV)
        run(
            venv_python(),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"{ROOT}[packaging]",
        )
        stamp.write_text(wanted)
    compile_translations()
    # setuptools builds in build/lib: a stale copy there would put deleted modules in the wheel.
    shutil.rmtree(BUILD / "lib", ignore_errors=True)
    run(
        venv_python(),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--force-reinstall",
        ROOT,
    )


def compile_translations() -> None:
    """resources/translations/*.ts -> .qm (the files CellDeck loads), so the installed
    package carries current translations even if nobody ran `dev.py translations`."""
    lrelease = VENV / ("Scripts/pyside6-lrelease.exe" if WINDOWS else "bin/pyside6-lrelease")
    for ts in sorted((ROOT / "resources" / "translations").glob("*.ts")):
        run(lrelease, "-silent", ts, "-qm", ts.with_suffix(".qm"))


def build_bundle() -> Path:
    prepare_build_env()
    pyinstaller = VENV / ("Scripts/pyinstaller.exe" if WINDOWS else "bin/pyinstaller")
    # Run outside the checkout so the installed copy of CellDeck is analysed, not the source.
    run(
        pyinstaller,
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        BUNDLE.parent,
        "--workpath",
        PYI_WORK,
        PACKAGING / "celldeck.spec",
        cwd=BUILD,
    )
    unwanted = [
        path.relative_to(BUNDLE)
        for path in BUNDLE.rglob("*")
        if any(part in path.name for part in NEVER_SHIPPED)
    ]
    if unwanted:
        raise SystemExit(f"the bundle holds what it must not: {[str(p) for p in unwanted]}")
    internal = BUNDLE / "_internal"
    problems = bundle_rules.translation_problems(internal, bundle_rules.shipped_languages())
    if problems:
        raise SystemExit("the bundle's translations are wrong:\n  " + "\n  ".join(problems))
    executable = BUNDLE / ("celldeck.exe" if WINDOWS else "celldeck")
    shown = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    if shown != f"celldeck {project_version()}":
        raise SystemExit(f"the bundle says {shown!r}, pyproject.toml {project_version()}")
    print(f"bundle: {BUNDLE} ({_tree_size(BUNDLE) / 1e6:.0f} MB), {shown}")
    return BUNDLE


def _tree_size(folder: Path) -> int:
    return sum(path.lstat().st_size for path in folder.rglob("*") if not path.is_dir())


def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def check_system_libraries(bundle: Path) -> list[str]:
    """The Debian packages providing every library the bundle loads from outside itself
    (as ldd resolves them, with the bundle's own folder searched first, as at run time)."""
    internal = bundle / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    needed: dict[str, str] = {}
    unknown: dict[str, Path] = {}
    for elf in _elf_files(bundle):
        result = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            parts = line.split()
            if not parts or parts[0].startswith("statically"):
                continue
            soname = Path(parts[0]).name  # the loader is listed by its path
            resolved = parts[2] if len(parts) > 2 and parts[1] == "=>" else parts[0]
            if resolved.startswith(str(bundle)):
                continue
            package = next(
                (pkg for prefix, pkg in SYSTEM_LIBRARIES.items() if soname.startswith(prefix)),
                None,
            )
            if package is None:
                unknown.setdefault(soname, elf)
            else:
                needed[soname] = package
    if unknown:
        listing = "\n".join(f"  {name} (needed by {path})" for name, path in unknown.items())
        raise SystemExit(
            "the bundle loads these system libraries but no Debian package is known for "
            f"them; add them to SYSTEM_LIBRARIES in packaging/build.py:\n{listing}"
        )
    packages = sorted(set(needed.values()) - {"libc6"})
    print(f"system libraries: {len(needed)} sonames from {len(packages) + 1} packages")
    return [*DEB_DEPENDS_ALWAYS, *packages]


def _linux_arch() -> str:
    try:
        return subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def _copy_shared_files(target: Path) -> None:
    """Desktop entry, icons, kiosk units and the example plant file, where a .deb installs
    them relative to /usr (a tarball keeps the same tree under share/)."""
    icons = ROOT / "resources" / "icons"
    (target / "share/applications").mkdir(parents=True, exist_ok=True)
    shutil.copy2(PACKAGING / "linux/celldeck.desktop", target / "share/applications")
    for png in icons.glob("celldeck-*.png"):
        size = png.stem.split("-")[1]
        folder = target / f"share/icons/hicolor/{size}x{size}/apps"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, folder / "celldeck.png")
    scalable = target / "share/icons/hicolor/scalable/apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy2(icons / "celldeck.svg", scalable / "celldeck.svg")
    kiosk = target / "share/celldeck/kiosk"
    kiosk.mkdir(parents=True, exist_ok=True)
    for name in ("celldeck-kiosk.desktop", "celldeck-kiosk.service", "celldeck-cage.service"):
        shutil.copy2(PACKAGING / "linux" / name, kiosk / name)
    shutil.copy2(
        ROOT / "resources/plants/demo-site.toml", target / "share/celldeck/plant.toml.example"
    )
    docs = target / "share/doc/celldeck"
    docs.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PACKAGING / "README.md", docs / "README.md")


def build_tarball(bundle: Path) -> Path:
    version, arch = project_version(), _linux_arch()
    name = f"celldeck-{version}-linux-{arch}"
    staging = BUILD / "tarball" / name
    shutil.rmtree(staging.parent, ignore_errors=True)
    shutil.copytree(bundle, staging, symlinks=True)
    _copy_shared_files(staging)
    DIST.mkdir(exist_ok=True)
    out = DIST / f"{name}.tar.gz"
    with tarfile.open(out, "w:gz", compresslevel=6) as archive:
        archive.add(staging, arcname=name)
    print(f"tarball: {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return out


def deb_control(version: str, arch: str, installed_kb: int, depends: list[str]) -> str:
    """The .deb's DEBIAN/control; ``depends`` as check_system_libraries found them."""
    return (
        f"Package: celldeck\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: CellDeck plant IT <celldeck@localhost>\n"
        f"Installed-Size: {installed_kb}\n"
        f"Section: science\n"
        f"Priority: optional\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(DEB_RECOMMENDS)}\n"
        f"Description: operator HMI for automated cell-therapy factories\n"
        f" CellDeck shows and commands Cell Shuttles, Cell Q instruments and cleanroom\n"
        f" monitors: kiosks beside each shuttle, supervisors' stations over the floor,\n"
        f" alarms (ISA-18.2), batches (ISA-88) and Part 11 records. Self-contained build\n"
        f" in /opt/celldeck; station records stay in each user's folders.\n"
    )


def build_deb(bundle: Path, depends: list[str]) -> Path:
    version, arch = project_version(), _linux_arch()
    root = BUILD / "deb" / "root"
    shutil.rmtree(root.parent, ignore_errors=True)
    shutil.copytree(bundle, root / "opt/celldeck", symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux/celldeck", root / "usr/bin/celldeck")
    _copy_shared_files(root / "usr")
    units = root / "usr/lib/systemd/user"
    units.mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux/celldeck-kiosk.service", units)
    # The administrator's folder for plant.toml; the package owns the folder, never the file.
    (root / "etc/celldeck").mkdir(parents=True)
    (root / "usr/share/doc/celldeck/copyright").write_text(
        "CellDeck - operator HMI for automated cell-therapy factories.\n"
        "License: Proprietary. Bundles Qt for Python (PySide6, LGPL-3.0) and Qt 6 (LGPL-3.0),\n"
        "Python (PSF-2.0), pyqtgraph (MIT), numpy (BSD-3-Clause), asyncua (LGPL-3.0),\n"
        "pydantic (MIT), sqlite-utils (Apache-2.0), qasync (BSD-2-Clause), FFmpeg (LGPL-2.1+).\n"
    )
    control = root / "DEBIAN"
    control.mkdir()
    for script in ("postinst", "prerm", "postrm"):
        shutil.copy2(PACKAGING / "linux" / script, control / script)
    for path in root.rglob("*"):
        if path.is_symlink():
            continue
        executable = path.is_dir() or os.access(path, os.X_OK)
        path.chmod(0o755 if executable else 0o644)
    installed_kb = _tree_size(root) // 1024
    (control / "control").write_text(deb_control(version, arch, installed_kb, depends))
    DIST.mkdir(exist_ok=True)
    out = DIST / f"celldeck_{version}_{arch}.deb"
    command = ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(out)]
    if shutil.which("fakeroot"):
        command = ["fakeroot", *command]
    run(*command)
    print(f"deb: {out} ({out.stat().st_size / 1e6:.1f} MB, installs {installed_kb / 1024:.0f} MB)")
    return out


def build_windows_installer() -> Path | None:
    """Compile packaging/windows/celldeck.iss with Inno Setup 6 if it is installed."""
    candidates = [
        shutil.which("ISCC.exe"),
        *(
            str(Path(os.environ[var]) / "Inno Setup 6" / "ISCC.exe")
            for var in ("ProgramFiles(x86)", "ProgramFiles")
            if var in os.environ
        ),
    ]
    iscc = next((c for c in candidates if c and Path(c).exists()), None)
    if iscc is None:
        print(
            "Inno Setup 6 (ISCC.exe) not found: the bundle is built; install Inno Setup and "
            "compile packaging\\windows\\celldeck.iss (see packaging/README.md)"
        )
        return None
    run(iscc, f"/DAppVersion={project_version()}", PACKAGING / "windows" / "celldeck.iss")
    out = DIST / f"celldeck-{project_version()}-windows-x64-setup.exe"
    print(f"installer: {out}")
    return out


def main(argv: list[str]) -> int:
    what = argv[0] if argv else ("bundle" if WINDOWS else "all")
    if what not in ("all", "bundle", "tarball", "deb"):
        print(__doc__)
        return 2
    if what in ("all", "bundle"):
        build_bundle()
    elif not BUNDLE.exists():
        raise SystemExit(f"no bundle in {BUNDLE}: run `python3 packaging/build.py bundle` first")
    if what == "bundle":
        return 0
    if WINDOWS:
        build_windows_installer()
        return 0
    depends = check_system_libraries(BUNDLE)
    if what in ("all", "tarball"):
        build_tarball(BUNDLE)
    if what in ("all", "deb"):
        build_deb(BUNDLE, depends)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
