"""The `govmon` command line (see README.md and docs/cli.md)."""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import OperationalError

from checks.registry import STATUS_TITLES
from govmon.audit import AuditError, AuditReport, run_audit, score_and_store
from govmon.config import Config, ConfigError, default_config_dir, load_config
from govmon.findings import dismiss as dismiss_finding
from govmon.findings import restore as restore_finding
from govmon.models import utcnow
from govmon.storage import database_url, open_database, session_scope

app = typer.Typer(help="政府网站与政务新媒体监测（govmon）", no_args_is_help=True, add_completion=False)
console = Console(stderr=True)

ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="配置目录（默认：GOVMON_CONFIG 或 ./config）")
]


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


def _fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[bold red]{message}[/bold red]", soft_wrap=True)  # paths stay copyable
    return typer.Exit(code)


def _config(directory: Path | None) -> Config:
    try:
        return load_config(directory or default_config_dir())
    except ConfigError as error:
        raise _fail(f"{error}\n数据库未作任何改动。请修改后重试。") from None


def _database():  # type: ignore[no-untyped-def]
    url = database_url()
    try:
        return open_database(url), url
    except OperationalError as error:
        raise _fail(f"无法打开数据库 {url}：{error.orig}") from None


@app.command()
def validate(config_dir: ConfigOption = None) -> None:
    """检查配置文件是否正确（不改动数据库）。"""
    config = _config(config_dir)
    sites = len(config.sites())
    accounts = sum(len(unit.accounts) for unit in config.units)
    console.print(f"配置正确：{len(config.units)} 个单位，{sites} 个网站，{accounts} 个账号。")


@app.command()
def audit(
    unit: Annotated[str | None, typer.Option(help="只检查这个单位（units.yaml 中的 id）")] = None,
    site: Annotated[str | None, typer.Option(help="只检查这个网站（units.yaml 中的 id）")] = None,
    config_dir: ConfigOption = None,
    today: Annotated[str | None, typer.Option(help="以此日期为检查日（YYYY-MM-DD），默认今天")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="不继续上次中断的抓取，重新开始")] = False,
) -> None:
    """抓取网站、运行检查并评分（上次被中断的抓取会接着进行）。"""
    config = _config(config_dir)
    check_day = _parse_day(today)
    engine, url = _database()
    try:
        report = run_audit(config, engine, url, unit_id=unit, site_id=site, today=check_day,
                           console=console, fresh=fresh)
    except AuditError as error:
        raise _fail(str(error)) from None
    _print_report(config, report)


@app.command()
def probe(
    config_dir: ConfigOption = None,
    rounds: Annotated[int, typer.Option(min=1, help="探测轮数")] = 1,
    interval: Annotated[float | None, typer.Option(
        min=0, help="两轮开始之间的秒数（默认：一天按 rules.yaml 的 availability.probes_per_day 均分）")] = None,
) -> None:
    """可用性监测：探测一轮各网站首页和重点栏目能否打开（每天应探测 probes_per_day 轮，分布于全天）。"""
    from govmon.probes import run_rounds

    config = _config(config_dir)
    engine, _ = _database()
    every = interval if interval is not None else 24 * 3600 / config.rules.availability.probes_per_day
    run_rounds(engine, config, rounds, every, console)


def _parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise _fail(f"日期 {text} 格式不对，应为 YYYY-MM-DD") from None


def _print_report(config: Config, report: AuditReport) -> None:
    table = Table(title="检查结果")
    for column in ("单位", "网站", "抓取", "页面", "问题数", "说明"):
        table.add_column(column)
    for unit, site in config.sites():
        if site.id in report.runs:
            run = report.runs[site.id]
            state = {"done": "完成", "failed": "[red]失败[/red]"}.get(run.status, run.status)
            table.add_row(unit.name, site.name, state, str(run.pages), str(report.findings[site.id]),
                          run.error or "")
    console.print(table)
    scores = Table(title="单位评分")
    for column in ("单位", "结论", "得分", "单项否决", "预警"):
        scores.add_column(column)
    for unit_id, verdict in report.unit_verdicts.items():
        label = "[green]合格[/green]" if verdict.verdict == "pass" else "[red]不合格[/red]"
        scores.add_row(config.unit(unit_id).name, label, f"{verdict.score:.1f}",
                       str(verdict.veto_count), str(verdict.warning_count))
    console.print(scores)


@app.command()
def findings(
    format: Annotated[Format, typer.Option("--format", help="输出格式")] = Format.jsonl,
    unit: Annotated[str | None, typer.Option(help="只输出这个单位的问题")] = None,
    all_statuses: Annotated[bool, typer.Option("--all", help="包括已整改、已排除的问题")] = False,
) -> None:
    """输出问题清单（JSON Lines 或 CSV）。"""
    from govmon.exports import finding_records, write_csv, write_jsonl

    engine, _ = _database()
    with session_scope(engine) as session:
        records = finding_records(session, unit, include_closed=all_statuses)
    (write_jsonl if format == Format.jsonl else write_csv)(records, sys.stdout)


@app.command()
def dismiss(
    finding_id: Annotated[int, typer.Argument(help="问题编号（看板或问题清单中的 id）")],
    reason: Annotated[str, typer.Option("--reason", help="排除理由，将写入问题记录")],
    by: Annotated[str, typer.Option("--by", help="排除人（督查人员姓名）")],
    config_dir: ConfigOption = None,
) -> None:
    """将误报的问题标记为已排除（写明理由）；以后的检查不再计入，单位得分随即重算。"""
    _change_finding(config_dir, lambda session, now: dismiss_finding(session, finding_id, reason, by, now))


@app.command()
def restore(
    finding_id: Annotated[int, typer.Argument(help="问题编号")],
    config_dir: ConfigOption = None,
) -> None:
    """撤销排除：问题恢复为待整改，单位得分随即重算。"""
    _change_finding(config_dir, lambda session, now: restore_finding(session, finding_id))


def _change_finding(config_dir: Path | None, change) -> None:  # type: ignore[no-untyped-def]
    config = _config(config_dir)
    engine, _ = _database()
    now = utcnow()
    with session_scope(engine) as session:
        try:
            row = change(session, now)
        except (LookupError, ValueError) as error:
            raise _fail(str(error)) from None
        configured = any(unit.id == row.unit_id for unit in config.units)  # a unit removed since: no rescoring
        verdict = score_and_store(session, config, row.unit_id, now) if configured else None
        console.print(f"问题 {row.id}（{row.code}）现为：{STATUS_TITLES.get(row.status, row.status)}")
        if verdict is not None:
            console.print(f"{config.unit(row.unit_id).name} 重新评分：{verdict.score:.1f} 分，"
                          f"{'合格' if verdict.verdict == 'pass' else '不合格'}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
) -> None:
    """启动网页看板。"""
    engine, _ = _database()
    _serve(engine, host, port)


def _serve(engine, host: str, port: int) -> None:  # type: ignore[no-untyped-def]
    import uvicorn

    from dashboard.app import create_app

    console.print(f"看板地址：[bold]http://{host}:{port}/[/bold]（按 Ctrl+C 停止）")
    uvicorn.run(create_app(engine), host=host, port=port, log_level="warning")


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="演示站群的 HTTP 端口")] = 18080,
    dns_port: Annotated[int, typer.Option(help="演示 DNS 桩的端口")] = 15353,
    dashboard_port: Annotated[int, typer.Option(help="看板端口")] = 8000,
    serve_dashboard: Annotated[bool, typer.Option("--serve/--no-serve", help="检查后启动看板")] = True,
) -> None:
    """在本机启动内置演示站群，检查全部演示单位并打开看板。"""
    from govmon.demo.farm import Farm
    from govmon.democonfig import write_demo_config
    from govmon.probes import run_rounds

    with tempfile.TemporaryDirectory(prefix="govmon-demo-") as scratch:
        source = default_config_dir()
        config = _config(write_demo_config(source, Path(scratch), port, dns_port))
        engine, url = _database()
        with Farm(http_port=port, dns_port=dns_port):
            console.print(f"演示站群已启动：127.0.0.1 和 [::1] 端口 {port}，DNS 桩 127.0.0.1:{dns_port}")
            # availability is judged over many probes: the demo runs them back to back, where a
            # real deployment spreads probes_per_day rounds over each day
            rounds = config.rules.availability.min_probes  # the fewest SITE-DOWN judges on
            console.print(f"可用性监测：连续探测 {rounds} 轮（实际部署时每天分散探测）")
            run_rounds(engine, config, rounds, 0, console)
            _print_report(config, run_audit(config, engine, url, console=console))
            if serve_dashboard:
                _serve(engine, "127.0.0.1", dashboard_port)


if __name__ == "__main__":
    app()
