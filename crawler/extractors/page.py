"""One HTML page read once: the tree is parsed a single time and every extractor works on it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from crawler.extractors.article import article_facts
from crawler.extractors.columns import ColumnLink, ListPage, column_links, list_page
from crawler.extractors.hanweb import is_datastore
from crawler.extractors.hidden import HiddenLink, hidden_links
from crawler.extractors.identity import identity_marks
from crawler.extractors.links import FoundLink, extract_links
from crawler.extractors.listing import ListItem, list_items
from crawler.extractors.messages import MessagePage, message_facts
from crawler.extractors.meta import head_meta, published, title
from crawler.extractors.pagination import datastore_tree
from crawler.extractors.policy_meta import policy_metadata

_SOFT_404 = re.compile(r"页面不存在|页面未找到|找不到(?:该|您要访问的)?页面|您访问的页面不存在|404\s*Not\s*Found|^\s*404\s*$", re.I)
_SOFT_404_MAX_TEXT = 1500  # an error page says little; a real page mentioning "404" says more
_SPACE = re.compile(r"\s+")
# Browsers ignore </body> and </html> and read on; libxml2 stops there, losing everything after a
# stray one (www.gov.cn's included header ends in </html>, before the article and the footer).
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.I)


@dataclass(frozen=True)
class PageFacts:
    title: str
    meta: dict[str, str]
    links: list[FoundLink]
    items: list[ListItem]
    published: str | None
    text: str
    soft404: bool
    identity: dict[str, Any] = field(default_factory=dict)
    policy: dict[str, str] = field(default_factory=dict)
    article: dict[str, Any] = field(default_factory=dict)
    column: ListPage | None = None  # when the page is a column's list page
    column_links: list[ColumnLink] = field(default_factory=list)  # columns it links to (homepage)
    messages: MessagePage | None = None  # a message board's letters, or one letter's page
    hidden_links: list[HiddenLink] = field(default_factory=list)  # off-site links CSS hides


def parse_html(text: str) -> lxml_html.HtmlElement | None:
    """A tree for any text that holds markup; None when there is none to parse."""
    try:
        return lxml_html.document_fromstring(_DOCUMENT_END.sub("", text))
    except (etree.ParserError, ValueError):
        return None


def visible_text(tree: lxml_html.HtmlElement) -> str:
    parts = tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
    return _SPACE.sub(" ", " ".join(parts)).strip()


def read_page(
    text: str,
    url: str,
    in_scope: Callable[[str], bool],
    is_home: bool,
    today: date,
    name_hint: str | None = None,
) -> PageFacts:
    if is_datastore(text):
        return _datastore_facts(text, url, in_scope, today, name_hint)
    tree = parse_html(text)
    if tree is None:
        return PageFacts("", {}, [], [], None, "", soft404=False)
    meta = head_meta(tree)
    page_title = title(tree)
    body_text = visible_text(tree)
    links = list(extract_links(tree, url, in_scope, is_home))
    rows = list_items(tree, url, today)
    soft404 = bool(_SOFT_404.search(page_title)) or (
        len(body_text) <= _SOFT_404_MAX_TEXT and bool(_SOFT_404.search(body_text))
    )
    return PageFacts(
        title=page_title,
        meta=meta,
        links=links,
        items=rows,
        published=published(body_text, meta, url),
        text=body_text,
        soft404=soft404,
        identity=identity_marks(tree, meta).as_dict(),
        policy=policy_metadata(tree),
        article=article_facts(body_text, meta, links).as_dict(),
        column=None if is_home else list_page(tree, url, today, name_hint, rows),
        column_links=column_links(tree, url, in_scope) if is_home else [],
        messages=message_facts(tree, url, today, body_text),
        hidden_links=hidden_links(tree, url, in_scope),
    )


def _datastore_facts(text: str, url: str, in_scope: Callable[[str], bool], today: date,
                     name_hint: str | None) -> PageFacts:
    """A Hanweb dataproxy.jsp answer: a later page of a column's list, as data. No page is around it
    (no title, head meta or footer), so the checks of whole pages do not read it."""
    tree = datastore_tree(text)
    rows = list_items(tree, url, today)
    return PageFacts(title="", meta={}, links=list(extract_links(tree, url, in_scope)), items=rows,
                     published=None, text="", soft404=False, column=list_page(tree, url, today, name_hint, rows))
