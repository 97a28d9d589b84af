"""User accounts and sign-in: who may use the station, and proof of who they are.

Part 11 / Annex 11 ask for unique ids that are never reused, passwords that age and
cannot be recycled, lockout after repeated failures, and a record of every sign-in
attempt. This module keeps all of that in the station database (migration 3):

- ``users``: one row per person, never deleted (deactivated instead);
- ``password_history``: every password hash ever set, to refuse reuse;
- ``sign_in_events``: every credential check, successful or not, append-only;
- ``account_events``: every change an administrator (or the person) made to an account.

When the station gives the store its audit trail, every account change (creation, role,
disable/enable, unlock, password reset or change, badge) and every sign-out is also an
audit trail entry with old and new values and the reason (never a secret or a hash).
``administer()`` is the administration screen's door: it refuses a change without a reason.

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
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, NoReturn

import sqlite_utils
from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.records.audit import AuditError, AuditTrail, AuditTrailBroken
from app.security import PERMISSIONS, Actor, Permission, PermissionDenied, Role

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
_Row = dict[str, Any]  # one users row by column name

_USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,31}")
_PIN = re.compile(r"[0-9]+")
_MAX_SECRET_CHARS = 256
_MAX_REASON_CHARS = 500
# What an administrator may do through ``UserStore.administer`` (the admin screen).
ADMIN_COMMANDS = frozenset(
    {"create_user", "set_role", "deactivate", "reactivate", "unlock", "reset_password", "set_badge"}
)
AccountStatus = Literal["active", "locked", "disabled"]


class PasswordPolicy(BaseModel):
    """The site's password rules (SOP for electronic records), with the plant defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_length: int = Field(10, ge=8, le=_MAX_SECRET_CHARS)
    max_age_days: int = Field(180, ge=1)
    history: int = Field(5, ge=1, description="refuse any of the last N passwords")
    max_failed_attempts: int = Field(5, ge=1, description="consecutive failures that lock")
    pin_min_digits: int = Field(4, ge=4)
    pin_max_digits: int = Field(8, ge=4)

    @model_validator(mode="after")
    def _pin_range(self) -> PasswordPolicy:
        if self.pin_min_digits > self.pin_max_digits:
            raise ValueError("pin_min_digits must not be more than pin_max_digits")
        return self

    def password_problems(self, user_id: str, password: str) -> list[str]:
        """What is wrong with a new password, in words an operator can act on."""
        problems: list[str] = []
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

    def describe(self) -> str:
        """The rules a person choosing a password needs to know, in one sentence."""
        return (
            f"At least {self.min_length} characters with a letter and a digit, not your "
            f"user id, and none of your last {self.history} passwords. Passwords expire "
            f"after {self.max_age_days} days."
        )

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
    last_sign_in_utc: str | None = None

    @property
    def status(self) -> AccountStatus:
        return _status(self.active, self.locked)


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
    passwords without waiting. ``audit``: the station's audit trail, which then receives
    every account change and sign-out."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        policy: PasswordPolicy | None = None,
        now: Callable[[], datetime] = _utc_now,
        audit: AuditTrail | None = None,
    ) -> None:
        self.db = db
        self.policy = policy or PasswordPolicy()
        self._now = now
        self.audit = audit

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
        actor = Actor(user_id, name, Role.ADMINISTRATOR)
        self._audit(
            actor,
            "user.create",
            user_id,
            None,
            {"name": name, "role": Role.ADMINISTRATOR.value, "badge": False},
            "first-run setup of the station",
        )
        return actor

    def administer(self, command: str, actor: Actor, reason: str, *args: Any) -> None:
        """An administrator's change from the administration screen: ``command`` is one of
        ``ADMIN_COMMANDS`` with its arguments after the actor; the reason is required
        (Annex 11: why) and goes into the audit trail with the old and new values."""
        if command not in ADMIN_COMMANDS:
            raise ValueError(f"{command!r} is not an account administration command")
        reason = " ".join(reason.split())
        if not reason:
            raise AccountError("give the reason for this change; it goes into the audit trail")
        if len(reason) > _MAX_REASON_CHARS:
            raise AccountError(f"the reason is too long; at most {_MAX_REASON_CHARS} characters")
        getattr(self, command)(actor, *args, reason=reason)

    def create_user(
        self,
        actor: Actor,
        user_id: str,
        name: str,
        role: Role,
        password: str,
        badge: str | None = None,
        pin: str | None = None,
        *,
        reason: str = "",
    ) -> None:
        """Create an account. The administrator knows this first password, so the person
        must choose their own at first sign-in (``PasswordExpired``)."""
        self._require_admin(actor)
        self._require_audit_ready()
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
        new = {"name": name, "role": role.value, "badge": badge_hash is not None}
        self._audit(actor, "user.create", user_id, None, new | {"must_change": True}, reason)

    def reset_password(
        self, actor: Actor, user_id: str, new_password: str, *, reason: str = ""
    ) -> None:
        """An administrator sets a new password for someone who forgot theirs; the person
        must change it at their next sign-in. Does not unlock (see ``unlock``)."""
        self._require_admin(actor)
        row = self._existing(user_id, for_change=True)
        user_id = row["user_id"]
        self._check_password(user_id, new_password)
        self._check_history(user_id, new_password)
        self._require_audit_ready()
        password_hash = hash_secret(new_password)
        with self._transaction() as conn:
            self._set_password(conn, user_id, password_hash, must_change=True)
            self._account_event(conn, user_id, actor.user_id, "password-reset")
        log.info("%s reset the password of %s", actor.user_id, user_id)
        self._audit_password(actor, "user.password-reset", row, reason)

    def unlock(self, actor: Actor, user_id: str, *, reason: str = "") -> None:
        """An administrator unlocks an account locked by failed attempts."""
        self._require_admin(actor)
        row = self._existing(user_id, for_change=True)
        user_id = row["user_id"]
        self._require_audit_ready()
        with self._transaction() as conn:
            conn.execute(
                "UPDATE users SET locked = 0, failed_attempts = 0 WHERE user_id = ?", (user_id,)
            )
            self._account_event(conn, user_id, actor.user_id, "unlocked")
        log.info("%s unlocked %s", actor.user_id, user_id)
        old = {"locked": bool(row["locked"]), "failed_attempts": row["failed_attempts"]}
        self._audit(
            actor, "user.unlock", user_id, old, {"locked": False, "failed_attempts": 0}, reason
        )

    def deactivate(self, actor: Actor, user_id: str, *, reason: str = "") -> None:
        """Someone left or changed jobs: the account stays (their records name it) but
        cannot sign in until an administrator enables it again (``reactivate``), and its
        badge is freed for reissue. Nobody disables their own account."""
        self._require_admin(actor)
        row = self._existing(user_id, for_change=True)
        user_id = row["user_id"]
        self._require_audit_ready()
        with self._transaction() as conn:
            if Role(row["role"]) is Role.ADMINISTRATOR:
                self._keep_an_administrator(conn, user_id)
            self._refuse_own_account(actor, user_id, "disable")
            conn.execute(
                "UPDATE users SET active = 0, badge_hash = NULL, pin_hash = NULL WHERE user_id = ?",
                (user_id,),
            )
            self._account_event(conn, user_id, actor.user_id, "deactivated")
        log.info("%s deactivated %s", actor.user_id, user_id)
        old = {
            "status": _status(row["active"], row["locked"]),
            "badge": row["badge_hash"] is not None,
        }
        self._audit(
            actor, "user.disable", user_id, old, {"status": "disabled", "badge": False}, reason
        )

    def reactivate(
        self, actor: Actor, user_id: str, new_password: str, *, reason: str = ""
    ) -> None:
        """Enable a disabled account again (back from leave, disabled by mistake). The
        administrator hands over a new first password, which the person must change at
        their first sign-in; failures and lock start again. The badge is issued anew."""
        self._require_admin(actor)
        row = self._existing(user_id)
        user_id = row["user_id"]
        if row["active"]:
            raise AccountError(f"{user_id} is not disabled; nothing to enable")
        self._check_password(user_id, new_password)
        self._check_history(user_id, new_password)
        self._require_audit_ready()
        password_hash = hash_secret(new_password)
        with self._transaction() as conn:
            conn.execute(
                "UPDATE users SET active = 1, locked = 0, failed_attempts = 0 WHERE user_id = ?",
                (user_id,),
            )
            self._set_password(conn, user_id, password_hash, must_change=True)
            self._account_event(conn, user_id, actor.user_id, "reactivated")
        log.info("%s enabled %s again", actor.user_id, user_id)
        self._audit(
            actor,
            "user.enable",
            user_id,
            {"status": "disabled"},
            {"status": "active", "must_change": True},
            reason,
        )

    def set_role(self, actor: Actor, user_id: str, role: Role, *, reason: str = "") -> None:
        """An administrator changes what someone may do; takes effect at next sign-in.
        Nobody changes their own role: another administrator must do it."""
        self._require_admin(actor)
        role = Role(role)
        row = self._existing(user_id, for_change=True)
        user_id, old = row["user_id"], Role(row["role"])
        if old is role:
            return
        self._require_audit_ready()
        with self._transaction() as conn:
            if old is Role.ADMINISTRATOR:
                self._keep_an_administrator(conn, user_id)
            self._refuse_own_account(actor, user_id, "change the role of")
            conn.execute("UPDATE users SET role = ? WHERE user_id = ?", (role.value, user_id))
            self._account_event(
                conn, user_id, actor.user_id, "role-changed", f"{old.value} -> {role.value}"
            )
        log.info("%s changed the role of %s: %s -> %s", actor.user_id, user_id, old, role)
        self._audit(actor, "user.role-change", user_id, old.value, role.value, reason)

    def set_badge(
        self,
        actor: Actor,
        user_id: str,
        badge: str | None,
        pin: str | None,
        *,
        reason: str = "",
    ) -> None:
        """An administrator issues a badge with its PIN, or withdraws a lost badge
        (``badge=None``)."""
        self._require_admin(actor)
        row = self._existing(user_id, for_change=True)
        user_id = row["user_id"]
        badge_hash, pin_hash = self._badge_hashes(badge, pin)
        self._require_audit_ready()
        with self._transaction() as conn:
            self._check_badge_free(conn, badge_hash, user_id)
            conn.execute(
                "UPDATE users SET badge_hash = ?, pin_hash = ? WHERE user_id = ?",
                (badge_hash, pin_hash, user_id),
            )
            action = "badge-issued" if badge_hash else "badge-withdrawn"
            self._account_event(conn, user_id, actor.user_id, action)
        log.info(
            "%s: %s for %s",
            actor.user_id,
            "badge issued" if badge_hash else "badge withdrawn",
            user_id,
        )
        self._audit(
            actor,
            "user.badge-issue" if badge_hash else "user.badge-withdraw",
            user_id,
            {"badge": row["badge_hash"] is not None},
            {"badge": badge_hash is not None},
            reason,
        )

    def set_language(self, user_id: str, language: str) -> None:
        """The person's screen language, applied when they sign in."""
        if language not in LANGUAGES:
            raise AccountError(
                f"language {language!r} is not available; choose one of {', '.join(LANGUAGES)}"
            )
        user_id = self._existing(user_id)["user_id"]
        self._conn.execute("UPDATE users SET language = ? WHERE user_id = ?", (language, user_id))

    def users(self) -> list[UserInfo]:
        last = dict(
            self._conn.execute(
                "SELECT user_id, MAX(utc) FROM sign_in_events "
                "WHERE outcome = 'ok' AND detail = 'sign-in' GROUP BY user_id"
            ).fetchall()
        )
        rows = _users(self._conn, "ORDER BY user_id")
        return [self._info(row, last.get(row["user_id"])) for row in rows]

    def user(self, user_id: str) -> UserInfo | None:
        row = self._row(self._conn, user_id.strip())
        if row is None:
            return None
        (last,) = self._conn.execute(
            "SELECT MAX(utc) FROM sign_in_events "
            "WHERE user_id = ? AND outcome = 'ok' AND detail = 'sign-in'",
            (row["user_id"],),
        ).fetchone()
        return self._info(row, last)

    def record_sign_out(self, actor: Actor, reason: str) -> None:
        """The person signed out, or the station signed them out (``reason`` says which,
        e.g. "inactivity"); an audit trail entry, so a session's end is on record."""
        self._audit(actor, "sign-out", actor.user_id, None, None, reason)

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
        found = _users(self._conn, "WHERE badge_hash = ?", (badge_hash,))
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
        person = Actor(user_id, user["name"], Role(user["role"]))
        why = self._expired_reason(user) or "the account holder chose a new password"
        try:
            self._audit_password(person, "user.password-change", user, why)
        except AuditError as exc:
            # Not refused beforehand like an administrator's change: whoever must re-anchor
            # a broken trail (QA) may first need to renew an expired password. The change
            # is in account_events either way.
            log.error("password change of %s not on the audit trail: %s", user_id, exc)

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

    def _check_password_of(self, user_id: str, password: str, purpose: str) -> _Row:
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

    def _refuse_locked(self, user: _Row, method: Method, purpose: str) -> NoReturn:
        self._sign_in_event(user["user_id"], method, "locked", purpose)
        log.info("%s refused for %s: account locked", purpose, user["user_id"])
        raise AccountLocked(self._locked_message())

    def _locked_message(self) -> str:
        limit = self.policy.max_failed_attempts
        return f"account locked after {limit} failed attempts; ask an administrator"

    def _fail(self, user: _Row, method: Method, detail: str) -> None:
        """Count a failed attempt; raise AccountLocked if it was the last one allowed."""
        user_id = user["user_id"]
        limit = self.policy.max_failed_attempts
        with self._transaction() as conn:
            (was_locked,) = conn.execute(
                "SELECT locked FROM users WHERE user_id = ?", (user_id,)
            ).fetchone()
            conn.execute(
                "UPDATE users SET failed_attempts = failed_attempts + 1, "
                "locked = CASE WHEN failed_attempts + 1 >= ? THEN 1 ELSE locked END "
                "WHERE user_id = ?",
                (limit, user_id),
            )
            (locked,) = conn.execute(
                "SELECT locked FROM users WHERE user_id = ?", (user_id,)
            ).fetchone()
            if locked and not was_locked:
                detail += f"; account locked after {limit} consecutive failures"
                # Nobody locked it by hand; the system did, so no user id as the actor.
                self._account_event(conn, user_id, "", "locked", f"{limit} failed attempts")
            self._insert_sign_in_event(conn, user_id, method, "bad-credentials", detail)
        log.info("%s for %s", detail, user_id)
        if locked:
            raise AccountLocked(self._locked_message())

    def _after_secret_ok(self, user: _Row, method: Method, purpose: str) -> Actor:
        """The secret was right: refuse a deactivated account or an expired password,
        otherwise let the person in. The failure count starts again either way."""
        user_id = user["user_id"]
        outcome: Outcome = "ok"
        expired: str | None = None
        with self._transaction() as conn:
            current = self._row(conn, user_id)
            assert current is not None  # users are never deleted
            if current["locked"]:  # a concurrent failed attempt locked it meanwhile
                outcome = "locked"
            elif not current["active"]:
                outcome = "inactive"
            else:
                expired = self._expired_reason(current)
                if expired is not None:
                    outcome = "expired"
                conn.execute("UPDATE users SET failed_attempts = 0 WHERE user_id = ?", (user_id,))
            detail = purpose if expired is None else f"{purpose}: {expired}"
            self._insert_sign_in_event(conn, user_id, method, outcome, detail)
        log.info("%s %s by %s: %s", user_id, purpose, method, outcome)
        if outcome == "locked":
            raise AccountLocked(self._locked_message())
        if outcome == "inactive":
            raise AccountInactive("account deactivated; ask an administrator")
        if expired is not None:
            raise PasswordExpired(expired, user_id)
        return Actor(user_id, current["name"], Role(current["role"]))

    def _expired_reason(self, user: _Row) -> str | None:
        if user["must_change"]:
            return "your password was set by an administrator; choose your own now"
        if self._now() >= self._expires(user):
            return (
                f"your password is older than {self.policy.max_age_days} days; choose a new one now"
            )
        return None

    def _expires(self, user: _Row) -> datetime:
        changed = datetime.fromisoformat(user["password_changed_utc"])
        return changed + timedelta(days=self.policy.max_age_days)

    def _check_new_account(self, user_id: str, name: str) -> tuple[str, str]:
        user_id, name = user_id.strip(), " ".join(name.split())
        if not _USER_ID.fullmatch(user_id):
            raise AccountError(
                f"user id {user_id!r} refused: use 2 to 32 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        if not name or len(name) > 100:
            raise AccountError("name refused: give the person's full name (at most 100 characters)")
        return user_id, name

    def _check_password(self, user_id: str, password: str) -> None:
        problems = self.policy.password_problems(user_id, password)
        if problems:
            raise PasswordRejected("password refused: " + "; ".join(problems), problems)

    def _check_history(self, user_id: str, password: str) -> None:
        count = self.policy.history
        rows = self._conn.execute(
            "SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?",
            (user_id, count),
        ).fetchall()
        if any(verify_secret(password, stored) for (stored,) in rows):
            problem = f"it must not be one of the last {count} passwords of this account"
            raise PasswordRejected(f"password refused: {problem}", [problem])

    def _badge_hashes(self, badge: str | None, pin: str | None) -> tuple[str | None, str | None]:
        if badge is None:
            return None, None
        badge = badge.strip()  # keyboard-wedge readers end with Enter
        if not badge or len(badge) > _MAX_SECRET_CHARS:
            problem = "the badge reader sent nothing usable; present the badge again"
            raise PasswordRejected(f"badge refused: {problem}", [problem])
        # A badge alone is something anyone who finds it has; the PIN makes it two factors.
        problem = "a badge needs a PIN" if pin is None else self.policy.pin_problem(pin)
        if problem is not None:
            raise PasswordRejected(problem, [problem])
        assert pin is not None
        return hash_secret(badge, self._badge_salt()), hash_secret(pin)

    def _check_badge_free(
        self, conn: sqlite3.Connection, badge_hash: str | None, user_id: str
    ) -> None:
        if badge_hash is None:
            return
        holders = _users(conn, "WHERE badge_hash = ? AND user_id <> ?", (badge_hash, user_id))
        if holders:
            raise AccountError(
                "this badge is already issued to another account; withdraw it there first"
            )

    def _badge_salt(self) -> bytes:
        row = self._conn.execute("SELECT value FROM user_keys WHERE name = 'badge-salt'").fetchone()
        return bytes(row[0])

    def _insert_user(
        self,
        conn: sqlite3.Connection,
        user_id: str,
        name: str,
        role: Role,
        password_hash: str,
        *,
        must_change: bool,
    ) -> None:
        stamp = self._stamp()
        conn.execute(
            "INSERT INTO users (user_id, name, role, password_hash, password_changed_utc, "
            "must_change, created_utc) VALUES (?,?,?,?,?,?,?)",
            (user_id, name, role.value, password_hash, stamp, int(must_change), stamp),
        )
        conn.execute(
            "INSERT INTO password_history (user_id, password_hash, changed_utc) VALUES (?,?,?)",
            (user_id, password_hash, stamp),
        )

    def _set_password(
        self, conn: sqlite3.Connection, user_id: str, password_hash: str, *, must_change: bool
    ) -> None:
        stamp = self._stamp()
        conn.execute(
            "UPDATE users SET password_hash = ?, password_changed_utc = ?, must_change = ? "
            "WHERE user_id = ?",
            (password_hash, stamp, int(must_change), user_id),
        )
        conn.execute(
            "INSERT INTO password_history (user_id, password_hash, changed_utc) VALUES (?,?,?)",
            (user_id, password_hash, stamp),
        )

    def _account_event(
        self, conn: sqlite3.Connection, user_id: str, by_user_id: str, action: str, detail: str = ""
    ) -> None:
        conn.execute(
            "INSERT INTO account_events (utc, user_id, by_user_id, action, detail) "
            "VALUES (?,?,?,?,?)",
            (self._stamp(), user_id, by_user_id, action, detail),
        )

    def _sign_in_event(self, user_id: str, method: Method, outcome: Outcome, detail: str) -> None:
        self._insert_sign_in_event(self._conn, user_id, method, outcome, detail)

    def _insert_sign_in_event(
        self,
        conn: sqlite3.Connection,
        user_id: str,
        method: Method,
        outcome: Outcome,
        detail: str,
    ) -> None:
        conn.execute(
            "INSERT INTO sign_in_events (utc, user_id, method, outcome, detail) VALUES (?,?,?,?,?)",
            (self._stamp(), user_id, method, outcome, detail),
        )

    def _row(self, conn: sqlite3.Connection, user_id: str) -> _Row | None:
        found = _users(conn, "WHERE user_id = ?", (user_id,))
        return found[0] if found else None

    def _existing(self, user_id: str, *, for_change: bool = False) -> _Row:
        user = self._row(self._conn, user_id.strip())
        if user is None:
            raise UnknownUser(f"there is no user {user_id.strip()!r}")
        if for_change and not user["active"]:
            raise AccountError(
                f"{user['user_id']} is deactivated; a deactivated account is never changed"
            )
        return user

    def _require_admin(self, actor: Actor | None) -> None:
        # The role matrix decides; the database is asked too, because the actor may have
        # been demoted, locked or deactivated since signing in.
        if actor is None:  # a signed-out screen calling: a sentence, not AttributeError
            raise PermissionDenied("sign in first: managing user accounts needs an administrator")
        allowed = PERMISSIONS[Permission.USER_MANAGE]
        current = self._row(self._conn, actor.user_id)
        if (
            actor.role not in allowed
            or current is None
            or Role(current["role"]) not in allowed
            or not current["active"]
            or current["locked"]
        ):
            raise PermissionDenied(
                f"{actor.name} ({actor.role.value}) may not manage user accounts; "
                "allowed: an active administrator"
            )

    @staticmethod
    def _refuse_own_account(actor: Actor, user_id: str, verb: str) -> None:
        # Four eyes on privileges: nobody lowers or removes their own access by a slip of
        # the finger, and an administrator's own rights are changed by another one.
        if actor.user_id.casefold() == user_id.casefold():
            raise AccountError(
                f"you cannot {verb} your own account; another administrator must do it"
            )

    def _require_audit_ready(self) -> None:
        """Refuse a change before it happens if the audit trail could not record it."""
        if self.audit is None:
            return
        problem = self.audit.tail_problem()
        if problem is not None:
            raise AuditTrailBroken(
                f"account changes are refused until QA has re-anchored the audit trail: {problem}"
            )

    def _audit(
        self,
        actor: Actor,
        action: str,
        user_id: str,
        old: object,
        new: object,
        reason: str,
    ) -> None:
        if self.audit is not None:
            self.audit.record(actor, action, f"user {user_id}", old, new, reason)

    def _audit_password(self, actor: Actor, action: str, before: _Row, reason: str) -> None:
        """A password change on record by its dates and flags, never by any hash."""
        after = self._row(self._conn, before["user_id"])
        assert after is not None  # users are never deleted

        def state(row: _Row) -> dict[str, object]:
            return {
                "password_changed_utc": row["password_changed_utc"],
                "must_change": bool(row["must_change"]),
            }

        self._audit(actor, action, before["user_id"], state(before), state(after), reason)

    def _keep_an_administrator(self, conn: sqlite3.Connection, user_id: str) -> None:
        others = conn.execute(
            "SELECT COUNT(*) FROM users WHERE role = ? AND active = 1 AND user_id <> ?",
            (Role.ADMINISTRATOR.value, user_id),
        ).fetchone()[0]
        if not others:
            raise AccountError(
                f"{user_id} is the last active administrator; make someone else "
                "administrator first, or nobody could manage accounts any more"
            )

    def _info(self, user: _Row, last_sign_in_utc: str | None = None) -> UserInfo:
        return UserInfo(
            user_id=user["user_id"],
            name=user["name"],
            role=Role(user["role"]),
            active=bool(user["active"]),
            locked=bool(user["locked"]),
            failed_attempts=user["failed_attempts"],
            must_change_password=bool(user["must_change"]),
            password_changed_utc=user["password_changed_utc"],
            password_expires_utc=self._expires(user).isoformat(timespec="milliseconds"),
            has_badge=user["badge_hash"] is not None,
            language=user["language"],
            created_utc=user["created_utc"],
            last_sign_in_utc=last_sign_in_utc,
        )


def _status(active: object, locked: object) -> AccountStatus:
    """Disabled outranks locked: a disabled account cannot sign in whatever else."""
    if not active:
        return "disabled"
    return "locked" if locked else "active"


def _users(conn: sqlite3.Connection, tail: str, params: tuple[object, ...] = ()) -> list[_Row]:
    """Users rows as dicts; ``tail`` is a constant WHERE/ORDER BY clause, never user input."""
    cursor = conn.execute(f"SELECT * FROM users {tail}", params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
