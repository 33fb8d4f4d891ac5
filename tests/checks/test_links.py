"""checks/links.py: LINK-DEAD and LINK-SUSPECT, a positive case per outcome and the decoys of each."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal

import pytest

from checks.facts import LinkOutcome, PageFact, SiteFacts, Source
from checks.links import link_dead, link_suspect
from checks.registry import Finding
from govmon.config import RulesFile

TODAY = date(2022, 8, 1)
HOME = "http://www.example.gov.cn/"
PAGE = "http://www.example.gov.cn/zwgk/index.html"
TARGET = "http://www.example.gov.cn/zwgk/old.html"


def on_home(anchor: str = "旧通知", position: str = "home-block") -> Source:
    return Source(HOME, anchor, position, on_home=True)


def on_page(page_url: str = PAGE, anchor: str = "旧通知", position: str = "body") -> Source:
    return Source(page_url, anchor, position, on_home=False)


def site_with(*links: LinkOutcome) -> SiteFacts:
    pages = [
        PageFact(HOME, HOME, 200, 0, True, "首页", {}),
        PageFact(PAGE, PAGE, 200, 1, False, "政务公开", {}),
    ]
    return SiteFacts("demo-site", "demo", HOME, "portal", 7, datetime(2022, 8, 1, 2, tzinfo=UTC), pages, list(links))


def link(
    outcome: str,
    status: int | None = None,
    sources: list[Source] | None = None,
    url: str = TARGET,
    kind: str = "page",
    error: str | None = None,
    redirects: list[str] | None = None,
) -> LinkOutcome:
    return LinkOutcome(url, kind, outcome, status, error, redirects or [], [on_page()] if sources is None else sources)


def findings(rules: RulesFile, *links: LinkOutcome) -> list[Finding]:
    return list(link_dead(site_with(*links), rules, TODAY))


def suspects(rules: RulesFile, *links: LinkOutcome) -> list[Finding]:
    return list(link_suspect(site_with(*links), rules, TODAY))


def timeout(previous: str | None) -> LinkOutcome:
    return LinkOutcome(TARGET, "page", "timeout", None, "TimeoutError: 15 s", [], [on_page()], previous)


def on_page_finding(code: str, severity: Literal["deduction", "warning"], outcome: str, status: int | None, error: str | None,
                    **more: object) -> Finding:
    """The finding for TARGET, linked once from PAGE as 旧通知 in the page body."""
    return Finding(
        code=code,
        target="demo-site",
        severity=severity,
        url=TARGET,
        source_url=PAGE,
        where="other",
        detail={
            "outcome": outcome,
            "status": status,
            "error": error,
            "redirects": [],
            "kind": "page",
            "anchor": "旧通知",
            "position": "body",
            "source_count": 1,
            "sources": [PAGE],
            **more,
        },
    )


# ---------------------------------------------------------------- positive: every dead outcome

DEAD = [
    pytest.param("http", 404, None, id="404"),
    pytest.param("http", 410, None, id="410"),
    pytest.param("http", 500, None, id="500"),
    pytest.param("http", 502, None, id="502"),
    pytest.param("http", 503, None, id="503"),
    pytest.param("dns", None, "DNSLookupError: no such host", id="dns"),
    pytest.param("refused", None, "ConnectionRefusedError", id="refused"),
    pytest.param("reset", None, "ConnectionLost", id="reset"),
    pytest.param("loop", 302, None, id="loop"),
    pytest.param("too_many_redirects", 302, None, id="too_many_redirects"),
    pytest.param("soft404", 200, None, id="soft404"),
]


@pytest.mark.parametrize(("outcome", "status", "error"), DEAD)
def test_dead_link_on_another_page(rules: RulesFile, outcome: str, status: int | None, error: str | None) -> None:
    assert findings(rules, link(outcome, status, error=error)) == [
        on_page_finding("LINK-DEAD", "deduction", outcome, status, error)
    ]


@pytest.mark.parametrize("previous", ["timeout", "http", "refused"])
def test_timeout_confirmed_by_a_failure_on_the_previous_crawl(rules: RulesFile, previous: str) -> None:
    [finding] = findings(rules, timeout(previous))
    assert finding.detail["outcome"] == "timeout"
    assert finding.detail["previous_outcome"] == previous


@pytest.mark.parametrize("previous", [None, "ok", "redirect", "blocked"])
def test_single_timeout_is_not_dead(rules: RulesFile, previous: str | None) -> None:
    assert findings(rules, timeout(previous)) == []


@pytest.mark.parametrize(("outcome", "status", "error"), DEAD)
def test_dead_link_on_the_homepage(rules: RulesFile, outcome: str, status: int | None, error: str | None) -> None:
    [finding] = findings(rules, link(outcome, status, [on_home()], error=error))
    assert (finding.where, finding.source_url) == ("homepage", HOME)
    assert finding.detail["position"] == "home-block"


def test_homepage_source_wins_over_earlier_other_pages(rules: RulesFile) -> None:
    other = "http://www.example.gov.cn/zwgk/tzgg/index.html"
    [finding] = findings(rules, link("http", 404, [on_page(), on_page(other), on_home("通知", "nav")]))
    assert finding.where == "homepage"
    assert finding.source_url == HOME
    assert (finding.detail["anchor"], finding.detail["position"]) == ("通知", "nav")
    assert finding.detail["source_count"] == 3
    assert finding.detail["sources"] == [HOME, PAGE, other]


def test_sources_kept_are_capped_but_counted(rules: RulesFile) -> None:
    sources = [on_page(f"http://www.example.gov.cn/p{i}.html") for i in range(30)]
    [finding] = findings(rules, link("http", 404, sources))
    assert finding.detail["source_count"] == 30
    assert len(finding.detail["sources"]) == 20


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("image", "http://www.example.gov.cn/images/banner.jpg"),
        ("attachment", "http://www.example.gov.cn/files/2022预算.pdf"),
        ("external", "http://www.closed-site.gov.cn/"),
    ],
)
def test_every_kind_of_link_can_be_dead(rules: RulesFile, kind: str, url: str) -> None:
    [finding] = findings(rules, link("http", 404, url=url, kind=kind))
    assert (finding.url, finding.detail["kind"]) == (url, kind)


def test_redirect_chain_kept_as_evidence(rules: RulesFile) -> None:
    chain = [TARGET, "http://www.example.gov.cn/a.html", TARGET]
    [finding] = findings(rules, link("loop", 302, redirects=chain))
    assert finding.detail["redirects"] == chain


def test_one_finding_per_dead_url(rules: RulesFile) -> None:
    other = "http://www.example.gov.cn/gone.html"
    result = findings(rules, link("http", 404), link("dns", url="http://nx.example.com/"), link("http", 410, url=other))
    assert [finding.url for finding in result] == [TARGET, "http://nx.example.com/", other]


# ---------------------------------------------------------------- decoys: not dead


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        pytest.param("blocked", 401, id="401-blocked"),
        pytest.param("blocked", 403, id="403-blocked"),
        pytest.param("blocked", 429, id="429-blocked"),
        pytest.param("ok", 200, id="ok"),
        pytest.param("redirect", 200, id="redirect-chain-that-opens"),
        pytest.param("http", 400, id="400"),
        pytest.param("http", 405, id="405"),
        pytest.param("http", 418, id="418"),
        pytest.param("http", 451, id="451"),
        pytest.param("skipped", None, id="robots-skipped"),
        pytest.param("too_large", 200, id="too-large"),
    ],
)
def test_not_dead(rules: RulesFile, outcome: str, status: int | None) -> None:
    redirects = [TARGET, "http://www.example.gov.cn/new.html"] if outcome == "redirect" else []
    assert findings(rules, link(outcome, status, [on_home()], redirects=redirects)) == []


def test_dead_start_url_without_a_source_page_is_not_a_dead_link(rules: RulesFile) -> None:
    # the homepage itself failing is SITE-DOWN's business, not a link found on the site
    assert findings(rules, link("dns", url=HOME, sources=[]), link("http", 500, url=HOME, sources=[])) == []


def test_server_errors_follow_the_rule(rules: RulesFile) -> None:
    lenient = rules.model_copy(update={"links": rules.links.model_copy(update={"dead_server_errors": False})})
    assert findings(lenient, link("http", 500)) == []
    assert len(findings(lenient, link("http", 404))) == 1


def test_dead_statuses_follow_the_rule(rules: RulesFile) -> None:
    strict = rules.model_copy(update={"links": rules.links.model_copy(update={"dead_statuses": [400, 404, 410]})})
    assert len(findings(strict, link("http", 400))) == 1
    assert findings(rules, link("http", 400)) == []


# ---------------------------------------------------------------- LINK-SUSPECT: unconfirmed failures

SUSPECT = [
    pytest.param("blocked", 401, None, "访问被拦截（HTTP 401）", id="401"),
    pytest.param("blocked", 403, None, "访问被拦截（HTTP 403）", id="403"),
    pytest.param("blocked", 429, None, "访问被拦截（HTTP 429）", id="429"),
    pytest.param("blocked", 200, None, "访问被防火墙或人机验证页拦截", id="bot-wall"),
    pytest.param("http", 400, None, "HTTP 400，不在认定打不开的状态码之列，待人工复核", id="400"),
    pytest.param("http", 405, None, "HTTP 405，不在认定打不开的状态码之列，待人工复核", id="405-to-get"),
    pytest.param("http", 451, None, "HTTP 451，不在认定打不开的状态码之列，待人工复核", id="451"),
    pytest.param("tls", None, "SSLError: wrong version number", "HTTPS 握手失败，可能是本机与对方加密算法不兼容，待人工复核",
                 id="tls"),
    pytest.param("error", None, "ValueError: odd", "未归类的访问错误，待人工复核", id="error"),
]


@pytest.mark.parametrize(("outcome", "status", "error", "reason"), SUSPECT)
def test_suspect_link(rules: RulesFile, outcome: str, status: int | None, error: str | None, reason: str) -> None:
    assert suspects(rules, link(outcome, status, error=error)) == [
        on_page_finding("LINK-SUSPECT", "warning", outcome, status, error, previous_outcome=None, reason=reason)
    ]
    assert findings(rules, link(outcome, status, error=error)) == []


@pytest.mark.parametrize("previous", [None, "ok", "redirect", "blocked"])
def test_single_timeout_is_suspect_until_the_next_crawl(rules: RulesFile, previous: str | None) -> None:
    [finding] = suspects(rules, timeout(previous))
    assert (finding.severity, finding.detail["outcome"], finding.detail["previous_outcome"]) == (
        "warning", "timeout", previous)
    assert "15 秒" in finding.detail["reason"]


@pytest.mark.parametrize("previous", ["timeout", "http", "refused"])
def test_confirmed_timeout_is_dead_not_suspect(rules: RulesFile, previous: str) -> None:
    assert suspects(rules, timeout(previous)) == []
    assert len(findings(rules, timeout(previous))) == 1


@pytest.mark.parametrize(("outcome", "status", "error"), DEAD)
def test_a_dead_link_is_never_also_suspect(rules: RulesFile, outcome: str, status: int | None,
                                           error: str | None) -> None:
    assert suspects(rules, link(outcome, status, error=error)) == []


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        pytest.param("ok", 200, id="ok"),
        pytest.param("redirect", 200, id="redirect-chain-that-opens"),
        pytest.param("skipped", None, id="robots-skipped"),
        pytest.param("too_large", 200, id="too-large-but-opened"),
    ],
)
def test_not_suspect(rules: RulesFile, outcome: str, status: int | None) -> None:
    assert suspects(rules, link(outcome, status, [on_home()])) == []


def test_suspect_on_the_homepage(rules: RulesFile) -> None:
    [finding] = suspects(rules, link("blocked", 403, [on_page(), on_home("办事系统", "nav")]))
    assert (finding.where, finding.source_url, finding.detail["anchor"]) == ("homepage", HOME, "办事系统")
    assert finding.detail["sources"] == [HOME, PAGE]


def test_suspect_without_a_source_page_is_not_a_finding(rules: RulesFile) -> None:
    assert suspects(rules, link("blocked", 403, url=HOME, sources=[])) == []


def test_server_errors_are_suspect_when_not_counted_dead(rules: RulesFile) -> None:
    lenient = rules.model_copy(update={"links": rules.links.model_copy(update={"dead_server_errors": False})})
    [finding] = suspects(lenient, link("http", 503))
    assert finding.detail["status"] == 503
    assert suspects(rules, link("http", 503)) == []


def test_blocked_statuses_follow_the_rule(rules: RulesFile) -> None:
    # a status the office lists as blocked after the crawl recorded it as an error status
    tuned = rules.model_copy(update={"links": rules.links.model_copy(update={"blocked_statuses": [401, 403, 418]})})
    [finding] = suspects(tuned, link("http", 418))
    assert finding.detail["reason"] == "访问被拦截（HTTP 418）"
