"""The database: engine, migrations, sessions, and writing config's units into it.

SQLite (WAL) by default; any SQLAlchemy URL through GOVMON_DATABASE_URL (PostgreSQL in production).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine, select

from govmon.config import Config
from govmon.models import Account, Site, Unit

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def data_dir() -> Path:
    """Where govmon keeps its SQLite file and logs: GOVMON_HOME, else ./var."""
    return Path(os.environ.get("GOVMON_HOME", "var"))


def database_url() -> str:
    """GOVMON_DATABASE_URL, else a SQLite file in the data directory."""
    if url := os.environ.get("GOVMON_DATABASE_URL"):
        return url
    data_dir().mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(data_dir() / 'govmon.db').resolve()}"


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the dashboard) never block the crawler
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _alembic_config() -> AlembicConfig:
    alembic_config = AlembicConfig()
    alembic_config.set_main_option("script_location", str(MIGRATIONS))
    return alembic_config


def head_revision() -> str:
    """The newest migration: what a current database records in alembic_version."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def migrate(engine: Engine) -> None:
    """Bring the schema to Alembic's head (creates it on an empty database)."""
    alembic_config = _alembic_config()
    with engine.begin() as connection:
        alembic_config.attributes["connection"] = connection
        command.upgrade(alembic_config, "head")


def open_database(url: str | None = None) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def sync_config(engine: Engine, config: Config) -> None:
    """Write config's units, sites and accounts into the database (insert or update)."""
    with session_scope(engine) as session:
        for unit in config.units:
            session.merge(Unit(id=unit.id, name=unit.name, level=unit.level, parent_id=unit.parent))
        session.flush()
        for unit in config.units:
            for site in unit.sites:
                session.merge(
                    Site(
                        id=site.id,
                        unit_id=unit.id,
                        name=site.name,
                        url=site.url,
                        kind=site.kind,
                        render=site.render,
                        extra_hosts=site.extra_hosts,
                        page_cap=site.page_cap,
                    )
                )
            for account in unit.accounts:
                session.merge(
                    Account(
                        id=account.id,
                        unit_id=unit.id,
                        platform=account.platform,
                        name=account.name,
                        url=account.url,
                    )
                )


def units(session: Session) -> list[Unit]:
    return list(session.exec(select(Unit).order_by(Unit.id)))
