"""Every picture of the operator guide, from one command: ``python3 dev.py screenshots``.

1. A demo database with days of simulated production behind it
   (``tools/demo_production.py``): finished, reviewed, approved and aborted batch
   records, a batch waiting for Start, alarm history, process history, named people.
2. Each page (and the cartridge view, the night theme, Dutch and Japanese) rendered by
   the application's own ``celldeck screenshot`` on a fresh copy of that database, at
   every size in ``SIZES``.
3. What the screenshot command cannot reach (running batches, a manual step waiting,
   dialogs, the on-screen keyboard, signed-in pages) from a scripted window on the same
   database (``tools/screenshot_scenes.py``).

Pictures go to ``docs/screenshots/<name>-<W>x<H>.png``. A picture whose pixels are the
same as the one already there is not rewritten, so re-running changes only what changed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshots"
SIZES: tuple[tuple[int, int], ...] = ((1920, 1080), (1280, 800))
# The screenshot command's plant runs this fast and this long before each picture:
# long enough for live values, trends and alarm states to settle, short enough that the
# cultures look as the demo database left them.
SIM_SPEED = "60"
WAIT_S = "5"


@dataclass(frozen=True)
class CommandShot:
    """A picture ``celldeck screenshot`` takes by itself."""

    name: str
    target: tuple[str, ...]  # --page PAGE or --equipment SOURCE
    options: tuple[str, ...] = ()  # global options: --theme, --lang, --role, --plant
    sim_speed: str = SIM_SPEED
    wait_s: str = WAIT_S
    demo: bool = True  # on a copy of the demo database; False: a new, empty one


# Pages that need running batches, standing alarms or a signed-in person (batches,
# alarms, admin) come from the scenes, under the page's name.
COMMAND_SHOTS: tuple[CommandShot, ...] = (
    CommandShot("overview", ("--page", "overview")),
    # A supervisor's desk over a whole site (48 shuttles); long enough for the start-up
    # of 768 bays to leave the alarm flood window.
    CommandShot(
        "fleet",
        ("--page", "fleet"),
        ("--plant", "resources/plants/full-site.toml", "--role", "supervisor"),
        wait_s="20",
        demo=False,
    ),
    CommandShot("shuttles", ("--page", "shuttles")),
    # A week of equipment time: the Cell Q shows a sample's results once all its assays
    # are done, sterility (7 days) included.
    CommandShot("qc", ("--page", "qc"), sim_speed="100000", wait_s="8"),
    CommandShot("environment", ("--page", "environment")),
    CommandShot("trends", ("--page", "trends")),
    CommandShot("records", ("--page", "records")),
    CommandShot("cartridge", ("--equipment", "shuttle-01/bay-03")),
    CommandShot("overview-night", ("--page", "overview"), ("--theme", "night")),
    CommandShot("cartridge-nl", ("--equipment", "shuttle-01/bay-03"), ("--lang", "nl")),
    CommandShot("cartridge-ja", ("--equipment", "shuttle-01/bay-03"), ("--lang", "ja")),
)


@dataclass(frozen=True)
class DemoFiles:
    """A station database with its process history, audit key and checkpoint."""

    db: Path
    key: Path

    @property
    def present_file(self) -> Path:
        """Where the demo production ended, in equipment time (JSON, beside the db)."""
        return self.db.parent / "demo.json"

    @property
    def present(self) -> float:
        return float(json.loads(self.present_file.read_text())["present"])

    def copy_to(self, folder: Path) -> DemoFiles:
        from app.records.audit import checkpoint_path_for
        from app.records.historian import history_path_for

        folder.mkdir(parents=True, exist_ok=True)
        copy = DemoFiles(folder / self.db.name, folder / self.key.name)
        shutil.copy2(self.db, copy.db)
        shutil.copy2(self.key, copy.key)
        history = history_path_for(self.db)
        if history.exists():
            shutil.copy2(history, history_path_for(copy.db))
        checkpoint = checkpoint_path_for(self.key, self.db)
        if checkpoint.exists():
            shutil.copy2(checkpoint, checkpoint_path_for(copy.key, copy.db))
        return copy


def picture_name(name: str, size: tuple[int, int]) -> str:
    return f"{name}-{size[0]}x{size[1]}.png"


def all_picture_names() -> list[str]:
    """Every file the command writes (scenes included), for the guide's test."""
    from tools.screenshot_scenes import SCENES

    names = [shot.name for shot in COMMAND_SHOTS] + list(SCENES)
    return [picture_name(name, size) for name in names for size in SIZES]


def same_pixels(new: Path, old: Path) -> bool:
    """Whether two PNGs show exactly the same picture (encoders may differ in bytes)."""
    if not old.exists():
        return False
    if new.read_bytes() == old.read_bytes():
        return True
    from PySide6.QtGui import QImage

    a, b = QImage(str(new)), QImage(str(old))
    if a.isNull() or b.isNull() or a.size() != b.size():
        return False
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    return a == b


def compact(path: Path) -> None:
    """Rewrite a picture as an 8-bit palette PNG, about a third of the bytes. A grey
    screen has a few hundred colours at most; the 256 most frequent ones cover more than
    99.9 % of the pixels, and the rest (edges of coloured lines and text) take the
    nearest of those."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), np.uint32, width * height)
    colours, inverse, counts = np.unique(pixels, return_inverse=True, return_counts=True)
    palette = colours[np.argsort(counts)[::-1][:256]]

    def rgb(values: np.ndarray) -> np.ndarray:
        return np.stack([(values >> shift) & 255 for shift in (16, 8, 0)], -1).astype(np.int32)

    distance = ((rgb(colours)[:, None, :] - rgb(palette)[None, :, :]) ** 2).sum(-1)
    indices = distance.argmin(1).astype(np.uint8)[inverse].tobytes()
    indexed = QImage(indices, width, height, width, QImage.Format.Format_Indexed8)
    indexed.setColorTable([int(colour) | 0xFF000000 for colour in palette])
    if not indexed.save(str(path), "PNG", 0):
        raise OSError(f"could not write {path}")


def place(new: Path, final: Path) -> bool:
    """Move a fresh picture into place unless the one there is the same; True if written."""
    compact(new)
    if same_pixels(new, final):
        new.unlink()
        return False
    final.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(new), final)
    return True


def _env(platform: str = "offscreen") -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=platform)
    env.pop("CELLDECK_PLANT", None)  # the embedded demo plant, whatever the machine has
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


NOT_FITTING = "DOES NOT FIT"


def _run(command: Sequence[str], what: str, platform: str = "offscreen") -> list[str]:
    """Run a picture-taking process; returns its warnings that a page did not fit."""
    result = subprocess.run(
        command, cwd=ROOT, env=_env(platform), capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{result.stderr[-4000:]}")
    return [line for line in result.stderr.splitlines() if line.startswith(NOT_FITTING)]


@dataclass
class Taken:
    """Pictures one process wrote, and its warnings that a page did not fit."""

    pictures: list[Path]
    warnings: list[str]


def command_shot(demo: DemoFiles, shot: CommandShot, size: tuple[int, int], work: Path) -> Taken:
    from PySide6.QtGui import QImage

    folder = work / f"{shot.name}-{size[0]}"
    files = (
        demo.copy_to(folder)
        if shot.demo
        else DemoFiles(folder / "station.sqlite3", folder / "audit.key")
    )
    out = work / picture_name(shot.name, size)
    warnings = _run(
        [
            sys.executable,
            "-m",
            "app",
            "--db",
            str(files.db),
            "--audit-key",
            str(files.key),
            "--sim-speed",
            shot.sim_speed,
            *shot.options,
            "screenshot",
            *shot.target,
            "--size",
            f"{size[0]}x{size[1]}",
            "--out",
            str(out),
            "--wait",
            shot.wait_s,
        ],
        f"celldeck screenshot {shot.name} {size[0]}x{size[1]}",
    )
    drawn = QImage(str(out)).size()
    if (drawn.width(), drawn.height()) != size:  # the window grew to fit the page
        warnings.append(
            f"{NOT_FITTING}: {shot.name} needs {drawn.width()}x{drawn.height()} "
            f"on a {size[0]}x{size[1]} panel"
        )
    return Taken([out], warnings)


def _screen_file(folder: Path, size: tuple[int, int]) -> Path:
    """Qt's offscreen platform with one screen of ``size`` (default: 800x800)."""
    screen = {
        "name": "panel",
        "x": 0,
        "y": 0,
        "width": size[0],
        "height": size[1],
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    path = folder / "screen.json"
    path.write_text(json.dumps({"screens": [screen]}))
    return path


def scene_shots(demo: DemoFiles, names: Sequence[str], size: tuple[int, int], work: Path) -> Taken:
    """The scripted scenes at one size, in a process whose offscreen screen is that
    size (a kiosk fills it; the on-screen keyboard sits at its foot)."""
    folder = work / f"scenes-{size[0]}"
    files = demo.copy_to(folder)
    out = folder / "pictures"
    warnings = _run(
        [
            sys.executable,
            "-m",
            "tools.screenshot_scenes",
            "--db",
            str(files.db),
            "--audit-key",
            str(files.key),
            "--size",
            f"{size[0]}x{size[1]}",
            "--out",
            str(out),
            "--present",
            str(demo.present),
            *names,
        ],
        f"scripted scenes {size[0]}x{size[1]}",
        platform=f"offscreen:configfile={_screen_file(folder, size)}",
    )
    return Taken(sorted(out.glob("*.png")), warnings)


def make_demo(folder: Path) -> DemoFiles:
    from app.config import load_plant, shipped_plant_path
    from tools.demo_production import make_demo_database

    demo = DemoFiles(folder / "station.sqlite3", folder / "audit.key")
    result = make_demo_database(load_plant(shipped_plant_path("demo-site.toml")), demo.db, demo.key)
    demo.present_file.write_text(json.dumps({"present": result.present, **result.batches}))
    return demo


def main(argv: Sequence[str] | None = None) -> int:
    from tools.screenshot_scenes import SCENES

    parser = argparse.ArgumentParser(
        prog="dev.py screenshots", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="picture folder")
    parser.add_argument(
        "--demo",
        type=Path,
        metavar="FOLDER",
        help="keep the demo database in FOLDER (reused if it is there; else made there)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="screenshots taken at once")
    parser.add_argument(
        "names",
        nargs="*",
        help="only these pictures (e.g. overview keypad); default: all",
    )
    args = parser.parse_args(argv)
    known = {shot.name for shot in COMMAND_SHOTS} | set(SCENES)
    unknown = sorted(set(args.names) - known)
    if unknown:
        parser.error(
            f"no picture called {', '.join(unknown)}; pictures: {', '.join(sorted(known))}"
        )
    wanted = set(args.names) or known
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="celldeck-shots-") as temp:
        work = Path(temp)
        folder = args.demo or work / "demo"
        demo = DemoFiles(folder / "station.sqlite3", folder / "audit.key")
        if demo.db.exists() and demo.present_file.exists():
            print(f"demo database: {demo.db} (reused)", flush=True)
        else:
            print("demo database: simulating two weeks of production (about a minute)", flush=True)
            demo = make_demo(folder)
        scenes = [name for name in SCENES if name in wanted]
        # The scenes first: the longest jobs, beside which the short ones run.
        jobs: list[Callable[[], Taken]] = [
            partial(scene_shots, demo, scenes, size, work) for size in SIZES if scenes
        ]
        jobs += [
            partial(command_shot, demo, shot, size, work)
            for shot in COMMAND_SHOTS
            if shot.name in wanted
            for size in SIZES
        ]
        pictures: list[Path] = []
        warnings: list[str] = []
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for taken in pool.map(lambda job: job(), jobs):
                for picture in taken.pictures:
                    print(f"  {picture.name}", flush=True)
                pictures += taken.pictures
                warnings += taken.warnings
        written = [p.name for p in pictures if place(p, args.out / p.name)]
        if not args.names and args.out == DEFAULT_OUT:
            # Pictures of shots that no longer exist would rot in the guide's folder.
            for stale in set(args.out.glob("*.png")) - {args.out / p.name for p in pictures}:
                print(f"  removed {stale.name} (no such picture any more)")
                stale.unlink()
    size = sum(f.stat().st_size for f in args.out.glob("*.png")) / 2**20
    print(
        f"{len(pictures)} pictures, {len(written)} changed, in {args.out} "
        f"({size:.1f} MB there; {time.monotonic() - started:.0f} s)"
    )
    for warning in warnings:
        print(warning)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
