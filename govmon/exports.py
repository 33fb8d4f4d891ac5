"""Findings as records for `govmon findings` and the dashboard's exports (shape: indicators.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from sqlmodel import Session, col, select

from checks.registry import CODES
from govmon.findings import ACTIVE
from govmon.models import Finding

CSV_FIELDS = ["id", "code", "title", "unit", "target", "severity", "url", "source_url", "where",
              "status", "first_seen", "last_seen", "detail"]


def finding_records(
    session: Session, unit_id: str | None = None, include_closed: bool = False
) -> list[dict[str, Any]]:
    query = select(Finding).order_by(Finding.unit_id, Finding.target, Finding.code, Finding.id)
    if unit_id:
        query = query.where(Finding.unit_id == unit_id)
    if not include_closed:
        query = query.where(col(Finding.status).in_(ACTIVE))
    return [as_record(row) for row in session.exec(query)]


def as_record(row: Finding) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "title": CODES[row.code].title if row.code in CODES else row.code,
        "unit": row.unit_id,
        "target": row.target,
        "severity": row.severity,
        "url": row.url,
        "source_url": row.source_url,
        "where": row.where,
        "detail": row.detail,
        "first_seen": row.first_seen.isoformat(),
        "last_seen": row.last_seen.isoformat(),
        "status": row.status,
    }


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for record in records:
        writer.writerow({**record, "detail": json.dumps(record["detail"], ensure_ascii=False)})
