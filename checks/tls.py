"""TLS checks: the certificates the site's https hosts present."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from checks.facts import SiteFacts
from checks.registry import Finding, check
from govmon.config import RulesFile


def certificate_problems(certificate: dict[str, Any], today: date, warn_days: int) -> list[str]:
    """What is wrong with a recorded certificate, in Chinese; empty when nothing is."""
    problems = []
    not_after = datetime.fromisoformat(certificate["not_after"]).date()
    days_left = (not_after - today).days
    if days_left < 0:
        problems.append(f"证书已于 {not_after} 过期（已过期 {-days_left} 天）")
    elif days_left <= warn_days:
        problems.append(f"证书将于 {not_after} 到期（剩余 {days_left} 天，预警线 {warn_days} 天）")
    not_before = datetime.fromisoformat(certificate["not_before"]).date()
    if not_before > today:
        problems.append(f"证书尚未生效（生效日期 {not_before}）")
    if not certificate["host_matches"]:
        problems.append(f"证书与域名不符：{certificate['host']} 不在证书域名 {'、'.join(certificate['names'])} 中")
    if certificate["self_signed"]:
        problems.append("自签名证书，浏览器不予信任")
    return problems


def _host_url(site: SiteFacts, url: str) -> str:
    """The homepage URL for the site's main host, https://host[:port]/ for any other host."""
    parts = urlsplit(url)
    return site.home_url if parts.hostname == urlsplit(site.home_url).hostname else f"https://{parts.netloc}/"


@check("TLS-CERT")
def tls_cert(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: an https host of the site whose certificate has expired, is not yet valid,
    does not name the host, is self-signed, or expires within 30 days; or whose TLS handshake
    failed outright. One finding per host.

    Why: an invalid certificate makes browsers warn visitors away (安全·证书); the expiry warning
    gives the office time to renew before that happens.
    Example: https://www.qingshan.gov.cn/ presents a certificate that expired 35 days ago.
    Not a finding: a certificate valid for 31 days or more; hosts served over http only; https
    links to other sites (their certificates are not the site's to fix).
    Limit: the crawler keeps the certificate the host presented, not its chain, so a chain that
    ends at an untrusted CA other than the certificate itself is not detected.
    """
    seen: set[str] = set()
    for page in site.pages:
        certificate = page.facts.get("tls")
        url = _host_url(site, page.final_url)
        if not certificate or url in seen:
            continue
        seen.add(url)
        problems = certificate_problems(certificate, today, rules.tls_expiry_warn_days)
        if problems:
            not_after = datetime.fromisoformat(certificate["not_after"]).date()
            yield Finding("TLS-CERT", site.site_id, "warning", url=url, source_url=page.final_url, detail={
                **{key: certificate[key] for key in ("host", "subject", "issuer", "not_before", "not_after",
                                                     "names", "self_signed", "host_matches")},
                "days_left": (not_after - today).days,
                "threshold_days": rules.tls_expiry_warn_days,
                "problems": problems,
            })
    site_hosts = {urlsplit(site.home_url).hostname} | {urlsplit(page.url).hostname for page in site.pages}
    for link in site.links:
        url = _host_url(site, link.url)
        if link.outcome != "tls" or urlsplit(link.url).hostname not in site_hosts or url in seen:
            continue
        seen.add(url)
        yield Finding("TLS-CERT", site.site_id, "warning", url=url, source_url=link.url, detail={
            "host": urlsplit(link.url).hostname, "error": link.error,
            "problems": ["HTTPS 连接失败：证书或 TLS 握手错误"],
        })
