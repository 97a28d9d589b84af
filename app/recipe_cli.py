"""``celldeck recipe list | release | withdraw``: the station's recipe release from the
command line, for QA at a desk or an administrator's script.

``list`` reads the station database read-only (safe while the station runs). ``release``
and ``withdraw`` write the same records the Recipes view writes (release table, e-signature,
audit trail) through the station database, which the running station shares (WAL; the
audit trail chains writers of several processes); the station's next batch check and its
Recipes view see them at once. Both ask for the person's user id and password (the
password through getpass, never echoed, never an argument).

Exit codes: 0 done; 1 refused by the release rules (unknown or invalid recipe version, a
draft file, already released, not released, content other than the one checked or than
an earlier release of the version); 2 a usage problem (no station database, no audit key,
a plant file error); 3 not authorised (wrong user id or password, a locked account, not QA).
"""

from __future__ import annotations

import getpass
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.batch.library import (
    RecipeEntry,
    RecipeLibrary,
    StationState,
    build_library,
    entry_to_release,
    identity_of,
    read_recipe_files,
)
from app.batch.recipe import recipe_summary
from app.config import PlantConfig
from app.records.audit import AuditError, AuditKey, AuditTrail, checkpoint_path_for
from app.records.database import DatabaseError, connect_read_only, open_database
from app.records.recipe_releases import (
    RecipeReleases,
    ReleaseReader,
    ReleaseRefused,
    release_statement,
)
from app.records.signatures import MEANING_STATEMENT, SignatureService
from app.records.users import AccountError, UserStore
from app.security import Actor, Permission, PermissionDenied, require

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_NOT_AUTHORISED = 3

Ask = Callable[[str], str]
# What a release or withdrawal can be refused with, and the exit code each one means.
EXIT_CODES: tuple[tuple[type[Exception], int], ...] = (
    (AccountError, EXIT_NOT_AUTHORISED),
    (PermissionDenied, EXIT_NOT_AUTHORISED),
    (ReleaseRefused, EXIT_REFUSED),
    (DatabaseError, EXIT_USAGE),
    (AuditError, EXIT_USAGE),
)
REFUSALS = tuple(kind for kind, _ in EXIT_CODES)


def exit_code(refusal: Exception) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(refusal, kind))


@dataclass(frozen=True)
class Credentials:
    """How the command asks for who signs: ``user`` from --user or a prompt, the password
    through getpass (tests pass their own ``ask``)."""

    user: str | None = None
    ask_user: Ask | None = None
    ask_password: Ask | None = None

    def read(self) -> tuple[str, str]:
        user = (self.user or (self.ask_user or input)("User id: ")).strip()
        return user, (self.ask_password or getpass.getpass)("Password: ")


def _say(text: str) -> None:
    print(text)


def _refuse(text: str, code: int) -> int:
    print(f"celldeck: {text}", file=sys.stderr)
    return code


# -- list -----------------------------------------------------------------------------------


def recipe_list(plant: PlantConfig, db_path: Path, key_path: Path) -> int:
    """Print every recipe the station knows with its state on this station."""
    files, problems = read_recipe_files(plant.recipes.folder)
    notes = list(problems)
    reader: ReleaseReader | None = None
    conn: sqlite3.Connection | None = None
    if not db_path.is_file():
        notes.append(f"no station database at {db_path}: nothing is released there yet")
    else:
        try:
            conn = connect_read_only(db_path)
        except DatabaseError as exc:
            return _refuse(str(exc), EXIT_USAGE)
        key = AuditKey(key_path, create=False) if key_path.is_file() else None
        if key is None:
            notes.append(f"no audit key at {key_path}: release seals and signatures not checked")
        if _has_release_table(conn):
            reader = ReleaseReader(conn, key)
        else:
            notes.append(
                f"{db_path} predates recipe releases; the station upgrades it at its next start"
            )
    try:
        library = build_library(files, reader, problems)
    finally:
        if conn is not None:
            conn.close()
    for line in describe_library(library):
        _say(line)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def describe_library(library: RecipeLibrary) -> Iterator[str]:
    runnable = sum(1 for entry in library.entries if entry.runnable)
    yield f"{len(library.entries)} recipe file(s) and releases, {runnable} runnable on this station"
    for entry in library.entries:
        yield from _describe(entry)


def _describe(entry: RecipeEntry) -> Iterator[str]:
    recipe, release = entry.recipe, entry.release
    if recipe is None and entry.file is not None:
        yield f"  INVALID FILE  {entry.file.path}"
        for problem in entry.problem.splitlines():
            yield f"      {problem}"
        return
    digest = recipe.content_hash if recipe is not None else release.content_hash  # type: ignore[union-attr]
    state = entry.state.value.upper()
    if release is not None and entry.state is not StationState.NOT_RELEASED:
        verb = "released" if release.state == "released" else "withdrawn"
        state += f" ({verb} by {release.who()} at {release.utc}"
        state += f": {release.reason})" if release.reason else ")"
    yield f"  {entry.label}  sha256 {digest[:12]}  {state}"
    if recipe is not None and entry.file is not None:
        yield f"      file ({entry.file.origin}, status {recipe.status}): {entry.file.path}"
        yield f"      {recipe_summary(recipe)}"
    if entry.problem and not entry.runnable:
        yield f"      not runnable: {entry.problem}"


def _has_release_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recipe_releases'"
    ).fetchone()
    return row is not None


# -- release and withdraw --------------------------------------------------------------------


@contextmanager
def _release_records(
    plant: PlantConfig, db_path: Path, key_path: Path
) -> Iterator[tuple[RecipeReleases, SignatureService]]:
    """The station database's release record, audit trail, users and signatures, as the
    station wires them; the database must exist (a tool never creates a station)."""
    if not db_path.is_file():
        raise DatabaseError(f"{db_path}: there is no station database there; give --db")
    if not key_path.is_file():
        raise DatabaseError(
            f"the audit key {key_path} is not there: releases are sealed with the station's "
            "key; give --audit-key"
        )
    db = open_database(db_path)
    try:
        key = AuditKey(key_path, create=False)
        name = plant.station.name
        audit = AuditTrail(db, key, name, checkpoint_path=checkpoint_path_for(key_path, db_path))
        users = UserStore(db, audit=audit)
        signatures = SignatureService(db, key, users, audit, name)
        yield RecipeReleases(db, key, audit, signatures, name), signatures
    finally:
        db.close()


def _authenticate(signatures: SignatureService, credentials: Credentials) -> Actor:
    user, password = credentials.read()
    try:
        actor = signatures.authenticate(user, password)
    finally:
        password = ""
    return require(actor, Permission.RECIPE_RELEASE)


def recipe_release(
    plant: PlantConfig,
    db_path: Path,
    key_path: Path,
    recipe_id: str,
    version: str,
    *,
    shown_hash: str | None,
    reason: str,
    credentials: Credentials,
) -> int:
    """Show the recipe version and what the signature means, then sign and release it."""
    try:
        with _release_records(plant, db_path, key_path) as (releases, signatures):
            files, _ = read_recipe_files(plant.recipes.folder)
            library = build_library(files, releases)
            entry = entry_to_release(library, recipe_id, version, shown_hash)
            recipe = entry.recipe
            assert recipe is not None
            if entry.release_refusal is not None:
                return _refuse(entry.release_refusal, EXIT_REFUSED)
            identity = identity_of(recipe, entry.source)
            _say(recipe_summary(recipe))
            _say(f"file: {entry.source}")
            _say(f"You sign: {release_statement(identity, releases.station)}")
            _say(f"Meaning: APPROVED. {MEANING_STATEMENT['approved']}")
            actor = _authenticate(signatures, credentials)
            record = releases.release(actor, identity, reason)
    except REFUSALS as exc:
        return _refuse(str(exc), exit_code(exc))
    _say(
        f"released {record.label} (sha256 {record.content_hash[:12]}) for production on "
        f"{record.station}: signature #{record.signature_id} by {record.who()} at {record.utc}; "
        "recorded in the audit trail"
    )
    return 0


def recipe_withdraw(
    plant: PlantConfig,
    db_path: Path,
    key_path: Path,
    recipe_id: str,
    version: str,
    *,
    reason: str,
    credentials: Credentials,
) -> int:
    """Withdraw a released version with the reason: no new batch may run it."""
    if not reason.strip():
        return _refuse("a withdrawal needs --reason, for the audit trail", EXIT_USAGE)
    try:
        with _release_records(plant, db_path, key_path) as (releases, signatures):
            latest = releases.latest(recipe_id, version)
            if latest is None or latest.state != "released":
                return _refuse(
                    f"recipe {recipe_id} v{version} is not released on this station",
                    EXIT_REFUSED,
                )
            _say(f"Withdraw {latest.label} (sha256 {latest.content_hash[:12]}): {reason.strip()}")
            actor = _authenticate(signatures, credentials)
            record = releases.withdraw(actor, recipe_id, version, reason)
    except REFUSALS as exc:
        return _refuse(str(exc), exit_code(exc))
    _say(
        f"withdrew {record.label} by {record.who()} at {record.utc}: {record.reason}; "
        "no new batch may run it (recorded in the audit trail)"
    )
    return 0
