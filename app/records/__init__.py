"""The station's records in SQLite: schema, migrations, and the writer."""

from app.records.database import (
    SCHEMA_VERSION,
    DatabaseError,
    open_database,
    schema_version,
)

__all__ = ["SCHEMA_VERSION", "DatabaseError", "open_database", "schema_version"]
