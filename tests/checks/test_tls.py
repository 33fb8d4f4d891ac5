"""checks/tls.py: TLS-CERT, from certificate facts as the crawler records them."""

from __future__ import annotations

import ipaddress
import os
import ssl
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from OpenSSL import crypto
from sqlmodel import Session, select

from checks.facts import LinkOutcome, PageFact, SiteFacts
from checks.tls import tls_cert
from crawler.extractors.tls import certificate_facts
from govmon.config import RulesFile, load_config
from govmon.models import Finding as FindingRow
from tests.crawler.harness import ROOT, Reply, Site, audit, html, serve

TODAY = date(2024, 6, 1)
HOME = "https://www.example.gov.cn/"
CA_KEY = ec.generate_private_key(ec.SECP256R1())
CA_NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "GDCA TrustAUTH R5 ROOT")])


@pytest.fixture(scope="module")
def rules() -> RulesFile:
    return load_config(Path(__file__).resolve().parents[2] / "config").rules


def certificate(names: list[str], not_after: date, *, not_before: date = date(2024, 1, 1),
                key: ec.EllipticCurvePrivateKey | None = None, self_signed: bool = False) -> x509.Certificate:
    """A certificate for names (host names or IP addresses), valid until noon UTC of not_after."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    issuer, signer = (subject, key) if self_signed else (CA_NAME, CA_KEY)
    noon = timedelta(hours=12)
    return (
        x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(datetime.combine(not_before, datetime.min.time(), UTC) + noon)
        .not_valid_after(datetime.combine(not_after, datetime.min.time(), UTC) + noon)
        .add_extension(x509.SubjectAlternativeName([_general_name(n) for n in names]), critical=False)
        .sign(signer, hashes.SHA256())
    )


def _general_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def facts_of(cert: x509.Certificate, host: str) -> dict[str, Any]:
    """The facts the crawler keeps (crawler/extractors/tls.py) for a certificate presented to host."""
    return certificate_facts(SimpleNamespace(original=crypto.X509.from_cryptography(cert)), host)


def page_with(url: str, tls: dict[str, Any] | None) -> PageFact:
    return PageFact(url, url, 200, 0 if url == HOME else 1, url == HOME, "", {"tls": tls})


def site(*pages: PageFact, links: list[LinkOutcome] | None = None, home_url: str = HOME) -> SiteFacts:
    return SiteFacts("demo-site", "demo", home_url, "portal", 3, datetime(2024, 6, 1, 1, tzinfo=UTC),
                     list(pages), links or [])


def judged(rules: RulesFile, *pages: PageFact, **kwargs: Any) -> list:
    return list(tls_cert(site(*pages, **kwargs), rules, TODAY))


def home_with(cert: x509.Certificate, host: str = "www.example.gov.cn") -> PageFact:
    return page_with(HOME, facts_of(cert, host))


# ---------------------------------------------------------------- what is wrong with a certificate


@pytest.mark.parametrize("days", [31, 90, 365])
def test_a_valid_certificate_is_no_finding(rules: RulesFile, days: int) -> None:
    assert judged(rules, home_with(certificate(["www.example.gov.cn"], TODAY + timedelta(days=days)))) == []


@pytest.mark.parametrize("days", [30, 7, 0])
def test_a_certificate_expiring_within_30_days(rules: RulesFile, days: int) -> None:
    [finding] = judged(rules, home_with(certificate(["www.example.gov.cn"], TODAY + timedelta(days=days))))
    assert (finding.code, finding.url, finding.severity) == ("TLS-CERT", HOME, "warning")
    assert (finding.detail["days_left"], finding.detail["threshold_days"]) == (days, 30)
    assert finding.detail["subject"] == "www.example.gov.cn"
    assert finding.detail["issuer"] == "GDCA TrustAUTH R5 ROOT"
    assert [problem[:6] for problem in finding.detail["problems"]] == ["证书将于 2"]


def test_an_expired_self_signed_certificate_for_another_name(rules: RulesFile) -> None:
    """The crawler test's certificate: expired 35 days ago, self-signed, for www.example.gov.cn, on 127.0.0.1."""
    cert = certificate(["www.example.gov.cn"], TODAY - timedelta(days=35), self_signed=True)
    [finding] = judged(rules, page_with(HOME, facts_of(cert, "127.0.0.1")))
    assert finding.detail["days_left"] == -35
    assert finding.detail["not_after"].startswith((TODAY - timedelta(days=35)).isoformat())
    problems = "；".join(finding.detail["problems"])
    assert "已过期 35 天" in problems and "证书与域名不符" in problems and "自签名" in problems


def test_a_certificate_not_yet_valid(rules: RulesFile) -> None:
    cert = certificate(["www.example.gov.cn"], date(2025, 6, 1), not_before=TODAY + timedelta(days=3))
    [finding] = judged(rules, home_with(cert))
    assert finding.detail["problems"] == [f"证书尚未生效（生效日期 {TODAY + timedelta(days=3)}）"]


@pytest.mark.parametrize(
    ("names", "host", "matches"),
    [(["*.example.gov.cn"], "xxgk.example.gov.cn", True), (["www.example.gov.cn"], "xxgk.example.gov.cn", False),
     (["*.example.gov.cn"], "a.xxgk.example.gov.cn", False)],
)
def test_host_names(rules: RulesFile, names: list[str], host: str, matches: bool) -> None:
    url = f"https://{host}/"
    found = judged(rules, page_with(url, facts_of(certificate(names, date(2025, 6, 1)), host)))
    assert [f.detail["host_matches"] for f in found] == ([] if matches else [False])


# ---------------------------------------------------------------- one finding per host


def test_one_finding_per_host_and_the_homepage_url_for_the_main_host(rules: RulesFile) -> None:
    expired = date(2024, 5, 1)
    pages = [
        page_with("http://www.example.gov.cn/", None),
        page_with("https://www.example.gov.cn/zwdt/", facts_of(certificate(["www.example.gov.cn"], expired),
                                                              "www.example.gov.cn")),
        page_with("https://xxgk.example.gov.cn:8443/zcwj/", facts_of(certificate(["xxgk.example.gov.cn"], expired),
                                                                    "xxgk.example.gov.cn")),
        page_with("https://xxgk.example.gov.cn:8443/zcwj/1.html", None),  # recorded once per host
    ]
    found = judged(rules, *pages, home_url="http://www.example.gov.cn/")
    assert [(f.url, f.source_url) for f in found] == [
        ("http://www.example.gov.cn/", "https://www.example.gov.cn/zwdt/"),
        ("https://xxgk.example.gov.cn:8443/", "https://xxgk.example.gov.cn:8443/zcwj/"),
    ]


def test_http_only_sites_have_no_certificate_to_judge(rules: RulesFile) -> None:
    http_home = "http://www.example.gov.cn/"
    assert judged(rules, page_with(http_home, None), home_url=http_home) == []


def test_a_failed_handshake_on_a_site_host(rules: RulesFile) -> None:
    error = "SSLError: [('SSL routines', '', 'unsupported protocol')]"
    links = [
        LinkOutcome("https://bsfw.example.gov.cn/", "page", "tls", None, error, []),
        LinkOutcome("https://www.other.gov.cn/", "page", "tls", None, error, []),  # another site's problem
    ]
    pages = [page_with(HOME, None), page_with("https://bsfw.example.gov.cn/login.html", None)]
    [finding] = judged(rules, *pages, links=links)
    assert (finding.url, finding.detail["error"]) == ("https://bsfw.example.gov.cn/", error)


# ---------------------------------------------------------------- through the crawler, on a loopback TLS server


def tls_context(tmp_path: Path, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> ssl.SSLContext:
    """A server context presenting cert (certificate and key in one PEM file)."""
    pem = tmp_path / "server.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem)
    return context


def audit_again(tmp_path: Path) -> None:
    """A second `govmon audit` with the config and database the harness's audit() wrote."""
    env = {**os.environ, "GOVMON_HOME": str(tmp_path / "var")}
    env.pop("GOVMON_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "govmon.cli", "audit", "--config", str(tmp_path / "config")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


def test_an_expired_certificate_then_a_renewed_one_on_an_unchanged_page(tmp_path: Path) -> None:
    """Run 1: expired, self-signed, for another name. Run 2: the page answers 304 Not Modified, the
    host now presents a good certificate: the finding is fixed (the old certificate is not reused)."""
    now, key = datetime.now(UTC).date(), ec.generate_private_key(ec.SECP256R1())
    expired = certificate(["www.example.gov.cn"], now - timedelta(days=35), not_before=now - timedelta(days=400),
                          key=key, self_signed=True)
    renewed = certificate(["127.0.0.1"], now + timedelta(days=365), not_before=now - timedelta(days=1), key=key)
    first: Reply = html("<p>首页</p>", ETag='"v1"')

    def homepage(request_count: int) -> Reply:
        return first if request_count == 1 else (304, {"ETag": '"v1"'}, b"")

    site = Site({"/": homepage})
    with serve(site, tls=tls_context(tmp_path, expired, key)) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False})
    with Session(engine) as session:
        findings = session.exec(select(FindingRow).where(FindingRow.code == "TLS-CERT")).all()
    assert [(f.url, f.severity, f.status) for f in findings] == [(url, "warning", "open")]
    assert findings[0].detail["self_signed"] is True and findings[0].detail["host_matches"] is False
    with serve(site, port=urlsplit(url).port or 0, tls=tls_context(tmp_path, renewed, key)):
        audit_again(tmp_path)
    assert [method for _, method in site.requests_for("/")] == ["GET", "GET"]  # the second answered 304
    with Session(engine) as session:
        findings = session.exec(select(FindingRow).where(FindingRow.code == "TLS-CERT")).all()
    assert [(f.url, f.status) for f in findings] == [(url, "fixed")]
