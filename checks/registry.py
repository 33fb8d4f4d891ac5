"""The one code table: every finding code, its Chinese title, its state, and the checks that emit it.

A code is part of govmon's interface (exports, notices, JSON findings): once published it is never
reused. A retired code stays listed here with state "retired". Checks register with @check; figures
a check family reports besides its findings (解读率, IPv6 shares) register with @measure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

State = Literal["stable", "preview", "retired"]


@dataclass(frozen=True)
class Code:
    code: str
    title: str  # how the dashboard, exports and notices name the problem
    indicator: str  # the 19号 indicator it belongs to
    state: State


CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code("SITE-DOWN", "站点无法访问", "可用性·站点无法访问", "stable"),
        Code("HOME-STALE", "首页栏目不更新", "信息更新·首页栏目", "stable"),
        Code("COLUMN-STALE", "栏目不更新", "信息更新·栏目更新", "stable"),
        Code("COLUMN-EMPTY", "空白栏目", "信息更新·空白栏目", "stable"),
        Code("LINK-DEAD", "链接不可用", "可用性·链接可用性", "stable"),
        Code("LINK-SUSPECT", "链接疑似不可用（待复核）", "可用性·链接可用性", "stable"),
        Code("DOC-VALIDITY-MISSING", "规范性文件未标注有效性", "发布解读·规范性文件", "stable"),
        Code("DOC-VALIDITY-STALE", "规范性文件有效性标注过时", "发布解读·规范性文件", "stable"),
        Code("DOC-META-MISSING", "政策文件元数据不全", "发布解读·政策文件", "stable"),
        Code("DOC-LATE", "政府信息未在20个工作日内公开", "发布解读·公开时限", "stable"),
        Code("DOC-NO-INTERPRETATION", "政策文件无解读", "发布解读·政策解读", "stable"),
        Code("IPV6-NO-AAAA", "域名无IPv6解析", "功能设计·IPv6", "stable"),
        Code("IPV6-UNREACHABLE", "首页IPv6不可访问", "功能设计·IPv6", "stable"),
        Code("IPV6-DNS", "域名服务器未支持IPv6", "功能设计·IPv6", "stable"),
        Code("IPV6-MISMATCH", "IPv6与IPv4首页内容不一致", "功能设计·IPv6", "stable"),
        Code("IPV6-DEPTH", "二三级链接IPv6支持度不足", "功能设计·IPv6", "stable"),
        Code("IDENT-MISSING", "页面标识不全", "功能设计·网站标识", "stable"),
        Code("IDENT-META", "网页元数据标签缺失", "功能设计·网站标识", "stable"),
        Code("DOMAIN-NOT-GOV", "未使用政府网站域名", "功能设计·域名", "stable"),
        Code("PRIVACY-LEAK", "泄露个人信息", "发布解读·信息安全", "stable"),
        Code("WORDING-ERROR", "严重表述错误", "内容正确性·严重错误", "stable"),
        Code("HIDDEN-LINK", "暗链", "安全·暗链", "stable"),
        Code("TLS-CERT", "HTTPS证书问题", "安全·证书", "stable"),
        Code("INTERACTION-UNANSWERED", "互动留言未回复", "互动交流·留言办理", "stable"),
        Code("ANNUAL-REPORT-MISSING", "年度报告未按时公开", "发布解读·年度报告", "stable"),
        Code("ACCOUNT-STALE", "僵尸账号（两周未更新）", "政务新媒体·更新", "preview"),
        Code("ACCOUNT-DORMANT", "长期不更新账号（建议关停注销）", "政务新媒体·更新", "preview"),
        Code("ACCOUNT-EMPTY", "空壳账号", "政务新媒体·更新", "preview"),
        Code("ACCOUNT-GONE", "账号已不存在", "政务新媒体·账号", "preview"),
        Code("ACCOUNT-DUPLICATE", "同一平台重复开设账号", "政务新媒体·账号", "preview"),
        Code("ACCOUNT-UNREGISTERED", "未备案账号", "政务新媒体·备案", "preview"),
    ]
}

SEVERITY_TITLES = {"veto": "单项否决", "deduction": "扣分", "warning": "预警"}
STATUS_TITLES = {"open": "待整改", "fixed": "已整改", "reopened": "重新出现", "dismissed": "已排除",
                 "confirmed": "已复核确认（转为其他问题）"}


@dataclass(frozen=True)
class Finding:
    """What a check concludes about one target; storage turns it into a Finding row."""

    code: str
    target: str  # site or account id
    severity: Literal["veto", "deduction", "warning"]
    url: str
    source_url: str | None = None
    where: Literal["homepage", "other"] | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """What makes this the same problem on the next run."""
        return "|".join([self.code, self.target, self.url])


CheckFunction = Callable[..., Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    code: str
    function: CheckFunction
    family: str  # the module under checks/ that holds it


CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under its code; the code must be in CODES and not retired."""

    def register(function: CheckFunction) -> CheckFunction:
        if code not in CODES or CODES[code].state == "retired":
            raise ValueError(f"unknown or retired finding code {code}")
        if code in CHECKS:
            raise ValueError(f"two checks registered for {code}")
        CHECKS[code] = Check(code, function, function.__module__.rsplit(".", 1)[-1])
        return function

    return register


@dataclass(frozen=True)
class Ratio:
    """A figure reported per site and summed per unit: numerator / denominator (None when 0/0)."""

    numerator: int
    denominator: int
    threshold: float | None = None  # the rule's minimum, shown beside the figure

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def as_dict(self) -> dict[str, Any]:
        return {"numerator": self.numerator, "denominator": self.denominator,
                "value": self.value, "threshold": self.threshold}


MeasureFunction = Callable[..., Ratio | None]


@dataclass(frozen=True)
class Measure:
    name: str
    title: str  # how the dashboard and exports name the figure
    function: MeasureFunction


MEASURES: dict[str, Measure] = {}


def measure(name: str, title: str) -> Callable[[MeasureFunction], MeasureFunction]:
    """Register a per-site figure: function(site, rules, today) -> Ratio, or None when not applicable."""

    def register(function: MeasureFunction) -> MeasureFunction:
        if name in MEASURES:
            raise ValueError(f"two measures registered as {name}")
        MEASURES[name] = Measure(name, title, function)
        return function

    return register
