"""Recipe release on the station: which master recipe versions QA released for
production here, and which were withdrawn (21 CFR 11.10(e), 11.50, 11.70; EU GMP
Annex 11 clauses 9 and 14).

A release is an electronic signature with the meaning "approved" by a QA person who
re-authenticated, bound to the recipe's content sha256, plus a row in
``recipe_releases`` (migration 7) and an audit entry ``recipe.release``. A withdrawal is
a QA decision with a reason: a new row and ``recipe.withdraw``. The table is append-only;
the newest row of a recipe version is its state. Each row is sealed with the station's
audit key, and a release's signature must still verify against the recipe identity it
names, so a row inserted past the station (or a signature moved onto another recipe) is
not taken for a release.

A batch may start only on a version whose newest row is a valid release of exactly the
content it is about to run (``refusal``). Versions are immutable: content released as
v1.0 stays v1.0; a changed file needs a new version number before it can be released.
"""

from __future__ import annotations

import hmac
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import sqlite_utils
from pydantic import BaseModel, ConfigDict

from app.records.audit import SYSTEM_ROLE, SYSTEM_USER_ID, AuditKey, AuditTrail
from app.records.signatures import (
    Signature,
    SignatureService,
    SignedRecord,
    select_signatures,
    verify_signature,
)
from app.security import Actor, Permission, require

log = logging.getLogger(__name__)

ReleaseState = Literal["released", "withdrawn"]
RECORD_TYPE = "recipe-release"
# The station's own release on a demo plant (plant file: [recipes] demo_release).
DEMO_RELEASER_NAME = "CellDeck demo plant"
DEMO_REASON = "demo plant"

_SEALED_FIELDS = (
    "utc",
    "recipe_id",
    "version",
    "content_hash",
    "state",
    "user_id",
    "user_name",
    "role",
    "signature_id",
    "reason",
    "source",
    "station",
)
_SELECT = (
    "SELECT id AS release_id, utc, recipe_id, version, content_hash, state, user_id, "
    "user_name, role, signature_id, reason, source, station, mac FROM recipe_releases"
)


class ReleaseRefused(Exception):
    """A release or withdrawal cannot be done; the message says why in QA's terms."""


@dataclass(frozen=True, slots=True)
class RecipeIdentity:
    """What the station knows of a recipe version when QA releases it: id, version,
    content sha256, name, the status written in the file, and where it was read."""

    recipe_id: str
    version: str
    content_hash: str
    name: str = ""
    file_status: str = "released"
    source: str = ""

    @property
    def label(self) -> str:
        return f"{self.recipe_id} v{self.version}"

    @property
    def target(self) -> str:
        """The audit trail's name for it: ``recipe:car-t-autologous v1.0``."""
        return f"recipe:{self.label}"


class ReleaseRecord(BaseModel):
    """One row of ``recipe_releases``: a release or a withdrawal of one recipe version."""

    model_config = ConfigDict(frozen=True)

    release_id: int
    utc: str
    recipe_id: str
    version: str
    content_hash: str
    state: ReleaseState
    user_id: str
    user_name: str
    role: str
    signature_id: int | None
    reason: str
    source: str
    station: str
    mac: str

    @property
    def label(self) -> str:
        return f"{self.recipe_id} v{self.version}"

    @property
    def by_system(self) -> bool:
        return self.role == SYSTEM_ROLE

    def who(self) -> str:
        return self.user_name if self.by_system else f"{self.user_name} ({self.user_id})"


def _seal_text(row: dict[str, object]) -> str:
    return "recipe-release\x1f" + "\x1f".join(str(row[name]) for name in _SEALED_FIELDS)


def _utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def release_statement(identity: RecipeIdentity, station: str) -> str:
    """What QA reads and signs (stays English: it is stored with the signature)."""
    name = f' "{identity.name}"' if identity.name else ""
    return (
        f"Release master recipe {identity.label}{name} for production batches on station "
        f"{station}. Content sha256 {identity.content_hash}."
    )


def signed_release(identity: RecipeIdentity, station: str, release_number: int) -> SignedRecord:
    """The record a release signature is bound to: the recipe version, its content hash,
    the station and which release of that version this is (a version withdrawn and
    released again is signed again, on a record of its own)."""
    return SignedRecord(
        record_type=RECORD_TYPE,
        record_id=identity.label,
        content={
            "recipe_id": identity.recipe_id,
            "version": identity.version,
            "recipe_sha256": identity.content_hash,
            "station": station,
            "release": release_number,
        },
        statement=release_statement(identity, station),
    )


class ReleaseReader:
    """Reads the release record through any connection (the station's, or a read-only
    one from the command line). Without ``key`` seals and signatures are not checked."""

    def __init__(self, conn: sqlite3.Connection, key: AuditKey | None) -> None:
        self.conn = conn
        self.key = key

    def latest(self, recipe_id: str, version: str) -> ReleaseRecord | None:
        """The newest row of a recipe version (its state), or None if never released."""
        found = self._select(
            "WHERE recipe_id = ? AND version = ? ORDER BY id DESC LIMIT 1", (recipe_id, version)
        )
        return found[0] if found else None

    def latest_all(self) -> dict[tuple[str, str], ReleaseRecord]:
        """The state of every recipe version this station ever released."""
        rows = self._select(
            "WHERE id IN (SELECT MAX(id) FROM recipe_releases GROUP BY recipe_id, version)"
        )
        return {(row.recipe_id, row.version): row for row in rows}

    def history(self, recipe_id: str, version: str) -> list[ReleaseRecord]:
        """Every release and withdrawal of a version, oldest first."""
        return self._select("WHERE recipe_id = ? AND version = ? ORDER BY id", (recipe_id, version))

    def signature(self, record: ReleaseRecord) -> Signature | None:
        if record.signature_id is None:
            return None
        found = select_signatures(self.conn, "WHERE id = ?", (record.signature_id,))
        return found[0] if found else None

    def problem(self, record: ReleaseRecord) -> str | None:
        """None if the row is sealed by this station and a release's signature still signs
        exactly this recipe version and content; otherwise what is wrong."""
        if self.key is None:
            return None
        if not _sealed(self.key, record):
            return f"release record #{record.release_id} of {record.label} does not match its seal"
        if record.state != "released" or record.by_system:
            return None
        signature = self.signature(record)
        if signature is None:
            return (
                f"the release of {record.label} names signature #{record.signature_id}, "
                "which is missing"
            )
        number = sum(
            1
            for row in self.history(record.recipe_id, record.version)
            if row.state == "released" and row.release_id <= record.release_id
        )
        identity = RecipeIdentity(record.recipe_id, record.version, record.content_hash)
        return verify_signature(
            self.key, signature, signed_release(identity, record.station, number)
        )

    def refusal(self, recipe_id: str, version: str, content_hash: str) -> str | None:
        """Why a batch may not run this recipe content on this station, or None if it was
        released here with exactly this content and the release holds."""
        label = f"{recipe_id} v{version}"
        latest = self.latest(recipe_id, version)
        if latest is None:
            return (
                f"recipe {label} is not released on this station; QA releases it "
                "(Records, Recipes) before a batch may run it"
            )
        if latest.state == "withdrawn":
            return (
                f"recipe {label} was withdrawn by {latest.who()} at {latest.utc} "
                f"({latest.reason}); it may not run"
            )
        if latest.content_hash != content_hash:
            return (
                f"recipe {label} has changed since its release: released content sha256 "
                f"{latest.content_hash[:12]}, this one {content_hash[:12]}; it may not run "
                "until QA releases a new version"
            )
        problem = self.problem(latest)
        if problem is not None:
            return f"recipe {label} may not run: {problem}"
        return None

    def release_problem(self, identity: RecipeIdentity) -> str | None:
        """Why this recipe version cannot be released now, or None: a draft file, content
        that differs from an earlier release of the same version, already released."""
        label = identity.label
        if identity.file_status != "released":
            return (
                f"recipe {label} is a {identity.file_status} in its file; only a recipe whose "
                'file says status = "released" (with approved_by) is released on a station'
            )
        earlier = self.history(identity.recipe_id, identity.version)
        other = next((r for r in earlier if r.content_hash != identity.content_hash), None)
        if other is not None:
            return (
                f"recipe {label} was released on this station with other content (sha256 "
                f"{other.content_hash[:12]}, now {identity.content_hash[:12]}): the file was "
                "changed without a new version number. Give the changed recipe a new version "
                "and release that"
            )
        latest = earlier[-1] if earlier else None
        if latest is not None and latest.state == "released":
            return (
                f"recipe {label} is already released on this station (by {latest.who()} at "
                f"{latest.utc})"
            )
        return None

    def _select(self, where: str, params: tuple[object, ...] = ()) -> list[ReleaseRecord]:
        return select_releases(self.conn, where, params)


class RecipeReleases(ReleaseReader):
    """The station's recipe release record, read and written. Runs on the core loop,
    where the database, the audit trail and the signature service live."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        key: AuditKey,
        audit: AuditTrail,
        signatures: SignatureService,
        station: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(db.conn, key)
        self.db = db
        self.audit = audit
        self.signatures = signatures
        self.station = station
        self._clock = clock

    # -- writing ------------------------------------------------------------------------

    def release(
        self, actor: Actor | None, identity: RecipeIdentity, reason: str = ""
    ) -> ReleaseRecord:
        """QA releases a recipe version: ``actor`` has just re-authenticated (the station's
        ``release_recipe`` does that); signed "approved" on the version's content hash,
        recorded and audited. Refused (nothing recorded) for anyone but QA, a draft file, a
        version already released, or a version whose content differs from an earlier
        release of it."""
        actor = require(actor, Permission.RECIPE_RELEASE)
        previous = self._check_releasable(identity)
        number = self._releases_of(identity) + 1
        signature = self.signatures.sign(
            actor, "approved", signed_release(identity, self.station, number)
        )
        return self._record(
            identity,
            "released",
            actor,
            previous,
            reason.strip() or "approved for production",
            signature_id=signature.signature_id,
        )

    def release_for_demo(self, identity: RecipeIdentity) -> ReleaseRecord:
        """A demo plant's shipped recipe released by the station itself (no QA, no
        signature): audited by the system with the reason "demo plant". The station calls
        this only for a plant file that asks for it and runs simulated equipment only."""
        previous = self._check_releasable(identity)
        return self._record(identity, "released", None, previous, DEMO_REASON)

    def withdraw(
        self, actor: Actor | None, recipe_id: str, version: str, reason: str
    ) -> ReleaseRecord:
        """QA withdraws a released version: no new batch may run it (batches already
        running finish on the recipe they started with). Needs the reason."""
        actor = require(actor, Permission.RECIPE_RELEASE)
        label = f"{recipe_id} v{version}"
        if not reason.strip():
            raise ReleaseRefused(f"withdrawing {label} needs the reason, for the audit trail")
        latest = self.latest(recipe_id, version)
        if latest is None or latest.state != "released":
            state = "never released" if latest is None else "already withdrawn"
            raise ReleaseRefused(f"recipe {label} is not released on this station ({state})")
        self._check_audit()
        identity = RecipeIdentity(recipe_id, version, latest.content_hash, source=latest.source)
        return self._record(identity, "withdrawn", actor, latest, reason.strip())

    # -- internals ----------------------------------------------------------------------

    def _check_releasable(self, identity: RecipeIdentity) -> ReleaseRecord | None:
        problem = self.release_problem(identity)
        if problem is not None:
            raise ReleaseRefused(problem)
        self._check_audit()
        return self.latest(identity.recipe_id, identity.version)

    def _check_audit(self) -> None:
        problem = self.audit.tail_problem()
        if problem:
            raise ReleaseRefused(
                f"the audit trail needs QA first ({problem}); nothing is released or "
                "withdrawn until it is re-anchored"
            )

    def _releases_of(self, identity: RecipeIdentity) -> int:
        row = self.db.conn.execute(
            "SELECT COUNT(*) FROM recipe_releases WHERE recipe_id = ? AND version = ? "
            "AND state = 'released'",
            (identity.recipe_id, identity.version),
        ).fetchone()
        return int(row[0])

    def _record(
        self,
        identity: RecipeIdentity,
        state: ReleaseState,
        actor: Actor | None,
        previous: ReleaseRecord | None,
        reason: str,
        *,
        signature_id: int | None = None,
    ) -> ReleaseRecord:
        row: dict[str, object] = {
            "utc": _utc(self._clock()),
            "recipe_id": identity.recipe_id,
            "version": identity.version,
            "content_hash": identity.content_hash,
            "state": state,
            "user_id": SYSTEM_USER_ID if actor is None else actor.user_id,
            "user_name": DEMO_RELEASER_NAME if actor is None else actor.name,
            "role": SYSTEM_ROLE if actor is None else actor.role.value,
            "signature_id": signature_id,
            "reason": reason,
            "source": identity.source,
            "station": self.station,
        }
        row["mac"] = self.key.mac(_seal_text(row))
        conn = self.db.conn
        with conn:
            cursor = conn.execute(
                "INSERT INTO recipe_releases (utc, recipe_id, version, content_hash, state, "
                "user_id, user_name, role, signature_id, reason, source, station, mac) VALUES "
                "(:utc, :recipe_id, :version, :content_hash, :state, :user_id, :user_name, "
                ":role, :signature_id, :reason, :source, :station, :mac)",
                row,
            )
        record = ReleaseRecord(release_id=int(cursor.lastrowid or 0), **row)  # type: ignore[arg-type]
        old: dict[str, object] = {"state": "not released" if previous is None else previous.state}
        if previous is not None:
            old["sha256"] = previous.content_hash
        new: dict[str, object] = {"state": state, "sha256": identity.content_hash}
        if signature_id is not None:
            new["signature"] = signature_id
        if actor is None:
            new["released_by"] = DEMO_RELEASER_NAME
        if identity.source:
            new["file"] = identity.source
        action = "recipe.release" if state == "released" else "recipe.withdraw"
        self.audit.record(actor, action, identity.target, old, new, reason)
        log.info("%s: %s %s (%s)", identity.label, state, record.who(), reason)
        return record


def select_releases(
    conn: sqlite3.Connection, where: str = "", params: tuple[object, ...] = ()
) -> list[ReleaseRecord]:
    """Release rows through any connection; ``where`` is the SQL after the table name."""
    cursor = conn.execute(f"{_SELECT} {where}", params)
    names = [d[0] for d in cursor.description]
    return [ReleaseRecord(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def _sealed(key: AuditKey, record: ReleaseRecord) -> bool:
    return hmac.compare_digest(key.mac(_seal_text(record.model_dump())), record.mac)
