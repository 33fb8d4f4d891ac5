"""Crawler traps: in-scope URLs that multiply without end, refused before they are read.

The spider asks `TrapGuard.allow(url)` before it schedules an in-scope page for reading. A refused
page is still checked like any other link (so a dead one is still found) but never read, so the
trap's next thousand URLs are never seen. Rules, in the order they are tried:

- length: a URL longer than `max_url_length` (session soup, self-appending parameters);
- loop: a path segment repeated consecutively more than `max_repeated_segments` times
  (/a/a/a/a/) or a sub-path of two or more segments repeated more than `max_cycle_repeats`
  times (/a/b/a/b/a/b/): relative links resolved against the wrong base, again and again;
- search: a search-result URL (q=, keyword=, searchword= ... with a value, or a search endpoint
  such as /search?..., /was5/web/search?...); results are endless and say nothing about the site;
- calendar: a date-like parameter (date, year, month, time ... =YYYY, YYYYMM, YYYY-MM-DD)
  more than `calendar_years` years from `today`: calendars page forward and back forever;
- variants: more than `max_query_variants` distinct query strings for one page (host, path and
  the values of its identifying parameters: id, columnid, webid ...), as filters and paging make.
  Identifiers are part of the page, not variants of it: show.asp?id=1 ... id=5000 are 5000
  articles, and Hanweb's one dataproxy.jsp pages every column of the site.

Pure and in memory: no I/O, no clock. URLs are expected as `crawler.extractors.links.normalise` makes them.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from urllib.parse import parse_qsl, unquote, urlsplit

_SEARCH_NAMES = frozenset("q query kw wd word words search sousuo jiansuo 搜索 检索 关键词 关键字".split())
_SEARCH_STEMS = ("keyword", "key_word", "searchword", "search_word", "searchkey", "searchtext", "searchvalue")
_SEARCH_PATH = re.compile(r"(?<!re)search|query|sousuo|jiansuo|fulltext|搜索|检索")  # not /research/
# Endpoints named "search" that list rather than search: Hanweb's 信息公开目录 (empty vc_title=, currpage=).
_LISTING_PATHS = frozenset({"/module/xxgk/search.jsp"})
_CALENDAR_NAME = re.compile(r"date|year|month|day|time|riqi|nian|^(?:rq|yr|y|ym|ymd|d)$")
_YEAR = re.compile(r"\s*((?:19|20|21)\d\d)(\d*)")  # YYYY, YYYYMM, YYYYMMDD, or YYYY then a separator
_IDENTITY_NAMES = frozenset("col column channel cat category class node".split())


class TrapGuard:
    """Decides, one in-scope URL at a time, whether the spider may read it; remembers query variants.

    today: the run's date, for the calendar rule.
    max_query_variants: distinct query strings allowed per page (host, path, identifying parameters).
    max_url_length: characters.
    max_repeated_segments: times one path segment may repeat consecutively (/a/a/a/ is 3).
    max_cycle_repeats: times a sub-path of 2+ segments may repeat consecutively (/a/b/a/b/ is 2).
    calendar_years: how many years before or after today a date parameter may point.
    """

    def __init__(
        self,
        today: date,
        *,
        max_query_variants: int = 50,
        max_url_length: int = 1024,
        max_repeated_segments: int = 3,
        max_cycle_repeats: int = 2,
        calendar_years: int = 2,
    ) -> None:
        self.today = today
        self.max_query_variants = max_query_variants
        self.max_url_length = max_url_length
        self.max_repeated_segments = max_repeated_segments
        self.max_cycle_repeats = max_cycle_repeats
        self.calendar_years = calendar_years
        self.refused: Counter[str] = Counter()  # rule -> URLs refused, for the run's log
        self._variants: dict[int, set[int]] = {}  # hash of (host, path, identifiers) -> hashes of queries

    def allow(self, url: str) -> tuple[bool, str | None]:
        """(True, None) to read the page; (False, why in Chinese) when it looks like a trap."""
        rule, reason = self._first_reason(url)
        if reason is None:
            return True, None
        self.refused[rule] += 1
        return False, reason

    def _first_reason(self, url: str) -> tuple[str, str | None]:
        if len(url) > self.max_url_length:
            return "length", f"网址过长（{len(url)} 个字符，超过 {self.max_url_length}）"
        parts = urlsplit(url)
        if reason := self._loop(parts.path):
            return "loop", reason
        if not parts.query:
            return "", None
        params = parse_qsl(parts.query, keep_blank_values=True)
        if reason := _search(parts.path, params):
            return "search", reason
        if reason := self._calendar(params):
            return "calendar", reason
        return "variants", self._variant(parts.hostname or "", parts.path, parts.query, params)

    def _loop(self, path: str) -> str | None:
        segments = [segment for segment in path.split("/") if segment]
        shortest = min(self.max_repeated_segments, self.max_cycle_repeats) + 1
        for width in range(1, len(segments) // shortest + 1):
            limit = self.max_repeated_segments if width == 1 else self.max_cycle_repeats
            run = 0
            for index in range(width, len(segments)):
                run = run + 1 if segments[index] == segments[index - width] else 0
                if 1 + run // width > limit:
                    cycle = unquote("/".join(segments[index - width + 1 : index + 1]))
                    what = f"路径段“{cycle}”连续重复" if width == 1 else f"路径“/{cycle}/”循环"
                    return f"{what} {1 + run // width} 次，疑似相对链接循环"
        return None

    def _calendar(self, params: list[tuple[str, str]]) -> str | None:
        for name, value in params:
            if not _CALENDAR_NAME.search(name.lower()) or not (found := _YEAR.match(value)):
                continue
            if len(found.group(2)) not in (0, 2, 4):
                continue  # a timestamp or a long number, not a date
            year = int(found.group(1))
            if abs(year - self.today.year) > self.calendar_years:
                return f"日期参数 {name}={value} 离今天超过 {self.calendar_years} 年，疑似日历页"
        return None

    def _variant(self, host: str, path: str, query: str, params: list[tuple[str, str]]) -> str | None:
        identity = sorted((name.lower(), value) for name, value in params if _identifies(name.lower()))
        variants = self._variants.setdefault(hash((host, path, tuple(identity))), set())
        key = hash(query)
        if key in variants:
            return None  # asked before and allowed
        if len(variants) >= self.max_query_variants:
            return f"同一页面的查询参数组合超过 {self.max_query_variants} 种（{host}{unquote(path)}），疑似筛选、分页或日历陷阱"
        variants.add(key)
        return None


def _search(path: str, params: list[tuple[str, str]]) -> str | None:
    for name, value in params:
        lowered = name.lower()
        if value.strip() and (lowered in _SEARCH_NAMES or any(stem in lowered for stem in _SEARCH_STEMS)):
            return f"搜索结果页（{name}={value}）"
    readable = unquote(path).lower()
    if _SEARCH_PATH.search(readable) and readable not in _LISTING_PATHS:
        return f"搜索结果页（{unquote(path)}）"
    return None


def _identifies(name: str) -> bool:
    """A parameter naming the document or column shown (id, columnid, webid, col ...), not a page of it."""
    return "page" not in name and (name.endswith("id") or name in _IDENTITY_NAMES)
