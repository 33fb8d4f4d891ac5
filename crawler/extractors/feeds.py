"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds of new-media accounts (政务新媒体): who posted what, and when.

The facts behind ACCOUNT-STALE (no post for 14 days), ACCOUNT-DORMANT (90 days) and ACCOUNT-EMPTY (no
posts at all); ACCOUNT-GONE (404) is the fetcher's fact. Feeds come from bridges (wechat-feeds, RSSHub)
that put several articles of one WeChat push under one identical time: count `pushes()`, not posts.
Parsing is safe: no entity expansion, no network, no DTD loading; a feed that declares entities is
refused. Every bad body (HTML, truncated, empty, undecodable) raises FeedError, never anything else.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree

CST = timezone(timedelta(hours=8), "CST")   # Chinese bridges write local time without a zone
UTC = timezone.utc
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
# 2021-06-17 14:51:23, 2021/6/17 14:51, 2021年6月17日 14时51分, 2021.06.17 (zone optional)
_CN_DATE = re.compile(
    r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})(?:\.\d+)?\s*秒?|\s*分)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$", re.I)
# Pinned posts: a title opening with 【置顶】/[置顶]/(置顶)/置顶：, or a category 置顶 / 置顶微博.
_PINNED_TITLE = re.compile(r"^\s*(?:[【\[［(（]\s*置顶\s*[】\]］)）]|置顶\s*[:：|｜])")
_PINNED_CATEGORIES = {"置顶", "置顶微博", "置顶帖"}
# lxml's message -> what went wrong, in words an office can act on
_REASONS = [
    ("amplification", "实体展开过多（疑似“十亿笑声”攻击）"),
    ("entity", "含有未定义或不安全的实体"),
    ("unsupported encoding", "声明了无法识别的字符编码"),
    ("encoding", "内容与声明的字符编码不符（例如声明 UTF-8 实为 GBK）"),
    ("utf-8", "内容与声明的字符编码不符（例如声明 UTF-8 实为 GBK）"),
    ("document is empty", "内容为空"),
    ("premature end", "XML 不完整（可能被截断）"),
]


class FeedError(ValueError):
    """The body is not a readable RSS/Atom feed; the message says why, in Chinese."""


@dataclass(frozen=True)
class Post:
    """One item/entry. `published` is timezone-aware, or None when the feed gives no readable time."""

    title: str
    url: str
    published: datetime | None
    pinned: bool = False

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "published": self.published.isoformat() if self.published else None}


@dataclass(frozen=True)
class Feed:
    """A feed as published: posts in document order (bridges put a pinned post first). `link` is the
    account's page, else the feed's own URL; `updated` is the bridge's build time, not a post's."""

    title: str
    link: str
    updated: datetime | None
    posts: list[Post] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"title": self.title, "link": self.link,
                "updated": self.updated.isoformat() if self.updated else None,
                "posts": [post.as_dict() for post in self.posts]}


def read_feed(body: bytes, url: str) -> Feed:
    """Parse an RSS 2.0, RSS 1.0/RDF or Atom body fetched from `url` (relative links resolve against it)."""
    root = _parse(body)
    kind = _local(root)
    if kind == "feed":                                # Atom 1.0 (and 0.3)
        channel, items = root, _children(root, "entry")
    elif kind in ("rss", "RDF"):                      # RSS 0.9x/2.0; RSS 1.0 keeps items beside <channel>
        channel = next(iter(_children(root, "channel")), None)
        if channel is None:
            raise FeedError("订阅源缺少 <channel> 元素，无法读取账号信息")
        items = _children(channel, "item") + _children(root, "item")
    else:
        raise FeedError(f"不是 RSS/Atom 订阅源：根元素是 <{kind}>")
    updated = _first_date(channel, "updated", "modified", "pubDate", "lastBuildDate", "date")
    return Feed(_text(channel, "title"), _link(channel, url) or url, updated,
                [_post(item, url) for item in items])


def pushes(posts: Iterable[Post]) -> list[datetime]:
    """Distinct publication times, newest first: one WeChat push = several articles with one time.
    Pinned posts count like any other; filter them out first where that matters."""
    return sorted({post.published for post in posts if post.published is not None}, reverse=True)


def newest(posts: Iterable[Post], skip_pinned: bool = True) -> datetime | None:
    """The latest publication time. Pinned posts are skipped unless they are the only dated ones
    (an account whose one post is pinned did post then); None when nothing is dated."""
    dated = [(post.published, post.pinned) for post in posts if post.published is not None]
    if skip_pinned and any(not pinned for _, pinned in dated):
        dated = [(when, pinned) for when, pinned in dated if not pinned]
    return max((when for when, _ in dated), default=None)


def parse_feed_date(text: str) -> datetime | None:
    """RFC 822 (pubDate), ISO 8601 (Atom, dc:date) or the bridges' "2021-06-17 14:51:23" (+08:00 when
    no zone is given). Relative times such as 昨天 or 3小时前 are not dates: None."""
    text = text.strip()
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        found = _chinese_date(text) or _rfc822_date(text)
    if found is None:
        return None
    return found if found.tzinfo else found.replace(tzinfo=CST)


def _chinese_date(text: str) -> datetime | None:
    match = _CN_DATE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    zone = (zone or "").upper().replace(":", "")
    try:
        found = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        if zone[1:]:
            sign = 1 if zone[0] == "+" else -1
            found = found.replace(tzinfo=timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))))
    except ValueError:      # 2021-02-30, 25:00, a zone of +99:99
        return None
    return found.replace(tzinfo=UTC) if zone == "Z" else found


def _rfc822_date(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)       # naive for "-0000" and a missing zone: CST is assumed
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _parse(body: bytes) -> etree._Element:
    if not body or not body.strip():
        raise FeedError("订阅源内容为空（0 字节或只有空白）")
    if _HTML_START.match(body[:4096]):
        raise FeedError("返回的是 HTML 网页而不是 RSS/Atom 订阅源（账号可能已失效或被拦截）")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(body, parser)
    except (etree.LxmlError, ValueError, LookupError) as exc:
        message = str(exc)
        if not body.rstrip().endswith(b">"):          # a whole XML document ends with ">"
            reason = "XML 不完整（可能被截断）"
        else:
            reason = next((why for key, why in _REASONS if key in message.lower()), "XML 格式错误")
        raise FeedError(f"订阅源不是合法的 XML：{reason}（{message}）") from exc
    if root is None:
        raise FeedError("订阅源不是合法的 XML：没有根元素")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        # Entities in a feed are an XXE or "billion laughs" attempt, never content: refuse (as defusedxml does)
        raise FeedError("订阅源声明了 XML 实体（<!ENTITY>），出于安全考虑拒绝解析（疑似 XXE/实体膨胀攻击）")
    return root


def _post(item: etree._Element, base: str) -> Post:
    title = _text(item, "title")
    categories = {_category(el) for el in _children(item, "category")}
    pinned = bool(_PINNED_TITLE.match(title)) or bool(categories & _PINNED_CATEGORIES)
    published = _first_date(item, "pubDate", "published", "issued", "date", "updated", "modified", "created")
    return Post(title, _link(item, base), published, pinned)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in el if _local(child) == name]


def _text(el: etree._Element, name: str) -> str:
    """The first `name` child's text; Atom's type="html" titles lose their markup."""
    for child in _children(el, name):
        text = child.xpath("string()").strip()
        if child.get("type") == "html":
            text = html.unescape(_TAG.sub("", text)).strip()
        return " ".join(text.split())
    return ""


def _category(el: etree._Element) -> str:
    return (el.get("term") or el.get("label") or el.xpath("string()")).strip()


def _link(el: etree._Element, base: str) -> str:
    """RSS <link>text</link>, else Atom's alternate <link href>, else a permalink <guid>/<id>."""
    hrefs = []
    for child in _children(el, "link"):
        text = (child.text or "").strip()
        if text:
            return _join(base, text)
        href = (child.get("href") or "").strip()
        if href and child.get("rel", "alternate") == "alternate":
            hrefs.append(href)
    if hrefs:
        return _join(base, hrefs[0])
    for name in ("guid", "id"):
        for child in _children(el, name):
            text = (child.text or "").strip()
            if text.startswith(("http://", "https://")) and child.get("isPermaLink") != "false":
                return text
    about = el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about", "")
    return about if about.startswith(("http://", "https://")) else ""


def _join(base: str, link: str) -> str:
    try:
        return urljoin(base, link)
    except ValueError:        # "http://[bad" (Invalid IPv6 URL): keep the link as written
        return link


def _first_date(el: etree._Element, *names: str) -> datetime | None:
    """The first readable date among the children named (pubDate, dc:date, published, …), in that order."""
    for name in names:
        for child in _children(el, name):
            found = parse_feed_date(child.xpath("string()"))
            if found is not None:
                return found
    return None
