"""crawler/extractors/policy_meta.py: the metadata block of policy / xxgk pages (DOC-META-*, DOC-VALIDITY-*)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import pytest
from lxml import html as lxml_html

from crawler.extractors.page import parse_html
from crawler.extractors.policy_meta import is_policy_page, policy_metadata
from tests.realpages import REALPAGES, needs_realpages

GOVCN_SQL = REALPAGES / "govcn_zhengce_60docs_ge_policy_raw.sql"
GOVCN_KEY = REALPAGES / "govcn_zhengce_60docs_metadata_key.csv"
# our key -> the answer key's column
KEY_COLUMNS = {key: key for key in ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发布日期")} | {"文号": "发文字号"}

# ---------------------------------------------------------------- reading the MySQL dump

_INSERT = re.compile(r"insert into ge_policy_raw \(([^)]*)\) values \(", re.I)
_VALUE = re.compile(r"\s*(?:'((?:[^'\\]|\\.|'')*)'|(null)|(-?\d+(?:\.\d+)?))\s*([,)])", re.S | re.I)
_ESCAPE = re.compile(r"\\(.)|''", re.S)
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "Z": "\x1a"}


def _unescape(value: str) -> str:
    """MySQL string escapes: \\\\ -> \\, \\n -> newline, '' -> '."""
    return _ESCAPE.sub(lambda m: "'" if m.group(1) is None else _ESCAPED.get(m.group(1), m.group(1)), value)


def sql_rows(sql: str) -> Iterator[dict[str, str | None]]:
    for insert in _INSERT.finditer(sql):
        columns = [column.strip() for column in insert.group(1).split(",")]
        values: list[str | None] = []
        position = insert.end()
        while True:
            match = _VALUE.match(sql, position)
            assert match, f"unreadable value at {position}"
            quoted, _null, number, end = match.groups()
            values.append(_unescape(quoted) if quoted is not None else number)
            position = match.end()
            if end == ")":
                break
        yield dict(zip(columns, values, strict=True))


@lru_cache(maxsize=1)
def govcn_blocks() -> dict[str, dict[str, str]]:
    """id -> the metadata block extracted from that row's html column."""
    blocks = {}
    for row in sql_rows(GOVCN_SQL.read_text(encoding="utf-8")):
        tree = parse_html(row["html"] or "")
        assert tree is not None
        blocks[str(row["id"])] = policy_metadata(tree)
    return blocks


def answer_key() -> list[dict[str, str]]:
    if not GOVCN_KEY.is_file():
        return []
    with GOVCN_KEY.open(encoding="utf-8", newline="") as key_file:
        return list(csv.DictReader(key_file))


@lru_cache(maxsize=None)
def real_block(name: str) -> dict[str, str]:
    tree = parse_html((REALPAGES / name).read_text(encoding="utf-8"))
    assert tree is not None
    return policy_metadata(tree)


def block_of(body: str) -> dict[str, str]:
    return policy_metadata(lxml_html.document_fromstring(f"<html><body>{body}</body></html>"))


# ---------------------------------------------------------------- www.gov.cn 政策文件库: all 60 rows


@needs_realpages
def test_the_dump_holds_sixty_rows_matching_the_key() -> None:
    assert sorted(govcn_blocks(), key=int) == [row["id"] for row in answer_key()] == [str(n) for n in range(1, 61)]


@needs_realpages
@pytest.mark.parametrize("row", answer_key(), ids=lambda row: f"govcn-{row['id']}")
def test_govcn_policy_table_matches_the_answer_key(row: dict[str, str]) -> None:
    block = govcn_blocks()[row["id"]]
    assert {key: block.get(key) for key in KEY_COLUMNS} == {key: row[column] for key, column in KEY_COLUMNS.items()}
    assert "有效性" not in block  # these tables have no validity field
    assert is_policy_page(block)


@needs_realpages
def test_govcn_issuing_authorities_count_as_index_md_says() -> None:
    counts = Counter(block["发文机关"] for block in govcn_blocks().values())
    assert counts == {"国务院办公厅": 40, "国务院": 18, "国务院办公厅、中央军委办公厅": 1, "国务院、中央军委": 1}


@needs_realpages
def test_govcn_traps() -> None:
    blocks = govcn_blocks()
    assert blocks["1"]["成文日期"] == "2019年01月27日"  # the SQL column wiritten_time says 2019-02-27
    assert blocks["1"]["主题分类"] == "市场监管、安全生产监管\\工商"  # one backslash once unescaped
    assert {"国令第706号", "国令第707号"} <= {block["文号"] for block in blocks.values()}  # no 〔〕


# ---------------------------------------------------------------- xxgk boxes (万载, 宜春)

XXGK_OPEN = {"公开方式": "主动公开", "公开时限": "常年公开", "公开范围": "面向全社会"}


@needs_realpages
def test_wanzai_generation_date_and_responsible_department_keep_their_names() -> None:
    assert real_block("wanzai_gov_xxgk_tjgb2022_article.html") == {
        "索引号": "014742224A/2023-0043406",
        "生成日期": "2023-05-11",  # made by the CMS; not 成文日期
        "责任部门": "万载县统计局",  # not 发文机关
        **XXGK_OPEN,
    }


@needs_realpages
@pytest.mark.parametrize(
    ("name", "index_number", "document_date"),
    [
        ("yichun_gov_xxgk_tjgb2022_article.html", "014717475N/2023-0040295", "2023-04-18"),
        ("yichun_gov_xxgk_jx_tjgb2022_article.html", "014717475N/2023-0032866", "2023-03-31"),
    ],
)
def test_yichun_issuing_office_and_document_date(name: str, index_number: str, document_date: str) -> None:
    assert real_block(name) == {
        "索引号": index_number,
        "发文机关": "宜春市统计局",  # labelled 发布机构
        "成文日期": document_date,  # labelled 发文日期, in the slot wanzai's template calls 生成日期
        "分类": "统计公报",
        **XXGK_OPEN,
    }


@needs_realpages
@pytest.mark.parametrize(
    "name",
    [
        "govcn_gongbao_2007-23_article.html",
        "zj_fgw_article_2016-11-22.html",  # 发布日期：2016-11-22 信息来源：省发改委
        "shanxi_gov_article_2019-09-18.html",
        "cmse_article_2012-06-24.html",  # 发布日期: 2012-06-24
        "cmse_article_2021-01-05.html",
        "wanzai_gov_tjgb2015_article.html",  # 来源： (empty) 发布日期： 2017-05-15 10:49:00
        "wechat_article_nongov_aifou_2020-02-12.html",
    ],
)
def test_news_articles_have_no_block(name: str) -> None:
    assert real_block(name) == {}
    assert not is_policy_page(real_block(name))


# ---------------------------------------------------------------- layouts and decoys


def test_table_with_th_labels_several_pairs_per_row() -> None:
    assert block_of(
        "<table><tr><th>索引号:</th><td>11360000014500000X/2022-01234</td><th>有效性：</th><td>有效</td></tr>"
        "<tr><th>发文单位</th><td>江西省人民政府办公厅</td><th>发文字号</th><td>赣府厅字〔2022〕12号</td></tr>"
        "<tr><th>成文日期</th><td>2022-07-20</td><th>发布日期</th><td>2022-07-26</td></tr>"
        "<tr><th>有效期</th><td>2027年07月25日</td><th>主题词</th><td></td></tr></table>"
    ) == {
        "索引号": "11360000014500000X/2022-01234",
        "有效性": "有效",
        "发文机关": "江西省人民政府办公厅",
        "文号": "赣府厅字〔2022〕12号",
        "成文日期": "2022-07-20",
        "发布日期": "2022-07-26",
        "有效期": "2027年07月25日",
    }


@pytest.mark.parametrize("label", ["有效期", "有效期至", "有效期限"])
def test_end_of_validity_labels(label: str) -> None:
    assert block_of(
        f"<table><tr><td><b>文号：</b></td><td>青府规〔2024〕5号</td><td><b>有效性：</b></td><td>有效</td></tr>"
        f"<tr><td><b>{label}：</b></td><td colspan='3'>2026年10月13日</td></tr></table>"
    ) == {"文号": "青府规〔2024〕5号", "有效性": "有效", "有效期": "2026年10月13日"}


def test_list_of_spans_and_label_value_text() -> None:
    assert block_of(
        "<ul><li><span>索 引 号：</span>QS-2023-0001</li><li><span>发布机构：</span>青山市财政局</li>"
        "<li>文　　号：青财发〔2023〕3号</li><li>时效：失效</li><li>公开方式：主动公开</li></ul>"
    ) == {"索引号": "QS-2023-0001", "发文机关": "青山市财政局", "文号": "青财发〔2023〕3号", "有效性": "失效", "公开方式": "主动公开"}


def test_several_labels_in_one_line_of_text() -> None:
    assert block_of(
        "<div>索引号：QS-2023-0002　主题分类：财政 发文日期：2023年4月18日 浏览次数：12</div>"
    ) == {"索引号": "QS-2023-0002", "主题分类": "财政", "成文日期": "2023年4月18日"}


def test_label_in_its_own_tag_with_the_colon_outside() -> None:
    assert block_of(
        "<div><span>发文机关</span>：青山市人民政府<br><b>成文日期</b>: 2019年1月2日<br>"
        "<font>有效性</font>：<em>有效</em></div>"
    ) == {"发文机关": "青山市人民政府", "成文日期": "2019年1月2日", "有效性": "有效"}


def test_news_article_with_a_publication_time_only() -> None:
    block = block_of(
        "<h1>市长调研防汛工作</h1><div class='info'>发布时间：2022-07-26 09:30　来源：青山日报</div>"
        "<p>7月25日，市长到青山区检查防汛工作。</p>"
    )
    assert block == {} and not is_policy_page(block)


def test_list_page_header_row_is_not_a_block() -> None:
    assert block_of(
        "<table><tr><th>索引号</th><th>标题</th><th>文号</th><th>发布日期</th></tr>"
        "<tr><td>QS-2023-0001</td><td>关于印发某办法的通知</td><td>青财发〔2023〕3号</td><td>2023-05-01</td></tr></table>"
    ) == {}


def test_labels_quoted_in_body_text_are_not_a_block() -> None:
    assert block_of("<p>请在申请表中填写索引号：和文号：两栏。</p><p>有效期：三年。</p>") == {}


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ({"索引号": "QS-1", "公开方式": "主动公开"}, True),
        ({"文号": "青财发〔2023〕3号", "发布日期": "2023-05-01"}, True),
        ({"发文机关": "青山市财政局", "成文日期": "2023-04-18", "发布日期": "2023-05-01"}, True),
        ({"发文机关": "青山市财政局", "发布日期": "2023-05-01", "公开方式": "主动公开"}, False),
        ({}, False),
    ],
)
def test_is_policy_page(block: dict[str, str], expected: bool) -> None:
    assert is_policy_page(block) is expected
