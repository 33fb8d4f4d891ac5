"""crawler/extractors/identity.py: footer identity marks and meta SiteIDCode (IDENT-MISSING, IDENT-META)."""

from __future__ import annotations

from functools import lru_cache

import pytest
from lxml import html as lxml_html

from crawler.extractors.identity import IdentityMarks, identity_marks
from crawler.extractors.meta import head_meta
from crawler.extractors.page import parse_html
from tests.realpages import REALPAGES, needs_realpages

PRESENT = object()  # the mark must be found; its exact value is a saved-page artefact (a local file path)

GOVCN_CONAC = "https://bszs.conac.cn/sitename?method=show&id=081D1D6883441A53E053012819AC0DAA"
NONE_OF_THE_PLATFORM_MARKS = {"site_code_footer": None, "police": None, "conac": None, "jiucuo": None}
WANZAI = {
    "site_code_footer": "3609220011",
    "site_code_meta": "3609220011",
    "icp": "赣ICP备11002306号-1",
    "police": "赣公网安备36092202000105号",
    "host_unit": "万载县人民政府",  # 主办：万载县人民政府 承办：万载县人民政府办公室
    "conac": "https://bszs.conac.cn/sitename?method=show&id=15ECDB592A9329B9E053022819AC61B0",
    "jiucuo": PRESENT,  # saved page: the script's src is ./…_files/jiucuo.js, id="_jiucuo_" sitecode=…
    "jiucuo_site_code": "3609220011",
    "contact": "0795-8819792",  # 技术支持：万载县信息中心(0795-8819792)
    "contact_page": None,
    "correction_page": None,
}
YICHUN = {
    "site_code_footer": "3609000002",  # labelled 政府网站标识码
    "site_code_meta": "3609000002",
    "icp": "赣ICP备06000141号",
    "police": "赣公网安备36090202000004号",
    "host_unit": "宜春市人民政府",
    "conac": "https://bszs.conac.cn/sitename?method=show&id=0ADCC2E0BA270DA2E053012819ACECB2",
    "jiucuo": PRESENT,
    "jiucuo_site_code": "3609000002",
    "contact": None,
    "contact_page": "https://www.yichun.gov.cn/ycsrmzf/gywm/202112/bd30913b83564f0985b7a809deda4006.shtml",
    "correction_page": None,
}
CMSE = {
    **NONE_OF_THE_PLATFORM_MARKS,
    "site_code_meta": None,
    "icp": "京ICP备20027467号-1",
    "host_unit": "中国载人航天工程办公室",  # 主办方： 中国载人航天工程办公室
    "jiucuo_site_code": None,
    "contact_page": "http://www.cmse.gov.cn/lxwm/",
    "correction_page": None,  # its 纠错 link is commented out
}

# INDEX.md's answer key, plus what the page itself shows for marks the key does not mention (conac ids)
EXPECTED: dict[str, dict[str, object]] = {
    "govcn_gongbao_2007-23_article.html": {
        "site_code_footer": "bm01000001",  # 网站标识码bm01000001, no colon; footer twice (PC + mobile)
        "site_code_meta": None,
        "icp": "京ICP备05070218号",
        "police": "京公网安备11010202000001号",
        "host_unit": "国务院办公厅",  # 主办单位：国务院办公厅　运行维护单位：…
        "conac": GOVCN_CONAC,
        "contact_page": "https://www.gov.cn/home/2014-02/23/content_5046259.htm",
        "correction_page": "https://www.gov.cn/fuwu/jiucuopage.html",  # 网站纠错
    },
    "zj_fgw_article_2016-11-22.html": {
        "site_code_footer": "3300000020",
        "site_code_meta": None,  # <meta name="SiteIDCode" content="">
        "icp": "浙ICP备05018911号",
        "police": "浙公网安备33010602009328号",  # written 浙公网安备 33010602009328号
        "conac": "http://bszs.conac.cn/sitename?method=show&id=6E7CB5B74E9C6470E053022E1AAC62CE",
        "jiucuo": "http://121.43.68.40/exposure/jiucuo.html?site_code=3300000020&url=http%3A%2F%2Fwww.zjdpc.gov.cn%2F",
        "jiucuo_site_code": "3300000020",
        "jiucuo_hidden": True,  # <a style="display:none;">: the entry is in the markup, not on screen
        "host_unit": "浙江省发展和改革委员会",  # no 主办 label: 中国·浙江省发展和改革委员会 版权所有
        "contact_page": "/col/col1629310/index.html",  # 联系我们 in the footer
    },
    "shanxi_gov_article_2019-09-18.html": {
        "site_code_footer": "1400000045",
        "site_code_meta": "1400000045",
        "icp": "晋ICP备12000773号",
        "police": "晋公网安备14010502050691号",
        "host_unit": "山西省人民政府办公厅",  # 主办：山西省人民政府办公厅&nbsp;©&nbsp;山西省人民政府网
        "conac": "http://bszs.conac.cn/sitename?method=show&id=09EC618E4FB304A9E053012819AC9B09",
        "jiucuo": "http://pucha.kaipuyun.cn/exposure/jiucuo.js",
        "jiucuo_site_code": "1400000045",
        "jiucuo_hidden": False,
        "contact_page": "http://www.shanxi.gov.cn/wzgl/lxwm/",
        "correction_page": None,  # 【我要纠错】 is a javascript: link
    },
    "cmse_article_2012-06-24.html": CMSE,
    "cmse_article_2021-01-05.html": CMSE,
    "wanzai_gov_tjgb2015_article.html": WANZAI,
    "wanzai_gov_xxgk_tjgb2022_article.html": WANZAI,
    "yichun_gov_xxgk_tjgb2022_article.html": YICHUN,
    "yichun_gov_xxgk_jx_tjgb2022_article.html": YICHUN,
    "wechat_article_nongov_aifou_2020-02-12.html": {  # not a government page: nothing to find
        **NONE_OF_THE_PLATFORM_MARKS, "site_code_meta": None, "icp": None, "host_unit": None,
        "contact_page": None, "correction_page": None,
    },
}


@lru_cache(maxsize=None)
def real_marks(name: str) -> IdentityMarks:
    tree = parse_html((REALPAGES / name).read_text(encoding="utf-8"))
    assert tree is not None
    return identity_marks(tree, head_meta(tree))


def marks_of(body: str, head: str = "") -> IdentityMarks:
    tree = lxml_html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return identity_marks(tree, head_meta(tree))


# ---------------------------------------------------------------- the real pages' answer key


@needs_realpages
def test_every_html_page_has_an_answer_key() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in REALPAGES.glob("*.html"))


@needs_realpages
@pytest.mark.parametrize(
    ("name", "field", "expected"),
    [(name, field, value) for name, facts in EXPECTED.items() for field, value in facts.items()],
)
def test_real_page_fact(name: str, field: str, expected: object) -> None:
    found = getattr(real_marks(name), field)
    if expected is PRESENT:
        assert found, f"{name}: {field} not found"
    else:
        assert found == expected


@needs_realpages
def test_govcn_footer_after_a_stray_closing_html_tag_is_read() -> None:
    """www.gov.cn closes </html> mid-page; raw libxml2 then puts the footer in a second, sibling <html>."""
    raw = lxml_html.document_fromstring((REALPAGES / "govcn_gongbao_2007-23_article.html").read_text(encoding="utf-8"))
    marks = identity_marks(raw, {})
    assert (marks.site_code_footer, marks.icp, marks.conac) == ("bm01000001", "京ICP备05070218号", GOVCN_CONAC)


@needs_realpages
def test_govcn_site_correction_link_is_not_taken_for_the_zhaocuo_entry() -> None:
    """Its 网站纠错 link goes to www.gov.cn/fuwu/jiucuopage.html, not to the 找错 platform: recorded as absent."""
    assert real_marks("govcn_gongbao_2007-23_article.html").jiucuo is None


@needs_realpages
def test_as_dict_is_json_ready() -> None:
    facts = real_marks("zj_fgw_article_2016-11-22.html").as_dict()
    assert facts["site_code_footer"] == "3300000020" and facts["site_code_meta"] is None
    assert set(facts) == set(IdentityMarks.__dataclass_fields__)


# ---------------------------------------------------------------- variants and decoys


def test_spread_over_tags_with_nbsp_and_full_width_punctuation() -> None:
    marks = marks_of(
        "<div class='footer'><p>主办单位<span>：</span>&nbsp;青山市人民政府办公室　协办：青山市大数据局</p>"
        "<p><span>政府网站标识码</span>：&nbsp;<b>3601000001</b></p>"
        "<p><a>赣ICP备 12345678号 － 2</a>&nbsp;<a><img src='ga.png'>赣公网安备&nbsp;36010202000123&nbsp;号</a></p>"
        "<p>联系电话：0791-86123456　邮箱：web@qingshan.gov.cn</p></div>"
    )
    assert (marks.host_unit, marks.site_code_footer, marks.icp, marks.police, marks.contact) == (
        "青山市人民政府办公室",
        "3601000001",
        "赣ICP备12345678号-2",
        "赣公网安备36010202000123号",
        "0791-86123456",
    )


def test_an_eleven_digit_number_is_not_a_site_code() -> None:
    marks = marks_of("<p>网站标识码：36010000011</p><p>统计编号 3601000001</p><p>赣ICP备12345678号</p>")
    assert marks.site_code_footer is None


def test_icp_lookup_link_without_a_number_is_not_an_icp_number() -> None:
    marks = marks_of("<p><a href='https://beian.miit.gov.cn/'>ICP备案查询</a> 公安备案查询</p>")
    assert (marks.icp, marks.police) == (None, None)


def test_empty_meta_site_id_code_counts_as_missing() -> None:
    marks = marks_of("<p>网站标识码：3601000001</p>", head='<meta name="SiteIDCode" content=" ">')
    assert (marks.site_code_meta, marks.site_code_footer) == (None, "3601000001")


def test_host_unit_stops_at_the_next_label() -> None:
    assert marks_of("<p>主办：青山市人民政府 联系电话：0791-86123456</p>").host_unit == "青山市人民政府"
    assert marks_of("<p>主办：青山市人民政府办公室承办：青山市信息中心</p>").host_unit == "青山市人民政府办公室"
    assert marks_of("<p>本次活动由市总工会主办，各区协办。</p>").host_unit is None


def test_contact_is_searched_near_the_footer_only() -> None:
    body = "<p>全年移动电话用户 13912345678 户。</p>" + "<p>正文。</p>" * 200 + "<p>主办：青山市人民政府</p>"
    assert marks_of(body).contact is None
    assert marks_of("<p>主办：青山市人民政府 联系邮箱：web@qingshan.gov.cn</p>").contact == "web@qingshan.gov.cn"


def test_conac_written_by_the_standard_script() -> None:
    script = (
        '<span id="_ideConac"></span><script>document.write(unescape("%3Cscript src=\'https://dcs.conac.cn/js/'
        "36/000/0000/40000000/CA360000000400000000001.js' type='text/javascript'%3E%3C/script%3E\"));</script>"
    )
    assert marks_of(script).conac == "https://dcs.conac.cn/js/36/000/0000/40000000/CA360000000400000000001.js"
    assert marks_of('<a href="/dzjg.html"><img src="/images/logo.png" alt="党政机关"></a>').conac == "/dzjg.html"
    assert marks_of('<a href="http://www.example.gov.cn/red.png">红色</a>').conac is None


def test_jiucuo_as_a_platform_link_and_as_a_labelled_link() -> None:
    platform = marks_of(
        '<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3601000001&url=x">'
        "<img src='jiucuo.png'></a>"
    )
    assert (platform.jiucuo_site_code, platform.jiucuo_hidden) == ("3601000001", False)
    labelled = marks_of('<a href="/jiucuo/index.html">我为政府网站找错</a>')
    assert (labelled.jiucuo, labelled.jiucuo_site_code) == ("/jiucuo/index.html", None)
    assert marks_of('<a href="/wzjc/">网站纠错</a><p>网站标识码：3601000001</p>').jiucuo is None


def test_the_footer_shown_twice_gives_one_answer() -> None:
    footer = "<p>主办：青山市人民政府</p><p>赣ICP备12345678号-1 网站标识码：3601000001</p>"
    marks = marks_of(f"<div class='pc'>{footer}</div><div class='mobile'>{footer}</div>")
    assert (marks.host_unit, marks.icp, marks.site_code_footer) == ("青山市人民政府", "赣ICP备12345678号-1", "3601000001")


def test_a_page_without_marks() -> None:
    assert marks_of("<p>关于做好防汛工作的通知</p>") == IdentityMarks(
        None, None, None, None, None, None, None, False, None, None, None, None
    )


def test_without_a_host_label_the_copyright_holder_is_the_host_unit() -> None:
    assert marks_of("<p>版权所有：青山市人民政府 网站标识码：3601000001</p>").host_unit == "青山市人民政府"
    assert marks_of("<p>中国·青山市发展和改革委员会 版权所有 中文网址：青山发改</p>").host_unit == "青山市发展和改革委员会"
    assert marks_of("<p>主办：青山市人民政府办公室 版权所有：青山市大数据中心</p>").host_unit == "青山市人民政府办公室"
    assert marks_of("<p>网站地图 版权所有 Copyright 2024</p>").host_unit is None  # 网站地图 is no unit
    assert marks_of("<p>本网站版权所有，未经许可不得转载</p>").host_unit is None


def test_contact_and_correction_pages_are_labelled_links() -> None:
    marks = marks_of('<p><a href="/lxwm/">联系我们</a> | <a href="/wzjc/">网站纠错</a></p>')
    assert (marks.contact_page, marks.correction_page) == ("/lxwm/", "/wzjc/")
    decoys = marks_of('<p><a href="/news/1.html">联系我们开展的帮扶活动</a> <a href="javascript:;">【我要纠错】</a></p>')
    assert (decoys.contact_page, decoys.correction_page) == (None, None)
