"""Opening the station database: WAL, owner-only file, schema migrations in code.

Each migration is a numbered list of SQL statements applied once, in order, inside one
transaction, and recorded in ``schema_version``. Later features append migrations; a
database from an older CellDeck is brought forward on open, a newer one is refused.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from app.memory import RECORDS_CACHE_MIB, set_cache_budget

log = logging.getLogger(__name__)

# (version, description, statements). Append only; never edit a released migration.
MIGRATIONS: list[tuple[int, str, tuple[str, ...]]] = [
    (
        1,
        "station event log",
        (
            """CREATE TABLE station_events (
                id INTEGER PRIMARY KEY,
                utc TEXT NOT NULL,
                station TEXT NOT NULL,
                kind TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX station_events_utc ON station_events (utc)",
        ),
    ),
    (
        2,
        "alarm journal and alarm states",
        (
            """CREATE TABLE alarm_events (
                id INTEGER PRIMARY KEY,
                utc TEXT NOT NULL,
                time REAL NOT NULL,
                alarm_id TEXT NOT NULL,
                tag TEXT NOT NULL,
                source TEXT NOT NULL,
                area TEXT NOT NULL,
                priority TEXT NOT NULL,
                event TEXT NOT NULL,
                state TEXT NOT NULL,
                value TEXT,
                limit_value REAL,
                user_id TEXT NOT NULL DEFAULT '',
                comment TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX alarm_events_time ON alarm_events (time)",
            "CREATE INDEX alarm_events_alarm ON alarm_events (alarm_id, time)",
            """CREATE TABLE alarm_state (
                alarm_id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                active INTEGER NOT NULL,
                value TEXT,
                activated_at REAL,
                changed_at REAL NOT NULL,
                acked_by TEXT NOT NULL DEFAULT '',
                shelved_until REAL,
                shelve_reason TEXT NOT NULL DEFAULT ''
            )""",
        ),
    ),
    (
        3,
        "users and sign-in",
        (
            # Ids compare without case so "JDoe" and "jdoe" can never be two people.
            """CREATE TABLE users (
                user_id TEXT PRIMARY KEY COLLATE NOCASE,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                password_changed_utc TEXT NOT NULL,
                must_change INTEGER NOT NULL DEFAULT 0,
                badge_hash TEXT UNIQUE,
                pin_hash TEXT,
                failed_attempts INTEGER NOT NULL DEFAULT 0,
                locked INTEGER NOT NULL DEFAULT 0,
                active INTEGER NOT NULL DEFAULT 1,
                language TEXT NOT NULL DEFAULT 'en',
                created_utc TEXT NOT NULL
            )""",
            """CREATE TABLE password_history (
                id INTEGER PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (user_id),
                password_hash TEXT NOT NULL,
                changed_utc TEXT NOT NULL
            )""",
            "CREATE INDEX password_history_user ON password_history (user_id, id)",
            """CREATE TABLE sign_in_events (
                id INTEGER PRIMARY KEY,
                utc TEXT NOT NULL,
                user_id TEXT NOT NULL DEFAULT '',
                method TEXT NOT NULL,
                outcome TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX sign_in_events_utc ON sign_in_events (utc)",
            "CREATE INDEX sign_in_events_user ON sign_in_events (user_id, utc)",
            """CREATE TABLE account_events (
                id INTEGER PRIMARY KEY,
                utc TEXT NOT NULL,
                user_id TEXT NOT NULL,
                by_user_id TEXT NOT NULL,
                action TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX account_events_user ON account_events (user_id, utc)",
            # Salt for badge hashes, one per database: badges must be found by their hash,
            # so it cannot be per user. Changing it would orphan every badge.
            "CREATE TABLE user_keys (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
            "INSERT INTO user_keys (name, value) VALUES ('badge-salt', randomblob(16))",
            # Part 11 (11.300(a)): an id is never reused, so accounts are never deleted or
            # renamed, and the sign-in and account records are append-only.
            """CREATE TRIGGER users_never_deleted BEFORE DELETE ON users BEGIN
                SELECT RAISE(ABORT, 'user accounts are never deleted; deactivate instead');
            END""",
            """CREATE TRIGGER users_id_fixed BEFORE UPDATE OF user_id ON users BEGIN
                SELECT RAISE(ABORT, 'a user id never changes');
            END""",
            """CREATE TRIGGER user_keys_fixed BEFORE UPDATE ON user_keys BEGIN
                SELECT RAISE(ABORT, 'user keys never change');
            END""",
            """CREATE TRIGGER user_keys_kept BEFORE DELETE ON user_keys BEGIN
                SELECT RAISE(ABORT, 'user keys are never deleted');
            END""",
            *(
                f"""CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table} BEGIN
                SELECT RAISE(ABORT, '{table} is append-only');
            END"""
                for table in ("password_history", "sign_in_events", "account_events")
                for verb in ("update", "delete")
            ),
        ),
    ),
    (
        4,
        "audit trail",
        (
            # Part 11 11.10(e) / Annex 11 9: who, what, when, old and new value, why. The chain
            # (prev_hash, hash) and the keyed seal (mac) are computed by app.records.audit.
            """CREATE TABLE audit_trail (
                seq INTEGER PRIMARY KEY,
                utc TEXT NOT NULL,
                user_id TEXT NOT NULL,
                user_name TEXT NOT NULL,
                role TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                old_value TEXT,
                new_value TEXT,
                reason TEXT NOT NULL DEFAULT '',
                station TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                mac TEXT NOT NULL
            )""",
            """CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail BEGIN
                SELECT RAISE(ABORT, 'audit_trail is append-only: entries are never changed');
            END""",
            """CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail BEGIN
                SELECT RAISE(ABORT, 'audit_trail is append-only: entries are never deleted');
            END""",
        ),
    ),
    (
        5,
        "batch records (ISA-88)",
        (
            # The current state of each batch: what a restart brings back. The recipe travels
            # with the batch (canonical JSON and its sha256), so a batch always finishes on
            # exactly the recipe it started with.
            """CREATE TABLE batches (
                batch_id TEXT PRIMARY KEY,
                recipe_id TEXT NOT NULL,
                recipe_version TEXT NOT NULL,
                recipe_hash TEXT NOT NULL,
                recipe_json TEXT NOT NULL,
                shuttle TEXT NOT NULL DEFAULT '',
                bay INTEGER,
                cellq TEXT NOT NULL DEFAULT '',
                barcode TEXT NOT NULL,
                coi TEXT NOT NULL,
                state TEXT NOT NULL,
                closed INTEGER NOT NULL DEFAULT 0,
                step_index INTEGER NOT NULL DEFAULT 0,
                steps_total INTEGER NOT NULL,
                steps_completed INTEGER NOT NULL DEFAULT 0,
                progress_json TEXT NOT NULL DEFAULT '{}',
                hold_reason TEXT NOT NULL DEFAULT '',
                station TEXT NOT NULL DEFAULT '',
                created_by TEXT NOT NULL,
                created_time REAL NOT NULL,
                started_time REAL,
                ended_time REAL,
                updated_time REAL NOT NULL
            )""",
            "CREATE INDEX batches_open ON batches (closed, state)",
            # Every state change, step start and end, manual entry, scan, signature and
            # deviation: who, when, what, old and new value, why.
            """CREATE TABLE batch_events (
                id INTEGER PRIMARY KEY,
                batch_id TEXT NOT NULL REFERENCES batches (batch_id),
                time REAL NOT NULL,
                utc TEXT NOT NULL,
                kind TEXT NOT NULL,
                step TEXT NOT NULL DEFAULT '',
                target TEXT NOT NULL DEFAULT '',
                old_value TEXT,
                new_value TEXT,
                reason TEXT NOT NULL DEFAULT '',
                user_id TEXT NOT NULL DEFAULT '',
                user_name TEXT NOT NULL DEFAULT '',
                user_role TEXT NOT NULL DEFAULT '',
                station TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX batch_events_batch ON batch_events (batch_id, id)",
            "CREATE INDEX batch_events_time ON batch_events (time)",
            """CREATE TABLE deviations (
                id INTEGER PRIMARY KEY,
                batch_id TEXT NOT NULL REFERENCES batches (batch_id),
                time REAL NOT NULL,
                utc TEXT NOT NULL,
                kind TEXT NOT NULL,
                severity TEXT NOT NULL,
                step TEXT NOT NULL DEFAULT '',
                tag TEXT NOT NULL DEFAULT '',
                value TEXT,
                low REAL,
                high REAL,
                holds_batch INTEGER NOT NULL DEFAULT 0,
                message TEXT NOT NULL,
                user_id TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX deviations_batch ON deviations (batch_id, id)",
            # A batch record is kept for the retention period: never deleted, and the
            # identity it was made for and the recipe it ran never change.
            """CREATE TRIGGER batches_never_deleted BEFORE DELETE ON batches BEGIN
                SELECT RAISE(ABORT, 'batch records are never deleted');
            END""",
            """CREATE TRIGGER batches_identity_fixed
                BEFORE UPDATE OF batch_id, recipe_hash, recipe_json, barcode, coi ON batches
            BEGIN
                SELECT RAISE(ABORT, 'a batch keeps its identity and recipe');
            END""",
            *(
                f"""CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table} BEGIN
                SELECT RAISE(ABORT, '{table} is append-only');
            END"""
                for table in ("batch_events", "deviations")
                for verb in ("update", "delete")
            ),
        ),
    ),
    (
        6,
        "electronic signatures",
        (
            # 21 CFR 11.50/11.70: printed name, date and time, meaning, and the sha256 of the
            # exact content signed; ``mac`` seals the row with the station's audit key so a
            # signature cannot be moved to another record (app.records.signatures).
            """CREATE TABLE signatures (
                id INTEGER PRIMARY KEY,
                utc TEXT NOT NULL,
                user_id TEXT NOT NULL,
                printed_name TEXT NOT NULL,
                role TEXT NOT NULL,
                meaning TEXT NOT NULL,
                record_type TEXT NOT NULL,
                record_id TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                statement TEXT NOT NULL,
                station TEXT NOT NULL,
                mac TEXT NOT NULL
            )""",
            "CREATE INDEX signatures_record ON signatures (record_type, record_id)",
            *(
                f"""CREATE TRIGGER signatures_no_{verb} BEFORE {verb.upper()} ON signatures BEGIN
                SELECT RAISE(ABORT, 'signatures are never changed or removed');
            END"""
                for verb in ("update", "delete")
            ),
        ),
    ),
    (
        7,
        "recipe releases",
        (
            # Which recipe versions QA released for production on this station, and which
            # were withdrawn: an events table, the newest row per (recipe_id, version) is
            # that version's state. Bound to the recipe's content sha256 and, for a release
            # by QA, to its "approved" signature; ``mac`` seals each row with the audit key
            # (app.records.recipe_releases), so a row written past the station is not
            # taken for a release.
            """CREATE TABLE recipe_releases (
                id INTEGER PRIMARY KEY,
                utc TEXT NOT NULL,
                recipe_id TEXT NOT NULL,
                version TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('released', 'withdrawn')),
                user_id TEXT NOT NULL,
                user_name TEXT NOT NULL,
                role TEXT NOT NULL,
                signature_id INTEGER REFERENCES signatures (id),
                reason TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL DEFAULT '',
                station TEXT NOT NULL,
                mac TEXT NOT NULL
            )""",
            "CREATE INDEX recipe_releases_version ON recipe_releases (recipe_id, version, id)",
            *(
                f"""CREATE TRIGGER recipe_releases_no_{verb}
                BEFORE {verb.upper()} ON recipe_releases BEGIN
                SELECT RAISE(ABORT, 'recipe_releases is append-only: withdraw by a new row');
            END"""
                for verb in ("update", "delete")
            ),
        ),
    ),
]

SCHEMA_VERSION = max(version for version, _, _ in MIGRATIONS)


class DatabaseError(Exception):
    """The database cannot be used; the message says which file and what to do."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) a station database and bring its schema up to date."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # Records are GxP data: readable by the station account only.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(f"{path}: cannot open the station database: {exc}") from exc
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: every commit is on the disk (the WAL is synced) before it returns. NORMAL
        # would survive an application crash too, but a power cut could roll back the last
        # commits: an audit entry, a signature or a batch event the operator saw recorded.
        # For GxP records that is a loss; FULL costs ~0.2 ms per commit (about 5k commits/s
        # against 40k), far above what a station writes, whose bulk writers batch rows.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        set_cache_budget(conn, RECORDS_CACHE_MIB)  # see app/memory.py
        _migrate(conn, path)
    except DatabaseError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(
            f"{path}: the file is not a usable CellDeck database ({exc}). Nothing was "
            "changed; restore it from backup or start with another --db file."
        ) from exc
    return sqlite_utils.Database(conn)


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'"
    ).fetchone()
    if row is None:
        return 0
    value = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    return int(value or 0)


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_utc TEXT NOT NULL)"
    )
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: schema version {current} is newer than this CellDeck understands "
            f"({SCHEMA_VERSION}); use the newer CellDeck or another --db file."
        )
    # Apply every migration not recorded yet (not only those above the highest): two
    # features can land their migrations in either order without one being skipped.
    applied = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
    pending = [m for m in MIGRATIONS if m[0] not in applied]
    if applied and pending:
        # An upgrade is about to change a database that holds records: keep a copy first.
        backup_before_migrating(conn, path, current)
    for version, description, statements in sorted(MIGRATIONS, key=lambda m: m[0]):
        if version not in applied:
            apply_migration(conn, version, description, statements)


def apply_migration(
    conn: sqlite3.Connection, version: int, description: str, statements: Sequence[str]
) -> None:
    """Run one migration's statements and record it in schema_version, all or nothing
    (the station database's and the process history's migrations alike)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_version (version, description, applied_utc) VALUES (?,?,?)",
            (version, description, utc_now()),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to a station database, for exports, verification and
    backups while the station may be writing (WAL readers never block the writer)."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"{path}: there is no station database there")
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: not a readable SQLite database ({exc})") from exc
    return conn


def backup_before_migrating(conn: sqlite3.Connection, path: Path, current: int) -> Path:
    """Copy the database (SQLite online backup, consistent even in WAL mode) beside it
    before an upgrade migrates its schema; the copy keeps the owner-only permissions.

    Raises DatabaseError, migrating nothing, if the copy cannot be made."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.schema-{current}-before-{SCHEMA_VERSION}.{stamp}.bak")
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        copy = sqlite3.connect(target)
        try:
            conn.backup(copy)
        finally:
            copy.close()
    except (OSError, sqlite3.Error) as exc:
        if not isinstance(exc, FileExistsError):
            target.unlink(missing_ok=True)  # a half-written copy is not a backup
        raise DatabaseError(
            f"{path}: schema version {current} needs upgrading to {SCHEMA_VERSION}, but the "
            f"backup copy {target} could not be written ({exc}). Nothing was changed; free "
            "space or fix permissions in that folder and start CellDeck again."
        ) from exc
    log.info("backed up %s (schema %d) to %s before migrating", path, current, target)
    return target
