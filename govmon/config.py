"""Load and validate config/: units.yaml, rules.yaml and crawl.yaml (see docs/config.md).

Every error names the file, the line and the field, in Chinese, so a clerk can fix it
without reading code. Loading never touches the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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


class ColumnRules(Strict):
    windows_days: dict[Literal["dynamic", "notice", "policy", "should_update"], int]
    stale_veto_count: dict[Literal["dynamic_notice", "should_update"], int]
    empty_veto_count: int = Field(gt=0)
    kind_keywords: dict[Literal["dynamic", "notice", "policy", "should_update"], list[str]]


class DocRules(Strict):
    late_working_days: int = Field(gt=0)
    interpretation_working_days: int = Field(gt=0)
    interpretation_rate: float = Field(ge=0, le=1)


class Ipv6Rules(Strict):
    success_rate: float = Field(ge=0, le=1)
    similarity: float = Field(ge=0, le=1)
    depth_rate: float = Field(ge=0, le=1)


class AvailabilityRules(Strict):
    probes_per_day: int = Field(gt=0)
    timeout_s: float = Field(gt=0)
    window_days: int = Field(gt=0)
    veto_ratio: float = Field(ge=0, le=1)
    warn_ratio: float = Field(ge=0, le=1)


class InteractionRules(Strict):
    unanswered_days: int = Field(gt=0)
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
    group: str
    points: float = Field(gt=0)


class ScoringRules(Strict):
    fail_below: float
    bonus_above: float
    bonus_cap: float
    groups: dict[str, ScoreGroup]
    deductions: list[Deduction]


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
    scoring: ScoringRules


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


class CrawlFile(Strict):
    user_agent: str
    timeout_s: float = Field(gt=0)
    concurrency_per_host: int = Field(ge=1, le=8)
    download_delay_s: float = Field(ge=0)
    obey_robots: bool
    max_depth: int = Field(gt=0)
    max_list_pages: int = Field(5, gt=0)
    max_page_bytes: int = Field(gt=0)
    dns: DnsSettings = DnsSettings()
    traps: TrapSettings = TrapSettings()
    browser: BrowserSettings = BrowserSettings()


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


def load_config(directory: Path | None = None) -> Config:
    """Read and validate the three files; raise ConfigError on the first bad one."""
    directory = directory or default_config_dir()
    units_file, units_node = _load(directory / "units.yaml", UnitsFile)
    rules_file, rules_node = _load(directory / "rules.yaml", RulesFile)
    crawl_file, _ = _load(directory / "crawl.yaml", CrawlFile)
    _check_references(directory / "units.yaml", units_file, units_node)
    _check_score_groups(directory / "rules.yaml", rules_file, rules_node)
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
    for d, deduction in enumerate(rules.scoring.deductions):
        if deduction.group not in rules.scoring.groups:
            loc = ("scoring", "deductions", d, "group")
            raise ConfigError(path, line_of(node, loc), loc, f"扣分组 {deduction.group} 未在 scoring.groups 中定义")
