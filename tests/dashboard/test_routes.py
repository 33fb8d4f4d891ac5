"""The dashboard's pages through FastAPI's TestClient, on the SQLite fixture from fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html
from sqlmodel import Session

from dashboard import queries
from dashboard.app import create_app
from govmon.storage import make_engine
from tests.dashboard.fixtures import (
    HOSTILE_URL,
    QINGSHAN_OPEN,
    RANKING,
    WJW_DEAD_LINKS,
    FixtureDB,
    build,
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> FixtureDB:
    return build(tmp_path_factory.mktemp("dashboard") / "govmon.db")


@pytest.fixture(scope="module")
def client(db: FixtureDB) -> TestClient:
    return TestClient(create_app(db.engine))


def page(client: TestClient, url: str, status: int = 200) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return html.fromstring(response.text)


def cells(row: html.HtmlElement) -> list[str]:
    return [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]


def finding_ids(doc: html.HtmlElement) -> list[int]:
    return [int(i) for i in doc.xpath('//table[@id="findings-table"]/tbody/tr/@data-finding-id')]


def linked_ids(element: html.HtmlElement) -> list[int]:
    hrefs = element.xpath('.//a[@class="finding-link"]/@href')
    return [int(href.rsplit("/", 1)[1]) for href in hrefs]


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"


def test_overview_ranks_pass_before_fail_then_by_score(client: TestClient) -> None:
    rows = page(client, "/").xpath('//table[@id="ranking"]/tbody/tr')
    shown = [(c[0], c[1], c[6], c[4]) for c in map(cells, rows)]
    assert shown == RANKING


def test_overview_uses_latest_unit_score_not_site_score(client: TestClient) -> None:
    ranking = page(client, "/").xpath('//table[@id="ranking"]/tbody/tr')
    rows = {cells(r)[1]: cells(r) for r in ranking}
    qingshan = rows["青山市人民政府"]
    assert qingshan[6] == "85.3"  # not the newer site score 100.0, nor the older unit score 40.0
    assert qingshan[7] == "2"  # 预警数
    assert qingshan[8] == str(len(QINGSHAN_OPEN))  # 问题数: open and reopened only
    assert qingshan[9] == "2025-03-10 10:30"  # Beijing time
    assert rows["白云县人民政府"][4] == "不合格"
    assert rows["白云县人民政府"][5] == "2"  # 单项否决数
    assert rows["青山市卫生健康委员会"][4] == "不合格"  # its older 合格 99.0 is superseded
    assert rows["荷花镇人民政府"][2:] == ["乡镇级", "白云县人民政府", "尚未评分", "—", "—", "—", "0", ""]


def test_queries_on_each_database(database_url: str) -> None:
    """The window functions and CASE ordering also run on PostgreSQL (production)."""
    db = build(database_url)
    try:
        with Session(db.engine) as session:
            board = queries.leaderboard(session)
            ranked = [(str(row.rank or "—"), row.unit.name) for row in board]
            assert ranked == [(rank, name) for rank, name, _, _ in RANKING]
            listed = queries.unit_findings(session, "qingshan", "open", "", 1)
            assert sorted(f.id for f in listed.rows) == sorted(db.ids[n] for n in QINGSHAN_OPEN)
            assert [f.severity for f in listed.rows][-2:] == ["warning", "warning"]
            assert queries.latest_runs(session, ["qingshan-portal"])["qingshan-portal"].pages == 412
    finally:
        db.engine.dispose()


def test_failing_unit_is_marked(client: TestClient) -> None:
    doc = page(client, "/")
    failing = doc.xpath('//table[@id="ranking"]//span[contains(@class, "verdict-fail")]/text()')
    assert failing == ["不合格", "不合格"]


def test_unit_page_lists_exactly_the_open_findings(client: TestClient, db: FixtureDB) -> None:
    doc = page(client, "/units/qingshan")
    assert sorted(finding_ids(doc)) == sorted(db.ids[name] for name in QINGSHAN_OPEN)
    assert db.ids["dead_other_fixed"] not in finding_ids(doc)
    assert db.ids["ident_dismissed"] not in finding_ids(doc)
    assert "重新出现" in doc.xpath('//table[@id="findings-table"]')[0].text_content()


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?status=all", [*QINGSHAN_OPEN, "dead_other_fixed", "ident_dismissed"]),
        ("?status=fixed", ["dead_other_fixed"]),
        ("?status=dismissed", ["ident_dismissed"]),
        ("?status=open&code=COLUMN-STALE", ["stale_col_1", "stale_col_2"]),
        ("?status=all&code=LINK-DEAD",
         ["dead_home_1", "dead_home_2", "dead_other_hostile", "dead_other_fixed"]),
        ("?status=bogus", QINGSHAN_OPEN),  # an unknown filter falls back to the default
        ("?code=NO-SUCH-CODE", []),
    ],
)
def test_unit_page_filters(client: TestClient, db: FixtureDB, query: str, names: list[str]) -> None:
    doc = page(client, "/units/qingshan" + query)
    assert sorted(finding_ids(doc)) == sorted(db.ids[name] for name in names)


def test_findings_table_columns(client: TestClient, db: FixtureDB) -> None:
    doc = page(client, "/units/qingshan")
    row = doc.xpath(f'//tr[@data-finding-id="{db.ids["dead_home_1"]}"]')[0]
    assert cells(row) == [
        str(db.ids["dead_home_1"]), "链接不可用 LINK-DEAD", "扣分", "青山市人民政府门户网站",
        "http://www.qingshan.gov.cn/zwgk/old.html", "http://www.qingshan.gov.cn/", "首页",
        "2025-03-02 00:05", "2025-03-10 09:30", "待整改",
    ]


def test_findings_are_paged_by_fifty(client: TestClient) -> None:
    first = page(client, "/units/qingshan-wjw")
    assert len(finding_ids(first)) == 50
    assert "第 1 / 2 页" in first.text_content()
    second = page(client, "/units/qingshan-wjw?status=open&code=&page=2")
    assert len(finding_ids(second)) == WJW_DEAD_LINKS + 1 - 50
    assert not set(finding_ids(first)) & set(finding_ids(second))
    assert finding_ids(page(client, "/units/qingshan-wjw?page=99")) == finding_ids(second)
    next_link = first.xpath('//nav[@class="pager"]/a/@href')
    assert next_link == ["?status=open&code=&page=2#findings"]


def test_breakdown_links_point_to_the_findings_behind_each_point(
    client: TestClient, db: FixtureDB
) -> None:
    doc = page(client, "/units/qingshan")
    rows = doc.xpath('//table[@id="deductions"]/tbody/tr[not(@class="group-row")]')
    by_item = {(cells(r)[0], cells(r)[1]): (cells(r)[2:5], linked_ids(r)) for r in rows}
    ids = db.ids
    assert by_item[("链接不可用 LINK-DEAD", "首页")] == (
        ["1.0", "2", "2.0"], [ids["dead_home_1"], ids["dead_home_2"]])
    assert by_item[("链接不可用 LINK-DEAD", "其他页面")] == (
        ["0.1", "2", "0.2"], [ids["dead_other_hostile"], ids["dead_other_fixed"]])
    assert by_item[("政策文件一级栏目6个月未更新 COLUMN-STALE", "—")][1] == [ids["stale_col_1"], ids["stale_col_2"]]
    groups = [cells(r) for r in doc.xpath('//table[@id="deductions"]//tr[@class="group-row"]')]
    assert [g[0] for g in groups] == ["2.2", "10.0", "0.5", "2.0"]  # the <th> holds the name
    assert "合计扣分" in doc.xpath('//table[@id="deductions"]/tfoot')[0].text_content()


def test_breakdown_lists_repeats_and_measures(client: TestClient, db: FixtureDB) -> None:
    doc = page(client, "/units/qingshan")
    assert linked_ids(doc.xpath('//p[@id="repeats"]')[0]) == [db.ids["doc_validity"]]
    rows = [cells(r) for r in doc.xpath('//table[@id="measures"]/tbody/tr')]
    assert rows == [["解读率（未达标）", "70.0%", "90%", "7 / 10"], ["no-such-measure", "100.0%", "—", "1 / 1"]]


def test_breakdown_vetoes_link_their_findings(client: TestClient, db: FixtureDB) -> None:
    doc = page(client, "/units/baiyun")
    rows = doc.xpath('//table[@id="vetoes"]/tbody/tr')
    assert [(cells(r)[0], linked_ids(r)) for r in rows] == [
        ("首页栏目不更新 HOME-STALE", [db.ids["home_stale"]]),
        ("暗链 HIDDEN-LINK", [db.ids["hidden_link"]]),
    ]


def test_unit_breakdown_over_several_sites_names_each_site(
    client: TestClient, db: FixtureDB
) -> None:
    doc = page(client, "/units/qingshan-gaj")
    assert "本单位的评分汇总了 2 个网站" in doc.xpath('//section[@id="breakdown"]')[0].text_content()
    rows = doc.xpath('//table[@id="deductions"]/tbody/tr[not(@class="group-row")]')
    assert [(cells(r)[0], cells(r)[1], linked_ids(r)) for r in rows] == [
        ("网页元数据标签缺失 IDENT-META 青山市公安局网站", "不限", [db.ids["gaj_meta"]]),
        ("网页元数据标签缺失 IDENT-META 青山市公安局交警支队网站", "不限", [db.ids["gaj_jj_meta"]]),
    ]


def test_long_finding_lists_are_cut_with_a_count(client: TestClient) -> None:
    doc = page(client, "/units/qingshan-wjw")
    row = doc.xpath('//table[@id="deductions"]/tbody/tr[not(@class="group-row")]')[0]
    assert len(linked_ids(row)) == 20
    assert f"等共 {WJW_DEAD_LINKS} 条" in row.text_content()


def test_unit_page_sites_accounts_and_runs(client: TestClient) -> None:
    doc = page(client, "/units/qingshan")
    site = cells(doc.xpath('//table[@id="sites"]/tbody/tr')[0])
    assert site == ["青山市人民政府门户网站", "http://www.qingshan.gov.cn/", "门户网站", "合格", "100.0",
                    "已完成", "2025-03-10 08:30", "412"]
    assert cells(doc.xpath('//table[@id="accounts"]/tbody/tr')[0])[:2] == ["微信公众号", "青山发布"]
    running = cells(page(client, "/units/qingshan-jyj").xpath('//table[@id="sites"]/tbody/tr')[0])
    assert running[5] == "进行中"


def test_unit_without_score_or_breakdown_keys_still_renders(client: TestClient) -> None:
    assert "本单位尚未评分" in page(client, "/units/hehua").text_content()
    assert "功能设计" in page(client, "/units/qingshan-jyj").text_content()  # breakdown lacks keys


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/units/no-such-unit", "未找到单位“no-such-unit”"),
        ("/findings/999999", "未找到编号为“999999”的问题"),
        ("/findings/abc", "未找到编号为“abc”的问题"),
        ("/no/such/page", "页面不存在"),
    ],
)
def test_not_found_is_a_chinese_page(client: TestClient, url: str, text: str) -> None:
    doc = page(client, url, status=404)
    assert text in doc.text_content()
    assert doc.xpath("//h1/text()") == ["页面不存在"]


def test_bad_parameter_is_a_chinese_page(client: TestClient) -> None:
    assert "参数格式不正确" in page(client, "/units/qingshan?page=abc", status=400).text_content()


def test_server_error_is_a_chinese_page(tmp_path: Path) -> None:
    unmigrated = create_app(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    response = TestClient(unmigrated, raise_server_exceptions=False).get("/")
    assert response.status_code == 500
    assert "系统内部错误" in response.text


def test_finding_page_shows_fields_and_translated_detail(client: TestClient, db: FixtureDB) -> None:
    doc = page(client, f"/findings/{db.ids['dead_other_hostile']}")
    values = [" ".join(dd.text_content().split()) for dd in doc.xpath('//dl[@class="fields"]/dd')]
    fields = dict(zip(doc.xpath('//dl[@class="fields"]/dt/text()'), values))
    assert fields["问题类型"] == "链接不可用"
    assert fields["严重程度"] == "扣分"
    assert fields["所属单位"] == "青山市人民政府"
    assert fields["位置"] == "其他页面"
    assert fields["所在页面"] == "http://www.qingshan.gov.cn/xxgk/"
    terms = doc.xpath('//dl[contains(@class, "detail")]/dt')
    detail = [" ".join(dt.text_content().split()) for dt in terms]
    assert detail == ["HTTP状态码 status", "结果 outcome", "链接文字 anchor", "链接类型 kind",
                      "cms_hint", "跳转链 redirects"]  # an unknown key is shown as written
    assert "HTTP错误" in doc.xpath('//dl[contains(@class, "detail")]')[0].text_content()
    evidence = doc.xpath('//section[@id="evidence"]//a/@href')
    assert evidence == [
        "http://www.qingshan.gov.cn/a?x=<b>bold</b>",
        "http://www.qingshan.gov.cn/xxgk/",
        "http://www.qingshan.gov.cn/a",
    ]


def test_external_links_are_safe(client: TestClient, db: FixtureDB) -> None:
    doc = page(client, f"/findings/{db.ids['dead_home_1']}")
    for link in doc.xpath('//a[starts-with(@href, "http")]'):
        assert link.get("rel") == "noopener noreferrer"
        assert link.text_content() == link.get("href")  # the URL is shown as text too


def test_hostile_text_is_escaped(client: TestClient, db: FixtureDB) -> None:
    body = client.get(f"/findings/{db.ids['dead_other_hostile']}").text
    assert "<script>" not in body
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;政务公开" in body
    assert "<b>bold</b>" not in body


def test_home_stale_detail_reads_in_chinese(client: TestClient, db: FixtureDB) -> None:
    doc = page(client, f"/findings/{db.ids['home_stale']}")
    detail = doc.xpath('//dl[contains(@class, "detail")]')[0].text_content()
    for text in ("判断依据", "首页信息", "未更新天数", "最新信息标题", "白云县召开春耕工作会议"):
        assert text in detail
    evidence = doc.xpath('//section[@id="evidence"]//a/@href')
    assert "http://www.baiyun.gov.cn/xwdt/t20250201_1.html" in evidence


def test_javascript_urls_are_never_links(client: TestClient, db: FixtureDB) -> None:
    for url in ("/units/baiyun?status=all", f"/findings/{db.ids['hidden_link']}"):
        doc = page(client, url)
        assert HOSTILE_URL in doc.text_content()  # shown as text, for the record
        assert not [h for h in doc.xpath("//a/@href") if "javascript" in h.lower()]


def test_pages_load_nothing_from_outside(client: TestClient, db: FixtureDB) -> None:
    for url in ("/", "/units/qingshan", f"/findings/{db.ids['dead_home_1']}"):
        response = client.get(url)
        assert "default-src 'none'" in response.headers["content-security-policy"]
        doc = html.fromstring(response.text)
        assert doc.xpath("//script") == []
        assert doc.xpath("//link/@href") == ["data:,", "/static/style.css"]
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert "http" not in css.text and "@import" not in css.text and "url(" not in css.text
