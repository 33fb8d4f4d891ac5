"""rss.demo.test: RSS/Atom feeds of the demo new-media accounts (shapes follow wechat-feeds and RSSHub)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from govmon.demo.content import TOPICS, rng_for
from govmon.demo.web import Request, Response, html, plain

if TYPE_CHECKING:
    from govmon.demo.farm import Farm

HOST = "rss.demo.test"
CST = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class FeedSpec:
    """A feed: post ages in days (empty = an account that never posted); `pinned` = an old post on top."""

    path: str
    name: str
    description: str
    ages: tuple[int, ...]
    pinned: int | None = None
    atom: bool = False


FEEDS = [
    FeedSpec("/wechat/qingshanfabu.xml", "青山发布", "青山市人民政府新闻办公室官方发布平台。",
             (0, 0, 0, 1, 1, 2, 3, 3, 4, 5, 6, 8), pinned=300),
    FeedSpec("/wechat/qingshanzhengfu.xml", "青山市政府", "青山市人民政府办公室政务公开平台。",
             (1, 2, 4, 6, 9)),
    FeedSpec("/weibo/qingshanjiaoyu.xml", "青山教育", "青山市教育局官方微博", (20, 24, 31, 45), atom=True),
    FeedSpec("/wechat/hexifabu.xml", "河西发布", "河西区人民政府官方微信。", (120, 135, 160, 200)),
    FeedSpec("/douyin/hexiwenlv.xml", "河西文旅", "河西区文化和旅游局官方抖音号", ()),
    FeedSpec("/weibo/qingshanzhengfu.xml", "青山市政府网", "青山市人民政府门户网站官方微博（未备案）",
             (0, 2, 3, 7), atom=True),
]
GONE = "/wechat/qingshanjiaoyu_old.xml"       # a deleted account: the feed answers 404


class FeedHost:
    """Serves FEEDS, their item pages, and a 404 for the gone account."""

    def __init__(self, farm: Farm) -> None:
        self.farm = farm
        self.host = HOST
        self.feeds = {f.path: f for f in FEEDS}

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.farm.http_port}{path}"

    def posts(self, spec: FeedSpec) -> list[tuple[str, datetime, str]]:
        """(title, time, link) newest first, the pinned post (if any) on top."""
        rng = rng_for(spec.path)
        out = []
        ages = ([spec.pinned] if spec.pinned is not None else []) + list(spec.ages)
        for n, age in enumerate(ages):
            day = self.farm.today - timedelta(days=age)
            when = datetime.combine(day, time(7 + age % 12, (17 * n) % 60, 0), CST)
            prefix = "【置顶】" if spec.pinned is not None and n == 0 else ""
            title = f"{prefix}{rng.choice(TOPICS)}｜{spec.name}带您了解最新进展"
            out.append((title, when, self.url(f"{spec.path.removesuffix('.xml')}/{n + 1}.html")))
        return out

    def rss(self, spec: FeedSpec) -> str:
        posts = self.posts(spec)
        built = format_datetime(datetime.combine(self.farm.today, time(6, 0), CST))
        items = "".join(
            f"<item><title>{escape(t)}</title><link>{escape(link)}</link><description></description>"
            f"<content:encoded><![CDATA[{t}]]></content:encoded><pubDate>{format_datetime(when)}</pubDate></item>"
            for t, when, link in posts)
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/'
                f'modules/content/"><channel><title>{spec.name} | wechat-feeds</title><link>{self.url(spec.path)}'
                f'</link><description>{escape(spec.description)}</description><pubDate>{built}</pubDate>'
                f"{items}</channel></rss>")

    def atom(self, spec: FeedSpec) -> str:
        posts = self.posts(spec)
        updated = (posts[0][1] if posts else datetime.combine(self.farm.today, time(6, 0), CST)).isoformat()
        entries = "".join(
            f'<entry><title>{escape(t)}</title><link href="{escape(link)}"/><id>{escape(link)}</id>'
            f"<published>{when.isoformat()}</published><updated>{when.isoformat()}</updated>"
            f"<content type=\"html\">{escape(t)}</content></entry>" for t, when, link in posts)
        return ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>{spec.name}的微博</title><subtitle>{escape(spec.description)}</subtitle>"
                f'<link href="{self.url(spec.path)}" rel="self"/><id>{self.url(spec.path)}</id>'
                f"<updated>{updated}</updated>{entries}</feed>")

    def handle(self, req: Request) -> Response:
        spec = self.feeds.get(req.path)
        if spec:
            body = self.atom(spec) if spec.atom else self.rss(spec)
            ctype = "application/atom+xml; charset=utf-8" if spec.atom else "application/rss+xml; charset=utf-8"
            return Response(200, body.encode("utf-8"), ctype, cacheable=True, last_modified=self.farm.today)
        for spec in FEEDS:
            stem = spec.path.removesuffix(".xml") + "/"
            if req.path.startswith(stem) and req.path.endswith(".html"):
                for title, when, link in self.posts(spec):
                    if link.endswith(req.path):
                        return html(f"<html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
                                    f"<body><h1>{escape(title)}</h1><p>{spec.name} {when:%Y-%m-%d %H:%M}</p>"
                                    "</body></html>", last_modified=when.date())
        return plain("404 Not Found: 该账号或内容不存在\n", 404)
