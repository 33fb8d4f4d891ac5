"""crawler/extractors/page.py: one page read once; soft 404s; and the real pages of ../shared/realpages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.extractors.meta import head_meta, published
from crawler.extractors.page import PageFacts, parse_html, read_page
from tests.realpages import REALPAGES

TODAY = date(2024, 1, 1)


def same_host(url: str) -> Callable[[str], bool]:
    host = urlsplit(url).hostname
    return lambda link: urlsplit(link).hostname == host


def read(html: str, url: str = "http://www.example.gov.cn/a/b.html", is_home: bool = False) -> PageFacts:
    return read_page(html, url, same_host(url), is_home, TODAY)


# ---------------------------------------------------------------- one page, every fact


def test_read_page_gathers_every_fact() -> None:
    page = read(
        """<!DOCTYPE html><html><head><title>关于做好防汛工作的通知_青山市人民政府</title>
        <meta name="SiteIDCode" content="3601000001"><meta name="PubDate" content="2022-07-27 10:00">
        </head><body>
        <div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
        <div class="article"><h1>关于做好防汛工作的通知</h1><p>发布时间：2022-07-26 来源：青山市应急管理局</p>
        <p>各县（区）人民政府：……</p><p><a href="/files/fx.pdf">附件：防汛责任人名单</a></p></div>
        <ul class="related"><li><a href="/a/c.html">相关：防汛知识</a>2022-07-20</li></ul>
        <div class="footer">网站标识码：3601000001 <a href="http://bszs.conac.cn/sitename?id=1"><img alt="党政机关"></a></div>
        <script>var d = "页面不存在";</script>
        </body></html>""",
        url="http://www.example.gov.cn/a/b.html",
    )
    assert page.title == "关于做好防汛工作的通知_青山市人民政府"
    assert page.meta == {"SiteIDCode": "3601000001", "PubDate": "2022-07-27 10:00"}
    assert page.published == "2022-07-26"  # the visible date, not the meta one
    assert [(link.url, link.kind, link.position) for link in page.links] == [
        ("http://www.example.gov.cn/", "page", "nav"),
        ("http://www.example.gov.cn/zwgk/", "page", "nav"),
        ("http://www.example.gov.cn/files/fx.pdf", "attachment", "body"),
        ("http://www.example.gov.cn/a/c.html", "page", "body"),
        ("http://bszs.conac.cn/sitename?id=1", "external", "footer"),
    ]
    # the related item carries its date; the attachment line is a row of its own, undated
    assert [(item.url, item.date) for item in page.items if item.date] == [
        ("http://www.example.gov.cn/a/c.html", date(2022, 7, 20)),
    ]
    assert ("http://www.example.gov.cn/files/fx.pdf", None) in [(item.url, item.date) for item in page.items]
    assert "网站标识码：3601000001" in page.text
    assert "var d" not in page.text  # scripts are not visible text
    assert page.soft404 is False


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_nothing_to_parse(text: str) -> None:
    assert parse_html(text) is None
    page = read(text)
    assert (page.title, page.links, page.items, page.published, page.soft404) == ("", [], [], None, False)


def test_plain_text_still_gives_a_page() -> None:
    page = read("只有一行文字")
    assert page.text == "只有一行文字" and page.links == []


def test_content_after_a_stray_html_end_tag_is_read() -> None:
    # an included header that ends in </html>, as on www.gov.cn: browsers read on, so must we
    page = read(
        "<html><head><title>t</title></head><body><div class='header'>头部</div></html>\n"
        "<div class='content'><p>发布时间：2022-07-26</p><a href='/x.html'>正文链接</a></div>"
        "</body></html><div class='footer'>网站标识码bm01000001</div>"
    )
    assert page.published == "2022-07-26"
    assert [link.url for link in page.links] == ["http://www.example.gov.cn/x.html"]
    assert "网站标识码bm01000001" in page.text


def test_homepage_links_sit_in_home_blocks() -> None:
    html = '<html><body><div class="news"><ul><li><a href="/n1.html">要闻</a>[07-26]</li></ul></div></body></html>'
    assert [link.position for link in read(html, is_home=True).links] == ["home-block"]
    assert [link.position for link in read(html, is_home=False).links] == ["body"]


# ---------------------------------------------------------------- soft 404


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>页面不存在</title></head><body><p>返回首页</p></body></html>",
        "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
        "<html><head><title>青山市人民政府</title></head><body><div>抱歉，您访问的页面不存在！</div>"
        '<a href="/">返回首页</a></body></html>',
        "<html><head><title>提示</title></head><body><p>对不起，找不到该页面。</p></body></html>",
        "<html><head><title>提示信息</title></head><body><div>页面未找到，5 秒后返回首页</div></body></html>",
        "<html><head><title>错误</title></head><body>\n  404  \n</body></html>",
    ],
)
def test_soft_404(html: str) -> None:
    assert read(html).soft404 is True


def test_a_long_real_page_that_mentions_404_is_not_a_soft_404() -> None:
    paragraph = (
        "根据《中华人民共和国政府信息公开条例》和国务院令第404号的有关规定，现将本机关2022年政府信息公开"
        "工作情况报告如下。网站检查中发现部分链接显示“404 Not Found”或“您访问的页面不存在”，已全部整改。"
    )
    html = (
        "<html><head><title>青山市2022年政府信息公开工作年度报告</title></head><body>"
        "<h1>青山市2022年政府信息公开工作年度报告</h1><p>发布时间：2023-01-20</p>"
        f"{''.join(f'<p>{paragraph}</p>' for _ in range(20))}</body></html>"
    )
    page = read(html)
    assert len(page.text) > 1500
    assert page.soft404 is False


def test_a_short_page_mentioning_a_document_number_404_is_not_a_soft_404() -> None:
    html = "<html><head><title>国务院令第404号</title></head><body><p>国务院令第404号 2022-07-26</p></body></html>"
    assert read(html).soft404 is False


# ---------------------------------------------------------------- real pages (INDEX.md answer key)


@dataclass(frozen=True)
class RealPage:
    file: str
    url: str
    meta: dict[str, str | None]  # None: the tag must be absent
    published: str | None
    not_published: tuple[str, ...] = ()  # dates on the page that are not its publication date
    in_text: tuple[str, ...] = ()  # visible facts (footer, metadata box)
    not_in_text: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (start of the URL, kind)


ANSWER_KEY = [
    RealPage(
        "govcn_gongbao_2007-23_article.html",
        "https://www.gov.cn/gongbao/content/2007/content_20038.htm",
        meta={"SiteName": None, "SiteIDCode": None, "firstpublishedtime": "2007-08-20-23:59:59"},
        published="2007-08-20",  # no visible 发布时间: meta firstpublishedtime
        not_published=("2007-06-29",),  # the meeting date in the body
        in_text=("网站标识码bm01000001", "京ICP备05070218号", "京公网安备11010202000001号",
                 "主办单位：国务院办公厅", "2007年6月29日"),
        links=(("https://bszs.conac.cn/sitename?method=show&id=081D1D6883441A53E053012819AC0DAA", "external"),),
    ),
    RealPage(
        "zj_fgw_article_2016-11-22.html",
        "http://fgw.zj.gov.cn/art/article.html",
        meta={"SiteName": "浙江省发展和改革委员会", "SiteDomain": "fgw.zj.gov.cn,www.zjdpc.gov.cn",
              "SiteIDCode": "", "ColumnName": "投资运行", "PubDate": "2016-11-22 09:53"},
        published="2016-11-22",
        in_text=("网站标识码：3300000020", "浙ICP备05018911号", "浙公网安备 33010602009328号"),
        links=(("http://121.43.68.40/exposure/jiucuo.html?site_code=3300000020", "external"),),
    ),
    RealPage(
        "shanxi_gov_article_2019-09-18.html",
        "http://www.shanxi.gov.cn/yw/sxyw/article.shtml",
        meta={"SiteName": "山西省人民政府门户网站", "SiteDomain": "www.shanxi.gov.cn",
              "SiteIDCode": "1400000045", "ColumnName": "山西要闻", "PubDate": "2019-09-18 06:23"},
        published="2019-09-18",
        not_published=("2018-05-03", "2005-12-26"),
        in_text=("网站标识码：1400000045", "晋ICP备12000773号", "晋公网安备 14010502050691号",
                 "主办：山西省人民政府办公厅"),
        links=(("http://pucha.kaipuyun.cn/exposure/jiucuo.js", "script"),),
    ),
    RealPage(
        "cmse_article_2012-06-24.html",
        "http://www.cmse.gov.cn/xwzx/article.html",
        meta={"SiteIDCode": None},
        published="2012-06-24",
        in_text=("京ICP备20027467号-1", "中国载人航天工程办公室"),
        not_in_text=("网站标识码", "公网安备"),
    ),
    RealPage(
        "cmse_article_2021-01-05.html",
        "http://www.cmse.gov.cn/xwzx/article2.html",
        meta={"SiteIDCode": None},
        published="2021-01-05",
        in_text=("京ICP备20027467号-1",),
        not_in_text=("网站标识码", "公网安备"),
    ),
    RealPage(
        "wanzai_gov_tjgb2015_article.html",
        "http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml",
        meta={"SiteIDCode": "3609220011", "SiteDomain": "www.wanzai.gov.cn", "ColumnName": "统计公报",
              "PubDate": "2022-04-24 10:00:43"},
        published="2017-05-15",  # the visible date beats the regenerated meta PubDate
        not_published=("2022-04-24", "2023-10-11"),  # meta, and the header's JS clock
        in_text=("2023年10月11日", "网站标识码：3609220011", "赣ICP备11002306号-1", "赣公网安备 36092202000105号"),
    ),
    RealPage(
        "wanzai_gov_xxgk_tjgb2022_article.html",
        "http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml",
        meta={"SiteIDCode": "3609220011", "PubDate": "2023-08-16 10:33:59", "ContentSource": "万载县统计局"},
        published="2023-05-11",  # 生成日期 in the metadata box, not meta PubDate
        not_published=("2023-08-16", "2023-07-12"),
        in_text=("014742224A/2023-0043406", "赣ICP备11002306号-1"),
        not_in_text=("有效性",),
    ),
    RealPage(
        "yichun_gov_xxgk_tjgb2022_article.html",
        "https://www.yichun.gov.cn/ycsrmzf/tjgb/202305/36796cdc82d04268913f2884cf2fe579.shtml",
        meta={"SiteIDCode": "3609000002", "PubDate": "2023-05-16 12:34:05"},
        published="2023-04-18",  # 发文日期
        not_published=("2023-05-16", "2023-04-12"),
        in_text=("014717475N/2023-0040295", "赣ICP备06000141号", "赣公网安备 36090202000004号"),
    ),
    RealPage(
        "yichun_gov_xxgk_jx_tjgb2022_article.html",
        "https://www.yichun.gov.cn/ycsrmzf/tjgb/202304/3f093ec317ba4609b241d0c79175c7cd.shtml",
        meta={"SiteIDCode": "3609000002", "PubDate": "2023-05-16 12:34:10", "ContentSource": "江西统计 公众号"},
        published="2023-03-31",  # 发文日期
        not_published=("2023-05-16", "2023-03-28"),
        in_text=("014717475N/2023-0032866",),
    ),
    RealPage(
        # not a government page: its absolute time lives only in the script variable `ct`, the DOM
        # says 昨天; the page extractors must not make a date up
        "wechat_article_nongov_aifou_2020-02-12.html",
        "https://mp.weixin.qq.com/s/example",
        meta={"SiteIDCode": None},
        published=None,
    ),
]


@pytest.fixture(scope="module")
def realpages() -> Path:
    if not REALPAGES.is_dir():
        pytest.skip(f"{REALPAGES} is absent")
    return REALPAGES


@pytest.mark.parametrize("key", ANSWER_KEY, ids=lambda key: key.file.removesuffix(".html"))
def test_real_page(realpages: Path, key: RealPage) -> None:
    html = (realpages / key.file).read_text(encoding="utf-8")
    page = read_page(html, key.url, same_host(key.url), False, TODAY)

    for name, expected in key.meta.items():
        assert page.meta.get(name) == expected, name
    assert page.published == key.published
    assert page.published not in key.not_published
    for fact in key.in_text:
        assert fact in page.text, fact
    for fact in key.not_in_text:
        assert fact not in page.text, fact
    for start, kind in key.links:
        assert any(link.url.startswith(start) and link.kind == kind for link in page.links), start
    assert page.soft404 is False
    assert page.title


@pytest.mark.parametrize("key", ANSWER_KEY, ids=lambda key: key.file.removesuffix(".html"))
def test_real_page_meta_and_date_helpers(realpages: Path, key: RealPage) -> None:
    """head_meta and published on their own give what read_page gives."""
    tree = parse_html((realpages / key.file).read_text(encoding="utf-8"))
    assert tree is not None
    meta = head_meta(tree)
    for name, expected in key.meta.items():
        assert meta.get(name) == expected, name
    page = read_page((realpages / key.file).read_text(encoding="utf-8"), key.url, same_host(key.url), False, TODAY)
    assert published(page.text, meta, key.url) == key.published


def test_the_header_clock_is_on_the_page_but_not_chosen(realpages: Path) -> None:
    html = (realpages / "wanzai_gov_tjgb2015_article.html").read_text(encoding="utf-8")
    page = read(html, url="http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml")
    assert "2023年10月11日 星期三" in page.text
    assert page.text.index("2023年10月11日") < page.text.index("2017-05-15")  # it even comes first
    assert page.published == "2017-05-15"
    # without the visible label, the meta date (never the clock) is the fallback
    unlabelled = html.replace("发布日期：", "")
    assert read(unlabelled, url="http://www.wanzai.gov.cn/x.shtml").published == "2022-04-24"
