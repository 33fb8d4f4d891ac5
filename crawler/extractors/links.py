"""Every link on a page: where it points, its anchor text, its kind, and where on the page it sits."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html
from w3lib.url import safe_url_string

from crawler.extractors.hanweb import datastore_records

ATTACHMENT_EXTENSIONS = frozenset(
    "pdf doc docx xls xlsx et ppt pptx wps ofd zip rar 7z txt csv".split()
)
IMAGE_EXTENSIONS = frozenset("jpg jpeg png gif bmp webp svg ico".split())
_NAV_HINT = re.compile(r"nav|menu|daohang|dh\b|lanmu|topbar", re.IGNORECASE)
_FOOTER_HINT = re.compile(r"foot|bottom|copyright|banquan|bq\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
# (tag, attribute, kind): the kind said by the tag; a/area/frames are refined by their URL
_SOURCES = [
    ("a", "href", "page"),
    ("area", "href", "page"),
    ("img", "src", "image"),
    ("iframe", "src", "frame"),
    ("frame", "src", "frame"),
    ("link", "href", "style"),
    ("script", "src", "script"),
    ("embed", "src", "attachment"),
    ("object", "data", "attachment"),
]


@dataclass(frozen=True)
class FoundLink:
    url: str  # absolute, fragment removed
    anchor: str
    kind: str  # page | image | attachment | external | frame | style | script | mailto | javascript
    position: str  # nav | footer | home-block | body


def extension(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""


def normalise(url: str) -> str:
    """Absolute URL as the crawler requests it: percent-encoded, no fragment."""
    return safe_url_string(url.strip()).split("#", 1)[0]


def base_url(tree: lxml_html.HtmlElement, page_url: str) -> str:
    base = tree.find(".//base[@href]")
    return urljoin(page_url, base.get("href").strip()) if base is not None else page_url


def extract_links(
    tree: lxml_html.HtmlElement,
    page_url: str,
    in_scope: Callable[[str], bool],
    is_home: bool = False,
) -> Iterator[FoundLink]:
    """Links in document order; javascript: and mailto: are kept (recorded, never fetched)."""
    base = base_url(tree, page_url)
    for element in tree.iter("a", "area", "img", "iframe", "frame", "link", "script", "embed", "object"):
        for tag, attribute, kind in _SOURCES:
            if element.tag != tag or not (raw := (element.get(attribute) or "").strip()):
                continue
            if tag == "link" and "stylesheet" not in (element.get("rel") or "").lower():
                continue
            yield from _link(element, raw, base, kind, in_scope, is_home)
    for record in datastore_records(tree):
        for anchor in record.iter("a"):
            if raw := (anchor.get("href") or "").strip():
                yield from _link(anchor, raw, base, "page", in_scope, is_home)
    for refresh in tree.iterfind(".//meta[@http-equiv]"):
        if refresh.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url\s*=\s*['\"]?([^'\";]+)", refresh.get("content", ""), re.I)
            if target:
                yield from _link(refresh, target.group(1), base, "page", in_scope, is_home)


def _link(
    element: lxml_html.HtmlElement,
    raw: str,
    base: str,
    kind: str,
    in_scope: Callable[[str], bool],
    is_home: bool,
) -> Iterator[FoundLink]:
    anchor = _anchor(element)
    position = position_of(element, is_home)
    scheme = raw.split(":", 1)[0].lower() if ":" in raw[:12] else ""
    if scheme in {"javascript", "mailto", "tel"}:
        yield FoundLink(raw, anchor, "mailto" if scheme == "mailto" else "javascript", position)
        return
    if scheme and scheme not in {"http", "https"}:
        return
    url = normalise(urljoin(base, raw))
    if not urlsplit(url).hostname:
        return
    yield FoundLink(url, anchor, refine_kind(kind, url, in_scope), position)


def refine_kind(kind: str, url: str, in_scope: Callable[[str], bool]) -> str:
    if kind not in {"page", "frame"}:
        return kind
    suffix = extension(url)
    if suffix in ATTACHMENT_EXTENSIONS:
        return "attachment"
    if suffix in IMAGE_EXTENSIONS:
        return "image"
    return kind if in_scope(url) else "external"


def _anchor(element: lxml_html.HtmlElement) -> str:
    text = _SPACE.sub(" ", element.text_content() if element.tag in {"a", "area"} else "").strip()
    if not text:
        images = element.xpath(".//img") if element.tag == "a" else [element]
        for candidate in images:
            text = (candidate.get("alt") or candidate.get("title") or "").strip()
            if text:
                break
    return text or (element.get("title") or "").strip()


def position_of(element: lxml_html.HtmlElement, is_home: bool) -> str:
    """nav / footer by the markup around the link; elsewhere body (home-block on a homepage)."""
    for ancestor in element.iterancestors():
        if ancestor.tag == "nav":
            return "nav"
        if ancestor.tag == "footer":
            return "footer"
        hints = f"{ancestor.get('id', '')} {ancestor.get('class', '')}"
        if hints.strip():
            if _NAV_HINT.search(hints):
                return "nav"
            if _FOOTER_HINT.search(hints):
                return "footer"
    return "home-block" if is_home else "body"
