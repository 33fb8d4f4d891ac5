"""The facts a site check reads: one crawl run of one site, as plain data (no database, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class PageFact:
    url: str
    final_url: str
    status: int
    depth: int
    is_home: bool
    title: str
    facts: dict[str, Any]
    text: str = ""  # visible text, for content checks (privacy, wording)

    def dated_items(self) -> list[tuple[date, dict[str, Any]]]:
        """(date, item) for the page's list items that carry a date; undated items never count."""
        return [(date.fromisoformat(i["date"]), i) for i in self.facts.get("items", []) if i.get("date")]


@dataclass(frozen=True)
class Source:
    """A place a link was found: the page, its anchor text, and where on the page it sits."""

    page_url: str
    anchor: str
    position: str
    on_home: bool


@dataclass(frozen=True)
class LinkOutcome:
    """One linked URL, what became of it, and every page that links to it."""

    url: str
    kind: str
    outcome: str
    status: int | None
    error: str | None
    redirects: list[str]
    sources: list[Source] = field(default_factory=list)
    previous_outcome: str | None = None  # on the site's last finished crawl, if linked then
    text: str | None = None  # an attachment's text (pdf, docx, xlsx on the site's hosts), when read


@dataclass(frozen=True)
class ProbeTally:
    """One day of availability probes of one URL over one IP version (govmon probe), raw or rolled up."""

    url: str
    day: date
    ip_version: int
    probes: int
    failures: int
    errors: dict[str, int] = field(default_factory=dict)  # error class -> count


@dataclass(frozen=True)
class SiteFacts:
    site_id: str
    unit_id: str
    home_url: str
    kind: str  # portal | department
    run_id: int
    crawled_at: datetime
    pages: list[PageFact]
    links: list[LinkOutcome]
    ipv6: dict[str, Any] = field(default_factory=dict)  # the audit's IPv6 probes (govmon/ipv6.py); {} when none ran
    probes: list[ProbeTally] = field(default_factory=list)  # availability probes of the recent days, per day

    @property
    def homepage(self) -> PageFact | None:
        return next((page for page in self.pages if page.is_home), None)
