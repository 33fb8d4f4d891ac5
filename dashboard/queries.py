"""The dashboard's read queries: thin functions over a Session, so the route handlers stay thin.

"Latest" always means the newest row by time, ties broken by the higher id, picked in SQL with a
window function (SQLite ≥ 3.25 and PostgreSQL both have them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from checks import MEASURES
from govmon.models import Account, CrawlRun, Finding, Score, Site, Unit

OPEN_STATUSES = ("open", "reopened")
STATUS_FILTERS: dict[str, tuple[str, ...] | None] = {
    "open": OPEN_STATUSES,  # the default: what still needs fixing
    "fixed": ("fixed",),
    "confirmed": ("confirmed",),
    "dismissed": ("dismissed",),
    "all": None,
}
PER_PAGE = 50
SEVERITY_ORDER = {"veto": 0, "deduction": 1, "warning": 2}


@dataclass
class LeaderRow:
    unit: Unit
    parent: Unit | None
    score: Score | None
    open_findings: int
    rank: int | None = None  # None until the unit has been scored


@dataclass
class SiteRow:
    site: Site
    score: Score | None
    run: CrawlRun | None


@dataclass
class FindingPage:
    rows: list[Finding]
    total: int
    page: int
    pages: int
    status: str
    code: str
    codes: list[tuple[str, int]] = field(default_factory=list)  # codes of this unit, with counts


def _latest(model: Any, partition: Any, newest: Any, *where: Any) -> Any:
    """A select of the newest row of `model` per `partition`."""
    ranked = (
        select(
            model.id.label("id"),
            func.row_number()
            .over(partition_by=partition, order_by=(newest.desc(), model.id.desc()))
            .label("n"),
        )
        .where(*where)
        .subquery()
    )
    return select(model).join(ranked, ranked.c.id == model.id).where(ranked.c.n == 1)


def latest_unit_scores(session: Session, unit_ids: list[str] | None = None) -> dict[str, Score]:
    """Each unit's newest unit-level score (site_id IS NULL)."""
    where = [col(Score.site_id).is_(None)]
    if unit_ids is not None:
        where.append(col(Score.unit_id).in_(unit_ids))
    query = _latest(Score, Score.unit_id, Score.computed_at, *where)
    return {score.unit_id: score for score in session.exec(query)}


def latest_site_scores(session: Session, site_ids: list[str]) -> dict[str, Score]:
    query = _latest(Score, Score.site_id, Score.computed_at, col(Score.site_id).in_(site_ids))
    return {score.site_id: score for score in session.exec(query) if score.site_id}


def latest_runs(session: Session, site_ids: list[str]) -> dict[str, CrawlRun]:
    where = col(CrawlRun.site_id).in_(site_ids)
    query = _latest(CrawlRun, CrawlRun.site_id, CrawlRun.started_at, where)
    return {run.site_id: run for run in session.exec(query)}


def open_finding_counts(session: Session) -> dict[str, int]:
    query = (
        select(Finding.unit_id, func.count())
        .where(col(Finding.status).in_(OPEN_STATUSES))
        .group_by(Finding.unit_id)
    )
    return {unit_id: count for unit_id, count in session.exec(query)}


def _rank_key(row: LeaderRow, digits: int | None = None) -> tuple[Any, ...]:
    if row.score is None:
        return (2, 0.0)
    score = row.score.score if digits is None else round(row.score.score, digits)
    return (0 if row.score.verdict == "pass" else 1, -score)


def leaderboard(session: Session) -> list[LeaderRow]:
    """All units: passing before failing, then by score (highest first); unscored units last.

    Equal verdict and score as shown (one decimal) share a rank (1, 1, 3), as in a published 排名,
    so two units both showing 85.3 never get different ranks.
    """
    units = {unit.id: unit for unit in session.exec(select(Unit))}
    scores = latest_unit_scores(session)
    counts = open_finding_counts(session)
    rows = [
        LeaderRow(
            unit=unit,
            parent=units.get(unit.parent_id) if unit.parent_id else None,
            score=scores.get(unit.id),
            open_findings=counts.get(unit.id, 0),
        )
        for unit in units.values()
    ]
    rows.sort(key=lambda row: (*_rank_key(row), row.unit.id))
    previous: tuple[Any, ...] | None = None
    for position, row in enumerate(rows, start=1):
        if row.score is None:
            break
        key = _rank_key(row, digits=1)
        row.rank = rows[position - 2].rank if key == previous else position
        previous = key
    return rows


def unit(session: Session, unit_id: str) -> Unit | None:
    return session.get(Unit, unit_id)


def child_units(session: Session, unit_id: str) -> list[Unit]:
    return list(session.exec(select(Unit).where(Unit.parent_id == unit_id).order_by(Unit.id)))


def unit_sites(session: Session, unit_id: str) -> list[SiteRow]:
    portal_first = case((Site.kind == "portal", 0), else_=1)
    query = select(Site).where(Site.unit_id == unit_id).order_by(portal_first, Site.id)
    sites = list(session.exec(query))
    ids = [site.id for site in sites]
    scores, runs = latest_site_scores(session, ids), latest_runs(session, ids)
    return [SiteRow(site, scores.get(site.id), runs.get(site.id)) for site in sites]


def unit_accounts(session: Session, unit_id: str) -> list[Account]:
    query = select(Account).where(Account.unit_id == unit_id).order_by(Account.platform, Account.id)
    return list(session.exec(query))


def unit_findings(session: Session, unit_id: str, status: str, code: str, page: int) -> FindingPage:
    """One page of a unit's findings: vetoes first, then deductions, then warnings; newest first."""
    status = status if status in STATUS_FILTERS else "open"
    where = [Finding.unit_id == unit_id]
    wanted = STATUS_FILTERS[status]
    if wanted is not None:
        where.append(col(Finding.status).in_(wanted))
    codes_query = select(Finding.code, func.count()).where(*where).group_by(Finding.code)
    codes = sorted(session.exec(codes_query), key=lambda pair: pair[0])
    if code:
        where.append(Finding.code == code)
    total = session.exec(select(func.count()).select_from(Finding).where(*where)).one()
    pages = max(1, ceil(total / PER_PAGE))
    page = min(max(1, page), pages)
    severity = case(SEVERITY_ORDER, value=Finding.severity, else_=len(SEVERITY_ORDER))
    query = (
        select(Finding)
        .where(*where)
        .order_by(severity, Finding.code, col(Finding.last_seen).desc(), Finding.id)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    rows = list(session.exec(query))
    return FindingPage(rows, total, page, pages, status, code, [(c, n) for c, n in codes])


def target_names(session: Session, unit_id: str) -> dict[str, str]:
    """Site and account ids of a unit → their names, for the 检查对象 column."""
    names = {s.id: s.name for s in session.exec(select(Site).where(Site.unit_id == unit_id))}
    names.update(
        {a.id: a.name for a in session.exec(select(Account).where(Account.unit_id == unit_id))}
    )
    return names


def finding(session: Session, finding_id: int) -> Finding | None:
    return session.get(Finding, finding_id)


def breakdown(raw: Any) -> dict[str, Any]:
    """Score.breakdown (written by govmon/scoring.py) with every list and number in place.

    The dashboard must still render when an older or partial breakdown lacks a key.
    """
    raw = raw if isinstance(raw, dict) else {}

    def ids(entry: dict[str, Any]) -> list[int]:
        return [i for i in entry.get("finding_ids") or [] if isinstance(i, int)]

    def entries(value: Any) -> list[dict[str, Any]]:
        return [entry for entry in value or [] if isinstance(entry, dict)]

    groups = [
        {
            "group": group.get("group", ""),
            "name": group.get("name") or group.get("group", ""),
            "cap": group.get("cap"),
            "lost": group.get("lost") or 0,
            "items": [
                {**item, "lost": item.get("lost") or 0, "finding_ids": ids(item)}
                for item in entries(group.get("items"))
            ],
        }
        for group in entries(raw.get("groups"))
    ]
    return {
        "vetoes": [{**veto, "finding_ids": ids(veto)} for veto in entries(raw.get("vetoes"))],
        "groups": groups,
        "deductions": raw.get("deductions"),
        "bonus": raw.get("bonus"),
        "sites": [s for s in raw.get("sites") or [] if isinstance(s, str)],
        "repeats": [i for i in raw.get("repeats") or [] if isinstance(i, int)],
        "measures": [_measure(name, figure) for name, figure in (raw.get("measures") or {}).items()
                     if isinstance(figure, dict)],
    }


def _measure(name: str, figure: dict[str, Any]) -> dict[str, Any]:
    """A reported figure (解读率…) with its title and whether it meets the rule's threshold."""
    value, threshold = figure.get("value"), figure.get("threshold")
    known = MEASURES.get(name)
    return {"name": name, "title": known.title if known else name, "value": value, "threshold": threshold,
            "numerator": figure.get("numerator"), "denominator": figure.get("denominator"),
            "short": value is not None and threshold is not None and value < threshold}
