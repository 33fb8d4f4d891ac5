"""IPv6 checks: the national IPv6 monitoring's seven measures, judged from the audit's probes.

The probes (govmon/ipv6.py) are stored with the crawl run and arrive here as SiteFacts.ipv6.
One cause is deducted once: a site without an AAAA record gets IPV6-NO-AAAA only (not also
UNREACHABLE, MISMATCH or DEPTH), and a homepage unreachable over IPv6 gets IPV6-UNREACHABLE only
(not also MISMATCH or DEPTH). IPV6-DNS is about the name servers and stands on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from checks.facts import SiteFacts
from checks.registry import Finding, Ratio, check, measure
from govmon.config import RulesFile

LEVELS = {"second_level": "二级链接", "third_level": "三级链接"}


def _probed(site: SiteFacts) -> dict[str, Any] | None:
    """The probes' results, when the audit could measure the site (see govmon/ipv6.py)."""
    return site.ipv6 if site.ipv6.get("measured") else None


def _finding(code: str, site: SiteFacts, **detail: Any) -> Finding:
    return Finding(code, site.site_id, "deduction", url=site.home_url, detail=detail)


def _successes(probes: dict[str, Any]) -> tuple[int, int]:
    """(answered, asked) over this audit's homepage tries and the availability rounds' IPv6 probes."""
    tries = probes["home"]["tries"]
    rounds = probes.get("rounds") or {"probes": 0, "failures": 0}
    answered = sum(1 for attempt in tries if attempt["error"] is None) + rounds["probes"] - rounds["failures"]
    return answered, len(tries) + rounds["probes"]


def _answered_once(probes: dict[str, Any]) -> bool:
    """Whether the homepage answered over IPv6 on any try of this audit."""
    return any(attempt["error"] is None for attempt in probes["home"]["tries"])


def _unreachable(probes: dict[str, Any], rules: RulesFile) -> bool:
    """The success rate is below the rule, over enough probes to judge a rate; over fewer, no try
    of this audit answered."""
    answered, asked = _successes(probes)
    if asked >= rules.ipv6.min_probes:
        return answered / asked < rules.ipv6.success_rate
    return not _answered_once(probes)


def _reached(site: SiteFacts, rules: RulesFile) -> dict[str, Any] | None:
    """The probes, when the homepage has an AAAA record, answered over IPv6 in this audit and is
    not unreachable: only then are its content and its links judged."""
    probes = _probed(site)
    reached = probes and probes["aaaa"] and _answered_once(probes) and not _unreachable(probes, rules)
    return probes if reached else None


def _level(probes: dict[str, Any], level: str, rules: RulesFile) -> Ratio | None:
    """Links of one level that answered over IPv6, over those probed; None when none were."""
    found = probes.get(level) or {"probed": [], "failed": {}}
    probed = len(found["probed"])
    return Ratio(probed - len(found["failed"]), probed, rules.ipv6.depth_rate) if probed else None


@check("IPV6-NO-AAAA")
def ipv6_no_aaaa(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: the site's host name has no AAAA record (IPv6 address).

    Why: IPv6 规模部署 monitoring, measure 1 (域名 IPv6 解析); 功能设计 in the 19号 sheet.
    Example: www.hexi.gov.cn resolves to an IPv4 address only.
    Not a finding: a lookup that timed out or failed (absence not proven; the site is not measured).
    """
    probes = _probed(site)
    if probes and not probes["aaaa"]:
        yield _finding("IPV6-NO-AAAA", site, host=probes["host"], ipv4=probes["a"],
                       reason=f"{probes['host']} 没有 AAAA 记录（IPv6 地址）")


@check("IPV6-UNREACHABLE")
def ipv6_unreachable(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: the homepage has an AAAA record and its IPv6 success rate (this audit's
    tries plus the availability rounds' IPv6 probes) is below `ipv6.success_rate`; with fewer than
    `ipv6.min_probes` probes, too few to judge a rate, when none of this audit's tries answered.

    Why: IPv6 monitoring measures 2 and 3 (首页 IPv6 可访问, 访问成功率).
    Example: the AAAA address answers 503, or refuses the connection, on every try.
    Not a finding: a site without AAAA (that is IPV6-NO-AAAA); one failed try among a few that
    answered (too few probes to judge a rate); a short outage in a week of good rounds.
    """
    probes = _probed(site)
    if probes and probes["aaaa"] and _unreachable(probes, rules):
        answered, asked = _successes(probes)
        yield _finding("IPV6-UNREACHABLE", site, aaaa=probes["aaaa"], tries=probes["home"]["tries"],
                       rounds=probes.get("rounds"), answered=answered, probes=asked,
                       success_rate=round(answered / asked, 3), threshold=rules.ipv6.success_rate,
                       reason=f"经 IPv6 访问首页 {asked} 次，成功 {answered} 次")


@check("IPV6-DNS")
def ipv6_dns(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a name server of the zone holding the site's host has no IPv6 address
    (incomplete IPv6 delegation).

    Why: IPv6 monitoring measure 4 (域名解析服务器支持 IPv6).
    Example: ns1.hexi.gov.cn and ns2.hexi.gov.cn have A records only.
    Not a finding: every name server has an AAAA record; a zone or NS lookup that failed.
    """
    probes = _probed(site)
    servers = (probes or {}).get("delegation", {}).get("name_servers")
    missing = sorted(name for name, addresses in (servers or {}).items() if not addresses)
    if probes and missing:
        yield _finding("IPV6-DNS", site, zone=probes["delegation"]["zone"], name_servers=servers, missing=missing,
                       reason=f"权威域名服务器 {'、'.join(missing)} 没有 IPv6 地址")


@check("IPV6-MISMATCH")
def ipv6_mismatch(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: the homepage over IPv6 differs from the homepage over IPv4: visible text or
    tag structure similarity below `ipv6.similarity`.

    Why: IPv6 monitoring measure 5 (IPv6 与 IPv4 首页内容一致).
    Example: over IPv6 the homepage is a maintenance notice.
    Not a finding: small differences (a counter, a date); a homepage unreachable over IPv6 or
    without AAAA (reported as such); a site whose IPv4 homepage did not answer (nothing to compare).
    """
    probes = _reached(site, rules)
    alike = (probes or {}).get("similarity")
    if alike and min(alike["text"], alike["structure"]) < rules.ipv6.similarity:
        yield _finding("IPV6-MISMATCH", site, text_similarity=alike["text"],
                       structure_similarity=alike["structure"], threshold=rules.ipv6.similarity,
                       reason="经 IPv6 访问的首页与经 IPv4 访问的首页内容不一致")


@check("IPV6-DEPTH")
def ipv6_depth(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: the share of second-level or of third-level internal links that answer over
    IPv6 is below `ipv6.depth_rate`; one finding per site, both levels in its evidence.

    Why: IPv6 monitoring measures 6 and 7 (二级、三级链接 IPv6 支持度).
    Example: over IPv6 only the homepage answers; every column page returns 503.
    Not a finding: links that failed over IPv4 as well (dead links, LINK-DEAD); a homepage
    unreachable over IPv6 or without AAAA (reported as such).
    """
    probes = _reached(site, rules)
    if probes is None:
        return
    shares = {level: ratio for level in LEVELS if (ratio := _level(probes, level, rules)) is not None}
    short = [LEVELS[level] for level, ratio in shares.items() if (ratio.value or 0) < rules.ipv6.depth_rate]
    if short:
        levels = {level: ratio.as_dict() | {"failed": probes[level]["failed"]} for level, ratio in shares.items()}
        yield _finding("IPV6-DEPTH", site, threshold=rules.ipv6.depth_rate, **levels,
                       reason=f"{'、'.join(short)}经 IPv6 可访问的比例低于 {rules.ipv6.depth_rate:.0%}")


@measure("ipv6_aaaa", "域名IPv6解析")
def ipv6_aaaa(site: SiteFacts, rules: RulesFile, today: date) -> Ratio | None:
    """1/1 when the site's host has an AAAA record (per unit: sites with one, over all)."""
    probes = _probed(site)
    return Ratio(int(bool(probes["aaaa"])), 1) if probes else None


@measure("ipv6_home_reachable", "首页IPv6可访问")
def ipv6_home_reachable(site: SiteFacts, rules: RulesFile, today: date) -> Ratio | None:
    """1/1 when the homepage answered over IPv6 on any try of this audit."""
    probes = _probed(site)
    return Ratio(int(_answered_once(probes)), 1) if probes else None


@measure("ipv6_success_rate", "首页IPv6访问成功率")
def ipv6_success_rate(site: SiteFacts, rules: RulesFile, today: date) -> Ratio | None:
    """IPv6 homepage requests that answered, over all asked (this audit and the availability rounds)."""
    probes = _probed(site)
    return Ratio(*_successes(probes), rules.ipv6.success_rate) if probes else None


@measure("ipv6_dns", "域名服务器IPv6支持")
def ipv6_dns_complete(site: SiteFacts, rules: RulesFile, today: date) -> Ratio | None:
    """1/1 when every name server of the site's zone has an IPv6 address; None when not looked up."""
    servers = ((_probed(site) or {}).get("delegation") or {}).get("name_servers")
    return Ratio(int(all(servers.values())), 1) if servers else None


@measure("ipv6_consistency", "IPv6与IPv4首页内容一致")
def ipv6_consistency(site: SiteFacts, rules: RulesFile, today: date) -> Ratio | None:
    """1/1 when the IPv6 homepage is as alike to the IPv4 one as the rule asks; None when not compared."""
    alike = (_probed(site) or {}).get("similarity")
    return Ratio(int(min(alike["text"], alike["structure"]) >= rules.ipv6.similarity), 1) if alike else None


@measure("ipv6_second_level", "二级链接IPv6可达率")
def ipv6_second_level(site: SiteFacts, rules: RulesFile, today: date) -> Ratio | None:
    """Sampled second-level internal links answering over IPv6, over those probed."""
    probes = _probed(site)
    return _level(probes, "second_level", rules) if probes else None


@measure("ipv6_third_level", "三级链接IPv6可达率")
def ipv6_third_level(site: SiteFacts, rules: RulesFile, today: date) -> Ratio | None:
    """Sampled third-level internal links answering over IPv6, over those probed."""
    probes = _probed(site)
    return _level(probes, "third_level", rules) if probes else None
