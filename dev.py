#!/usr/bin/env python3
"""One-command setup for CellDeck from a fresh clone. Needs only Python 3.11+.

    python3 dev.py run [celldeck options]   set up .venv if needed, open the station window
    python3 dev.py test [pytest options]    set up .venv if needed, run the whole test suite
    python3 dev.py translations             update resources/translations/*.ts from the code
                                            (pyside6-lupdate) and compile them to .qm

The virtual environment lives in .venv inside the checkout and is rebuilt when
pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".celldeck-installed"


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def ensure_venv() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and venv_bin("python").exists():
        return
    if not venv_bin("python").exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print(
        "installing CellDeck and its test tools into .venv (first run takes a minute)", flush=True
    )
    subprocess.run(
        [
            str(venv_bin("python")),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-e",
            f"{ROOT}[test]",
        ],
        check=True,
    )
    STAMP.write_text(wanted)


TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("nl", "ja")  # English is the source language


def translations() -> int:
    """Collect every tr() text into the .ts files (new ones marked unfinished for the
    translator, vanished ones dropped) and compile the .qm files CellDeck loads."""
    sources = [str(ROOT / "ui"), str(ROOT / "app")]
    ts_files = [str(TRANSLATIONS / f"celldeck_{lang}.ts") for lang in LANGUAGES]
    lupdate = [str(venv_bin("pyside6-lupdate")), "-extensions", "py", "-no-obsolete"]
    subprocess.run([*lupdate, *sources, "-ts", *ts_files], check=True)
    for ts in ts_files:
        qm = ts.removesuffix(".ts") + ".qm"
        subprocess.run([str(venv_bin("pyside6-lrelease")), ts, "-qm", qm], check=True)
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup", "translations"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_venv()
    if command == "setup":
        return 0
    if command == "translations":
        return translations()
    if command == "run":
        return subprocess.call([str(venv_bin("celldeck")), *rest])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(venv_bin("python")), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
