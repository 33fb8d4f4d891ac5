"""Availability probes (`govmon probe`; SITE-DOWN in docs/checks.md): GET every site's homepage and key columns.

One round probes each configured site's homepage and its key columns (the first-level `dynamic`,
`notice` and `policy` columns its last finished crawl found, at most `availability.key_columns`) over IPv4;
the homepage also over IPv6 when its host has an AAAA record, connecting to the AAAA address
(the IPv6 measures read those rows for the homepage's IPv6 success rate). Names are resolved through crawl.yaml's nameservers
(crawler/resolver.py). A probe fails on any error, on an HTTP status of 400 or more, or when the
page has not wholly arrived within `availability.timeout_s`; it records the status, the time to
the first byte of the answer (redirects included) and the error class in crawler/outcomes.py's
words (an error status as `http_4xx` / `http_5xx`). Certificates are not verified (TLS-CERT
judges them); a failed TLS handshake fails the probe.

Politeness: one request at a time per host, `probe_concurrency` hosts at once, the User-Agent of
crawl.yaml. aiohttp on one asyncio loop keeps a round over a thousand sites cheap (bench/probes.py).
Rounds are meant to run `availability.probes_per_day` times a day, spread over the day.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import dns.resolver
from aiohttp.abc import AbstractResolver, ResolveResult
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine, func, insert
from sqlmodel import Session, col, select

from crawler import outcomes
from crawler.resolver import build_resolver, lookup
from govmon.config import Config
from govmon.models import CrawlRun, Page, Probe, utcnow
from govmon.probe_history import roll_up
from govmon.storage import session_scope, sync_config

KEY_COLUMN_KINDS = ("dynamic", "notice", "policy")  # the columns 19号 watches most closely
READ_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ProbeTarget:
    site_id: str
    url: str
    home: bool = False  # a homepage is probed over IPv6 too, where its host has AAAA


@dataclass(frozen=True)
class ProbeSettings:
    timeout_s: float
    user_agent: str
    nameservers: list[str]
    dns_timeout_s: float
    concurrency: int  # hosts probed at once
    max_redirects: int
    max_bytes: int  # a longer answer is read this far only

    @classmethod
    def from_config(cls, config: Config) -> ProbeSettings:
        crawl, rules = config.crawl, config.rules
        return cls(rules.availability.timeout_s, crawl.user_agent, crawl.dns.nameservers, crawl.dns.timeout_s,
                   crawl.probe_concurrency, rules.links.max_redirects, crawl.max_page_bytes)


# ---------------------------------------------------------------- what to probe


def probe_targets(session: Session, config: Config) -> list[ProbeTarget]:
    """Each configured site's homepage, then its key columns."""
    limit = config.rules.availability.key_columns
    columns = key_columns(session)
    targets = []
    for _, site in config.sites():
        keys = [url for url in columns.get(site.id, []) if url != site.url][:limit]
        targets += [ProbeTarget(site.id, site.url, home=True), *(ProbeTarget(site.id, url) for url in keys)]
    return targets


def key_columns(session: Session) -> dict[str, list[str]]:
    """site id -> its first-level dynamic/notice/policy columns (linked from the homepage) on its
    last finished crawl, in crawl order. One query for every site: a round reads no other page."""
    latest = select(func.max(CrawlRun.id)).where(CrawlRun.status == "done").group_by(CrawlRun.site_id)
    column = col(Page.facts)["column"]
    rows = session.exec(
        select(Page.site_id, column["url"].as_string())
        .where(col(Page.run_id).in_(latest), Page.depth == 1, column["kind"].as_string().in_(KEY_COLUMN_KINDS))
        .order_by(Page.id)
    )
    found: dict[str, list[str]] = {}
    for site_id, url in rows:
        if url and url not in found.setdefault(site_id, []):
            found[site_id].append(url)
    return found


# ---------------------------------------------------------------- probing


class _Names(AbstractResolver):
    """Host names resolved once a round through the configured nameservers; aiohttp asks per family."""

    def __init__(self, resolver: dns.resolver.Resolver) -> None:
        self._resolver = resolver
        self._found: dict[str, list[tuple[int, str]]] = {}

    async def addresses(self, host: str) -> list[tuple[int, str]]:
        if host not in self._found:
            self._found[host] = await asyncio.to_thread(lookup, self._resolver, host)
        return self._found[host]

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        version = 6 if family == socket.AF_INET6 else 4
        found = [address for v, address in await self.addresses(host) if v == version]
        if not found:  # aiohttp reports this as ClientConnectorDNSError
            raise OSError(f"{host} 没有 {'AAAA' if version == 6 else 'A'} 记录")
        return [{"hostname": host, "host": address, "port": port, "family": family, "proto": 0,
                 "flags": socket.AI_NUMERICHOST} for address in found]

    async def close(self) -> None:
        """Nothing to release: lookups run in threads of the default executor."""


def error_class(error: BaseException) -> str:
    """A failed request's class, in crawler/outcomes.py's words."""
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        return outcomes.DNS
    if isinstance(error, TimeoutError):
        return outcomes.TIMEOUT
    if isinstance(error, aiohttp.TooManyRedirects):
        return outcomes.TOO_MANY_REDIRECTS
    if isinstance(error, (aiohttp.ClientSSLError, ssl.SSLError)) or isinstance(error.__cause__, ssl.SSLError):
        return outcomes.TLS
    if isinstance(error, aiohttp.ClientConnectorError):
        return outcomes.REFUSED
    if isinstance(error, (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, aiohttp.ClientPayloadError)):
        return outcomes.RESET
    return outcomes.ERROR


def status_class(status: int) -> str | None:
    """None for an answer that counts as open, else e.g. http_5xx."""
    return f"http_{status // 100}xx" if status >= 400 else None


async def _probe(client: aiohttp.ClientSession, target: ProbeTarget, ip_version: int,
                 settings: ProbeSettings) -> dict[str, Any]:
    at, started = utcnow(), time.perf_counter()
    status: int | None = None
    ttfb_ms: int | None = None
    try:
        async with client.get(target.url, max_redirects=settings.max_redirects) as response:
            status, ttfb_ms = response.status, round(1000 * (time.perf_counter() - started))
            read = 0
            async for chunk in response.content.iter_chunked(READ_CHUNK):  # the page must arrive whole
                read += len(chunk)
                if read >= settings.max_bytes:
                    break
            failure = status_class(response.status)
    except Exception as error:  # noqa: BLE001 - any error is a failed probe, classified
        failure = error_class(error)
    return {"site_id": target.site_id, "url": target.url, "at": at, "ok": failure is None, "status": status,
            "ttfb_ms": ttfb_ms, "error_class": failure, "ip_version": ip_version}


def _client(settings: ProbeSettings, names: _Names, family: socket.AddressFamily) -> aiohttp.ClientSession:
    # a new connection per probe: each probe measures what a visitor meets, connecting included
    connector = aiohttp.TCPConnector(family=family, resolver=names, use_dns_cache=False, force_close=True,
                                     limit=0, ssl=False)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=settings.timeout_s),
                                 headers={"User-Agent": settings.user_agent}, auto_decompress=False)


async def probe_all(targets: list[ProbeTarget], settings: ProbeSettings,
                    on_probe: Callable[[], None] = lambda: None) -> list[dict[str, Any]]:
    """Probe every target over IPv4, homepages over IPv6 too where they have AAAA; Probe rows as dicts."""
    names = _Names(build_resolver(settings.nameservers, settings.dns_timeout_s))
    by_host: dict[str, list[ProbeTarget]] = {}
    for target in targets:
        by_host.setdefault(urlsplit(target.url).hostname or "", []).append(target)
    gate = asyncio.Semaphore(settings.concurrency)
    async with _client(settings, names, socket.AF_INET) as ipv4, _client(settings, names, socket.AF_INET6) as ipv6:

        async def probe_host(host: str, jobs: list[ProbeTarget]) -> list[dict[str, Any]]:
            async with gate:  # one request at a time on this host
                rows = []
                for job in jobs:
                    over_ipv6 = job.home and any(version == 6 for version, _ in await names.addresses(host))
                    for ip_version, client in [(4, ipv4), (6, ipv6)] if over_ipv6 else [(4, ipv4)]:
                        rows.append(await _probe(client, job, ip_version, settings))
                        on_probe()
                return rows

        batches = await asyncio.gather(*(probe_host(host, jobs) for host, jobs in by_host.items()))
    return [row for batch in batches for row in batch]


# ---------------------------------------------------------------- rounds


@dataclass(frozen=True)
class RoundReport:
    probes: int
    failures: int
    seconds: float


def run_round(engine: Engine, config: Config, on_probe: Callable[[], None] = lambda: None) -> RoundReport:
    """One probe round over every configured site; the rows are stored when the round ends."""
    started = time.monotonic()
    with session_scope(engine) as session:
        targets = probe_targets(session, config)
    rows = asyncio.run(probe_all(targets, ProbeSettings.from_config(config), on_probe))
    if rows:
        with session_scope(engine) as session:
            session.execute(insert(Probe), rows)  # one executemany, not an ORM object a row
    return RoundReport(len(rows), sum(not row["ok"] for row in rows), time.monotonic() - started)


def run_rounds(engine: Engine, config: Config, rounds: int, interval_s: float, console: Console) -> None:
    """`rounds` rounds, one every `interval_s` seconds; after each, days past the window are rolled up."""
    sync_config(engine, config)
    window = config.rules.availability.window_days
    columns = [SpinnerColumn(), TextColumn("{task.description}"), TextColumn("已探测 {task.completed:.0f} 次"),
               TimeElapsedColumn()]
    for number in range(1, rounds + 1):
        started = time.monotonic()
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(f"第 {number}/{rounds} 轮探测", total=None)
            report = run_round(engine, config, lambda: progress.advance(task))
        console.print(f"第 {number}/{rounds} 轮：探测 {report.probes} 次，失败 {report.failures} 次，"
                      f"用时 {report.seconds:.1f} 秒")
        rolled = roll_up(engine, date.today(), window)
        if rolled.probes:
            console.print(f"已将 {rolled.days} 天的 {rolled.probes} 条探测记录汇总为每日统计（保留最近 {window} 天的明细）")
        if number < rounds:
            wait = max(0.0, interval_s - (time.monotonic() - started))
            console.print(f"下一轮于 {datetime.now() + timedelta(seconds=wait):%H:%M:%S} 开始")
            time.sleep(wait)
