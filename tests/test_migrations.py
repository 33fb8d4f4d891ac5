"""The migrations and the models describe the same schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import govmon.models  # noqa: F401  (the tables)
from govmon.storage import head_revision


def test_models_match_the_migrated_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == [], "a model changed without an Alembic migration (govmon/migrations)"


def test_migrations_record_their_head(engine: Engine) -> None:
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    assert current == head_revision()
    assert {"unit", "site", "account", "crawlrun", "page", "target", "link", "probe", "finding",
            "score"} <= set(inspect(engine).get_table_names())
