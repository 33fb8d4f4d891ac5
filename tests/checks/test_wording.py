"""checks/wording.py: WORDING-ERROR, the office's lexicon (config/lexicon.yaml) matched in page text."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from checks.facts import PageFact, SiteFacts
from checks.registry import Finding
from checks.wording import matcher_for, wording_error
from crawler.extractors.page import read_page
from govmon.config import ConfigError, RulesFile, WordingEntry, load_config
from tests.realpages import REALPAGES, needs_realpages

TODAY = date(2026, 11, 20)
HOME = "http://wjw.qingshan.gov.cn/"
ARTICLE = "http://wjw.qingshan.gov.cn/xwdt/202610/t20261031_596486.html"


def article(text: str, title: str = "卫健动态_青山市卫生健康委员会网站", url: str = ARTICLE,
            published: str | None = "2026-10-31", status: int = 200, **facts: object) -> PageFact:
    return PageFact(url, url, status, 2, url == HOME, title, {"published": published, **facts}, text)


def audit(rules: RulesFile, *pages: PageFact) -> list[Finding]:
    site = SiteFacts("qingshan-wjw-site", "qingshan-wjw", HOME, "department", 1,
                     datetime(2026, 11, 20, tzinfo=UTC), list(pages), [])
    return list(wording_error(site, rules, TODAY))


def wrong_terms(rules: RulesFile, text: str, published: str | None = "2026-10-31") -> list[str]:
    return [match["wrong"] for finding in audit(rules, article(text, title="", published=published))
            for match in finding.detail["matches"]]


# ---------------------------------------------------------------- findings


def test_outdated_institution_name_is_a_deduction(rules: RulesFile) -> None:
    text = "为深入贯彻落实上级决策部署。根据国家旅游局有关要求，我区将进一步规范旅游市场秩序。"
    [finding] = audit(rules, article(text))
    assert (finding.code, finding.severity, finding.url, finding.where) == (
        "WORDING-ERROR", "deduction", ARTICLE, "other")
    assert finding.detail == {
        "reason": "“国家旅游局”应为“文化和旅游部”",
        "title": "卫健动态_青山市卫生健康委员会网站",
        "published": "2026-10-31",
        "match_count": 1,
        "serious_count": 0,
        "matches": [{
            "wrong": "国家旅游局",
            "right": "文化和旅游部",
            "note": "2018改革：组建文化和旅游部，不再保留文化部、国家旅游局",
            "severity": "一般错误",
            "in": "正文",
            "context": "为深入贯彻落实上级决策部署。根据国家旅游局有关要求，我区将进一步规范旅游市场秩序。",
        }],
    }


def test_the_generic_entry_catches_a_local_name(rules: RulesFile) -> None:
    """The farm's seed: 市卫生和计划生育委员会 … 青山市卫生和计划生育委员会, one finding with both."""
    text = "委领导参加活动。市卫生和计划生育委员会相关科室负责同志参加会议。青山市卫生和计划生育委员会要求……"
    [finding] = audit(rules, article(text))
    assert finding.detail["match_count"] == 2
    assert {m["right"] for m in finding.detail["matches"]} == {"卫生健康委员会"}
    assert "青山市卫生和计划生育委员会要求" in finding.detail["matches"][1]["context"]


def test_a_serious_error_is_a_veto(rules: RulesFile) -> None:
    [finding] = audit(rules, article("会见全国人大委员长。另据国家旅游局通知。"))
    assert finding.severity == "veto"
    assert (finding.detail["match_count"], finding.detail["serious_count"]) == (2, 1)
    assert finding.detail["matches"][0]["severity"] == "严重错误"


def test_the_title_is_read_too(rules: RulesFile) -> None:
    [finding] = audit(rules, article("正文没有问题。", title="国家质检总局召开会议_青山市"))
    assert [(m["wrong"], m["in"]) for m in finding.detail["matches"]] == [("国家质检总局", "标题")]


def test_one_finding_per_page(rules: RulesFile) -> None:
    second = "http://wjw.qingshan.gov.cn/xwdt/202611/t20261101_1.html"
    findings = audit(rules, article("国家旅游局。国家林业局。"), article("国土资源部", url=second))
    assert [(f.url, f.detail["match_count"]) for f in findings] == [(ARTICLE, 2), (second, 1)]


def test_the_longest_entry_wins(rules: RulesFile) -> None:
    assert wrong_terms(rules, "国家卫生计生委印发通知，各地卫生计生委要落实。") == ["国家卫生计生委", "卫生计生委"]
    assert wrong_terms(rules, "国务院法制办公室") == ["国务院法制办"]


def test_a_page_without_a_date_is_judged(rules: RulesFile) -> None:
    assert wrong_terms(rules, "机构职能：负责配合国家旅游局……", published=None) == ["国家旅游局"]


def test_an_office_adds_its_own_entries(rules: RulesFile) -> None:
    """Leaders' names and titles are not shipped: an office writes the name with the wrong title."""
    assert rules.lexicon is not None
    wording = rules.lexicon.wording
    entry = WordingEntry(wrong="王某某副市长", right="王某某市长", note="本地：王某某同志已任市长", severity="serious")
    tuned = rules.model_copy(update={"lexicon": rules.lexicon.model_copy(update={
        "wording": wording.model_copy(update={"entries": [*wording.entries, entry]})})})
    page = article("王某某副市长出席会议。")
    assert audit(rules, page) == []
    [finding] = audit(tuned, page)
    assert finding.severity == "veto"


def test_the_automaton_is_built_once_per_lexicon(rules: RulesFile) -> None:
    assert rules.lexicon is not None
    assert matcher_for(rules.lexicon.wording) is matcher_for(rules.lexicon.wording)


# ---------------------------------------------------------------- decoys


@pytest.mark.parametrize(
    "text",
    [
        "原国家旅游局局长出席。",
        "我局前身为国家旅游局驻地办事处。",
        "原青山市卫生和计划生育委员会相关职责划入市卫生健康委员会。",
        "原市卫生计生委办公楼。",
        "国家旅游局（现文化和旅游部）曾于2015年发布。",
        "2018年，国家工商行政管理总局撤销，组建国家市场监督管理总局。",
        "各级环境保护部门、国土资源部门要加强协作。",
        "所谓“台湾总统”选举。",
        "国家市场监督管理总局、文化和旅游部、国家卫生健康委员会、自然资源部联合发文。",
    ],
)
def test_correct_and_historical_mentions(rules: RulesFile, text: str) -> None:
    assert wrong_terms(rules, text) == []


def test_place_names_only_between_an_exception_word_and_the_name(rules: RulesFile) -> None:
    """原则上 is no 原: the name after it is judged."""
    assert wrong_terms(rules, "原则上各县卫生计生委负责。") == ["卫生计生委"]


def test_a_page_published_before_the_reform(rules: RulesFile) -> None:
    assert wrong_terms(rules, "国家工商行政管理总局发布通知。", published="2017-06-01") == []
    assert wrong_terms(rules, "国家工商行政管理总局发布通知。", published="2018-06-01") == ["国家工商行政管理总局"]
    assert wrong_terms(rules, "县卫生和计划生育局召开会议。", published="2018-12-01") == []  # local reform: 2019


def test_every_correct_form_is_clean(rules: RulesFile) -> None:
    assert rules.lexicon is not None
    rights = "。".join(entry.right for entry in rules.lexicon.wording.entries)
    assert wrong_terms(rules, rights) == []


@pytest.mark.parametrize(("status", "facts"), [(404, {}), (200, {"soft404": True}), (200, {"bot_wall": True})])
def test_error_pages_are_not_read(rules: RulesFile, status: int, facts: dict[str, bool]) -> None:
    assert audit(rules, article("国家旅游局", status=status, **facts)) == []


def test_no_lexicon_no_finding(rules: RulesFile) -> None:
    assert audit(rules.model_copy(update={"lexicon": None}), article("国家旅游局")) == []


@needs_realpages
@pytest.mark.parametrize("path", sorted(REALPAGES.glob("*.html")) if REALPAGES.is_dir() else [], ids=lambda p: p.name)
def test_real_government_pages(rules: RulesFile, path: Path) -> None:
    """Real articles, one naming 国家市场监督管理总局 and 国家广播电视总局 (the correct names)."""
    facts = read_page(path.read_text(encoding="utf-8"), "http://www.example.gov.cn/a.html", lambda url: True,
                      False, TODAY)
    assert audit(rules, article(facts.text, title=facts.title, published=facts.published)) == []


# ---------------------------------------------------------------- lexicon.yaml


@pytest.fixture
def copy(config_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(config_dir, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old`; return the 1-based line where it began."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
    return text.count("\n", 0, index) + 1


def fails(directory: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(directory)
    return caught.value


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("severity: serious", "severity: fatal", "wording.entries[0].severity", "serious"),
        ("outdated_since: 2018-03-17", "outdated_since: 2018年3月17日", "wording.entries[3].outdated_since",
         "YYYY-MM-DD"),
        ("wrong: 台湾总统", "wrong: 台", "wording.entries[0].wrong", "至少要两个字"),
        ("wrong: 国家工商总局", "wrong: 国家工商行政管理总局", "wording.entries[4].wrong", "重复"),
        ("wrong: 卫计委", "wrong: 卫生健康", "wording.entries[14].wrong", "包含在正确写法"),
        ("  host_words:", "  host_word:", "spam.host_word", "未知字段"),
    ],
)
def test_lexicon_errors_name_file_line_and_field(copy: Path, old: str, new: str, field: str, words: str) -> None:
    path = copy / "lexicon.yaml"
    line = edit(path, old, new)
    error = fails(copy)
    assert (error.path, error.line) == (path, line)
    assert f"第 {line} 行" in str(error) and f"字段 {field}：" in str(error) and words in str(error)


def test_the_lexicon_does_not_go_in_rules_yaml(copy: Path) -> None:
    rules = copy / "rules.yaml"
    line = rules.read_text(encoding="utf-8").count("\n") + 1
    with rules.open("a", encoding="utf-8") as file:
        file.write("lexicon:\n  wording: {}\n")
    error = fails(copy)
    assert (error.path, error.line, error.loc) == (rules, line, ("lexicon",))
    assert "词库请写在 lexicon.yaml 中" in error.message


def test_without_a_lexicon_the_shipped_one_applies(copy: Path, config_dir: Path) -> None:
    (copy / "lexicon.yaml").unlink()
    assert load_config(copy).rules.lexicon == load_config(config_dir).rules.lexicon
