"""crawler/extractors/dates.py: every way indicators.md says a government site writes a date."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.extractors.dates import (
    date_in_url,
    dates_in_text,
    item_date,
    make_date,
    month_day_in_text,
    plausible,
)

TODAY = date(2022, 8, 1)
JULY_26 = date(2022, 7, 26)


@pytest.mark.parametrize(
    "text",
    [
        "2022-07-26",
        "2022-7-26",
        "2022年7月26日",
        "2022年07月26日",
        "2022 年 7 月 26 日",
        "2022/07/26",
        "2022.07.26",
        "发布时间:2022-07-26",
        "发布时间：2022-07-26 10:30:00",
        "[2022-07-26]",
        "关于做好防汛工作的通知2022-07-26",
    ],
)
def test_full_dates_in_text(text: str) -> None:
    assert dates_in_text(text) == [JULY_26]
    assert item_date(text, "http://www.example.gov.cn/a.html", TODAY) == JULY_26


def test_several_dates_in_order_and_the_last_is_the_items() -> None:
    text = "2021年工作总结（2021年12月31日印发） 2022-01-05"
    assert dates_in_text(text) == [date(2021, 12, 31), date(2022, 1, 5)]
    assert item_date(text, "", TODAY) == date(2022, 1, 5)


@pytest.mark.parametrize(
    "text",
    [
        "2022-13-01",  # no 13th month
        "2022-02-30",  # no 30 February
        "12022-07-26",  # digits run on: not a date
        "1888-07-26",  # not 19xx/20xx
        "电话：0791-8888-1234",
        "第404号",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates_in_text(text) == []


@pytest.mark.parametrize("text", ["[07-26]", "(07-26)", "（07-26）", "【07-26】", "[7-26]", "关于防汛的通知 [07-26]"])
def test_year_less_dates(text: str) -> None:
    assert month_day_in_text(text, TODAY) == JULY_26
    assert item_date(text, "", TODAY) == JULY_26


def test_year_less_date_is_placed_before_today() -> None:
    # a December item seen in January belongs to last year
    assert month_day_in_text("[12-30]", date(2023, 1, 5)) == date(2022, 12, 30)
    # today itself is this year
    assert month_day_in_text("[01-05]", date(2023, 1, 5)) == date(2023, 1, 5)
    # tomorrow would be in the future: last year
    assert month_day_in_text("[01-06]", date(2023, 1, 5)) == date(2022, 1, 6)


def test_year_less_date_in_a_cell_of_its_own() -> None:
    assert month_day_in_text("07-26", TODAY) == JULY_26
    # a row's text: the title, then the bare date cell
    assert item_date("关于防汛的通知 07-26", "", TODAY) == JULY_26
    assert item_date("关于防汛的通知07-26", "", TODAY) == JULY_26


@pytest.mark.parametrize("text", ["[13-05]", "[02-30]", "通知", "1-10月德清县固定资产投资结构趋稳趋优"])
def test_year_less_non_dates(text: str) -> None:
    assert month_day_in_text(text, TODAY) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.example.gov.cn/xxgk/202207/t20220726_123456.html", JULY_26),  # TRS WCM
        ("http://www.example.gov.cn/art/2022/7/26/art_1234_5678.html", JULY_26),  # Hanweb jcms
        ("http://www.gov.cn/zhengce/2022-07/26/content_5702791.htm", JULY_26),  # www.gov.cn
        ("http://www.example.gov.cn/art/2022/13/26/art_1_2.html", None),  # impossible month
        ("http://www.example.gov.cn/xxgk/tzgg/index.html", None),
        ("http://www.example.gov.cn/t2022_1.html", None),
    ],
)
def test_dates_in_urls(url: str, expected: date | None) -> None:
    assert date_in_url(url) == expected


def test_item_date_prefers_the_written_date_then_the_url() -> None:
    url = "http://www.example.gov.cn/art/2022/7/20/art_1234_5678.html"
    assert item_date("通知 2022-07-26", url, TODAY) == JULY_26
    assert item_date("通知 [07-26]", url, TODAY) == JULY_26
    assert item_date("通知", url, TODAY) == date(2022, 7, 20)
    assert item_date("通知", "http://www.example.gov.cn/a/index.html", TODAY) is None


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (JULY_26, JULY_26),
        (TODAY, TODAY),
        (date(2022, 8, 2), None),  # the future
        (date(2035, 1, 1), None),
        (date(1990, 5, 1), None),  # before the web
        (date(1995, 1, 1), date(1995, 1, 1)),
        (None, None),
    ],
)
def test_implausible_dates_are_dropped(found: date | None, expected: date | None) -> None:
    assert plausible(found, TODAY) == expected


def test_make_date() -> None:
    assert make_date(2024, 2, 29) == date(2024, 2, 29)
    assert make_date(2023, 2, 29) is None
