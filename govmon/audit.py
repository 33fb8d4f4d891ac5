"""An audit: crawl the chosen sites, run the checks on what was stored, score the units.

The crawl runs in a child process (crawler/run.py) that reports progress as JSON lines; this
process draws the progress bars, then judges and scores. A site whose crawl did not finish is
judged only by the checks that read availability probes (SITE-DOWN: its homepage may well be
down), so its other earlier findings are neither lost nor wrongly marked fixed.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine
from sqlmodel import Session, col, select

import checks
from govmon.config import Config, SiteConfig
from govmon.facts import site_facts
from govmon.findings import active_findings, record
from govmon.ipv6 import probe_site
from govmon.models import CrawlRun, Score, utcnow
from govmon.scoring import Verdict, score_site, score_unit
from govmon.storage import data_dir, session_scope, sync_config


INTERRUPTED = "抓取进程意外结束"  # how a run killed mid-crawl is marked; such a run is resumed
PROBE_FAMILIES = {"availability"}  # checks that read probes, not pages: they judge a site whose crawl failed


class AuditError(Exception):
    """The audit cannot start; the message says what to fix."""


@dataclass
class AuditReport:
    runs: dict[str, CrawlRun] = field(default_factory=dict)  # site id -> its run
    findings: dict[str, int] = field(default_factory=dict)  # site id -> active findings
    unit_verdicts: dict[str, Verdict] = field(default_factory=dict)


def choose_sites(config: Config, unit_id: str | None, site_id: str | None) -> list[SiteConfig]:
    if unit_id and unit_id not in {unit.id for unit in config.units}:
        raise AuditError(f"单位 {unit_id} 不在 {config.directory / 'units.yaml'} 中")
    chosen = [
        site for unit, site in config.sites()
        if (unit_id is None or unit.id == unit_id) and (site_id is None or site.id == site_id)
    ]
    if site_id and not chosen:
        raise AuditError(f"网站 {site_id} 不在 {config.directory / 'units.yaml'} 中（或不属于所选单位）")
    if not chosen:
        raise AuditError("没有可检查的网站：units.yaml 中所选单位未配置网站")
    return chosen


def run_audit(
    config: Config,
    engine: Engine,
    database_url: str,
    *,
    unit_id: str | None = None,
    site_id: str | None = None,
    today: date | None = None,
    console: Console | None = None,
    fresh: bool = False,
) -> AuditReport:
    console = console or Console(stderr=True)
    today = today or date.today()
    sites = choose_sites(config, unit_id, site_id)
    sync_config(engine, config)
    report = AuditReport()
    resumed: set[str] = set()
    with session_scope(engine) as session:
        for site in sites:
            run, resuming = _run_for(session, site.id, fresh)
            session.add(run)
            report.runs[site.id] = run
            if resuming:
                resumed.add(site.id)
    if resumed:
        console.print(f"继续上次中断的抓取：{'、'.join(sorted(resumed))}（已保存的页面不再重复抓取）")
    crawl(config, engine, database_url, report.runs, resumed, today, console)
    now = utcnow()
    with session_scope(engine) as session, Progress(
        TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=True
    ) as progress:
        judging = progress.add_task("IPv6 测量与检查", total=len(sites))
        for number, site in enumerate(sites, 1):
            progress.update(judging, description=f"IPv6 测量与检查 {number}/{len(sites)}：{site.name}")
            run = session.get(CrawlRun, report.runs[site.id].id)
            assert run is not None
            report.runs[site.id] = run
            if run.status == "done":
                run.ipv6 = probe_site(session, config, run, now)  # judged with the crawl's facts
            judge(session, config, run, today, now)
            report.findings[site.id] = len(active_findings(session, site.id))
            progress.advance(judging)
        units = {unit.id for unit in config.units for site in unit.sites if site in sites}
        for unit in config.units:
            if unit.id in units and (verdict := score_and_store(session, config, unit.id, now)):
                report.unit_verdicts[unit.id] = verdict
    return report


def _run_for(session: Session, site_id: str, fresh: bool) -> tuple[CrawlRun, bool]:
    """The site's interrupted run to continue, or a new run. Refuses while a live crawl holds it."""
    latest = session.exec(
        select(CrawlRun).where(CrawlRun.site_id == site_id).order_by(col(CrawlRun.id).desc())
    ).first()
    if latest is not None and latest.status == "running" and _alive(latest.worker):
        raise AuditError(f"网站 {site_id} 正由进程 {latest.worker} 检查中，请等它结束后再试")
    interrupted = latest is not None and (
        latest.status == "running" or (latest.status == "failed" and (latest.error or "").startswith(INTERRUPTED))
    )
    if interrupted and not fresh:
        assert latest is not None
        latest.status, latest.error, latest.finished_at = "running", None, None
        return latest, True
    return CrawlRun(site_id=site_id), False


def _alive(worker: str | None) -> bool:
    """Whether the crawl process named "host:pid" still runs (one on another host is assumed to)."""
    if not worker:
        return False
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname():
        return True
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
    except (OSError, ValueError):
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"  # a killed, unreaped child is a zombie


def crawl(
    config: Config,
    engine: Engine,
    database_url: str,
    runs: dict[str, CrawlRun],
    resumed: set[str],
    today: date,
    console: Console,
) -> None:
    log_dir = data_dir() / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / f"crawl-{datetime.now():%Y%m%d-%H%M%S}.log"
    command = [sys.executable, "-m", "crawler.run", "--config", str(config.directory),
               "--database", database_url, "--today", today.isoformat(), "--log-file", str(log_file),
               *(f"{site_id}={run.id}" + (":resume" if site_id in resumed else "")
                 for site_id, run in runs.items())]
    names = {site.id: site.name for _, site in config.sites()}
    columns = [SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[status]}"),
               TimeElapsedColumn()]
    with Progress(*columns, console=console) as progress:
        tasks = {site_id: progress.add_task(names[site_id], total=None, status="等待抓取")
                 for site_id in runs}
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
            assert child.stdout is not None
            for line in child.stdout:
                event = _event(line)
                if event is None or event.get("site") not in tasks:
                    continue
                status = f"页面 {event['pages']}，链接检查 {event['checked']}"
                done = bool(event.get("done"))
                progress.update(tasks[event["site"]], status=status + ("，完成" if done else ""),
                                total=1 if done else None, completed=1 if done else 0)
        exit_code = child.returncode
    if exit_code != 0:
        console.print(f"[red]抓取进程异常退出（退出码 {exit_code}），详见日志 {log_file}[/red]")
    _close_unfinished(engine, runs, exit_code, log_file)


def _event(line: str) -> dict | None:
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _close_unfinished(
    engine: Engine, runs: dict[str, CrawlRun], exit_code: int, log_file: Path
) -> None:
    """Runs the child left 'running' (it crashed or was killed) are failed, with the reason."""
    with session_scope(engine) as session:
        for run in runs.values():
            stored = session.get(CrawlRun, run.id)
            if stored is not None and stored.status == "running":
                stored.status = "failed"
                stored.finished_at = utcnow()
                stored.error = f"{INTERRUPTED}（退出码 {exit_code}），已保存的页面保留，下次检查时继续；日志：{log_file}"


def judge(session: Session, config: Config, run: CrawlRun, today: date, now: datetime) -> None:
    """Run every registered site check on one finished crawl; record the findings and the measures.
    A crawl that did not finish is judged by the checks that read probes only."""
    since = today - timedelta(days=config.rules.availability.window_days)
    facts = site_facts(session, run.id or 0, probes_since=since)
    finished = run.status == "done"
    judging = [registered for registered in checks.CHECKS.values() if finished or _reads_probes(registered.code)]
    found = [finding for registered in judging for finding in registered.function(facts, config.rules, today)]
    record(session, facts.unit_id, facts.site_id, [registered.code for registered in judging], found, run.id, now)
    if not finished:
        return
    figures = {name: registered.function(facts, config.rules, today)
               for name, registered in checks.MEASURES.items()}
    run.measures = {name: ratio.as_dict() for name, ratio in figures.items() if ratio is not None}
    session.add(run)


def score_and_store(session: Session, config: Config, unit_id: str, now: datetime) -> Verdict | None:
    """Score each crawled site of the unit and the unit itself, from the findings now active. A site
    whose last crawl failed is scored only when the probes found it down (a veto fails it anyway)."""
    site_verdicts: dict[str, Verdict] = {}
    for site in config.unit(unit_id).sites:
        latest = session.exec(
            select(CrawlRun).where(CrawlRun.site_id == site.id).order_by(col(CrawlRun.id).desc())
        ).first()
        findings = active_findings(session, site.id)
        down = any(finding.severity == "veto" and _reads_probes(finding.code) for finding in findings)
        if latest is None or (latest.status != "done" and not down):
            continue  # not judged this time: no verdict rather than a stale or wrong one
        verdict = score_site(findings, config.rules.scoring, latest.measures)
        site_verdicts[site.id] = verdict
        session.add(_score_row(unit_id, site.id, verdict, now))
    unit_verdict = score_unit(site_verdicts)
    if unit_verdict is not None:
        session.add(_score_row(unit_id, None, unit_verdict, now))
    return unit_verdict


def _reads_probes(code: str) -> bool:
    registered = checks.CHECKS.get(code)
    return registered is not None and registered.family in PROBE_FAMILIES


def _score_row(unit_id: str, site_id: str | None, verdict: Verdict, now: datetime) -> Score:
    return Score(unit_id=unit_id, site_id=site_id, computed_at=now, verdict=verdict.verdict,
                 score=verdict.score, veto_count=verdict.veto_count,
                 warning_count=verdict.warning_count, breakdown=verdict.breakdown)
