"""Paging of a column's list: its next pages, how many it says it has, and whether freshness needs them.

Read from what the CMSs print: 下一页/尾页 and numbered links in a pager (?page=2, /page/2),
TRS WCM's createPageHTML(count, current, "index", "html") script (index_1.html, index_2.html ...,
often with no link in the HTML at all), Hanweb's datastore <nextgroup> (dataproxy.jsp?startrecord=),
and 共N页 / 1/5页 / totalRecord. Hanweb's jpage script, when it gives the form it POSTs (ajaxParam),
names the later pages itself (hanweb.proxy_url): those are asked with POST (Pager.by_post).
Pages are followed only as far as freshness needs (needs_next_page).
Used by columns.py; see indicators.md (COLUMN-STALE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from math import ceil
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from crawler.extractors.hanweb import proxy_url
from crawler.extractors.links import base_url, normalise

if TYPE_CHECKING:
    from crawler.extractors.columns import ListPage

MAX_LISTED_PAGES = 50  # pages made from a script or a record count; total_pages keeps the full count
_SPACE = re.compile(r"\s+")
_NEXT_WORDS = re.compile(r"下一?页|后一?页|下一頁", re.I)
_NEXT_SYMBOLS = re.compile(r"next|›|»|>|>>|＞|→", re.I)  # next only inside a pager
_LAST_WORDS = re.compile(r"尾页|末页|最后一?页|last", re.I)
_PAGER_TEXT = re.compile(r"上一?页|下一?页|尾页|末页|共\s*\d+\s*页|第\s*\d+\s*页|\d+\s*/\s*\d+\s*页")
_PAGER_HINT = re.compile(r"(?:^|\s)(?:pages?|pager|paging|pagination|fenye|page[-_]?(?:bar|box|div|nav|num))(?:\s|$)",
                         re.I)  # a class token: "page", "pagination"; not "list-page", the whole list's box
_CELLS = frozenset({"li", "span", "td", "b", "strong", "font", "em", "label"})
_PAGER_TEXT_MAX = 300  # a pager says little; a container holding the list as well says more
_TOTAL = [re.compile(p) for p in (r"共(\d+)页", r"第?\d+/(\d+)页", r"页次[:：]?\d+/(\d+)")]  # on text without spaces
# TRS: createPageHTML(5, 0, "index", "html") or createPageHTML("page_div", 5, 0, "index", "html", 60)
_TRS_CALL = re.compile(r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,"
                       r"\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]")
# ... or createPageHTML(countPage, currentPage, prefix, suffix) after var countPage = 5; ...
_TRS_VARS = {name: re.compile(rf"\b{name}\s*=\s*['\"]?([\w-]+)")
             for name in ("countPage", "currentPage", "prefix", "suffix")}
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.S | re.I)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
_TOTAL_RECORDS = re.compile(r"totalrecord\s*(?:[:=]\s*|>\s*)(\d+)", re.I)
_PER_PAGE = re.compile(r"perpage\s*[:=]\s*(\d+)", re.I)
_RECORD = re.compile(r"<record\b", re.I)
_AJAX_PARAM = re.compile(r"ajaxParam\s*[:=]\s*\{([^{}]*)\}", re.I)  # jpage's form: {col: 1, columnid: 1234, ...}
_JS_FIELD = re.compile(r"""['"]?(\w+)['"]?\s*:\s*(?:'([^']*)'|"([^"]*)"|([^\s,'"]+))""")
_PROXY_URL = re.compile(r"""proxyUrl\s*[:=]\s*['"]([^'"]+)['"]""", re.I)
_DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
# where the page number sits in a list URL: (pattern, offset added to the number)
_PAGE_NUMBER = [
    (re.compile(r"/index_(\d+)\.\w+$"), 1),  # TRS: index.html is page 1, index_1.html page 2
    (re.compile(r"[?&](?:page|pageno|pagenum|pageindex|curpage|currpage|currentpage|pn|p)=(\d+)", re.I), 0),
    (re.compile(r"/page/(\d+)/?$"), 0),
    (re.compile(r"/(?:list|lists|default|page)_(\d+)\.\w+$"), 1),  # list.html page 1, list_1.html page 2 (or 1)
]
_RECORD_RANGE = re.compile(r"[?&]startrecord=(\d+)", re.I)
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


@dataclass(frozen=True)
class Pager:
    urls: tuple[str, ...]  # the next list pages, nearest first
    total_pages: int | None
    anchors: frozenset[lxml_html.HtmlElement]  # the pager's own <a> elements, which are not list items
    by_post: bool = False  # Hanweb pages asked as jpage does: POST (hanweb.post_request)


def read_pager(tree: lxml_html.HtmlElement, page_url: str) -> Pager:
    """The pages after this one, from links, TRS scripts and Hanweb datastores; and 共N页.

    A page whose URL names no number is a first page: every other page is later, except a link
    numbered 1. Otherwise only pages numbered above this one are kept. 下一页's target comes first.
    """
    base = base_url(tree, page_url)
    current = page_number(page_url)
    found: list[tuple[int | None, str]] = []
    anchors: set = set()
    next_url = None
    for anchor in tree.iter("a"):
        url = absolute(base, anchor.get("href") or "")
        text = _SPACE.sub("", anchor.text_content() or anchor.get("title") or "")
        if not text or url is None:
            continue
        in_pager = _in_pager(anchor)
        number = int(text) if text.isdigit() and in_pager else None
        is_next = bool(_NEXT_WORDS.fullmatch(text) or (in_pager and _NEXT_SYMBOLS.fullmatch(text)))
        if number is None and not is_next and not (in_pager and _LAST_WORDS.fullmatch(text)):
            if in_pager and (_PAGER_TEXT.search(text) or text == "首页"):
                anchors.add(anchor)  # 上一页 and 首页 of a pager are not list items either
            continue
        anchors.add(anchor)
        if current is None and number == 1:
            continue
        next_url = next_url or (url if is_next else None)
        found.append((page_number(url) or number, url))
    total, by_post = _written_total(tree), False
    for script in tree.iter("script"):
        code = script.text or ""
        if "createPageHTML" in code or "countPage" in code:
            count, pages = _trs_pages(code, base)
            total, found = total or count, found + pages
        if "<nextgroup" in code.lower() or "<datastore" in code.lower():
            count, pages, by_post = _hanweb_pages(code, tree, base)
            total, found = total or count, found + pages
    later = [(key, url) for key, url in found if current is None or key is None or key > current]
    ordered = [url for _, url in sorted(later, key=lambda pair: 10**9 if pair[0] is None else pair[0])]
    if next_url in ordered:
        ordered.insert(0, next_url)
    here = normalise(page_url)
    return Pager(tuple(url for url in dict.fromkeys(ordered) if url != here), total, frozenset(anchors), by_post)


def needs_next_page(page: ListPage, window_days: int, today: date) -> bool:
    """Whether page 2 could change the column's freshness; normally not, as page 1 holds the newest.

    False without a next page or when the newest item is inside the window (the column is fresh).
    True when page 1 gives no date once 置顶 rows are set aside (all undated or all pinned), or when
    its dated rows are not newest-first (an oldest-first list: the newest is further on).
    """
    if not page.pagination or (page.newest and (today - page.newest).days < window_days):
        return False
    dated = [item.date for item in page.items if item.date and item.url not in page.pinned]
    return not dated or any(later > earlier for earlier, later in zip(dated, dated[1:]))


def page_number(url: str) -> int | None:
    """The page number a list URL names (index_1.html is page 2); None when it names none."""
    path_query = urlsplit(url)._replace(scheme="", netloc="", fragment="").geturl()
    if (records := _RECORD_RANGE.search(path_query)) is not None:
        per = _PER_PAGE.search(path_query.replace("&", " "))
        start = int(records.group(1))
        return (start - 1) // int(per.group(1)) + 1 if per and int(per.group(1)) else start
    for pattern, offset in _PAGE_NUMBER:
        if match := pattern.search(path_query):
            return int(match.group(1)) + offset
    return None


def datastore_tree(xml: str) -> lxml_html.HtmlElement:
    """A dataproxy.jsp answer (a bare <datastore> XML document) as a tree list_page reads like a column page."""
    body = _DECLARATION.sub("", xml)
    return lxml_html.document_fromstring(f'<html><body><script type="text/xml">{body}</script></body></html>')


def absolute(base: str, href: str) -> str | None:
    """The normalised URL a link opens; None for javascript:, mailto:, tel:, # and unparsable ones."""
    href = href.strip()
    if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    try:
        return normalise(urljoin(base, href))
    except ValueError:  # a port that is not a number
        return None


def _in_pager(anchor: lxml_html.HtmlElement) -> bool:
    """Inside a pager: a container named like one, or the link's own box saying 上一页/下一页/共N页.

    The box is the parent, or the grandparent when the parent is a <li>, <span> or <td> cell.
    """
    box = True
    for level, ancestor in enumerate(anchor.iterancestors()):
        if level >= 3 or ancestor.tag == "body":
            return False
        if _PAGER_HINT.search(f"{ancestor.get('id', '')} {ancestor.get('class', '')}".strip()):
            return True
        text = ancestor.text_content() if box else ""
        if len(text) <= _PAGER_TEXT_MAX and _PAGER_TEXT.search(text):
            return True
        box = box and ancestor.tag in _CELLS
    return False


def _written_total(tree: lxml_html.HtmlElement) -> int | None:
    """共5页, 第1/5页, 页次：1/5 as the page shows it."""
    text = _SPACE.sub("", "".join(tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")))
    return next((int(match.group(1)) for pattern in _TOTAL if (match := pattern.search(text))), None)


def _trs_pages(code: str, base: str) -> tuple[int | None, list[tuple[int, str]]]:
    """TRS paging: index.html, then index_1.html ... index_{count-1}.html beside it."""
    if call := _TRS_CALL.search(code):
        count, current, prefix, suffix = int(call.group(1)), int(call.group(2)), call.group(3), call.group(4)
    else:
        found = {name: pattern.search(code) for name, pattern in _TRS_VARS.items()}
        if not all(found.values()) or not found["countPage"].group(1).isdigit():
            return None, []
        count, prefix, suffix = int(found["countPage"].group(1)), found["prefix"].group(1), found["suffix"].group(1)
        current = int(found["currentPage"].group(1)) if found["currentPage"].group(1).isdigit() else 0
    last = min(count, current + 1 + MAX_LISTED_PAGES)
    pages = [(n + 1, normalise(urljoin(base, f"{prefix}_{n}.{suffix}"))) for n in range(current + 1, last)]
    return count, pages


def _hanweb_pages(code: str, tree: lxml_html.HtmlElement,
                  base: str) -> tuple[int | None, list[tuple[int, str]], bool]:
    """Hanweb paging, continued page by page while the record count allows, and whether it is POSTed:
    from the jpage script's proxyUrl and form (ajaxParam) when it gives one, else the <nextgroup> link."""
    scripts = " ".join(script.text or "" for script in tree.iter("script"))
    total_records = _TOTAL_RECORDS.search(scripts)
    per_page = _PER_PAGE.search(scripts)
    per = int(per_page.group(1)) if per_page else None
    total = ceil(int(total_records.group(1)) / per) if total_records and per else None
    shown = len(_RECORD.findall(code))
    size = per or shown or 15
    form = _jpage_form(scripts)
    if form is not None:
        proxy = _PROXY_URL.search(scripts)
        url = proxy_url(proxy.group(1) if proxy else _DEFAULT_PROXY, shown + 1, shown + size, size, form)
    elif (url := _nextgroup_url(code, shown, size, per)) is None:
        return total, [], False
    pages = []
    start = int(_RECORD_RANGE.search(url).group(1))
    end_match = re.search(r"[?&]endrecord=(\d+)", url, re.I)
    size = int(end_match.group(1)) - start + 1 if end_match else (per or 15)
    limit = int(total_records.group(1)) if total_records else start
    while start <= limit and len(pages) < MAX_LISTED_PAGES and size > 0:
        shifted = re.sub(r"(?i)([?&]startrecord=)\d+", rf"\g<1>{start}", url)
        shifted = re.sub(r"(?i)([?&]endrecord=)\d+", rf"\g<1>{start + size - 1}", shifted)
        if next_page := absolute(base, shifted):
            pages.append((page_number(next_page) or start, next_page))
        start += size
    return total, pages, form is not None


def _jpage_form(scripts: str) -> dict[str, str] | None:
    """The form jpage POSTs with every later page (its ajaxParam); None when the script gives none."""
    if (param := _AJAX_PARAM.search(scripts)) is None:
        return None
    return {field.group(1): next(value for value in field.groups()[1:] if value is not None)
            for field in _JS_FIELD.finditer(param.group(1))}


def _nextgroup_url(code: str, shown: int, size: int, per: int | None) -> str | None:
    """The datastore's <nextgroup> link, asking for the records after this page's when it names none."""
    group = _NEXTGROUP.search(code)
    href = _HREF.search(group.group(1)) if group else None
    if href is None:
        return None
    url = href.group(1).replace("&amp;", "&")
    if _RECORD_RANGE.search(url):
        return url
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}startrecord={shown + 1}&endrecord={shown + size}&perpage={per or size}"
