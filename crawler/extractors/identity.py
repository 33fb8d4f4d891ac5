"""Identity marks of a government site: 网站标识码, ICP备案, 公安备案, 党政机关标识, 我为政府网站找错, 主办单位
and its contacts (a phone or e-mail beside the marks, or a 联系我们 link).

Facts for IDENT-MISSING (footer marks) and IDENT-META (meta SiteIDCode beside the footer's code);
see docs/checks.md. The crawler records what is there; checks/identity.py judges.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import html as lxml_html

_SPACE = re.compile(r"\s+")  # in str patterns \s also covers &nbsp; and the full-width space
_SITE_CODE = re.compile(r"标识码\s*[:：]?\s*(bm\d{8}|\d{10})(?![0-9A-Za-z])", re.I)
_ICP = re.compile(r"([\u4e00-\u9fff])\s*ICP\s*备\s*(\d{5,12})\s*号(?:\s*[-－—–]\s*(\d{1,3})(?!\d))?", re.I)
_POLICE = re.compile(r"([\u4e00-\u9fff])\s*公网安备\s*[:：]?\s*(\d{10,16})(?!\d)\s*(号?)")
_HOST_LABEL = re.compile(r"主办(?:单位|方|机关)?(?:\s*[:：]\s*|\s+)")
_UNIT_NAME = r"[^\s:：|｜,，;；。©()（）\[\]【】<>/]+"
_HOST_UNIT = re.compile(_UNIT_NAME)
_COPYRIGHT_AFTER = re.compile(r"版权所有\s*(?:[:：]|©)\s*©?\s*")  # 版权所有：青山市人民政府
_COPYRIGHT_BEFORE = re.compile(f"({_UNIT_NAME})\\s*版权所有")  # 中国·浙江省发展和改革委员会 版权所有
_UNIT_LIKE = re.compile(r"^(?!本)\S*[\u4e00-\u9fff]{2}")  # a Chinese name, not 本站/本网站
_ORG_SUFFIX = re.compile(r"(?:政府|委员会|办公室|中心|[局厅委办院部署处所站馆会])$")  # unlabelled: must end like a unit
_HOST_STOP = re.compile(
    r"承办|协办|联系|电话|地址|邮编|网站标识码|政府网站标识码|标识码|备案|技术支持|运行维护|运维|版权|[\u4e00-\u9fff]ICP", re.I
)
_PHONE = re.compile(
    r"(?<![\d-])((?:\(0\d{2,3}\)|0\d{2,3}[-－]?)\d{7,8}|400-?\d{3}-?\d{4}|1[3-9]\d{9})(?![\d-])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CONTACT_WINDOW = 300  # characters around the footer's marks searched for a phone or e-mail
_CONAC_URL = re.compile(r"(?:https?:)?//[\w.-]*conac\.cn[^\s'\"<>)]*", re.I)
_JIUCUO_URL = re.compile(r"/exposure/jiucuo|zfwzgl\.www\.gov\.cn", re.I)
_JIUCUO_SCRIPT = re.compile(r"jiucuo\.js", re.I)
_JIUCUO_INLINE = re.compile(r"(?:https?:)?//[^\s'\"<>]+/exposure/jiucuo[^\s'\"<>]*", re.I)
_JIUCUO_WORDS = re.compile(r"政府网站找错")
_CORRECTION_WORDS = re.compile(r"纠错")  # a site's own 网站纠错 / 我要纠错 link
_CONTACT_WORDS = re.compile(r"^\s*[【\[]?\s*(?:联系我们|联系方式|联系本站|联系本网)\s*[】\]]?\s*$")
_ONCLICK_CODE = re.compile(r"\b(bm\d{8}|\d{10})\b", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_NOT_TEXT = "ancestor::script or ancestor::style or ancestor::head or ancestor::noscript"


@dataclass(frozen=True)
class IdentityMarks:
    site_code_footer: str | None  # 网站标识码 as written in the page text
    site_code_meta: str | None  # <meta name="SiteIDCode">; an empty content counts as missing
    icp: str | None  # e.g. 赣ICP备11002306号-1
    police: str | None  # e.g. 赣公网安备36092202000105号
    conac: str | None  # link (or logo) of the 党政机关网站标识
    jiucuo: str | None  # URL of the 我为政府网站找错 entry (link or script)
    jiucuo_site_code: str | None  # the site code that entry reports under
    jiucuo_hidden: bool  # the entry is there but styled display:none / visibility:hidden
    host_unit: str | None  # 主办单位; failing a 主办 label, the unit named 版权所有
    contact: str | None  # a phone number or e-mail beside the footer marks
    contact_page: str | None  # link of a 联系我们 / 联系方式 entry
    correction_page: str | None  # link of the site's own 网站纠错 entry (not the 找错 platform)

    def as_dict(self) -> dict[str, str | bool | None]:
        return asdict(self)


def identity_marks(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> IdentityMarks:
    parts = _document_parts(tree)
    text = _SPACE.sub(" ", " ".join(t for part in parts for t in part.xpath(f".//text()[not({_NOT_TEXT})]")))
    jiucuo, jiucuo_code, hidden = _jiucuo(parts)
    site_code, icp, police = (_last(pattern, text) for pattern in (_SITE_CODE, _ICP, _POLICE))
    host_unit, host_at = _host_unit(text)
    anchors = [match.start() for match in (site_code, icp, police) if match]
    return IdentityMarks(
        site_code_footer=site_code.group(1).lower() if site_code else None,
        site_code_meta=_meta_value(meta, "SiteIDCode"),
        icp=_icp(icp),
        police=_police(police),
        conac=_conac(parts),
        jiucuo=jiucuo,
        jiucuo_site_code=jiucuo_code,
        jiucuo_hidden=hidden,
        host_unit=host_unit,
        contact=_contact(text, anchors + ([host_at] if host_at is not None else [])),
        contact_page=_labelled_link(parts, _CONTACT_WORDS),
        correction_page=_labelled_link(parts, _CORRECTION_WORDS),
    )


def _document_parts(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The tree, plus any <html> libxml2 opened after a stray </html> (www.gov.cn pages have one mid-page)."""
    if tree.getparent() is not None:
        return [tree]
    return [tree, *(node for node in tree.itersiblings() if isinstance(node.tag, str))]


def _elements(parts: list[lxml_html.HtmlElement], *tags: str) -> Iterator[lxml_html.HtmlElement]:
    for part in parts:
        yield from part.iter(*tags)


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match: the footer sits at the end, after any body text that quotes such marks."""
    found = None
    for found in pattern.finditer(text):
        pass
    return found


def _meta_value(meta: dict[str, str], name: str) -> str | None:
    for key, value in meta.items():
        if key.lower() == name.lower():
            return value.strip() or None
    return None


def _icp(match: re.Match[str] | None) -> str | None:
    if not match:
        return None
    province, number, suffix = match.groups()
    return f"{province}ICP备{number}号" + (f"-{suffix}" if suffix else "")


def _police(match: re.Match[str] | None) -> str | None:
    if not match:
        return None
    province, number, hao = match.groups()
    return f"{province}公网安备{number}{hao}"


def _host_unit(text: str) -> tuple[str | None, int | None]:
    for label in reversed(list(_HOST_LABEL.finditer(text))):
        if unit := _HOST_UNIT.match(text, label.end()):
            name = _HOST_STOP.split(unit.group(0))[0]
            if len(name) >= 2:
                return name, label.start()
    return _copyright_holder(text)


def _copyright_holder(text: str) -> tuple[str | None, int | None]:
    """The unit of 版权所有：X or X 版权所有, for footers that name no 主办单位."""
    for label in reversed(list(_COPYRIGHT_AFTER.finditer(text))):
        unit = _HOST_UNIT.match(text, label.end())
        name = _HOST_STOP.split(unit.group(0))[0] if unit else ""
        if _UNIT_LIKE.match(name):
            return name, label.start()
    for found in reversed(list(_COPYRIGHT_BEFORE.finditer(text))):
        name = found.group(1).rsplit("·", 1)[-1]  # 中国·浙江省发展和改革委员会
        if _UNIT_LIKE.match(name) and _ORG_SUFFIX.search(name):
            return name, found.start()
    return None, None


def _contact(text: str, anchors: list[int]) -> str | None:
    if not anchors:
        return None
    window = text[max(0, min(anchors) - _CONTACT_WINDOW) : max(anchors) + _CONTACT_WINDOW]
    found = _PHONE.search(window) or _EMAIL.search(window)
    return found.group(0) if found else None


def _conac(parts: list[lxml_html.HtmlElement]) -> str | None:
    for element in _elements(parts, "a", "script", "img", "iframe"):
        url = element.get("href") or element.get("src") or ""
        if "conac.cn" in url.lower():
            return url.strip()
    for script in _elements(parts, "script"):  # the standard code document.write()s the logo at runtime
        if script.text and (found := _CONAC_URL.search(unquote(script.text))):
            return found.group(0)
    for img in _elements(parts, "img"):
        label = " ".join(img.get(name, "") for name in ("alt", "title", "aria-label"))
        if "党政机关" in label or img.get("id") == "imgConac":
            link = next((a.get("href") for a in img.iterancestors("a") if a.get("href")), None)
            return (link or img.get("src") or "").strip() or None
    return None


def _jiucuo(parts: list[lxml_html.HtmlElement]) -> tuple[str | None, str | None, bool]:
    """The 找错 entry: a platform link, the kaipuyun jiucuo.js script, or a link/logo labelled 政府网站找错."""
    for element in _elements(parts, "a", "script", "iframe"):
        url = (element.get("href") or element.get("src") or "").strip()
        if _JIUCUO_URL.search(url) or (element.tag == "script" and (
            element.get("id") == "_jiucuo_" or _JIUCUO_SCRIPT.search(url)
        )):
            return url or None, _site_code_of(url, element), _hidden(element)
    for script in _elements(parts, "script"):
        if script.text and (found := _JIUCUO_INLINE.search(script.text)):
            return found.group(0), _site_code_of(found.group(0), script), _hidden(script)
    for element in _elements(parts, "a", "img"):
        label = " ".join(
            [element.text_content() if element.tag == "a" else ""]
            + [element.get(name, "") for name in ("alt", "title", "aria-label")]
        )
        if _JIUCUO_WORDS.search(label):
            link = next((a.get("href") for a in element.iterancestors("a") if a.get("href")), None)
            url = element.get("href") or link or element.get("src")
            return url, _site_code_of(url or "", element), _hidden(element)
    return None, None, False


def _labelled_link(parts: list[lxml_html.HtmlElement], words: re.Pattern[str]) -> str | None:
    for link in _elements(parts, "a"):
        href = (link.get("href") or "").strip()
        if href and not href.lower().startswith("javascript:") and words.search(link.text_content()):
            return href
    return None


def _site_code_of(url: str, element: lxml_html.HtmlElement) -> str | None:
    query = {key.lower(): values for key, values in parse_qs(urlsplit(url).query).items()}
    for key in ("site_code", "sitecode"):
        if query.get(key) and query[key][0].strip():
            return query[key][0].strip()
    if code := (element.get("sitecode") or "").strip():
        return code
    clicked = _ONCLICK_CODE.search(element.get("onclick") or "")
    return clicked.group(1) if clicked else None


def _hidden(element: lxml_html.HtmlElement) -> bool:
    for node in (element, *element.iterancestors()):
        if node.get("hidden") is not None or _HIDDEN_STYLE.search(node.get("style") or ""):
            return True
    return False
