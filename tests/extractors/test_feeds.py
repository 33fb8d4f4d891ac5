"""crawler/extractors/feeds.py: real WeChat-to-RSS feeds (INDEX.md §C), the demo farm's accounts, decoys."""

from __future__ import annotations

import http.client
import json
import random
import threading
from dataclasses import FrozenInstanceError
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from crawler.extractors.feeds import (
    Feed,
    FeedError,
    Post,
    newest,
    parse_feed_date,
    pushes,
    read_feed,
)
from govmon.demo import feeds as demo_feeds
from govmon.demo.answers import ACCOUNT_DORMANT_DAYS, ACCOUNT_STALE_DAYS, seeded_defects
from govmon.demo.farm import Farm
from tests.realpages import REALPAGES, needs_realpages

CST = timezone(timedelta(hours=8))
UTC = timezone.utc


def cst(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST)


# ---------------------------------------------------------------- real feeds: INDEX.md §C answer key

# file: (items, newest pubDate, oldest pubDate, distinct days, channel pubDate or None where the key gives none)
REAL_FEEDS = {
    "wechat_rss_shanghaifabu.xml": (20, "2021-06-17 14:51:23", "2021-06-16 16:45:28", 2, "2021-06-17 15:23:55"),
    "wechat_rss_mem_yingjiguanlibu.xml": (20, "2021-06-17 07:55:44", "2021-06-14 08:51:24", 4, None),
    "wechat_rss_guowuyuan_gongbao.xml": (20, "2021-06-11 16:42:27", "2021-05-31 17:14:02", 3, None),
    "wechat_rss_shenzhen_gongan.xml": (20, "2021-06-16 20:29:29", "2021-06-10 00:07:01", 7, None),
    "wechat_rss_spp_zuigaojian.xml": (16, "2021-06-17 12:17:13", "2021-06-16 08:39:06", 2, None),
    "wechat_rss_binjiang_fabu.xml": (20, "2021-06-16 20:07:42", "2021-06-11 17:21:48", 5, None),
    "wechat_rss_puyan_fabu.xml": (20, "2021-06-16 20:06:34", "2021-06-10 19:53:21", 7, None),
    "wechat_rss_csrc_zhengjianhui.xml": (12, "2021-06-17 09:08:09", "2021-06-10 09:13:35", 6, None),
    "wechat_rss_saohuangdafei.xml": (20, "2021-06-16 17:25:34", "2021-06-08 20:40:15", 6, None),
}


def real_feed(name: str) -> Feed:
    return read_feed((REALPAGES / name).read_bytes(), f"https://wechat-feeds.example/feeds/{name}")


@needs_realpages
def test_every_real_feed_has_a_key() -> None:
    assert sorted(p.name for p in REALPAGES.glob("wechat_rss_*.xml")) == sorted(REAL_FEEDS)


@needs_realpages
@pytest.mark.parametrize("name", sorted(REAL_FEEDS))
def test_real_feed_answer_key(name: str) -> None:
    count, newest_at, oldest_at, days, channel_at = REAL_FEEDS[name]
    feed = real_feed(name)
    times = [post.published for post in feed.posts]
    assert len(feed.posts) == count
    assert all(t is not None and t.utcoffset() == timedelta(hours=8) for t in times)
    assert max(times) == cst(newest_at) and min(times) == cst(oldest_at)
    assert len({t.date() for t in times}) == days
    if channel_at:
        assert feed.updated == cst(channel_at)
    assert feed.updated is not None and feed.updated >= cst(newest_at)   # the bridge's write time
    assert newest(feed.posts) == cst(newest_at)
    assert times == sorted(times, reverse=True)                           # newest first, as the key says
    assert feed.title.endswith(" | wechat-feeds")
    assert all(p.url.startswith("https://mp.weixin.qq.com/s/") and p.title and not p.pinned for p in feed.posts)
    assert len({p.url for p in feed.posts}) == count


@needs_realpages
@pytest.mark.parametrize("name", sorted(REAL_FEEDS))
def test_real_feed_pushes_group_articles(name: str) -> None:
    """One push = several articles with one identical pubDate: fewer pushes than articles, same days."""
    count, newest_at, oldest_at, days, _ = REAL_FEEDS[name]
    feed = real_feed(name)
    times = pushes(feed.posts)
    assert times[0] == cst(newest_at) and times[-1] == cst(oldest_at)
    assert times == sorted(set(times), reverse=True)
    assert days <= len(times) < count
    assert {p.published for p in feed.posts} == set(times)
    assert len({t.date() for t in times}) == days


@needs_realpages
def test_real_feed_as_dict_is_json() -> None:
    feed = real_feed("wechat_rss_shanghaifabu.xml")
    data = json.loads(json.dumps(feed.as_dict(), ensure_ascii=False))
    assert data["updated"] == "2021-06-17T15:23:55+08:00"
    assert data["posts"][0]["published"] == "2021-06-17T14:51:23+08:00"
    assert set(data["posts"][0]) == {"title", "url", "published", "pinned"}
    with pytest.raises(FrozenInstanceError):
        feed.posts[0].title = "x"  # type: ignore[misc]


@needs_realpages
def test_wechat_article_page_is_not_a_feed() -> None:
    """The real mp.weixin.qq.com article page (its DOM says 昨天; the time is only in `var ct`)."""
    body = (REALPAGES / "wechat_article_nongov_aifou_2020-02-12.html").read_bytes()
    with pytest.raises(FeedError, match="HTML"):
        read_feed(body, "https://mp.weixin.qq.com/s/x")


@needs_realpages
def test_every_truncation_of_a_real_feed_is_a_feed_error() -> None:
    body = (REALPAGES / "wechat_rss_csrc_zhengjianhui.xml").read_bytes()
    for cut in range(len(body)):
        with pytest.raises(FeedError):
            read_feed(body[:cut], "x")
    with pytest.raises(FeedError, match="截断"):
        read_feed(body[:-3], "x")


# ---------------------------------------------------------------- the demo farm's accounts (answers.py)

# path: (posts, pinned posts, age in days of the newest unpinned post, or None for the empty account)
FARM_FEEDS = {
    "/wechat/qingshanfabu.xml": (13, 1, 0),          # active; an old 【置顶】 post on top
    "/wechat/qingshanzhengfu.xml": (5, 0, 1),
    "/weibo/qingshanjiaoyu.xml": (4, 0, 20),         # Atom; zombie (ACCOUNT-STALE)
    "/wechat/hexifabu.xml": (4, 0, 120),             # ACCOUNT-STALE and ACCOUNT-DORMANT
    "/douyin/hexiwenlv.xml": (0, 0, None),           # ACCOUNT-EMPTY
    "/weibo/qingshanzhengfu.xml": (4, 0, 0),         # Atom; fresh (unregistered, not stale)
}


@pytest.fixture(scope="module")
def farm():
    with Farm() as started:
        yield started


def farm_get(farm: Farm, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", farm.http_port, timeout=5)
    try:
        conn.request("GET", path, headers={"Host": f"{demo_feeds.HOST}:{farm.http_port}"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def farm_url(farm: Farm, path: str) -> str:
    return f"http://{demo_feeds.HOST}:{farm.http_port}{path}"


def test_farm_serves_every_feed_we_know() -> None:
    assert {spec.path for spec in demo_feeds.FEEDS} == set(FARM_FEEDS)


@pytest.mark.parametrize("path", sorted(FARM_FEEDS))
def test_farm_feed(farm: Farm, path: str) -> None:
    count, pinned, age = FARM_FEEDS[path]
    status, body = farm_get(farm, path)
    assert status == 200
    feed = read_feed(body, farm_url(farm, path))
    assert len(feed.posts) == count and sum(p.pinned for p in feed.posts) == pinned
    assert all(p.url.startswith(farm_url(farm, path.removesuffix(".xml") + "/")) for p in feed.posts)
    found = newest(feed.posts)
    assert (None if found is None else (farm.today - found.astimezone(CST).date()).days) == age
    # the answer key's ACCOUNT-* codes follow from the newest post's age
    expected = set()
    if age is None:
        expected.add("ACCOUNT-EMPTY")
    else:
        expected |= {"ACCOUNT-STALE"} if age >= ACCOUNT_STALE_DAYS else set()
        expected |= {"ACCOUNT-DORMANT"} if age >= ACCOUNT_DORMANT_DAYS else set()
    seeded = {d.code for d in seeded_defects(farm) if d.url == farm_url(farm, path)}
    assert seeded & {"ACCOUNT-EMPTY", "ACCOUNT-STALE", "ACCOUNT-DORMANT"} == expected


def test_farm_pinned_post_is_old_and_on_top(farm: Farm) -> None:
    path = "/wechat/qingshanfabu.xml"
    feed = read_feed(farm_get(farm, path)[1], farm_url(farm, path))
    top = feed.posts[0]
    assert top.pinned and top.title.startswith("【置顶】")
    assert (farm.today - top.published.date()).days == 300
    assert newest(feed.posts) != top.published


def test_farm_channel_date_is_not_the_accounts_freshness(farm: Farm) -> None:
    """The RSS channel pubDate is the bridge's build time (today) even for a dormant or empty account."""
    for path in ("/wechat/hexifabu.xml", "/douyin/hexiwenlv.xml"):
        feed = read_feed(farm_get(farm, path)[1], farm_url(farm, path))
        assert feed.updated is not None and feed.updated.date() == farm.today
    assert pushes(read_feed(farm_get(farm, "/douyin/hexiwenlv.xml")[1], "x").posts) == []


def test_farm_gone_account_answers_404(farm: Farm) -> None:
    status, body = farm_get(farm, demo_feeds.GONE)
    assert status == 404
    assert "ACCOUNT-GONE" in {d.code for d in seeded_defects(farm) if d.url == farm_url(farm, demo_feeds.GONE)}
    with pytest.raises(FeedError):                   # what a careless caller would feed us
        read_feed(body, farm_url(farm, demo_feeds.GONE))


# ---------------------------------------------------------------- hand-written Atom and RSS 1.0

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">青山&lt;b&gt;教育&lt;/b&gt;的微博</title>
  <link href="https://rsshub.example/weibo/user/1" rel="self"/>
  <link href="https://weibo.com/u/1" rel="alternate"/>
  <updated>2021-06-17T08:00:00Z</updated>
  <entry><title>置顶：招生政策解读</title><link rel="alternate" href="/detail/9"/>
    <category term="置顶"/><published>2020-09-01T09:00:00+08:00</published>
    <updated>2021-06-17T10:00:00+08:00</updated></entry>
  <entry><title>新学期开学安排</title><link href="https://weibo.com/1/a"/><id>tag:weibo,1</id>
    <published>2021-06-16T09:30:00+08:00</published><updated>2021-06-17T01:00:00Z</updated></entry>
  <entry><title>只有 updated</title><id>https://weibo.com/1/b</id><updated>2021-06-15T01:30:00Z</updated></entry>
</feed>"""

RDF = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://www.qingshan.gov.cn/rss.rdf"><title>青山市人民政府</title>
    <link>http://www.qingshan.gov.cn/</link><dc:date>2021-06-17T09:00:00+08:00</dc:date></channel>
  <item rdf:about="http://www.qingshan.gov.cn/a/1.html"><title>关于开展安全生产检查的通知</title>
    <link>http://www.qingshan.gov.cn/a/1.html</link><dc:date>2021-06-17 08:30:00</dc:date></item>
  <item rdf:about="http://www.qingshan.gov.cn/a/2.html"><title>政务公开工作要点</title>
    <dc:date>2021-06-10T08:30:00+08:00</dc:date></item>
</rdf:RDF>"""


def test_atom_feed() -> None:
    feed = read_feed(ATOM.encode(), "https://rsshub.example/weibo/user/1")
    assert (feed.title, feed.link, feed.updated) == ("青山教育的微博", "https://weibo.com/u/1",
                                                    datetime(2021, 6, 17, 8, tzinfo=UTC))
    pin, fresh, bare = feed.posts
    assert pin == Post("置顶：招生政策解读", "https://rsshub.example/detail/9", cst("2020-09-01 09:00:00"), True)
    assert fresh.published == cst("2021-06-16 09:30:00") and fresh.url == "https://weibo.com/1/a"  # published wins
    assert bare == Post("只有 updated", "https://weibo.com/1/b", datetime(2021, 6, 15, 1, 30, tzinfo=UTC), False)
    assert newest(feed.posts) == cst("2021-06-16 09:30:00")


def test_rss1_rdf_feed() -> None:
    feed = read_feed(RDF.encode(), "http://www.qingshan.gov.cn/rss.rdf")
    assert (feed.title, feed.link, feed.updated) == ("青山市人民政府", "http://www.qingshan.gov.cn/",
                                                    cst("2021-06-17 09:00:00"))
    assert [(p.url, p.published) for p in feed.posts] == [
        ("http://www.qingshan.gov.cn/a/1.html", cst("2021-06-17 08:30:00")),   # dc:date without zone: +08:00
        ("http://www.qingshan.gov.cn/a/2.html", cst("2021-06-10 08:30:00")),   # no <link>: rdf:about
    ]


def rss(*items: str, channel: str = "", declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return (f'{declaration}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>测试号</title><link>https://mp.example/</link>{channel}{''.join(items)}</channel></rss>")


def item(title: str, when: str = "", tag: str = "pubDate", extra: str = "") -> str:
    date_tag = f"<{tag}>{when}</{tag}>" if when else ""
    return f"<item><title>{title}</title><link>https://mp.example/{quote(title)}</link>{date_tag}{extra}</item>"


def test_rss_date_variants_and_the_relative_time_trap() -> None:
    feed = read_feed(rss(
        item("桥接格式", "2021-06-17 14:51:23"),
        item("dc:date", "2021-06-16T20:00:00+08:00", tag="dc:date"),
        item("昨天（相对时间不是日期）", "昨天"),
        item("没有日期"),
        channel="<lastBuildDate>Thu, 17 Jun 2021 07:23:55 GMT</lastBuildDate>").encode(), "https://mp.example/rss")
    assert feed.updated == datetime(2021, 6, 17, 7, 23, 55, tzinfo=UTC)
    assert [p.published for p in feed.posts] == [cst("2021-06-17 14:51:23"), cst("2021-06-16 20:00:00"), None, None]


@pytest.mark.parametrize(("text", "expected"), [
    ("Thu, 17 Jun 2021 15:23:55 +0800", cst("2021-06-17 15:23:55")),
    ("Thu, 17 Jun 2021 07:23:55 GMT", cst("2021-06-17 15:23:55")),
    ("17 Jun 2021 15:23:55", cst("2021-06-17 15:23:55")),                   # no zone: +08:00
    ("2021-06-17 14:51:23", cst("2021-06-17 14:51:23")),
    ("2021-06-17T06:51:23Z", cst("2021-06-17 14:51:23")),
    ("2021-06-17T14:51:23+08:00", cst("2021-06-17 14:51:23")),
    ("2021/6/17 14:51", cst("2021-06-17 14:51:00")),
    ("2021年6月17日 14:51:23", cst("2021-06-17 14:51:23")),
    ("2021-06-17", cst("2021-06-17 00:00:00")),
    ("2021年6月17日 8时5分", cst("2021-06-17 08:05:00")),
    ("2021/06/17 14:51:23 +05:30", datetime(2021, 6, 17, 14, 51, 23, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
    ("2021-06-17 08:00:00+9999", None),                                  # found by fuzzing: not a zone
    ("昨天", None), ("3小时前", None), ("刚刚", None), ("", None),
    ("2021-02-30 10:00:00", None), ("Thu, 31 Feb 2021 10:00:00 +0800", None),
])
def test_parse_feed_date(text: str, expected: datetime | None) -> None:
    found = parse_feed_date(text)
    assert found == expected
    assert found is None or found.tzinfo is not None


def test_pushes_merge_one_instant_written_two_ways() -> None:
    posts = [Post("a", "u1", cst("2021-06-17 14:51:23")), Post("b", "u2", datetime(2021, 6, 17, 6, 51, 23, tzinfo=UTC)),
             Post("c", "u3", cst("2021-06-16 09:00:00")), Post("d", "u4", None)]
    assert pushes(posts) == [cst("2021-06-17 14:51:23"), cst("2021-06-16 09:00:00")]
    assert pushes([]) == [] and newest([]) is None


# ---------------------------------------------------------------- pinned posts

def test_pinned_old_post_before_fresh_posts() -> None:
    feed = read_feed(rss(item("【置顶】青山发布欢迎您", "Mon, 01 Jun 2020 08:00:00 +0800"),
                         item("今日要闻", "Thu, 17 Jun 2021 08:00:00 +0800"),
                         item("昨日要闻", "Wed, 16 Jun 2021 08:00:00 +0800")).encode(), "https://mp.example/rss")
    assert [p.pinned for p in feed.posts] == [True, False, False]
    assert feed.posts[0].published == cst("2020-06-01 08:00:00")             # "first item = newest" is wrong
    assert newest(feed.posts) == cst("2021-06-17 08:00:00")


def test_pinned_post_stamped_later_than_the_rest() -> None:
    """Some bridges stamp a pinned post with its pin time: skipped by default, counted on request."""
    posts = [Post("置顶", "u0", cst("2021-06-18 09:00:00"), pinned=True), Post("a", "u1", cst("2021-05-01 09:00:00"))]
    assert newest(posts) == cst("2021-05-01 09:00:00")
    assert newest(posts, skip_pinned=False) == cst("2021-06-18 09:00:00")
    assert newest(posts[:1]) == cst("2021-06-18 09:00:00")     # only a pinned post: the account did post then


@pytest.mark.parametrize(("title", "category", "pinned"), [
    ("【置顶】欢迎关注", "", True), ("[置顶] 欢迎关注", "", True), ("（置顶）欢迎关注", "", True),
    ("置顶：办事指南", "", True), ("办事指南", "<category>置顶</category>", True),
    ("办事指南", "<category>置顶微博</category>", True),
    ("关于取消置顶功能的说明", "", False), ("办事指南", "<category>要闻</category>", False),
    ("置顶帖使用规范解读", "", False),
])
def test_pinned_rule(title: str, category: str, pinned: bool) -> None:
    feed = read_feed(rss(item(title, "2021-06-17 08:00:00", extra=category)).encode(), "https://mp.example/rss")
    assert feed.posts[0].pinned is pinned


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding", ["GBK", "gb2312", "GB18030"])
def test_gbk_feed_with_correct_declaration(encoding: str) -> None:
    body = rss(item("青山市人民政府关于做好防汛工作的通知", "2021-06-17 08:00:00"),
               declaration=f'<?xml version="1.0" encoding="{encoding}"?>').encode("gbk")
    feed = read_feed(body, "http://www.qingshan.gov.cn/rss.xml")
    assert feed.title == "测试号" and feed.posts[0].title == "青山市人民政府关于做好防汛工作的通知"


def test_utf8_declared_but_gbk_bytes() -> None:
    body = rss(item("青山市人民政府通知", "2021-06-17 08:00:00")).encode("gbk")
    with pytest.raises(FeedError, match="编码"):
        read_feed(body, "x")


def test_unknown_encoding_declared() -> None:
    with pytest.raises(FeedError, match="编码"):
        read_feed(rss(declaration='<?xml version="1.0" encoding="x-nonsense"?>').encode(), "x")


# ---------------------------------------------------------------- hostile and broken bodies

class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b'<!ENTITY leak "NETWORK-MARKER">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture()
def recorder():
    _Recorder.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


def test_xxe_is_neither_expanded_nor_fetched(tmp_path: Path, recorder) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("FILE-MARKER")
    (tmp_path / "evil.dtd").write_text('<!ENTITY leak "DTD-MARKER">')
    base, hits = recorder
    doctypes = [
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>',
        f'<!DOCTYPE x [<!ENTITY e SYSTEM "{base}/e">]>',
        f'<!DOCTYPE x [<!ENTITY % p SYSTEM "{base}/p.dtd"> %p;]>',
        f'<!DOCTYPE x [<!ENTITY % p SYSTEM "file://{tmp_path / "evil.dtd"}"> %p;]>',
    ]
    for doctype in doctypes:
        body = rss(item("&e;", "2021-06-17 08:00:00"), declaration=f'<?xml version="1.0"?>{doctype}')
        with pytest.raises(FeedError, match="实体") as caught:
            read_feed(body.encode(), "x")
        assert not any(m in str(caught.value) for m in ("root:", "FILE-MARKER", "DTD-MARKER", "NETWORK-MARKER"))
    assert hits == []


def test_external_dtd_is_not_fetched_and_the_feed_still_reads(recorder) -> None:
    base, hits = recorder
    body = rss(item("旧式 RSS 0.91", "2021-06-17 08:00:00"),
               declaration=f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{base}/rss-0.91.dtd">')
    assert read_feed(body.encode(), "x").posts[0].title == "旧式 RSS 0.91"
    assert hits == []


def test_billion_laughs() -> None:
    levels = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{levels}]>'
            + rss(item("&lol9;", "2021-06-17 08:00:00"), declaration=""))
    with pytest.raises(FeedError, match="实体"):
        read_feed(body.encode(), "x")


def test_quadratic_blowup() -> None:
    body = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "{"x" * 50_000}">]>'
            + rss(item("&a;" * 50_000, "2021-06-17 08:00:00"), declaration=""))
    with pytest.raises(FeedError, match="实体"):
        read_feed(body.encode(), "x")


@pytest.mark.parametrize(("body", "words"), [
    (b"", "为空"),
    (b"  \r\n\t ", "为空"),
    ("<!DOCTYPE html><html><head><title>404</title></head><body>页面不存在<br></body></html>".encode(), "HTML"),
    ("<html><body><p>该公众号已迁移</p></body></html>".encode(), "HTML"),
    (b"<!-- waf --><HTML><BODY>Access denied</BODY></HTML>", "HTML"),
    (b"\xef\xbb\xbf\n<html><body>Access denied</body></html>", "HTML"),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "<html>"),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "<urlset>"),
    (b'<rss version="2.0"><title>no channel</title></rss>', "channel"),
    (b'<rss version="2.0"><channel><title>a&nbsp;b</title></channel></rss>', "实体"),
    (rss(item("被截断的", "2021-06-17 08:00:00")).encode()[:-20], "截断"),
    (b'{"errcode": 40001, "errmsg": "invalid credential"}', "XML"),
    ("发布时间：昨天".encode(), "XML"),
])
def test_bad_bodies_raise_feed_error(body: bytes, words: str) -> None:
    with pytest.raises(FeedError, match=words):
        read_feed(body, "https://rss.example/feed.xml")


def test_unparsable_link_is_kept_as_written() -> None:
    """Found by fuzzing: urljoin raises ValueError on "http://[bad"; the feed must still read."""
    feed = read_feed(rss("<item><title>坏链接</title><link>http://[bad/1</link></item>").encode(), "https://mp.example/")
    assert feed.posts[0].url == "http://[bad/1"


def test_random_garbage_only_ever_raises_feed_error() -> None:
    rng = random.Random(20210617)
    good = rss(item("样例", "2021-06-17 08:00:00")).encode("utf-8")
    for _ in range(300):
        body = bytearray(good)
        for _ in range(rng.randint(1, 8)):
            body[rng.randrange(len(body))] = rng.randrange(256)
        try:
            read_feed(bytes(body), "x")
        except FeedError:
            pass
    for size in (1, 7, 64, 1024):
        try:
            read_feed(bytes(rng.randrange(256) for _ in range(size)), "x")
        except FeedError:
            pass
