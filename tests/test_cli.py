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
