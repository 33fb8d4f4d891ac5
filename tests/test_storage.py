"""govmon/storage.py and govmon/models.py on SQLite and PostgreSQL: schema, time zones, JSON, config sync."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import Engine, func, inspect, text
from sqlmodel import Session, SQLModel, select

from govmon.config import load_config
from govmon.models import Account, CrawlRun, Finding, Page, Site, Unit
from govmon.storage import head_revision, make_engine, migrate, session_scope, sync_config, units

BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def synced(engine: Engine, config_dir: Path) -> Engine:
    sync_config(engine, load_config(config_dir))
    return engine


def count(engine: Engine, model: type[SQLModel]) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


# ---------------------------------------------------------------- migrations


def test_migrations_create_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert {"unit", "site", "account", "crawlrun", "page", "target", "link", "probe", "finding", "score"} <= tables
    assert "alembic_version" in tables


def test_migrations_match_the_models(engine: Engine) -> None:
    inspector = inspect(engine)
    for name, table in SQLModel.metadata.tables.items():
        assert {column["name"] for column in inspector.get_columns(name)} == set(table.columns.keys()), name


def test_migrate_is_idempotent(engine: Engine) -> None:
    before = set(inspect(engine).get_table_names())
    migrate(engine)
    migrate(engine)
    assert set(inspect(engine).get_table_names()) == before
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [head_revision()]


def test_migrate_keeps_data(synced: Engine) -> None:
    before = count(synced, Unit)
    migrate(synced)
    assert count(synced, Unit) == before > 0


# ---------------------------------------------------------------- time zones


def new_run(session: Session, started_at: datetime) -> CrawlRun:
    run = CrawlRun(site_id="qingshan-portal", started_at=started_at)
    session.add(run)
    session.commit()
    return run


def reread_run(engine: Engine, run_id: int | None) -> CrawlRun:
    with Session(engine) as session:  # a fresh session: the values come from the database
        run = session.get(CrawlRun, run_id)
        assert run is not None
        return run


def test_datetimes_come_back_aware_utc(synced: Engine) -> None:
    at = datetime(2022, 7, 26, 2, 30, 15, 123456, tzinfo=UTC)
    with Session(synced) as session:
        run_id = new_run(session, at).id
    run = reread_run(synced, run_id)
    assert run.started_at == at
    assert run.started_at.tzinfo is not None
    assert run.started_at.utcoffset() == timedelta(0)
    assert run.finished_at is None


def test_beijing_time_is_stored_as_the_same_instant_in_utc(synced: Engine) -> None:
    beijing = datetime(2022, 7, 26, 10, 30, tzinfo=BEIJING)
    with Session(synced) as session:
        run_id = new_run(session, beijing).id
    run = reread_run(synced, run_id)
    assert run.started_at == beijing
    assert (run.started_at.hour, run.started_at.utcoffset()) == (2, timedelta(0))
    assert run.started_at.tzinfo == UTC


def test_default_timestamps_are_aware(synced: Engine) -> None:
    with Session(synced) as session:
        run = CrawlRun(site_id="qingshan-portal")
        session.add(run)
        session.commit()
        run_id = run.id
    started = reread_run(synced, run_id).started_at
    assert started.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - started) < timedelta(minutes=5)


def test_a_naive_datetime_is_refused(synced: Engine) -> None:
    with Session(synced) as session:
        session.add(CrawlRun(site_id="qingshan-portal", started_at=datetime(2022, 7, 26, 10, 30)))
        with pytest.raises(sqlalchemy.exc.StatementError, match="naive datetime"):
            session.commit()
    assert count(synced, CrawlRun) == 0


def test_datetimes_compare_in_queries(synced: Engine) -> None:
    with Session(synced) as session:
        for hour in (1, 2, 3):
            new_run(session, datetime(2022, 7, 26, hour, tzinfo=UTC))
    with Session(synced) as session:
        # 10:30 in Beijing is 02:30 UTC
        later = session.exec(
            select(CrawlRun).where(CrawlRun.started_at > datetime(2022, 7, 26, 10, 30, tzinfo=BEIJING))
        ).all()
    assert [run.started_at.hour for run in later] == [3]


# ---------------------------------------------------------------- JSON


def test_json_columns_round_trip_chinese(synced: Engine) -> None:
    facts = {
        "meta": {"SiteName": "青山市人民政府门户网站", "SiteIDCode": "3601000001"},
        "items": [{"title": "关于做好2022年防汛工作的通知【转发】", "url": "http://a/1.html", "date": "2022-07-26"}],
        "published": None,
        "soft404": False,
        "text": "网站标识码：3601000001 赣ICP备11002306号-1 “引号” 《书名号》 ￥ 𠀀",
    }
    detail = {"anchor": "政务公开", "reason": "首页及二级页面均未找到带日期的信息", "count": 3}
    now = datetime(2022, 8, 1, tzinfo=UTC)
    with Session(synced) as session:
        run = new_run(session, now)
        page = Page(run_id=run.id, site_id="qingshan-portal", url="http://x/", final_url="http://x/", status=200,
                    depth=0, facts=facts, title="青山市人民政府")
        finding = Finding(fingerprint="f1", code="HOME-STALE", unit_id="qingshan", target="qingshan-portal",
                          severity="veto", url="http://x/", detail=detail, first_seen=now, last_seen=now)
        session.add_all([page, finding])
        session.commit()
        page_id, finding_id = page.id, finding.id
    with Session(synced) as session:
        assert session.get(Page, page_id).facts == facts  # type: ignore[union-attr]
        assert session.get(Finding, finding_id).detail == detail  # type: ignore[union-attr]
        assert session.get(Site, "qingshan-portal").extra_hosts == ["xxgk.qingshan.gov.cn"]  # type: ignore[union-attr]


# ---------------------------------------------------------------- config → database


def test_sync_config_inserts_units_sites_and_accounts(synced: Engine, config_dir: Path) -> None:
    config = load_config(config_dir)
    with Session(synced) as session:
        assert [unit.id for unit in units(session)] == sorted(unit.id for unit in config.units)
        site = session.get(Site, "qingshan-portal")
        assert site is not None
        assert (site.unit_id, site.name, site.kind, site.render, site.page_cap) == (
            "qingshan", "青山市人民政府门户网站", "portal", "never", 2000
        )
        account = session.get(Account, "hexi-wechat")
        assert account is not None
        assert (account.unit_id, account.platform, account.name) == ("hexi", "wechat", "河西发布")
        assert session.get(Unit, "hexi").parent_id == "qingshan"  # type: ignore[union-attr]
    assert count(synced, Site) == len(config.sites())
    assert count(synced, Account) == sum(len(unit.accounts) for unit in config.units)


def test_second_sync_updates_and_does_not_duplicate(synced: Engine, config_dir: Path, tmp_path: Path) -> None:
    before = (count(synced, Unit), count(synced, Site), count(synced, Account))
    edited = tmp_path / "config"
    shutil.copytree(config_dir, edited)
    units_yaml = edited / "units.yaml"
    units_yaml.write_text(
        units_yaml.read_text(encoding="utf-8")
        .replace("name: 青山市教育局\n", "name: 青山市教育体育局\n")
        .replace("name: 青山市教育局网站", "name: 青山市教育体育局网站")
        .replace("name: 青山教育", "name: 青山教体"),
        encoding="utf-8",
    )
    sync_config(synced, load_config(edited))
    sync_config(synced, load_config(edited))
    assert (count(synced, Unit), count(synced, Site), count(synced, Account)) == before
    with Session(synced) as session:
        assert session.get(Unit, "qingshan-jyj").name == "青山市教育体育局"  # type: ignore[union-attr]
        assert session.get(Site, "qingshan-jyj-site").name == "青山市教育体育局网站"  # type: ignore[union-attr]
        assert session.get(Account, "qingshan-jyj-weibo").name == "青山教体"  # type: ignore[union-attr]
        assert session.get(Unit, "qingshan").name == "青山市人民政府"  # type: ignore[union-attr]


def test_session_scope_rolls_back_on_error(synced: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(synced) as session:
        session.add(Unit(id="temp", name="临时单位", level="town"))
        session.flush()
        raise RuntimeError("boom")
    with Session(synced) as session:
        assert session.get(Unit, "temp") is None


# ---------------------------------------------------------------- SQLite specifics


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    try:
        migrate(engine)
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Site(id="orphan", unit_id="no-such-unit", name="孤儿网站", url="http://x/", kind="portal",
                         render="never", page_cap=1))
        with pytest.raises(sqlalchemy.exc.IntegrityError):
            session.commit()
