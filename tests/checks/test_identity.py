"""checks/identity.py: IDENT-MISSING, IDENT-META and DOMAIN-NOT-GOV, on small facts and on real pages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from checks.facts import PageFact, SiteFacts
from checks.identity import domain_not_gov, ident_meta, ident_missing
from checks.registry import Finding
from crawler.extractors.page import read_page
from govmon.config import RulesFile, load_config
from tests.realpages import REALPAGES, needs_realpages

TODAY = date(2024, 6, 1)
HOME = "http://www.example.gov.cn/"
ZHAOCUO = "“我为政府网站找错”入口"

FULL_FOOTER: dict[str, Any] = {
    "site_code_footer": "3607000001", "site_code_meta": "3607000001", "icp": "赣ICP备12345678号-1",
    "police": "赣公网安备36070202000123号", "conac": "http://bszs.conac.cn/sitename?method=show&id=E3AB",
    "jiucuo": "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3607000001",
    "jiucuo_site_code": "3607000001", "jiucuo_hidden": False, "host_unit": "青山市人民政府办公室",
    "contact": "0710-1234567", "contact_page": None, "correction_page": None,
}
FULL_META = {"SiteName": "青山市人民政府门户网站", "SiteDomain": "www.example.gov.cn", "SiteIDCode": "3607000001"}
ARTICLE_META = {"ArticleTitle": "关于做好防汛工作的通知", "PubDate": "2024-05-20 09:00", "ContentSource": "市应急局"}


@pytest.fixture(scope="module")
def rules() -> RulesFile:
    return load_config(Path(__file__).resolve().parents[2] / "config").rules


def page(url: str = HOME, *, footer: dict[str, Any] | None = None, meta: dict[str, str] | None = None,
         published: str | None = None, column: dict[str, Any] | None = None, **facts: Any) -> PageFact:
    is_home = url == HOME
    return PageFact(url, url, 200, 0 if is_home else 2, is_home, "", {
        "identity": FULL_FOOTER | (footer or {}), "meta": FULL_META if meta is None else meta,
        "published": published, "column": column, "soft404": False, "bot_wall": False, "truncated": False,
        **facts,
    })


def article(n: int, **kwargs: Any) -> PageFact:
    kwargs.setdefault("meta", FULL_META | ARTICLE_META)
    return page(f"http://www.example.gov.cn/zwdt/202405/t20240520_{n}.html", published="2024-05-20", **kwargs)


def site(*pages: PageFact, home_url: str = HOME) -> SiteFacts:
    return SiteFacts("demo-site", "demo", home_url, "portal", 3, datetime(2024, 6, 1, 1, tzinfo=UTC),
                     list(pages), [])


def missing(rules: RulesFile, *pages: PageFact) -> list[Finding]:
    return list(ident_missing(site(*pages), rules, TODAY))


def meta_findings(rules: RulesFile, *pages: PageFact) -> list[Finding]:
    return list(ident_meta(site(*pages), rules, TODAY))


# ---------------------------------------------------------------- IDENT-MISSING


def test_a_complete_footer_is_no_finding(rules: RulesFile) -> None:
    assert missing(rules, page(), article(1)) == []


def test_missing_zhaocuo_entry_is_one_finding_for_the_site(rules: RulesFile) -> None:
    no_entry = {"jiucuo": None, "jiucuo_site_code": None}
    found = missing(rules, page(footer=no_entry), article(1, footer=no_entry), article(2, footer=no_entry),
                    article(3))
    assert len(found) == 1
    finding = found[0]
    assert (finding.code, finding.url, finding.severity) == ("IDENT-MISSING", HOME, "deduction")
    assert finding.detail["missing"] == [ZHAOCUO]
    assert finding.detail["found"]["网站标识码"] == "3607000001"
    assert finding.detail["other_pages"] == {"checked": 3, "missing": {ZHAOCUO: {
        "count": 2, "samples": [article(1).url, article(2).url]}}}


def test_a_footer_with_only_an_icp_number(rules: RulesFile) -> None:
    """The farm's 河西文旅网: 赣ICP备… and 版权所有：河西区文化和旅游局, nothing else."""
    bare = {key: None for key in FULL_FOOTER} | {"jiucuo_hidden": False, "icp": "赣ICP备19004567号-2",
                                                 "host_unit": "河西区文化和旅游局"}
    [finding] = missing(rules, page(footer=bare))
    assert finding.detail["missing"] == ["网站标识码", "公安机关备案号", "党政机关网站标识", ZHAOCUO, "联系方式"]
    assert finding.detail["found"] == {"ICP备案号": "赣ICP备19004567号-2", "主办单位": "河西区文化和旅游局"}


def test_a_contact_page_link_gives_the_contacts(rules: RulesFile) -> None:
    assert missing(rules, page(footer={"contact": None, "contact_page": "/lxwm/"})) == []
    [finding] = missing(rules, page(footer={"contact": None}))
    assert finding.detail["missing"] == ["联系方式"]


def test_a_hidden_zhaocuo_entry_is_missing(rules: RulesFile) -> None:
    [finding] = missing(rules, page(footer={"jiucuo_hidden": True}))
    assert finding.detail["missing"] == [ZHAOCUO]
    assert "隐藏" in finding.detail["reason"]


@pytest.mark.parametrize(
    ("code", "correction", "home_url", "accepted"),
    [
        ("bm01000001", "https://www.gov.cn/fuwu/jiucuopage.html", HOME, True),
        ("bm01000001", "/fuwu/jiucuopage.html", "https://www.gov.cn/", True),  # gov.cn's own, relative
        ("bm01000001", "/wzjc/", HOME, False),  # a department's own correction column
        ("3607000001", "https://www.gov.cn/fuwu/jiucuopage.html", HOME, False),  # not a State Council site
    ],
)
def test_a_state_council_site_may_use_the_gov_cn_correction_page(
    rules: RulesFile, code: str, correction: str, home_url: str, accepted: bool
) -> None:
    footer = {"site_code_footer": code, "jiucuo": None, "correction_page": correction}
    home = PageFact(home_url, home_url, 200, 0, True, "", page(footer=footer).facts)
    found = list(ident_missing(site(home, home_url=home_url), rules, TODAY))
    assert found == [] if accepted else [f.detail["missing"] for f in found] == [[ZHAOCUO]]


@pytest.mark.parametrize("facts", [{"soft404": True}, {"bot_wall": True}, {"truncated": True}, {"identity": {}}])
def test_a_homepage_whose_footer_was_not_read_is_not_judged(rules: RulesFile, facts: dict[str, Any]) -> None:
    assert missing(rules, page(footer={"icp": None, "police": None}, **facts)) == []


def test_no_homepage_or_an_error_status_is_not_judged(rules: RulesFile) -> None:
    broken = page(footer={"icp": None})
    assert missing(rules, article(1, footer={"icp": None})) == []
    assert missing(rules, PageFact(HOME, HOME, 503, 0, True, "", broken.facts)) == []


def test_an_unchanged_homepage_is_judged_on_the_facts_kept_from_the_last_crawl(rules: RulesFile) -> None:
    kept = page(footer={"icp": None}).facts
    assert [f.detail["missing"] for f in missing(rules, PageFact(HOME, HOME, 304, 0, True, "", kept))] == [
        ["ICP备案号"]]
    assert len(meta_findings(rules, PageFact(HOME, HOME, 304, 0, True, "", kept | {"meta": {}}))) == 1


def test_other_pages_alone_make_no_finding(rules: RulesFile) -> None:
    assert missing(rules, page(), article(1, footer={"icp": None, "police": None})) == []


def test_error_pages_are_not_counted_among_other_pages(rules: RulesFile) -> None:
    not_found = page("http://www.example.gov.cn/ztzl/", footer={key: None for key in FULL_FOOTER}, soft404=True)
    [finding] = missing(rules, page(footer={"icp": None}), not_found)
    assert finding.detail["other_pages"] == {"checked": 0, "missing": {}}


# ---------------------------------------------------------------- IDENT-META


def test_complete_meta_is_no_finding(rules: RulesFile) -> None:
    assert meta_findings(rules, page(), article(1), article(2)) == []


def test_article_tags_are_asked_of_articles_only(rules: RulesFile) -> None:
    column = page("http://www.example.gov.cn/zwdt/", column={"name": "政务动态"}, published="2024-05-20")
    undated = page("http://www.example.gov.cn/jgzn/")
    assert meta_findings(rules, page(published="2024-05-30"), column, undated) == []
    [finding] = meta_findings(rules, page(), article(1, meta=FULL_META), article(2))
    assert finding.detail["missing"] == {tag: {"count": 1, "samples": [article(1).url], "of": 2}
                                         for tag in ("ArticleTitle", "PubDate", "ContentSource")}


def test_many_pages_missing_a_tag_are_one_finding(rules: RulesFile) -> None:
    without_code = {"SiteName": "青山", "SiteDomain": "www.example.gov.cn"} | ARTICLE_META
    pages = [page(meta={"SiteName": "青山", "SiteDomain": "www.example.gov.cn"})]
    pages += [article(n, meta=without_code) for n in range(500)]
    [finding] = meta_findings(rules, *pages)
    assert (finding.code, finding.url, finding.severity) == ("IDENT-META", HOME, "deduction")
    entry = finding.detail["missing"]["SiteIDCode"]
    assert (entry["count"], entry["of"], len(entry["samples"])) == (501, 501, 10)
    assert finding.detail["site_code_footer"] == "3607000001"  # what SiteIDCode should say


def test_empty_content_is_missing_but_letter_case_is_not(rules: RulesFile) -> None:
    lower = {"sitename": "青山", "sitedomain": "www.example.gov.cn", "siteidcode": "3607000001"}
    assert meta_findings(rules, page(meta=lower)) == []
    [finding] = meta_findings(rules, page(meta=FULL_META | {"SiteIDCode": " "}))
    assert list(finding.detail["missing"]) == ["SiteIDCode"]


def test_site_code_meta_disagreeing_with_the_footer(rules: RulesFile) -> None:
    [finding] = meta_findings(rules, page(meta=FULL_META | {"SiteIDCode": "3607000099"}))
    assert finding.detail["missing"] == {}
    assert finding.detail["mismatch"] == {"SiteIDCode与页脚网站标识码不一致": {"count": 1, "samples": [HOME]}}


def test_pages_that_did_not_open_are_not_judged(rules: RulesFile) -> None:
    assert meta_findings(rules, page(), page("http://www.example.gov.cn/x/", meta={}, soft404=True)) == []


# ---------------------------------------------------------------- DOMAIN-NOT-GOV


@pytest.mark.parametrize(
    "home_url",
    ["http://www.hexi.gov.cn/", "http://www.hexi.gov.cn:8080/index.html", "https://WWW.HEXI.GOV.CN./",
     "http://gov.cn/", "http://万载政府网.政务/", "http://xn--chq171bv3e1m4am5q.xn--zfr164b/"],
)
def test_government_domains(rules: RulesFile, home_url: str) -> None:
    assert list(domain_not_gov(site(home_url=home_url), rules, TODAY)) == []


@pytest.mark.parametrize(
    ("home_url", "host"),
    [("http://www.hexilvyou.com:8080/", "www.hexilvyou.com"), ("http://www.hexigov.cn/", "www.hexigov.cn"),
     ("http://www.hexi.gov.cn.example.com/", "www.hexi.gov.cn.example.com"), ("http://10.1.2.3/", "10.1.2.3")],
)
def test_other_domains(rules: RulesFile, home_url: str, host: str) -> None:
    [finding] = domain_not_gov(site(home_url=home_url), rules, TODAY)
    assert (finding.code, finding.url, finding.severity) == ("DOMAIN-NOT-GOV", home_url, "deduction")
    assert finding.detail["host"] == host


# ---------------------------------------------------------------- real pages (INDEX.md)


@lru_cache(maxsize=None)
def real_page(name: str, is_home: bool) -> PageFact:
    url = HOME if is_home else "http://www.example.gov.cn/art/2020/1/1/art_1_1.html"
    facts = read_page((REALPAGES / name).read_text(encoding="utf-8"), url, lambda _: True, is_home, TODAY)
    return PageFact(url, url, 200, 0 if is_home else 2, is_home, facts.title, {
        "identity": facts.identity, "meta": facts.meta, "published": facts.published,
        "column": facts.column.as_dict() if facts.column else None, "soft404": facts.soft404,
    })


FULL_MARKS = ["govcn_gongbao_2007-23_article.html", "shanxi_gov_article_2019-09-18.html",
              "wanzai_gov_tjgb2015_article.html", "wanzai_gov_xxgk_tjgb2022_article.html",
              "yichun_gov_xxgk_tjgb2022_article.html", "yichun_gov_xxgk_jx_tjgb2022_article.html"]


@needs_realpages
@pytest.mark.parametrize("name", FULL_MARKS)
def test_real_footers_with_every_mark(rules: RulesFile, name: str) -> None:
    assert missing(rules, real_page(name, True)) == []


@needs_realpages
def test_real_footer_with_a_hidden_zhaocuo_entry(rules: RulesFile) -> None:
    """zj_fgw: every mark is shown, 版权所有 names the unit, 联系我们 is linked; the 找错 link is display:none."""
    [finding] = missing(rules, real_page("zj_fgw_article_2016-11-22.html", True))
    assert finding.detail["missing"] == [ZHAOCUO]
    assert finding.detail["found"]["网站标识码"] == "3300000020"


@needs_realpages
@pytest.mark.parametrize("name", ["cmse_article_2012-06-24.html", "cmse_article_2021-01-05.html"])
def test_real_footer_without_platform_marks(rules: RulesFile, name: str) -> None:
    [finding] = missing(rules, real_page(name, True))
    assert finding.detail["missing"] == ["网站标识码", "公安机关备案号", "党政机关网站标识", ZHAOCUO]
    assert finding.detail["found"]["ICP备案号"] == "京ICP备20027467号-1"


@needs_realpages
@pytest.mark.parametrize("name", ["shanxi_gov_article_2019-09-18.html", "yichun_gov_xxgk_tjgb2022_article.html"])
def test_real_articles_with_complete_meta(rules: RulesFile, name: str) -> None:
    assert meta_findings(rules, real_page(name, False)) == []


@needs_realpages
def test_real_article_with_an_empty_site_code_meta(rules: RulesFile) -> None:
    """zj_fgw: <meta name="SiteIDCode" content=""> while the footer says 网站标识码：3300000020."""
    [finding] = meta_findings(rules, real_page("zj_fgw_article_2016-11-22.html", False))
    assert list(finding.detail["missing"]) == ["SiteIDCode"]


@needs_realpages
def test_real_article_without_site_meta(rules: RulesFile) -> None:
    """www.gov.cn's 公报 page has no SiteName/SiteDomain/SiteIDCode meta (INDEX.md)."""
    [finding] = meta_findings(rules, real_page("govcn_gongbao_2007-23_article.html", False))
    assert {"SiteName", "SiteDomain", "SiteIDCode"} <= set(finding.detail["missing"])
