"""来源 and 解读 links, on the real pages and on decoys."""

from __future__ import annotations

import pytest

from crawler.extractors.article import interpretation_links, source_of
from crawler.extractors.links import FoundLink
from crawler.extractors.meta import head_meta
from crawler.extractors.page import parse_html, visible_text
from tests.realpages import REALPAGES

# INDEX.md's answer key: 来源 as the visible page says it, else meta ContentSource; None when empty
SOURCES = {
    "shanxi_gov_article_2019-09-18.html": "山西日报",
    "zj_fgw_article_2016-11-22.html": "省发改委",
    "cmse_article_2021-01-05.html": "中国空间技术研究院、中国运载火箭技术研究院等",
    "wanzai_gov_tjgb2015_article.html": None,  # 来源： left empty, no ContentSource
    "wanzai_gov_xxgk_tjgb2022_article.html": "万载县统计局",  # its 资料来源 footnote is not it
    "yichun_gov_xxgk_jx_tjgb2022_article.html": "江西统计 公众号",
}


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages is not beside the project")
@pytest.mark.parametrize(("name", "expected"), SOURCES.items())
def test_source_on_real_pages(name: str, expected: str | None) -> None:
    tree = parse_html((REALPAGES / name).read_text(encoding="utf-8"))
    assert tree is not None
    assert source_of(visible_text(tree), head_meta(tree)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布时间：2026-11-20 来源：青山市教育局 字号：大 中 小", "青山市教育局"),
        ("信息来源：市统计局【打印】", "市统计局"),
        ("来源： 发布时间：2026-11-20", None),  # an empty 来源 is not the next label
        ("数据来源：国家统计局。", None),  # a footnote, not the article's source
    ],
)
def test_source_in_text(text: str, expected: str | None) -> None:
    assert source_of(text, {}) == expected


def test_interpretation_links_in_the_body_only() -> None:
    links = [
        FoundLink("http://x.gov.cn/zcjd/", "政策解读", "page", "nav"),  # the column, in the menu
        FoundLink("http://x.gov.cn/zcjd/a.html", "《青山市农田建设方案》政策解读", "page", "body"),
        FoundLink("http://x.gov.cn/zcjd/b.html", "一图读懂农田建设方案", "page", "body"),
        FoundLink("http://x.gov.cn/zcjd/a.html", "解读", "page", "body"),  # the same, again
        FoundLink("http://x.gov.cn/zwdt/c.html", "市领导调研农田建设", "page", "body"),
    ]
    assert interpretation_links(links) == [
        {"url": "http://x.gov.cn/zcjd/a.html", "anchor": "《青山市农田建设方案》政策解读"},
        {"url": "http://x.gov.cn/zcjd/b.html", "anchor": "一图读懂农田建设方案"},
    ]
