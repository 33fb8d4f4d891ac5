"""Probe benchmark: the CPU and memory of `govmon probe` rounds over 1,000 sites, and how small a
year of probe history stays.

    .venv/bin/python bench/probes.py               # 1,000 sites: homepage + 3 key columns, IPv4 and IPv6
    .venv/bin/python bench/probes.py --quick       # 50 sites, a year of history for 50

The scaled demo farm (govmon/demo/scaled.py) serves up to 200 sites, each on its own loopback
address; here each site is also served under more names (www2.dongyang.gov.cn, …) up to the count
asked for, and listens on ::1 too, and a DNS stub gives every name an A and an AAAA record: a
round makes the requests a real one makes, 5 a site (the homepage over IPv4 and IPv6, three key
columns over IPv4). Each site's key columns are three of its
real pages, stored as the columns of a finished crawl. `govmon probe --rounds R --interval 0`
runs as a child process measured from outside (bench/crawl.py's run_measured); CPU per round is
(CPU of R rounds − CPU of 1 round) / (R − 1), so start-up is not counted in every round (a
scheduler keeps its process). Then a year of daily rollups and a window of raw probes for the same
sites are written into a fresh SQLite database, and the rollup of one day is timed. Figures only:
bench/README.md records them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, timedelta
from pathlib import Path

import yaml
from dnslib import AAAA, QTYPE, RCODE, RR, A
from dnslib.server import BaseResolver
from sqlalchemy import Engine
from sqlmodel import Session, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from crawl import run_measured  # noqa: E402
from govmon.config import load_config  # noqa: E402
from govmon.demo.dns_stub import DnsStub  # noqa: E402
from govmon.demo.scaled import ScaledFarm  # noqa: E402
from govmon.models import CrawlRun, Page, Probe, Site, Unit  # noqa: E402
from govmon.probe_history import day_start, roll_up  # noqa: E402
from govmon.storage import database_url, open_database, session_scope, sync_config  # noqa: E402

KEY_PATHS = ["/zwdt/", "/ldxx/", "/jgzn/"]  # three real pages of every scaled site
ERRORS = ["timeout", "refused", "http_5xx", "dns", "reset"]


class AliasedFarm(ScaledFarm):
    """The scaled farm with every site also served under more names, on ::1 as well as its 127.0.0.x."""

    def __init__(self, names: int) -> None:
        super().__init__(min(names, 200), 7, literal=False)
        self.names = names
        self.homes: list[str] = []

    def _bind(self) -> None:
        super()._bind()
        listener = socket.socket(socket.AF_INET6)
        listener.bind(("::1", self.http_port))
        listener.listen(1024)
        listener.setblocking(False)
        self._sockets.append(listener)

    def _build(self) -> None:
        super()._build()
        for k in range(self.names):
            site = self.sites[k % self.site_count]
            host = site.host if k < self.site_count else f"www{k // self.site_count + 1}.{site.host.removeprefix('www.')}"
            self.addresses[host] = self.addresses[site.host]
            self._hosts[host.encode()] = self._hosts[site.host.encode()]
            self.homes.append(f"http://{host}:{self.http_port}/")


class _DualStack(BaseResolver):
    """Every farm name: its loopback IPv4 address and ::1."""

    def __init__(self, addresses: dict[str, str]) -> None:
        self.addresses = addresses

    def resolve(self, request, handler):  # type: ignore[no-untyped-def]
        reply = request.reply()
        name, kind = str(request.q.qname).rstrip(".").lower(), QTYPE[request.q.qtype]
        if name not in self.addresses:
            reply.header.rcode = RCODE.NXDOMAIN
        elif kind == "A":
            reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A(self.addresses[name]), ttl=300))
        elif kind == "AAAA":
            reply.add_answer(RR(request.q.qname, QTYPE.AAAA, rdata=AAAA("::1"), ttl=300))
        return reply


def write_config(directory: Path, farm: AliasedFarm, dns_port: int) -> Path:
    """The shipped rules and crawl settings, the bench's DNS stub, one unit per five sites."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "rules.yaml").write_text((ROOT / "config" / "rules.yaml").read_text(encoding="utf-8"), "utf-8")
    crawl = yaml.safe_load((ROOT / "config" / "crawl.yaml").read_text(encoding="utf-8"))
    crawl["dns"]["nameservers"] = [f"127.0.0.1:{dns_port}"]
    (directory / "crawl.yaml").write_text(yaml.safe_dump(crawl, allow_unicode=True), "utf-8")
    units = [{"id": f"unit-{u}", "name": f"单位{u}", "level": "county", "sites": [
        {"id": f"site-{k}", "name": f"网站{k}", "url": home} for k, home in enumerate(farm.homes) if k // 5 == u]}
        for u in range(-(-len(farm.homes) // 5))]
    (directory / "units.yaml").write_text(yaml.safe_dump({"units": units}, allow_unicode=True), "utf-8")
    return directory


def store_key_columns(engine, config) -> None:  # type: ignore[no-untyped-def]
    """A finished crawl per site whose dynamic/notice/policy columns are KEY_PATHS."""
    with session_scope(engine) as session:
        for _, site in config.sites():
            run = CrawlRun(site_id=site.id, status="done")
            session.add(run)
            session.flush()
            for path, kind in zip(KEY_PATHS, ("dynamic", "notice", "policy")):
                url = site.url.rstrip("/") + path
                session.add(Page(run_id=run.id, site_id=site.id, url=url, final_url=url, status=200, depth=1,
                                 facts={"column": {"url": url, "kind": kind}}))


def measure_rounds(work: Path, config_dir: Path, rounds: int) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MB, exit code) of `govmon probe --rounds N --interval 0`."""
    command = [sys.executable, "-m", "govmon.cli", "probe", "--config", str(config_dir), "--rounds", str(rounds),
               "--interval", "0"]
    wall, cpu, peak, code, _ = run_measured(command, work, f"probe-{rounds}")
    return wall, cpu, peak, code


def probed_urls(sites: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """(site id, URL, IP version) a round probes: each homepage over IPv4 and IPv6, key columns over IPv4."""
    return [(site, home, version) for site, home in sites for version in (4, 6)] + [
        (site, home.rstrip("/") + path, 4) for site, home in sites for path in KEY_PATHS]


def fill(database: Path, sites: list[tuple[str, str]], table: str, rows: Iterator[tuple]) -> Engine:
    """A fresh govmon database holding the sites and these rows of `table` (probe or probeday)."""
    engine = open_database(f"sqlite:///{database}")
    with session_scope(engine) as session:
        session.add(Unit(id="u", name="单位", level="county"))
        session.flush()
        session.add_all(Site(id=site, unit_id="u", name=site, url=home, kind="portal", render="never", page_cap=10)
                        for site, home in sites)
    columns = {"probe": "site_id, url, at, ok, status, ttfb_ms, error_class, ip_version",
               "probeday": "site_id, url, day, ip_version, probes, failures, ttfb_ms_sum, errors"}[table]
    connection = engine.raw_connection()  # sqlite3's executemany: millions of rows in seconds
    cursor = connection.cursor()
    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.commit()
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()  # the file holds it all now
    cursor.close()
    connection.close()
    return engine


def year_of_rollups(urls: list[tuple[str, str, int]], per_day: int) -> Iterator[tuple]:
    """One ProbeDay row per URL and day for 365 days; one day in ten has a failure or two."""
    chance = random.Random(7)
    for back in range(365):
        day = (date.today() - timedelta(days=back)).isoformat()
        for site, url, version in urls:
            failed = chance.choice([0] * 9 + [1, 2])
            errors = json.dumps({chance.choice(ERRORS): failed} if failed else {})
            yield site, url, day, version, per_day, failed, 80 * (per_day - failed), errors


def window_of_probes(urls: list[tuple[str, str, int]], per_day: int) -> Iterator[tuple]:
    """The raw rows kept: today, the window's 7 days before it and one more, `per_day` probes a URL a day."""
    for back in range(9):
        start = day_start(date.today() - timedelta(days=back))
        for n in range(per_day):
            at = f"{(start + timedelta(minutes=60 * n + 1)).astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"
            for site, url, version in urls:
                yield site, url, at, 1, 200, 80, None, version


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench/probes.py", description=__doc__.split("\n")[0])
    ap.add_argument("--sites", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=4, help="rounds in the longer run (the shorter runs 1)")
    ap.add_argument("--per-day", type=int, default=24, help="rounds a day, for the daily share of a core")
    ap.add_argument("--quick", action="store_true", help="50 sites")
    args = ap.parse_args(argv)
    if args.quick:
        args.sites = 50
    with tempfile.TemporaryDirectory(prefix="govmon-probe-bench-") as scratch, AliasedFarm(args.sites) as farm:
        work = Path(scratch)
        stub = DnsStub(_DualStack(farm.addresses))
        config_dir = write_config(work / "config", farm, stub.start())
        config = load_config(config_dir)
        os.environ["GOVMON_HOME"] = str(work / "var")  # the children's database
        engine = open_database(database_url())
        sync_config(engine, config)
        store_key_columns(engine, config)
        one = measure_rounds(work, config_dir, 1)
        many = measure_rounds(work, config_dir, args.rounds)
        with Session(engine) as session:
            probes = session.exec(select(func.count()).select_from(Probe)).one()
            failed = session.exec(select(func.count()).select_from(Probe).where(Probe.ok == False)).one()  # noqa: E712
        stub.stop()
        per_round = (many[1] - one[1]) / (args.rounds - 1)
        requests = probes // (1 + args.rounds)
        print(f"\n{args.sites} 个网站，每轮 {requests} 次探测（首页经 IPv4 与 IPv6，{len(KEY_PATHS)} 个重点栏目经 IPv4），"
              f"共 {probes} 次，失败 {failed} 次；退出码 {one[3]}、{many[3]}")
        print(f"1 轮（含启动）：{one[0]:.1f} 秒，CPU {one[1]:.2f} 秒，峰值 RSS {one[2]:.0f} MB")
        print(f"{args.rounds} 轮：{many[0]:.1f} 秒，CPU {many[1]:.2f} 秒，峰值 RSS {many[2]:.0f} MB")
        print(f"每轮 CPU {per_round:.2f} 秒（{1000 * per_round / requests:.2f} 毫秒/次），"
              f"每轮用时约 {(many[0] - one[0]) / (args.rounds - 1):.1f} 秒")
        print(f"每天 {args.per_day} 轮：平均占一个核的 {100 * per_round * args.per_day / 86400:.3f}%"
              f"（每轮单独启动进程时 {100 * one[1] * args.per_day / 86400:.3f}%）；目标 < 5%")
        sites = [(site.id, site.url) for _, site in config.sites()]
        urls = probed_urls(sites)
        year = fill(work / "year.db", sites, "probeday", year_of_rollups(urls, args.per_day))
        window = fill(work / "window.db", sites, "probe", window_of_probes(urls, args.per_day))
        year_mb, window_mb = ((work / name).stat().st_size / 2**20 for name in ("year.db", "window.db"))
        started = time.process_time()
        rolled = roll_up(window, date.today() + timedelta(days=1), 7)  # one more day falls out of the window
        rollup_s = time.process_time() - started
        for engine in (year, window):
            engine.dispose()
        print(f"一年的每日汇总（{len(urls) * 365} 行）：{year_mb:.0f} MB；原始明细（窗口 7 天及前后各 1 天，"
              f"{len(urls) * 9 * args.per_day} 行）：{window_mb:.0f} MB；不汇总时一年约 {window_mb / 9 * 365 / 1024:.1f} GB")
        print(f"汇总一天的明细（{rolled.probes} 条）：CPU {rollup_s:.1f} 秒")

if __name__ == "__main__":
    main()
