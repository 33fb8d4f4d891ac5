"""crawler/extractors/messages.py: letters on message-board list pages and on a letter's own page."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import html as lxml_html

from crawler.encoding import decode_html
from crawler.extractors.messages import Message, MessagePage, message_facts, status_of
from crawler.extractors.page import visible_text

BOARD = "http://www.example.gov.cn/hdjl/ldxx/"
LETTER = "http://www.example.gov.cn/hdjl/ldxx/detail_XJ001.html"
TODAY = date(2026, 11, 22)


def facts_of(body: str, url: str = BOARD, today: date = TODAY) -> MessagePage | None:
    """The facts as the crawler reads them (with the page text), checked equal to a full tree walk."""
    tree = lxml_html.document_fromstring(f"<html><body>{body}</body></html>")
    walked = message_facts(tree, url, today)
    assert message_facts(tree, url, today, visible_text(tree)) == walked  # the text gate loses nothing
    return walked


def summary(page: MessagePage | None) -> list[tuple[str, str, date | None, date | None, str | None]]:
    assert page is not None
    return [(m.url.rsplit("/", 1)[-1], m.title, m.asked, m.replied, m.status) for m in page.messages]


# ---------------------------------------------------------------- list pages


def test_table_under_a_header_as_the_farm_and_trs_boards_show_it() -> None:
    body = """
    <table class="xj-table"><thead><tr><th>信件编号</th><th>信件标题</th><th>来信时间</th><th>回复时间</th>
      <th>办理状态</th></tr></thead><tbody>
      <tr><td>XJ001</td><td><a href="detail_XJ001.html">咨询公积金提取</a></td><td>2026-11-19</td><td></td>
        <td>办理中</td></tr>
      <tr><td>XJ002</td><td><a href="detail_XJ002.html">反映噪音扰民</a></td><td>2026-08-10</td>
        <td>2026-08-15</td><td>已回复</td></tr>
    </tbody></table>"""
    page = facts_of(body)
    assert page is not None and page.kind == "list"
    assert summary(page) == [
        ("detail_XJ001.html", "咨询公积金提取", date(2026, 11, 19), None, "pending"),
        ("detail_XJ002.html", "反映噪音扰民", date(2026, 8, 10), date(2026, 8, 15), "answered"),
    ]
    assert page.messages[0].url == LETTER


def test_header_of_td_cells_with_sort_links_and_time_of_day() -> None:
    body = """
    <table><tr><td><b>序号</b></td><td><b>留言主题</b></td><td><a href="?order=1">留言时间</a></td>
      <td>答复时间</td></tr>
      <tr><td>1</td><td><a href="/lyb/123.html" title="关于小区停车位规划的咨询">关于小区停车位…</a></td>
        <td>2026年10月3日 09:15</td><td>2026年10月9日 16:40</td></tr>
      <tr><td>2</td><td><a href="/lyb/124.html">关于路灯维修</a></td><td>2026/06/01 10:00:00</td><td></td></tr>
    </table>"""
    assert summary(facts_of(body)) == [
        ("123.html", "关于小区停车位规划的咨询", date(2026, 10, 3), date(2026, 10, 9), "answered"),
        ("124.html", "关于路灯维修", date(2026, 6, 1), None, "pending"),  # a blank 答复时间 is no reply
    ]


def test_div_list_under_a_header_row() -> None:
    body = """
    <div class="xjlist">
      <div class="hd"><span>信件标题</span><span>咨询时间</span><span>状态</span></div>
      <ul>
        <li><span class="bt"><a href="./202611/t20261101_1.html">咨询社保转移</a></span><span>2026-11-01</span>
          <span class="zt">已答复</span></li>
        <li><span class="bt"><a href="./202607/t20260702_2.html">投诉物业收费</a></span><span>2026-07-02</span>
          <span class="zt">已受理</span></li>
      </ul>
    </div>"""
    assert summary(facts_of(body)) == [
        ("t20261101_1.html", "咨询社保转移", date(2026, 11, 1), None, "answered"),
        ("t20260702_2.html", "投诉物业收费", date(2026, 7, 2), None, "pending"),  # 已受理 is not a reply
    ]


def test_rows_carrying_their_own_labels() -> None:
    body = """
    <ul class="lylist">
      <li><a href="/hdjl/zxts/1001.html">咨询开办企业流程</a><span>提问时间：2026-10-20</span>
        <span>回复时间：2026-10-22</span></li>
      <li><a href="/hdjl/zxts/1002.html">投诉道路积水</a><span>提问时间：2026-07-01</span><em>未回复</em></li>
      <li><a href="/hdjl/zxts/1003.html">建议增设公交站</a><span>提问时间：2026-06-11</span>
        <span>回复时间：</span></li>
    </ul>"""
    assert summary(facts_of(body)) == [
        ("1001.html", "咨询开办企业流程", date(2026, 10, 20), date(2026, 10, 22), "answered"),
        ("1002.html", "投诉道路积水", date(2026, 7, 1), None, "pending"),
        ("1003.html", "建议增设公交站", date(2026, 6, 11), None, "pending"),
    ]


def test_a_row_without_status_or_reply_field_is_unknown() -> None:
    body = """
    <table><tr><th>标题</th><th>来信时间</th></tr>
      <tr><td><a href="a.html">信件一</a></td><td>2026-01-05</td></tr>
      <tr><td><a href="b.html">信件二</a></td><td>2026-01-04</td></tr></table>"""
    assert [m.status for m in facts_of(body).messages] == [None, None]


# ---------------------------------------------------------------- a letter's own page


def test_letter_page_as_the_farm_shows_it() -> None:
    body = """
    <table class="xj-detail">
      <tr><th>信件编号</th><td>XJ001</td><th>来信时间</th><td>2026-08-14</td></tr>
      <tr><th>信件标题</th><td colspan="3">咨询文旅融合发展相关政策</td></tr>
      <tr><th>来信内容</th><td colspan="3">您好，我想咨询一下相关问题，谢谢！</td></tr>
      <tr><th>办理状态</th><td>已回复</td><th>回复时间</th><td>2026-08-19</td></tr>
      <tr><th>回复单位</th><td colspan="3">青山市人民政府办公室</td></tr>
      <tr><th>回复内容</th><td colspan="3">您好！您反映的问题已收悉。</td></tr>
    </table>"""
    assert facts_of(body, LETTER) == MessagePage("detail", (Message(
        LETTER, "咨询文旅融合发展相关政策", date(2026, 8, 14), date(2026, 8, 19), "answered", "青山市人民政府办公室"),))


def test_unanswered_letter_page_with_blank_fields() -> None:
    body = """
    <table class="xj-detail">
      <tr><th>信件编号</th><td>XJ001</td><th>来信时间</th><td>2026-08-14</td></tr>
      <tr><th>信件标题</th><td colspan="3">咨询文旅融合发展相关政策</td></tr>
      <tr><th>办理状态</th><td>办理中</td><th>回复时间</th><td></td></tr>
      <tr><th>回复单位</th><td colspan="3"></td></tr>
      <tr><th>回复内容</th><td colspan="3"></td></tr>
    </table>"""
    [letter] = facts_of(body, LETTER).messages
    assert (letter.asked, letter.replied, letter.status, letter.office) == (date(2026, 8, 14), None, "pending", None)


def test_letter_page_of_labels_and_values_in_one_line() -> None:
    body = """
    <div class="ly-detail"><h2>关于幼儿园入园的咨询</h2>
      <p><strong>留言时间：</strong>2026年9月1日</p><p>留言内容：请问入园报名时间？</p>
      <div class="reply"><span>答复单位：区教育局</span><span>答复时间：2026年9月3日</span>
        <p>答复内容：报名时间为每年6月。</p></div></div>"""
    [letter] = facts_of(body, LETTER).messages
    assert (letter.asked, letter.replied, letter.status, letter.office) == (
        date(2026, 9, 1), date(2026, 9, 3), "answered", "区教育局")


def test_gbk_page_decoded_upstream() -> None:
    html = ("<html><head><meta charset='gbk'></head><body><table>"
            "<tr><th>来信时间</th><td>2026-05-06</td><th>答复时间</th><td></td></tr>"
            "<tr><th>处理状态</th><td>未答复</td></tr></table></body></html>")
    text, _ = decode_html(html.encode("gbk"), "text/html; charset=gbk")
    page = message_facts(lxml_html.document_fromstring(text), LETTER, TODAY)
    assert page is not None and summary(page) == [("detail_XJ001.html", "", date(2026, 5, 6), None, "pending")]


# ---------------------------------------------------------------- not message boards


@pytest.mark.parametrize("body", [
    # a news list: 发布日期 is no letter's date
    """<table><tr><th>标题</th><th>发布日期</th></tr>
       <tr><td><a href="t1.html">全市经济运行情况</a></td><td>2026-11-01</td></tr>
       <tr><td><a href="t2.html">防汛工作会议召开</a></td><td>2026-10-01</td></tr></table>""",
    # an article that mentions the words without labelling anything
    """<div class="article"><h1>关于规范留言时间答复工作的通知</h1><p>发布时间：2026-11-01</p>
       <p>各单位要在规定的回复时间内办结群众来信。</p></div>""",
    # a service guide's table: 办理时间 is opening hours, and no letter came in
    """<table><tr><th>事项名称</th><th>办理时间</th><th>状态</th></tr>
       <tr><td><a href="s1.html">居民身份证办理</a></td><td>工作日 9:00-17:00</td><td>办理中</td></tr>
       <tr><td><a href="s2.html">社保卡补办</a></td><td>2026-11-01起</td><td>已办结</td></tr></table>""",
    # a board's search form: labels with no dates
    """<form><label>留言时间</label><input name="start"><label>回复时间</label><input name="end"></form>""",
])
def test_pages_that_are_not_boards(body: str) -> None:
    assert facts_of(body) is None


def test_a_lone_labelled_row_is_not_a_board() -> None:
    body = '<ul><li><a href="/hdjl/1.html">最新留言</a> 留言时间：2026-11-01 已回复</li></ul>'
    page = facts_of(body)
    assert page is not None and page.kind == "detail"  # read as one letter's fields, never as a list


@pytest.mark.parametrize(("text", "status"), [
    ("已回复", "answered"), ("已答复", "answered"), ("已办结", "answered"), ("办结", "answered"),
    ("办理中", "pending"), ("未回复", "pending"), ("待答复", "pending"), ("未办结", "pending"),
    ("已受理", "pending"), ("正在办理", "pending"), ("查看", None), ("", None),
])
def test_status_words(text: str, status: str | None) -> None:
    assert status_of(text) == status
