"""Checks: pure functions from stored facts to findings, one module per family (see registry.py)."""

from checks import availability, columns, docs, hidden, home, identity, interaction, ipv6, links, privacy, reports, tls, wording  # noqa: F401  (importing a family registers its checks)
from checks.registry import CHECKS, CODES, MEASURES, Finding, Ratio, check, measure

__all__ = ["CHECKS", "CODES", "MEASURES", "Finding", "Ratio", "check", "measure"]
