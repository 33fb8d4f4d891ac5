"""The data model: what config declares, what the crawler collects, what checks and scores conclude.

Every datetime is timezone-aware (UTC in storage). Schema changes go through Alembic
(govmon/migrations); `govmon.storage.migrate` brings a database to the current head.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, LargeBinary, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which keeps no zone) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: govmon stores aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _when(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


def _json(default_factory: Any) -> Any:
    return Field(default_factory=default_factory, sa_type=JSON)


def _text(**kwargs: Any) -> Any:
    return Field(sa_type=Text, **kwargs)


# ---------------------------------------------------------------- declared in config/


class Unit(SQLModel, table=True):
    id: str = Field(primary_key=True)
    name: str
    level: str
    parent_id: str | None = None


class Site(SQLModel, table=True):
    id: str = Field(primary_key=True)
    unit_id: str = Field(foreign_key="unit.id", index=True)
    name: str
    url: str = _text()
    kind: str
    render: str
    extra_hosts: list[str] = _json(list)
    page_cap: int


class Account(SQLModel, table=True):
    id: str = Field(primary_key=True)
    unit_id: str = Field(foreign_key="unit.id", index=True)
    platform: str
    name: str
    url: str = _text()


# ---------------------------------------------------------------- collected by the crawler


class CrawlRun(SQLModel, table=True):
    """One crawl of one site."""

    id: int | None = Field(default=None, primary_key=True)
    site_id: str = Field(foreign_key="site.id", index=True)
    started_at: datetime = _when(default_factory=utcnow)
    finished_at: datetime | None = _when(default=None)
    status: str = "running"  # running | done | failed
    worker: str | None = None  # "host:pid" of the crawl process, to tell a live run from a dead one
    pages: int = 0
    targets: int = 0
    error: str | None = _text(default=None)
    measures: dict[str, Any] = _json(dict)  # figures the checks report besides findings (e.g. 解读率)
    ipv6: dict[str, Any] = _json(dict)  # what the IPv6 probes of this audit found (govmon/ipv6.py)


class Page(SQLModel, table=True):
    """A page of the site, fetched and read; `facts` holds what the extractors found."""

    __table_args__ = (UniqueConstraint("run_id", "url"),)
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="crawlrun.id", index=True)
    site_id: str = Field(index=True)
    url: str = _text()
    final_url: str = _text()
    status: int
    content_type: str | None = None
    title: str | None = _text(default=None)
    depth: int
    is_home: bool = False
    fetched_at: datetime = _when(default_factory=utcnow)
    etag: str | None = _text(default=None)  # for conditional requests on the next crawl
    last_modified: str | None = None
    reused_from: int | None = None  # the page id whose facts were kept when the server said 304
    text_hash: str | None = Field(default=None, index=True)  # its visible text, in PageText
    facts: dict[str, Any] = _json(dict)


class PageText(SQLModel, table=True):
    """A page's visible text for the content checks, compressed, stored once however many runs
    (and pages) share it."""

    hash: str = Field(primary_key=True)  # sha256 of the text
    text: bytes = Field(sa_type=LargeBinary)  # zlib-compressed UTF-8


class Target(SQLModel, table=True):
    """A URL linked from the site and its outcome in this run, whether crawled or only checked."""

    __table_args__ = (UniqueConstraint("run_id", "url"),)
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="crawlrun.id", index=True)
    url: str = _text()
    outcome: str  # ok | redirect | http | dns | refused | reset | timeout | tls | loop | too_many_redirects | soft404 | blocked | skipped | error
    status: int | None = None
    error: str | None = _text(default=None)
    redirects: list[str] = _json(list)
    checked_at: datetime = _when(default_factory=utcnow)
    elapsed_ms: int | None = None
    text_hash: str | None = Field(default=None, index=True)  # an attachment's text (PageText), when read


class Link(SQLModel, table=True):
    """One link as written on one page."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="crawlrun.id", index=True)
    page_id: int = Field(foreign_key="page.id", index=True)
    url: str = _text()  # absolute target URL; joins Target on (run_id, url)
    anchor: str = _text(default="")
    kind: str  # page | image | attachment | external | script | style | frame | mailto | javascript | tel
    position: str = "body"  # nav | home-block | body | footer


class Probe(SQLModel, table=True):
    """One availability probe of a site's homepage (or a key column)."""

    id: int | None = Field(default=None, primary_key=True)
    site_id: str = Field(foreign_key="site.id", index=True)
    url: str = _text()
    at: datetime = _when(default_factory=utcnow, index=True)
    ok: bool
    status: int | None = None
    ttfb_ms: int | None = None
    error_class: str | None = None
    ip_version: int = 4


class ProbeDay(SQLModel, table=True):
    """One day of one URL's probes, rolled up: raw Probe rows are kept only for the rolling window."""

    __table_args__ = (UniqueConstraint("site_id", "url", "day", "ip_version"),)
    id: int | None = Field(default=None, primary_key=True)
    site_id: str = Field(foreign_key="site.id", index=True)
    url: str = _text()
    day: date = Field(index=True)
    ip_version: int = 4
    probes: int = 0
    failures: int = 0
    ttfb_ms_sum: int = 0  # over the probes that answered; the mean is ttfb_ms_sum / (probes - failures)
    errors: dict[str, int] = _json(dict)  # error class -> count


# ---------------------------------------------------------------- concluded by checks and scoring


class Finding(SQLModel, table=True):
    """One problem, kept across runs by its fingerprint: open → fixed → reopened, or dismissed."""

    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(unique=True, index=True)
    code: str = Field(index=True)
    unit_id: str = Field(foreign_key="unit.id", index=True)
    target: str = Field(index=True)  # site or account id
    severity: str  # veto | deduction | warning
    url: str = _text()
    source_url: str | None = _text(default=None)
    where: str | None = None  # homepage | other
    detail: dict[str, Any] = _json(dict)
    first_seen: datetime = _when()
    last_seen: datetime = _when()
    status: str = "open"  # open | fixed | reopened | dismissed
    run_id: int | None = None  # the last crawl run that saw it
    note: str | None = _text(default=None)


class Score(SQLModel, table=True):
    """A verdict for a site (site_id set) or a whole unit (site_id empty) at one time."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: str = Field(foreign_key="unit.id", index=True)
    site_id: str | None = Field(default=None, index=True)
    computed_at: datetime = _when(default_factory=utcnow, index=True)
    verdict: str  # pass | fail
    score: float
    veto_count: int
    warning_count: int
    breakdown: dict[str, Any] = _json(dict)
