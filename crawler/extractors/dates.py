"""Dates as Chinese government sites write them: in text, in URLs, in <meta name="PubDate">."""

from __future__ import annotations

import re
from datetime import date

# 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日
_FULL = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
# [11-20], (11-20), 【11-20】: the year is left out on many homepages' lists
_BRACKETED = re.compile(r"[\[(（【]\s*(\d{1,2})-(\d{1,2})\s*[\])）】]")
# a list item's date cell holding only "11-20": the row's text then ends with it
_BARE_MONTH_DAY = re.compile(r"(?<![\d./:：-])(\d{1,2})-(\d{1,2})\s*$")
# TRS: /t20220726_123456.html ; Hanweb: /art/2022/7/26/art_1234_5678.html ; /2022-07/26/
_URL_PATTERNS = [
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),
]


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dates_in_text(text: str) -> list[date]:
    """Every full date (with its year) written in the text, in order."""
    found = (make_date(int(y), int(m), int(d)) for y, m, d in _FULL.findall(text))
    return [found_date for found_date in found if found_date is not None]


def month_day_in_text(text: str, today: date) -> date | None:
    """A year-less date ([11-20] or a bare 11-20 cell), placed in the latest year not after today."""
    match = _BRACKETED.search(text) or _BARE_MONTH_DAY.search(text)
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    this_year = make_date(today.year, month, day)
    if this_year is not None and this_year <= today:
        return this_year
    return make_date(today.year - 1, month, day)


def date_in_url(url: str) -> date | None:
    for pattern in _URL_PATTERNS:
        if match := pattern.search(url):
            return make_date(*(int(group) for group in match.groups()))
    return None


def item_date(text: str, url: str, today: date) -> date | None:
    """The date of a list item: written beside it first, then its URL. None when undated."""
    written = dates_in_text(text)
    if written:
        return written[-1]  # titles may carry dates of their own; the item's date comes last
    partial, in_url = month_day_in_text(text, today), date_in_url(url)
    if partial and in_url and (partial.month, partial.day) == (in_url.month, in_url.day):
        return in_url  # [10-18] beside /t20251018_1.html: the URL knows the year
    return partial or in_url


def plausible(found: date | None, today: date) -> date | None:
    """Drop dates that cannot be publication dates: the future, or before the web."""
    if found is None or found > today or found.year < 1995:
        return None
    return found
