"""Columns (栏目): where the navigation and homepage blocks lead, what a list page holds, what kind a column is.

Facts for COLUMN-STALE (newest dated item vs. the kind's window), COLUMN-EMPTY (暂无信息 or an empty
list) and HOME-STALE on navigation-only homepages (any second-level page's newest item); see
../shared/domain/indicators.md, "What the crawler must understand". The crawler records these facts;
checks judge them. Paging, and how far to follow it, is in pagination.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from urllib.parse import urlsplit

from lxml import html as lxml_html

from crawler.extractors.dates import date_in_url
from crawler.extractors.hanweb import datastore_records
from crawler.extractors.links import ATTACHMENT_EXTENSIONS, IMAGE_EXTENSIONS, base_url, extension, normalise
from crawler.extractors.links import position_of
from crawler.extractors.listing import ListItem, list_items
from crawler.extractors.meta import head_meta
from crawler.extractors.pagination import absolute, needs_next_page, read_pager

__all__ = ["ColumnLink", "ListPage", "classify", "clean_name", "column_links", "list_page", "needs_next_page"]

_SPACE = re.compile(r"\s+")
_MORE = re.compile(r"[\[【(（]?(?:查看)?(?:更多|more)(?:信息|内容|\.+|…+)?[\]】)）]?[>＞»›+]*|[>＞»›+]{1,3}", re.I)
_NAME_NOISE = re.compile(r"(?:查看)?更多|more|[>＞»›+]+", re.I)
_EMPTY_BRACKETS = re.compile(r"[\[【(（][\]】)）]")  # what [更多] leaves
_HOME_NAMES = frozenset({"首页", "网站首页", "返回首页", "主页", "home"})
_HOME_PATH = re.compile(r"^/?(?:(?:index|default|main|home)\.\w+)?$", re.I)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TITLE_HINT = re.compile(r"(?:^|[\s_-])(?:tit|title|bt|hd|head|lmmc|lm-?name)(?:$|[\s_-])", re.I)
_NAME_MAX = 20  # a column name is a few words; a longer "heading" is a title or a sentence
_SIDE_HINT = re.compile(r"side|hot|rank|related|xg(?:xx|lj|wz|wj)|tuijian|recommend|yqlj|friend|header|toolbar", re.I)
_CRUMB_HINT = re.compile(r"crumb|position|location|dqwz|weizhi|bread", re.I)
_CRUMB_LABEL = re.compile(r"\s*(?:您)?[^：:>]{0,6}位置\s*[:：]\s*")  # 您当前所在位置： 当前位置： 您现在的位置：
_CRUMB_MAX = 200  # a "position-relative" wrapper holding the whole page is no breadcrumb
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|>|＞|»|›|→|/|\\)\s*")
_CRUMB_TAIL = frozenset({"正文", "列表", "详情", "内容"})
_EMPTY_WORDS = re.compile(r"暂无(?:相关)?(?:信息|数据|内容|记录|文章)|没有(?:相关|找到)?(?:信息|数据|记录|内容)|无相关信息")
_PUBLISHED = re.compile(r"(?:发布|发文|成文)(?:时间|日期)\s*[:：]\s*(?:19|20)\d{2}\s*[-/.年]")
_ARTICLE_TEXT = 500  # characters outside links: a text page, not a list
_TITLE_MIN = 4  # an undated row counts as a list entry when it reads like a title, not like 简/繁/EN
_ROWS = frozenset({"li", "tr", "dd", "dt", "p"})
_TEXT = "//body//text()[not(ancestor::script) and not(ancestor::style)]"
# Kinds tried on a tie of keyword length: subject words (人事, 规划, 政策) before form words (通知,
# 动态), and the longer window first, so 人事动态 is should_update and 政策动态 policy, never dynamic.
KIND_ORDER = ("exclude", "should_update", "policy", "notice", "dynamic")


@dataclass(frozen=True)
class ColumnLink:
    url: str
    name: str  # as the site shows it, without 更多/more/>>
    found_in: str = "nav"  # nav (incl. second-level menus) | block (a homepage block's heading or 更多)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ListPage:
    url: str
    name: str
    items: tuple[ListItem, ...]  # the main list only, Hanweb datastore records included
    newest: date | None  # newest dated item; undated items do not count
    empty: bool  # no item in the main list (暂无信息, an empty <ul>, an empty datastore)
    empty_text: str | None  # the words shown, e.g. 暂无信息
    pagination: tuple[str, ...]  # next list pages, nearest first
    total_pages: int | None  # 共N页, when the page says it
    pinned: tuple[str, ...] = ()  # URLs of items marked 置顶 (kept on top whatever their date)
    pages_by_post: bool = False  # the later pages are Hanweb dataproxy.jsp pages jpage POSTs for

    def as_dict(self) -> dict:
        items = [{"title": i.title, "url": i.url, "date": i.date and i.date.isoformat()} for i in self.items]
        newest = self.newest and self.newest.isoformat()
        return {**asdict(self), "items": items, "newest": newest, "pagination": list(self.pagination),
                "pinned": list(self.pinned)}


def column_links(tree: lxml_html.HtmlElement, page_url: str, in_scope: Callable[[str], bool]) -> list[ColumnLink]:
    """Candidate columns: navigation entries, homepage blocks' headings and 更多 links (first name wins)."""
    base = base_url(tree, page_url)
    found: dict[str, ColumnLink] = {}
    for anchor in tree.iter("a"):
        position = position_of(anchor, is_home=False)
        more = position == "body" and _is_more(anchor)
        if position != "nav" and not more and not (position == "body" and _in_heading(anchor)):
            continue
        name = clean_name(_block_heading(anchor) if more else _text(anchor))
        url = _column_url(anchor.get("href") or "", base, page_url, in_scope)
        if url and name and name.lower() not in _HOME_NAMES and len(name) <= _NAME_MAX:
            found.setdefault(url, ColumnLink(url, name, "nav" if position == "nav" else "block"))
    return list(found.values())


def list_page(tree: lxml_html.HtmlElement, page_url: str, today: date, name_hint: str | None = None,
              rows: list[ListItem] | None = None) -> ListPage | None:
    """The facts of a column list page; None for a homepage, an article or any other page.

    A list page shows two dated rows in one list; failing that, and not being an article
    (ArticleTitle meta, a 发布时间： line or a long text), a Hanweb datastore, a pager, 暂无信息,
    an empty list, a dated row or two undated rows. The main list is the row group with the most
    dated items (then the most items) outside nav, footer and side boxes (热点, 相关链接 ...).
    Its name: meta ColumnName, else the breadcrumb's last element, the list's heading, name_hint.
    """
    more_links = {a.get("href") for a in tree.iter("a") if a.get("href") and _is_more(a) and _in_main(a)}
    if _HOME_PATH.fullmatch(urlsplit(page_url).path) or len(more_links) >= 2:  # a homepage: 更多 in each block
        return None
    meta, pager = head_meta(tree), read_pager(tree, page_url)
    has_store = any("<datastore" in (s.text or "").lower() for s in tree.iterfind(".//script[@type]"))
    rows = list_items(tree, page_url, today) if rows is None else rows  # read_page passes its own
    items, container, pinned = _main_list(tree, page_url, rows, pager.anchors, has_store)
    dated = [item.date for item in items if item.date]
    marker, hollow = _emptiness(tree)
    if len(dated) < 2 and _is_article(tree, meta):  # a Hanweb article may hold a datastore of related items
        return None
    if not has_store and len(dated) < 2:
        titled = [item for item in items if len(item.title) >= _TITLE_MIN]
        if not (pager.urls or marker or hollow or dated or len(titled) >= 2):
            return None
        if marker and not dated:  # 暂无信息 beside undated links: those links are not this list
            items, container, pinned = [], None, set()
    name = clean_name(meta.get("ColumnName", "")) or _crumb_tail(tree) or _heading(tree, container) or name_hint
    return ListPage(
        url=normalise(page_url), name=name or "", items=tuple(items), newest=max(dated, default=None),
        empty=not items, empty_text=marker if not items else None, pagination=pager.urls,
        total_pages=pager.total_pages, pinned=tuple(item.url for item in items if item.url in pinned),
        pages_by_post=pager.by_post,
    )


def classify(name: str, keywords: Mapping[str, list[str]], overrides: Mapping[str, str] | None = None,
             url: str | None = None) -> str | None:
    """The column's kind (dynamic, notice, policy, should_update) or "exclude"; None when nothing matches.

    Overrides first: a key starting with http(s):// is a URL prefix, with / a path prefix matching
    whole segments (/xxgk/zcjd covers /xxgk/zcjd/ and below, not /xxgk/zcjd2/), the longest first;
    any other key is an exact column name. Then keywords: the longest keyword found in the name wins
    (so an office can add 政策动态 to dynamic), a tie goes by KIND_ORDER.
    """
    name, overrides = _SPACE.sub("", name), overrides or {}
    if prefixes := [key for key in overrides if url and _covers(key, url)]:
        return overrides[max(prefixes, key=len)]
    if name in overrides:
        return overrides[name]
    rank = {kind: n for n, kind in enumerate(KIND_ORDER)}
    matches = [(len(word), -rank.get(kind, len(rank)), kind) for kind, words in keywords.items()
               for word in words if word and word in name]
    return max(matches)[2] if matches else None


def clean_name(text: str) -> str:
    """A column name as shown, without 更多/more/>> and spaces."""
    return _EMPTY_BRACKETS.sub("", _NAME_NOISE.sub("", _SPACE.sub("", text))).strip("-_.·|｜:：")


def _covers(key: str, url: str) -> bool:
    """An override key that is a URL prefix, or a path prefix of whole segments, covering the URL."""
    path, stem = urlsplit(url).path or "/", key.rstrip("/")
    in_path = key.startswith("/") and (path in {key, stem} or path.startswith(stem + "/"))
    return url.startswith(key) if key.startswith(("http://", "https://")) else in_path


# -- column links -------------------------------------------------------------------------------
def _text(anchor: lxml_html.HtmlElement) -> str:
    """The link's text, else its image's alt, else its title."""
    image = anchor.find(".//img")
    alt = (image.get("alt") or "") if image is not None else ""
    return _SPACE.sub("", anchor.text_content()) or alt or anchor.get("title") or ""


def _is_more(anchor: lxml_html.HtmlElement) -> bool:
    text = _text(anchor)
    return bool(_MORE.fullmatch(text)) or (not text and "more" in (anchor.get("class") or "").lower())


def _block_heading(anchor: lxml_html.HtmlElement) -> str:
    """The block title beside a 更多 link: its title attribute, its box's other text, or the nearest heading."""
    title = clean_name(anchor.get("title") or "")
    if title and not _MORE.fullmatch(title):
        return title
    for ancestor in list(anchor.iterancestors())[:3]:
        rest = clean_name(ancestor.text_content().replace(anchor.text_content(), "", 1))
        if rest and len(rest) <= _NAME_MAX:
            return rest
        for element in ancestor.iter(*_HEADINGS, "div", "span", "p"):
            if element.tag in _HEADINGS or _TITLE_HINT.search(element.get("class") or ""):
                if (heading := clean_name(element.text_content())) and len(heading) <= _NAME_MAX:
                    return heading
    return ""


def _in_heading(anchor: lxml_html.HtmlElement) -> bool:
    """A link that is a block's title (<h3><a>通知公告</a></h3>), not a row of a list."""
    for level, ancestor in enumerate(anchor.iterancestors()):
        if level >= 2 or ancestor.tag in _ROWS:
            return False
        if ancestor.tag in _HEADINGS or _TITLE_HINT.search(ancestor.get("class") or ""):
            return True
    return False


def _column_url(href: str, base: str, page_url: str, in_scope: Callable[[str], bool]) -> str | None:
    """The link's URL when it may be a column: in scope, not an article (dated URL), a file or the homepage."""
    url = absolute(base, href)
    if url is None or not url.startswith(("http://", "https://")) or not in_scope(url) or date_in_url(url):
        return None
    parts = urlsplit(url)
    home = parts.netloc == urlsplit(normalise(page_url)).netloc and _HOME_PATH.fullmatch(parts.path)
    return None if home and not parts.query or extension(url) in ATTACHMENT_EXTENSIONS | IMAGE_EXTENSIONS else url


# -- list pages ---------------------------------------------------------------------------------
def _main_list(tree: lxml_html.HtmlElement, page_url: str, rows: list[ListItem], skip: frozenset,
               has_store: bool) -> tuple[list[ListItem], lxml_html.HtmlElement | None, set[str]]:
    """The main list's items (of the page's list rows), its container (None for a datastore), and
    its pinned URLs."""
    base = base_url(tree, page_url)
    known = {item.url: item for item in rows}
    groups: dict[object, dict[str, ListItem]] = {}
    pinned: set[str] = set()
    roots = [("store", record) for record in datastore_records(tree)] if has_store else [(None, tree)]
    for key, root in roots:
        for anchor in root.iter("a"):
            url, row = absolute(base, anchor.get("href") or ""), _row(anchor)
            if anchor in skip or url not in known or row is None or (key is None and not _in_main(row)):
                continue
            groups.setdefault(key if key is not None else row.getparent(), {})[url] = known[url]
            if "置顶" in row.text_content() or any("置顶" in (img.get("alt") or "") for img in row.iter("img")):
                pinned.add(url)
    # rows of <div>s and cells make a list only when there are several of them
    lists = {k: g for k, g in groups.items() if k == "store" or k.tag not in {"div", "td"} or len(g) >= 2}
    key, best = max(lists.items(), key=lambda kv: (sum(1 for i in kv[1].values() if i.date), len(kv[1])),
                    default=("store", {}))
    return list(best.values()), None if key == "store" else key, pinned & best.keys()


def _row(anchor: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The list row around a link: li, tr, dd, dt, p, or a small div holding only this link."""
    for level, ancestor in enumerate(anchor.iterancestors()):
        if ancestor.tag in _ROWS or (ancestor.tag == "div" and level < 2 and len(ancestor.xpath(".//a[@href]")) == 1):
            return ancestor
        if level >= 2 or ancestor.tag in {"ul", "ol", "table", "body"}:
            return None
    return None


def _in_main(element: lxml_html.HtmlElement) -> bool:
    """Not in nav, footer, header, or a side box (热点, 排行, 相关链接, 友情链接)."""
    return position_of(element, is_home=False) == "body" and not any(
        a.tag in {"aside", "header"} or _SIDE_HINT.search(f"{a.get('id', '')} {a.get('class', '')}")
        for a in element.iterancestors())


def _emptiness(tree: lxml_html.HtmlElement) -> tuple[str | None, bool]:
    """暂无信息 (or its like) said in the main part, and whether an empty <ul>/<ol>/<tbody>/<dl> is there."""
    said = (m.group(0) for t in tree.xpath(_TEXT) if (m := _EMPTY_WORDS.search(t)) and _in_main(t.getparent()))
    hollow = any(not _SPACE.sub("", e.text_content()) and not e.xpath(".//a|.//img") and _in_main(e)
                 for e in tree.iter("ul", "ol", "tbody", "dl"))
    return next(said, None), hollow


def _is_article(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> bool:
    """ArticleTitle meta, a 发布时间： line, or a long text outside links."""
    if meta.get("ArticleTitle") or _PUBLISHED.search(" ".join(tree.xpath(_TEXT))):
        return True
    prose = tree.xpath(f"{_TEXT}[not(ancestor::a)]")
    return sum(len(_SPACE.sub("", t)) for t in prose if _in_main(t.getparent())) >= _ARTICLE_TEXT


def _crumb_tail(tree: lxml_html.HtmlElement) -> str | None:
    """The last element of the breadcrumb (您当前所在位置：首页 > 政务动态 gives 政务动态)."""
    for element in tree.xpath("//body//*[not(self::script) and not(self::style)]"):
        hinted = _CRUMB_HINT.search(f"{element.get('id', '')} {element.get('class', '')}")
        text = _SPACE.sub(" ", element.text_content())
        if (hinted or _CRUMB_LABEL.match(element.text or "")) and len(text) <= _CRUMB_MAX:
            parts = [clean_name(p) for p in _CRUMB_SPLIT.split(_CRUMB_LABEL.sub("", text))]
            last = ([p for p in parts if p and p not in _CRUMB_TAIL] or [""])[-1]
            return last if last and last not in _HOME_NAMES and len(last) <= _NAME_MAX else None
    return None


def _heading(tree: lxml_html.HtmlElement, container: lxml_html.HtmlElement | None) -> str | None:
    """The nearest heading before the main list (the first in the main part when there is no list)."""
    before = "preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5]"
    candidates = container.xpath(before)[::-1] if container is not None else list(tree.iter(*_HEADINGS))
    headings = [h for h in candidates if _in_main(h) and not h.xpath("ancestor::a|.//a")]
    name = clean_name(headings[0].text_content()) if headings else ""
    return name if name and len(name) <= _NAME_MAX else None
