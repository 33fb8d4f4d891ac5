"""crawler/extractors/links.py: every place a page links from, each link's kind, anchor and position."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from crawler.extractors.links import FoundLink, extract_links, extension, normalise

PAGE = "http://www.example.gov.cn/xxgk/index.html"
HOSTS = {"www.example.gov.cn", "xxgk.example.gov.cn"}


def in_scope(url: str) -> bool:
    return urlsplit(url).hostname in HOSTS


def links_of(body: str, url: str = PAGE, is_home: bool = False, head: str = "") -> list[FoundLink]:
    tree = lxml_html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return list(extract_links(tree, url, in_scope, is_home))


def only(body: str, **kwargs: object) -> FoundLink:
    found = links_of(body, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- every source of a link


@pytest.mark.parametrize(
    ("body", "url", "kind"),
    [
        ('<a href="/zwgk/a.html">政务公开</a>', "http://www.example.gov.cn/zwgk/a.html", "page"),
        (
            '<map name="m"><area href="/map/b.html" alt="地图"></map>',
            "http://www.example.gov.cn/map/b.html",
            "page",
        ),
        ('<img src="/images/logo.png" alt="标志">', "http://www.example.gov.cn/images/logo.png", "image"),
        ('<iframe src="/frame/c.html"></iframe>', "http://www.example.gov.cn/frame/c.html", "frame"),
        ('<script src="/js/d.js"></script>', "http://www.example.gov.cn/js/d.js", "script"),
        ('<embed src="/media/e.swf">', "http://www.example.gov.cn/media/e.swf", "attachment"),
        ('<object data="/media/f.pdf"></object>', "http://www.example.gov.cn/media/f.pdf", "attachment"),
    ],
)
def test_link_sources_in_the_body(body: str, url: str, kind: str) -> None:
    link = only(body)
    assert (link.url, link.kind) == (url, kind)


def test_frames_of_a_frameset() -> None:
    tree = lxml_html.document_fromstring(
        '<html><frameset><frame src="/top.html"><frame src="http://other.example.com/main.html"></frameset></html>'
    )
    found = list(extract_links(tree, PAGE, in_scope))
    assert [(link.url, link.kind) for link in found] == [
        ("http://www.example.gov.cn/top.html", "frame"),
        ("http://other.example.com/main.html", "external"),
    ]


def test_stylesheets_but_not_other_link_tags() -> None:
    head = (
        '<link rel="stylesheet" href="/css/site.css">'
        '<link rel="icon" href="/favicon.ico">'
        '<link rel="alternate" href="/rss.xml">'
    )
    found = links_of("", head=head)
    assert [(link.url, link.kind) for link in found] == [("http://www.example.gov.cn/css/site.css", "style")]


def test_meta_refresh() -> None:
    head = '<meta http-equiv="Refresh" content="0; URL=\'/new/index.html\'">'
    link = only("", head=head)
    assert (link.url, link.kind) == ("http://www.example.gov.cn/new/index.html", "page")


def test_base_href_resolves_relative_links() -> None:
    head = '<base href="http://xxgk.example.gov.cn/col/">'
    found = links_of('<a href="art1.html">一</a><img src="../img/x.jpg">', head=head)
    assert [link.url for link in found] == [
        "http://xxgk.example.gov.cn/col/art1.html",
        "http://xxgk.example.gov.cn/img/x.jpg",
    ]


def test_relative_links_without_base() -> None:
    link = only('<a href="../zwgk/list.html#top">列表</a>')
    assert link.url == "http://www.example.gov.cn/zwgk/list.html"  # the fragment is dropped


def test_links_in_document_order() -> None:
    body = '<a href="/1.html">一</a><img src="/2.png"><a href="/3.pdf">三</a>'
    assert [link.url.rsplit("/", 1)[-1] for link in links_of(body)] == ["1.html", "2.png", "3.pdf"]


# ---------------------------------------------------------------- recorded, never fetched


@pytest.mark.parametrize(
    ("href", "kind"),
    [
        ("javascript:void(0)", "javascript"),
        ("JavaScript:openWin('x')", "javascript"),
        ("mailto:office@example.gov.cn", "mailto"),
    ],
)
def test_javascript_and_mailto_are_recorded_as_written(href: str, kind: str) -> None:
    link = only(f'<a href="{href}">联系我们</a>')
    assert (link.url, link.kind, link.anchor) == (href, kind, "联系我们")


@pytest.mark.parametrize("href", ["", "   ", "ftp://ftp.example.gov.cn/a.zip", "data:image/png;base64,AAAA"])
def test_links_that_are_not_links(href: str) -> None:
    assert links_of(f'<a href="{href}">x</a><a>no href</a>') == []


# ---------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("href", "kind"),
    [
        ("/xxgk/2022/a.html", "page"),
        ("http://xxgk.example.gov.cn/col/index.shtml", "page"),  # another host of the same site
        ("/", "page"),
        ("http://www.other.gov.cn/", "external"),
        ("https://www.gov.cn/zhengce/", "external"),
        ("/files/2022年预算.pdf", "attachment"),
        *[(f"/files/a.{ext}", "attachment") for ext in ("doc", "docx", "xls", "xlsx", "wps", "ofd", "zip", "rar")],
        ("/files/A.PDF", "attachment"),
        ("http://cdn.other.com/report.xlsx", "attachment"),  # an attachment stays one off the site
        ("/images/photo.JPG", "image"),
        ("http://img.other.com/b.gif", "image"),
    ],
)
def test_kinds(href: str, kind: str) -> None:
    assert only(f'<a href="{href}">链接</a>').kind == kind


def test_chinese_paths_are_percent_encoded() -> None:
    link = only('<a href="/files/2022年预算.pdf">预算</a>')
    assert link.url == "http://www.example.gov.cn/files/2022%E5%B9%B4%E9%A2%84%E7%AE%97.pdf"
    assert normalise("http://www.example.gov.cn/a b.html#x") == "http://www.example.gov.cn/a%20b.html"


@pytest.mark.parametrize(
    ("url", "suffix"),
    [
        ("http://a.gov.cn/x/y.PDF", "pdf"),
        ("http://a.gov.cn/x.y/z", ""),  # a dot in a folder is not an extension
        ("http://a.gov.cn/", ""),
        ("http://a.gov.cn/a.tar.gz?x=1", "gz"),
    ],
)
def test_extension(url: str, suffix: str) -> None:
    assert extension(url) == suffix


# ---------------------------------------------------------------- anchors


def test_anchor_text_is_collapsed() -> None:
    assert only('<a href="/a.html">  关于\n   印发   的通知 </a>').anchor == "关于 印发 的通知"


def test_anchor_from_img_alt() -> None:
    found = links_of('<a href="/jiucuo.html"><img src="/img/jc.png" alt="我为政府网站找错"></a>')
    assert [(link.kind, link.anchor) for link in found] == [
        ("page", "我为政府网站找错"),
        ("image", "我为政府网站找错"),
    ]


def test_anchor_from_img_title_then_link_title() -> None:
    assert only('<a href="/a.html" title="链接标题"></a>').anchor == "链接标题"
    found = links_of('<a href="/b.html"><img src="/b.png" title="图片标题"></a>')
    assert found[0].anchor == "图片标题"


def test_anchor_of_area_and_frame() -> None:
    assert only('<map><area href="/m.html" alt="区域"></map>').anchor == "区域"
    assert only('<iframe src="/f.html" title="视频"></iframe>').anchor == "视频"


# ---------------------------------------------------------------- positions


@pytest.mark.parametrize(
    ("body", "is_home", "position"),
    [
        ('<nav><ul><li><a href="/a.html">首页</a></li></ul></nav>', False, "nav"),
        ('<div id="nav"><a href="/a.html">首页</a></div>', False, "nav"),
        ('<div class="main-menu"><ul><li><a href="/a.html">政务公开</a></li></ul></div>', False, "nav"),
        ('<div class="daohang"><a href="/a.html">导航</a></div>', False, "nav"),
        ('<footer><a href="/a.html">网站地图</a></footer>', False, "footer"),
        ('<div class="footer"><p><a href="/a.html">联系我们</a></p></div>', False, "footer"),
        ('<div id="bottom"><a href="/a.html">联系我们</a></div>', False, "footer"),
        ('<div class="copyright"><a href="/a.html">网站标识码</a></div>', False, "footer"),
        ('<div class="content"><p><a href="/a.html">正文链接</a></p></div>', False, "body"),
        ('<div class="news"><ul><li><a href="/a.html">要闻</a></li></ul></div>', True, "home-block"),
        ('<div class="news"><ul><li><a href="/a.html">要闻</a></li></ul></div>', False, "body"),
        ('<div id="nav"><a href="/a.html">首页</a></div>', True, "nav"),
        ('<div class="foot"><a href="/a.html">关于我们</a></div>', True, "footer"),
    ],
)
def test_positions(body: str, is_home: bool, position: str) -> None:
    assert only(body, is_home=is_home).position == position


def test_the_nearest_hinted_ancestor_decides() -> None:
    body = '<div class="footer"><div class="nav-links"><a href="/a.html">a</a></div></div>'
    assert only(body).position == "nav"
    body = '<div class="nav"><div class="bottom"><a href="/a.html">a</a></div></div>'
    assert only(body).position == "footer"


# ---------------------------------------------------------------- Hanweb datastore


def test_links_inside_a_hanweb_datastore() -> None:
    body = (
        '<div id="4102"><script type="text/xml"><datastore>'
        "<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid=4102\"></a>]]></nextgroup>"
        "<recordset>"
        '<record><![CDATA[<li><a href="/art/2022/7/26/art_4102_1.html" title="通知一">通知一</a><span>2022-07-26</span></li>]]></record>'
        '<record><![CDATA[<li><a href="/art/2022/7/20/art_4102_2.html">通知二</a><span>2022-07-20</span></li>]]></record>'
        "</recordset></datastore></script></div>"
    )
    found = links_of(body, url="http://www.example.gov.cn/col/col4102/index.html")
    assert [(link.url, link.anchor, link.kind) for link in found] == [
        ("http://www.example.gov.cn/art/2022/7/26/art_4102_1.html", "通知一", "page"),
        ("http://www.example.gov.cn/art/2022/7/20/art_4102_2.html", "通知二", "page"),
    ]


def test_other_scripts_are_not_read_for_links() -> None:
    body = '<script type="text/javascript">var s = "<a href=\'/hidden.html\'>x</a>";</script>'
    assert links_of(body) == []
