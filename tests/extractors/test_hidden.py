"""crawler/extractors/hidden.py: which off-site links a browser would not show (facts for HIDDEN-LINK)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.extractors.hidden import HiddenLink, hidden_links
from crawler.extractors.page import parse_html, read_page
from tests.realpages import REALPAGES, needs_realpages

PAGE = "http://www.example.gov.cn/index.html"
SPAM = "http://www.spam.test/"


def on_site(url: str) -> bool:
    return urlsplit(url).hostname == "www.example.gov.cn"


def hidden(body: str, head: str = "") -> list[HiddenLink]:
    tree = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    assert tree is not None
    return hidden_links(tree, PAGE, on_site)


def reasons(body: str, head: str = "") -> list[str]:
    return [link.reason for link in hidden(body, head)]


def spam_link(style: str = "", inner: str = "澳门博彩") -> str:
    return f'<a href="{SPAM}" style="{style}">{inner}</a>'


# ---------------------------------------------------------------- inline styles


def test_display_none_on_an_ancestor() -> None:
    [link] = hidden(f'<div class="x" style="display:none">{spam_link()}</div>')
    assert link == HiddenLink(SPAM, "澳门博彩", "display-none", "div.x", "display:none", None)


@pytest.mark.parametrize(
    ("style", "reason"),
    [
        ("display: none", "display-none"),
        ("DISPLAY:NONE !important", "display-none"),
        ("visibility:hidden", "visibility-hidden"),
        ("position:absolute;left:-9999px;top:-9999px", "offscreen"),
        ("position:fixed; top:-1000px", "offscreen"),
        ("position:absolute;left:-999em", "offscreen"),
        ("display:block;width:0;height:0;overflow:hidden", "zero-size"),
        ("height:1px;overflow:hidden", "zero-size"),
        ("font-size:0", "font-size-0"),
        ("font-size:0px;line-height:0", "font-size-0"),
        ("text-indent:-9999px", "text-indent"),
    ],
)
def test_hiding_styles(style: str, reason: str) -> None:
    assert reasons(f'<div style="{style}">{spam_link()}</div>') == [reason]


def test_the_link_itself_hidden() -> None:
    assert reasons(spam_link("display:none")) == ["display-none"]
    assert reasons(f"<p>{spam_link('position:absolute;left:-9999px')}</p>") == ["offscreen"]


def test_the_hidden_attribute() -> None:
    assert reasons(f"<div hidden>{spam_link()}</div>") == ["hidden-attribute"]


@pytest.mark.parametrize(
    "style",
    [
        "position:relative;left:-9999px",  # relative: a shift, not a removal... nor absolute
        "position:absolute;left:-200px",  # a little to the left: a slide-in panel's edge
        "position:absolute;left:0;top:0",
        "height:0",  # without overflow hidden the link spills out and shows
        "font-size:12px",
        "text-indent:2em",
        "visibility:visible",
        "color:#fff",
    ],
)
def test_styles_that_do_not_hide(style: str) -> None:
    assert reasons(f'<div style="{style}">{spam_link()}</div>') == []


def test_an_inline_link_ignores_width_and_height() -> None:
    assert reasons(spam_link("width:0;height:0;overflow:hidden")) == []
    assert reasons(spam_link("display:inline-block;width:0;overflow:hidden")) == ["zero-size"]


def test_the_nearest_setting_of_an_inherited_property_wins() -> None:
    assert reasons(f'<div style="visibility:hidden">{spam_link("visibility:visible")}</div>') == []
    assert reasons(f'<ul style="font-size:0"><li style="font-size:14px">{spam_link()}</li></ul>') == []
    assert reasons(f'<div style="font-size:0"><p style="font-size:12px"><span style="font-size:0">'
                   f'{spam_link()}</span></p></div>') == ["font-size-0"]


def test_pictures_still_show_where_text_is_shrunk_or_shifted() -> None:
    """Inline-block lists reset font-size to 0; logos replace their text with a background image."""
    assert reasons(f'<div style="font-size:0">{spam_link(inner="<img src=logo.png alt=标识>")}</div>') == []
    logo = f'<a href="{SPAM}" style="text-indent:-9999px;background:url(logo.png) no-repeat">中国政府网</a>'
    assert reasons(logo) == []


def test_style_evidence_names_the_hiding_element() -> None:
    [link] = hidden(f'<div id="ad" class="a b" style="position:absolute;left:-9999px">'
                    f'<span style="color:red">{spam_link()}</span></div>')
    assert (link.element, link.style, link.rule) == ("div#ad.a.b", "position:absolute;left:-9999px", None)


# ---------------------------------------------------------------- <style> rules


def test_a_class_rule() -> None:
    [link] = hidden(f'<div class="links hd">{spam_link()}</div>', "<style>.hd{display:none}</style>")
    assert (link.reason, link.element, link.rule) == ("display-none", "div.links.hd", ".hd { display:none }")


@pytest.mark.parametrize(
    "css",
    [
        "#yqlj { position:absolute; left:-9999px; top:-9999px }",
        "div#yqlj { font-size:0 }",
        "/* 友情链接 */ .a, #yqlj { visibility: hidden }",
        ".x.y { display:none }",
    ],
)
def test_id_and_compound_rules(css: str) -> None:
    assert len(hidden(f'<div id="yqlj" class="x y">{spam_link()}</div>', f"<style>{css}</style>")) == 1


def test_the_style_attribute_overrides_a_rule() -> None:
    body = f'<div class="hd" style="display:block">{spam_link()}</div>'
    assert reasons(body, "<style>.hd{display:none}</style>") == []


@pytest.mark.parametrize(
    "css",
    [
        "@media (max-width: 768px) { .hd { display:none } }",  # phones only
        "@media print { .hd { display:none } }",
        ".nav .hd { display:none }",  # combinators are not resolved
        ".hd:hover { display:none }",
        "p.hd { display:none }",  # another tag
        ".hd { position:absolute; left:-999em } .menu li:hover .hd { left:auto }",  # a dropdown
    ],
)
def test_rules_that_are_not_applied(css: str) -> None:
    assert reasons(f'<div class="menu"><div class="hd">{spam_link()}</div></div>', f"<style>{css}</style>") == []


# ---------------------------------------------------------------- what is recorded


def test_only_off_site_links_are_recorded() -> None:
    """Skip-links, mobile menus and 无障碍 toolbars stay on the site."""
    body = (
        '<a href="#main" style="position:absolute;left:-9999px">跳转到主要内容</a>'
        '<div class="mobile-nav" style="display:none"><a href="/xxgk/">信息公开</a>'
        '<a href="http://www.example.gov.cn/zwdt/">政务动态</a></div>'
        '<div style="display:none"><a href="javascript:void(0)" class="wza">无障碍</a>'
        '<a href="mailto:a@example.gov.cn">信箱</a></div>'
    )
    assert hidden(body) == []


def test_a_relative_link_resolves_against_the_base() -> None:
    [link] = hidden('<div style="display:none"><a href="//www.spam.test/x">博彩</a></div>')
    assert link.url == "http://www.spam.test/x"


def test_visible_off_site_links_are_not_recorded() -> None:
    assert hidden(f'<div class="yqlj"><a href="http://www.gov.cn/">中国政府网</a>{spam_link()}</div>') == []


def test_anchor_of_an_image_link() -> None:
    [link] = hidden(f'<div style="display:none"><a href="{SPAM}"><img src="x.png" alt="娱乐城"></a></div>')
    assert link.anchor == "娱乐城"


def test_at_most_fifty_per_page() -> None:
    body = "".join(f'<a href="http://spam{n}.test/">博彩</a>' for n in range(80))
    assert len(hidden(f'<div style="display:none">{body}</div>')) == 50


def test_read_page_keeps_them() -> None:
    facts = read_page(f'<html><body><div style="display:none">{spam_link()}</div></body></html>', PAGE, on_site,
                      True, date(2026, 1, 1))
    assert [link.url for link in facts.hidden_links] == [SPAM]


# ---------------------------------------------------------------- real pages


@needs_realpages
@pytest.mark.parametrize("path", sorted(REALPAGES.glob("*.html")) if REALPAGES.is_dir() else [], ids=lambda p: p.name)
def test_real_pages_hide_links_only_in_menus_and_panels(path: Path) -> None:
    """Even taking every link as off-site, real government pages hide links only with display:none
    (navigation menus, share panels), never off-screen or shrunk to nothing."""
    tree = parse_html(path.read_text(encoding="utf-8"))
    assert tree is not None
    found = hidden_links(tree, "http://www.example.gov.cn/a/b.html", lambda url: False)
    assert {link.reason for link in found} <= {"display-none"}


@needs_realpages
def test_real_hidden_menu_and_share_panel() -> None:
    zj = parse_html((REALPAGES / "zj_fgw_article_2016-11-22.html").read_text(encoding="utf-8"))
    cmse = parse_html((REALPAGES / "cmse_article_2012-06-24.html").read_text(encoding="utf-8"))
    assert zj is not None and cmse is not None
    menu = hidden_links(zj, "http://fgw.zj.gov.cn/a.html", lambda url: False)
    assert len([link for link in menu if link.rule == ".nav { display:none }"]) == 15
    # off the site: the 找错 entry (on an IP address) and the CMS maker's credit, both display:none
    off_site = hidden_links(zj, "http://fgw.zj.gov.cn/a.html", lambda url: "zj.gov.cn" in url)
    assert [(urlsplit(link.url).hostname, link.style) for link in off_site] == [
        ("121.43.68.40", "display:none;"), ("www.hanweb.com", "display:none")]
    share = hidden_links(cmse, "http://www.cmse.gov.cn/a.html", lambda url: "cmse.gov.cn" in url)
    assert {urlsplit(link.url).hostname for link in share} == {"www.bshare.cn"}
