"""The farm's https: one certificate, made at start, for the hosts the host table serves over https.

A demo CA signs it (so it is not self-signed) for all those names, and it expires CERT_DAYS_LEFT
days after the farm's `today`: inside TLS-CERT's 30-day warning (answers.tls_defects). The farm
serves https and http on its one port, telling them apart by the first byte (farm._Server).
"""

from __future__ import annotations

import ssl
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_DAYS_LEFT = 20
CA_NAME = "GovMon Demo CA"
VALID_DAYS = 365  # the certificate's whole life, which ends CERT_DAYS_LEFT days after today


def server_context(hosts: list[str], today: date) -> ssl.SSLContext:
    """A TLS server context presenting a CA-signed certificate for `hosts`."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    expires = datetime.combine(today, time(), UTC) + timedelta(days=CERT_DAYS_LEFT)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(expires - timedelta(days=VALID_DAYS))
        .not_valid_after(expires)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host) for host in hosts]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory(prefix="govmon-farm-tls-") as scratch:  # ssl loads only from files
        cert_file, key_file = Path(scratch) / "cert.pem", Path(scratch) / "key.pem"
        cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        context.load_cert_chain(cert_file, key_file)
    return context
