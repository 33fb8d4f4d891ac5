"""The dashboard's fixture database: a real migrated SQLite file, filled through the models.

Ranking by latest unit-level score (pass first, then score) must come out as
    1 青山市教育局 92.0 · 2 青山市公安局 85.3(4) · 2 青山市人民政府 85.3 ·
    4 白云县人民政府 70.0 不合格 · 5 青山市卫生健康委员会 55.0 不合格 · — 荷花镇人民政府 尚未评分
although units are inserted in another order, 青山市人民政府 has a newer site score of 100.0 and an
older failing unit score, and 卫健委 passed with 99.0 before its latest score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from govmon.models import Account, CrawlRun, Finding, Score, Site, Unit
from govmon.storage import open_database, session_scope

NOW = datetime(2025, 3, 10, 2, 30, tzinfo=UTC)  # 2025-03-10 10:30 in Beijing
HOSTILE_ANCHOR = '<script>alert("xss")</script>政务公开'
HOSTILE_URL = "javascript:alert(document.cookie)"

RANKING = [  # (rank, unit name, score, verdict title) as the overview must show them
    ("1", "青山市教育局", "92.0", "合格"),
    ("2", "青山市公安局", "85.3", "合格"),  # 85.34: ahead, but the same rank as shown
    ("2", "青山市人民政府", "85.3", "合格"),
    ("4", "白云县人民政府", "70.0", "不合格"),
    ("5", "青山市卫生健康委员会", "55.0", "不合格"),
    ("—", "荷花镇人民政府", "—", "尚未评分"),
]


@dataclass
class FixtureDB:
    engine: Engine
    ids: dict[str, int] = field(default_factory=dict)  # finding name → Finding.id


UNITS = [  # (id, name, level, parent), deliberately not in ranking order
    ("hehua", "荷花镇人民政府", "town", "baiyun"),
    ("qingshan-wjw", "青山市卫生健康委员会", "department", "qingshan"),
    ("baiyun", "白云县人民政府", "county", "qingshan"),
    ("qingshan", "青山市人民政府", "city", None),
    ("qingshan-gaj", "青山市公安局", "department", "qingshan"),
    ("qingshan-jyj", "青山市教育局", "department", "qingshan"),
]

SITES = [
    ("qingshan-portal", "qingshan", "青山市人民政府门户网站", "http://www.qingshan.gov.cn/", "portal"),
    ("qingshan-jyj-site", "qingshan-jyj", "青山市教育局网站", "http://jyj.qingshan.gov.cn/", "department"),
    ("qingshan-gaj-site", "qingshan-gaj", "青山市公安局网站", "http://gaj.qingshan.gov.cn/", "department"),
    ("qingshan-gaj-jj", "qingshan-gaj", "青山市公安局交警支队网站", "http://jj.qingshan.gov.cn/",
     "department"),
    ("qingshan-wjw-site", "qingshan-wjw", "青山市卫健委网站", "http://wjw.qingshan.gov.cn/", "department"),
    ("baiyun-portal", "baiyun", "白云县人民政府门户网站", "http://www.baiyun.gov.cn/", "portal"),
]

PORTAL = "http://www.qingshan.gov.cn/"

QS = ("qingshan", "qingshan-portal")
BY = ("baiyun", "baiyun-portal")
DEAD, DEDUCT = "LINK-DEAD", "deduction"
HOME, OTHER = "homepage", "other"

# name: (unit, target, code, severity, url, source_url, where, status, detail)
FINDINGS: dict[str, tuple[Any, ...]] = {
    "dead_home_1": (*QS, DEAD, DEDUCT, PORTAL + "zwgk/old.html", PORTAL, HOME, "open",
                    {"status": 404, "outcome": "http", "anchor": "政务公开", "kind": "page"}),
    "dead_home_2": (*QS, DEAD, DEDUCT, PORTAL + "files/plan.pdf", PORTAL, HOME, "reopened",
                    {"outcome": "timeout", "error": "read timeout", "kind": "attachment"}),
    "dead_other_hostile": (*QS, DEAD, DEDUCT, PORTAL + "a?x=<b>bold</b>", PORTAL + "xxgk/", OTHER,
                           "open", {"status": 500, "outcome": "http", "anchor": HOSTILE_ANCHOR,
                                    "kind": "page", "cms_hint": "TRS WCM",
                                    "redirects": [PORTAL + "a", PORTAL + "a?x=<b>bold</b>"]}),
    "dead_other_fixed": (*QS, DEAD, DEDUCT, PORTAL + "gone.html", PORTAL + "xxgk/", OTHER, "fixed",
                         {"status": 404, "outcome": "http"}),
    "stale_col_1": (*QS, "COLUMN-STALE", DEDUCT, PORTAL + "zcwj/", PORTAL, None, "open",
                    {"column": "政策文件", "newest_date": "2024-08-01", "age_days": 221}),
    "stale_col_2": (*QS, "COLUMN-STALE", DEDUCT, PORTAL + "gfxwj/", PORTAL, None, "open",
                    {"column": "规范性文件", "newest_date": "2024-07-15", "age_days": 238}),
    "doc_validity": (*QS, "DOC-VALIDITY-MISSING", DEDUCT, PORTAL + "zcwj/t20240801_1.html",
                     PORTAL + "zcwj/", OTHER, "open", {}),
    "no_aaaa": (*QS, "IPV6-NO-AAAA", DEDUCT, PORTAL, None, None, "open",
                {"domain": "www.qingshan.gov.cn"}),
    "ident_meta": (*QS, "IDENT-META", DEDUCT, PORTAL, None, HOME, "open",
                   {"missing": ["SiteIDCode"]}),
    "ident_dismissed": (*QS, "IDENT-MISSING", DEDUCT, PORTAL, None, HOME, "dismissed",
                        {"missing": ["网站标识码"]}),
    "suspect": (*QS, "LINK-SUSPECT", "warning", "http://www.example.com/", PORTAL, HOME, "open",
                {"status": 403, "outcome": "blocked"}),
    "tls": (*QS, "TLS-CERT", "warning", "https://www.qingshan.gov.cn/", None, None, "open",
            {"not_after": "2025-03-30"}),
    "dormant": ("qingshan-jyj", "qingshan-jyj-weibo", "ACCOUNT-DORMANT", "warning",
                "http://rss.example.test/weibo/qsjy.xml", None, None, "open", {"age_days": 120}),
    "home_stale": (*BY, "HOME-STALE", "veto", "http://www.baiyun.gov.cn/", None, HOME, "open",
                   {"basis": "homepage", "age_days": 37, "threshold_days": 14,
                    "newest_date": "2025-02-01", "newest_title": "白云县召开春耕工作会议",
                    "newest_url": "http://www.baiyun.gov.cn/xwdt/t20250201_1.html"}),
    "hidden_link": (*BY, "HIDDEN-LINK", "veto", HOSTILE_URL, "http://www.baiyun.gov.cn/", HOME,
                    "open", {"anchor": "博彩"}),
    "gaj_meta": ("qingshan-gaj", "qingshan-gaj-site", "IDENT-META", DEDUCT,
                 "http://gaj.qingshan.gov.cn/", None, HOME, "open", {"missing": ["SiteName"]}),
    "gaj_jj_meta": ("qingshan-gaj", "qingshan-gaj-jj", "IDENT-META", DEDUCT,
                    "http://jj.qingshan.gov.cn/", None, HOME, "open", {"missing": ["SiteName"]}),
}
QINGSHAN_OPEN = ["dead_home_1", "dead_home_2", "dead_other_hostile", "stale_col_1", "stale_col_2",
                 "doc_validity", "no_aaaa", "ident_meta", "suspect", "tls"]
WJW_DEAD_LINKS = 55  # more than one page of 50


def _finding(name: str, spec: tuple[Any, ...], first_seen: datetime) -> Finding:
    unit_id, target, code, severity, url, source_url, where, status, detail = spec
    return Finding(fingerprint=name, code=code, unit_id=unit_id, target=target, severity=severity,
                   url=url, source_url=source_url, where=where, detail=detail,
                   first_seen=first_seen, last_seen=NOW - timedelta(hours=1), status=status,
                   run_id=2 if unit_id == "qingshan" else None)


def _item(code: str, where: str | None, points: float, ids: list[int]) -> dict[str, Any]:
    return {"code": code, "where": where, "points": points, "count": len(ids),
            "lost": round(points * len(ids), 1), "finding_ids": ids}


def _group(group: str, name: str, cap: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"group": group, "name": name, "cap": cap, "items": items,
            "lost": min(cap, round(sum(item["lost"] for item in items), 1))}


def _score(unit_id: str, verdict: str, score: float, *, at: datetime = NOW,
           site_id: str | None = None, vetoes: int = 0, warnings: int = 0,
           breakdown: dict[str, Any] | None = None) -> Score:
    return Score(unit_id=unit_id, site_id=site_id, computed_at=at, verdict=verdict, score=score,
                 veto_count=vetoes, warning_count=warnings, breakdown=breakdown or {})


def build(where: Path | str) -> FixtureDB:
    """Create and fill the fixture database: an SQLite file at a path, or any database URL."""
    db = FixtureDB(open_database(f"sqlite:///{where}" if isinstance(where, Path) else where))
    with session_scope(db.engine) as session:
        session.add_all(Unit(id=i, name=n, level=lv, parent_id=p) for i, n, lv, p in UNITS)
        session.flush()
        session.add_all(Site(id=i, unit_id=u, name=n, url=url, kind=k, render="never", page_cap=500)
                        for i, u, n, url, k in SITES)
        session.add_all([
            Account(id="qingshan-wechat", unit_id="qingshan", platform="wechat", name="青山发布",
                    url="http://rss.example.test/wechat/qsfb.xml"),
            Account(id="qingshan-jyj-weibo", unit_id="qingshan-jyj", platform="weibo", name="青山教育",
                    url="http://rss.example.test/weibo/qsjy.xml"),
        ])
        session.flush()  # no relationships declared: the unit of work does not order by foreign key
        session.add_all([
            CrawlRun(site_id="qingshan-portal", started_at=NOW - timedelta(days=1), status="failed",
                     finished_at=NOW - timedelta(days=1), error="DNS failure"),
            CrawlRun(site_id="qingshan-portal", started_at=NOW - timedelta(hours=3), status="done",
                     finished_at=NOW - timedelta(hours=2), pages=412, targets=3021),
            CrawlRun(site_id="qingshan-jyj-site", started_at=NOW - timedelta(minutes=20), pages=37),
        ])
        first = datetime(2025, 3, 1, 16, 5, tzinfo=UTC)  # 2025-03-02 00:05 in Beijing
        rows = {name: _finding(name, spec, first) for name, spec in FINDINGS.items()}
        for n in range(WJW_DEAD_LINKS):
            rows[f"wjw_dead_{n}"] = _finding(f"wjw_dead_{n}", (
                "qingshan-wjw", "qingshan-wjw-site", "LINK-DEAD", "deduction",
                f"http://wjw.qingshan.gov.cn/old/{n}.html", "http://wjw.qingshan.gov.cn/", "other",
                "open", {"status": 404}), first + timedelta(minutes=n))
        rows["wjw_no_aaaa"] = _finding("wjw_no_aaaa", ("qingshan-wjw", "qingshan-wjw-site",
                                       "IPV6-NO-AAAA", "deduction", "http://wjw.qingshan.gov.cn/",
                                       None, None, "open", {}), first)
        session.add_all(rows.values())
        session.flush()
        db.ids = {name: row.id for name, row in rows.items() if row.id is not None}
        session.add_all(_scores(db.ids))
    return db


def _scores(ids: dict[str, int]) -> list[Score]:
    i = ids.__getitem__
    qingshan = {
        "vetoes": [],
        "groups": [
            _group("availability", "可用性", 15, [
                _item("LINK-DEAD", "homepage", 1.0, [i("dead_home_1"), i("dead_home_2")]),
                _item("LINK-DEAD", "other", 0.1, [i("dead_other_hostile"), i("dead_other_fixed")]),
            ]),
            _group("updates", "信息更新", 20, [
                {**_item("COLUMN-STALE", None, 5.0, [i("stale_col_1"), i("stale_col_2")]),
                 "item": "政策文件一级栏目6个月未更新"}]),
            _group("publication", "发布解读", 20, [
                _item("DOC-VALIDITY-MISSING", "other", 0.5, [i("doc_validity")])]),
            _group("design", "功能设计", 15, [
                _item("IPV6-NO-AAAA", None, 1.0, [i("no_aaaa")]),
                _item("IDENT-META", "homepage", 1.0, [i("ident_meta")]),
            ]),
        ],
        "deductions": 14.7, "bonus": 0, "sites": ["qingshan-portal"],
        "repeats": [i("doc_validity")],
        "measures": {"interpretation_rate": {"numerator": 7, "denominator": 10, "value": 0.7, "threshold": 0.9},
                     "no-such-measure": {"numerator": 1, "denominator": 1, "value": 1.0, "threshold": None}},
    }
    wjw_dead = [i(f"wjw_dead_{n}") for n in range(WJW_DEAD_LINKS)]
    wjw = {"vetoes": [], "deductions": 45.0, "bonus": 0, "sites": ["qingshan-wjw-site"], "groups": [
        _group("availability", "可用性", 15, [_item("LINK-DEAD", "other", 0.1, wjw_dead)]),
        _group("updates", "信息更新", 20, [_item("COLUMN-STALE", None, 5.0, [])])]}
    baiyun = {"vetoes": [{"code": "HOME-STALE", "finding_ids": [i("home_stale")]},
                         {"code": "HIDDEN-LINK", "finding_ids": [i("hidden_link")]}],
              "groups": [], "deductions": 0, "bonus": 0, "sites": ["baiyun-portal"]}
    gaj = {  # as govmon.scoring.score_unit writes it for two sites: items carry their site
        "sites": ["qingshan-gaj-site", "qingshan-gaj-jj"],
        "vetoes": [], "deductions": 1.0, "bonus": 0,
        "groups": [{"group": "design", "name": "功能设计", "cap": 15, "lost": 1.0, "items": [
            {**_item("IDENT-META", "any", 1.0, [i("gaj_meta")]), "site": "qingshan-gaj-site"},
            {**_item("IDENT-META", "any", 1.0, [i("gaj_jj_meta")]), "site": "qingshan-gaj-jj"}]}]}
    earlier = NOW - timedelta(days=2)
    return [
        _score("qingshan", "fail", 40.0, at=earlier),
        _score("qingshan", "pass", 85.3, warnings=2, breakdown=qingshan),
        _score("qingshan", "pass", 85.3, site_id="qingshan-portal", warnings=2, breakdown=qingshan),
        _score("qingshan", "pass", 100.0, at=NOW + timedelta(minutes=5), site_id="qingshan-portal"),
        _score("qingshan-jyj", "pass", 92.0, warnings=1,
               breakdown={"groups": [_group("design", "功能设计", 15, [])], "deductions": 8.0}),
        _score("qingshan-jyj", "pass", 92.0, site_id="qingshan-jyj-site"),
        _score("qingshan-gaj", "pass", 85.34, at=earlier, breakdown=gaj),
        _score("baiyun", "fail", 70.0, vetoes=2, breakdown=baiyun),
        _score("qingshan-wjw", "pass", 99.0, at=earlier),
        _score("qingshan-wjw", "fail", 55.0, breakdown=wjw),
    ]
