"""Every link on a page: where it points, its anchor text, its kind, and where on the page it sits."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html
from w3lib.url import safe_url_string

from crawler.extractors.hanweb import datastore_records
from crawler.extractors.script_links import is_inline_code, script_urls

ATTACHMENT_EXTENSIONS = frozenset(
    "pdf doc docx xls xlsx et ppt pptx wps ofd zip rar 7z txt csv".split()
)
IMAGE_EXTENSIONS = frozenset("jpg jpeg png gif bmp webp svg ico".split())
_NAV_HINT = re.compile(r"nav|menu|daohang|dh\b|lanmu|topbar", re.IGNORECASE)
_FOOTER_HINT = re.compile(r"foot|bottom|copyright|banquan|bq\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_NOT_FETCHED_SCHEMES = {"javascript": "javascript", "mailto": "mailto", "tel": "tel"}  # scheme: kind
_ANCHOR_MAX_CHARS = 200  # an onclick on a <tr> or <div> holds a whole row, not a title
# (tag, attribute, kind): the kind said by the tag; a/area/frames are refined by their URL
_SOURCES = {
    "a": ("href", "page"),
    "area": ("href", "page"),
    "img": ("src", "image"),
    "iframe": ("src", "frame"),
    "frame": ("src", "frame"),
    "link": ("href", "style"),
    "script": ("src", "script"),
    "embed": ("src", "attachment"),
    "object": ("data", "attachment"),
}
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_HOST_PORT = re.compile(r"(\[[^\]]*\]|[^:]*)(?::(\d*))?")
_PATH_SESSION = re.compile(r";jsessionid=[^/;]*", re.IGNORECASE)
_SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "sessionid"})
# sid is a session id only when it looks like one: old ASP/PHP CMSs also use sid=12 for a section
_SESSION_TOKEN = re.compile(r"[0-9A-Za-z_-]{16,}")
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


@dataclass(frozen=True)
class FoundLink:
    url: str  # absolute, normalised; javascript:, mailto: and tel: links as written
    anchor: str
    kind: str  # page | image | attachment | external | frame | style | script | mailto | tel | javascript
    position: str  # nav | footer | home-block | body


def extension(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""


@lru_cache(maxsize=65536)  # a site's navigation and footer repeat the same URLs on every page
def normalise(url: str) -> str:
    """Absolute URL as the crawler requests it, so one resource has one spelling.

    Percent-encoded (w3lib), scheme and host lowercased, default port dropped, no fragment,
    no session id (;jsessionid=, jsessionid, phpsessid, sessionid, aspsessionid*, a token-like sid),
    dot segments resolved, empty path as "/". The remaining query keeps its order: some CMSs care.
    """
    parts = urlsplit(safe_url_string(url.strip()))
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return urlunsplit(parts._replace(fragment=""))
    userinfo, at, host_port = parts.netloc.rpartition("@")
    netloc = host_port.lower()
    if split := _HOST_PORT.fullmatch(netloc):  # not when the port is garbage: then left as written
        host, port = split.group(1), str(int(split.group(2))) if split.group(2) else ""
        netloc = host + (f":{port}" if port and port != _DEFAULT_PORTS[scheme] else "")
    netloc = f"{userinfo}{at}{netloc}"
    path = _remove_dot_segments(_PATH_SESSION.sub("", parts.path)) or "/"
    query = "&".join(p for p in parts.query.split("&") if not _is_session_param(p)) if parts.query else ""
    normal = urlunsplit((scheme, netloc, path, query, ""))
    return _ESCAPE.sub(lambda m: m.group(0).upper(), normal)  # %e5 and %E5 are one byte


def _is_session_param(pair: str) -> bool:
    name, _, value = pair.partition("=")
    name = unquote(name).strip().lower()
    if name == "sid":
        return bool(_SESSION_TOKEN.fullmatch(value))
    return name in _SESSION_PARAMS or name.startswith("aspsessionid")


def _remove_dot_segments(path: str) -> str:
    """RFC 3986, 5.2.4: /a/./b/../c becomes /a/c."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    return "/".join(output)


def base_url(tree: lxml_html.HtmlElement, page_url: str) -> str:
    base = tree.find(".//base[@href]")
    return urljoin(page_url, base.get("href").strip()) if base is not None else page_url


def extract_links(
    tree: lxml_html.HtmlElement,
    page_url: str,
    in_scope: Callable[[str], bool],
    is_home: bool = False,
) -> Iterator[FoundLink]:
    """Links in document order; javascript:, mailto: and tel: are kept (recorded, never fetched).

    Besides the tags' own attributes: every srcset candidate, and the URLs that onclick handlers,
    javascript: hrefs and inline scripts open (window.open, location = ...; see script_links.py).
    """
    base = base_url(tree, page_url)
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        handler = element.get("onclick") or ""
        if tag in _SOURCES:
            attribute, kind = _SOURCES[tag]
            raw = (element.get(attribute) or "").strip()
            if raw and (tag != "link" or "stylesheet" in (element.get("rel") or "").lower()):
                yield from _link(raw, base, kind, in_scope, _anchor(element), position_of(element, is_home))
                if kind == "page" and raw[:11].lower() == "javascript:":
                    handler = f"{raw[11:]}\n{handler}"
        if handler:
            yield from _opened(element, handler, base, in_scope, is_home)
        if tag in {"img", "source"} and element.get("srcset"):
            yield from _srcset(element, base, in_scope, is_home)
        if tag == "script" and is_inline_code(element):
            position = position_of(element, is_home=False)  # a script sits in no homepage block
            for raw in script_urls(element.text):
                yield from _link(raw, base, "page", in_scope, "", position)
    for record in datastore_records(tree):
        for anchor in record.iter("a"):
            if raw := (anchor.get("href") or "").strip():
                yield from _link(raw, base, "page", in_scope, _anchor(anchor), position_of(anchor, is_home))
    for refresh in tree.iterfind(".//meta[@http-equiv]"):
        if refresh.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url\s*=\s*['\"]?([^'\";]+)", refresh.get("content", ""), re.I)
            if target:
                position = position_of(refresh, is_home)
                yield from _link(target.group(1), base, "page", in_scope, _anchor(refresh), position)


def _opened(
    element: lxml_html.HtmlElement, code: str, base: str, in_scope: Callable[[str], bool], is_home: bool
) -> Iterator[FoundLink]:
    """What an onclick handler or a javascript: href opens; a repeat of the element's own href is not new."""
    urls = dict.fromkeys(script_urls(code))
    if not urls:
        return
    own = element.get("href") if element.tag in {"a", "area"} else None
    anchor = _anchor(element) if element.tag in {"a", "area", "img"} else _text(element)[:_ANCHOR_MAX_CHARS]
    position = position_of(element, is_home)
    for raw in urls:
        if raw != own:
            yield from _link(raw, base, "page", in_scope, anchor, position)


def _srcset(
    element: lxml_html.HtmlElement, base: str, in_scope: Callable[[str], bool], is_home: bool
) -> Iterator[FoundLink]:
    """Each candidate of img srcset, and of source srcset inside <picture>, as an image."""
    described = element
    if element.tag == "source":  # libxml2 does not know <source> is empty: later siblings nest in it
        if (picture := next(element.iterancestors("picture"), None)) is None:
            return
        described = picture.find(".//img")  # the alt text sits on the picture's img
    own = (element.get("src") or "").strip()
    anchor = _anchor(described if described is not None else element)
    position = position_of(element, is_home)
    for raw in dict.fromkeys(srcset_urls(element.get("srcset"))):
        if raw != own:
            yield from _link(raw, base, "image", in_scope, anchor, position)


def srcset_urls(srcset: str) -> list[str]:
    """The candidate URLs of a srcset, parsed as HTML does (a comma may sit inside a URL)."""
    urls: list[str] = []
    position, length = 0, len(srcset)
    while True:
        while position < length and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        if position >= length:
            return urls
        start = position
        while position < length and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # descriptors (1x, 480w) run to the next comma outside parentheses
            depth = 0
            while position < length and (srcset[position] != "," or depth):
                if srcset[position] == "(":
                    depth += 1
                elif srcset[position] == ")" and depth:
                    depth -= 1
                position += 1
        if url:
            urls.append(url)


def _link(
    raw: str, base: str, kind: str, in_scope: Callable[[str], bool], anchor: str, position: str
) -> Iterator[FoundLink]:
    scheme = match.group(1).lower() if (match := _SCHEME.match(raw)) else ""
    if scheme in _NOT_FETCHED_SCHEMES:
        yield FoundLink(raw, anchor, _NOT_FETCHED_SCHEMES[scheme], position)
        return
    if scheme and scheme not in _DEFAULT_PORTS:
        return  # data:, ftp:, about: and the like
    try:
        url = normalise(urljoin(base, raw))
    except ValueError:  # a port that is not a number, a broken [IPv6] host: nothing to request
        return
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


def _text(element: lxml_html.HtmlElement) -> str:
    return _SPACE.sub(" ", element.text_content()).strip()


def _anchor(element: lxml_html.HtmlElement) -> str:
    text = _text(element) if element.tag in {"a", "area"} else ""
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
