"""govmon/probe_history.py: raw probes roll up into one row per URL and day, exactly, whatever happens."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from govmon import probe_history
from govmon.models import Probe, ProbeDay, Site, Unit
from govmon.probe_history import day_start, probe_tallies, roll_up
from govmon.storage import session_scope

TODAY = date(2026, 3, 20)
WINDOW = 7
SITES = ["site-a", "site-b"]
URLS = ["http://www.a.gov.cn/", "http://www.a.gov.cn/zwdt/"]
ERRORS = ["timeout", "refused", "http_5xx", "dns"]


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        session.add(Unit(id="unit", name="单位", level="county"))
        session.flush()
        session.add_all(Site(id=site, unit_id="unit", name=site, url=URLS[0], kind="portal", render="never",
                             page_cap=10) for site in SITES)
    return engine


def add_probes(engine: Engine, days: range, seed: int = 1) -> None:
    """Probes over `days` days before TODAY: every site, URL and IP version, at times all over each day."""
    chance = random.Random(seed)
    rows = []
    for back in days:
        start = day_start(TODAY - timedelta(days=back))
        for site in SITES:
            for url in URLS:
                for ip_version in (4, 6):
                    for _ in range(chance.randint(1, 6)):
                        ok = chance.random() > 0.3
                        rows.append(Probe(site_id=site, url=url, at=start + timedelta(seconds=chance.randint(0, 86399)),
                                          ok=ok, status=200 if ok else None, ttfb_ms=chance.randint(1, 900) if ok else None,
                                          error_class=None if ok else chance.choice(ERRORS), ip_version=ip_version))
    with session_scope(engine) as session:
        session.add_all(rows)


def history(engine: Engine) -> dict:
    """Everything the probes say, per site: the tallies the checks read, and the summed response times."""
    with Session(engine) as session:
        tallies = {site: probe_tallies(session, site, None) for site in SITES}
        raw_ttfb = session.exec(select(func.coalesce(func.sum(Probe.ttfb_ms), 0)).where(Probe.ok)).one()
        rolled_ttfb = session.exec(select(func.coalesce(func.sum(ProbeDay.ttfb_ms_sum), 0))).one()
    return {"tallies": tallies, "ttfb_ms": raw_ttfb + rolled_ttfb}


def raw_days(engine: Engine) -> set[date]:
    with Session(engine) as session:
        return {probe_history.local_day(at) for at in session.exec(select(Probe.at))}


def test_rollup_keeps_every_count_and_the_window_raw(seeded: Engine) -> None:
    add_probes(seeded, range(0, 15))
    before = history(seeded)
    rolled = roll_up(seeded, TODAY, WINDOW)
    assert rolled.days == 15 - (WINDOW + 2)  # today, the 7 days before it and one more stay raw
    assert min(raw_days(seeded)) == TODAY - timedelta(days=WINDOW + 1)
    assert history(seeded) == before
    with Session(seeded) as session:
        assert {row.day for row in session.exec(select(ProbeDay))} == {
            TODAY - timedelta(days=back) for back in range(WINDOW + 2, 15)}
    again = roll_up(seeded, TODAY, WINDOW)
    assert (again.days, again.probes) == (0, 0)
    assert history(seeded) == before


def test_a_rollup_row_holds_the_days_counts(seeded: Engine) -> None:
    day = TODAY - timedelta(days=20)
    with session_scope(seeded) as session:
        session.add_all(Probe(site_id="site-a", url=URLS[0], at=day_start(day) + timedelta(hours=hour), ok=ok,
                              status=status, ttfb_ms=ttfb, error_class=error, ip_version=4)
                        for hour, ok, status, ttfb, error in [(1, True, 200, 100, None), (2, True, 200, 300, None),
                                                              (3, False, 503, 40, "http_5xx"), (4, False, None, None, "timeout"),
                                                              (5, False, None, None, "timeout")])
    roll_up(seeded, TODAY, WINDOW)
    with Session(seeded) as session:
        [row] = session.exec(select(ProbeDay)).all()
        assert session.exec(select(func.count()).select_from(Probe)).one() == 0
    assert (row.site_id, row.url, row.day, row.ip_version) == ("site-a", URLS[0], day, 4)
    assert (row.probes, row.failures, row.ttfb_ms_sum) == (5, 3, 400)  # the mean: 400 / (5 - 3)
    assert row.errors == {"http_5xx": 1, "timeout": 2}


def test_an_interrupted_rollup_loses_and_doubles_nothing(seeded: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed on its third day, a rollup has rolled two whole days and left the rest raw; run again, it finishes."""
    add_probes(seeded, range(0, 14))
    before = history(seeded)
    real, calls = probe_history.roll_up_day, []

    def dies_on_the_third_day(session: Session, day: date) -> int:
        calls.append(day)
        moved = real(session, day)
        if len(calls) == 3:
            raise KeyboardInterrupt  # after the day's delete and insert, before its commit
        return moved

    monkeypatch.setattr(probe_history, "roll_up_day", dies_on_the_third_day)
    with pytest.raises(KeyboardInterrupt):
        roll_up(seeded, TODAY, WINDOW)
    assert history(seeded) == before
    assert calls[2] in raw_days(seeded) and not {calls[0], calls[1]} & raw_days(seeded)
    monkeypatch.setattr(probe_history, "roll_up_day", real)
    assert roll_up(seeded, TODAY, WINDOW).days == 14 - (WINDOW + 2) - 2
    assert history(seeded) == before


def test_probes_arriving_for_a_day_already_rolled_up_are_added_to_it(seeded: Engine) -> None:
    add_probes(seeded, range(10, 12), seed=1)
    roll_up(seeded, TODAY, WINDOW)
    add_probes(seeded, range(10, 12), seed=2)
    before = history(seeded)
    roll_up(seeded, TODAY, WINDOW)
    assert history(seeded) == before
    with Session(seeded) as session:
        assert session.exec(select(func.count()).select_from(Probe)).one() == 0
        assert session.exec(select(func.count()).select_from(ProbeDay)).one() == 2 * len(SITES) * len(URLS) * 2


def test_tallies_since_a_day(seeded: Engine) -> None:
    """The window's tallies come from raw rows and rollups alike, and nothing before `since`."""
    add_probes(seeded, range(0, 12))
    roll_up(seeded, TODAY, WINDOW)
    since = TODAY - timedelta(days=10)
    with Session(seeded) as session:
        every = probe_tallies(session, "site-a", None)
        recent = probe_tallies(session, "site-a", since)
    assert recent == [tally for tally in every if tally.day >= since]
    assert {tally.day for tally in recent} == {TODAY - timedelta(days=back) for back in range(0, 11)}
