"""govmon/findings.py: a finding's lifecycle across runs, on SQLite and PostgreSQL.

new → open; seen again → open (last_seen moves); not seen → fixed; seen again → reopened;
dismissed stays dismissed. Only the codes that ran are touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from checks.registry import Finding
from govmon.config import load_config
from govmon.findings import active_findings, fingerprint, record
from govmon.models import Finding as FindingRow
from govmon.storage import sync_config

UNIT, SITE, OTHER_SITE = "qingshan", "qingshan-portal", "qingshan-jyj-site"
T0 = datetime(2022, 8, 1, 2, 0, tzinfo=UTC)
DEAD = Finding("LINK-DEAD", SITE, "deduction", "http://www.qingshan.gov.cn/old.html",
               source_url="http://www.qingshan.gov.cn/", where="homepage", detail={"status": 404, "anchor": "旧通知"})
STALE = Finding("HOME-STALE", SITE, "veto", "http://www.qingshan.gov.cn/", where="homepage", detail={"age_days": 20})
CODES = ["LINK-DEAD", "HOME-STALE"]


@pytest.fixture
def session(engine: Engine, config_dir: Path) -> Iterator[Session]:
    sync_config(engine, load_config(config_dir))
    with Session(engine, expire_on_commit=False) as session:
        yield session


def run(session: Session, day: int, found: Iterable[Finding], codes: Iterable[str] = CODES,
        target: str = SITE, unit: str = UNIT) -> list[FindingRow]:
    """One audit of one target on day `day`, committed, as the audit does it."""
    seen = record(session, unit, target, codes, found, run_id=day, now=T0 + timedelta(days=day))
    session.commit()
    return seen


def stored(session: Session) -> list[FindingRow]:
    session.expire_all()  # read what the database holds
    return list(session.exec(select(FindingRow).order_by(FindingRow.id)))


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


def test_a_new_finding_is_open(session: Session) -> None:
    [seen] = run(session, 0, [DEAD])
    [row] = stored(session)
    assert row.id == seen.id
    assert (row.code, row.unit_id, row.target, row.severity, row.url) == (
        "LINK-DEAD", UNIT, SITE, "deduction", DEAD.url
    )
    assert (row.source_url, row.where, row.detail, row.run_id) == (DEAD.source_url, "homepage", DEAD.detail, 0)
    assert row.status == "open"
    assert row.first_seen == row.last_seen == day(0)
    assert row.fingerprint == fingerprint(DEAD)


def test_seen_again_moves_last_seen_only(session: Session) -> None:
    [first] = run(session, 0, [DEAD])
    changed = Finding(DEAD.code, SITE, "deduction", DEAD.url, source_url="http://www.qingshan.gov.cn/zwgk/",
                      where="other", detail={"status": 410})
    run(session, 3, [changed])
    [row] = stored(session)
    assert row.id == first.id
    assert row.status == "open"
    assert (row.first_seen, row.last_seen, row.run_id) == (day(0), day(3), 3)
    # the evidence is the latest run's
    assert (row.source_url, row.where, row.detail) == ("http://www.qingshan.gov.cn/zwgk/", "other", {"status": 410})


def test_not_seen_again_is_fixed_then_reopened(session: Session) -> None:
    first, _ = run(session, 0, [DEAD, STALE])
    run(session, 1, [STALE])
    rows = {row.code: row for row in stored(session)}
    assert rows["LINK-DEAD"].status == "fixed"
    assert rows["LINK-DEAD"].last_seen == day(0)  # last seen when it was last there
    assert rows["HOME-STALE"].status == "open"

    run(session, 2, [DEAD, STALE])
    rows = {row.code: row for row in stored(session)}
    assert rows["LINK-DEAD"].status == "reopened"
    assert rows["LINK-DEAD"].id == first.id
    assert (rows["LINK-DEAD"].first_seen, rows["LINK-DEAD"].last_seen) == (day(0), day(2))
    assert len(rows) == 2

    run(session, 3, [DEAD, STALE])
    assert {row.code: row.status for row in stored(session)}["LINK-DEAD"] == "reopened"  # still active

    run(session, 4, [STALE])
    assert {row.code: row.status for row in stored(session)}["LINK-DEAD"] == "fixed"
    assert len(stored(session)) == 2


def test_a_dismissed_finding_stays_dismissed(session: Session) -> None:
    [row] = run(session, 0, [DEAD])
    row.status, row.note = "dismissed", "该链接为内网地址，误报"
    session.add(row)
    session.commit()

    run(session, 1, [DEAD])
    [again] = stored(session)
    assert (again.id, again.status, again.note) == (row.id, "dismissed", "该链接为内网地址，误报")
    assert again.last_seen == day(1)

    run(session, 2, [])
    assert stored(session)[0].status == "dismissed"  # not "fixed" either
    run(session, 3, [DEAD])
    assert stored(session)[0].status == "dismissed"
    assert active_findings(session, SITE) == []


def test_codes_that_did_not_run_are_untouched(session: Session) -> None:
    run(session, 0, [DEAD, STALE])
    run(session, 1, [], codes=["LINK-DEAD"])  # only the link check ran
    rows = {row.code: row for row in stored(session)}
    assert rows["LINK-DEAD"].status == "fixed"
    assert rows["HOME-STALE"].status == "open"
    assert rows["HOME-STALE"].last_seen == day(0)
    assert rows["HOME-STALE"].run_id == 0


def test_other_targets_are_untouched(session: Session) -> None:
    other = Finding("LINK-DEAD", OTHER_SITE, "deduction", "http://jyj.qingshan.gov.cn/gone.html")
    run(session, 0, [other], target=OTHER_SITE, unit="qingshan-jyj")
    run(session, 0, [DEAD])
    run(session, 1, [])  # the portal's run finds nothing
    rows = {row.target: row for row in stored(session)}
    assert rows[SITE].status == "fixed"
    assert rows[OTHER_SITE].status == "open"
    assert rows[OTHER_SITE].unit_id == "qingshan-jyj"


def test_duplicates_in_one_call_give_one_row(session: Session) -> None:
    twice = Finding(DEAD.code, SITE, "deduction", DEAD.url, detail={"status": 404, "anchor": "另一处"})
    seen = run(session, 0, [DEAD, twice, DEAD])
    assert len(seen) == 1
    assert len(stored(session)) == 1
    run(session, 1, [DEAD, DEAD])
    [row] = stored(session)
    assert (row.status, row.last_seen) == ("open", day(1))


def test_same_url_different_code_are_different_findings(session: Session) -> None:
    same_url = Finding("HOME-STALE", SITE, "veto", DEAD.url)
    run(session, 0, [DEAD, same_url])
    assert len(stored(session)) == 2
    assert fingerprint(DEAD) != fingerprint(same_url)


def test_active_findings(session: Session) -> None:
    run(session, 0, [DEAD, STALE])
    run(session, 1, [STALE])
    assert [row.code for row in active_findings(session, SITE)] == ["HOME-STALE"]
    run(session, 2, [DEAD, STALE])
    assert [(row.code, row.status) for row in active_findings(session, SITE)] == [
        ("LINK-DEAD", "reopened"), ("HOME-STALE", "open")
    ]


def test_times_are_stored_in_utc(session: Session) -> None:
    beijing = datetime(2022, 8, 1, 10, 0, tzinfo=timezone(timedelta(hours=8)))
    record(session, UNIT, SITE, CODES, [DEAD], run_id=1, now=beijing)
    session.commit()
    [row] = stored(session)
    assert row.first_seen == beijing
    assert row.first_seen.utcoffset() == timedelta(0)


def test_a_suspect_confirmed_dead_is_confirmed_not_fixed(session: Session) -> None:
    """A timeout is LINK-SUSPECT, then LINK-DEAD when the next run fails too: nothing was repaired."""
    suspect = Finding("LINK-SUSPECT", SITE, "warning", DEAD.url, detail={"outcome": "timeout"})
    other_suspect = Finding("LINK-SUSPECT", SITE, "warning", "http://www.qingshan.gov.cn/slow.html")
    codes = ["LINK-DEAD", "LINK-SUSPECT", "HOME-STALE"]
    run(session, 0, [suspect, other_suspect, STALE], codes)
    run(session, 1, [DEAD, STALE], codes)
    statuses = {(row.code, row.url): row.status for row in stored(session)}
    assert statuses[("LINK-SUSPECT", DEAD.url)] == "confirmed"
    assert statuses[("LINK-SUSPECT", other_suspect.url)] == "fixed"  # it opened this time
    assert statuses[("LINK-DEAD", DEAD.url)] == "open"

    run(session, 2, [suspect, STALE], codes)  # flapping: a suspect again, the dead link is gone
    statuses = {(row.code, row.url): row.status for row in stored(session)}
    assert statuses[("LINK-SUSPECT", DEAD.url)] == "reopened"
    assert statuses[("LINK-DEAD", DEAD.url)] == "fixed"
