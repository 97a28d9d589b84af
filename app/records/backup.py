"""Backing up the station database and restoring it (EU GMP Annex 11, 7.2: regular
backups whose integrity is checked, and a restore that is known to work).

A backup is SQLite's online backup of the live file through a read-only connection: one
consistent snapshot, taken while the station goes on writing (WAL readers never block the
writer). The copy is made self-contained (rollback journal, no -wal file beside it),
passes ``PRAGMA integrity_check`` before it replaces anything, and gets the audit trail's
sealed checkpoint copied beside it (``FILE.audit-checkpoint.json``), read *before* the
snapshot so every entry it names is in the copy. The audit key is not copied: a backup
that carries its own key could be re-sealed by whoever holds it, so the key is backed up
separately.

A restore checks the backup first (a SQLite file, intact, a CellDeck schema this version
understands, an audit trail that verifies with the station's key and the checkpoint that
came with it) and refuses anything else without touching the station. It never replaces
an existing database unless told to (``force``), never while a station has it open, and
keeps the replaced database, its WAL and its checkpoint aside under a timestamped name.
The restore is itself recorded in the restored audit trail.

The process history (``<db>-history.sqlite3``, app/records/historian.py) and the archive
files retention moved old history into are backed up with it, by the same online backup
(the historian's writer goes on writing): ``FILE-history.sqlite3`` and
``FILE-history-archive/`` beside the backup, each integrity-checked. A manifest
(``FILE.manifest.json``) names every file of the backup with its sha256 and size, sealed
with the audit key when it is at hand, so a restore knows which history belongs to which
records and refuses a mismatched pair. Records and history are separate snapshots taken
one after the other (the history a moment later), which is what the station itself
guarantees between them.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.records.audit import (
    AuditError,
    AuditKey,
    AuditTrail,
    VerifyResult,
    checkpoint_path_for,
    verify_database,
)
from app.records.database import (
    SCHEMA_VERSION,
    DatabaseError,
    connect_read_only,
    open_database,
    schema_version,
)
from app.records.historian import history_path_for

CHECKPOINT_SUFFIX = ".audit-checkpoint.json"
MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = 1
SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every CellDeck database since the audit trail (schema 4) has.
CELLDECK_TABLES = frozenset({"schema_version", "station_events", "audit_trail"})
SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(Exception):
    """A backup or restore was refused; ``exit_code`` is 1 when the file itself is bad
    (corrupt, foreign, broken audit trail) and 2 for a usage problem."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True)
class HistoryCopy:
    """The process history's copy in a backup."""

    file: Path
    size_bytes: int
    tags: int
    samples: int


@dataclass(frozen=True, slots=True)
class BackupReport:
    file: Path
    size_bytes: int
    schema: int
    batches: int
    audit_entries: int
    checkpoint_copy: Path | None
    audit: VerifyResult | None  # None when no key was at hand to verify with
    seconds: float
    history: HistoryCopy | None = None  # None when the station keeps no history file
    archives: tuple[Path, ...] = ()
    manifest: Path | None = None


@dataclass(frozen=True, slots=True)
class RestoreReport:
    target: Path
    backup: Path
    schema: int
    audit: VerifyResult
    replaced_kept_as: Path | None
    audit_seq: int | None  # the restore's own audit entry; None if the trail needs QA first
    audit_problem: str
    history: Path | None = None  # the history file put in place, None if left as it was
    history_kept_as: Path | None = None
    archives: int = 0  # archive files put in place
    history_note: str = ""  # why the history was not restored, if it was not


def checkpoint_copy_path(backup: Path) -> Path:
    """Where a backup's copy of the audit checkpoint lives: beside the backup."""
    backup = Path(backup)
    return backup.with_name(backup.name + CHECKPOINT_SUFFIX)


def manifest_path(backup: Path) -> Path:
    """The backup's manifest: which files belong to it, with their sha256."""
    backup = Path(backup)
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def history_copy_path(backup: Path) -> Path:
    """Where a backup's copy of the process history lives: ``FILE-history.sqlite3``, named
    from the backup as the live history file is named from the station database."""
    return history_path_for(Path(backup))


def archive_copy_dir(backup: Path) -> Path:
    backup = Path(backup)
    return backup.with_name(f"{backup.stem}-history-archive")


def default_archive_dir(db_path: Path) -> Path:
    """The history archive folder of a station with the default [historian] settings."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}-history-archive")


def backup_database(
    db_path: Path,
    target: Path,
    key_path: Path,
    *,
    force: bool = False,
    archive_dir: Path | None = None,
) -> BackupReport:
    """Copy the station database at ``db_path`` to ``target`` while the station runs, and
    its process history and history archives beside it (``archive_dir``: where the
    station's retention writes them; default beside the database)."""
    started = time.monotonic()
    db_path, target = Path(db_path), Path(target)
    if not db_path.is_file():
        raise BackupError(f"{db_path}: there is no station database to back up")
    if target.exists() and target.resolve() == db_path.resolve():
        raise BackupError(f"{target} is the station database itself; choose another file")
    history = history_path_for(db_path)
    archives = _archive_files(archive_dir or default_archive_dir(db_path))
    outputs = [target, manifest_path(target)]
    if history.is_file():
        outputs.append(history_copy_path(target))
    outputs += [archive_copy_dir(target) / source.name for source in archives]
    present = [path for path in outputs if path.exists()]
    if present and not force:
        raise BackupError(
            f"{present[0]} exists; choose a new file or add --force to replace the backup "
            f"({len(present)} of its files are there)"
        )
    checkpoint = checkpoint_path_for(key_path, db_path)
    # Read before the snapshot: the checkpoint is written after each commit, so every
    # entry it names is in the copy and the copy's trail verifies against it.
    checkpoint_bytes = checkpoint.read_bytes() if checkpoint.is_file() else None
    _copy_checked(db_path, target, "station database")
    copy: Path | None = None
    if checkpoint_bytes is not None:
        copy = checkpoint_copy_path(target)
        _write_private(copy, checkpoint_bytes)
    audit: VerifyResult | None = None
    if Path(key_path).is_file():
        try:
            audit = verify_database(target, key_path, copy)
        except AuditError as exc:
            raise BackupError(f"{target}: the copy's audit trail cannot be checked: {exc}") from exc
    conn = connect_read_only(target)
    try:
        schema = schema_version(conn)
        batches = _count(conn, "batches")
        entries = _count(conn, "audit_trail")
    finally:
        conn.close()
    history_copy: HistoryCopy | None = None
    if history.is_file():
        history_copy = _back_up_history(history, history_copy_path(target))
    archive_copies = tuple(
        _copy_checked(source, archive_copy_dir(target) / source.name, "history archive")
        for source in archives
    )
    key = AuditKey(key_path, create=False) if Path(key_path).is_file() else None
    manifest = _write_manifest(target, history_copy, archive_copies, db_path, key)
    return BackupReport(
        file=target,
        size_bytes=target.stat().st_size,
        schema=schema,
        batches=batches,
        audit_entries=entries,
        checkpoint_copy=copy,
        audit=audit,
        seconds=time.monotonic() - started,
        history=history_copy,
        archives=archive_copies,
        manifest=manifest,
    )


def check_backup(backup: Path, key_path: Path) -> tuple[int, VerifyResult]:
    """Everything a restore checks before touching the station: the file is SQLite, intact,
    a CellDeck database of a schema this version understands, and its audit trail verifies
    with ``key_path`` (and the checkpoint copied beside it, when there is one). Returns the
    schema version and the verification; raises BackupError saying what is wrong."""
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"{backup}: no such backup file")
    with backup.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise BackupError(f"{backup} is not an SQLite database: not a CellDeck backup", 1)
    problems = _integrity_problems(backup)
    if problems:
        raise BackupError(f"{backup} is corrupt (integrity check: {problems}); refused", 1)
    conn = connect_read_only(backup)
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        missing = CELLDECK_TABLES - tables
        if missing:
            raise BackupError(
                f"{backup} is not a CellDeck station database (no {', '.join(sorted(missing))})",
                1,
            )
        schema = schema_version(conn)
    finally:
        conn.close()
    if schema > SCHEMA_VERSION:
        raise BackupError(
            f"{backup} has schema version {schema}, newer than this CellDeck understands "
            f"({SCHEMA_VERSION}); restore it with the CellDeck that made it",
            1,
        )
    if not Path(key_path).is_file():
        raise BackupError(
            f"the audit key {key_path} is not there: a backup is restored only after its audit "
            "trail verifies with the station's key; restore the key from its own backup first"
        )
    copy = checkpoint_copy_path(backup)
    try:
        audit = verify_database(backup, key_path, copy if copy.is_file() else None)
    except AuditError as exc:
        raise BackupError(f"{backup}: its audit trail cannot be verified: {exc}", 1) from exc
    if not audit.ok:
        raise BackupError(
            f"{backup}: its audit trail is broken at entry {audit.first_broken_seq}: "
            f"{audit.problem}; refused",
            1,
        )
    return schema, audit


@dataclass(frozen=True, slots=True)
class BackupSet:
    """What a restore puts in place besides the records: the history copy (None: the
    live history is left as it is) and the archive files, and why history is left."""

    history: Path | None
    archives: tuple[Path, ...]
    note: str = ""


def check_backup_set(backup: Path, key_path: Path, *, records_only: bool = False) -> BackupSet:
    """The files that came with ``backup`` belong to it: its manifest (sealed with the
    station's key when the backup had it) names the database, the history and each
    archive with their sha256, and each file here still has it and is intact. Raises
    BackupError (exit 1) for a mismatched or damaged set; ``records_only`` restores the
    records alone and leaves the history as it is."""
    backup = Path(backup)
    history = history_copy_path(backup)
    manifest_file = manifest_path(backup)
    if not manifest_file.is_file():
        if history.exists() and not records_only:
            raise BackupError(
                f"{history.name} is beside {backup.name} but no manifest ties them together, "
                "so nothing tells whether they are one backup; refused (--records-only "
                "restores the records and leaves the live history as it is)",
                1,
            )
        return BackupSet(None, (), f"{backup.name} has no history copy; the live history stays")
    manifest = _read_manifest(manifest_file, key_path)
    database = manifest.get("database") or {}
    if database.get("file") != backup.name or database.get("sha256") != _sha256(backup):
        raise BackupError(
            f"{backup.name} is not the database its manifest {manifest_file.name} was written "
            "with (name or sha256 differs): the files are from different backups; refused",
            1,
        )
    if records_only:
        return BackupSet(None, (), "--records-only: the live history stays as it is")
    listed = manifest.get("history")
    if listed is None:
        return BackupSet(None, (), "the backup holds no history (the station kept none)")
    _check_listed(history, listed, "history")
    archives = []
    for item in manifest.get("archives") or []:
        path = archive_copy_dir(backup) / str(item.get("file"))
        _check_listed(path, item, "history archive")
        archives.append(path)
    return BackupSet(history, tuple(archives))


def restore_database(
    backup: Path,
    target: Path,
    key_path: Path,
    *,
    station: str,
    force: bool = False,
    reason: str = "",
    archive_dir: Path | None = None,
    records_only: bool = False,
) -> RestoreReport:
    """Put ``backup`` in place of the station database ``target`` after ``check_backup``,
    and the history that came with it in place of the live history (``archive_dir``: the
    station's history archive folder; default beside the database)."""
    backup, target = Path(backup), Path(target)
    schema, audit = check_backup(backup, key_path)
    pair = check_backup_set(backup, key_path, records_only=records_only)
    if target.exists() and target.resolve() == backup.resolve():
        raise BackupError(f"{backup} is the station database itself; nothing to restore")
    live_history = history_path_for(target)
    replaced = [target] + ([live_history] if pair.history is not None else [])
    present = [path for path in replaced if path.exists()]
    if present and not force:
        raise BackupError(
            f"{present[0]} exists and would be replaced; add --force to replace it (it is kept "
            f"aside as {present[0].name}.replaced-<time>)"
        )
    for path in present:
        _quiesce(path)  # refused while a station has either open, before anything moves
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = {path: _keep_aside(path, stamp) for path in present}
    checkpoint = checkpoint_path_for(key_path, target)
    checkpoint_kept = checkpoint.with_name(f"{checkpoint.name}.replaced-{stamp}")
    if checkpoint.exists():
        os.replace(checkpoint, checkpoint_kept)
    try:
        _put_in_place(backup, target)
        if pair.history is not None:
            _put_in_place(pair.history, live_history)
    except BaseException:
        # Nothing half-done: the station gets back exactly what it had.
        for path in replaced:
            _remove(path)
        for path, aside in kept.items():
            _put_back(aside, path)
        if checkpoint_kept.exists():
            os.replace(checkpoint_kept, checkpoint)
        raise
    archives = _restore_archives(pair.archives, archive_dir or default_archive_dir(target), stamp)
    copy = checkpoint_copy_path(backup)
    if copy.is_file():
        _write_private(checkpoint, copy.read_bytes())
    # Opening brings an older backup's schema forward and sets WAL + synchronous=FULL.
    db = open_database(target)
    try:
        trail = AuditTrail(db, AuditKey(key_path, create=False), station)
        problem = trail.tail_problem() or ""
        seq: int | None = None
        if not problem:
            seq = trail.record(
                None,
                "database.restore",
                str(target),
                old_value={
                    "kept_as": str(kept[target]) if target in kept else None,
                    "history_kept_as": (str(kept[live_history]) if live_history in kept else None),
                },
                new_value={
                    "backup": str(backup),
                    "audit_entries": audit.checked,
                    "history": None if pair.history is None else str(pair.history),
                    "history_archives": archives,
                },
                reason=reason.strip() or "restored from backup with celldeck restore",
            )
    finally:
        db.close()
    return RestoreReport(
        target=target,
        backup=backup,
        schema=schema,
        audit=audit,
        replaced_kept_as=kept.get(target),
        audit_seq=seq,
        audit_problem=problem,
        history=None if pair.history is None else live_history,
        history_kept_as=kept.get(live_history),
        archives=archives,
        history_note=pair.note,
    )


# --- helpers ------------------------------------------------------------------------------


def _copy_checked(source: Path, dest: Path, what: str | None) -> Path:
    """SQLite's online backup of ``source`` into ``dest`` (one read snapshot while its
    writer goes on), integrity-checked (unless ``what`` is None: a backup file checked
    before) before it takes ``dest``'s name."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.partial")
    _remove(partial)
    conn = connect_read_only(source)
    try:
        _copy_database(conn, partial)
    finally:
        conn.close()
    problems = "" if what is None else _integrity_problems(partial)
    if problems:
        _remove(partial)
        raise BackupError(
            f"the copy of the {what} {source} fails its integrity check ({problems}); it was "
            "not written. The file itself may be damaged: check it before relying on older "
            "backups",
            exit_code=1,
        )
    os.replace(partial, dest)
    _sync_folder(dest.parent)
    return dest


def _back_up_history(history: Path, dest: Path) -> HistoryCopy:
    _copy_checked(history, dest, "process history")
    conn = connect_read_only(dest)
    try:
        tags, samples = _count(conn, "tags"), _count(conn, "samples")
    finally:
        conn.close()
    return HistoryCopy(dest, dest.stat().st_size, tags, samples)


def _archive_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []


def _file_entry(path: Path) -> dict[str, object]:
    return {"file": path.name, "sha256": _sha256(path), "bytes": path.stat().st_size}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest_text(manifest: dict[str, object]) -> str:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return "backup-manifest\x1f" + json.dumps(body, sort_keys=True, separators=(",", ":"))


def _write_manifest(
    target: Path,
    history: HistoryCopy | None,
    archives: tuple[Path, ...],
    db_path: Path,
    key: AuditKey | None,
) -> Path:
    manifest: dict[str, object] = {
        "format": MANIFEST_FORMAT,
        "created_utc": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "station_database": str(db_path),
        "database": _file_entry(target),
        "history": None if history is None else _file_entry(history.file),
        "archives": [_file_entry(path) for path in archives],
    }
    if key is not None:
        manifest["mac"] = key.mac(_manifest_text(manifest))
    path = manifest_path(target)
    _write_private(path, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return path


def _read_manifest(path: Path, key_path: Path) -> dict[str, object]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path}: not a readable backup manifest ({exc}); refused", 1) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{path}: not a CellDeck backup manifest of format 1; refused", 1)
    mac = manifest.get("mac")
    if mac is not None:
        key = AuditKey(key_path, create=False)
        if not hmac.compare_digest(key.mac(_manifest_text(manifest)), str(mac)):
            raise BackupError(
                f"{path} does not match its seal: it was changed after the backup or made "
                "with another station's key; refused",
                1,
            )
    return manifest


def _check_listed(path: Path, listed: object, what: str) -> None:
    if not isinstance(listed, dict):
        raise BackupError(f"the manifest's {what} entry is malformed; refused", 1)
    if not path.is_file():
        raise BackupError(
            f"{path} is missing: the manifest lists it as this backup's {what} "
            "(--records-only restores the records alone)",
            1,
        )
    if path.name != listed.get("file") or _sha256(path) != listed.get("sha256"):
        raise BackupError(
            f"{path.name} is not the {what} this backup was made with (sha256 differs from "
            "its manifest): records and history would not match; refused",
            1,
        )
    problems = _integrity_problems(path)
    if problems:
        raise BackupError(f"{path} is corrupt (integrity check: {problems}); refused", 1)


def _keep_aside(path: Path, stamp: str) -> Path:
    """Move a live file and its WAL/SHM aside as ``NAME.replaced-<time>``."""
    aside = path.with_name(f"{path.name}.replaced-{stamp}")
    os.replace(path, aside)
    for suffix in SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{aside}{suffix}"))
    return aside


def _put_back(aside: Path, path: Path) -> None:
    os.replace(aside, path)
    for suffix in SIDE_FILES:
        if Path(f"{aside}{suffix}").exists():
            os.replace(Path(f"{aside}{suffix}"), Path(f"{path}{suffix}"))


def _restore_archives(archives: tuple[Path, ...], folder: Path, stamp: str) -> int:
    """Archive files are written once under a name of their own (UTC time): one already
    there and intact is that same archive and stays; a damaged one is kept aside before
    the backup's copy takes its place."""
    restored = 0
    for source in archives:
        dest = folder / source.name
        if dest.is_file():
            if not _integrity_problems(dest):
                continue
            _keep_aside(dest, stamp)
        _put_in_place(source, dest)
        restored += 1
    return restored


def _put_in_place(backup: Path, target: Path) -> None:
    _copy_checked(backup, target, None)  # check_backup / check_backup_set checked it


def _copy_database(source: sqlite3.Connection, path: Path) -> None:
    """SQLite's online backup of ``source`` into a new owner-only file, made
    self-contained (rollback journal) and synced."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    dest = sqlite3.connect(path, isolation_level=None)
    try:
        # One step: a single read snapshot of the source however busy the station is.
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        dest.close()
        _remove(path)
        raise
    dest.close()
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _integrity_problems(path: Path) -> str:
    try:
        conn = connect_read_only(path)
    except DatabaseError as exc:
        return str(exc)
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return "" if rows == ["ok"] else "; ".join(rows)


def _quiesce(target: Path) -> None:
    """Refuse when a station (or anyone) has the database open; otherwise fold its WAL
    into the file, so the copy kept aside is complete on its own."""
    try:
        conn = sqlite3.connect(target, isolation_level=None, timeout=0.2)
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
    except sqlite3.OperationalError as exc:
        raise BackupError(
            f"{target} is in use (a station or another tool has it open: {exc}); stop the "
            "station first, then restore"
        ) from exc
    except sqlite3.DatabaseError:
        return  # a damaged live file is kept aside as it is; that is why one restores


def _count(conn: sqlite3.Connection, table: str) -> int:
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on the disk (POSIX).
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = [
    "CHECKPOINT_SUFFIX",
    "MANIFEST_SUFFIX",
    "BackupError",
    "BackupReport",
    "BackupSet",
    "HistoryCopy",
    "RestoreReport",
    "archive_copy_dir",
    "backup_database",
    "check_backup",
    "check_backup_set",
    "checkpoint_copy_path",
    "history_copy_path",
    "manifest_path",
    "restore_database",
]
