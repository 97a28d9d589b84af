"""The audit trail: who changed what on the station, when, from which value to which, and why.

Part 11 (11.10(e)) and Annex 11 (9) ask for a secure, computer-generated, time-stamped
record of every change to GMP data that never obscures earlier values. Each change is one
row of ``audit_trail`` (migration 4) and is protected three ways:

- **Append-only triggers** refuse UPDATE and DELETE, so nobody changes an entry by accident
  or through the application's own connection.
- **A hash chain**: ``hash = sha256(canonical(entry))`` where the canonical form is compact
  JSON with sorted keys of every field in ``HASHED_FIELDS`` (``seq`` and ``prev_hash``
  included), UTF-8 encoded; ``prev_hash`` is the previous entry's ``hash`` and the first
  entry's is ``GENESIS_HASH``. Editing, inserting or deleting an entry breaks the chain.
- **A keyed seal outside the database**: ``mac = HMAC-SHA256(key, hash)`` with a 32-byte
  station key kept in a file beside (never inside) the database (``AuditKey``). Anyone who
  can open the file can drop the triggers and recompute every sha256, but cannot seal the
  result without the key. A small checkpoint file beside the key holds the last entry's
  seq and hash, sealed with the same key, so removing the last entries is noticed too.

The hash is computed in Python inside the writer's ``BEGIN IMMEDIATE`` transaction (read
the last entry, chain, insert) rather than by a SQL function and trigger: the seal needs the
key in Python anyway, and one implementation of the canonical form serves both the writer
and the verifier, which reads the file through a plain read-only connection. The recipe
above is complete, so QA can check an exported trail with their own tool.

Known limit: the checkpoint proves the tail only against a checkpoint at least as new. Whoever
can write the key's folder can put back an old checkpoint file after cutting the trail back to
it; protect that folder like the key, and for stronger evidence send checkpoints off the
station (supervisor, batch record).

``AuditTrail`` writes on the station core thread like the other records. ``verify()`` opens
its own read-only connection, so it may run in a worker thread while the station writes.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from pydantic import BaseModel, ConfigDict

from app.security import Actor, PermissionDenied, Role

log = logging.getLogger(__name__)

KEY_BYTES = 32
GENESIS_HASH = "0" * 64
# The fields each entry's hash covers, in the stored (JSON text) form of the values.
HASHED_FIELDS = (
    "seq",
    "utc",
    "user_id",
    "user_name",
    "role",
    "action",
    "target",
    "old_value",
    "new_value",
    "reason",
    "station",
    "prev_hash",
)
_COLUMNS = (*HASHED_FIELDS, "hash", "mac")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM audit_trail"
_INSERT = (
    f"INSERT INTO audit_trail ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
)
_LAST = "SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1"
# The canonical form hashed for the chain. Built once: json.dumps with options makes a new
# encoder per call, which was half the cost of an append.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)
# Verification reads this many rows at a time, so a trail of millions of entries is checked
# in constant memory.
_FETCH_ROWS = 1000
_MAX_ENTRIES_PER_READ = 10_000
_CHECKPOINT_PURPOSE = "celldeck-audit-checkpoint"
_CHECKPOINT_BYTES = 512  # one disk sector; the record is about 190 bytes
_CHECKPOINT_READS = 3
# Who acted when nobody did (the batch engine's own steps, automatic holds). The id cannot be
# a person's: user ids are letters, digits, '.', '_' and '-' only.
SYSTEM_USER_ID = "(system)"
SYSTEM_USER_NAME = "CellDeck"
SYSTEM_ROLE = "system"
# Who may put the checkpoint back in step after QA has investigated a broken tail.
_REANCHOR_ROLES = frozenset({Role.QA, Role.ADMINISTRATOR})


class AuditError(Exception):
    """The audit trail cannot be written or verified; the message says what to do."""


class AuditKeyError(AuditError):
    """The station's audit key file is missing, unreadable or malformed."""


class AuditTrailBroken(AuditError):
    """The trail no longer ends where its checkpoint says; nothing more is recorded until
    QA has investigated and re-anchored it (``AuditTrail.reanchor``)."""


class AuditKey:
    """The station's secret for sealing its audit trail: 32 random bytes in a key file.

    The file lives in the station's configuration folder, beside the database and never in
    it, so a copy of the database alone cannot be re-sealed after tampering. It is created
    owner-only (0600) on first use, exclusively so two processes starting together cannot
    each write their own. Back it up with the database: without it the trail can no longer
    be verified. ``create=False`` only loads (verification never makes a new key)."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if create and not self.path.exists():
            self._create()
        self._secret = self._load()

    def __repr__(self) -> str:
        return f"AuditKey({str(self.path)!r})"  # never the secret

    def mac(self, message: str) -> str:
        """HMAC-SHA256 of ``message`` under this key, as 64 hex digits."""
        return hmac.digest(self._secret, message.encode("utf-8"), "sha256").hex()

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return  # another process made it a moment ago; load theirs
        except OSError as exc:
            raise AuditKeyError(f"{self.path}: cannot create the audit key file: {exc}") from exc
        try:
            os.write(fd, os.urandom(KEY_BYTES).hex().encode("ascii") + b"\n")
            os.fsync(fd)  # a key lost in a power failure would orphan every seal made with it
        finally:
            os.close(fd)
        log.warning("created a new audit key %s; back it up with the database", self.path)

    def _load(self) -> bytes:
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            raise AuditKeyError(
                f"audit key file {self.path} does not exist: the audit trail can only be "
                "verified with the key the station sealed it with; restore the key file from "
                "the station's backup or give the right path"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise AuditKeyError(f"{self.path}: cannot read the audit key file: {exc}") from exc
        try:
            secret = bytes.fromhex(text)
        except ValueError:
            secret = b""
        if len(secret) != KEY_BYTES:
            raise AuditKeyError(
                f"{self.path} is not a CellDeck audit key (expected {KEY_BYTES * 2} hex "
                "digits); restore the key file from the station's backup"
            )
        if os.name == "posix" and stat.S_IMODE(self.path.stat().st_mode) & 0o077:
            log.warning("audit key %s is readable by other accounts; make it 0600", self.path)
        return secret


@dataclasses.dataclass(frozen=True, slots=True)
class AuditChange:
    """One change to record: who did what to which thing, the value before and after, why.

    ``actor=None`` is the station itself (recorded as ``SYSTEM_USER_ID``). Values are
    anything JSON can carry (None, numbers, text, lists, dicts), plus enums, dates, paths,
    dataclasses and pydantic models, which are stored in their JSON form."""

    actor: Actor | None
    action: str
    target: str
    old_value: object = None
    new_value: object = None
    reason: str = ""


class AuditEntry(BaseModel):
    """One audit trail entry as read back, for review screens, exports and printouts."""

    model_config = ConfigDict(frozen=True)

    seq: int
    utc: str
    user_id: str
    user_name: str
    role: str  # as recorded; the role names of a 30-year-old entry may no longer exist
    action: str
    target: str
    old_value: Any
    new_value: Any
    reason: str
    station: str
    prev_hash: str
    hash: str
    mac: str


class VerifyResult(BaseModel):
    """The outcome of checking a whole audit trail, for QA and the station's self-check.

    ``checked`` counts the entries found intact before the first problem; ``problem`` is a
    sentence naming the first broken entry and what is wrong with it (empty when ``ok``).
    ``tail_checked`` says whether a checkpoint was compared, i.e. whether removal of the last
    entries would have been noticed."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    problem: str = ""
    tail_checked: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class _Checkpoint:
    seq: int
    hash: str


def entry_hash(row: Mapping[str, object]) -> str:
    """The chain hash of one stored entry (column name -> stored value, the values in their
    JSON text form): sha256 of compact, key-sorted JSON of ``HASHED_FIELDS``."""
    canonical = _CANONICAL.encode({name: row[name] for name in HASHED_FIELDS})
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def checkpoint_path_for(key_path: Path, db_path: Path) -> Path:
    """Where the checkpoint of one database's trail lives: beside the key, named after the
    database file, so a station started with another ``--db`` keeps its own checkpoint."""
    db_path = Path(db_path).resolve()
    digest = hashlib.sha256(str(db_path).encode("utf-8")).hexdigest()[:8]
    return Path(key_path).parent / f"audit-checkpoint-{db_path.stem}-{digest}.json"


def verify_database(
    db_path: Path, key_path: Path, checkpoint_path: Path | None = None
) -> VerifyResult:
    """Check a station database's audit trail: chain, seals and (given a checkpoint file)
    its tail. The file is opened read-only, so verifying never changes it; the key file
    is only read. ``checkpoint_path=None`` skips the tail check (e.g. for a backup copy,
    whose checkpoint has moved on); the result then says ``tail_checked=False``."""
    key = AuditKey(key_path, create=False)
    return _verify_file(Path(db_path), key, checkpoint_path)


class AuditTrail:
    """The station's audit trail: every GMP-relevant change an operator, supervisor, QA or
    administrator makes (alarm shelving, setpoint writes, account changes...), sealed so a
    later edit, insertion or deletion is detected.

    ``clock`` gives the entry times (seconds since the epoch); the station passes its clock.
    ``checkpoint_path`` defaults to ``checkpoint_path_for(key.path, <database file>)``."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        key: AuditKey,
        station: str,
        clock: Callable[[], float] = time.time,
        checkpoint_path: Path | None = None,
    ) -> None:
        if not station.strip():
            raise ValueError("the audit trail needs the station's name")
        self.db = db
        self.key = key
        self.station = station
        self._clock = clock
        self.db_path = _database_file(db.conn)
        self.checkpoint_path = (
            Path(checkpoint_path)
            if checkpoint_path is not None
            else checkpoint_path_for(key.path, self.db_path)
        )
        self._cached: tuple[tuple[int, ...] | None, _Checkpoint] | None = None

    # --- writing --------------------------------------------------------------------

    def record(
        self,
        actor: Actor | None,
        action: str,
        target: str,
        old_value: object = None,
        new_value: object = None,
        reason: str = "",
    ) -> int:
        """Record one change and return its sequence number; ``actor=None`` for the
        station's own actions. The arguments are those of the batch engine's ``on_audit``.

        Call it once the change has taken effect (not inside another transaction on the
        station connection). Raises ValueError for an empty action or target or a value
        JSON cannot carry, AuditTrailBroken if the trail was cut back."""
        change = AuditChange(actor, action, target, old_value, new_value, reason)
        return self._append([change])[0]

    def record_many(self, changes: Iterable[AuditChange]) -> list[int]:
        """Record several changes in one transaction (all or none); their sequence numbers.

        Much faster than one ``record`` each, for bulk operations such as a recipe import."""
        return self._append(list(changes))

    def reanchor(self, actor: Actor, reason: str) -> int:
        """Continue a trail whose tail no longer matches its checkpoint, after QA has
        investigated (a restored backup, entries lost in a power failure, tampering).

        Records an ``audit.reanchor`` entry holding the checkpoint's and the trail's ends, so
        the break stays in the record for good, and moves the checkpoint to it."""
        if actor.role not in _REANCHOR_ROLES:
            raise PermissionDenied(
                f"{actor.name} ({actor.role.value}) may not re-anchor the audit trail; "
                "allowed: qa, administrator"
            )
        if not reason.strip():
            raise ValueError("re-anchoring the audit trail needs the reason (the investigation)")
        problem = self.tail_problem()
        if problem is None:
            raise AuditError("the audit trail ends where its checkpoint says; nothing to re-anchor")
        conn = self.db.conn
        first = conn.execute(f"{_SELECT} WHERE seq = 1").fetchone()
        if first is not None and not _sealed(self.key, dict(zip(_COLUMNS, first, strict=True))):
            raise AuditTrailBroken(
                f"entry 1 is not sealed with {self.key.path}: this is not the key the trail was "
                "written with, so it cannot be continued with it; restore the right key file"
            )
        checkpoint, _ = self._checkpoint()
        last = conn.execute(_LAST).fetchone()
        change = AuditChange(
            actor,
            "audit.reanchor",
            "audit_trail",
            old_value=None if checkpoint is None else dataclasses.asdict(checkpoint),
            new_value=None if last is None else {"seq": last[0], "hash": last[1]},
            reason=f"{reason.strip()} (found: {problem})",
        )
        seq = self._append([change], check_tail=False)[0]
        log.warning("%s re-anchored the audit trail at entry %d: %s", actor.user_id, seq, problem)
        return seq

    def tail_problem(self) -> str | None:
        """Whether the trail still ends where its checkpoint says (None) or what is wrong; a
        quick check for station start-up, before the first audited action is refused."""
        conn = self.db.conn
        checkpoint, unreadable = self._checkpoint()
        found = _tail_problem(
            conn, self.checkpoint_path, checkpoint, unreadable, conn.execute(_LAST).fetchone()
        )
        return None if found is None else found[1]

    # --- reading and verifying --------------------------------------------------------

    def entries(self, since_seq: int = 0, limit: int = 1000) -> list[AuditEntry]:
        """Entries after ``since_seq`` in order, at most ``limit`` (up to 10,000) at a time."""
        if not 1 <= limit <= _MAX_ENTRIES_PER_READ:
            raise ValueError(f"limit must be 1 to {_MAX_ENTRIES_PER_READ}, not {limit}")
        rows = self.db.conn.execute(
            f"{_SELECT} WHERE seq > ? ORDER BY seq LIMIT ?", (since_seq, limit)
        ).fetchall()
        return [_entry(dict(zip(_COLUMNS, row, strict=True))) for row in rows]

    def latest(self, actions: Sequence[str], target: str) -> AuditEntry | None:
        """The newest entry with one of ``actions`` on ``target``, or None. Walks back from
        the end (no index on action), so meant for rare lookups such as station start."""
        if not actions:
            return None
        marks = ", ".join("?" * len(actions))
        row = self.db.conn.execute(
            f"{_SELECT} WHERE action IN ({marks}) AND target = ? ORDER BY seq DESC LIMIT 1",
            (*actions, target),
        ).fetchone()
        return None if row is None else _entry(dict(zip(_COLUMNS, row, strict=True)))

    def verify(self) -> VerifyResult:
        """Check the whole trail (chain, seals, checkpoint) through a read-only connection of
        its own; may run in a worker thread while the station goes on recording."""
        return _verify_file(self.db_path, self.key, self.checkpoint_path)

    # --- internals ------------------------------------------------------------------

    def _checkpoint(self) -> tuple[_Checkpoint | None, str | None]:
        # The checkpoint this trail wrote last is reused while the file is as it left it
        # (~3 us instead of ~100 us per append). A file someone else changed is read again;
        # faking the signature would only make this writer trust its own, truer record.
        signature = _file_signature(self.checkpoint_path)
        if signature is not None and self._cached is not None and self._cached[0] == signature:
            return self._cached[1], None
        self._cached = None
        return _read_checkpoint(self.checkpoint_path, self.key)

    def _append(self, changes: Sequence[AuditChange], *, check_tail: bool = True) -> list[int]:
        # Validate and serialise before taking the write lock, so a bad value costs nobody.
        prepared = [_prepare(change) for change in changes]
        if not prepared:
            return []
        conn = self.db.conn
        if conn.in_transaction:
            raise AuditError(
                "the audit trail was asked to record inside another transaction on the "
                "station database; record after that transaction has committed"
            )
        # IMMEDIATE takes the write lock before reading the last hash, so two writers (two
        # processes on one file) can never both chain onto the same entry.
        conn.execute("BEGIN IMMEDIATE")
        try:
            last = conn.execute(_LAST).fetchone()
            if check_tail:
                checkpoint, unreadable = self._checkpoint()
                found = _tail_problem(conn, self.checkpoint_path, checkpoint, unreadable, last)
                if found is not None:
                    raise AuditTrailBroken(
                        f"the audit trail cannot be continued: {found[1]}. Nothing was "
                        "recorded; QA must investigate and then re-anchor the trail"
                    )
            seq, prev_hash = (0, GENESIS_HASH) if last is None else (last[0], last[1])
            rows: list[tuple[object, ...]] = []
            for values in prepared:
                seq += 1
                row: dict[str, object] = {
                    "seq": seq,
                    "utc": _utc(self._clock()),
                    **values,
                    "station": self.station,
                    "prev_hash": prev_hash,
                }
                row["hash"] = prev_hash = entry_hash(row)
                row["mac"] = self.key.mac(prev_hash)
                rows.append(tuple(row[name] for name in _COLUMNS))
            if len(rows) == 1:
                conn.execute(_INSERT, rows[0])
            else:
                conn.executemany(_INSERT, rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        # After the commit: a crash in between leaves the trail ahead of its checkpoint,
        # which verifies; the other order could claim entries that never reached the file.
        written = _Checkpoint(seq, prev_hash)
        if _write_checkpoint(self.checkpoint_path, self.key, written):
            self._cached = (_file_signature(self.checkpoint_path), written)
        first = seq - len(rows) + 1
        log.debug("audit entries %d-%d recorded", first, seq)
        return list(range(first, seq + 1))


# --- values -------------------------------------------------------------------------


def _prepare(change: AuditChange) -> dict[str, object]:
    """The stored columns of one change (without seq, time, station and chain)."""
    action, target = change.action.strip(), change.target.strip()
    if not action:
        raise ValueError("an audit entry needs an action, e.g. 'setpoint.write'")
    if not target:
        raise ValueError(f"audit entry {action!r} needs a target: what was changed")
    actor = change.actor
    return {
        "user_id": SYSTEM_USER_ID if actor is None else actor.user_id,
        "user_name": SYSTEM_USER_NAME if actor is None else actor.name,
        "role": SYSTEM_ROLE if actor is None else Role(actor.role).value,
        "action": action,
        "target": target,
        "old_value": _to_json(change.old_value, "old_value", action),
        "new_value": _to_json(change.new_value, "new_value", action),
        "reason": change.reason,
    }


def _to_json(value: object, field: str, action: str) -> str | None:
    # None is "no value" (nothing before a create, nothing after a delete): SQL NULL.
    if value is None:
        return None
    try:
        return _VALUES.encode(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"audit entry {action!r}: {field} cannot be recorded: {exc}") from exc


def _jsonable(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    raise TypeError(f"a {type(value).__name__} is not JSON")


# Readable text (Japanese stays Japanese), one spelling per value, strict JSON only.
_VALUES = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False, default=_jsonable)


def _from_json(text: object) -> object:
    if text is None:
        return None
    try:
        return json.loads(str(text))
    except ValueError:
        return text  # not written by CellDeck; verify() reports it, review still shows it


def _entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        **{
            **row,
            "old_value": _from_json(row["old_value"]),
            "new_value": _from_json(row["new_value"]),
        }
    )


def _utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


# --- checkpoint -------------------------------------------------------------------


def _checkpoint_mac(key: AuditKey, checkpoint: _Checkpoint) -> str:
    # A fixed prefix so a checkpoint seal can never pass for an entry seal, or the reverse.
    return key.mac(f"{_CHECKPOINT_PURPOSE}:{checkpoint.seq}:{checkpoint.hash}")


def _read_checkpoint(path: Path, key: AuditKey) -> tuple[_Checkpoint | None, str | None]:
    """The sealed checkpoint, or None if there is no file; a problem if it cannot be trusted."""
    problem = ""
    for attempt in range(_CHECKPOINT_READS):
        if attempt:
            time.sleep(0.01)  # another process may have been writing it that very moment
        try:
            data = json.loads(path.read_bytes())
            checkpoint = _Checkpoint(seq=data["seq"], hash=data["hash"])
            mac = data["mac"]
            if not isinstance(checkpoint.seq, int) or not isinstance(mac, str):
                raise TypeError("wrong field types")
        except FileNotFoundError:
            return None, None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            problem = f"{path} is not a readable audit checkpoint ({exc})"
            continue
        if hmac.compare_digest(_checkpoint_mac(key, checkpoint).encode(), mac.encode()):
            return checkpoint, None
        problem = f"{path} is not sealed with this station's audit key (edited or replaced)"
    return None, problem


def _write_checkpoint(path: Path, key: AuditKey, checkpoint: _Checkpoint) -> bool:
    """Whether the checkpoint file now holds ``checkpoint``."""
    mac = _checkpoint_mac(key, checkpoint)
    # One fixed-size record overwritten in place by a single write: a crash leaves the old
    # record or the new one, and a sector-sized write is not torn by a power cut either.
    # Writing a new file and renaming it over the old one is as safe but costs ~0.4 ms per
    # entry on ext4 (the rename forces the new file's blocks out), two-thirds of an append.
    # Formatted by hand (an int and two hex digests need no escaping): this runs per append.
    text = f'{{"seq": {int(checkpoint.seq)}, "hash": "{checkpoint.hash}", "mac": "{mac}"}}'
    record = text.ljust(_CHECKPOINT_BYTES - 1).encode("ascii") + b"\n"
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    try:
        try:
            fd = os.open(path, flags, 0o600)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, flags, 0o600)
        try:
            os.write(fd, record)
            if os.fstat(fd).st_size != len(record):  # a longer file from elsewhere
                os.ftruncate(fd, len(record))
        finally:
            os.close(fd)
    except OSError as exc:
        # The entries are committed and sealed; only the tail check is behind, which
        # verify() accepts. Refusing here would lose nothing but block the operator.
        log.error("audit checkpoint %s not updated: %s", path, exc)
        return False
    return True


def _file_signature(path: Path) -> tuple[int, ...] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    # ctime too: a user can set mtime back (touch -d) but not the inode change time.
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _tail_problem(
    conn: sqlite3.Connection,
    path: Path,
    checkpoint: _Checkpoint | None,
    unreadable: str | None,
    last: tuple[int, str] | None,
) -> tuple[int | None, str] | None:
    """(first broken seq, sentence) if the trail, ending at ``last`` (seq, hash), does not
    reach its checkpoint."""
    if unreadable is not None:
        return None, f"checkpoint mismatch: {unreadable}"
    if checkpoint is None:
        if last is None:
            return None  # a new trail
        return None, (
            f"checkpoint mismatch: the checkpoint file {path} is missing, so removal of the "
            f"last entries cannot be ruled out (the trail ends at entry {last[0]})"
        )
    last_seq = 0 if last is None else last[0]
    if last is None or last_seq < checkpoint.seq:
        removed = (
            f"entry {checkpoint.seq} was"
            if last_seq + 1 == checkpoint.seq
            else f"entries {last_seq + 1} to {checkpoint.seq} were"
        )
        return last_seq + 1, (
            f"checkpoint mismatch at entry {last_seq + 1}: the checkpoint says the trail ends "
            f"at entry {checkpoint.seq} but it ends at "
            f"{'entry ' + str(last_seq) if last_seq else 'no entry at all'}; {removed} "
            "removed (or lost in a power failure before reaching the disk)"
        )
    if last_seq == checkpoint.seq:  # the usual case: no second query
        found: str | None = last[1]
    else:  # the trail went on after the checkpoint (a crash before it was written)
        row = conn.execute(
            "SELECT hash FROM audit_trail WHERE seq = ?", (checkpoint.seq,)
        ).fetchone()
        found = None if row is None else row[0]
    if found != checkpoint.hash:
        return checkpoint.seq, (
            f"checkpoint mismatch at entry {checkpoint.seq}: it is not the entry the checkpoint "
            "recorded (the end of the trail was replaced)"
        )
    return None


# --- verification -----------------------------------------------------------------


def _database_file(conn: sqlite3.Connection) -> Path:
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    raise AuditError("the audit trail needs a station database in a file, not in memory")


def _sealed(key: AuditKey, row: Mapping[str, object]) -> bool:
    return hmac.compare_digest(key.mac(str(row["hash"])).encode(), str(row["mac"]).encode())


def _entry_problem(
    row: Mapping[str, Any], prev_seq: int, prev_hash: str, key: AuditKey
) -> tuple[int, str] | None:
    """(first broken seq, sentence) if this entry does not follow ``prev`` intact."""
    seq = row["seq"]
    expected = prev_seq + 1
    before = f"entry {prev_seq}" if prev_seq else "the start of the trail"
    # Order matters for the message: a missing or moved entry is named as such before it
    # shows up as a hash mismatch of the renumbered one.
    if seq != expected:
        missing = (
            f"entry {expected} is"
            if seq == expected + 1
            else f"entries {expected} to {seq - 1} are"
        )
        return expected, (
            f"chain link mismatch at entry {expected}: {missing} missing, entry {seq} follows "
            f"{before} (deleted)"
        )
    if row["prev_hash"] != prev_hash:
        return seq, (
            f"chain link mismatch at entry {seq}: it does not link to {before} (an entry was "
            "inserted or deleted there)"
        )
    try:
        intact = entry_hash(row) == row["hash"]
    except (TypeError, ValueError):  # a value no CellDeck writes (e.g. a blob)
        intact = False
    if not intact:
        return seq, (
            f"hash mismatch at entry {seq}: its content does not match its hash (edited after "
            "it was recorded)"
        )
    if not _sealed(key, row):
        return seq, (
            f"MAC mismatch at entry {seq}: it is not sealed with this station's audit key "
            f"{key.path} (forged, the hash chain recomputed after an edit, or the wrong key)"
        )
    return None


def _verify_file(db_path: Path, key: AuditKey, checkpoint_path: Path | None) -> VerifyResult:
    if not db_path.is_file():
        raise AuditError(f"{db_path}: there is no database file to verify")
    try:
        conn = sqlite3.connect(
            f"{db_path.resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise AuditError(f"{db_path}: cannot open the database to verify it: {exc}") from exc
    try:
        return _verify(conn, key, checkpoint_path)
    except sqlite3.DatabaseError as exc:
        raise AuditError(f"{db_path}: cannot read the audit trail: {exc}") from exc
    finally:
        conn.close()


def _verify(conn: sqlite3.Connection, key: AuditKey, checkpoint_path: Path | None) -> VerifyResult:
    table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_trail'"
    ).fetchone()
    if table is None:
        raise AuditError("this database has no audit trail (made by a CellDeck before schema 4)")
    # The checkpoint is read before the snapshot: it is written after each commit, so every
    # entry it names is in the snapshot and a busy station cannot cause a false alarm.
    checkpoint, unreadable = (None, None)
    if checkpoint_path is not None:
        checkpoint, unreadable = _read_checkpoint(checkpoint_path, key)
    tail_checked = checkpoint_path is not None
    conn.execute("BEGIN")  # one snapshot for the rows and the tail check
    try:
        cursor = conn.execute(f"{_SELECT} ORDER BY seq")
        prev_seq, prev_hash, checked = 0, GENESIS_HASH, 0
        while batch := cursor.fetchmany(_FETCH_ROWS):
            for values in batch:
                row = dict(zip(_COLUMNS, values, strict=True))
                found = _entry_problem(row, prev_seq, prev_hash, key)
                if found is not None:
                    return VerifyResult(
                        ok=False,
                        checked=checked,
                        first_broken_seq=found[0],
                        problem=found[1],
                        tail_checked=tail_checked,
                    )
                prev_seq, prev_hash = row["seq"], row["hash"]
                checked += 1
        if checkpoint_path is not None:
            last = (prev_seq, prev_hash) if checked else None
            tail = _tail_problem(conn, checkpoint_path, checkpoint, unreadable, last)
            if tail is not None:
                return VerifyResult(
                    ok=False, checked=checked, first_broken_seq=tail[0], problem=tail[1]
                )
    finally:
        conn.execute("ROLLBACK")
    return VerifyResult(ok=True, checked=checked, tail_checked=tail_checked)
