"""The CLI as a clerk meets it: clear errors, nothing written when config is wrong."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmon.cli import app
from govmon.config import load_config

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOVMON_HOME", str(tmp_path / "var"))
    monkeypatch.delenv("GOVMON_DATABASE_URL", raising=False)
    return tmp_path / "var"


@pytest.fixture
def broken_config(config_dir: Path, tmp_path: Path) -> Path:
    broken = tmp_path / "config"
    shutil.copytree(config_dir, broken)
    units = broken / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("kind: portal", "kind: portl", 1),
                     encoding="utf-8")
    return broken


def _digest(path: Path) -> str:
    """The database's content (WAL included), not its file bytes, which checkpoints rewrite."""
    with sqlite3.connect(path) as connection:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()


def test_validate_accepts_the_shipped_config(config_dir: Path, home: Path) -> None:
    config = load_config(config_dir)
    result = runner.invoke(app, ["validate", "--config", str(config_dir)])
    assert result.exit_code == 0
    assert f"配置正确：{len(config.units)} 个单位，{len(config.sites())} 个网站" in result.output
    assert not home.exists()  # validating never creates a database


def test_malformed_config_is_named_and_the_database_is_untouched(
    broken_config: Path, home: Path
) -> None:
    created = runner.invoke(app, ["findings"])  # creates and migrates an empty database
    assert created.exit_code == 0, created.output
    database = home / "govmon.db"
    before = _digest(database)
    result = runner.invoke(app, ["audit", "--config", str(broken_config)])
    assert result.exit_code == 2
    line = 1 + (broken_config / "units.yaml").read_text(encoding="utf-8").splitlines().index(
        "        kind: portl")
    assert f"units.yaml 第 {line} 行" in result.output
    assert "units[0].sites[0].kind" in result.output
    assert "数据库未作任何改动" in result.output
    assert _digest(database) == before


def test_malformed_config_creates_no_database(broken_config: Path, home: Path) -> None:
    result = runner.invoke(app, ["audit", "--config", str(broken_config)])
    assert result.exit_code == 2
    assert not (home / "govmon.db").exists()


def test_unknown_unit_is_a_clear_error(config_dir: Path, home: Path) -> None:
    result = runner.invoke(app, ["audit", "--config", str(config_dir), "--unit", "nowhere"])
    assert result.exit_code == 2
    assert "单位 nowhere 不在" in result.output


def test_bad_date_is_a_clear_error(config_dir: Path, home: Path) -> None:
    result = runner.invoke(app, ["audit", "--config", str(config_dir), "--today", "22/11/2026"])
    assert result.exit_code == 2
    assert "格式不对" in result.output


def test_findings_on_an_empty_database(home: Path) -> None:
    as_json = runner.invoke(app, ["findings", "--format", "jsonl"])
    as_csv = runner.invoke(app, ["findings", "--format", "csv"])
    assert as_json.exit_code == 0 and as_json.stdout == ""
    assert as_csv.stdout.splitlines()[0].startswith("id,code,title,unit,target,severity,url")
    with pytest.raises(json.JSONDecodeError):
        json.loads(as_json.stdout or "")


def _audited_database(config_dir: Path) -> tuple[object, list[int]]:
    """The database as after one audit of qingshan's portal: a finished run and two dead links."""
    from datetime import UTC, datetime

    from checks.registry import Finding
    from govmon.findings import record
    from govmon.models import CrawlRun
    from govmon.storage import database_url, open_database, session_scope, sync_config

    engine = open_database(database_url())
    sync_config(engine, load_config(config_dir))
    now = datetime(2026, 11, 20, 2, tzinfo=UTC)
    with session_scope(engine) as session:
        session.add(CrawlRun(site_id="qingshan-portal", status="done", started_at=now, finished_at=now))
        rows = record(session, "qingshan", "qingshan-portal", ["LINK-DEAD"], [
            Finding("LINK-DEAD", "qingshan-portal", "deduction", f"http://www.qingshan.gov.cn/{name}.html",
                    source_url="http://www.qingshan.gov.cn/", where="homepage") for name in ("old", "intranet")
        ], run_id=1, now=now)
        ids = [row.id or 0 for row in rows]
    return engine, ids


def test_a_supervisor_dismisses_a_false_alarm_and_the_unit_is_rescored(config_dir: Path, home: Path) -> None:
    from sqlmodel import Session, select

    from govmon.models import Finding as FindingRow
    from govmon.models import Score

    engine, (real, false_alarm) = _audited_database(config_dir)
    result = runner.invoke(app, ["dismiss", str(false_alarm), "--reason", "内网地址，外网本就无法访问",
                                 "--by", "张三", "--config", str(config_dir)])
    assert result.exit_code == 0, result.output
    assert "已排除" in result.output and "重新评分：99.0 分" in result.output  # one homepage dead link left
    with Session(engine) as session:
        row = session.get(FindingRow, false_alarm)
        assert row is not None and row.status == "dismissed"
        assert row.note is not None and row.note.startswith("内网地址，外网本就无法访问（张三，")
        unit_score = session.exec(select(Score).where(Score.site_id == None)).one()  # noqa: E711
        assert unit_score.score == 99.0
        assert [i for g in unit_score.breakdown["groups"] for item in g["items"]
                for i in item["finding_ids"]] == [real]

    restored = runner.invoke(app, ["restore", str(false_alarm), "--config", str(config_dir)])
    assert restored.exit_code == 0 and "待整改" in restored.output and "98.0 分" in restored.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["dismiss", "999", "--reason", "误报", "--by", "张三"], "没有编号为 999 的问题"),
        (["dismiss", "{id}", "--reason", " ", "--by", "张三"], "须写明理由和排除人"),
        (["restore", "{id}"], "未被排除"),
    ],
)
def test_dismiss_and_restore_errors_say_what_to_fix(config_dir: Path, home: Path, args: list[str],
                                                    words: str) -> None:
    _, (finding_id, _) = _audited_database(config_dir)
    result = runner.invoke(app, [a.format(id=finding_id) for a in args] + ["--config", str(config_dir)])
    assert result.exit_code == 2 and words in result.output
