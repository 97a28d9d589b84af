import contextlib
import itertools
import logging
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.records import users as users_module
from app.records.database import open_database
from app.records.users import (
    AccountError,
    AccountInactive,
    AccountLocked,
    BadCredentials,
    PasswordExpired,
    PasswordPolicy,
    PasswordRejected,
    UnknownUser,
    UserStore,
    hash_secret,
    verify_secret,
)
from app.security import Actor, PermissionDenied, Role

REAL_N = users_module.SCRYPT_N

# Every secret a test types, so the leak test can look for each one.
ADMIN_PASSWORD = "Adm1n-Kiosk-Secret"
INITIAL_PASSWORD = "Initial-2468-Pass"
OWN_PASSWORD = "Own-Choice-1357x"
WRONG_PASSWORD = "Wrong-Guess-9999"
BADGE = "BADGE-04A1B2C3D4E5"
PIN = "482913"
WRONG_PIN = "000111"
UNKNOWN_BADGE = "BADGE-FFFF0000FFFF"
SECRETS = (
    ADMIN_PASSWORD,
    INITIAL_PASSWORD,
    OWN_PASSWORD,
    WRONG_PASSWORD,
    BADGE,
    PIN,
    WRONG_PIN,
    UNKNOWN_BADGE,
)


class Clock:
    """Wall clock the tests move by hand."""

    def __init__(self) -> None:
        self.t = datetime(2031, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.t

    def advance(self, days: float) -> None:
        self.t += timedelta(days=days)


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    # Real parameters cost ~0.1 s per hash; stored hashes carry their own, so a cheap n
    # exercises the same code. test_real_scrypt_parameters puts the real value back.
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_path: Path, clock: Clock) -> Iterator[UserStore]:
    db = open_database(db_path)
    yield UserStore(db, now=clock)
    db.close()


@pytest.fixture
def admin(store: UserStore) -> Actor:
    return store.create_first_administrator("admin", "Ada Admin", ADMIN_PASSWORD)


def add_user(
    store: UserStore, admin: Actor, user_id: str, role: Role = Role.OPERATOR, **badge: str
) -> Actor:
    """Create an account and make the first sign-in password change, as a person would."""
    store.create_user(admin, user_id, f"Person {user_id}", role, INITIAL_PASSWORD, **badge)
    store.change_password(user_id, INITIAL_PASSWORD, OWN_PASSWORD)
    return store.sign_in(user_id, OWN_PASSWORD)


def events(store: UserStore) -> list[tuple[str, str, str]]:
    return store.db.conn.execute(
        "SELECT user_id, method, outcome FROM sign_in_events ORDER BY id"
    ).fetchall()


def test_first_run_creates_the_administrator_only_once(store: UserStore):
    assert not store.has_users()
    with pytest.raises(BadCredentials):  # there is no default account
        store.sign_in("admin", "admin")
    actor = store.create_first_administrator("admin", "Ada Admin", ADMIN_PASSWORD)
    assert actor == Actor("admin", "Ada Admin", Role.ADMINISTRATOR)
    assert store.has_users()
    with pytest.raises(PermissionDenied, match="already set up"):
        store.create_first_administrator("admin2", "Eve", ADMIN_PASSWORD + "2")
    assert [u.user_id for u in store.users()] == ["admin"]
    # The administrator chose this password at setup, so it need not be changed.
    assert store.sign_in("admin", ADMIN_PASSWORD) == actor


def test_first_administrator_password_follows_the_policy(store: UserStore):
    with pytest.raises(PasswordRejected, match="at least 10 characters"):
        store.create_first_administrator("admin", "Ada Admin", "short1")
    assert not store.has_users()


@pytest.mark.parametrize("role", list(Role))
def test_create_users_per_role(store: UserStore, admin: Actor, role: Role):
    store.create_user(admin, "jdoe", "Jane Doe", role, INITIAL_PASSWORD)
    # The administrator knows the first password: the person must choose their own.
    with pytest.raises(PasswordExpired, match="set by an administrator") as refused:
        store.sign_in("jdoe", INITIAL_PASSWORD)
    assert refused.value.user_id == "jdoe"
    store.change_password("jdoe", INITIAL_PASSWORD, OWN_PASSWORD)
    assert store.sign_in("jdoe", OWN_PASSWORD) == Actor("jdoe", "Jane Doe", role)
    info = store.user("jdoe")
    assert info is not None and info.role is role and not info.must_change_password


def test_user_ids_are_unique_without_case_and_signs_in_as_stored(store: UserStore, admin: Actor):
    add_user(store, admin, "jdoe")
    with pytest.raises(AccountError, match="never reused"):
        store.create_user(admin, "JDoe", "Other Jane", Role.QA, INITIAL_PASSWORD)
    assert store.sign_in(" JDOE ", OWN_PASSWORD).user_id == "jdoe"
    with pytest.raises(AccountError, match="user id 'j d' refused"):
        store.create_user(admin, "j d", "Space", Role.QA, INITIAL_PASSWORD)


def test_bad_password_and_unknown_user_give_the_same_message(store: UserStore, admin: Actor):
    with pytest.raises(BadCredentials) as wrong_password:
        store.sign_in("admin", WRONG_PASSWORD)
    with pytest.raises(BadCredentials) as unknown_user:
        store.sign_in("nobody", WRONG_PASSWORD)
    assert str(wrong_password.value) == str(unknown_user.value) == "user id or password is wrong"
    assert events(store) == [
        ("admin", "password", "bad-credentials"),
        ("nobody", "password", "bad-credentials"),
    ]


def test_lockout_after_exactly_five_failures_and_unlock_by_administrator_only(
    store: UserStore, admin: Actor
):
    operator = add_user(store, admin, "op1")
    supervisor = add_user(store, admin, "sup1", Role.SUPERVISOR)
    for _ in range(4):
        with pytest.raises(BadCredentials):
            store.sign_in("op1", WRONG_PASSWORD)
    with pytest.raises(AccountLocked) as locked:
        store.sign_in("op1", WRONG_PASSWORD)
    assert str(locked.value) == "account locked after 5 failed attempts; ask an administrator"
    # Locked means locked: the right password does not help (and proves nothing).
    with pytest.raises(AccountLocked):
        store.sign_in("op1", OWN_PASSWORD)
    info = store.user("op1")
    assert info is not None and info.locked and info.failed_attempts == 5
    for not_admin in (operator, supervisor):
        with pytest.raises(PermissionDenied, match="may not manage user accounts"):
            store.unlock(not_admin, "op1")
    store.unlock(admin, "op1")
    assert store.sign_in("op1", OWN_PASSWORD) == operator
    actions = store.db.conn.execute(
        "SELECT by_user_id, action FROM account_events WHERE user_id = 'op1' ORDER BY id"
    ).fetchall()
    assert actions[-2:] == [("", "locked"), ("admin", "unlocked")]


def test_a_good_sign_in_starts_the_failure_count_again(store: UserStore, admin: Actor):
    add_user(store, admin, "op1")
    for _ in range(2):
        for _ in range(4):
            with pytest.raises(BadCredentials):
                store.sign_in("op1", WRONG_PASSWORD)
        store.sign_in("op1", OWN_PASSWORD)
    info = store.user("op1")
    assert info is not None and not info.locked and info.failed_attempts == 0


def test_signature_re_authentication_counts_failures_too(store: UserStore, admin: Actor):
    operator = add_user(store, admin, "op1")
    assert store.verify_password("op1", OWN_PASSWORD) == operator
    for _ in range(4):
        with pytest.raises(BadCredentials):
            store.verify_password("op1", WRONG_PASSWORD)
    with pytest.raises(AccountLocked):
        store.sign_in("op1", WRONG_PASSWORD)
    details = store.db.conn.execute(
        "SELECT detail FROM sign_in_events WHERE user_id = 'op1' ORDER BY id"
    ).fetchall()
    assert details[-2][0] == "signature: wrong password"


def test_password_expires_after_180_days(store: UserStore, admin: Actor, clock: Clock):
    clock.advance(179)
    assert store.sign_in("admin", ADMIN_PASSWORD) == admin
    clock.advance(2)
    with pytest.raises(PasswordExpired, match="older than 180 days"):
        store.sign_in("admin", ADMIN_PASSWORD)
    with pytest.raises(PasswordExpired):  # e-signatures too
        store.verify_password("admin", ADMIN_PASSWORD)
    assert events(store)[-1] == ("admin", "password", "expired")
    store.change_password("admin", ADMIN_PASSWORD, OWN_PASSWORD)
    assert store.sign_in("admin", OWN_PASSWORD) == admin
    info = store.user("admin")
    assert info is not None
    assert info.password_expires_utc.startswith((clock.t + timedelta(days=180)).date().isoformat())


def test_an_expired_password_with_a_wrong_guess_is_still_a_bad_credential(
    store: UserStore, admin: Actor, clock: Clock
):
    clock.advance(200)
    with pytest.raises(BadCredentials):
        store.sign_in("admin", WRONG_PASSWORD)


def test_history_refuses_reuse_of_the_last_five_passwords(store: UserStore, admin: Actor):
    passwords = [ADMIN_PASSWORD] + [f"Rotation-{i}-abcdef" for i in range(1, 6)]
    for old, new in itertools.pairwise(passwords):
        store.change_password("admin", old, new)
    current = passwords[-1]
    for recent in passwords[1:]:  # the last five, the current one included
        with pytest.raises(PasswordRejected, match="last 5 passwords"):
            store.change_password("admin", current, recent)
    store.change_password("admin", current, ADMIN_PASSWORD)  # sixth back: allowed again
    assert store.sign_in("admin", ADMIN_PASSWORD) == admin


def test_reset_by_administrator_must_be_changed_and_respects_history(
    store: UserStore, admin: Actor
):
    operator = add_user(store, admin, "op1")
    with pytest.raises(PasswordRejected, match="last 5 passwords"):
        store.reset_password(admin, "op1", OWN_PASSWORD)
    with pytest.raises(PermissionDenied):
        store.reset_password(operator, "op1", "Fresh-Start-2468")
    store.reset_password(admin, "op1", "Fresh-Start-2468")
    with pytest.raises(PasswordExpired, match="set by an administrator"):
        store.sign_in("op1", "Fresh-Start-2468")
    with pytest.raises(BadCredentials):
        store.sign_in("op1", OWN_PASSWORD)
    store.change_password("op1", "Fresh-Start-2468", "Mine-Again-97531")
    assert store.sign_in("op1", "Mine-Again-97531") == operator


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("abc123", "password refused: it must have at least 10 characters"),
        ("onlyletters-here", "password refused: it must contain a digit (0-9)"),
        ("1234567890-", "password refused: it must contain a letter"),
        ("Operator42", "password refused: it must not be the user id"),
        ("short", "at least 10 characters; it must contain a digit (0-9)"),
    ],
)
def test_policy_violations_give_clear_messages(
    store: UserStore, admin: Actor, password: str, message: str
):
    with pytest.raises(PasswordRejected) as refused:
        store.create_user(admin, "operator42", "Olga", Role.OPERATOR, password)
    assert message in str(refused.value)
    assert refused.value.problems
    assert store.user("operator42") is None


@pytest.mark.parametrize(
    ("badge", "pin", "message"),
    [
        (BADGE, "12", "PIN refused: it must be 4 to 8 digits"),
        (BADGE, "123456789", "PIN refused: it must be 4 to 8 digits"),
        (BADGE, "12a4", "PIN refused: it must be 4 to 8 digits"),
        (BADGE, None, "a badge needs a PIN"),
        ("  \r\n", PIN, "badge refused: the badge reader sent nothing usable"),
    ],
)
def test_badge_and_pin_policy(
    store: UserStore, admin: Actor, badge: str, pin: str | None, message: str
):
    with pytest.raises(PasswordRejected, match=message):
        store.create_user(admin, "op1", "Olga", Role.OPERATOR, INITIAL_PASSWORD, badge, pin)


def test_policy_can_be_set_per_site(db_path: Path):
    db = open_database(db_path)
    try:
        strict = UserStore(db, policy=PasswordPolicy(min_length=14, max_failed_attempts=3))
        with pytest.raises(PasswordRejected, match="at least 14 characters"):
            strict.create_first_administrator("admin", "Ada", ADMIN_PASSWORD[:13])
        strict.create_first_administrator("admin", "Ada", ADMIN_PASSWORD)
        for _ in range(2):
            with pytest.raises(BadCredentials):
                strict.sign_in("admin", WRONG_PASSWORD)
        with pytest.raises(AccountLocked, match="after 3 failed attempts"):
            strict.sign_in("admin", WRONG_PASSWORD)
    finally:
        db.close()
    with pytest.raises(ValueError, match="extra"):
        PasswordPolicy(min_lenght=12)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="pin_min_digits"):
        PasswordPolicy(pin_min_digits=6, pin_max_digits=5)


def test_badge_and_pin_sign_in(store: UserStore, admin: Actor):
    operator = add_user(store, admin, "op1", badge=BADGE, pin=PIN)
    # Keyboard-wedge readers end the badge with Enter.
    assert store.sign_in_badge(BADGE + "\r\n", PIN) == operator
    with pytest.raises(BadCredentials, match="badge or PIN is wrong") as wrong_pin:
        store.sign_in_badge(BADGE, WRONG_PIN)
    with pytest.raises(BadCredentials) as unknown_badge:
        store.sign_in_badge(UNKNOWN_BADGE, PIN)
    assert str(wrong_pin.value) == str(unknown_badge.value)
    assert events(store)[-3:] == [
        ("op1", "badge", "ok"),
        ("op1", "badge", "bad-credentials"),
        ("", "badge", "bad-credentials"),
    ]
    info = store.user("op1")
    assert info is not None and info.has_badge and info.failed_attempts == 1


def test_wrong_pins_lock_the_badge_holder(store: UserStore, admin: Actor):
    add_user(store, admin, "op1", badge=BADGE, pin=PIN)
    for _ in range(4):
        with pytest.raises(BadCredentials):
            store.sign_in_badge(BADGE, WRONG_PIN)
    with pytest.raises(AccountLocked):
        store.sign_in_badge(BADGE, WRONG_PIN)
    with pytest.raises(AccountLocked):
        store.sign_in("op1", OWN_PASSWORD)
    with pytest.raises(AccountLocked):
        store.sign_in_badge(BADGE, PIN)


def test_badge_is_withdrawn_reissued_and_never_shared(store: UserStore, admin: Actor):
    add_user(store, admin, "op1", badge=BADGE, pin=PIN)
    second = add_user(store, admin, "op2")
    with pytest.raises(AccountError, match="already issued to another account"):
        store.set_badge(admin, "op2", BADGE, PIN)
    store.set_badge(admin, "op1", None, None)  # lost badge
    with pytest.raises(BadCredentials):
        store.sign_in_badge(BADGE, PIN)
    store.set_badge(admin, "op2", BADGE, "7531")
    assert store.sign_in_badge(BADGE, "7531") == second


def test_badge_needs_the_password_changed_first(store: UserStore, admin: Actor):
    store.create_user(admin, "op1", "Olga", Role.OPERATOR, INITIAL_PASSWORD, BADGE, PIN)
    # Otherwise the first electronic signature would fail in the middle of a batch step.
    with pytest.raises(PasswordExpired):
        store.sign_in_badge(BADGE, PIN)


def test_deactivated_user_is_refused_and_the_id_is_never_reused(store: UserStore, admin: Actor):
    add_user(store, admin, "op1", badge=BADGE, pin=PIN)
    store.deactivate(admin, "op1")
    with pytest.raises(AccountInactive, match="deactivated"):
        store.sign_in("op1", OWN_PASSWORD)
    with pytest.raises(BadCredentials):  # a wrong password says no more than that
        store.sign_in("op1", WRONG_PASSWORD)
    with pytest.raises(BadCredentials):  # the badge was freed on deactivation
        store.sign_in_badge(BADGE, PIN)
    with pytest.raises(AccountInactive):
        store.change_password("op1", OWN_PASSWORD, "Comeback-Try-2468")
    with pytest.raises(AccountError, match="never reused"):
        store.create_user(admin, "op1", "New Olga", Role.OPERATOR, INITIAL_PASSWORD)
    with pytest.raises(AccountError, match="deactivated account is never changed"):
        store.set_role(admin, "op1", Role.QA)
    info = store.user("op1")
    assert info is not None and not info.active and not info.has_badge
    assert events(store)[-4:-1] == [
        ("op1", "password", "inactive"),
        ("op1", "password", "bad-credentials"),
        ("", "badge", "bad-credentials"),
    ]


def test_non_administrator_cannot_manage_users(store: UserStore, admin: Actor):
    for role in (Role.OPERATOR, Role.SUPERVISOR, Role.QA, Role.MAINTENANCE):
        actor = add_user(store, admin, f"u-{role.value}", role)
        with pytest.raises(PermissionDenied, match=rf"\({role.value}\) may not manage user"):
            store.create_user(actor, "newbie", "New Bie", Role.OPERATOR, INITIAL_PASSWORD)
        for change in (
            lambda a: store.set_role(a, "admin", Role.OPERATOR),
            lambda a: store.deactivate(a, "admin"),
            lambda a: store.set_badge(a, "admin", BADGE, PIN),
        ):
            with pytest.raises(PermissionDenied):
                change(actor)
    # An Actor claiming the role is not enough: the account itself must be an administrator.
    forged = Actor("u-operator", "Person u-operator", Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        store.create_user(forged, "newbie", "New Bie", Role.OPERATOR, INITIAL_PASSWORD)
    assert store.user("newbie") is None


def test_a_demoted_administrator_loses_the_right_at_once(store: UserStore, admin: Actor):
    second = add_user(store, admin, "admin2", Role.ADMINISTRATOR)
    store.set_role(admin, "admin2", Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        store.create_user(second, "newbie", "New Bie", Role.OPERATOR, INITIAL_PASSWORD)
    assert store.sign_in("admin2", OWN_PASSWORD).role is Role.SUPERVISOR


def test_the_last_administrator_cannot_be_removed(store: UserStore, admin: Actor):
    with pytest.raises(AccountError, match="last active administrator"):
        store.deactivate(admin, "admin")
    with pytest.raises(AccountError, match="last active administrator"):
        store.set_role(admin, "admin", Role.OPERATOR)
    second = add_user(store, admin, "admin2", Role.ADMINISTRATOR)
    # Even with another administrator, nobody demotes or disables themselves.
    with pytest.raises(AccountError, match="your own account; another administrator"):
        store.set_role(admin, "admin", Role.QA)
    with pytest.raises(AccountError, match="your own account"):
        store.deactivate(admin, "ADMIN")
    store.set_role(second, "admin", Role.QA)
    assert store.sign_in("admin", ADMIN_PASSWORD).role is Role.QA


def test_unknown_user_and_language(store: UserStore, admin: Actor):
    with pytest.raises(UnknownUser, match="there is no user 'ghost'"):
        store.unlock(admin, "ghost")
    store.set_language("admin", "ja")
    info = store.user("admin")
    assert info is not None and info.language == "ja"
    with pytest.raises(AccountError, match="choose one of en, nl, ja"):
        store.set_language("admin", "de")


def test_user_list_carries_no_hashes(store: UserStore, admin: Actor):
    add_user(store, admin, "op1", badge=BADGE, pin=PIN)
    listed = store.users()
    assert [u.user_id for u in listed] == ["admin", "op1"]
    for info in listed:
        dumped = info.model_dump()
        assert not any("hash" in key for key in dumped)
        assert not any(str(value).startswith("scrypt$") for value in dumped.values())


def test_accounts_and_records_cannot_be_deleted_or_rewritten(store: UserStore, admin: Actor):
    store.sign_in("admin", ADMIN_PASSWORD)
    conn = store.db.conn
    for statement in (
        "DELETE FROM users",
        "UPDATE users SET user_id = 'root'",
        "DELETE FROM sign_in_events",
        "UPDATE sign_in_events SET outcome = 'ok'",
        "DELETE FROM password_history",
        "DELETE FROM account_events",
        "UPDATE user_keys SET value = x'00'",
    ):
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute(statement)
    assert store.sign_in("admin", ADMIN_PASSWORD) == admin


def test_every_attempt_is_in_sign_in_events(store: UserStore, admin: Actor, clock: Clock):
    add_user(store, admin, "op1", badge=BADGE, pin=PIN)  # one password-change row, one ok
    before = len(events(store))
    attempts = [
        (lambda: store.sign_in("op1", OWN_PASSWORD), ("op1", "password", "ok")),
        (lambda: store.sign_in("op1", WRONG_PASSWORD), ("op1", "password", "bad-credentials")),
        (lambda: store.sign_in("ghost", OWN_PASSWORD), ("ghost", "password", "bad-credentials")),
        (lambda: store.sign_in_badge(BADGE, PIN), ("op1", "badge", "ok")),
        (lambda: store.sign_in_badge(BADGE, WRONG_PIN), ("op1", "badge", "bad-credentials")),
        (lambda: store.verify_password("op1", OWN_PASSWORD), ("op1", "password", "ok")),
    ]
    for attempt, _ in attempts:
        with contextlib.suppress(AccountError):
            attempt()
    assert events(store)[before:] == [expected for _, expected in attempts]
    stamps = store.db.conn.execute("SELECT DISTINCT utc FROM sign_in_events").fetchall()
    assert stamps == [(clock.t.isoformat(timespec="milliseconds"),)]


def test_secrets_never_reach_the_database_file_or_the_log(
    db_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    db = open_database(db_path)
    store = UserStore(db, now=clock)
    admin = store.create_first_administrator("admin", "Ada Admin", ADMIN_PASSWORD)
    add_user(store, admin, "op1", badge=BADGE, pin=PIN)
    for attempt in (
        lambda: store.sign_in("op1", WRONG_PASSWORD),
        lambda: store.sign_in("ghost", WRONG_PASSWORD),
        lambda: store.sign_in_badge(BADGE, WRONG_PIN),
        lambda: store.sign_in_badge(BADGE + "\n", PIN),
        lambda: store.sign_in_badge(UNKNOWN_BADGE, PIN),
        lambda: store.verify_password("op1", OWN_PASSWORD),
        lambda: store.change_password("op1", OWN_PASSWORD, INITIAL_PASSWORD),  # history
        lambda: store.reset_password(admin, "op1", ADMIN_PASSWORD + "x"),
    ):
        with contextlib.suppress(AccountError):
            attempt()

    def leaked() -> list[tuple[str, str]]:
        found = []
        for path in db_path.parent.glob(db_path.name + "*"):  # the file, -wal and -shm
            content = path.read_bytes()
            found += [(path.name, s) for s in SECRETS if s.encode() in content]
        return found

    assert leaked() == []  # while open: the recent writes sit in the WAL
    db.close()
    assert leaked() == []
    assert caplog.records, "the store should log what it does"
    for record in caplog.records:
        text = record.getMessage() + repr(record.args)
        assert not [s for s in SECRETS if s in text], text


def test_real_scrypt_parameters(monkeypatch: pytest.MonkeyPatch, store: UserStore):
    cheap = hash_secret(OWN_PASSWORD)  # made with the test's cheap n
    monkeypatch.setattr(users_module, "SCRYPT_N", REAL_N)
    real = hash_secret(OWN_PASSWORD)
    scheme, n, r, p, salt, key = real.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(salt) == 24 and len(key) == 44  # 16-byte salt, 32-byte key in base64
    assert real != hash_secret(OWN_PASSWORD)  # a fresh salt every time
    assert verify_secret(OWN_PASSWORD, real)
    assert not verify_secret(WRONG_PASSWORD, real)
    # Hashes carry their parameters: raising the cost later keeps old ones valid.
    assert verify_secret(OWN_PASSWORD, cheap)
    assert not verify_secret(OWN_PASSWORD, "scrypt$99$x")
    assert not verify_secret(OWN_PASSWORD, real.replace("$16384$", "$1073741824$"))
    admin = store.create_first_administrator("admin", "Ada Admin", ADMIN_PASSWORD)
    assert store.sign_in("admin", ADMIN_PASSWORD) == admin
    stored = store.db.conn.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("scrypt$16384$8$1$")


def test_passwords_are_compared_in_one_unicode_form(store: UserStore):
    composed, decomposed = "Caf\u00e9-Kiosk-2031", "Cafe\u0301-Kiosk-2031"
    admin = store.create_first_administrator("admin", "Ada Admin", composed)
    assert store.sign_in("admin", decomposed) == admin
