"""The ``celldeck`` command: the window by default, plus the station's tools.

Global options (``--plant``, ``--db``, ``--sim-speed``) apply to the window and to every
command, so a tool always works on the same plant and records as the window would.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from pydantic import ValidationError

from app import __version__
from app.batch.errors import BatchError
from app.config import (
    DEFAULT_PLANT,
    ConfigError,
    DisplayConfig,
    PlantConfig,
    StationConfig,
    load_plant,
    resolve_plant_path,
    shipped_plant_path,
    system_plant_path,
)
from app.records.database import DatabaseError
from app.station import default_audit_key_path
from hardware import HardwareError
from hardware.mock.faults import FaultKind

if TYPE_CHECKING:
    from app.records.audit import AuditKey

APP_NAME = "CellDeck"

FAULT_KINDS = [kind.value for kind in FaultKind]

PAGES = (
    "fleet",
    "overview",
    "shuttles",
    "batches",
    "qc",
    "environment",
    "alarms",
    "trends",
    "records",
    "admin",
)


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "celldeck.sqlite3"


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080, not {text!r}") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"size {text} is outside 320x240 to 7680x4320")
    return width, height


def with_display_options(plant: PlantConfig, args: argparse.Namespace) -> PlantConfig:
    """The plant file's station and display settings, overridden by the command line
    (validated by the same models, so --font-scale 9 is refused like a bad file)."""
    station = plant.station.model_dump()
    display = plant.display.model_dump()
    if args.role is not None:
        station["role"] = args.role
    if args.role == "supervisor" and args.kiosk is None:
        display["kiosk"] = False  # a supervisor's desk is never locked
    for option, key in (
        ("kiosk", "kiosk"),
        ("lang", "language"),
        ("theme", "theme"),
        ("font_scale", "font_scale"),
    ):
        value = getattr(args, option)
        if value is not None:
            display[key] = value
    try:
        return plant.model_copy(
            update={
                "station": StationConfig.model_validate(station),
                "display": DisplayConfig.model_validate(display),
            }
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"command-line display options refused: {problems}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="celldeck",
        description="CellDeck: operator HMI for automated cell-therapy factories. "
        "Without a command, opens the station window.",
    )
    parser.add_argument("--version", action="version", version=f"celldeck {__version__}")
    parser.add_argument(
        "--plant",
        type=Path,
        metavar="FILE",
        help="plant configuration (TOML); default: $CELLDECK_PLANT, else "
        f"{system_plant_path()} if present, else the embedded demo plant (mock equipment)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help=f"station database (SQLite); default: {default_db_path()}",
    )
    parser.add_argument(
        "--sim-speed",
        type=float,
        metavar="X",
        help="simulation speed for mock equipment (1 = real time, 1000 = ten days in 15 min)",
    )
    parser.add_argument(
        "--audit-key",
        type=Path,
        metavar="FILE",
        help="audit trail seal key, kept outside the database; default: "
        f"{default_audit_key_path()}",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        default=None,
        help="kiosk mode: full screen, locked (only an administrator can leave), "
        "on-screen keyboard; default: the plant file's [display] kiosk",
    )
    parser.add_argument(
        "--role",
        choices=["kiosk", "supervisor"],
        help="station role: a supervisor's station opens on the fleet and is never locked",
    )
    parser.add_argument("--lang", choices=["en", "nl", "ja"], help="display language")
    parser.add_argument("--theme", choices=["day", "night"], help="ISA-101 day or night (dim)")
    parser.add_argument(
        "--font-scale", type=float, metavar="F", help="text size factor, 0.8 to 1.6"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("run", help="open the station window (the default)")

    shot = commands.add_parser(
        "screenshot", help="render a page offscreen to a PNG after the plant runs a while"
    )
    shot.add_argument("--page", choices=PAGES, default="overview")
    shot.add_argument(
        "--equipment",
        metavar="SOURCE",
        help="go to this equipment instead of a page, as an alarm's 'go to equipment' "
        "does: e.g. shuttle-01/bay-03 (cartridge view), shuttle-02, cellq-01",
    )
    shot.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH")
    shot.add_argument("--out", type=Path, required=True, metavar="FILE.png")
    shot.add_argument(
        "--wait",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="let the simulation run this long before rendering (default 3)",
    )

    check = commands.add_parser("check-config", help="validate a plant file and summarise it")
    check.add_argument("file", type=Path, nargs="?", help="plant file; default: --plant")

    server = commands.add_parser(
        "sim-server", help="serve the plant's simulated equipment over OPC UA"
    )
    server.add_argument("--host", default="127.0.0.1", help="address to listen on")
    server.add_argument("--port", type=int, default=4840)
    server.add_argument("--tick", type=float, metavar="SECONDS", help="simulation tick")
    server.add_argument(
        "--certificate",
        type=Path,
        metavar="FILE",
        help="require Basic256Sha256: the server's certificate (PEM); needs --private-key "
        "and --trust",
    )
    server.add_argument("--private-key", type=Path, metavar="FILE", help="its private key (PEM)")
    server.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="a trusted station certificate, or a folder of them (repeatable)",
    )

    fault = commands.add_parser(
        "fault", help="inject or clear an equipment fault on a running sim-server"
    )
    fault.add_argument("--endpoint", default="opc.tcp://127.0.0.1:4840/celldeck/")
    fault.add_argument("device", help="device id, e.g. shuttle-01")
    fault.add_argument("kind", choices=[*FAULT_KINDS, "clear"])
    fault.add_argument("--target", default="", help="tag path or prefix (default: device)")
    fault.add_argument("--magnitude", type=float, default=0.0)
    fault.add_argument(
        "--duration",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="simulated seconds; 0 = until cleared",
    )
    fault.add_argument("--id", type=int, default=0, help="fault id to clear (0 = all)")
    _client_security_options(fault)

    cert = commands.add_parser(
        "opcua-cert",
        help="make a self-signed OPC UA application certificate and private key (PEM)",
    )
    cert.add_argument("--uri", required=True, help="application URI, e.g. urn:celldeck:kiosk-a1")
    cert.add_argument("--certificate", type=Path, required=True, metavar="FILE")
    cert.add_argument("--private-key", type=Path, required=True, metavar="FILE")
    cert.add_argument("--server", action="store_true", help="a server's certificate")
    cert.add_argument(
        "--host", action="append", default=[], help="host name or address it serves (repeatable)"
    )
    cert.add_argument("--days", type=int, default=365, help="validity (default 365 days)")

    recipe = commands.add_parser("recipe", help="recipe tools for authors and tech transfer")
    recipe_commands = recipe.add_subparsers(dest="recipe_command", metavar="ACTION", required=True)
    recipe_check = recipe_commands.add_parser(
        "check", help="validate a recipe (file or shipped id); exit 3 listing every problem"
    )
    recipe_check.add_argument("file", help="recipe TOML file or shipped recipe id")
    recipe_list = recipe_commands.add_parser(
        "list",
        help="every recipe the station knows (shipped and the plant's [recipes] folder) with "
        "its state there: released by whom and when, withdrawn, changed since release, "
        "not released, invalid file",
    )
    _sub_db(recipe_list)
    recipe_release = recipe_commands.add_parser(
        "release",
        help="QA releases a recipe version for production on this station: shows it, then "
        "asks for user id and password (e-signature, meaning approved); exit 1 refused, "
        "2 usage, 3 not authorised",
    )
    recipe_release.add_argument("recipe_id", metavar="ID", help="recipe id")
    recipe_release.add_argument(
        "--version", dest="recipe_version", required=True, metavar="V", help="recipe version"
    )
    recipe_release.add_argument(
        "--sha256",
        metavar="HEX",
        help="the content hash you checked (its first 12 or more digits); refused if the "
        "file holds other content",
    )
    recipe_release.add_argument("--reason", default="", help="note for the audit trail")
    recipe_release.add_argument("--user", metavar="ID", help="your user id (else asked)")
    _sub_db(recipe_release)
    recipe_withdraw = recipe_commands.add_parser(
        "withdraw",
        help="QA withdraws a released version (no new batch may run it); asks for user id "
        "and password; exit 1 refused, 2 usage, 3 not authorised",
    )
    recipe_withdraw.add_argument("recipe_id", metavar="ID", help="recipe id")
    recipe_withdraw.add_argument(
        "--version", dest="recipe_version", required=True, metavar="V", help="recipe version"
    )
    recipe_withdraw.add_argument(
        "--reason", required=True, help="why (recorded in the audit trail)"
    )
    recipe_withdraw.add_argument("--user", metavar="ID", help="your user id (else asked)")
    _sub_db(recipe_withdraw)

    batch = commands.add_parser("batch", help="batch tools")
    batch_commands = batch.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    simulate = batch_commands.add_parser(
        "simulate", help="dry-run one batch headless on the mock plant"
    )
    simulate.add_argument("--recipe", required=True, help="recipe TOML file or shipped id")
    simulate.add_argument(
        "--speed", type=float, default=20_000.0, help="simulation speed (default 20000)"
    )
    simulate.add_argument("--json", action="store_true", help="print one JSON object")

    audit = commands.add_parser("audit", help="audit trail tools")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser(
        "verify", help="check the hash chain, seals and tail; exit 1 naming the first broken entry"
    )

    export = commands.add_parser("export", help="copies of records for people and machines")
    export_commands = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    export_batch = export_commands.add_parser(
        "batch",
        help="one batch record as PDF, CSV and/or JSON (an unfinished batch is marked "
        "IN PROGRESS); exit 2 for an unknown batch",
    )
    export_batch.add_argument("batch_id", metavar="BATCH_ID")
    export_batch.add_argument("--pdf", type=Path, metavar="FILE", help="A4 PDF for people")
    export_batch.add_argument("--csv", type=Path, metavar="FILE", help="steps and events, CSV")
    export_batch.add_argument("--json", type=Path, metavar="FILE", help="the whole record")
    _sub_db(export_batch)

    backup = commands.add_parser(
        "backup",
        help="copy the station database and its process history with SQLite's online backup "
        "(safe while the station runs), check the copies, and write the audit checkpoint and "
        "a manifest (FILE.manifest.json) beside them; the history goes to FILE-history.sqlite3 "
        "and its archives to FILE-history-archive/",
    )
    backup.add_argument("file", type=Path, metavar="FILE", help="backup file to write")
    backup.add_argument("--force", action="store_true", help="replace an existing FILE")
    _sub_db(backup)

    restore = commands.add_parser(
        "restore",
        help="check a backup (integrity, schema, audit trail, and that its history belongs "
        "to it) and put the database and history in place; the replaced files are kept aside",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="backup file made by backup")
    restore.add_argument(
        "--force", action="store_true", help="replace an existing station database"
    )
    restore.add_argument(
        "--reason", default="", help="why the database is restored (recorded in the audit trail)"
    )
    restore.add_argument(
        "--records-only",
        action="store_true",
        help="restore the records alone and leave the live process history as it is (a "
        "backup whose history copy is lost or damaged)",
    )
    _sub_db(restore, "station database to restore into")

    bench = commands.add_parser("bench", help="run benchmarks and print their figures as JSON")
    bench.add_argument(
        "suite",
        metavar="SUITE",
        help="hardware, alarms, ui, dashboards, records, trend, soak, or all (all but the soak)",
    )
    bench.add_argument(
        "--seconds", type=float, help="measuring time per part (default 3; 1 for all)"
    )
    bench.add_argument(
        "--trend-days",
        type=float,
        metavar="DAYS",
        help="records: days of 1 Hz history behind the trend load (default 10; 3 in a "
        "short bench all)",
    )
    bench.add_argument("--full", action="store_true", help="longer runs")
    bench.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="also write the report: FILE.json the JSON, any other name a table and the JSON",
    )
    bench.add_argument(
        "--days", type=float, default=30.0, help="soak: days of production to simulate (30)"
    )
    bench.add_argument("--speed", type=float, default=1000.0, help="soak: simulation speed")
    bench.add_argument(
        "--batches", type=int, default=16, help="soak: bays producing batches at once (16)"
    )
    bench.add_argument(
        "--warmup-days",
        type=float,
        metavar="DAYS",
        help="soak: days before memory must stay flat (default: a tenth of --days)",
    )
    return parser


def _sub_db(parser: argparse.ArgumentParser, text: str = "station database") -> None:
    # Its own dest: a subcommand's default would otherwise overwrite the global --db.
    parser.add_argument(
        "--db",
        dest="command_db",
        type=Path,
        metavar="FILE",
        help=f"{text} (same as the global --db)",
    )


def _db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "command_db", None) or args.db or default_db_path())


def _client_security_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--certificate",
        type=Path,
        metavar="FILE",
        help="connect with Basic256Sha256: this station's certificate (PEM); needs "
        "--private-key and --server-certificate",
    )
    parser.add_argument("--private-key", type=Path, metavar="FILE", help="its private key")
    parser.add_argument(
        "--server-certificate", type=Path, metavar="FILE", help="the server's certificate"
    )


def _security_arguments(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> dict[str, object]:
    """The OPC UA security asked for on the command line (all parts or none)."""
    from hardware.opcua import ClientSecurity, ServerSecurity

    if args.command == "sim-server":
        given = [args.certificate, args.private_key, args.trust or None]
        if not any(given):
            return {}
        if not all(given):
            parser.error("a secured sim-server needs --certificate, --private-key and --trust")
        return {"security": ServerSecurity(args.certificate, args.private_key, tuple(args.trust))}
    given = [args.certificate, args.private_key, args.server_certificate]
    if not any(given):
        return {}
    if not all(given):
        parser.error(
            "a secured connection needs --certificate, --private-key and --server-certificate"
        )
    return {"security": ClientSecurity(args.certificate, args.private_key, args.server_certificate)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.plant = resolve_plant_path(args.plant)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # asyncua reports every publish cycle at INFO; the station's own log says what matters.
    logging.getLogger("asyncua").setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    try:
        if args.command == "check-config":
            return _check_config(args.file or args.plant)
        if args.command == "fault":
            return _fault(args, _security_arguments(args, parser))
        if args.command == "opcua-cert":
            return _opcua_certificate(args)
        if args.command == "audit":
            return _audit_verify(args)
        if args.command == "recipe":
            return _recipe(args)
        if args.command == "batch":
            return _batch_simulate(args)
        if args.command == "bench":
            return _bench(args)
        if args.command == "export":
            return _export_batch(args)
        if args.command == "backup":
            return _backup(args)
        if args.command == "restore":
            return _restore(args)
        plant = with_display_options(load_plant(args.plant), args)
        db_path = args.db or default_db_path()
        plant_dir = args.plant.parent if args.plant else None
        # The file the configuration came from, fingerprinted and audited by the station.
        plant_path = args.plant or shipped_plant_path(DEFAULT_PLANT)
        if args.command == "sim-server":
            import asyncio

            from app.simserver import serve

            asyncio.run(
                serve(
                    plant,
                    host=args.host,
                    port=args.port,
                    sim_speed=args.sim_speed,
                    tick_s=args.tick,
                    **_security_arguments(args, parser),  # type: ignore[arg-type]
                )
            )
            return 0
        if args.command == "screenshot":
            from ui.application import take_screenshot

            take_screenshot(
                plant,
                db_path,
                plant_dir=plant_dir,
                audit_key=args.audit_key,
                plant_path=plant_path,
                page=args.page,
                equipment=args.equipment,
                size=args.size,
                out=args.out,
                wait_s=args.wait,
                sim_speed=args.sim_speed,
            )
            print(f"wrote {args.out}")
            return 0
        from ui.application import run_window

        _log_to_user_folder()
        return run_window(
            plant,
            db_path,
            sim_speed=args.sim_speed,
            plant_dir=plant_dir,
            audit_key=args.audit_key,
            plant_path=plant_path,
        )
    except (ConfigError, DatabaseError, HardwareError, BatchError) as exc:
        print(f"celldeck: {exc}", file=sys.stderr)
        return 2


def default_log_path() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "celldeck.log"


def _log_to_user_folder() -> None:
    """The window also logs to the user's log folder: a kiosk started by systemd or the
    desktop has no terminal, and plant IT asks for the file after a problem."""
    from logging.handlers import RotatingFileHandler

    path = default_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    except OSError as exc:
        logging.getLogger(__name__).warning("not logging to %s: %s", path, exc)
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)


def _recipe(args: argparse.Namespace) -> int:
    if args.recipe_command == "check":
        return _recipe_check(args.file)
    from app.recipe_cli import Credentials, recipe_list, recipe_release, recipe_withdraw

    plant = load_plant(args.plant)
    db_path = _db_path(args)
    key_path = args.audit_key or default_audit_key_path()
    if args.recipe_command == "list":
        return recipe_list(plant, db_path, key_path)
    credentials = Credentials(user=args.user)
    if args.recipe_command == "release":
        return recipe_release(
            plant,
            db_path,
            key_path,
            args.recipe_id,
            args.recipe_version,
            shown_hash=args.sha256,
            reason=args.reason,
            credentials=credentials,
        )
    return recipe_withdraw(
        plant,
        db_path,
        key_path,
        args.recipe_id,
        args.recipe_version,
        reason=args.reason,
        credentials=credentials,
    )


def _recipe_check(name: str) -> int:
    from app.batch import check_recipe, load_recipe, recipe_summary, resolve_recipe_path

    path = resolve_recipe_path(name)
    problems = check_recipe(path)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"celldeck: {len(problems)} problem(s) in {path}", file=sys.stderr)
        return 3
    print(recipe_summary(load_recipe(path)))
    return 0


def _batch_simulate(args: argparse.Namespace) -> int:
    import asyncio
    import json

    from app.batch import simulate_batch
    from app.batch.recipe import resolve_recipe_path

    result = asyncio.run(simulate_batch(resolve_recipe_path(args.recipe), args.speed))
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        print(
            f"{result['recipe']}: {result['final_state']} after {result['sim_duration_h']:.1f} "
            f"simulated h, {result['steps_completed']}/{result['steps_total']} steps, "
            f"{len(result['deviations'])} deviation(s)"
        )
    return 0 if result["final_state"] == "Complete" else 1


def _audit_verify(args: argparse.Namespace) -> int:
    from app.records.audit import AuditError, checkpoint_path_for, verify_database

    db_path = args.db or default_db_path()
    key_path = args.audit_key or default_audit_key_path()
    if not db_path.exists():
        print(f"celldeck: {db_path}: no such station database", file=sys.stderr)
        return 2
    try:
        result = verify_database(db_path, key_path, checkpoint_path_for(key_path, db_path))
    except AuditError as exc:
        print(f"celldeck: {exc}", file=sys.stderr)
        return 2
    if result.ok:
        print(
            f"{db_path}: audit trail intact ({result.checked} entries"
            f"{'' if result.tail_checked else ', tail not checked'})"
        )
        return 0
    print(
        f"{db_path}: AUDIT TRAIL BROKEN at entry {result.first_broken_seq}: {result.problem}",
        file=sys.stderr,
    )
    return 1


def _opcua_certificate(args: argparse.Namespace) -> int:
    from hardware.opcua import make_certificate

    certificate = make_certificate(
        args.certificate,
        args.private_key,
        args.uri,
        hosts=args.host,
        server=args.server,
        days=args.days,
    )
    print(
        f"wrote {args.certificate} ({certificate.subject.rfc4514_string()}, valid until "
        f"{certificate.not_valid_after_utc:%Y-%m-%d}) and {args.private_key} (owner-only); "
        "give the certificate to the other side to trust, never the key"
    )
    return 0


def _fault(args: argparse.Namespace, security: dict[str, object]) -> int:
    import asyncio

    from app.simserver import clear_fault, inject_fault

    if args.kind == "clear":
        count = asyncio.run(
            clear_fault(args.endpoint, args.device, args.id, **security)  # type: ignore[arg-type]
        )
        print(f"cleared {count} fault(s) on {args.device}")
        return 0
    fault_id = asyncio.run(
        inject_fault(
            args.endpoint,
            args.device,
            args.kind,
            target=args.target,
            magnitude=args.magnitude,
            duration_s=args.duration,
            **security,  # type: ignore[arg-type]
        )
    )
    print(f"injected fault #{fault_id} ({args.kind}) on {args.device}")
    return 0


def _ui_benchmarks() -> dict[str, Any]:
    """The UI layer's benchmarks, which app/ cannot import: every ``bench_<name>``
    function in ``ui/bench.py`` and ``ui/bench_*.py``."""
    import importlib
    import pkgutil

    found: dict[str, Any] = {}
    try:
        import ui

        for module in pkgutil.iter_modules(ui.__path__):
            if module.name != "bench" and not module.name.startswith("bench_"):
                continue
            loaded = importlib.import_module(f"ui.{module.name}")
            for name, value in vars(loaded).items():
                if name.startswith("bench_") and callable(value):
                    found.setdefault(name.removeprefix("bench_"), value)
    except ImportError as exc:  # a headless install without Qt still benches the rest
        logging.getLogger(__name__).warning("UI benchmarks unavailable: %s", exc)
    return found


def _bench(args: argparse.Namespace) -> int:
    import json

    from app.bench import registry, report_text, run_benchmarks

    def soak(plant_file: Path | None) -> dict[str, object]:
        from app.soak import bench_soak

        return bench_soak(
            plant_file,
            days=args.days,
            speed=args.speed,
            batches=args.batches,
            warmup_days=args.warmup_days,
        )

    def records(plant_file: Path | None, seconds: float, full: bool) -> dict[str, object]:
        from app.bench import bench_records

        days = args.trend_days
        if days is None:  # the ten days take ~10 s to write: bench all (short) writes three
            days = 3.0 if args.suite == "all" and not full else 10.0
        return bench_records(plant_file, seconds, full=full, trend_days=days)

    more = {**_ui_benchmarks(), "records": records, "soak": soak}
    known = [*registry(more), "all"]
    if args.suite not in known:
        print(
            f"celldeck: no benchmark {args.suite!r}; available: {', '.join(known)}",
            file=sys.stderr,
        )
        return 2
    seconds = args.seconds if args.seconds is not None else (1.0 if args.suite == "all" else 3.0)
    report = run_benchmarks(args.suite, args.plant, seconds=seconds, full=args.full, more=more)
    print(json.dumps(report, indent=2))
    if args.out:
        # FILE.json: the JSON alone, for machines; anything else: the report for people.
        if args.out.suffix.lower() == ".json":
            args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        else:
            args.out.write_text(report_text(report), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _check_config(path: Path | None) -> int:
    from app.alarms.definitions import load_alarms

    plant: PlantConfig = load_plant(path)
    bays = sum(shuttle.bays for shuttle in plant.shuttles)
    alarms, problems = load_alarms(plant, path.parent if path else None)
    print(
        f"{path or 'embedded demo plant'}: OK - site {plant.site.name} ({plant.site.code}), "
        f"station {plant.station.name} [{plant.station.role}], {len(plant.shuttles)} shuttles "
        f"({bays} bays), {len(plant.cellqs)} Cell Q, {len(plant.environments)} rooms, "
        f"{len(alarms)} alarms"
    )
    for problem in problems:
        print(f"refused alarm definition: {problem}", file=sys.stderr)
    return 3 if problems else 0


def _audit_key_for_reading(args: argparse.Namespace) -> AuditKey | None:
    """The station's audit key to check signatures with, or None (with a note) if absent."""
    from app.records.audit import AuditKey

    key_path = args.audit_key or default_audit_key_path()
    if not key_path.exists():
        print(
            f"celldeck: note: no audit key at {key_path}; signatures are shown but not "
            "checked (give --audit-key)",
            file=sys.stderr,
        )
        return None
    return AuditKey(key_path, create=False)


def _export_batch(args: argparse.Namespace) -> int:
    import sqlite3

    from app.records.audit import AuditKeyError
    from app.records.database import connect_read_only
    from app.records.ebr import UnknownBatchRecord, assemble, to_csv, to_json

    if not (args.pdf or args.csv or args.json):
        print("celldeck: export batch needs --pdf, --csv and/or --json FILE", file=sys.stderr)
        return 2
    db_path = _db_path(args)
    try:
        key = _audit_key_for_reading(args)
    except AuditKeyError as exc:
        print(f"celldeck: {exc}", file=sys.stderr)
        return 2
    conn = connect_read_only(db_path)
    try:
        record = assemble(conn, args.batch_id, key)
    except UnknownBatchRecord as exc:
        print(f"celldeck: {db_path}: {exc}", file=sys.stderr)
        return 2
    except sqlite3.OperationalError as exc:
        print(f"celldeck: {db_path} holds no batch records ({exc})", file=sys.stderr)
        return 2
    finally:
        conn.close()
    print(
        f"batch {record.batch_id}: {record.state}, {len(record.exceptions)} exception(s), "
        f"QA: {record.approval}; content sha256 {record.content_hash}"
    )
    if record.marking:
        print(f"note: the batch is {record.state}: every copy is marked {record.marking!r}")
    if args.json:
        args.json.write_text(to_json(record), encoding="utf-8")
        print(f"wrote {args.json} (JSON)")
    if args.csv:
        args.csv.write_text(to_csv(record), encoding="utf-8", newline="")
        print(f"wrote {args.csv} (CSV)")
    if args.pdf:
        from ui.ebr_pdf import write_pdf

        site = load_plant(args.plant).site.name
        pages = write_pdf(record, args.pdf, site=site)
        print(f"wrote {args.pdf} (PDF, {pages} pages)")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from app.records.backup import BackupError, backup_database
    from app.records.historian import archive_dir_for

    key_path = args.audit_key or default_audit_key_path()
    db_path = _db_path(args)
    archive_dir = archive_dir_for(db_path, load_plant(args.plant).historian)
    try:
        report = backup_database(
            db_path, args.file, key_path, force=args.force, archive_dir=archive_dir
        )
    except BackupError as exc:
        print(f"celldeck: {exc}", file=sys.stderr)
        return exc.exit_code
    print(
        f"wrote {report.file}: {report.size_bytes / 1e6:.1f} MB, schema {report.schema}, "
        f"{report.batches} batch record(s), {report.audit_entries} audit entries, "
        f"integrity ok ({report.seconds:.1f} s)"
    )
    if report.checkpoint_copy is not None:
        print(f"wrote {report.checkpoint_copy} (audit trail checkpoint, keep it with the backup)")
    history = report.history
    if history is None:
        print(f"note: no process history beside {db_path}; the backup holds the records alone")
    else:
        print(
            f"wrote {history.file}: process history, {history.size_bytes / 1e6:.1f} MB, "
            f"{history.tags} tags, {history.samples} samples, integrity ok"
        )
    if report.archives:
        print(
            f"wrote {len(report.archives)} history archive file(s) to {report.archives[0].parent}"
        )
    if report.manifest is not None:
        print(f"wrote {report.manifest} (which files make this backup, with their sha256)")
    if report.audit is None:
        print(f"note: no audit key at {key_path}; the copy's audit trail was not verified")
    elif report.audit.ok:
        print(f"audit trail of the copy intact ({report.audit.checked} entries)")
    else:
        print(
            f"WARNING: the audit trail in the copy is broken at entry "
            f"{report.audit.first_broken_seq}: {report.audit.problem}",
            file=sys.stderr,
        )
    print(
        f"Remember: back up the audit key {key_path} separately (not with this file); "
        "without it the records cannot be verified or restored."
    )
    return 0 if report.audit is None or report.audit.ok else 1


def _restore(args: argparse.Namespace) -> int:
    from app.records.backup import BackupError, restore_database
    from app.records.historian import archive_dir_for

    key_path = args.audit_key or default_audit_key_path()
    target = _db_path(args)
    plant = load_plant(args.plant)
    try:
        report = restore_database(
            args.file,
            target,
            key_path,
            station=plant.station.name,
            force=args.force,
            reason=args.reason,
            archive_dir=archive_dir_for(target, plant.historian),
            records_only=args.records_only,
        )
    except BackupError as exc:
        print(f"celldeck: {exc}", file=sys.stderr)
        return exc.exit_code
    print(
        f"checked {report.backup}: integrity ok, schema {report.schema}, audit trail intact "
        f"({report.audit.checked} entries"
        f"{'' if report.audit.tail_checked else ', no checkpoint came with it'})"
    )
    if report.replaced_kept_as is not None:
        print(f"kept the replaced database as {report.replaced_kept_as}")
    print(f"restored {report.target}")
    if report.history is not None:
        print(f"restored {report.history} (process history from the same backup)")
        if report.history_kept_as is not None:
            print(f"kept the replaced history as {report.history_kept_as}")
        if report.archives:
            print(f"restored {report.archives} history archive file(s)")
    else:
        print(f"note: {report.history_note}")
    if report.audit_seq is not None:
        print(f"recorded the restore as audit entry {report.audit_seq}")
    else:
        print(
            f"the restore is not in the audit trail yet: {report.audit_problem}. QA must "
            "re-anchor the trail before the station records changes again.",
            file=sys.stderr,
        )
    return 0
