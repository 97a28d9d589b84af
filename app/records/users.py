"""User accounts and sign-in: who may use the station, and proof of who they are.

Part 11 / Annex 11 ask for unique ids that are never reused, passwords that age and
cannot be recycled, lockout after repeated failures, and a record of every sign-in
attempt. This module keeps all of that in the station database (migration 3):

- ``users``: one row per person, never deleted (deactivated instead);
- ``password_history``: every password hash ever set, to refuse reuse;
- ``sign_in_events``: every credential check, successful or not, append-only;
- ``account_events``: every change an administrator (or the person) made to an account.

No secret is ever stored or logged in clear. Passwords and PINs are scrypt hashes with a
random salt per hash. A badge must be found from what the reader sends, so its hash is
scrypt with one random salt per database (``user_keys``): deterministic enough to look
up, still memory-hard, so a stolen database file does not give away short badge ids.

All methods are synchronous and meant for the station core thread. Each credential
check costs one or two scrypt runs (about 0.1 s each); a password change checks the
history too (up to five more).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import sqlite3
import string
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Literal

import sqlite_utils
from pydantic import BaseModel, ConfigDict, Field

from app.security import Actor, PermissionDenied, Role

log = logging.getLogger(__name__)

# scrypt cost: 16 MiB and ~0.1 s per hash on station hardware. Stored hashes carry their
# own parameters, so raising these later keeps old hashes verifiable.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
# A hash read from the database is trusted for its parameters only up to this cost, so a
# tampered row cannot make one sign-in take minutes or exhaust memory.
_MAX_N = 2**20

LANGUAGES = ("en", "nl", "ja")
Language = Literal["en", "nl", "ja"]
Method = Literal["password", "badge"]
Outcome = Literal["ok", "bad-credentials", "locked", "inactive", "expired"]

_USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,31}")
_PIN = re.compile(r"[0-9]+")
_MAX_SECRET_CHARS = 256


class PasswordPolicy(BaseModel):
    """The site's password rules (SOP for electronic records), with the plant defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_length: int = Field(10, ge=8, le=_MAX_SECRET_CHARS)
    max_age_days: int = Field(180, ge=1)
    history: int = Field(5, ge=1, description="refuse any of the last N passwords")
    max_failed_attempts: int = Field(5, ge=1, description="consecutive failures that lock")
    pin_min_digits: int = Field(4, ge=4)
    pin_max_digits: int = Field(8, ge=4)

    def password_problems(self, user_id: str, password: str) -> list[str]:
        """What is wrong with a new password, in words an operator can act on."""
        problems = []
        if len(password) < self.min_length:
            problems.append(f"it must have at least {self.min_length} characters")
        if len(password) > _MAX_SECRET_CHARS:
            problems.append(f"it must have at most {_MAX_SECRET_CHARS} characters")
        if not any(ch.isalpha() for ch in password):
            problems.append("it must contain a letter")
        if not any(ch in string.digits for ch in password):
            problems.append("it must contain a digit (0-9)")
        if password.casefold() == user_id.casefold():
            problems.append("it must not be the user id")
        return problems

    def pin_problem(self, pin: str) -> str | None:
        if _PIN.fullmatch(pin) and self.pin_min_digits <= len(pin) <= self.pin_max_digits:
            return None
        return f"PIN refused: it must be {self.pin_min_digits} to {self.pin_max_digits} digits"


class UserInfo(BaseModel):
    """What the user administration page shows about one account (never a hash)."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    name: str
    role: Role
    active: bool
    locked: bool
    failed_attempts: int
    must_change_password: bool
    password_changed_utc: str
    password_expires_utc: str
    has_badge: bool
    language: Language
    created_utc: str


class AccountError(Exception):
    """An account operation was refused; the message tells the operator what to do."""


class BadCredentials(AccountError):
    """Wrong user id, password, badge or PIN; deliberately does not say which."""


class AccountLocked(AccountError):
    """Too many consecutive failures; only an administrator can unlock the account."""


class AccountInactive(AccountError):
    """The account was deactivated; it can never sign in again."""


class PasswordExpired(AccountError):
    """The credentials were right but the password must be changed before going on."""

    def __init__(self, message: str, user_id: str) -> None:
        super().__init__(message)
        self.user_id = user_id


class PasswordRejected(AccountError):
    """A new password, PIN or badge breaks the policy; ``problems`` lists each rule."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class UnknownUser(AccountError):
    """An administrator named a user id that does not exist."""


# --- hashing -------------------------------------------------------------------------


def _normalise(secret: str) -> bytes:
    # The same password typed on a kiosk keyboard and through a Japanese IME may arrive
    # in different Unicode forms; NFKC makes them the same bytes (NIST SP 800-63B).
    return unicodedata.normalize("NFKC", secret).encode("utf-8")


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        _normalise(secret),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=KEY_BYTES,
        # OpenSSL refuses above 32 MiB by default; allow what these parameters need.
        maxmem=256 * r * (n + p + 2),
    )


def _encode(salt: bytes, key: bytes, n: int, r: int, p: int) -> str:
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode('ascii')}${b64(key).decode('ascii')}"


def hash_secret(secret: str, salt: bytes | None = None) -> str:
    """A self-describing scrypt hash: ``scrypt$n$r$p$<salt b64>$<key b64>``.

    A fresh random salt unless one is given (badges use the database's fixed salt)."""
    n, r, p = SCRYPT_N, SCRYPT_R, SCRYPT_P
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    return _encode(salt, _scrypt(secret, salt, n, r, p), n, r, p)


def verify_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` matches a hash made by ``hash_secret``, in constant time."""
    try:
        scheme, n_text, r_text, p_text, salt_b64, key_b64 = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt, key = base64.b64decode(salt_b64), base64.b64decode(key_b64)
    except ValueError:
        log.error("a stored credential hash is malformed; treated as a mismatch")
        return False
    if scheme != "scrypt" or not (1 < n <= _MAX_N and 0 < r <= 32 and 0 < p <= 16):
        log.error("a stored credential hash has unsupported parameters; treated as a mismatch")
        return False
    return hmac.compare_digest(_scrypt(secret, salt, n, r, p), key)


def _utc_now() -> datetime:
    return datetime.now(UTC)


# --- the store ------------------------------------------------------------------------


class UserStore:
    """The station's user accounts: first-run setup, administration, and sign-in.

    ``now`` is the wall clock (never the simulation clock), injectable so tests can age
    passwords without waiting."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        policy: PasswordPolicy | None = None,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.db = db
        self.policy = policy or PasswordPolicy()
        self._now = now

    # --- first run and administration --------------------------------------------

    def has_users(self) -> bool:
        return self._conn.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0] == 1

    def create_first_administrator(self, user_id: str, name: str, password: str) -> Actor:
        """First-run setup: the person installing the station becomes its administrator.

        There is no default account or password; once any user exists this is refused."""
        user_id, name = self._check_new_account(user_id, name)
        self._check_password(user_id, password)
        password_hash = hash_secret(password)
        with self._transaction() as conn:
            if conn.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0]:
                raise PermissionDenied(
                    "the station is already set up; ask an administrator to create your account"
                )
            self._insert_user(
                conn, user_id, name, Role.ADMINISTRATOR, password_hash, must_change=False
            )
            self._account_event(conn, user_id, user_id, "created", "first administrator")
        log.info("first administrator %s created", user_id)
        return Actor(user_id, name, Role.ADMINISTRATOR)

    def create_user(
        self,
        actor: Actor,
        user_id: str,
        name: str,
        role: Role,
        password: str,
        badge: str | None = None,
        pin: str | None = None,
    ) -> None:
        """Create an account. The administrator knows this first password, so the person
        must choose their own at first sign-in (``PasswordExpired``)."""
        self._require_admin(actor)
        role = Role(role)
        user_id, name = self._check_new_account(user_id, name)
        self._check_password(user_id, password)
        badge_hash, pin_hash = self._badge_hashes(badge, pin)
        password_hash = hash_secret(password)
        with self._transaction() as conn:
            if self._row(conn, user_id) is not None:
                raise AccountError(
                    f"user id {user_id!r} is taken; ids are never reused, even after "
                    "an account is deactivated"
                )
            self._check_badge_free(conn, badge_hash, user_id)
            self._insert_user(conn, user_id, name, role, password_hash, must_change=True)
            conn.execute(
                "UPDATE users SET badge_hash = ?, pin_hash = ? WHERE user_id = ?",
                (badge_hash, pin_hash, user_id),
            )
            detail = f"role {role.value}" + (", with badge" if badge_hash else "")
            self._account_event(conn, user_id, actor.user_id, "created", detail)
        log.info("%s created user %s (%s)", actor.user_id, user_id, role.value)

    def reset_password(self, actor: Actor, user_id: str, new_password: str) -> None:
        """An administrator sets a new password for someone who forgot theirs; the person
        must change it at their next sign-in. Does not unlock (see ``unlock``)."""
        self._require_admin(actor)
        row = self._existing(user_id, for_change=True)
        user_id = row["user_id"]
        self._check_password(user_id, new_password)
        self._check_history(user_id, new_password)
        password_hash = hash_secret(new_password)
        with self._transaction() as conn:
            self._set_password(conn, user_id, password_hash, must_change=True)
            self._account_event(conn, user_id, actor.user_id, "password-reset")
        log.info("%s reset the password of %s", actor.user_id, user_id)

    def unlock(self, actor: Actor, user_id: str) -> None:
        """An administrator unlocks an account locked by failed attempts."""
        self._require_admin(actor)
        user_id = self._existing(user_id, for_change=True)["user_id"]
        with self._transaction() as conn:
            conn.execute(
                "UPDATE users SET locked = 0, failed_attempts = 0 WHERE user_id = ?", (user_id,)
            )
            self._account_event(conn, user_id, actor.user_id, "unlocked")
        log.info("%s unlocked %s", actor.user_id, user_id)

    def deactivate(self, actor: Actor, user_id: str) -> None:
        """Someone left or changed jobs: the account stays (their records name it) but can
        never sign in again, and its badge is freed for reissue."""
        self._require_admin(actor)
        row = self._existing(user_id, for_change=True)
        user_id = row["user_id"]
        with self._transaction() as conn:
            if Role(row["role"]) is Role.ADMINISTRATOR:
                self._keep_an_administrator(conn, user_id)
            conn.execute(
                "UPDATE users SET active = 0, badge_hash = NULL, pin_hash = NULL "
                "WHERE user_id = ?",
                (user_id,),
            )
            self._account_event(conn, user_id, actor.user_id, "deactivated")
        log.info("%s deactivated %s", actor.user_id, user_id)

    def set_role(self, actor: Actor, user_id: str, role: Role) -> None:
        """An administrator changes what someone may do; takes effect at next sign-in."""
        self._require_admin(actor)
        role = Role(role)
        row = self._existing(user_id, for_change=True)
        user_id, old = row["user_id"], Role(row["role"])
        if old is role:
            return
        with self._transaction() as conn:
            if old is Role.ADMINISTRATOR:
                self._keep_an_administrator(conn, user_id)
            conn.execute("UPDATE users SET role = ? WHERE user_id = ?", (role.value, user_id))
            self._account_event(
                conn, user_id, actor.user_id, "role-changed", f"{old.value} -> {role.value}"
            )
        log.info("%s changed the role of %s: %s -> %s", actor.user_id, user_id, old, role)

    def set_badge(self, actor: Actor, user_id: str, badge: str | None, pin: str | None) -> None:
        """An administrator issues a badge with its PIN, or withdraws a lost badge
        (``badge=None``)."""
        self._require_admin(actor)
        user_id = self._existing(user_id, for_change=True)["user_id"]
        badge_hash, pin_hash = self._badge_hashes(badge, pin)
        with self._transaction() as conn:
            self._check_badge_free(conn, badge_hash, user_id)
            conn.execute(
                "UPDATE users SET badge_hash = ?, pin_hash = ? WHERE user_id = ?",
                (badge_hash, pin_hash, user_id),
            )
            action = "badge-issued" if badge_hash else "badge-withdrawn"
            self._account_event(conn, user_id, actor.user_id, action)
        log.info("%s: %s for %s", actor.user_id, "badge issued" if badge_hash else "badge withdrawn", user_id)

    def set_language(self, user_id: str, language: str) -> None:
        """The person's screen language, applied when they sign in."""
        if language not in LANGUAGES:
            raise AccountError(
                f"language {language!r} is not available; choose one of {', '.join(LANGUAGES)}"
            )
        user_id = self._existing(user_id)["user_id"]
        self._conn.execute("UPDATE users SET language = ? WHERE user_id = ?", (language, user_id))

    def users(self) -> list[UserInfo]:
        return [self._info(row) for row in _users(self._conn, "1 ORDER BY user_id", ())]

    def user(self, user_id: str) -> UserInfo | None:
        row = self._row(self._conn, user_id.strip())
        return None if row is None else self._info(row)

    # --- sign-in -------------------------------------------------------------------

    def sign_in(self, user_id: str, password: str) -> Actor:
        """Sign in with user id and password at the station."""
        return self._authenticate(user_id, password, "sign-in")

    def verify_password(self, user_id: str, password: str) -> Actor:
        """Re-authentication for an electronic signature (Part 11, 11.200): the same
        checks as signing in, and failures count towards lockout."""
        return self._authenticate(user_id, password, "signature")

    def sign_in_badge(self, badge: str, pin: str) -> Actor:
        """Sign in with a badge and PIN (two components, 11.200(a)(1)); for gloved hands.

        A wrong PIN counts against the badge holder; an unknown badge against nobody."""
        badge_hash = hash_secret(badge.strip(), self._badge_salt())
        found = _users(self._conn, "badge_hash = ?", (badge_hash,))
        if not found:
            hash_secret(pin)  # same time as a known badge, so timing tells nothing
            self._sign_in_event("", "badge", "bad-credentials", "sign-in: unknown badge")
            log.info("badge sign-in refused: unknown badge")
            raise BadCredentials("badge or PIN is wrong")
        user = found[0]
        if user["locked"]:
            self._refuse_locked(user, "badge", "sign-in")
        if user["pin_hash"] is None or not verify_secret(pin, user["pin_hash"]):
            self._fail(user, "badge", "sign-in: wrong PIN")
            raise BadCredentials("badge or PIN is wrong")
        return self._after_secret_ok(user, "badge", "sign-in")

    def change_password(self, user_id: str, old_password: str, new_password: str) -> None:
        """The person changes their own password, also when it expired or was set by an
        administrator. The old password is checked like a sign-in."""
        user = self._check_password_of(user_id, old_password, "password change")
        if not user["active"]:
            self._sign_in_event(user["user_id"], "password", "inactive", "password change")
            raise AccountInactive("account deactivated; ask an administrator")
        user_id = user["user_id"]
        self._check_password(user_id, new_password)
        self._check_history(user_id, new_password)
        password_hash = hash_secret(new_password)
        with self._transaction() as conn:
            conn.execute("UPDATE users SET failed_attempts = 0 WHERE user_id = ?", (user_id,))
            self._set_password(conn, user_id, password_hash, must_change=False)
            self._insert_sign_in_event(conn, user_id, "password", "ok", "password change")
            self._account_event(conn, user_id, user_id, "password-changed")
        log.info("%s changed their password", user_id)

    # --- internals -----------------------------------------------------------------

    @property
    def _conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # The connection is in autocommit mode; a read-modify-write (failed-attempt count,
        # last administrator) must not interleave with another station on the same file.
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _stamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="milliseconds")

    def _authenticate(self, user_id: str, password: str, purpose: str) -> Actor:
        user = self._check_password_of(user_id, password, purpose)
        return self._after_secret_ok(user, "password", purpose)

    def _check_password_of(self, user_id: str, password: str, purpose: str) -> dict[str, object]:
        """The user's row if ``password`` is theirs; otherwise record and raise."""
        typed = user_id.strip()
        user = self._row(self._conn, typed)
        if user is None:
            hash_secret(password)  # same time as a known user, so timing tells nothing
            # The typed id goes to the access-controlled database (who is probing?) but
            # not to the log: people sometimes type their password into the id field.
            self._sign_in_event(typed[:64], "password", "bad-credentials", f"{purpose}: unknown")
            log.info("%s refused: unknown user id", purpose)
            raise BadCredentials("user id or password is wrong")
        if user["locked"]:
            # Checked before the password so a locked account is no oracle for guessing.
            self._refuse_locked(user, "password", purpose)
        if not verify_secret(password, str(user["password_hash"])):
            self._fail(user, "password", f"{purpose}: wrong password")
            raise BadCredentials("user id or password is wrong")
        return user
