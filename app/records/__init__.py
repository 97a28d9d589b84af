"""The station's records in SQLite: schema, migrations, the writer, user accounts and the
audit trail."""

from app.records.audit import (
    AuditChange,
    AuditEntry,
    AuditError,
    AuditKey,
    AuditKeyError,
    AuditTrail,
    AuditTrailBroken,
    VerifyResult,
    checkpoint_path_for,
    verify_database,
)
from app.records.database import (
    SCHEMA_VERSION,
    DatabaseError,
    open_database,
    schema_version,
)
from app.records.users import (
    LANGUAGES,
    AccountError,
    AccountInactive,
    AccountLocked,
    BadCredentials,
    PasswordExpired,
    PasswordPolicy,
    PasswordRejected,
    UnknownUser,
    UserInfo,
    UserStore,
)

__all__ = [
    "LANGUAGES",
    "SCHEMA_VERSION",
    "AccountError",
    "AccountInactive",
    "AccountLocked",
    "AuditChange",
    "AuditEntry",
    "AuditError",
    "AuditKey",
    "AuditKeyError",
    "AuditTrail",
    "AuditTrailBroken",
    "BadCredentials",
    "DatabaseError",
    "PasswordExpired",
    "PasswordPolicy",
    "PasswordRejected",
    "UnknownUser",
    "UserInfo",
    "UserStore",
    "VerifyResult",
    "checkpoint_path_for",
    "open_database",
    "schema_version",
    "verify_database",
]
