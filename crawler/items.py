"""The facts the crawler hands to the storage pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class TargetItem:
    """The outcome of fetching or checking one URL (after following its redirects)."""

    url: str
    outcome: str  # see crawler/outcomes.py
    status: int | None = None
    error: str | None = None
    redirects: list[str] = field(default_factory=list)
    elapsed_ms: int | None = None
    text: str | None = None  # an attachment's text, when it was read (pdf, docx, xlsx on the site)


@dataclass
class LinkFact:
    url: str
    anchor: str
    kind: str
    position: str


@dataclass
class PageItem:
    """A page of the site, read; `facts` is JSON-ready."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    title: str
    depth: int
    is_home: bool
    facts: dict[str, Any]
    links: list[LinkFact]
    etag: str | None = None
    last_modified: str | None = None
    reused_from: int | None = None  # a 304 answer: the earlier page whose facts still hold
    text: str | None = None  # visible text, for the content checks (stored once per content)
    text_hash: str | None = None  # set instead of text when an earlier page's text still holds
