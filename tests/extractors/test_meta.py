"""crawler/extractors/meta.py: <title>, head <meta name>, and the page's own publication date."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extractors.meta import head_meta, published, title

ARTICLE_URL = "http://www.example.gov.cn/xxgk/article.html"


def tree_of(head: str, body: str = "") -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_head_meta_names_and_contents() -> None:
    tree = tree_of(
        '<meta charset="utf-8">'
        '<meta name="SiteName" content="青山市人民政府门户网站">'
        '<meta name="SiteDomain" content="www.qingshan.gov.cn">'
        '<meta name="SiteIDCode" content="3601000001">'
        '<meta name="ColumnName" content="  通知\n  公告 ">'
        '<meta name="PubDate" content="2022-07-26 09:30">'
        '<meta name="Keywords">'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">'
    )
    assert head_meta(tree) == {
        "SiteName": "青山市人民政府门户网站",
        "SiteDomain": "www.qingshan.gov.cn",
        "SiteIDCode": "3601000001",
        "ColumnName": "通知 公告",
        "PubDate": "2022-07-26 09:30",
        "Keywords": "",
    }


def test_the_first_of_a_repeated_meta_block_wins() -> None:
    tree = tree_of('<meta name="SiteIDCode" content="1400000045"><meta name="SiteIDCode" content="">')
    assert head_meta(tree)["SiteIDCode"] == "1400000045"


def test_an_empty_site_id_code_is_kept_empty() -> None:
    assert head_meta(tree_of('<meta name="SiteIDCode" content="">')) == {"SiteIDCode": ""}


def test_title() -> None:
    assert title(tree_of("<title>\n  关于做好防汛工作的通知\n  _青山市人民政府 </title>")) == (
        "关于做好防汛工作的通知 _青山市人民政府"
    )
    assert title(tree_of("")) == ""


@pytest.mark.parametrize(
    "text",
    [
        "发布时间:2022-07-26",
        "发布时间：2022-07-26 10:30",
        "发布日期： 2022年7月26日",
        "发文日期：2022-07-26",
        "日期：2022-07-26 来源：青山市政府办",
        "时间： 2022-07-26 06:23 来源： 山西日报",
    ],
)
def test_visible_publication_date(text: str) -> None:
    assert published(f"首页 > 通知公告 关于防汛的通知 {text} 字号：大 中 小", {}, ARTICLE_URL) == "2022-07-26"


def test_visible_date_beats_meta_and_url() -> None:
    meta = {"PubDate": "2023-01-01 10:00:43"}
    url = "http://www.example.gov.cn/art/2021/1/1/art_1_2.html"
    assert published("发布日期：2022-07-26", meta, url) == "2022-07-26"


def test_a_label_without_a_date_near_it_is_passed_over() -> None:
    text = "发布时间：（见正文） " + "正文。" * 30 + " 发布日期：2022-07-26"
    assert published(text, {}, ARTICLE_URL) == "2022-07-26"


def test_an_unlabelled_date_is_not_the_publication_date() -> None:
    # a header clock, a meeting date in the body: no label, so the meta date is used
    text = "2023年10月11日 星期三 首页 会议于2007年6月29日通过"
    assert published(text, {"PubDate": "2022-07-26"}, ARTICLE_URL) == "2022-07-26"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"PubDate": "2022-07-26 09:53"}, "2022-07-26"),
        ({"pubdate": "2022/07/26"}, "2022-07-26"),
        ({"firstpublishedtime": "2007-08-20-23:59:59"}, "2007-08-20"),  # www.gov.cn's odd format
        ({"PubDate": ""}, None),
        ({"PubDate": "未知"}, None),
        ({}, None),
    ],
)
def test_meta_publication_date(meta: dict[str, str], expected: str | None) -> None:
    assert published("没有标注日期的正文", meta, ARTICLE_URL) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.example.gov.cn/xxgk/202207/t20220726_123456.html", "2022-07-26"),
        ("http://www.example.gov.cn/art/2022/7/26/art_1234_5678.html", "2022-07-26"),
        (ARTICLE_URL, None),
    ],
)
def test_url_publication_date_last(url: str, expected: str | None) -> None:
    assert published("没有标注日期的正文", {}, url) == expected


def test_a_policy_block_date_written_is_not_the_publication_date() -> None:
    """索引号 … 成文日期 comes before 发布时间 on policy pages: the publication date is 发布时间's."""
    text = "索引号：0147/2026-00002 发文机关：青山市人民政府 成文日期：2026年10月03日 文号：青府规〔2026〕3号 发布时间：2026-10-06"
    assert published(text, {}, ARTICLE_URL) == "2026-10-06"
    assert published("成文日期：2026年10月03日 印发日期：2026年10月04日", {}, ARTICLE_URL) is None
