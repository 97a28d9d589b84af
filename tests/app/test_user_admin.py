"""Account administration on the record: every change is an audit trail entry with old and
new values and a reason; the administration door refuses a change without one; disabled
accounts come back only with a new first password; sign-outs are recorded too."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.records import users as users_module
from app.records.audit import AuditKey, AuditTrail, AuditTrailBroken
from app.records.database import open_database
from app.records.users import (
    AccountError,
    AccountInactive,
    PasswordExpired,
    PasswordRejected,
    UserStore,
)
from app.security import Actor, PermissionDenied, Role

ADMIN_PASSWORD = "Adm1n-Kiosk-Secret"
FIRST_PASSWORD = "First-2468-Pass"
OWN_PASSWORD = "Own-Choice-1357x"
AGAIN_PASSWORD = "Again-8642-Pass"
BADGE = "BADGE-77AA"
PIN = "482913"


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2031, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.t


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def checkpoint(tmp_path: Path) -> Path:
    return tmp_path / "config" / "audit-checkpoint.json"


@pytest.fixture
def store(db_path: Path, tmp_path: Path, checkpoint: Path, clock: Clock) -> Iterator[UserStore]:
    db = open_database(db_path)
    trail = AuditTrail(
        db, AuditKey(tmp_path / "config" / "audit.key"), "kiosk-1", checkpoint_path=checkpoint
    )
    yield UserStore(db, now=clock, audit=trail)
    db.close()


@pytest.fixture
def admin(store: UserStore) -> Actor:
    return store.create_first_administrator("admin", "Ada Admin", ADMIN_PASSWORD)


def trail(store: UserStore) -> list[tuple[str, str, str, object, object, str]]:
    assert store.audit is not None
    return [
        (e.action, e.user_id, e.target, e.old_value, e.new_value, e.reason)
        for e in store.audit.entries()
    ]


def test_first_administrator_is_on_the_record(store: UserStore, admin: Actor):
    assert trail(store) == [
        (
            "user.create",
            "admin",
            "user admin",
            None,
            {"name": "Ada Admin", "role": "administrator", "badge": False},
            "first-run setup of the station",
        )
    ]


def test_every_administration_command_is_audited_with_old_new_and_reason(
    store: UserStore, admin: Actor
):
    do = store.administer
    do("create_user", admin, "new starter", "op1", "Olga Operator", Role.OPERATOR, FIRST_PASSWORD)
    store.change_password("op1", FIRST_PASSWORD, OWN_PASSWORD)
    do("set_role", admin, "promoted to shift lead", "op1", Role.SUPERVISOR)
    do("set_badge", admin, "badge issued at induction", "op1", BADGE, PIN)
    for _ in range(5):
        with pytest.raises(AccountError):
            store.sign_in("op1", "Wrong-Guess-9999")
    do("unlock", admin, "identity confirmed by phone", "op1")
    do("reset_password", admin, "forgot password", "op1", AGAIN_PASSWORD)
    do("deactivate", admin, "left the company", "op1")
    do("reactivate", admin, "rehired", "op1", "Back-1234-Again")

    entries = [e for e in trail(store) if e[2] == "user op1"]
    actions = [e[0] for e in entries]
    assert actions == [
        "user.create",
        "user.password-change",
        "user.role-change",
        "user.badge-issue",
        "user.unlock",
        "user.password-reset",
        "user.disable",
        "user.enable",
    ]
    by_action = {e[0]: e for e in entries}
    assert by_action["user.create"][3:] == (
        None,
        {"name": "Olga Operator", "role": "operator", "badge": False, "must_change": True},
        "new starter",
    )
    # The person changed their own password: they are the actor, the reason is why.
    change = by_action["user.password-change"]
    assert change[1] == "op1" and "set by an administrator" in change[5]
    assert change[3]["must_change"] is True and change[4]["must_change"] is False
    assert by_action["user.role-change"][3:] == ("operator", "supervisor", "promoted to shift lead")
    assert by_action["user.badge-issue"][3:5] == ({"badge": False}, {"badge": True})
    assert by_action["user.unlock"][3:5] == (
        {"locked": True, "failed_attempts": 5},
        {"locked": False, "failed_attempts": 0},
    )
    assert by_action["user.password-reset"][4]["must_change"] is True
    assert by_action["user.disable"][3:5] == (
        {"status": "active", "badge": True},
        {"status": "disabled", "badge": False},
    )
    assert by_action["user.enable"][3:] == (
        {"status": "disabled"},
        {"status": "active", "must_change": True},
        "rehired",
    )
    assert all(e[1] == "admin" for e in entries if e[0] != "user.password-change")


def test_no_secret_or_hash_reaches_the_audit_trail(store: UserStore, admin: Actor, db_path: Path):
    store.administer(
        "create_user", admin, "new", "op1", "Olga", Role.OPERATOR, FIRST_PASSWORD, BADGE, PIN
    )
    store.change_password("op1", FIRST_PASSWORD, OWN_PASSWORD)
    store.administer("reset_password", admin, "forgot", "op1", AGAIN_PASSWORD)
    text = repr(trail(store))
    for secret in (ADMIN_PASSWORD, FIRST_PASSWORD, OWN_PASSWORD, AGAIN_PASSWORD, BADGE, PIN):
        assert secret not in text
    assert "scrypt$" not in text


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_the_administration_door_refuses_a_change_without_a_reason(
    store: UserStore, admin: Actor, reason: str
):
    with pytest.raises(AccountError, match="give the reason"):
        store.administer("create_user", admin, reason, "op1", "Olga", Role.OPERATOR, FIRST_PASSWORD)
    assert store.user("op1") is None
    assert [e[0] for e in trail(store)] == ["user.create"]  # the first administrator only


def test_the_administration_door_offers_administration_only(store: UserStore, admin: Actor):
    with pytest.raises(ValueError, match="not an account administration command"):
        store.administer("change_password", admin, "why not", "admin", ADMIN_PASSWORD, "x")


def test_refusals_change_nothing_and_record_nothing(store: UserStore, admin: Actor):
    store.administer("create_user", admin, "new", "op1", "Olga", Role.OPERATOR, FIRST_PASSWORD)
    before = trail(store)
    with pytest.raises(PasswordRejected, match="at least 10 characters"):
        store.administer("reset_password", admin, "forgot", "op1", "short1")
    with pytest.raises(PasswordRejected, match="last 5 passwords"):
        store.administer("reset_password", admin, "forgot", "op1", FIRST_PASSWORD)
    with pytest.raises(AccountError, match="last active administrator"):
        store.administer("set_role", admin, "tidy up", "admin", Role.QA)
    with pytest.raises(AccountError, match="last active administrator"):
        store.administer("deactivate", admin, "tidy up", "admin")
    store.administer(
        "create_user", admin, "deputy", "adm2", "Bo Admin", Role.ADMINISTRATOR, FIRST_PASSWORD
    )
    before = trail(store)
    with pytest.raises(AccountError, match="your own account"):
        store.administer("set_role", admin, "tidy up", "admin", Role.QA)
    with pytest.raises(AccountError, match="your own account"):
        store.administer("deactivate", admin, "tidy up", "admin")
    operator = Actor("op1", "Olga", Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        store.administer("unlock", operator, "let me in", "op1")
    assert trail(store) == before


def test_nothing_changes_while_the_audit_trail_is_broken(
    store: UserStore, admin: Actor, checkpoint: Path
):
    store.administer("create_user", admin, "new", "qa1", "Quinn QA", Role.QA, FIRST_PASSWORD)
    checkpoint.unlink()  # the trail can no longer prove its tail
    with pytest.raises(AuditTrailBroken, match="re-anchored"):
        store.administer("create_user", admin, "new", "op1", "Olga", Role.OPERATOR, FIRST_PASSWORD)
    assert store.user("op1") is None
    # QA, who must re-anchor the trail, can still renew their own password to sign in.
    store.change_password("qa1", FIRST_PASSWORD, OWN_PASSWORD)
    assert store.sign_in("qa1", OWN_PASSWORD).role is Role.QA


def test_a_disabled_account_comes_back_with_a_new_first_password(store: UserStore, admin: Actor):
    store.administer("create_user", admin, "new", "op1", "Olga", Role.OPERATOR, FIRST_PASSWORD)
    store.change_password("op1", FIRST_PASSWORD, OWN_PASSWORD)
    with pytest.raises(AccountError, match="not disabled"):
        store.administer("reactivate", admin, "why", "op1", AGAIN_PASSWORD)
    store.administer("deactivate", admin, "on leave", "op1")
    assert store.user("op1").status == "disabled"
    with pytest.raises(AccountInactive):
        store.sign_in("op1", OWN_PASSWORD)
    # History still applies: a password the person used before is refused.
    with pytest.raises(PasswordRejected, match="last 5"):
        store.administer("reactivate", admin, "back", "op1", OWN_PASSWORD)
    store.administer("reactivate", admin, "back from leave", "op1", AGAIN_PASSWORD)
    assert store.user("op1").status == "active"
    with pytest.raises(PasswordExpired, match="set by an administrator"):
        store.sign_in("op1", AGAIN_PASSWORD)


def test_status_last_sign_in_and_sign_out(store: UserStore, admin: Actor, clock: Clock):
    store.administer("create_user", admin, "new", "op1", "Olga", Role.OPERATOR, FIRST_PASSWORD)
    assert store.user("op1").last_sign_in_utc is None
    store.change_password("op1", FIRST_PASSWORD, OWN_PASSWORD)
    clock.t += timedelta(hours=2)
    olga = store.sign_in("op1", OWN_PASSWORD)
    store.verify_password("op1", OWN_PASSWORD)  # a signature is no sign-in
    listed = {info.user_id: info for info in store.users()}
    assert listed["op1"].last_sign_in_utc == "2031-03-01T10:00:00.000+00:00"
    assert listed["op1"] == store.user("op1")
    assert listed["admin"].last_sign_in_utc is None  # created, never signed in
    for _ in range(5):
        with pytest.raises(AccountError):
            store.sign_in("op1", "Wrong-Guess-9999")
    assert store.user("op1").status == "locked"
    store.record_sign_out(olga, "inactivity")
    assert trail(store)[-1] == ("sign-out", "op1", "user op1", None, None, "inactivity")
