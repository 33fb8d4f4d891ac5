"""Findings across runs: a problem keeps its row (by fingerprint) from first seen to fixed.

open → fixed (not found on a later run) → reopened (found again); dismissed stays dismissed.
A suspect gone because a later run confirmed it (LINK-SUSPECT → LINK-DEAD on the same URL) is
"confirmed", not fixed: nothing was repaired.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from checks.registry import Finding
from govmon.models import Finding as FindingRow

ACTIVE = ("open", "reopened")
CONFIRMED_AS = {"LINK-SUSPECT": "LINK-DEAD"}  # a suspect's code -> the code that confirms it


def fingerprint(finding: Finding) -> str:
    return hashlib.sha256(finding.key.encode()).hexdigest()[:32]


def record(
    session: Session,
    unit_id: str,
    target: str,
    codes_checked: Iterable[str],
    found: Iterable[Finding],
    run_id: int | None,
    now: datetime,
) -> list[FindingRow]:
    """Store one target's findings for the codes that ran; those not found again become fixed."""
    existing = {
        row.fingerprint: row
        for row in session.exec(
            select(FindingRow).where(
                FindingRow.target == target, col(FindingRow.code).in_(list(codes_checked))
            )
        )
    }
    seen: list[FindingRow] = []
    unique = {fingerprint(finding): finding for finding in found}  # one row per problem
    for finding in unique.values():
        row = existing.pop(fingerprint(finding), None)
        if row is None:
            row = FindingRow(fingerprint=fingerprint(finding), code=finding.code, unit_id=unit_id,
                             target=target, severity=finding.severity, url=finding.url,
                             first_seen=now, last_seen=now, status="open")
        elif row.status in ("fixed", "confirmed"):
            row.status = "reopened"
        row.severity, row.source_url, row.where = finding.severity, finding.source_url, finding.where
        row.detail, row.last_seen, row.run_id = finding.detail, now, run_id
        session.add(row)
        seen.append(row)
    found_now = {(row.code, row.url) for row in seen}
    for row in existing.values():
        if row.status in ACTIVE:
            confirmed = (CONFIRMED_AS.get(row.code), row.url) in found_now
            row.status = "confirmed" if confirmed else "fixed"
            session.add(row)
    session.flush()
    return seen


def active_findings(session: Session, target: str) -> list[FindingRow]:
    query = select(FindingRow).where(
        FindingRow.target == target, col(FindingRow.status).in_(ACTIVE)
    ).order_by(FindingRow.id)
    return list(session.exec(query))


def dismiss(session: Session, finding_id: int, reason: str, by: str, now: datetime) -> FindingRow:
    """A supervisor's ruling that a finding is a false alarm: it stays dismissed on later runs."""
    row = _finding(session, finding_id)
    if not reason.strip() or not by.strip():
        raise ValueError("排除问题须写明理由和排除人")
    row.status = "dismissed"
    row.note = f"{reason.strip()}（{by.strip()}，{now:%Y-%m-%d %H:%M} 排除）"
    session.add(row)
    return row


def restore(session: Session, finding_id: int) -> FindingRow:
    """Undo a dismissal: the finding is open again and counts until a run no longer finds it."""
    row = _finding(session, finding_id)
    if row.status != "dismissed":
        raise ValueError(f"问题 {finding_id} 未被排除（当前状态：{row.status}）")
    row.status, row.note = "open", None
    session.add(row)
    return row


def _finding(session: Session, finding_id: int) -> FindingRow:
    row = session.get(FindingRow, finding_id)
    if row is None:
        raise LookupError(f"没有编号为 {finding_id} 的问题")
    return row
