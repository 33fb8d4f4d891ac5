"""An https site with a bad certificate is still crawled, and its certificate facts are kept."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlmodel import Session, select

from crawler.extractors.tls import host_matches
from govmon.models import Page
from tests.crawler.harness import Site, audit, html, serve


def _expired_self_signed(tmp_path: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "www.example.gov.cn")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=400)).not_valid_after(now - timedelta(days=35))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("www.example.gov.cn")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    return context


def test_bad_certificate_is_recorded_and_the_site_still_crawled(tmp_path: Path) -> None:
    site = Site({"/": html('<ul><li><a href="/a.html">甲</a></li></ul>'), "/a.html": html("<p>甲</p>")})
    with serve(site, tls=_expired_self_signed(tmp_path)) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False})
    with Session(engine) as session:
        pages = {page.url.rsplit("/", 1)[-1]: page for page in session.exec(select(Page))}
    assert set(pages) == {"", "a.html"}
    tls = pages[""].facts["tls"]
    assert tls["self_signed"] is True and tls["host_matches"] is False
    assert datetime.fromisoformat(tls["not_after"]) < datetime.now(UTC)
    assert tls["names"] == ["www.example.gov.cn"]
    assert pages["a.html"].facts["tls"] is None  # once per host


@pytest.mark.parametrize(
    ("host", "names", "matches"),
    [
        ("www.qingshan.gov.cn", ["www.qingshan.gov.cn"], True),
        ("xxgk.qingshan.gov.cn", ["*.qingshan.gov.cn"], True),
        ("a.b.qingshan.gov.cn", ["*.qingshan.gov.cn"], False),  # one label only
        ("qingshan.gov.cn", ["*.qingshan.gov.cn"], False),
        ("www.qingshan.gov.cn", ["www.hexi.gov.cn"], False),
        ("127.0.0.1", ["127.0.0.1"], True),
        ("127.0.0.1", ["localhost"], False),
    ],
)
def test_host_matching(host: str, names: list[str], matches: bool) -> None:
    assert host_matches(host, names) is matches
