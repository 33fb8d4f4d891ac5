"""checks/privacy.py: PRIVACY-LEAK in page text and attachment text; masked numbers and look-alikes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from checks.facts import LinkOutcome, PageFact, SiteFacts, Source
from checks.privacy import (
    is_id_number,
    luhn_valid,
    masked,
    personal_numbers,
    privacy_leak,
)
from checks.registry import Finding
from crawler.extractors.page import read_page
from govmon.config import PrivacyRules, RulesFile
from tests.realpages import REALPAGES, needs_realpages

TODAY = date(2026, 11, 22)
HOME = "http://jyj.example.gov.cn/"
PAGE = "http://jyj.example.gov.cn/art/2026/11/16/art_1235_88001.html"
ATTACHMENT = "http://jyj.example.gov.cn/attach/0/xszz_ffmd.xlsx"
ID = "360702198506123219"  # valid: province 36, born 1985-06-12, check character 9
ID_X = "11010519491231002X"  # valid, ends in X
MOBILE = "13907105678"
CARD = "6228480012345678903"  # Luhn-valid, 19 digits


@pytest.fixture
def privacy(rules: RulesFile) -> PrivacyRules:
    return rules.privacy


def page(text: str, url: str = PAGE, final_url: str | None = None) -> PageFact:
    return PageFact(url, final_url or url, 200, 1, url == HOME, "", {}, text)


def attachment(text: str | None, url: str = ATTACHMENT, sources: list[Source] | None = None) -> LinkOutcome:
    sources = [Source(PAGE, "附件：资助资金发放名单.xlsx", "body", False)] if sources is None else sources
    return LinkOutcome(url, "attachment", "ok", 200, None, [], sources, None, text)


def site(pages: list[PageFact], links: list[LinkOutcome] | None = None) -> SiteFacts:
    return SiteFacts("jyj-site", "jyj", HOME, "department", 5, datetime(2026, 11, 22, 1, tzinfo=UTC),
                     pages, links or [])


def findings(rules: RulesFile, pages: list[PageFact], links: list[LinkOutcome] | None = None) -> list[Finding]:
    return list(privacy_leak(site(pages, links), rules, TODAY))


# ---------------------------------------------------------------- the numbers


@pytest.mark.parametrize("number", [ID, ID_X, ID_X.lower()[:-1] + "x"])
def test_valid_id_numbers(number: str) -> None:
    assert is_id_number(number.upper(), TODAY)


@pytest.mark.parametrize("number, why", [
    (ID[:17] + "0", "wrong check character"),
    ("360702198502303210", "30 February"),
    ("990702198506123210", "no province 99"),
    ("360702203006123211", "born in 2030, after the check"),
    ("360702180006123210", "born before 1900"),
])
def test_invalid_id_numbers(number: str, why: str) -> None:
    assert not is_id_number(number, TODAY), why


def test_luhn() -> None:
    assert luhn_valid("79927398713") and luhn_valid(CARD)
    assert not luhn_valid("79927398710") and not luhn_valid(CARD[:-1] + "0")


@pytest.mark.parametrize("kind, number, sample", [
    ("id_card", ID, "3607**********3219"),
    ("mobile", MOBILE, "139****5678"),
    ("bank_card", CARD, "6228***********8903"),
])
def test_samples_are_masked(kind: str, number: str, sample: str) -> None:
    assert masked(kind, number) == sample


@pytest.mark.parametrize("text, kind, number", [
    (f"序号 姓名 身份证号 1 刘晓燕 {ID} 初级中学", "id_card", ID),
    (f"申请人：张三，身份证：{ID_X.lower()}。", "id_card", ID_X),
    ("身份证号３６０７０２１９８５０６１２３２１９", "id_card", ID),  # full-width digits
    (f"1 刘晓燕 {MOBILE} 初级中学", "mobile", MOBILE),
    ("家长电话139-0710-5678", "mobile", MOBILE),
    (f"收款人：李四 银行卡号：{CARD}", "bank_card", CARD),
    ("开户行：农业银行 账号：6228 4800 1234 5678 903", "bank_card", CARD),
])
def test_personal_numbers_found(privacy: PrivacyRules, text: str, kind: str, number: str) -> None:
    assert personal_numbers(text, privacy, TODAY)[kind] == [number]


def test_card_column_of_a_list_counts_beyond_the_keyword_window(privacy: PrivacyRules) -> None:
    second = "6228480098765432103"
    rows = [f"{n}\t学生{n}\t青山市第{n}中学\t中国农业银行\t" + (CARD if n == 1 else second if n == 40 else "")
            for n in range(1, 41)]
    text = "序号\t姓名\t学校\t开户银行\t银行卡号\n" + "\n".join(rows)
    assert personal_numbers(text, privacy, TODAY)["bank_card"] == [CARD, second]


@pytest.mark.parametrize("text, why", [
    ("陈静 3607021990****1234 周鹏 3607**********3219", "masked ID numbers"),
    ("联系电话：138****5678", "masked mobile"),
    (f"周鹏 {ID[:17]}0", "wrong check character"),
    ("咨询电话：0710-1234567，07108765432（办公室），政务服务热线12345", "office phones and hotlines"),
    ("索引号：014736521A/2026-00002 文号：青教发〔2026〕12号", "index number and document number"),
    (f"统一社会信用代码：{ID}", "a credit code label right before an ID-like number"),
    (f"联系人：王老师，联系电话：{MOBILE}", "a published work contact"),
    (f"咨询电话：0710-1234890、{MOBILE}", "a work contact after an office phone"),
    (f"原文见 http://jyj.example.gov.cn/art/{MOBILE}/{ID}.html", "digits inside a URL"),
    (f"批次 9{MOBILE}2 序列 {ID}88", "inside longer runs of digits"),
    (f"下单号A{MOBILE} 批次{ID}B", "inside runs of letters and digits"),
    (f"订单号：{CARD}", "a 19-digit number with no bank-card keyword"),
    ("共计 15000000000元，惠及 13000000000人", "amounts and counts"),
    ("各年度开户数：2022 2023 2024 2025 2026", "a row of years (2023 2024 2025 2026 passes Luhn)"),
])
def test_not_personal_numbers(privacy: PrivacyRules, text: str, why: str) -> None:
    assert personal_numbers(text, privacy, TODAY) == {}, why


# ---------------------------------------------------------------- the check


def test_leak_in_page_text_is_one_finding_with_counts_and_masked_samples(rules: RulesFile) -> None:
    text = f"拟认定人员名单 1 刘晓燕 {ID} {MOBILE} 2 周鹏 {ID_X} 15979102345 监督电话：0710-1234890"
    [finding] = findings(rules, [page("首页", HOME), page(text)])
    assert (finding.code, finding.url, finding.source_url, finding.severity) == \
        ("PRIVACY-LEAK", PAGE, None, "deduction")
    assert finding.detail["found_in"] == "page_text"
    assert finding.detail["kinds"] == ["id_card", "mobile"]
    assert finding.detail["counts"] == {"id_card": 2, "mobile": 2}
    assert finding.detail["samples"]["id_card"] == ["3607**********3219", "1101**********002X"]
    assert "身份证号 2 个" in finding.detail["reason"]


def test_evidence_never_holds_a_whole_number(rules: RulesFile) -> None:
    text = f"{ID} {MOBILE} 银行卡号 {CARD}"
    [finding] = findings(rules, [page(text)])
    evidence = json.dumps(finding.detail, ensure_ascii=False)
    assert finding.detail["counts"] == {"id_card": 1, "mobile": 1, "bank_card": 1}
    for number in (ID, MOBILE, CARD, ID[6:14], MOBILE[3:7]):
        assert number not in evidence


def test_same_number_twice_counts_once(rules: RulesFile) -> None:
    [finding] = findings(rules, [page(f"刘晓燕 {ID}，复核：{ID}")])
    assert finding.detail["counts"] == {"id_card": 1}


def test_leak_in_attachment_names_the_attachment_and_the_page_linking_it(rules: RulesFile) -> None:
    table = f"序号\t姓名\t身份证号\t监护人手机\t开户银行\t银行卡号\n1\t王梓涵\t{ID}\t{MOBILE}\t中国农业银行\t{CARD}"
    [finding] = findings(rules, [page("现将资助资金发放名单予以公示，详见附件。")], [attachment(table)])
    assert (finding.url, finding.source_url) == (ATTACHMENT, PAGE)
    assert finding.detail["found_in"] == "attachment"
    assert finding.detail["file_type"] == "xlsx"
    assert finding.detail["anchor"] == "附件：资助资金发放名单.xlsx"
    assert finding.detail["sources"] == [PAGE]
    assert finding.detail["kinds"] == ["id_card", "mobile", "bank_card"]
    assert "附件（xlsx）" in finding.detail["reason"]


def test_masked_or_unread_attachments_are_not_findings(rules: RulesFile) -> None:
    masked_list = "1 刘晓燕 3607**********3219 139****5678\n咨询电话：0710-1234890"
    links = [attachment(masked_list, url="http://jyj.example.gov.cn/attach/0/a.pdf"),
             attachment(None, url="http://jyj.example.gov.cn/attach/0/big.pdf")]
    assert findings(rules, [page("正文")], links) == []


def test_a_page_reached_by_a_redirect_and_linked_directly_is_one_finding(rules: RulesFile) -> None:
    old = "http://jyj.example.gov.cn/art/2019/1/1/art_1235_1001.html"
    pages = [page(f"名单 {ID}", url=old, final_url=PAGE), page(f"名单 {ID}")]
    assert [f.url for f in findings(rules, pages)] == [PAGE]


def test_bank_card_keywords_come_from_the_rules(rules: RulesFile) -> None:
    text = f"收款凭证 {CARD}"
    assert findings(rules, [page(text)]) == []
    custom = rules.model_copy(update={"privacy": rules.privacy.model_copy(
        update={"bank_card_keywords": ["收款凭证"]})})
    assert [f.detail["kinds"] for f in findings(custom, [page(text)])] == [["bank_card"]]


# ---------------------------------------------------------------- real pages


def _real_texts() -> list[tuple[str, str]]:
    folder = REALPAGES
    if not folder.is_dir():
        return []
    texts = []
    for path in sorted(folder.iterdir()):
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            raw = read_page(raw, "http://www.example.gov.cn/a.html", lambda url: True, False, TODAY, None).text
        texts.append((path.name, raw))
    return texts


@needs_realpages
@pytest.mark.parametrize("name, text", _real_texts())
def test_real_government_pages_leak_nothing(privacy: PrivacyRules, name: str, text: str) -> None:
    """Real articles, feeds and the 60-document policy dump: 索引号, 标识码, 备案号, dates — no leak."""
    assert personal_numbers(text, privacy, TODAY) == {}, name
