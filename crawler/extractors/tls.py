"""The certificate an https site presented: the facts the TLS-CERT check judges.

The crawler fetches https pages without verifying certificates, so a site with a bad certificate
is still checked page by page; what was wrong with the certificate is kept here instead.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID


def certificate_facts(certificate: Any, host: str) -> dict[str, Any]:
    """JSON-ready facts of a Twisted/pyOpenSSL certificate as presented to `host`."""
    cert = certificate.original.to_cryptography()
    names = _dns_names(cert)
    return {
        "host": host,
        "subject": _common_name(cert.subject),
        "issuer": _common_name(cert.issuer),
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": cert.not_valid_after_utc.isoformat(),
        "self_signed": cert.subject == cert.issuer,
        "names": names,
        "host_matches": host_matches(host, names),
    }


def _common_name(name: x509.Name) -> str:
    attributes = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attributes[0].value) if attributes else name.rfc4514_string()


def _dns_names(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return [_common_name(cert.subject)]
    return [*san.get_values_for_type(x509.DNSName),
            *(str(ip) for ip in san.get_values_for_type(x509.IPAddress))]


def host_matches(host: str, names: list[str]) -> bool:
    """RFC 6125 matching: exact names, IP addresses, and one leftmost wildcard label."""
    host = host.lower().rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for name in (n.lower().rstrip(".") for n in names):
        if address is not None:
            if name == str(address):
                return True
        elif name == host or (
            name.startswith("*.") and host.count(".") == name.count(".") and host.endswith(name[1:])
        ):
            return True
    return False
