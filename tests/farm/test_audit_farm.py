"""A full audit of the demo farm through the real CLI: the findings equal the farm's answer key.

The farm serves on 127.0.0.1 and ::1 with its DNS stub; the crawler resolves every host name
through that stub; probe rounds (`govmon probe`) run before the audit, as the scheduler would
have run them. A miss or a false alarm for any site check judged here (JUDGED_CODES: every code
but the accounts', issue 6) fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from lxml import html
from sqlalchemy import func
from sqlmodel import Session, col, select

from dashboard.app import create_app
from govmon.config import load_config
from govmon.democonfig import write_demo_config
from govmon.demo.answers import fresh_decoys, seeded_defects
from govmon.demo.farm import Farm
from govmon.demo.site_hexi import ZWFW
from govmon.demo.site_qingshan import XXGK
from govmon.demo.tls import CA_NAME, CERT_DAYS_LEFT
from govmon.models import Finding, Page, Score, Target
from govmon.storage import make_engine

ROOT = Path(__file__).resolve().parents[2]
JUDGED_CODES = {
    "LINK-DEAD", "LINK-SUSPECT", "HOME-STALE", "COLUMN-STALE", "COLUMN-EMPTY",
    "DOC-VALIDITY-MISSING", "DOC-VALIDITY-STALE", "DOC-META-MISSING", "DOC-LATE", "DOC-NO-INTERPRETATION",
    "IDENT-MISSING", "IDENT-META", "DOMAIN-NOT-GOV", "PRIVACY-LEAK", "WORDING-ERROR", "HIDDEN-LINK",
    "TLS-CERT", "INTERACTION-UNANSWERED", "ANNUAL-REPORT-MISSING", "SITE-DOWN",
    "IPV6-NO-AAAA", "IPV6-UNREACHABLE", "IPV6-DNS", "IPV6-MISMATCH", "IPV6-DEPTH",
}
TEST_TIMEOUT_S = 5  # the farm's slow page answers after 10 s, so it times out here; a loaded
SLOW_SECONDS = 10  # 2-core CI machine still answers every other page well within 5 s
PROBE_ROUNDS = 60  # availability.min_probes: homepage probes enough for SITE-DOWN to judge


def govmon(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOVMON_HOME": str(home)}
    env.pop("GOVMON_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "govmon.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def farm() -> Iterator[Farm]:
    farm = Farm()
    farm.slow_seconds = SLOW_SECONDS
    with farm:
        yield farm


@pytest.fixture(scope="module")
def audited(farm: Farm, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One audit of the whole farm, then a second one, with their findings."""
    base = tmp_path_factory.mktemp("farm-audit")
    config = write_demo_config(ROOT / "config", base / "config", farm.http_port, farm.dns_port)
    rules = config / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        "  timeout_s: 15                      # 19号：超过 15 秒",
        f"  timeout_s: {TEST_TIMEOUT_S}                      # 19号：超过 15 秒"), encoding="utf-8")
    home = base / "var"
    today = farm.today.isoformat()
    probes = govmon(home, "probe", "--config", str(config), "--rounds", str(PROBE_ROUNDS), "--interval", "0")
    assert probes.returncode == 0, probes.stderr[-3000:]
    farm.reset_counters()  # the crawl meets the flaky homepage as it would without the probes
    first = govmon(home, "audit", "--config", str(config), "--today", today)
    first_findings = govmon(home, "findings", "--format", "jsonl")
    second = govmon(home, "audit", "--config", str(config), "--today", today)
    second_findings = govmon(home, "findings", "--format", "jsonl")
    as_csv = govmon(home, "findings", "--format", "csv", "--unit", "hexi")
    return {
        "runs": (first, second),
        "first": [json.loads(line) for line in first_findings.stdout.splitlines()],
        "second": [json.loads(line) for line in second_findings.stdout.splitlines()],
        "csv": as_csv.stdout,
        "home": home,
    }


def test_audits_succeed(audited: dict) -> None:
    for run in audited["runs"]:
        assert run.returncode == 0, run.stderr[-3000:]
        assert "失败" not in run.stderr, run.stderr[-3000:]
        assert "单位评分" in run.stderr


def _key(farm: Farm, confirmed_timeouts: bool) -> set[tuple[str, str]]:
    """The answer key; a dead link that only times out is a suspect until a second run confirms it."""
    return {("LINK-SUSPECT" if d.needs_timeout and not confirmed_timeouts else d.code, d.url)
            for d in seeded_defects(farm) if d.code in JUDGED_CODES}


def _judged(findings: list[dict]) -> set[tuple[str, str]]:
    return {(f["code"], f["url"]) for f in findings if f["code"] in JUDGED_CODES}


def test_findings_equal_the_answer_key(farm: Farm, audited: dict) -> None:
    """A single timeout is unconfirmed on the first audit and confirmed on the second."""
    for findings, confirmed in ((audited["first"], False), (audited["second"], True)):
        expected, found = _key(farm, confirmed), _judged(findings)
        assert found - expected == set(), "false alarms"
        assert expected - found == set(), "missed defects"


def test_severity_as_the_key_says(farm: Farm, audited: dict) -> None:
    """Early warnings in the key (e.g. a homepage 11 days old) are warnings, and vice versa."""
    warnings = {(d.code, d.url) for d in seeded_defects(farm) if d.severity == "warning"}
    for finding in audited["first"]:
        if finding["code"] in JUDGED_CODES and finding["code"] != "LINK-SUSPECT":
            assert ((finding["code"], finding["url"]) in warnings) == (finding["severity"] == "warning"), finding


def test_homepage_or_other_page_as_the_key_says(farm: Farm, audited: dict) -> None:
    where = {d.url: d.where for d in seeded_defects(farm) if d.code == "LINK-DEAD"}
    for finding in audited["first"]:
        if finding["code"] == "LINK-DEAD":
            assert finding["where"] == where[finding["url"]], finding["url"]
            assert finding["source_url"] and finding["detail"]["outcome"]


def test_no_decoy_is_flagged(farm: Farm, audited: dict) -> None:
    flagged = {f["url"] for f in audited["first"]}
    assert flagged.isdisjoint(fresh_decoys(farm))


def test_second_run_keeps_the_same_findings(farm: Farm, audited: dict) -> None:
    """Same problem, same finding; a confirmed timeout turns its suspect into a dead link."""
    timeouts = {d.url for d in seeded_defects(farm) if d.needs_timeout}
    first = {f["id"]: f for f in audited["first"] if f["url"] not in timeouts}
    second = {f["id"]: f for f in audited["second"]}
    assert first.keys() <= second.keys()
    confirmed = {second[i]["url"] for i in second.keys() - first.keys()}
    assert confirmed == timeouts
    for finding_id, finding in first.items():
        assert second[finding_id]["first_seen"] == finding["first_seen"]
        assert second[finding_id]["last_seen"] > finding["last_seen"]
        assert second[finding_id]["status"] == "open"


def test_csv_export_for_one_unit(audited: dict) -> None:
    rows = list(csv.DictReader(io.StringIO(audited["csv"])))
    assert rows and {row["unit"] for row in rows} == {"hexi"}
    assert any(row["code"] == "HOME-STALE" and row["severity"] == "veto" for row in rows)
    assert all(json.loads(row["detail"]) is not None for row in rows)


def test_gbk_site_is_decoded_including_mislabelled_pages(audited: dict) -> None:
    engine = make_engine(f"sqlite:///{audited['home'] / 'govmon.db'}")
    with Session(engine) as session:
        pages = session.exec(select(Page).where(Page.site_id == "qingshan-wjw-site")).all()
    assert len(pages) > 20
    encodings = {page.facts["encoding"] for page in pages if page.reused_from is None}
    assert encodings <= {"gbk", "gb18030"}, encodings
    for page in pages:
        assert "\ufffd" not in page.title and any("\u4e00" <= c <= "\u9fff" for c in page.title), page.url
        assert not any("\u0080" <= c <= "\u00ff" for c in page.title), f"mojibake in {page.url}"


def test_second_run_reuses_unchanged_pages(audited: dict) -> None:
    """The re-crawl asks with ETag/Last-Modified; 304 pages keep their facts and text."""
    engine = make_engine(f"sqlite:///{audited['home'] / 'govmon.db'}")
    with Session(engine) as session:
        last_run = session.exec(select(func.max(Page.run_id))).one()
        site_of_last = session.exec(select(Page.site_id).where(Page.run_id == last_run)).first()
        second = session.exec(select(Page).where(Page.site_id == site_of_last,
                                                 Page.run_id == last_run)).all()
    reused = [page for page in second if page.reused_from is not None]
    assert len(reused) >= len(second) // 2
    assert all(page.status == 304 and page.text_hash for page in reused)


def _first_pages(audited: dict) -> list[Page]:
    """The pages of each site's first audit."""
    engine = make_engine(f"sqlite:///{audited['home'] / 'govmon.db'}")
    with Session(engine) as session:
        first_runs = session.exec(select(func.min(Page.run_id)).group_by(Page.site_id)).all()
        return list(session.exec(select(Page).where(col(Page.run_id).in_(first_runs))).all())


def _column_facts(audited: dict) -> dict[str, dict]:
    return {page.url: page.facts["column"] for page in _first_pages(audited) if page.facts.get("column")}


def test_empty_columns_are_recorded(farm: Farm, audited: dict) -> None:
    columns = _column_facts(audited)
    for defect in seeded_defects(farm):
        if defect.code == "COLUMN-EMPTY":
            assert columns[defect.url]["empty"] is True, defect.url


def test_stale_columns_are_recorded_with_their_kind_and_newest_date(farm: Farm, audited: dict) -> None:
    columns = _column_facts(audited)
    windows = load_config(ROOT / "config").rules.columns.windows_days
    stale = [d for d in seeded_defects(farm) if d.code == "COLUMN-STALE"]
    assert stale
    for defect in stale:
        column = columns[defect.url]
        assert column["kind"] in windows, (defect.url, column["name"])
        assert column["newest"] is not None, defect.url
        age = (farm.today - date.fromisoformat(column["newest"])).days
        assert age >= windows[column["kind"]], (defect.url, column["name"], age)


def test_javascript_columns_are_read_as_a_browser_shows_them(farm: Farm, audited: dict) -> None:
    """jtj (render: auto) has two columns whose lists scripts write, from inline JSON and from a second
    request: read rendered, they hold the key's items (neither looks empty); no other page is rendered."""
    jtj = farm.sites["hexi-jtj-site"]
    pages = {page.url: page for page in _first_pages(audited) if urlsplit(page.url).hostname == jtj.host}
    scripted = {jtj.url(column.path): column for column in jtj.columns if column.scripted}
    assert {url for url, page in pages.items() if page.facts["rendered"]} == scripted.keys()
    for url, column in scripted.items():
        facts = pages[url].facts["column"]
        assert len(facts["items"]) == len(column.items) and facts["newest"] == column.newest().isoformat(), url


def test_robots_txt_is_honoured(farm: Farm, audited: dict) -> None:
    """zwfw.hexi.gov.cn's robots.txt: /cx/ is never fetched (its link is recorded as skipped), and its
    Crawl-delay of 1 s is raised to the 2 s floor between the crawler's requests to that host."""
    requests = [(at, path) for at, _, host, _, path, _ in farm.request_log if host == ZWFW]
    assert {"/robots.txt", "/", "/grbs/", "/frbs/"} <= {path for _, path in requests}
    assert not [path for _, path in requests if path.startswith("/cx/")]
    gaps = [later - earlier for (earlier, _), (later, _) in zip(requests, requests[1:])]
    # each request starts 2 s after the last; a busy crawl process may send one a little late
    assert min(gaps) >= 1.5, gaps
    logs = "".join(log.read_text(encoding="utf-8") for log in (audited["home"] / "logs").glob("crawl-*.log"))
    assert f"'govmon/crawl_delay/{ZWFW}': 2.0" in logs  # the delay the crawler applied
    engine = make_engine(f"sqlite:///{audited['home'] / 'govmon.db'}")
    with Session(engine) as session:
        disallowed = session.exec(select(Target).where(Target.url == farm.url(ZWFW, "/cx/bjcx.html"))).all()
    assert disallowed and {target.outcome for target in disallowed} == {"skipped"}


def test_https_host_is_crawled_and_its_certificate_kept(farm: Farm, audited: dict) -> None:
    """xxgk.qingshan.gov.cn is served over https with a certificate that expires in 20 days: its pages
    are read and checked all the same, and the certificate is kept once per audit."""
    pages = [page for page in _first_pages(audited) if urlsplit(page.url).hostname == XXGK]
    assert len(pages) >= 20 and all(page.url.startswith("https://") for page in pages)
    certificates = [page.facts["tls"] for page in pages if page.facts.get("tls")]
    assert len(certificates) == 1
    certificate = certificates[0]
    assert certificate["issuer"] == CA_NAME and not certificate["self_signed"] and certificate["host_matches"]
    assert certificate["not_after"][:10] == (farm.today + timedelta(days=CERT_DAYS_LEFT)).isoformat()


def test_hanweb_later_pages_are_posted_as_jpage_does(farm: Farm, audited: dict) -> None:
    """jyj's 政策文件 lists oldest first: its first page looks stale, so its second page, which the
    jpage script POSTs for (paging in the query, the column in the form), is read: fresh."""
    jyj = farm.sites["qingshan-jyj-site"]
    column = next(column for column in jyj.columns if column.oldest_first)
    first, later = (jyj.url(paths[0]) for paths in jyj.list_paths(column))
    columns = _column_facts(audited)
    assert columns[first]["later_pages_needed"] and columns[first]["pagination"] == [later]
    assert columns[later]["newest"] == column.newest().isoformat()
    posts = {path for _, _, host, method, path, _ in farm.request_log if host == jyj.host and method == "POST"}
    assert f"{urlsplit(later).path}?startrecord=16&endrecord=30&perpage=15" in posts


def _latest_scores(session: Session) -> list[Score]:
    newest = select(func.max(Score.id)).group_by(Score.unit_id, Score.site_id)
    return list(session.exec(select(Score).where(col(Score.id).in_(newest))))


def test_every_point_lost_traces_to_an_active_finding(audited: dict) -> None:
    """Each site's breakdown: its points lost sum to 100 − score and every id is an open finding of
    that site; every open deduction finding is either counted or listed as a repeat."""
    engine = make_engine(f"sqlite:///{audited['home'] / 'govmon.db'}")
    rules = load_config(ROOT / "config").rules.scoring
    ruled = {rule.code for rule in rules.deductions}
    with Session(engine) as session:
        scores = [score for score in _latest_scores(session) if score.site_id]
        active = {f.id: f for f in session.exec(select(Finding).where(col(Finding.status).in_(["open", "reopened"])))}
    assert scores
    lost_somewhere = False
    for score in scores:
        groups = score.breakdown["groups"]
        counted = [i for group in groups for item in group["items"] for i in item["finding_ids"]]
        vetoes = [i for veto in score.breakdown["vetoes"] for i in veto["finding_ids"]]
        listed = counted + vetoes + score.breakdown["repeats"]
        assert all(active[i].target == score.site_id for i in listed), score.site_id
        mine = {i for i, f in active.items() if f.target == score.site_id}
        expected = {i for i in mine if active[i].severity == "veto"
                    or (active[i].severity == "deduction" and active[i].code in ruled)}
        assert set(listed) == expected, score.site_id
        assert round(100 - sum(group["lost"] for group in groups), 2) == score.score
        lost_somewhere |= bool(counted)
    assert lost_somewhere


def test_dashboard_breakdown_links_the_findings_behind_each_point(audited: dict) -> None:
    engine = make_engine(f"sqlite:///{audited['home'] / 'govmon.db'}")
    with Session(engine) as session:
        unit_scores = [score for score in _latest_scores(session) if score.site_id is None]
    client = TestClient(create_app(engine))
    for score in unit_scores:
        doc = html.fromstring(client.get(f"/units/{score.unit_id}").text)
        items = [item for group in score.breakdown["groups"] for item in group["items"]]
        rows = doc.xpath('//table[@id="deductions"]/tbody/tr[not(@class="group-row")]')
        assert len(rows) == len(items), score.unit_id
        for row, item in zip(rows, items):
            linked = [int(h.rsplit("/", 1)[1]) for h in row.xpath('.//a[@class="finding-link"]/@href')]
            assert linked == item["finding_ids"][:len(linked)] and linked, score.unit_id
