"""Policy-document checks (发布解读): metadata, validity labels, timely publication, interpretations;
and the site's 解读率. What counts as a policy document is decided once, here (docs/checks.md).

A policy document (政策文件) is a page whose metadata block (facts["policy"]) carries a 文号 or an
有效性 label, or which a policy column (政策文件, 规范性文件, ...; not a 解读 column) lists. A page
without a metadata block is never judged: a block the crawler did not recognise is unknown, not
missing. A normative document (行政规范性文件) is a policy document whose 文号 has the type 规
(青府规〔2026〕3号, 青府办规〔2026〕2号), or that is classified or listed as 规范性文件.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from checks.facts import PageFact, SiteFacts
from checks.registry import Finding, Ratio, check, measure
from checks.workdays import WorkdayCalendar
from crawler.extractors.dates import dates_in_text
from govmon.config import RulesFile

# the type character 规 right before the year: 青府规〔2026〕3号, 赣府厅规字[2022]1号 (not 发改规划〔…〕)
_NORMATIVE_NUMBER = re.compile(r"规字?\s*[〔\[［(（]\s*(?:19|20)\d{2}")
_NORMATIVE = "规范性文件"
_IN_FORCE = frozenset({"有效", "现行有效"})
_NO_LONGER_IN_FORCE = frozenset({"失效", "已失效", "废止", "已废止"})
_CURRENT_LIST = "现行有效"  # a list of the documents in force: 现行有效规范性文件
_INTERPRETATION_COLUMN = "解读"
_WEEKDAYS_NOTE = "chinese_calendar 无该年份数据，按周一至周五计算，未计节假日和调休（可在 docs.extra_holidays / docs.extra_workdays 补充）"


@dataclass(frozen=True)
class Document:
    page: PageFact
    metadata: dict[str, str]
    title: str
    columns: list[dict[str, Any]]  # the columns whose list pages list it: name, kind, url
    normative: str | None  # why it is a 行政规范性文件, None if it is not

    def date(self, key: str) -> date | None:
        found = dates_in_text(self.metadata.get(key, ""))
        return found[0] if found else None

    def finding(self, code: str, site: SiteFacts, source_url: str | None = None, **detail: Any) -> Finding:
        evidence = {"title": self.title, "metadata": self.metadata} | detail
        return Finding(code, site.site_id, "deduction", url=self.page.url, source_url=source_url, detail=evidence)


def policy_documents(site: SiteFacts) -> list[Document]:
    """The site's policy documents, as the module docstring defines them."""
    listed = _listing_columns(site)
    documents = []
    for page in site.pages:
        metadata = page.facts.get("policy") or {}
        columns = listed.get(page.url, []) or listed.get(page.final_url, [])
        if not metadata or page.status >= 400 or any(_INTERPRETATION_COLUMN in c["name"] for c in columns):
            continue
        normative = _normative(metadata, columns)
        in_policy_column = any(column["kind"] == "policy" for column in columns)
        if metadata.get("文号") or metadata.get("有效性") or normative or in_policy_column:
            documents.append(Document(page, metadata, metadata.get("标题") or page.title, columns, normative))
    return documents


def _listing_columns(site: SiteFacts) -> dict[str, list[dict[str, Any]]]:
    """item URL -> the columns (list pages) that list it."""
    listed: dict[str, list[dict[str, Any]]] = {}
    for page in site.pages:
        column = page.facts.get("column") or {}
        entry = {"name": column.get("name") or "", "kind": column.get("kind"), "url": page.url}
        for item in column.get("items", []):
            columns = listed.setdefault(item["url"], [])
            if entry["name"] not in {known["name"] for known in columns}:
                columns.append(entry)
    return listed


def _normative(metadata: dict[str, str], columns: list[dict[str, Any]]) -> str | None:
    if _NORMATIVE_NUMBER.search(metadata.get("文号", "")):
        return f"文号“{metadata['文号']}”为规范性文件编号（规）"
    for key in ("主题分类", "分类"):
        if _NORMATIVE in metadata.get(key, ""):
            return f"{key}标注为“{metadata[key]}”"
    for column in columns:
        if _NORMATIVE in column["name"]:
            return f"列于“{column['name']}”栏目"
    return None


def recent_documents(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Document]:
    """Documents written (else published) within docs.lookback_days: older ones can no longer be put
    right, and are mostly archives put online later (www.gov.cn republished 1981 documents in 2018)."""
    since = today - timedelta(days=rules.docs.lookback_days)
    for document in policy_documents(site):
        written = document.date("成文日期") or document.date("发布日期")
        if written is not None and written >= since:
            yield document


def _calendar(rules: RulesFile) -> WorkdayCalendar:
    return WorkdayCalendar(frozenset(rules.docs.extra_holidays), frozenset(rules.docs.extra_workdays))


def _working_days(calendar: WorkdayCalendar, start: date, end: date) -> dict[str, Any]:
    """The count between two dates with the calendar it rests on, as evidence."""
    basis = calendar.basis(start, end)
    counted = {"working_days": calendar.working_days_after(start, end), "calendar": basis}
    return counted | ({"calendar_note": _WEEKDAYS_NOTE} if basis == "weekdays" else {})


@check("DOC-META-MISSING")
def doc_meta_missing(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a policy document whose metadata block lacks one of docs.required_metadata
    (索引号, 发文机关, 成文日期, 文号, 发布日期).

    Why: 19号 发布解读·政策文件: policy documents are published with their metadata.
    Example: a 关于印发…应急预案的通知 in the 政策文件 column whose block has no 文号.
    Not a finding: pages without any metadata block (news articles, and pages whose block the crawler
    does not recognise); xxgk boxes of other government information outside policy columns, such as
    the 统计公报 of 万载 and 宜春 (索引号 and 发布机构 but no 文号: they are not 政策文件).
    """
    for document in policy_documents(site):
        missing = [key for key in rules.docs.required_metadata if not document.metadata.get(key)]
        if missing:
            yield document.finding("DOC-META-MISSING", site, missing=missing, reason=f"元数据缺少{'、'.join(missing)}")


@check("DOC-VALIDITY-MISSING")
def doc_validity_missing(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a normative document (行政规范性文件) without its 有效性 label.

    Why: 19号 发布解读·规范性文件: normative documents are marked 有效/失效/废止 so the public knows
    which are in force.
    Example: 青山市城市道路挖掘管理办法 (青府规〔2026〕3号) shows no 有效性.
    Not a finding: policy documents that are not normative — the State Council's own documents on
    www.gov.cn (国发, 国办发, 国办函, 国令: 行政法规 and State Council policy, outside the 行政规范性文件
    system; their tables carry no 有效性); 青府发/青府办发 documents. (A normative document showing
    only an 有效期 is a finding: an end date is not a status.)
    """
    for document in policy_documents(site):
        if document.normative and not document.metadata.get("有效性"):
            yield document.finding("DOC-VALIDITY-MISSING", site, normative=document.normative,
                                   reason="行政规范性文件未标注有效性")


@check("DOC-VALIDITY-STALE")
def doc_validity_stale(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a document labelled 有效/现行有效 whose 有效期 ended before today; or one
    labelled 失效/废止 that a list of documents in force (a 现行有效… column) still lists.

    Why: 19号 发布解读·规范性文件: the validity label must be kept true.
    Example: 有效性 有效, 有效期至 2026年10月13日, checked on 2026-11-22.
    Not a finding: an 有效期 ending today or later; an 有效期 without a date (长期); 已修改 and 部分失效;
    a 失效 document listed only in ordinary columns.
    """
    for document in policy_documents(site):
        label = document.metadata.get("有效性", "").strip()
        if label in _IN_FORCE:
            ends = dates_in_text(document.metadata.get("有效期", ""))
            if ends and ends[-1] < today:
                yield document.finding("DOC-VALIDITY-STALE", site, valid_until=ends[-1].isoformat(),
                                       days_expired=(today - ends[-1]).days,
                                       reason=f"标注“{label}”但有效期已于 {ends[-1].isoformat()} 届满")
        elif label in _NO_LONGER_IN_FORCE:
            for column in document.columns:
                if _CURRENT_LIST in column["name"]:
                    yield document.finding("DOC-VALIDITY-STALE", site, source_url=column["url"],
                                           current_list=column["name"],
                                           reason=f"标注“{label}”却仍列在“{column['name']}”中")
                    break


@check("DOC-LATE")
def doc_late(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a policy document published (发布日期) more than docs.late_working_days (20)
    working days after its 成文日期, counted on the Chinese calendar with its 调休 make-up days.

    Why: 政府信息公开条例第二十六条: information is published within 20 working days of being made.
    Example: 成文日期 2026-09-16, 发布日期 2026-10-21: the 21st working day (National Day week off,
    Saturday 10-10 worked).
    Not a finding: published on the 20th working day; either date missing from the block (DOC-META-
    MISSING says so; a page's other dates are often the CMS's); documents written before
    docs.lookback_days.
    """
    calendar, limit = _calendar(rules), rules.docs.late_working_days
    for document in recent_documents(site, rules, today):
        written, published = document.date("成文日期"), document.date("发布日期")
        if written is None or published is None:
            continue
        counted = _working_days(calendar, written, published)
        if counted["working_days"] > limit:
            yield document.finding("DOC-LATE", site, written=written.isoformat(), published=published.isoformat(),
                                   threshold_working_days=limit, **counted,
                                   reason=f"成文后第 {counted['working_days']} 个工作日才公开，超过 {limit} 个工作日")


def needs_interpretation(document: Document, rules: RulesFile) -> str | None:
    """Why a document must be interpreted: every normative document, and policy documents whose
    title names a policy instrument (docs.interpretation_title_keywords); None if it need not be."""
    if document.normative:
        return "行政规范性文件"
    keyword = next((k for k in rules.docs.interpretation_title_keywords if k in document.title), None)
    return f"标题含“{keyword}”" if keyword else None


def _page_date(page: PageFact | None) -> date | None:
    if page is None:
        return None
    found = dates_in_text((page.facts.get("policy") or {}).get("发布日期", "")) or dates_in_text(
        page.facts.get("published") or "")
    return found[0] if found else None


@check("DOC-NO-INTERPRETATION")
def doc_no_interpretation(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a policy document that must be interpreted but links no 解读; or whose
    earliest dated 解读 came more than docs.interpretation_working_days (3) working days after it.

    Why: 19号 发布解读·政策解读; local plans: 行政规范性文件 and important policy documents are
    interpreted, 最迟在文件公布后3个工作日内, and the document links its interpretation.
    Example: 青府办规〔2026〕2号 links no 解读; a 实施方案 whose 一图读懂 came 11 working days later.
    Not a finding: documents that need no interpretation (a 名录 or an ordinary 通知); a 解读 published
    before the document; a 解读 whose page was not crawled or shows no date (counted as interpreted,
    its delay unknown); documents written before docs.lookback_days.
    """
    calendar, limit = _calendar(rules), rules.docs.interpretation_working_days
    pages = {page.url: page for page in site.pages}
    for document in recent_documents(site, rules, today):
        needed = needs_interpretation(document, rules)
        if needed is None:
            continue
        links = document.page.facts.get("interpretations") or []
        if not links:
            yield document.finding("DOC-NO-INTERPRETATION", site, needs=needed, reason="政策文件无解读")
            continue
        published = document.date("发布日期")
        dated = [(day, link) for link in links if (day := _page_date(pages.get(link["url"])))]
        if published is None or not dated:
            continue
        first_day, first = min(dated, key=lambda entry: entry[0])
        counted = _working_days(calendar, published, first_day)
        if counted["working_days"] > limit:
            yield document.finding(
                "DOC-NO-INTERPRETATION", site, needs=needed, published=published.isoformat(),
                interpretation_url=first["url"], interpretation_anchor=first["anchor"],
                interpretation_date=first_day.isoformat(), threshold_working_days=limit, **counted,
                reason=f"解读晚于文件发布 {counted['working_days']} 个工作日，超过 {limit} 个工作日")


@measure("interpretation_rate", "解读率")
def interpretation_rate(site: SiteFacts, rules: RulesFile, today: date) -> Ratio | None:
    """Documents that must be interpreted (as DOC-NO-INTERPRETATION decides) and link a 解读,
    over all that must; None when the site has none."""
    needing = [document for document in recent_documents(site, rules, today) if needs_interpretation(document, rules)]
    if not needing:
        return None
    interpreted = sum(1 for document in needing if document.page.facts.get("interpretations"))
    return Ratio(interpreted, len(needing), rules.docs.interpretation_rate)
