"""crawler/extractors/links.py: every place a page links from, each link's kind, anchor and position."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from crawler.extractors.links import (
    FoundLink,
    extension,
    extract_links,
    normalise,
    srcset_urls,
)
from crawler.extractors.script_links import script_urls

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
        ("tel:0371-12345678", "tel"),
        ("TEL:12345", "tel"),
    ],
)
def test_javascript_and_mailto_are_recorded_as_written(href: str, kind: str) -> None:
    link = only(f'<a href="{href}">联系我们</a>')
    assert (link.url, link.kind, link.anchor) == (href, kind, "联系我们")


@pytest.mark.parametrize(
    "href",
    [
        "",
        "   ",
        "ftp://ftp.example.gov.cn/a.zip",
        "data:image/png;base64,AAAA",
        "sms:10086",
        "about:blank",
        "http://www.example.gov.cn:8o/a.html",  # a port that is not a number: nothing to request
        "http://[::1/a.html",
    ],
)
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


def test_a_broken_link_does_not_stop_the_page() -> None:
    found = links_of('<a href="http://x.gov.cn:abc/">坏</a><a href="/ok.html">好</a>')
    assert [link.url for link in found] == ["http://www.example.gov.cn/ok.html"]


def test_a_colon_in_a_relative_path_is_not_a_scheme() -> None:
    assert only('<a href="/zt/2022:a.html">专题</a>').url == "http://www.example.gov.cn/zt/2022:a.html"


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("HTTP://WWW.Example.GOV.CN/A.html", "http://www.example.gov.cn/A.html"),  # the path keeps its case
        ("http://www.example.gov.cn:80/a.html", "http://www.example.gov.cn/a.html"),
        ("https://www.example.gov.cn:443/a.html", "https://www.example.gov.cn/a.html"),
        ("http://www.example.gov.cn:443/a.html", "http://www.example.gov.cn:443/a.html"),  # not http's default
        ("https://www.example.gov.cn:8443/a.html", "https://www.example.gov.cn:8443/a.html"),
        ("http://[::1]:80/a.html", "http://[::1]/a.html"),
        ("http://www.example.gov.cn", "http://www.example.gov.cn/"),
        ("http://www.example.gov.cn?a=1", "http://www.example.gov.cn/?a=1"),
        ("http://www.example.gov.cn/a.html#section2", "http://www.example.gov.cn/a.html"),
        ("http://www.example.gov.cn/a/./b/../c/./d.html", "http://www.example.gov.cn/a/c/d.html"),
        ("http://www.example.gov.cn/a/b/../../../c.html", "http://www.example.gov.cn/c.html"),
        ("http://www.example.gov.cn/a/b/..", "http://www.example.gov.cn/a/"),
        ("http://www.example.gov.cn/a..b/c.d/e", "http://www.example.gov.cn/a..b/c.d/e"),  # dots, not dot segments
        ("http://www.example.gov.cn/view.jsp;jsessionid=0A1B2C3D4E?id=5", "http://www.example.gov.cn/view.jsp?id=5"),
        ("http://www.example.gov.cn/col;JSESSIONID=AB/index.jsp", "http://www.example.gov.cn/col/index.jsp"),
        ("http://www.example.gov.cn/a.jsp?id=5&jsessionid=AB12&b=2", "http://www.example.gov.cn/a.jsp?id=5&b=2"),
        ("http://www.example.gov.cn/a.php?PHPSESSID=9f8e7d&c=1", "http://www.example.gov.cn/a.php?c=1"),
        ("http://www.example.gov.cn/a.asp?ASPSESSIONIDQQSCRBTA=ABCD&id=1", "http://www.example.gov.cn/a.asp?id=1"),
        ("http://www.example.gov.cn/a?SessionId=x", "http://www.example.gov.cn/a"),
        ("http://www.example.gov.cn/a.asp?sid=a1b2c3d4e5f6a7b8c9d0&id=1", "http://www.example.gov.cn/a.asp?id=1"),
        # decoys: sid=12 names a section in old ASP/PHP CMSs; sessions are long tokens
        ("http://www.example.gov.cn/a.asp?sid=12&id=1", "http://www.example.gov.cn/a.asp?sid=12&id=1"),
        ("http://www.example.gov.cn/a.asp?session=1&sids=2", "http://www.example.gov.cn/a.asp?session=1&sids=2"),
        # the query keeps its order: some CMSs read parameters by position
        ("http://www.example.gov.cn/l.jsp?z=1&a=2&m=3", "http://www.example.gov.cn/l.jsp?z=1&a=2&m=3"),
        ("http://www.example.gov.cn/l.jsp?q=a%2fb", "http://www.example.gov.cn/l.jsp?q=a%2Fb"),
        ("http://www.example.gov.cn/l.jsp?t=中文", "http://www.example.gov.cn/l.jsp?t=%E4%B8%AD%E6%96%87"),
        ("http://www.example.gov.cn/l.jsp?", "http://www.example.gov.cn/l.jsp"),
        ("  http://www.example.gov.cn/a.html \n", "http://www.example.gov.cn/a.html"),
        ("mailto:Office@Example.gov.cn", "mailto:Office@Example.gov.cn"),
    ],
)
def test_normalise(url: str, normal: str) -> None:
    assert normalise(url) == normal
    assert normalise(normal) == normal  # normal is a fixed point


def test_links_are_normalised() -> None:
    link = only('<a href="HTTP://XXGK.Example.gov.cn:80/./a/../b.jsp;jsessionid=ABC?id=1#x">b</a>')
    assert (link.url, link.kind) == ("http://xxgk.example.gov.cn/b.jsp?id=1", "page")


# ---------------------------------------------------------------- srcset


def test_img_srcset_gives_every_candidate_as_an_image() -> None:
    found = links_of(
        '<img src="/img/a.jpg" srcset="/img/a.jpg 1x, /img/a@2x.jpg 2x,'
        ' http://cdn.other.com/a-wide.webp 1200w" alt="风景">'
    )
    assert [(link.url, link.kind, link.anchor) for link in found] == [
        ("http://www.example.gov.cn/img/a.jpg", "image", "风景"),  # src, and not again from srcset
        ("http://www.example.gov.cn/img/a@2x.jpg", "image", "风景"),
        ("http://cdn.other.com/a-wide.webp", "image", "风景"),
    ]


def test_picture_sources() -> None:
    body = (
        '<picture><source srcset="/img/b.avif 1x, /img/b2.avif 2x" type="image/avif">'
        '<source srcset="/img/b.webp"><img src="/img/b.jpg" alt="图"></picture>'
    )
    found = links_of(body)
    assert [(link.url.rsplit("/", 1)[-1], link.kind, link.anchor) for link in found] == [
        ("b.avif", "image", "图"),
        ("b2.avif", "image", "图"),
        ("b.webp", "image", "图"),
        ("b.jpg", "image", "图"),
    ]


def test_srcset_outside_img_and_picture_is_not_read() -> None:
    assert links_of('<video><source srcset="/v/a.jpg 1x"></video><div srcset="/x.png 1x"></div>') == []


def test_srcset_skips_data_uris() -> None:
    found = links_of('<img srcset="data:image/png;base64,iVBORw0KGgo= 1x, /img/c.png 2x">')
    assert [link.url for link in found] == ["http://www.example.gov.cn/img/c.png"]


@pytest.mark.parametrize(
    ("srcset", "urls"),
    [
        ("a.jpg", ["a.jpg"]),
        ("a.jpg 1x, b.jpg 2x", ["a.jpg", "b.jpg"]),
        ("a.jpg 480w,b.jpg 800w", ["a.jpg", "b.jpg"]),
        ("  a.jpg   1x ,  b.jpg 1.5x  ", ["a.jpg", "b.jpg"]),
        ("a.jpg,, b.jpg", ["a.jpg", "b.jpg"]),  # a trailing comma ends a URL
        ("/img/x,y.jpg 1x, /img/z.jpg 2x", ["/img/x,y.jpg", "/img/z.jpg"]),  # a comma inside a URL
        ("a.jpg (bad, descriptor), b.jpg", ["a.jpg", "b.jpg"]),
        ("", []),
        (" , ", []),
    ],
)
def test_srcset_urls(srcset: str, urls: list[str]) -> None:
    assert srcset_urls(srcset) == urls


# ---------------------------------------------------------------- links opened by JavaScript


@pytest.mark.parametrize(
    "handler",
    [
        "window.open('/a.html')",
        'window.open("/a.html", "_blank", "width=800")',
        "window.open ( '/a.html' );return false;",
        "location.href='/a.html'",
        'location.href = "/a.html";',
        "window.location='/a.html'",
        "window.location.href='/a.html'",
        "document.location.href='/a.html'",
        "location.assign('/a.html')",
        "window.location.replace('/a.html')",
        "self.location='/a.html'",
        "top.location='/a.html'",
        "top.location.href='/a.html'",
        "parent.window.open('/a.html')",
        "location = '/a.html'",
        "window.open('http://www.example.gov.cn/a.html')",
        "window.open('a.html')",  # relative to the page: /xxgk/a.html
        r"window.open('http:\/\/www.example.gov.cn\/a.html')",  # escaped as JSON writers do
        "window.open(`/a.html`)",
        "if (confirm('离开本站？')) { window.open('/a.html'); }",
    ],
)
def test_onclick_opens_a_page(handler: str) -> None:
    found = links_of(f"""<span onclick="{handler.replace('"', '&quot;')}">政务服务</span>""")
    assert len(found) == 1, found
    assert found[0].url in {"http://www.example.gov.cn/a.html", "http://www.example.gov.cn/xxgk/a.html"}
    assert (found[0].kind, found[0].anchor, found[0].position) == ("page", "政务服务", "body")


@pytest.mark.parametrize(
    "handler",
    [
        "var s = '/not-a-link.html'",
        "openWin('/a.html')",  # a site's own function: what it does is unknown
        "window.open(url)",
        "window.open('/a.html?id=' + id)",
        "location.href = '/search?q=' + encodeURIComponent(word)",
        "location.href = base + '/a.html'",
        "if (location.href == '/a.html') {}",
        "if (location.href.indexOf('/a.html') > 0) {}",
        "data.location = '北京市'",  # a property named location, not the window's
        "myWindow.open('/a.html')",
        "window.open('')",
        "location.href = '#top'",
        "location.hash = '/a.html'",
        "window.open(`/a.html?id=${id}`)",
        "return false",
    ],
)
def test_onclick_decoys(handler: str) -> None:
    assert links_of(f"""<span onclick="{handler.replace('"', '&quot;')}">x</span>""") == []


@pytest.mark.parametrize(
    ("target", "url", "kind"),
    [
        ("/files/2022年预算.pdf", "http://www.example.gov.cn/files/2022%E5%B9%B4%E9%A2%84%E7%AE%97.pdf", "attachment"),
        ("/images/map.png", "http://www.example.gov.cn/images/map.png", "image"),
        ("http://www.gov.cn/", "http://www.gov.cn/", "external"),
        ("http://xxgk.example.gov.cn/col/", "http://xxgk.example.gov.cn/col/", "page"),
        ("mailto:office@example.gov.cn", "mailto:office@example.gov.cn", "mailto"),
    ],
)
def test_kinds_of_links_opened_by_javascript(target: str, url: str, kind: str) -> None:
    link = only(f"<button onclick=\"window.open('{target}')\">打开</button>")
    assert (link.url, link.kind) == (url, kind)


def test_onclick_anchor_and_position() -> None:
    body = (
        '<div class="nav"><li onclick="location.href=\'/zwgk/\'">政务公开</li></div>'
        "<div class=\"footer\"><img src=\"/img/jc.png\" alt=\"找错\" onclick=\"window.open('/jiucuo.html')\"></div>"
        "<table><tr onclick=\"location.href='/art/1.html'\"><td>关于 印发</td><td> 2022-07-26</td></tr></table>"
    )
    found = links_of(body, is_home=True)
    assert [(link.url.split("gov.cn", 1)[1], link.kind, link.anchor, link.position) for link in found] == [
        ("/zwgk/", "page", "政务公开", "nav"),
        ("/img/jc.png", "image", "找错", "footer"),
        ("/jiucuo.html", "page", "找错", "footer"),
        ("/art/1.html", "page", "关于 印发 2022-07-26", "home-block"),
    ]


def test_javascript_href_is_recorded_and_what_it_opens_is_checked() -> None:
    found = links_of("<a href=\"javascript:window.open('/zfxxgk/index.html')\">信息公开</a>")
    assert [(link.url, link.kind, link.anchor) for link in found] == [
        ("javascript:window.open('/zfxxgk/index.html')", "javascript", "信息公开"),
        ("http://www.example.gov.cn/zfxxgk/index.html", "page", "信息公开"),
    ]


def test_an_onclick_repeating_the_href_is_one_link() -> None:
    link = only("<a href=\"/a.html\" onclick=\"window.open('/a.html');return false;\">a</a>")
    assert link.url == "http://www.example.gov.cn/a.html"
    found = links_of(
        "<a href=\"javascript:window.open('/b.html')\" onclick=\"window.open('/b.html')\">b</a>"
    )
    assert [link.kind for link in found] == ["javascript", "page"]


def test_inline_scripts() -> None:
    head = "<script>if (isMobile()) { window.location.href = 'http://m.example.gov.cn/'; }</script>"
    body = (
        "<div id=\"nav\"><script type=\"text/javascript\">function go() { location.assign('/bsfw/'); }</script></div>"
        "<div class=\"news\"><script>document.write('<a href=\"/x.html\">x</a>'); window.open('/tc.html', 'tc');</script></div>"
        "<div class=\"bottom\"><script language=\"javascript\"><!--\nwindow.open('/yqlj.html')\n//--></script></div>"
    )
    found = links_of(body, head=head, is_home=True)
    assert [(link.url, link.kind, link.anchor, link.position) for link in found] == [
        ("http://m.example.gov.cn/", "external", "", "body"),
        ("http://www.example.gov.cn/bsfw/", "page", "", "nav"),
        ("http://www.example.gov.cn/tc.html", "page", "", "body"),  # a script sits in no homepage block
        ("http://www.example.gov.cn/yqlj.html", "page", "", "footer"),
    ]


@pytest.mark.parametrize(
    "script",
    [
        "<script>var s = '/not-a-link.html'; var t = \"http://www.example.gov.cn/b.html\";</script>",
        "<script>// window.open('/old.html')\n/* location.href = '/older.html'; */</script>",
        "<script>$.ajax({url: '/module/web/jpage/dataproxy.jsp', data: {page: 1}});</script>",
        "<script>var cfg = {location: '/a.html'};</script>",
        "<script type=\"text/template\"><a onclick=\"window.open('/tpl.html')\">x</a></script>",
        "<script type=\"text/html\">location.href='/tpl.html'</script>",
        "<script type=\"application/ld+json\">{\"location\": \"/a.html\"}</script>",
        "<script src=\"/js/a.js\">location.href='/ignored.html'</script>",
    ],
)
def test_inline_script_decoys(script: str) -> None:
    assert [link.kind for link in links_of(script)] in ([], ["script"])


def test_a_hanweb_datastore_is_not_read_twice() -> None:
    body = (
        '<script type="text/xml"><datastore><recordset>'
        "<record><![CDATA[<li><a href=\"/art/1.html\" onclick=\"window.open('/art/1.html')\">一</a></li>]]></record>"
        "<record><![CDATA[<li><script>location.href='/art/2.html'</script></li>]]></record>"
        "</recordset></datastore></script>"
        "<script>var pager = {url: '/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=60'};</script>"
    )
    assert [link.url for link in links_of(body)] == ["http://www.example.gov.cn/art/1.html"]


@pytest.mark.parametrize(
    ("code", "urls"),
    [
        ("window.open('/a.html');window.open(\"/b.html\")", ["/a.html", "/b.html"]),
        ("var u = 'http://x.gov.cn/'; // window.open('/c.html')\nlocation.href='/d.html'", ["/d.html"]),
        ("window.open('\\u002Fe.html')", ["/e.html"]),
        ("top.window.location.href = '/f.html'", ["/f.html"]),
        ("x = 'a//b'; location.replace('/g.html')", ["/g.html"]),  # '//' inside a string is no comment
        ("no links here", []),
    ],
)
def test_script_urls(code: str, urls: list[str]) -> None:
    assert script_urls(code) == urls
