"""The station's records in SQLite: schema, migrations, the writer, and user accounts."""

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
    "BadCredentials",
    "DatabaseError",
    "PasswordExpired",
    "PasswordPolicy",
    "PasswordRejected",
    "UnknownUser",
    "UserInfo",
    "UserStore",
    "open_database",
    "schema_version",
]
