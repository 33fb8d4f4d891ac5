"""govmon/probes.py and `govmon probe`: real servers on 127.0.0.1 and ::1, names from the local DNS stub.

Also SITE-DOWN end to end: a site down for part of a simulated week (time-machine), judged from
raw probes and from their rollups alike, and judged even when its crawl failed.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from checks.availability import site_down
from govmon.audit import judge, score_and_store
from govmon.cli import app
from govmon.config import Config, DnsSettings, SiteConfig, UnitConfig, load_config
from govmon.demo.dns_stub import DnsStub, FarmResolver, HostSpec, ZoneSpec
from govmon.facts import site_facts
from govmon.findings import active_findings
from govmon.models import CrawlRun, Finding, Page, Probe, Score, utcnow
from govmon.probe_history import day_start, roll_up
from govmon.probes import ProbeSettings, ProbeTarget, probe_all, probe_targets, run_round
from govmon.storage import open_database, session_scope, sync_config

HOSTS = [HostSpec("www.up.test"), HostSpec("www.v4only.test", ipv6=False), HostSpec("www.six503.test"),
         HostSpec("www.closed.test", http=False), HostSpec("www.slow.test"), HostSpec("www.busy.test"),
         HostSpec("www.reset.test")]
Behaviour = Callable[[int, str], tuple[int, float]]  # (IP version, path) -> (status or 0: hang up, seconds before it)


@dataclass
class Net:
    """Virtual hosts on 127.0.0.1 and ::1 (one port), named by the DNS stub; every request logged."""

    port: int
    dns_port: int
    behaviour: dict[str, Behaviour]
    log: list[tuple[str, int, str, str, float, float]] = field(default_factory=list)  # host, version, path, UA, start, end

    def url(self, host: str, path: str = "/", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"


def _serve(net: Net) -> list[ThreadingHTTPServer]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            started = time.monotonic()
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            version = 6 if self.server.address_family == socket.AF_INET6 else 4
            status, delay = net.behaviour.get(host, lambda v, p: (404, 0))(version, self.path)
            time.sleep(delay)
            if not status:
                self.close_connection = True  # hang up without a word
                return
            body = f"<html><body>{host} {self.path}</body></html>".encode()
            agent = self.headers.get("User-Agent", "").encode("latin-1").decode("utf-8")  # sent as UTF-8
            net.log.append((host, version, self.path, agent, started, time.monotonic()))  # before the answer goes
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the prober gave up (a timeout)

        def log_message(self, *args: object) -> None:
            pass

    class Server6(ThreadingHTTPServer):
        address_family = socket.AF_INET6

    ThreadingHTTPServer.daemon_threads = True
    v4 = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    v6 = Server6(("::1", v4.server_address[1]), Handler)
    for server in (v4, v6):
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return [v4, v6]


def _behaviour() -> dict[str, Behaviour]:
    return {
        "www.up.test": lambda v, p: (200, 0),
        "www.v4only.test": lambda v, p: (200, 0),
        "www.six503.test": lambda v, p: (503 if v == 6 else 200, 0),
        "www.slow.test": lambda v, p: (200, 2),
        "www.busy.test": lambda v, p: (200, 0.05),
        "www.reset.test": lambda v, p: (0, 0),
    }


@pytest.fixture(scope="module")
def network() -> Iterator[Net]:
    stub = DnsStub(FarmResolver({h.name: h for h in HOSTS}, {"test": ZoneSpec("test")}))
    net = Net(0, stub.start(), _behaviour())
    servers = _serve(net)
    net.port = servers[0].server_address[1]
    yield net
    for server in servers:
        server.shutdown()
        server.server_close()
    stub.stop()


@pytest.fixture
def net(network: Net) -> Net:
    """The module's servers, as each test first finds them."""
    network.behaviour = _behaviour()
    network.log.clear()
    return network


def configure(base: Config, net: Net, sites: dict[str, str], **availability: object) -> Config:
    unit = UnitConfig(id="probe-unit", name="探测测试单位", level="county",
                      sites=[SiteConfig(id=site_id, name=site_id, url=url) for site_id, url in sites.items()])
    rules = base.rules.model_copy(update={"availability": base.rules.availability.model_copy(update=availability)})
    crawl = base.crawl.model_copy(update={"dns": DnsSettings(nameservers=[f"127.0.0.1:{net.dns_port}"], timeout_s=2)})
    return Config(base.directory, [unit], rules, crawl)


@pytest.fixture
def shipped(config_dir: Path) -> Config:
    return load_config(config_dir)


@pytest.fixture
def database(tmp_path: Path) -> Engine:
    return open_database(f"sqlite:///{tmp_path / 'govmon.db'}")


def probe_once(config: Config, urls: list[str]) -> list[dict]:
    targets = [ProbeTarget("site", url, home=True) for url in urls]
    return asyncio.run(probe_all(targets, ProbeSettings.from_config(config)))


def stored(engine: Engine) -> list[Probe]:
    with Session(engine) as session:
        return list(session.exec(select(Probe).order_by(Probe.site_id, Probe.url, Probe.ip_version)))


# ---------------------------------------------------------------- one round


def test_a_round_probes_over_ipv4_and_over_ipv6_where_there_is_aaaa(shipped: Config, net: Net, database: Engine) -> None:
    config = configure(shipped, net, {"up": net.url("www.up.test"), "v4only": net.url("www.v4only.test"),
                                      "six503": net.url("www.six503.test")})
    sync_config(database, config)
    report = run_round(database, config)
    rows = [(p.site_id, p.ip_version, p.ok, p.status, p.error_class) for p in stored(database)]
    assert rows == [("six503", 4, True, 200, None), ("six503", 6, False, 503, "http_5xx"),
                    ("up", 4, True, 200, None), ("up", 6, True, 200, None), ("v4only", 4, True, 200, None)]
    assert (report.probes, report.failures) == (5, 1)
    assert all(p.ttfb_ms is not None and p.ttfb_ms >= 0 and p.at <= utcnow() for p in stored(database))
    # the IPv6 probes really went to ::1, never silently over IPv4
    assert sorted((host, version) for host, version, *_ in net.log) == [
        ("www.six503.test", 4), ("www.six503.test", 6), ("www.up.test", 4), ("www.up.test", 6),
        ("www.v4only.test", 4)]


@pytest.mark.parametrize(("url", "error_class", "status"), [
    ("http://www.closed.test:{closed}/", "refused", None),
    ("http://www.nowhere.test:{port}/", "dns", None),
    ("http://www.slow.test:{port}/", "timeout", None),
    ("http://www.reset.test:{port}/", "reset", None),
    ("http://www.up.test:{port}/", None, 200),
    ("https://www.up.test:{port}/", "tls", None),  # a plain-HTTP server behind an https URL
])
def test_a_probe_records_what_went_wrong(shipped: Config, net: Net, url: str, error_class: str | None,
                                          status: int | None) -> None:
    with socket.socket() as spare:  # a port nothing listens on
        spare.bind(("127.0.0.1", 0))
        closed = spare.getsockname()[1]
    config = configure(shipped, net, {}, timeout_s=0.5)
    [row, *ipv6] = probe_once(config, [url.format(port=net.port, closed=closed)])
    assert (row["ok"], row["error_class"], row["status"], row["ip_version"]) == (error_class is None, error_class,
                                                                                  status, 4)
    assert (row["ttfb_ms"] is None) == (status is None)


def test_an_error_status_fails_and_keeps_its_status(shipped: Config, net: Net) -> None:
    net.behaviour["www.up.test"] = lambda v, p: (404, 0)
    rows = probe_once(configure(shipped, net, {}), [net.url("www.up.test")])
    assert [(r["ok"], r["status"], r["error_class"]) for r in rows] == [(False, 404, "http_4xx")] * 2


def test_one_request_per_host_at_a_time_with_the_configured_user_agent(shipped: Config, net: Net) -> None:
    urls = [net.url("www.busy.test", f"/col{n}/") for n in range(4)] + [net.url("www.up.test")]
    rows = probe_once(configure(shipped, net, {}), urls)
    assert len(rows) == 10 and all(row["ok"] for row in rows)
    busy = sorted((start, end) for host, _, _, _, start, end in net.log if host == "www.busy.test")
    assert len(busy) == 8
    assert all(later[0] >= earlier[1] for earlier, later in zip(busy, busy[1:])), "overlapping requests"
    assert {agent for *_, agent, _, _ in net.log} == {shipped.crawl.user_agent}


def test_key_columns_come_from_the_last_finished_crawl(shipped: Config, net: Net, database: Engine) -> None:
    """First-level dynamic/notice/policy columns, at most `key_columns`; a failed crawl's are not used.
    They are probed over IPv4 only: the IPv6 measures want the homepage's."""
    home = net.url("www.up.test")
    config = configure(shipped, net, {"up": home}, key_columns=2)
    sync_config(database, config)
    columns = [("/zwdt/", "dynamic", 1), ("/rsxx/", "should_update", 1), ("/bmdt/", "dynamic", 2),
               ("/zwdt/index.html", "dynamic", 1), ("/xxgk/tzgg/", "notice", 1), ("/zcwj/", "policy", 1)]
    with session_scope(database) as session:
        for status, paths in (("done", columns), ("failed", [("/failed/", "dynamic", 1)])):
            run = CrawlRun(site_id="up", status=status)
            session.add(run)
            session.flush()
            session.add(Page(run_id=run.id, site_id="up", url=home, final_url=home, status=200, depth=0, is_home=True))
            for path, kind, depth in paths:
                column_url = net.url("www.up.test", path.replace("index.html", ""))
                session.add(Page(run_id=run.id, site_id="up", url=net.url("www.up.test", path), final_url="",
                                 status=200, depth=depth, facts={"column": {"url": column_url, "kind": kind}}))
    with Session(database) as session:
        assert [t.url for t in probe_targets(session, config)] == [home, net.url("www.up.test", "/zwdt/"),
                                                                    net.url("www.up.test", "/xxgk/tzgg/")]
    run_round(database, config)
    assert [(p.url, p.ip_version) for p in stored(database)] == [
        (home, 4), (home, 6), (net.url("www.up.test", "/xxgk/tzgg/"), 4), (net.url("www.up.test", "/zwdt/"), 4)]
    none = configure(shipped, net, {"up": home}, key_columns=0)
    with Session(database) as session:
        assert [t.url for t in probe_targets(session, none)] == [home]


def test_govmon_probe_runs_rounds(shipped: Config, net: Net, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    for name in ("rules.yaml", "crawl.yaml"):
        (config_dir / name).write_text((shipped.directory / name).read_text(encoding="utf-8"), encoding="utf-8")
    crawl = config_dir / "crawl.yaml"
    crawl.write_text(crawl.read_text(encoding="utf-8").replace("127.0.0.1:15353", f"127.0.0.1:{net.dns_port}"),
                     encoding="utf-8")
    (config_dir / "units.yaml").write_text(
        f"units:\n  - id: u\n    name: 单位\n    level: county\n    sites:\n"
        f"      - {{id: up, name: 网站, url: '{net.url('www.up.test')}'}}\n", encoding="utf-8")
    monkeypatch.setenv("GOVMON_HOME", str(tmp_path / "var"))
    monkeypatch.delenv("GOVMON_DATABASE_URL", raising=False)
    result = CliRunner().invoke(app, ["probe", "--config", str(config_dir), "--rounds", "2", "--interval", "0"])
    assert result.exit_code == 0, result.output
    assert "第 2/2 轮：探测 2 次，失败 0 次" in result.output
    rows = stored(open_database(f"sqlite:///{tmp_path / 'var' / 'govmon.db'}"))
    assert [(p.site_id, p.ip_version, p.ok) for p in rows] == [("up", 4, True), ("up", 4, True),
                                                                ("up", 6, True), ("up", 6, True)]


# ---------------------------------------------------------------- SITE-DOWN over a simulated week

FIRST_DAY = date(2026, 3, 2)


def probe_week(engine: Engine, config: Config, net: Net, down: Callable[[int, int], bool]) -> None:
    """20 rounds a day for 7 days, spread over each day; www.up.test answers 503 when down(day, round)."""
    sync_config(engine, config)
    for day in range(7):
        for number in range(20):
            net.behaviour["www.up.test"] = lambda v, p, failing=down(day, number): (503 if failing else 200, 0)
            moment = day_start(FIRST_DAY + timedelta(days=day)) + timedelta(minutes=72 * number + 5)
            with time_machine.travel(moment, tick=False):
                run_round(engine, config)


def judged_on(engine: Engine, config: Config, today: date) -> list:
    with session_scope(engine) as session:
        run = CrawlRun(site_id="up", status="done")
        session.add(run)
        session.flush()
        facts = site_facts(session, run.id or 0, probes_since=today - timedelta(days=7))
    return list(site_down(facts, config.rules, today))


@pytest.mark.parametrize(("down", "expected"), [
    pytest.param(lambda day, n: day in (2, 3), ("veto", 40), id="down-two-days-of-seven"),
    pytest.param(lambda day, n: day == 4 and n < 5, ("warning", 5), id="5-of-140-is-3.6%"),
    pytest.param(lambda day, n: day == 4 and n < 4, None, id="4-of-140-is-2.9%"),
])
def test_a_site_down_for_part_of_a_week(shipped: Config, net: Net, database: Engine,
                                        down: Callable[[int, int], bool], expected: tuple | None) -> None:
    config = configure(shipped, net, {"up": net.url("www.up.test")}, key_columns=0)
    probe_week(database, config, net, down)
    last_day = FIRST_DAY + timedelta(days=6)
    findings = judged_on(database, config, last_day)
    assert [(f.severity, f.detail["failures"]) for f in findings] == ([expected] if expected else [])
    if findings:
        assert findings[0].detail["probes"] == 140 and findings[0].url == net.url("www.up.test")
    # rolled up ten days later, the same week is judged the same from its daily rollups
    with time_machine.travel(day_start(last_day + timedelta(days=10)), tick=False):
        rolled = roll_up(database, date.today(), config.rules.availability.window_days)
    assert (rolled.days, rolled.probes) == (7, 280)
    assert judged_on(database, config, last_day) == findings
    # and a week later still, the window holds nothing: not judged
    assert judged_on(database, config, last_day + timedelta(days=7)) == []


def test_a_site_whose_crawl_failed_is_still_judged_by_site_down(shipped: Config, net: Net, database: Engine) -> None:
    """Its homepage down, the crawl fails: SITE-DOWN is judged and fails the site; other findings stay as they were."""
    config = configure(shipped, net, {"up": net.url("www.up.test")})
    sync_config(database, config)
    now = utcnow()
    today = date.today()
    with session_scope(database) as session:
        earlier = Finding(fingerprint="earlier", code="HOME-STALE", unit_id="probe-unit", target="up",
                          severity="deduction", url=net.url("www.up.test"), first_seen=now, last_seen=now)
        session.add(earlier)
        session.add_all(Probe(site_id="up", url=net.url("www.up.test"), at=now - timedelta(minutes=10 * n),
                              ok=n % 4 != 0, error_class=None if n % 4 else "timeout", ip_version=4) for n in range(80))
        run = CrawlRun(site_id="up", status="failed", error="首页无法访问")
        session.add(run)
    with session_scope(database) as session:
        judge(session, config, run, today, now)
        verdict = score_and_store(session, config, "probe-unit", now)
        active = {(f.code, f.severity) for f in active_findings(session, "up")}
        scores = session.exec(select(Score).where(Score.site_id == "up")).all()
    assert active == {("SITE-DOWN", "veto"), ("HOME-STALE", "deduction")}
    assert verdict is not None and verdict.verdict == "fail" and verdict.veto_count == 1
    assert [score.verdict for score in scores] == ["fail"]


def test_a_failed_crawl_without_a_probe_veto_gets_no_verdict(shipped: Config, net: Net, database: Engine) -> None:
    config = configure(shipped, net, {"up": net.url("www.up.test")})
    sync_config(database, config)
    with session_scope(database) as session:
        run = CrawlRun(site_id="up", status="failed", error="抓取进程意外结束")
        session.add(run)
    with session_scope(database) as session:
        judge(session, config, run, date.today(), utcnow())
        assert score_and_store(session, config, "probe-unit", utcnow()) is None
        assert active_findings(session, "up") == []
