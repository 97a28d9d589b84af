#!/usr/bin/env python3
"""One-command setup for CellDeck from a fresh clone. Needs only Python 3.11+.

    python3 dev.py run [celldeck options]   set up .venv if needed, open the station window
    python3 dev.py test [pytest options]    set up .venv if needed, run the whole test suite
    python3 dev.py translations             update resources/translations/*.ts from the code
                                            (pyside6-lupdate), fill them from
                                            tools/translation_catalog.py, compile to .qm
    python3 dev.py screenshots [names]      render every picture of docs/OPERATOR-GUIDE.md
                                            into docs/screenshots (a few minutes; see
                                            tools/screenshots.py --help)

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
    translator, vanished ones dropped), fill them from tools/translation_catalog.py and
    compile the .qm files CellDeck loads. Returns 1 if a text has no translation yet (it
    shows in English until the catalogue has it)."""
    sys.path.insert(0, str(ROOT))
    from tools.fill_translations import main as fill_translations

    sources = [str(ROOT / "ui"), str(ROOT / "app")]
    ts_files = [str(TRANSLATIONS / f"celldeck_{lang}.ts") for lang in LANGUAGES]
    # No source locations: line numbers would change the .ts files (and make merges
    # conflict) on every edit of the code around a text.
    lupdate = [
        str(venv_bin("pyside6-lupdate")),
        "-extensions",
        "py",
        "-no-obsolete",
        "-locations",
        "none",
    ]
    subprocess.run([*lupdate, *sources, "-ts", *ts_files], check=True)
    incomplete = fill_translations(ts_files)
    for ts in ts_files:
        qm = ts.removesuffix(".ts") + ".qm"
        subprocess.run([str(venv_bin("pyside6-lrelease")), ts, "-qm", qm], check=True)
    return incomplete


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup", "translations", "screenshots"):
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
    if command == "screenshots":
        return subprocess.call(
            [str(venv_bin("python")), "-m", "tools.screenshots", *rest], cwd=ROOT
        )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(venv_bin("python")), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
