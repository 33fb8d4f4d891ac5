"""Shared fixtures: the shipped config, and databases on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import Engine

from govmon.config import RulesFile, load_config
from govmon.storage import open_database

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"
SHARED = ROOT.parent / "shared"
PG_URL = os.environ.get("GOVMON_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def config_dir() -> Path:
    return CONFIG_DIR


def _postgres_schema_url() -> Iterator[str]:
    """A fresh schema on the test server, dropped afterwards, so parallel tests never collide."""
    admin = sqlalchemy.create_engine(PG_URL)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except sqlalchemy.exc.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL} (scripts/test.sh starts it): {error}")
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on the embedded default and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'govmon.db'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def rules(config_dir: Path) -> RulesFile:
    """The shipped rules (config/rules.yaml and lexicon.yaml) as the checks receive them."""
    return load_config(config_dir).rules
