"""Load and validate config/: units.yaml, rules.yaml and crawl.yaml (see docs/config.md).

Every error names the file, the line and the field, in Chinese, so a clerk can fix it
without reading code. Loading never touches the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govmon.config_errors import ConfigError, describe_error, line_of, to_python

M = TypeVar("M", bound=BaseModel)
Identifier = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- units.yaml


class SiteConfig(Strict):
    id: str = Identifier
    name: str
    url: str
    kind: Literal["portal", "department"] = "department"
    render: Literal["auto", "always", "never"] = "auto"
    extra_hosts: list[str] = []
    page_cap: int = Field(2000, gt=0)
    obey_robots: bool | None = None  # None: crawl.yaml's obey_robots
    # column name, path prefix (/xxgk/zcjd/) or URL prefix -> kind, or "exclude"
    column_overrides: dict[str, Literal["dynamic", "notice", "policy", "should_update", "exclude"]] = {}

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")) or "//" not in url[:8]:
            raise ValueError("网址必须以 http:// 或 https:// 开头")
        return url


class AccountConfig(Strict):
    id: str = Identifier
    platform: Literal["wechat", "weibo", "douyin", "toutiao", "bilibili", "kuaishou", "other"]
    name: str
    url: str


class UnitConfig(Strict):
    id: str = Identifier
    name: str
    level: Literal["province", "city", "county", "town", "department"]
    parent: str | None = None
    sites: list[SiteConfig] = []
    accounts: list[AccountConfig] = []


class UnitsFile(Strict):
    units: list[UnitConfig]


# ---------------------------------------------------------------- rules.yaml


class LinkRules(Strict):
    timeout_s: float = Field(gt=0)
    max_redirects: int = Field(gt=0)
    dead_statuses: list[int]
    dead_server_errors: bool
    blocked_statuses: list[int]


class HomeStaleRules(Strict):
    days: int = Field(gt=0)
    warn_days: int = Field(gt=0)


class ColumnClassCounts(Strict):
    """A count of stale columns per 19号 class: 动态/通知公告/政策文件, and 应更新."""

    dynamic_notice: int = Field(gt=0)
    should_update: int = Field(gt=0)


class ColumnRules(Strict):
    windows_days: dict[Literal["dynamic", "notice", "policy", "should_update"], int]
    stale_veto_count: ColumnClassCounts
    stale_warn_count: ColumnClassCounts
    empty_veto_count: int = Field(gt=0)
    empty_warn_count: int = Field(gt=0)
    kind_keywords: dict[Literal["dynamic", "notice", "policy", "should_update"], list[str]]


PolicyField = Literal["索引号", "主题分类", "发文机关", "成文日期", "标题", "文号", "发布日期", "有效性", "有效期"]


class DocRules(Strict):
    late_working_days: int = Field(gt=0)
    interpretation_working_days: int = Field(gt=0)
    interpretation_rate: float = Field(ge=0, le=1)
    lookback_days: int = Field(gt=0)
    required_metadata: list[PolicyField]
    interpretation_title_keywords: list[str]
    extra_holidays: list[date] = []  # for years chinese_calendar has no data for (checks/workdays.py)
    extra_workdays: list[date] = []


class Ipv6Rules(Strict):
    success_rate: float = Field(ge=0, le=1)
    similarity: float = Field(ge=0, le=1)
    depth_rate: float = Field(ge=0, le=1)
    min_probes: int = Field(gt=0)  # a success rate is judged over at least this many probes


class AvailabilityRules(Strict):
    probes_per_day: int = Field(gt=0)
    timeout_s: float = Field(gt=0)
    window_days: int = Field(gt=0)
    veto_ratio: float = Field(ge=0, le=1)
    warn_ratio: float = Field(ge=0, le=1)
    min_probes: int = Field(gt=0)  # homepage probes in the window before SITE-DOWN judges at all
    key_columns: int = Field(ge=0)  # key columns probed per site besides the homepage


class InteractionRules(Strict):
    unanswered_days: int = Field(gt=0)
    warn_days: int = Field(gt=0)
    lookback_days: int = Field(gt=0)
    no_reply_days: int = Field(gt=0)


class AnnualReportRules(Strict):
    department_due: str = Field(pattern=r"^\d{2}-\d{2}$")
    government_due: str = Field(pattern=r"^\d{2}-\d{2}$")
    worksheet_due: str = Field(pattern=r"^\d{2}-\d{2}$")


class AccountRules(Strict):
    stale_days: int = Field(gt=0)
    dormant_days: int = Field(gt=0)
    gone_confirmations: int = Field(gt=0)
    max_per_platform: int = Field(gt=0)


class ScoreGroup(Strict):
    name: str
    cap: float = Field(gt=0)


class Deduction(Strict):
    code: str
    where: Literal["homepage", "other", "any"] = "any"
    when: dict[str, str | bool | int] = {}  # finding detail values the rule is for, e.g. {kind: policy}
    item: str = ""  # how the breakdown names the item (default: the code's title)
    group: str
    points: float = Field(gt=0)


class ScoringRules(Strict):
    fail_below: float
    bonus_above: float
    bonus_cap: float
    groups: dict[str, ScoreGroup]
    deductions: list[Deduction]
    same_problem: list[list[str]] = []  # codes that, on one URL, are one problem: deducted once


class PrivacyRules(Strict):
    """What PRIVACY-LEAK takes for a bank card, a work contact and a look-alike (checks/privacy.py)."""

    bank_card_keywords: list[str] = Field(min_length=1)
    bank_card_context_chars: int = Field(gt=0)
    work_contact_labels: list[str]
    work_contact_context_chars: int = Field(gt=0)
    lookalike_labels: list[str]


# ---------------------------------------------------------------- lexicon.yaml (carried as RulesFile.lexicon)


class WordingEntry(Strict):
    """One wrong wording (WORDING-ERROR), its correct form, and where it is not an error."""

    wrong: str
    right: str
    note: str
    severity: Literal["serious", "general"]  # serious: 严重表述错误, a veto; general: a deduction
    outdated_since: date | None = None  # pages published before this day are not judged for it
    before: list[str] = []  # this entry's own exceptions, besides those of the whole lexicon
    after: list[str] = []

    @field_validator("wrong")
    @classmethod
    def _two_characters(cls, wrong: str) -> str:
        if len(wrong.strip()) < 2:
            raise ValueError("错误写法至少要两个字，否则处处误报")
        return wrong.strip()

    @field_validator("outdated_since", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ValueError("日期应写作 YYYY-MM-DD，例如 2018-03-17") from None
        return value


class WordingLexicon(Strict):
    before: list[str]  # written right before a match (原, 前身为): a correct historical mention
    after: list[str]  # written right after a match (更名为, （现): likewise
    entries: list[WordingEntry]


class SpamVocabulary(Strict):
    """What makes a link a 暗链 by its words (HIDDEN-LINK)."""

    words: list[str] = Field(min_length=1)  # in the anchor text
    host_words: list[str]  # in the host name
    allowed: list[str]  # an anchor holding one of these is not spam (福利彩票, 打击赌博)
    trusted_hosts: list[str]  # host suffixes of government sites


class LexiconFile(Strict):
    wording: WordingLexicon
    spam: SpamVocabulary


class RulesFile(Strict):
    links: LinkRules
    home_stale: HomeStaleRules
    columns: ColumnRules
    docs: DocRules
    ipv6: Ipv6Rules
    availability: AvailabilityRules
    tls_expiry_warn_days: int = Field(gt=0)
    interaction: InteractionRules
    annual_report: AnnualReportRules
    accounts: AccountRules
    privacy: PrivacyRules
    scoring: ScoringRules
    lexicon: LexiconFile | None = None  # read from lexicon.yaml by load_config, never from rules.yaml

    @field_validator("lexicon", mode="before")
    @classmethod
    def _not_in_rules_yaml(cls, value: Any) -> Any:
        raise ValueError("词库请写在 lexicon.yaml 中，不写在 rules.yaml 中")


# ---------------------------------------------------------------- crawl.yaml


class DnsSettings(Strict):
    nameservers: list[str] = []  # "host" or "host:port"; empty = the system's resolver
    timeout_s: float = Field(5, gt=0)


class TrapSettings(Strict):
    """Limits that keep the crawler out of endless URL spaces (crawler/traps.py)."""

    max_query_variants: int = Field(50, gt=0)
    max_url_length: int = Field(1024, gt=0)
    max_repeated_segments: int = Field(3, gt=0)
    max_cycle_repeats: int = Field(2, gt=0)
    calendar_years: int = Field(2, ge=0)


class BrowserSettings(Strict):
    """The Chromium that renders pages needing JavaScript (crawler/render.py)."""

    executable: str = "/usr/bin/chromium"
    timeout_s: float = Field(30, gt=0)


class Ipv6Probing(Strict):
    """How many IPv6 requests the audit makes per site (govmon/ipv6.py)."""

    home_probes: int = Field(5, gt=0)
    links_per_level: int = Field(50, ge=0)


class CrawlFile(Strict):
    user_agent: str
    timeout_s: float = Field(gt=0)
    concurrency_per_host: int = Field(ge=1, le=8)
    download_delay_s: float = Field(ge=0)
    obey_robots: bool
    max_depth: int = Field(gt=0)
    max_list_pages: int = Field(5, gt=0)
    max_page_bytes: int = Field(gt=0)
    attachment_text_max_bytes: int = Field(5_000_000, ge=0)  # 0: attachments are only checked
    extract_workers: int = Field(1, ge=0, le=16)  # processes reading pages; 0: in the crawl process
    probe_concurrency: int = Field(50, gt=0)  # hosts probed at once by `govmon probe` (one request per host)
    dns: DnsSettings = DnsSettings()
    traps: TrapSettings = TrapSettings()
    browser: BrowserSettings = BrowserSettings()
    ipv6: Ipv6Probing = Ipv6Probing()


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class Config:
    """The whole of config/, validated."""

    directory: Path
    units: list[UnitConfig]
    rules: RulesFile
    crawl: CrawlFile

    def sites(self) -> list[tuple[UnitConfig, SiteConfig]]:
        return [(unit, site) for unit in self.units for site in unit.sites]

    def unit(self, unit_id: str) -> UnitConfig:
        return next(unit for unit in self.units if unit.id == unit_id)


def default_config_dir() -> Path:
    """GOVMON_CONFIG, else ./config, else the config/ shipped beside the package."""
    if env := os.environ.get("GOVMON_CONFIG"):
        return Path(env)
    if Path("config/units.yaml").is_file():
        return Path("config")
    return Path(__file__).resolve().parent.parent / "config"


_SHIPPED_LEXICON = Path(__file__).resolve().parent.parent / "config" / "lexicon.yaml"


def load_config(directory: Path | None = None) -> Config:
    """Read and validate the files; raise ConfigError on the first bad one."""
    directory = directory or default_config_dir()
    units_file, units_node = _load(directory / "units.yaml", UnitsFile)
    rules_file, rules_node = _load(directory / "rules.yaml", RulesFile)
    crawl_file, _ = _load(directory / "crawl.yaml", CrawlFile)
    lexicon_path = directory / "lexicon.yaml"
    if not lexicon_path.is_file():  # a config/ without its own lexicon uses the shipped one
        lexicon_path = _SHIPPED_LEXICON
    lexicon_file, lexicon_node = _load(lexicon_path, LexiconFile)
    _check_references(directory / "units.yaml", units_file, units_node)
    _check_score_groups(directory / "rules.yaml", rules_file, rules_node)
    _check_lexicon(lexicon_path, lexicon_file, lexicon_node)
    rules_file = rules_file.model_copy(update={"lexicon": lexicon_file})
    return Config(directory, units_file.units, rules_file, crawl_file)


def _load(path: Path, model: type[M]) -> tuple[M, yaml.Node | None]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, None, None, "文件不存在") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1  # where the first non-UTF-8 byte sits
        raise ConfigError(path, line, None, "文件不是 UTF-8 编码，请另存为 UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        message = f"YAML 语法错误：{error.problem}"
        if error.context_mark and error.context_mark.line + 1 != line:  # e.g. an unclosed quote or [
            message += f"（{error.context}：始于第 {error.context_mark.line + 1} 行）"
        raise ConfigError(path, line, None, message) from None
    data: Any = to_python(node) if node is not None else None
    if not isinstance(data, dict):
        line = node.start_mark.line + 1 if node is not None else 1
        raise ConfigError(path, line, None, "文件内容应为键值映射（mapping），现为空或格式不对")
    try:
        return model.model_validate(data), node
    except ValidationError as error:
        first = _first_error(error.errors())
        loc = tuple(first["loc"])
        raise ConfigError(path, line_of(node, loc), loc, describe_error(first)) from None


def _first_error(errors: list[Any]) -> Any:
    """The first error, except that a misspelt key explains a 'missing' one beside it: name the typo."""
    first = errors[0]
    if first["type"] == "missing":
        for other in errors:
            if other["type"] == "extra_forbidden" and tuple(other["loc"][:-1]) == tuple(first["loc"][:-1]):
                return other
    return first


def _check_references(path: Path, units_file: UnitsFile, node: yaml.Node | None) -> None:
    seen: dict[str, tuple[Any, ...]] = {}
    for u, unit in enumerate(units_file.units):
        members = [("units", u, "id", unit.id)]
        members += [("units", u, "sites", s, "id", site.id) for s, site in enumerate(unit.sites)]
        members += [
            ("units", u, "accounts", a, "id", account.id) for a, account in enumerate(unit.accounts)
        ]
        for *loc, identifier in members:
            if identifier in seen:
                raise ConfigError(path, line_of(node, tuple(loc)), tuple(loc), f"标识 {identifier} 重复")
            seen[identifier] = tuple(loc)
    unit_ids = {unit.id for unit in units_file.units}
    for u, unit in enumerate(units_file.units):
        if unit.parent is not None and unit.parent not in unit_ids:
            loc = ("units", u, "parent")
            raise ConfigError(path, line_of(node, loc), loc, f"上级单位 {unit.parent} 不存在")


def _check_score_groups(path: Path, rules: RulesFile, node: yaml.Node | None) -> None:
    from checks.registry import CODES  # here, not at the top: the checks import this module

    for d, deduction in enumerate(rules.scoring.deductions):
        if deduction.group not in rules.scoring.groups:
            loc = ("scoring", "deductions", d, "group")
            raise ConfigError(path, line_of(node, loc), loc, f"扣分组 {deduction.group} 未在 scoring.groups 中定义")
        if deduction.code not in CODES:
            loc = ("scoring", "deductions", d, "code")
            raise ConfigError(path, line_of(node, loc), loc, f"问题编码 {deduction.code} 不存在（见 docs/checks.md）")
    for s, codes in enumerate(rules.scoring.same_problem):
        for c, code in enumerate(codes):
            if code not in CODES:
                loc = ("scoring", "same_problem", s, c)
                raise ConfigError(path, line_of(node, loc), loc, f"问题编码 {code} 不存在（见 docs/checks.md）")


def _check_lexicon(path: Path, lexicon: LexiconFile, node: yaml.Node | None) -> None:
    """A wrong wording written twice, or inside a correct form, would flag every correct mention."""
    entries = lexicon.wording.entries
    for e, entry in enumerate(entries):
        loc = ("wording", "entries", e, "wrong")
        if any(other.wrong == entry.wrong for other in entries[:e]):
            raise ConfigError(path, line_of(node, loc), loc, f"错误写法“{entry.wrong}”重复")
        if inside := next((other.right for other in entries if entry.wrong in other.right), None):
            raise ConfigError(path, line_of(node, loc), loc,
                              f"错误写法“{entry.wrong}”包含在正确写法“{inside}”中，正确的写法也会被误报")
