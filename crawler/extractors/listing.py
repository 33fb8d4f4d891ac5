"""Dated items on list pages and homepage blocks, including Hanweb's <script type="text/xml"> datastores."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from lxml import html as lxml_html

from crawler.extractors.dates import item_date, plausible
from crawler.extractors.hanweb import datastore_records
from crawler.extractors.links import base_url, normalise

_CONTAINERS = {"li", "tr", "dd", "dt", "p"}
_ROW_MAX_CHARS = 300  # a <div> row holds a title and a date, not a paragraph
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ListItem:
    title: str
    url: str
    date: date | None  # None: undated (does not count as an update)


def list_items(tree: lxml_html.HtmlElement, page_url: str, today: date) -> list[ListItem]:
    """Each link that sits in a list row (li, tr, dd, p), with the date written beside it."""
    base = base_url(tree, page_url)
    roots = [tree, *datastore_records(tree)]
    items: dict[str, ListItem] = {}
    for root in roots:
        for found in _items_under(root, base, today):
            known = items.get(found.url)
            if known is None or (known.date is None and found.date is not None):
                items[found.url] = found
    return list(items.values())


def _items_under(root: lxml_html.HtmlElement, base: str, today: date) -> Iterator[ListItem]:
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "#")):
            continue
        container = _row_of(anchor)
        if container is None:
            continue
        try:
            url = normalise(urljoin(base, href))
        except ValueError:  # e.g. a non-numeric port: that row is skipped, not the page
            continue
        title = _SPACE.sub(" ", anchor.get("title") or anchor.text_content()).strip()
        row_text = _SPACE.sub(" ", " ".join(container.itertext()))  # cells apart: <td>…</td><td>…</td>
        yield ListItem(title, url, plausible(item_date(row_text, url, today), today))


def _row_of(anchor: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The list row around a link, if the link is the only one in it (menus hold many)."""
    for level, ancestor in enumerate(anchor.iterancestors()):
        single = len(ancestor.xpath(".//a[@href]")) == 1
        if ancestor.tag in _CONTAINERS:
            return ancestor if single else None
        if ancestor.tag == "div" and level < 2 and single:
            if len(ancestor.text_content()) <= _ROW_MAX_CHARS:
                return ancestor
        if ancestor.tag in {"ul", "ol", "table", "body"} or level >= 2:
            return None
    return None
