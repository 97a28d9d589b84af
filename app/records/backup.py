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
"""

from __future__ import annotations

import contextlib
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

CHECKPOINT_SUFFIX = ".audit-checkpoint.json"
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
class BackupReport:
    file: Path
    size_bytes: int
    schema: int
    batches: int
    audit_entries: int
    checkpoint_copy: Path | None
    audit: VerifyResult | None  # None when no key was at hand to verify with
    seconds: float


@dataclass(frozen=True, slots=True)
class RestoreReport:
    target: Path
    backup: Path
    schema: int
    audit: VerifyResult
    replaced_kept_as: Path | None
    audit_seq: int | None  # the restore's own audit entry; None if the trail needs QA first
    audit_problem: str


def checkpoint_copy_path(backup: Path) -> Path:
    """Where a backup's copy of the audit checkpoint lives: beside the backup."""
    backup = Path(backup)
    return backup.with_name(backup.name + CHECKPOINT_SUFFIX)


def backup_database(
    db_path: Path, target: Path, key_path: Path, *, force: bool = False
) -> BackupReport:
    """Copy the station database at ``db_path`` to ``target`` while the station runs."""
    started = time.monotonic()
    db_path, target = Path(db_path), Path(target)
    if not db_path.is_file():
        raise BackupError(f"{db_path}: there is no station database to back up")
    if target.exists() and target.resolve() == db_path.resolve():
        raise BackupError(f"{target} is the station database itself; choose another file")
    if target.exists() and not force:
        raise BackupError(f"{target} exists; choose a new file or add --force to replace it")
    checkpoint = checkpoint_path_for(key_path, db_path)
    # Read before the snapshot: the checkpoint is written after each commit, so every
    # entry it names is in the copy and the copy's trail verifies against it.
    checkpoint_bytes = checkpoint.read_bytes() if checkpoint.is_file() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    _remove(partial)
    source = connect_read_only(db_path)
    try:
        _copy_database(source, partial)
    finally:
        source.close()
    problems = _integrity_problems(partial)
    if problems:
        _remove(partial)
        raise BackupError(
            f"the copy of {db_path} fails its integrity check ({problems}); nothing was "
            "written. The station database itself may be damaged: check it before relying "
            "on older backups",
            exit_code=1,
        )
    os.replace(partial, target)
    _sync_folder(target.parent)
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
    return BackupReport(
        file=target,
        size_bytes=target.stat().st_size,
        schema=schema,
        batches=batches,
        audit_entries=entries,
        checkpoint_copy=copy,
        audit=audit,
        seconds=time.monotonic() - started,
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


def restore_database(
    backup: Path,
    target: Path,
    key_path: Path,
    *,
    station: str,
    force: bool = False,
    reason: str = "",
) -> RestoreReport:
    """Put ``backup`` in place of the station database ``target`` after ``check_backup``."""
    backup, target = Path(backup), Path(target)
    schema, audit = check_backup(backup, key_path)
    if target.exists() and target.resolve() == backup.resolve():
        raise BackupError(f"{backup} is the station database itself; nothing to restore")
    kept: Path | None = None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if target.exists():
        if not force:
            raise BackupError(
                f"{target} exists and would be replaced; add --force to replace it (it is kept "
                f"aside as {target.name}.replaced-<time>)"
            )
        _quiesce(target)
        kept = target.with_name(f"{target.name}.replaced-{stamp}")
        os.replace(target, kept)
        for suffix in SIDE_FILES:
            side = Path(f"{target}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{kept}{suffix}"))
    checkpoint = checkpoint_path_for(key_path, target)
    checkpoint_kept = checkpoint.with_name(f"{checkpoint.name}.replaced-{stamp}")
    if checkpoint.exists():
        os.replace(checkpoint, checkpoint_kept)
    try:
        _put_in_place(backup, target)
    except BaseException:
        # Nothing half-done: the station gets back exactly what it had.
        _remove(target)
        if kept is not None:
            os.replace(kept, target)
            for suffix in SIDE_FILES:
                if Path(f"{kept}{suffix}").exists():
                    os.replace(Path(f"{kept}{suffix}"), Path(f"{target}{suffix}"))
        if checkpoint_kept.exists():
            os.replace(checkpoint_kept, checkpoint)
        raise
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
                old_value={"kept_as": str(kept) if kept else None},
                new_value={"backup": str(backup), "audit_entries": audit.checked},
                reason=reason.strip() or "restored from backup with celldeck restore",
            )
    finally:
        db.close()
    return RestoreReport(
        target=target,
        backup=backup,
        schema=schema,
        audit=audit,
        replaced_kept_as=kept,
        audit_seq=seq,
        audit_problem=problem,
    )


# --- helpers ------------------------------------------------------------------------------


def _put_in_place(backup: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.restoring")
    _remove(partial)
    source = connect_read_only(backup)
    try:
        _copy_database(source, partial)
    finally:
        source.close()
    os.replace(partial, target)
    _sync_folder(target.parent)


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
    "BackupError",
    "BackupReport",
    "RestoreReport",
    "backup_database",
    "check_backup",
    "checkpoint_copy_path",
    "restore_database",
]
