"""checks/docs.py: DOC-META-MISSING, DOC-VALIDITY-MISSING, DOC-VALIDITY-STALE, DOC-LATE,
DOC-NO-INTERPRETATION and the 解读率, with their decoys and the real pages of ../shared/realpages."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from typing import Any

import pytest

from checks.docs import (
    doc_late,
    doc_meta_missing,
    doc_no_interpretation,
    doc_validity_missing,
    doc_validity_stale,
    interpretation_rate,
    policy_documents,
)
from checks.facts import PageFact, SiteFacts
from checks.registry import MEASURES, Finding, Ratio
from crawler.extractors.page import parse_html
from crawler.extractors.policy_meta import policy_metadata
from govmon.config import RulesFile
from tests.realpages import REALPAGES, needs_realpages

TODAY = date(2026, 11, 22)
XXGK = "http://xxgk.qingshan.gov.cn"
CHECKS = {"DOC-META-MISSING": doc_meta_missing, "DOC-VALIDITY-MISSING": doc_validity_missing,
          "DOC-VALIDITY-STALE": doc_validity_stale, "DOC-LATE": doc_late,
          "DOC-NO-INTERPRETATION": doc_no_interpretation}


def tuned(rules: RulesFile, **docs: Any) -> RulesFile:
    return rules.model_copy(update={"docs": rules.docs.model_copy(update=docs)})


def metadata(title: str = "青山市城市道路挖掘管理办法", number: str | None = "青府规〔2026〕3号",
             written: str = "2026年10月28日", published: str = "2026年10月31日", **extra: str | None) -> dict[str, str]:
    """A complete gov.cn-style block; pass a key as None to leave it out."""
    block = {"索引号": "014736521A/2026-00002", "主题分类": "城乡建设、环境保护\\市政", "发文机关": "青山市人民政府",
             "成文日期": written, "标题": title, "文号": number, "发布日期": published, "有效性": "有效", **extra}
    return {key: value for key, value in block.items() if value is not None}


def doc(name: str, block: dict[str, str], interpretations: tuple[str, ...] | list[str] = ()) -> PageFact:
    url = f"{XXGK}/xxgk/zcwj/{name}.html"
    links = [{"url": link, "anchor": "解读：一图读懂"} for link in interpretations]
    return PageFact(url, url, 200, 2, False, f"{block.get('标题', name)}_青山市人民政府",
                    {"policy": block, "interpretations": links, "published": None})


def interpretation(name: str, published: str | None) -> PageFact:
    url = f"{XXGK}/xxgk/zcjd/{name}.html"
    return PageFact(url, url, 200, 2, False, "一图读懂", {"policy": {}, "published": published})


def column(path: str, name: str, kind: str | None, *pages: PageFact) -> PageFact:
    url = f"{XXGK}{path}"
    items = [{"title": page.title, "url": page.url, "date": None} for page in pages]
    return PageFact(url, url, 200, 1, False, name, {"column": {"url": url, "name": name, "kind": kind, "items": items}})


def policy_column(*pages: PageFact) -> PageFact:
    return column("/xxgk/zcwj/", "政策文件", "policy", *pages)


def site(*pages: PageFact) -> SiteFacts:
    return SiteFacts("qingshan-portal", "qingshan", "http://www.qingshan.gov.cn/", "portal", 1,
                     datetime(2026, 11, 22, 1, tzinfo=UTC), list(pages), [])


def found(code: str, rules: RulesFile, *pages: PageFact, today: date = TODAY) -> list[Finding]:
    return list(CHECKS[code](site(*pages), rules, today))


def everything(rules: RulesFile, *pages: PageFact, today: date = TODAY) -> list[tuple[str, str]]:
    return [(finding.code, finding.url) for code in CHECKS for finding in found(code, rules, *pages, today=today)]


# ---------------------------------------------------------------- a document in order, and what is not one


def test_a_complete_timely_interpreted_document_is_fine(rules: RulesFile) -> None:
    jd = interpretation("jd1", "2026-11-01")
    document = doc("d1", metadata(), [jd.url])
    assert everything(rules, document, jd, policy_column(document)) == []
    assert interpretation_rate(site(document, jd), rules, TODAY) == Ratio(1, 1, 0.9)


def test_news_articles_and_pages_without_a_block_are_never_policy_documents(rules: RulesFile) -> None:
    news = PageFact(f"{XXGK}/zcwj/news.html", f"{XXGK}/zcwj/news.html", 200, 2, False,
                    "河西区人民政府关于进一步加强消防安全工作的实施意见", {"policy": {}, "published": "2026-05-23"})
    pages = (news, policy_column(news))
    assert policy_documents(site(*pages)) == []
    assert everything(rules, *pages) == []
    assert interpretation_rate(site(*pages), rules, TODAY) is None


def test_interpretation_pages_with_a_block_are_not_policy_documents() -> None:
    jd = doc("jd-with-box", {"索引号": "014736521A/2026-00031", "发文机关": "青山市人民政府办公室",
                             "发布日期": "2026年11月01日"})
    assert policy_documents(site(jd, column("/xxgk/zcjd/", "政策解读", "policy", jd))) == []


def test_failed_pages_are_not_judged(rules: RulesFile) -> None:
    broken = doc("d1", metadata(number=None))
    assert found("DOC-META-MISSING", rules, PageFact(broken.url, broken.url, 404, 2, False, "", broken.facts)) == []


# ---------------------------------------------------------------- DOC-META-MISSING


def test_a_document_in_a_policy_column_without_its_number(rules: RulesFile) -> None:
    block = metadata("青山市人民政府办公室关于印发青山市防汛抗旱应急预案的通知", number=None)
    document = doc("d6", block)
    assert found("DOC-META-MISSING", rules, document, policy_column(document)) == [
        Finding("DOC-META-MISSING", "qingshan-portal", "deduction", url=document.url,
                detail={"title": "青山市人民政府办公室关于印发青山市防汛抗旱应急预案的通知", "metadata": block,
                        "missing": ["文号"], "reason": "元数据缺少文号"})]


def test_a_numbered_document_outside_policy_columns_missing_several_fields(rules: RulesFile) -> None:
    document = doc("d7", metadata(索引号=None, 发布日期=None, 有效性=None, number="青府发〔2026〕5号"))
    [finding] = found("DOC-META-MISSING", rules, document)
    assert finding.detail["missing"] == ["索引号", "发布日期"]


def test_required_fields_follow_the_rules(rules: RulesFile) -> None:
    document = doc("d8", metadata(主题分类=None))
    assert found("DOC-META-MISSING", rules, document) == []
    [finding] = found("DOC-META-MISSING", tuned(rules, required_metadata=["主题分类", "文号"]), document)
    assert finding.detail["missing"] == ["主题分类"]


def xxgk_page(name: str) -> PageFact:
    tree = parse_html((REALPAGES / name).read_text(encoding="utf-8"))
    assert tree is not None
    url = f"http://www.example.gov.cn/tjgb/{name}"
    return PageFact(url, url, 200, 2, False, name, {"policy": policy_metadata(tree), "interpretations": []})


@needs_realpages
@pytest.mark.parametrize("name", ["wanzai_gov_xxgk_tjgb2022_article.html", "yichun_gov_xxgk_tjgb2022_article.html",
                                  "yichun_gov_xxgk_jx_tjgb2022_article.html"])
def test_statistics_bulletins_with_an_xxgk_box_are_not_policy_documents(rules: RulesFile, name: str) -> None:
    bulletin = xxgk_page(name)
    assert bulletin.facts["policy"]["索引号"]  # a metadata block, but no 文号 and no 有效性
    pages = (bulletin, column("/tjgb/", "统计公报", None, bulletin))
    assert everything(rules, *pages, today=date(2023, 6, 1)) == []
    # listed by a policy column it would be one, and its missing 文号 a finding
    [finding] = found("DOC-META-MISSING", rules, bulletin, policy_column(bulletin), today=date(2023, 6, 1))
    assert "文号" in finding.detail["missing"]


# ---------------------------------------------------------------- DOC-VALIDITY-MISSING


@pytest.mark.parametrize("number", ["青府规〔2026〕3号", "青府办规〔2026〕2号", "赣府厅规字[2022]1号", "沪府规（2023）5号"])
def test_normative_number_without_validity(rules: RulesFile, number: str) -> None:
    document = doc("d2", metadata(number=number, 有效性=None))
    [finding] = found("DOC-VALIDITY-MISSING", rules, document)
    assert (finding.url, finding.severity) == (document.url, "deduction")
    assert finding.detail["normative"] == f"文号“{number}”为规范性文件编号（规）"
    assert finding.detail["reason"] == "行政规范性文件未标注有效性"


def test_labelled_or_listed_as_normative_without_validity(rules: RulesFile) -> None:
    labelled = doc("d3", metadata(number="青府发〔2026〕8号", 有效性=None, 主题分类="规范性文件"))
    listed = doc("d4", metadata(number="青府发〔2026〕9号", 有效性=None))
    pages = (labelled, listed, column("/xxgk/gfxwj/", "规范性文件", "policy", listed))
    assert [(f.url, f.detail["normative"]) for f in found("DOC-VALIDITY-MISSING", rules, *pages)] == [
        (labelled.url, "主题分类标注为“规范性文件”"), (listed.url, "列于“规范性文件”栏目")]


def test_an_end_date_alone_is_not_a_validity_label(rules: RulesFile) -> None:
    document = doc("d5", metadata(有效性=None, 有效期="2031年10月27日"))
    assert [f.url for f in found("DOC-VALIDITY-MISSING", rules, document)] == [document.url]


@pytest.mark.parametrize("number", ["青府发〔2026〕12号", "青府办发〔2026〕21号", "发改规划〔2023〕1234号", "国令第706号"])
def test_ordinary_policy_documents_need_no_validity(rules: RulesFile, number: str) -> None:
    document = doc("d9", metadata(number=number, 有效性=None))
    assert found("DOC-VALIDITY-MISSING", rules, document, policy_column(document)) == []


def govcn_documents() -> list[PageFact]:
    """The 60 www.gov.cn documents, from the answer key of their metadata tables (the extractor's
    tests prove it reads the same from the pages)."""
    with (REALPAGES / "govcn_zhengce_60docs_metadata_key.csv").open(encoding="utf-8", newline="") as key_file:
        rows = list(csv.DictReader(key_file))
    keys = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发布日期")
    return [PageFact(row["crawl_url"], row["crawl_url"], 200, 2, False, row["标题"],
                     {"policy": {key: row[key] for key in keys} | {"文号": row["发文字号"]}})
            for row in rows]


@needs_realpages
def test_the_sixty_state_council_documents(rules: RulesFile) -> None:
    pages = govcn_documents()
    crawled = date(2019, 2, 17)
    assert len(policy_documents(site(*pages))) == 60
    for code in ("DOC-META-MISSING", "DOC-VALIDITY-MISSING", "DOC-VALIDITY-STALE", "DOC-LATE"):
        assert found(code, rules, *pages, today=crawled) == [], code
    # 国办发〔2018〕118号: 成文 2018-12-05, 发布 2019-01-03, the 20th working day (12-29 worked)
    [boundary] = found("DOC-LATE", tuned(rules, late_working_days=19), *pages, today=crawled)
    assert boundary.detail["metadata"]["文号"] == "国办发〔2018〕118号"
    assert (boundary.detail["working_days"], boundary.detail["calendar"]) == (20, "chinese_calendar")
    # the 26 documents of 1981–2006 put online in 2018 are archives, not late publications
    archives = found("DOC-LATE", tuned(rules, lookback_days=20000), *pages, today=crawled)
    assert len(archives) == 26
    assert {finding.detail["written"][:4] for finding in archives} <= {str(year) for year in range(1981, 2007)}


# ---------------------------------------------------------------- DOC-VALIDITY-STALE


def test_in_force_label_after_the_end_date(rules: RulesFile) -> None:
    document = doc("d4", metadata(有效期="2026年10月13日"))
    [finding] = found("DOC-VALIDITY-STALE", rules, document)
    assert finding.url == document.url
    assert (finding.detail["valid_until"], finding.detail["days_expired"]) == ("2026-10-13", 40)
    assert finding.detail["reason"] == "标注“有效”但有效期已于 2026-10-13 届满"


@pytest.mark.parametrize(("label", "until", "stale"), [
    ("现行有效", "2022年1月1日至2026年11月21日", True),  # a range: its end counts
    ("有效", "2026年11月22日", False),  # valid through today
    ("有效", "2031年10月27日", False),  # in the future
    ("有效", "长期", False),
    ("已修改", "2026年01月01日", False),
    ("部分失效", "2026年01月01日", False),
])
def test_end_dates_and_labels(rules: RulesFile, label: str, until: str, stale: bool) -> None:
    document = doc("d5", metadata(有效性=label, 有效期=until))
    assert bool(found("DOC-VALIDITY-STALE", rules, document)) is stale


def test_repealed_document_still_in_the_list_of_documents_in_force(rules: RulesFile) -> None:
    repealed = doc("d6", metadata(有效性="废止"))
    current = column("/xxgk/xxyxgfxwj/", "现行有效规范性文件", "policy", repealed)
    [finding] = found("DOC-VALIDITY-STALE", rules, repealed, current, policy_column(repealed))
    assert (finding.url, finding.source_url) == (repealed.url, current.url)
    assert finding.detail["current_list"] == "现行有效规范性文件"
    assert found("DOC-VALIDITY-STALE", rules, repealed, policy_column(repealed)) == []


# ---------------------------------------------------------------- DOC-LATE


@pytest.mark.parametrize(("published", "late"), [("2026年10月20日", False), ("2026年10月21日", True)])
def test_twentieth_and_twenty_first_working_day_across_national_day(rules: RulesFile, published: str,
                                                                     late: bool) -> None:
    document = doc("d7", metadata(written="2026年09月16日", published=published))
    findings = found("DOC-LATE", rules, document)
    assert bool(findings) is late
    if late:
        assert findings[0].detail | {"metadata": None} == {
            "title": "青山市城市道路挖掘管理办法", "metadata": None, "written": "2026-09-16",
            "published": "2026-10-21", "threshold_working_days": 20, "working_days": 21,
            "calendar": "chinese_calendar", "reason": "成文后第 21 个工作日才公开，超过 20 个工作日"}


def test_years_without_calendar_data_say_so(rules: RulesFile) -> None:
    document = doc("d8", metadata(written="2027-01-04", published="2027-02-03"))
    [finding] = found("DOC-LATE", rules, document, today=date(2027, 3, 1))
    assert (finding.detail["working_days"], finding.detail["calendar"]) == (22, "weekdays")
    assert "周一至周五" in finding.detail["calendar_note"]
    office = tuned(rules, extra_holidays=[date(2027, 2, 1)], extra_workdays=[date(2027, 1, 9), date(2027, 1, 16)])
    [listed] = found("DOC-LATE", office, document, today=date(2027, 3, 1))
    assert (listed.detail["working_days"], listed.detail["calendar"]) == (23, "config")
    assert "calendar_note" not in listed.detail


@pytest.mark.parametrize("block", [
    metadata(written="2026年03月02日", published=None),  # no 发布日期: DOC-META-MISSING's business
    metadata(written=None, published="2026年10月02日"),
    metadata(written="2026年10月02日", published="2026年09月02日"),  # published before it was written
    metadata(written="2025年10月02日", published="2026年09月02日"),  # written before the lookback
])
def test_not_judged_as_late(rules: RulesFile, block: dict[str, str]) -> None:
    assert found("DOC-LATE", rules, doc("d9", block)) == []


def test_the_late_limit_follows_the_rules(rules: RulesFile) -> None:
    document = doc("d7", metadata(written="2026年09月16日", published="2026年10月20日"))
    assert found("DOC-LATE", tuned(rules, late_working_days=19), document)


# ---------------------------------------------------------------- DOC-NO-INTERPRETATION and 解读率


def test_normative_document_without_interpretation(rules: RulesFile) -> None:
    block = metadata("青山市人民政府办公室关于规范城市公共停车场收费管理的通知", number="青府办规〔2026〕2号")
    document = doc("d3", block)
    assert found("DOC-NO-INTERPRETATION", rules, document) == [
        Finding("DOC-NO-INTERPRETATION", "qingshan-portal", "deduction", url=document.url,
                detail={"title": block["标题"], "metadata": block, "needs": "行政规范性文件", "reason": "政策文件无解读"})]


@pytest.mark.parametrize(("title", "needs"), [
    ("青山市人民政府关于加快推进新型工业化的实施意见", "标题含“意见”"),
    ("青山市人民政府办公室关于印发青山市高标准农田建设实施方案的通知", "标题含“方案”"),
    ("青山市人民政府关于进一步优化营商环境的若干措施", "标题含“措施”"),
])
def test_important_policy_documents_without_interpretation(rules: RulesFile, title: str, needs: str) -> None:
    [finding] = found("DOC-NO-INTERPRETATION", rules, doc("d1", metadata(title, number="青府发〔2026〕9号")))
    assert finding.detail["needs"] == needs


@pytest.mark.parametrize("title", ["青山市人民政府关于公布青山市第三批非物质文化遗产代表性项目名录的通知",
                                   "青山市人民政府办公室关于印发青山市防汛抗旱应急预案的通知"])
def test_documents_that_need_no_interpretation(rules: RulesFile, title: str) -> None:
    document = doc("d1", metadata(title, number="青府发〔2026〕5号"))
    assert found("DOC-NO-INTERPRETATION", rules, document) == []
    assert interpretation_rate(site(document), rules, TODAY) is None


@pytest.mark.parametrize(("interpreted", "late_by"), [
    ("2026-10-16", None),  # the 3rd working day after Tue 10-13
    ("2026-10-19", 4),  # Monday: the 4th
    ("2026-10-28", 11),
    ("2026-10-10", None),  # before the document
])
def test_interpretation_timeliness(rules: RulesFile, interpreted: str, late_by: int | None) -> None:
    jd = interpretation("jd7", interpreted)
    document = doc("d7", metadata("青山市高标准农田建设实施方案", number="青府办发〔2026〕21号",
                                  written="2026年10月10日", published="2026年10月13日"), [jd.url])
    findings = found("DOC-NO-INTERPRETATION", rules, document, jd)
    assert [f.detail["working_days"] for f in findings] == ([late_by] if late_by else [])
    if late_by:
        detail = findings[0].detail
        assert findings[0].url == document.url
        assert (detail["interpretation_url"], detail["interpretation_date"]) == (jd.url, interpreted)
    assert interpretation_rate(site(document, jd), rules, TODAY) == Ratio(1, 1, 0.9)  # late, yet interpreted


def test_the_earliest_interpretation_counts_and_undated_ones_are_not_judged(rules: RulesFile) -> None:
    early, late = interpretation("a", "2026-10-14"), interpretation("b", "2026-11-20")
    undated = interpretation("c", None)
    block = metadata(written="2026年10月10日", published="2026年10月13日")
    assert found("DOC-NO-INTERPRETATION", rules, doc("d1", block, [late.url, early.url]), early, late) == []
    not_crawled = f"{XXGK}/xxgk/zcjd/elsewhere.html"
    assert found("DOC-NO-INTERPRETATION", rules, doc("d1", block, [undated.url, not_crawled]), undated) == []


def test_interpretation_rate_counts_documents_that_need_one(rules: RulesFile) -> None:
    jd = interpretation("jd", "2026-11-01")
    pages = [doc("a", metadata(), [jd.url]), doc("b", metadata(number="青府办规〔2026〕2号")),
             doc("c", metadata("青山市人民政府关于公布名录的通知", number="青府发〔2026〕5号")),
             doc("old", metadata(written="2024年11月19日", published="2024年11月22日")), jd]
    assert interpretation_rate(site(*pages), rules, TODAY) == Ratio(1, 2, 0.9)
    assert [f.url for f in found("DOC-NO-INTERPRETATION", rules, *pages)] == [pages[1].url]
    assert MEASURES["interpretation_rate"].title == "解读率"
    assert interpretation_rate(site(*pages), tuned(rules, interpretation_rate=0.5), TODAY).threshold == 0.5
