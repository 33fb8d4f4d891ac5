"""crawler/traps.py: URLs that multiply without end are refused; the site's real pages are not."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.traps import TrapGuard

TODAY = date(2026, 5, 1)
SITE = "http://www.example.gov.cn"


def guard(**thresholds: int) -> TrapGuard:
    return TrapGuard(TODAY, **thresholds)


def allowed(url: str, trap_guard: TrapGuard | None = None) -> bool:
    return (trap_guard or guard()).allow(url)[0]


# ---------------------------------------------------------------- length


def test_url_length() -> None:
    url = f"{SITE}/a.jsp?x=" + "a" * (1024 - len(f"{SITE}/a.jsp?x="))
    assert len(url) == 1024 and guard().allow(url) == (True, None)
    ok, reason = guard().allow(url + "a")
    assert not ok and reason == "网址过长（1025 个字符，超过 1024）"
    assert allowed(url + "a", guard(max_url_length=2048))


# ---------------------------------------------------------------- relative-link loops


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/a/b/a/b/a/b/", "路径“/a/b/”循环 3 次，疑似相对链接循环"),
        ("/xxgk/zwgk/tzgg/zwgk/tzgg/zwgk/tzgg/index.html", "路径“/zwgk/tzgg/”循环 3 次，疑似相对链接循环"),
        ("/a/b/c/a/b/c/a/b/c/", "路径“/a/b/c/”循环 3 次，疑似相对链接循环"),
        ("/col/images/images/images/images/", "路径段“images”连续重复 4 次，疑似相对链接循环"),
        ("/x/%E6%96%B0%E9%97%BB/%E6%96%B0%E9%97%BB/%E6%96%B0%E9%97%BB/%E6%96%B0%E9%97%BB/", "路径段“新闻”连续重复 4 次，疑似相对链接循环"),
    ],
)
def test_path_loops_are_refused(path: str, reason: str) -> None:
    assert guard().allow(SITE + path) == (False, reason)


@pytest.mark.parametrize(
    "path",
    [
        "/2026/11/20/",
        "/art/2022/7/26/art_4102_1.html",
        "/2022/2022/",
        "/a/a/a/",  # three times: the limit, not past it
        "/a/b/a/b/",  # a cycle twice
        "/xxgk/zfxxgk/xxgk/index.html",
        "/a/b/a/c/a/b/",
        "/",
    ],
)
def test_paths_that_merely_repeat_a_little(path: str) -> None:
    assert allowed(SITE + path)


def test_loop_thresholds_are_parameters() -> None:
    assert allowed(f"{SITE}/a/a/a/a/", guard(max_repeated_segments=4))
    assert not allowed(f"{SITE}/a/b/a/b/", guard(max_cycle_repeats=1))


def test_a_paginated_list_is_not_a_trap() -> None:
    trap_guard = guard()
    urls = [f"{SITE}/xxgk/tzgg/index.html"] + [f"{SITE}/xxgk/tzgg/index_{n}.html" for n in range(1, 31)]
    assert all(trap_guard.allow(url) == (True, None) for url in urls)


# ---------------------------------------------------------------- query variants


def test_the_51st_query_variant_is_refused() -> None:
    trap_guard = guard()
    assert all(trap_guard.allow(f"{SITE}/list.jsp?page={n}")[0] for n in range(1, 51))
    ok, reason = trap_guard.allow(f"{SITE}/list.jsp?page=51")
    assert not ok
    assert reason == "同一页面的查询参数组合超过 50 种（www.example.gov.cn/list.jsp），疑似筛选、分页或日历陷阱"
    assert trap_guard.allow(f"{SITE}/list.jsp?page=7") == (True, None)  # asked before: still allowed
    assert trap_guard.allow(f"{SITE}/list.jsp") == (True, None)  # the page itself is no variant
    assert trap_guard.allow(f"{SITE}/other.jsp?page=51") == (True, None)  # another page, its own count
    assert trap_guard.allow("http://xxgk.example.gov.cn/list.jsp?page=51") == (True, None)  # another host
    assert trap_guard.refused == {"variants": 1}


def test_filters_multiply_into_variants() -> None:
    trap_guard = guard()
    urls = [f"{SITE}/zwgk/list.jsp?type={t}&year=2025&sort={s}" for t in range(10) for s in range(10)]
    assert sum(trap_guard.allow(url)[0] for url in urls) == 50


def test_articles_by_id_are_pages_not_variants() -> None:
    trap_guard = guard()
    assert all(trap_guard.allow(f"{SITE}/show.asp?id={n}")[0] for n in range(1, 501))
    assert all(trap_guard.allow(f"{SITE}/index.php?m=content&c=index&a=show&catid=9&id={n}")[0] for n in range(1, 201))
    # ...but each article's own variants are counted
    assert all(trap_guard.allow(f"{SITE}/show.asp?id=1&page={n}")[0] for n in range(1, 50))
    assert not trap_guard.allow(f"{SITE}/show.asp?id=1&page=50")[0]


def test_hanweb_dataproxy_pages_every_column_through_one_path() -> None:
    trap_guard = guard()
    proxy = f"{SITE}/module/web/jpage/dataproxy.jsp"
    for column in range(4100, 4160):  # sixty columns, three pages each, one dataproxy.jsp
        for start in (1, 61, 121):
            url = (
                f"{proxy}?startrecord={start}&endrecord={start + 59}&perpage=20"
                f"&col=1&appid=1&webid=1&path=%2F&columnid={column}&sourceContentType=1&unitid=10001&permissiontype=0"
            )
            assert trap_guard.allow(url) == (True, None), url
    one_column = f"{proxy}?col=1&appid=1&webid=1&columnid=5000&unitid=10001&perpage=20"  # a column paged on and on
    assert sum(trap_guard.allow(f"{one_column}&startrecord={n * 60 + 1}")[0] for n in range(60)) == 50


def test_variant_threshold_is_a_parameter() -> None:
    trap_guard = guard(max_query_variants=3)
    assert [trap_guard.allow(f"{SITE}/l.jsp?p={n}")[0] for n in range(5)] == [True, True, True, False, False]


def test_refusals_by_other_rules_do_not_use_up_the_variants() -> None:
    trap_guard = guard()
    for year in range(1900, 2000):
        assert not trap_guard.allow(f"{SITE}/ldhd.jsp?year={year}")[0]
    assert all(trap_guard.allow(f"{SITE}/ldhd.jsp?page={n}")[0] for n in range(1, 51))
    assert trap_guard.refused == {"calendar": 100}


# ---------------------------------------------------------------- calendars


@pytest.mark.parametrize(
    "query",
    [
        "date=2041-01-01",
        "year=1990",
        "year=2029",  # three years ahead
        "year=2023",  # three years back
        "month=2041-01",
        "ym=204101",
        "day=20410101",
        "startDate=2041%2F01%2F01",
        "rq=2019-03-01",
        "col=5&selectYear=2045&page=2",
        "time=1988年1月",
    ],
)
def test_calendars_far_from_today_are_refused(query: str) -> None:
    ok, reason = guard().allow(f"{SITE}/ldhd/rili.jsp?{query}")
    assert not ok and reason is not None and reason.startswith("日期参数 ") and reason.endswith("，疑似日历页")


@pytest.mark.parametrize(
    "query",
    [
        "date=2026-11-20",
        "year=2024",
        "year=2028",  # two years: the limit, not past it
        "month=12",
        "day=31",
        "id=2041",  # a number, but not a date's parameter
        "docid=1990",
        "t=2000000000",  # a timestamp is not a year
        "_=1714521600000",
        "time=",
        "year=abc",
    ],
)
def test_dates_near_today_and_numbers_that_are_not_dates(query: str) -> None:
    assert allowed(f"{SITE}/ldhd/rili.jsp?{query}")


def test_calendar_years_is_a_parameter() -> None:
    assert allowed(f"{SITE}/rili.jsp?year=2016", guard(calendar_years=10))
    assert not allowed(f"{SITE}/rili.jsp?year=2025", guard(calendar_years=0))


# ---------------------------------------------------------------- search results


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"{SITE}/search/index.html?q=%E5%8C%BB%E4%BF%9D", "搜索结果页（q=医保）"),
        (f"{SITE}/list.jsp?keyword=%E5%8C%BB%E4%BF%9D&page=2", "搜索结果页（keyword=医保）"),
        (f"{SITE}/was5/web/search?channelid=200001&searchword=%E6%94%BF%E7%AD%96", "搜索结果页（searchword=政策）"),
        (f"{SITE}/jsearch/search.do?appid=1&ck=x&pos=title&q=a", "搜索结果页（q=a）"),
        (f"{SITE}/s.jsp?searchWord=a", "搜索结果页（searchWord=a）"),
        (f"{SITE}/s.jsp?txtKeyWords=a", "搜索结果页（txtKeyWords=a）"),
        (f"{SITE}/s.jsp?wd=a", "搜索结果页（wd=a）"),
        (f"{SITE}/s.jsp?%E6%90%9C%E7%B4%A2=a", "搜索结果页（搜索=a）"),
        (f"{SITE}/search.jsp?channelid=1&page=2", "搜索结果页（/search.jsp）"),  # a search endpoint, whatever asked
        (f"{SITE}/fulltextsearch/rest?siteCode=1", "搜索结果页（/fulltextsearch/rest）"),
        (f"{SITE}/%E6%90%9C%E7%B4%A2/result.html?p=1", "搜索结果页（/搜索/result.html）"),
        (f"{SITE}/bsfw/query.do?sbh=2022001", "搜索结果页（/bsfw/query.do）"),
    ],
)
def test_search_results_are_refused(url: str, reason: str) -> None:
    assert guard().allow(url) == (False, reason)


@pytest.mark.parametrize(
    "url",
    [
        f"{SITE}/search/index.html",  # the search form itself: one page
        f"{SITE}/list.jsp?keyword=&page=2",  # a list's empty search box
        f"{SITE}/module/xxgk/search.jsp?infotypeId=A01&vc_title=&vc_number=&area=11410000&currpage=2",  # Hanweb 信息公开目录
        f"{SITE}/research/list.jsp?page=2",  # 政策研究, not a search
        f"{SITE}/art.jsp?keyid=5",
        f"{SITE}/show.jsp?quality=1",
        f"{SITE}/xxgk/searchguide.html",
    ],
)
def test_pages_that_only_look_like_search(url: str) -> None:
    assert allowed(url)
