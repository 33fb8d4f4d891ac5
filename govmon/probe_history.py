"""Availability probe history: raw probes for the rolling window, then one row per URL and day.

`govmon probe` stores a Probe row per request (govmon/probes.py). Raw rows are kept for the
window SITE-DOWN judges (`availability.window_days`) plus one day, so every day of the window is
still whole in raw rows; older days are rolled up into ProbeDay and their raw rows deleted, one
day per transaction. The rows rolled up are exactly the rows deleted (DELETE … RETURNING), so a
rollup that is interrupted, run twice or run by two processes at once never counts a probe twice
nor loses one. Days are local calendar days (the machine's time zone), like the `today` of checks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, delete, func
from sqlmodel import Session, col, select

from checks.facts import ProbeTally
from crawler import outcomes
from govmon.models import Probe, ProbeDay
from govmon.storage import session_scope

KEPT_DAYS_BEYOND_WINDOW = 1  # raw rows outlive the window by a day: its oldest day stays whole


def local_day(at: datetime) -> date:
    return at.astimezone().date()


def day_start(day: date) -> datetime:
    """Local midnight at the start of `day`, as an aware datetime."""
    return datetime.combine(day, time()).astimezone()


@dataclass
class _Count:
    """Probes of one URL, day and IP version, being added up."""

    probes: int = 0
    failures: int = 0
    ttfb_ms_sum: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def add(self, ok: bool, ttfb_ms: int | None, error_class: str | None) -> None:
        self.probes += 1
        if ok:
            self.ttfb_ms_sum += ttfb_ms or 0
        else:
            self.failures += 1
            self.errors[error_class or outcomes.ERROR] += 1


def probe_tallies(session: Session, site_id: str, since: date | None) -> list[ProbeTally]:
    """The site's probes per URL, day and IP version from `since` on (all when None): raw rows and
    rollups together (a day's raw rows and its rollup never hold the same probe)."""
    counts: dict[tuple[str, date, int], _Count] = {}
    raw = select(Probe.url, Probe.at, Probe.ip_version, Probe.ok, Probe.error_class).where(Probe.site_id == site_id)
    rolled = select(ProbeDay).where(ProbeDay.site_id == site_id)
    if since is not None:
        raw = raw.where(Probe.at >= day_start(since))
        rolled = rolled.where(ProbeDay.day >= since)
    for url, at, ip_version, ok, error_class in session.exec(raw):
        counts.setdefault((url, local_day(at), ip_version), _Count()).add(ok, None, error_class)
    for row in session.exec(rolled):
        count = counts.setdefault((row.url, row.day, row.ip_version), _Count())
        count.probes += row.probes
        count.failures += row.failures
        count.errors.update(row.errors)
    return [ProbeTally(url, day, ip_version, count.probes, count.failures, dict(count.errors))
            for (url, day, ip_version), count in sorted(counts.items())]


@dataclass
class Rollup:
    days: int = 0  # days rolled up
    probes: int = 0  # raw rows rolled up and deleted


def roll_up(engine: Engine, today: date, window_days: int) -> Rollup:
    """Roll up every day older than the kept raw days, oldest first, each in its own transaction."""
    cutoff = day_start(today - timedelta(days=window_days + KEPT_DAYS_BEYOND_WINDOW))
    done = Rollup()
    while True:
        with session_scope(engine) as session:
            oldest = session.exec(select(func.min(Probe.at)).where(Probe.at < cutoff)).one()
            if oldest is None:
                return done
            done.probes += roll_up_day(session, local_day(oldest))
        done.days += 1


def roll_up_day(session: Session, day: date) -> int:
    """Move one day's raw probes into its ProbeDay rows (adding to any already there); returns how many."""
    deleted = session.execute(
        delete(Probe)
        .where(col(Probe.at) >= day_start(day), col(Probe.at) < day_start(day + timedelta(days=1)))
        .returning(Probe.site_id, Probe.url, Probe.ip_version, Probe.ok, Probe.ttfb_ms, Probe.error_class)
        .execution_options(synchronize_session=False)
    ).all()
    counts: dict[tuple[str, str, int], _Count] = {}
    for site_id, url, ip_version, ok, ttfb_ms, error_class in deleted:
        counts.setdefault((site_id, url, ip_version), _Count()).add(ok, ttfb_ms, error_class)
    stored = {(row.site_id, row.url, row.ip_version): row
              for row in session.exec(select(ProbeDay).where(ProbeDay.day == day))}
    for (site_id, url, ip_version), count in counts.items():
        row = stored.get((site_id, url, ip_version)) or ProbeDay(site_id=site_id, url=url, day=day,
                                                                 ip_version=ip_version)
        row.probes += count.probes
        row.failures += count.failures
        row.ttfb_ms_sum += count.ttfb_ms_sum
        row.errors = dict(Counter(row.errors) + count.errors)  # a new dict: JSON columns track assignment only
        session.add(row)
    return len(deleted)
