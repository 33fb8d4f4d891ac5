"""checks/hidden.py: HIDDEN-LINK, 暗链 — hidden off-site links and links with spam words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from checks.facts import LinkOutcome, PageFact, SiteFacts, Source
from checks.hidden import hidden_link
from checks.registry import Finding
from crawler.extractors.hidden import hidden_links
from crawler.extractors.page import parse_html, read_page
from govmon.config import RulesFile
from tests.realpages import REALPAGES, needs_realpages

TODAY = date(2026, 11, 20)
HOME = "http://www.hexilvyou.com/"
ARTICLE = "http://www.hexilvyou.com/lyzx/t20261109_1.html"
BOCAI = "http://www.bocai-demo.test/"
YULE = "http://www.yule-demo.test/"


def hidden(url: str, anchor: str, reason: str = "display-none", style: str = "display:none") -> dict[str, Any]:
    return {"url": url, "anchor": anchor, "reason": reason, "element": "div", "style": style, "rule": None}


def page(url: str, *hidden_facts: dict[str, Any]) -> PageFact:
    return PageFact(url, url, 200, 0 if url == HOME else 1, url == HOME, "", {"hidden_links": list(hidden_facts)})


def external(url: str, *sources: tuple[str, str]) -> LinkOutcome:
    """An external link and the (page, anchor) places it is linked from."""
    return LinkOutcome(url, "external", "http", 200, None, [],
                       [Source(page_url, anchor, "body", page_url == HOME) for page_url, anchor in sources])


def audit(rules: RulesFile, pages: list[PageFact], links: list[LinkOutcome] | None = None) -> list[Finding]:
    site = SiteFacts("hexi-wlj-site", "hexi-wlj", HOME, "department", 1, datetime(2026, 11, 20, tzinfo=UTC),
                     pages, links or [])
    return list(hidden_link(site, rules, TODAY))


# ---------------------------------------------------------------- 暗链 with spam words: veto


def test_the_farm_seeds(rules: RulesFile) -> None:
    """hexi-wlj-site: a display:none 博彩 link and a left:-9999px 娱乐城 link on the homepage."""
    offscreen = "position:absolute;left:-9999px;top:-9999px"
    home = page(HOME, hidden(BOCAI, "澳门博彩 真人娱乐"), hidden(YULE, "娱乐城 在线开户", "offscreen", offscreen))
    links = [external(BOCAI, (HOME, "澳门博彩 真人娱乐")), external(YULE, (HOME, "娱乐城 在线开户"))]
    bocai, yule = audit(rules, [home], links)
    assert (bocai.code, bocai.severity, bocai.url, bocai.source_url, bocai.where) == (
        "HIDDEN-LINK", "veto", BOCAI, HOME, "homepage")
    assert bocai.detail == {
        "reason": "暗链：display:none 隐藏的外部链接，含违规词语“博彩”“真人娱乐”“bocai”",
        "anchor": "澳门博彩 真人娱乐",
        "hidden_by": "display-none",
        "spam_words": ["博彩", "真人娱乐", "bocai"],
        "host": "www.bocai-demo.test",
        "source_count": 1,
        "sources": [HOME],
        "element": "div",
        "style": "display:none",
        "rule": None,
    }
    assert (yule.severity, yule.url, yule.detail["hidden_by"], yule.detail["style"]) == (
        "veto", YULE, "offscreen", offscreen)
    assert yule.detail["spam_words"] == ["娱乐城"]


def test_a_spam_link_hidden_on_several_pages_is_one_finding(rules: RulesFile) -> None:
    [finding] = audit(rules, [page(ARTICLE, hidden(BOCAI, "博彩")), page(HOME, hidden(BOCAI, "博彩"))])
    assert (finding.source_url, finding.where) == (HOME, "homepage")
    assert finding.detail["sources"] == [HOME, ARTICLE]


def test_a_hidden_spam_link_to_a_government_host_is_still_one(rules: RulesFile) -> None:
    """A hacked government site can host the spam; hidden with spam words it is a 暗链 all the same."""
    hacked = "http://www.hacked.gov.cn/bc/"
    [finding] = audit(rules, [page(HOME, hidden(hacked, "六合彩 开奖"))])
    assert (finding.severity, finding.url) == ("veto", hacked)


def test_a_visible_spam_link(rules: RulesFile) -> None:
    [finding] = audit(rules, [page(HOME), page(ARTICLE)], [external(BOCAI, (ARTICLE, "百家乐 在线"))])
    assert (finding.severity, finding.url, finding.source_url, finding.where) == ("veto", BOCAI, ARTICLE, "other")
    assert finding.detail["hidden_by"] is None
    assert finding.detail["reason"] == "外部链接含违规词语“百家乐”“bocai”"
    assert "style" not in finding.detail


def test_a_spam_host_with_a_harmless_anchor(rules: RulesFile) -> None:
    [finding] = audit(rules, [page(HOME)], [external("http://www.casino-demo.test/", (HOME, "点击进入"))])
    assert finding.detail["spam_words"] == ["casino"]


def test_the_vocabulary_is_the_offices(rules: RulesFile) -> None:
    link = external("http://www.shop.test/", (HOME, "高仿名表"))
    assert audit(rules, [page(HOME)], [link]) == []
    assert rules.lexicon is not None
    spam = rules.lexicon.spam.model_copy(update={"words": [*rules.lexicon.spam.words, "高仿"]})
    tuned = rules.model_copy(update={"lexicon": rules.lexicon.model_copy(update={"spam": spam})})
    [finding] = audit(tuned, [page(HOME)], [link])
    assert finding.detail["spam_words"] == ["高仿"]


# ---------------------------------------------------------------- concealed without spam words: warning


@pytest.mark.parametrize("reason", ["offscreen", "zero-size", "font-size-0", "text-indent"])
def test_concealed_off_site_link_is_an_early_warning(rules: RulesFile, reason: str) -> None:
    [finding] = audit(rules, [page(HOME, hidden("http://www.seo-shop.test/", "上海网站建设", reason, "…"))])
    assert (finding.severity, finding.url) == ("warning", "http://www.seo-shop.test/")
    assert finding.detail["reason"].startswith("疑似暗链")


def test_concealed_link_to_a_government_site_is_not_one(rules: RulesFile) -> None:
    assert audit(rules, [page(HOME, hidden("http://www.jiangxi.gov.cn/", "江西省人民政府", "offscreen"))]) == []
    assert audit(rules, [page(HOME, hidden("http://www.xn--rht138k.xn--zfr164b/", "青山政府网", "zero-size"))]) == []


# ---------------------------------------------------------------- decoys


def test_display_none_menus_to_other_sites_are_not_one(rules: RulesFile) -> None:
    """A 友情链接 dropdown or a mobile menu, shown by JavaScript, leading to news sites."""
    dropdown = [hidden("http://www.people.com.cn/", "人民网"),
                hidden("http://www.xinhuanet.com/", "新华网", "visibility-hidden")]
    assert audit(rules, [page(HOME, *dropdown)]) == []


def test_a_hidden_jiucuo_entry_is_not_one(rules: RulesFile) -> None:
    """The 找错 entry styled display:none (identity.jiucuo_hidden), on the platform's host or an IP."""
    entries = [hidden("http://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3607000023", ""),
               hidden("http://121.43.68.40/exposure/jiucuo.html?site_code=3300000020", "")]
    assert audit(rules, [page(HOME, *entries)]) == []


def test_the_jiucuo_entry_the_crawler_found_is_not_one_however_hidden(rules: RulesFile) -> None:
    entry = "http://121.43.68.40/exposure/jiucuo.html?site_code=3300000020"
    offscreen = hidden(entry, "我为政府网站找错", "offscreen")
    [warning] = audit(rules, [page(HOME, offscreen)])
    assert warning.severity == "warning"
    home = PageFact(HOME, HOME, 200, 0, True, "", {"hidden_links": [offscreen], "identity": {
        "jiucuo": "//121.43.68.40/exposure/jiucuo.html?site_code=3300000020", "jiucuo_hidden": True}})
    assert audit(rules, [home]) == []


@pytest.mark.parametrize(
    ("url", "anchor"),
    [
        ("http://www.cwl.gov.cn/", "中国福利彩票"),  # a government host
        ("http://www.lottery.gov.cn/", "中国体育彩票"),
        ("http://www.people.com.cn/n1/2026/1109/c1.html", "我市福利彩票公益金资助项目"),  # allowed phrase
        ("http://www.mps.gov.cn/n2255079/c1.html", "公安部部署打击跨境赌博"),
        ("http://news.example.com/2026/1109.html", "严厉打击网络赌博违法犯罪"),
        ("http://news.example.com/2026/1110.html", "扫黄打非：整治网络色情"),
    ],
)
def test_visible_news_about_lotteries_and_gambling_is_not_one(rules: RulesFile, url: str, anchor: str) -> None:
    assert audit(rules, [page(HOME)], [external(url, (HOME, anchor))]) == []


def test_links_inside_the_site_are_not_judged(rules: RulesFile) -> None:
    internal = LinkOutcome("http://www.hexilvyou.com/xwzx/t1.html", "page", "http", 200, None, [],
                           [Source(HOME, "市福利彩票发行中心开展彩票公益宣传", "home-block", True)])
    assert audit(rules, [page(HOME)], [internal]) == []


def test_no_lexicon_no_finding(rules: RulesFile) -> None:
    untold = rules.model_copy(update={"lexicon": None})
    assert audit(untold, [page(HOME, hidden(BOCAI, "博彩"))]) == []


# ---------------------------------------------------------------- from the page to the finding


def test_from_html_to_finding(rules: RulesFile) -> None:
    """The crawler's facts of a homepage with both seeds, skip-links, a mobile menu and a hidden 找错 entry."""
    html = f"""<html><head><style>.m-nav{{display:none}} .sr-only{{position:absolute;width:1px;height:1px;
    overflow:hidden;clip:rect(0,0,0,0)}}</style></head><body>
    <a class="sr-only" href="#content">跳转到主要内容</a>
    <div class="m-nav"><a href="/lyzx/">旅游资讯</a><a href="http://www.hexi.gov.cn/">河西区人民政府</a></div>
    <div class="toolbar"><a href="javascript:void(0)" class="wza">无障碍</a></div>
    <span style="display:none"><a href="http://zfwzgl.www.gov.cn/exposure/jiucuo.html"><img alt="我为政府网站找错"></a></span>
    <div style="display:none"><a href="{BOCAI}">澳门博彩 真人娱乐</a></div>
    <div style="position:absolute;left:-9999px;top:-9999px"><a href="{YULE}">娱乐城 在线开户</a></div>
    <a href="http://www.cwl.gov.cn/">中国福利彩票</a></body></html>"""
    facts = read_page(html, HOME, lambda url: urlsplit(url).hostname == "www.hexilvyou.com", True, TODAY)
    home = page(HOME, *(link.as_dict() for link in facts.hidden_links))
    links = [external(link.url, (HOME, link.anchor)) for link in facts.links if link.kind == "external"]
    assert {(f.url, f.severity) for f in audit(rules, [home], links)} == {(BOCAI, "veto"), (YULE, "veto")}


@needs_realpages
@pytest.mark.parametrize("path", sorted(REALPAGES.glob("*.html")) if REALPAGES.is_dir() else [], ids=lambda p: p.name)
def test_real_government_pages_have_no_hidden_links(rules: RulesFile, path: Path) -> None:
    """Hidden menus, share panels, 找错 entries and CMS credits, taking every link as off-site."""
    tree = parse_html(path.read_text(encoding="utf-8"))
    assert tree is not None
    facts = [link.as_dict() for link in hidden_links(tree, "http://www.example.gov.cn/a.html", lambda url: False)]
    assert audit(rules, [page(HOME, *facts)]) == []
