"""Message boards (领导信箱, 咨询投诉, 留言): each letter's title, when it was asked and when answered.

Facts for INTERACTION-UNANSWERED (checks/interaction.py). A board's list page shows its letters as
rows under a header (标题 | 来信时间 | 回复时间 | 办理状态, in a <table> or a <div>/<ul> list), or as
rows carrying their own labels (留言时间：2026-05-01 已回复); a letter's own page shows labelled
fields (来信时间, 回复时间 or 答复时间, 办理状态, 回复单位). The crawler records; the check judges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import urljoin

from lxml import html as lxml_html

from crawler.extractors.dates import dates_in_text, plausible
from crawler.extractors.links import base_url, normalise

Status = Literal["answered", "pending"]

# What each field is called on real boards; a page may use any of these words.
_LABELS = {
    "asked": r"(?:来信|留言|提问|咨询|投诉|写信|发信|反映|求助|举报|建议|提交)(?:时间|日期)",
    "replied": r"(?:回复|答复|办理|办结|回应|处理|反馈)(?:时间|日期)",
    "status": r"(?:办理|处理|回复|答复|信件|留言)?状态",
    "office": r"(?:回复|答复|办理|承办|处理|受理)(?:单位|部门|机构)",
    "title": r"(?:信件|留言|来信|咨询|投诉|问题)?(?:标题|主题)",
}
# A label opens a text chunk (【来信时间】：, 来信时间 2026-05-01); its value follows it or is the next chunk.
_LABELLED = {field: re.compile(rf"^[【\[(（]?\s*{label}\s*[】\])）]?\s*(?:[:：]\s*|\s+|$|(?=\d))(?P<value>.*)$", re.S)
             for field, label in _LABELS.items()}
_HEADER_CELL = {field: re.compile(label) for field, label in _LABELS.items()}
# A chunk that is itself a label (an empty field's neighbour), never a value.
_LABEL_LIKE = re.compile(r"^.{0,8}(?:时间|日期|单位|部门|状态|内容|标题|主题|编号|结果|意见|类型|类别|人|姓名)\s*[:：]?$")
# Pending first: 未办结 and 已受理 hold answered-looking words.
_PENDING = re.compile(r"[未待](?:回复|答复|办结|处理|反馈|回应)|(?:办理|处理|受理|转办|交办|审核)中|已受理|正在(?:办理|处理)")
_ANSWERED = re.compile(r"已(?:回复|答复|办结|处理|反馈|回应|解答)|办结")
_STATUS_MAX = 6  # a status cell says 已回复 or 办理中, not a sentence
_ROW_TAGS = ("li", "tr", "dd", "div", "p", "dl")
_ROW_MAX_CHARS = 300  # a list row holds a title, dates and a status, not a letter
_SPACE = re.compile(r"\s+")
_TEXT = ".//text()[not(ancestor::script) and not(ancestor::style)]"


@dataclass(frozen=True)
class Message:
    url: str  # the letter's own page
    title: str
    asked: date
    replied: date | None
    # what the page says (已回复, 办理中), or a reply-date field left blank (pending); None: unknown
    status: Status | None
    office: str | None = None  # who replied, as a letter's page names it

    def as_dict(self) -> dict:
        return {"url": self.url, "title": self.title, "asked": self.asked.isoformat(),
                "replied": self.replied and self.replied.isoformat(), "status": self.status,
                "office": self.office}


@dataclass(frozen=True)
class MessagePage:
    kind: Literal["list", "detail"]  # a board's list of letters, or one letter's page
    messages: tuple[Message, ...]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "messages": [message.as_dict() for message in self.messages]}


def message_facts(tree: lxml_html.HtmlElement, page_url: str, today: date, text: str | None = None
                  ) -> MessagePage | None:
    """The letters a board's list page shows, or the one letter a letter's page shows; else None.

    `text`, the page's visible text, lets a page that never names a letter's date (most pages) be
    passed over without walking its tree.
    """
    if text is not None and not _HEADER_CELL["asked"].search(_SPACE.sub("", text)):
        return None
    base = base_url(tree, page_url)
    found: dict[str, Message] = {}
    for message in [*_header_rows(tree, base, today), *_labelled_rows(tree, base, today)]:
        found.setdefault(message.url, message)
    if found:
        return MessagePage("list", tuple(found.values()))
    fields = _fields(_chunks(tree.body if tree.find("body") is not None else tree))
    letter = _letter(normalise(page_url), fields.get("title", ""), fields, today)
    return MessagePage("detail", (letter,)) if letter else None


def status_of(text: str) -> Status | None:
    if _PENDING.search(text):
        return "pending"
    return "answered" if _ANSWERED.search(text) else None


# -- rows under a header: 标题 | 来信时间 | 回复时间 | 办理状态 -----------------------------------
def _header_rows(tree: lxml_html.HtmlElement, base: str, today: date) -> list[Message]:
    """Rows under each header row that names the letters' date column (来信时间 and its like)."""
    headers: dict[lxml_html.HtmlElement, dict[str, int]] = {}
    for text in tree.xpath(_TEXT):
        if not _HEADER_CELL["asked"].fullmatch(_SPACE.sub("", text).strip(":：")):
            continue
        cell = text.getparent().getparent() if text.is_tail else text.getparent()
        # the header row is the cell's parent, or its grandparent when the label sits in a <span> of a <th>
        for header in list(cell.iterancestors())[:2]:
            if header not in headers and (columns := _columns(header)):
                headers[header] = columns
                break
    return [message for header, columns in headers.items()
            for row in _rows_after(header) if (message := _row_message(row, columns, base, today))]


def _columns(header: lxml_html.HtmlElement) -> dict[str, int]:
    """field -> cell index, for a header row of labels naming 来信时间 (no dates or status words in it)."""
    cells = _cells(header)
    texts = [_SPACE.sub("", cell.text_content()).strip(":：") for cell in cells]
    if len(cells) < 2 or any(dates_in_text(text) or status_of(text) for text in texts):
        return {}
    columns: dict[str, int] = {}
    for index, text in enumerate(texts):
        for field, label in _HEADER_CELL.items():
            if label.fullmatch(text):
                columns.setdefault(field, index)
    return columns if "asked" in columns else {}


def _rows_after(header: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The rows under a header: the table's later <tr>s, the header's like siblings, or the next list's items."""
    if header.tag == "tr":
        table = next(header.iterancestors("table"), None)
        rows = [] if table is None else [tr for tr in table.iter("tr")
                                         if next(tr.iterancestors("table"), None) is table]
        return rows[rows.index(header) + 1:]
    siblings = [sibling for sibling in header.itersiblings() if sibling.tag == header.tag]
    following = header.getnext()
    if siblings or following is None:
        return siblings
    return [row for row in following.iter("tr", "li", "dl")] or _cells(following)


def _row_message(row: lxml_html.HtmlElement, columns: dict[str, int], base: str, today: date) -> Message | None:
    cells, anchor = _cells(row), _anchor(row)
    if anchor is None or len(cells) <= max(columns.values()) or (url := _url(anchor, base)) is None:
        return None
    fields = {field: _SPACE.sub(" ", cells[index].text_content()).strip() for field, index in columns.items()}
    return _letter(url, _title(anchor), fields, today, row)


# -- rows that carry their own labels: <li><a>…</a> 留言时间：2026-05-01 已回复</li> ---------------
def _labelled_rows(tree: lxml_html.HtmlElement, base: str, today: date) -> list[Message]:
    """Rows labelling their own dates; two at least (a lone one is a letter's page, or a side box)."""
    rows = dict.fromkeys(row for anchor in tree.iter("a") if (row := _row_of(anchor)) is not None)
    found = []
    for row in rows:
        anchor = _anchor(row)
        url = _url(anchor, base) if anchor is not None else None
        if url and (letter := _letter(url, _title(anchor), _fields(_chunks(row)), today, row)):
            found.append(letter)
    return found if len(found) >= 2 else []


def _row_of(anchor: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The nearest row around a link that links nowhere else and is short enough to be a row."""
    for level, ancestor in enumerate(anchor.iterancestors()):
        if level > 2 or ancestor.tag in {"ul", "ol", "table", "tbody", "body"}:
            return None
        if ancestor.tag in _ROW_TAGS and len(_SPACE.sub("", ancestor.text_content())) <= _ROW_MAX_CHARS:
            hrefs = {a.get("href") for a in ancestor.iter("a") if a.get("href")}
            return ancestor if len(hrefs) == 1 else None
    return None


# -- shared -------------------------------------------------------------------------------------
def _cells(row: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return [child for child in row if isinstance(child.tag, str)]


def _anchor(row: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The row's link to the letter: the first with a real href and some text."""
    for anchor in row.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.lower().startswith(("javascript:", "mailto:", "#")) and _title(anchor):
            return anchor
    return None


def _title(anchor: lxml_html.HtmlElement) -> str:
    return _SPACE.sub(" ", anchor.get("title") or anchor.text_content()).strip()


def _url(anchor: lxml_html.HtmlElement, base: str) -> str | None:
    try:
        return normalise(urljoin(base, anchor.get("href", "").strip()))
    except ValueError:  # e.g. a non-numeric port: that row is skipped, not the page
        return None


def _letter(url: str, title: str, fields: dict[str, str], today: date,
            row: lxml_html.HtmlElement | None = None) -> Message | None:
    """A letter from its labelled (or header-aligned) field texts; None without the date it came in.

    A row may show its status unlabelled (已回复); a blank reply date says it is not answered yet.
    """
    asked, replied = _date(fields.get("asked"), today), _date(fields.get("replied"), today)
    if asked is None:
        return None
    status = status_of(fields.get("status", "")) or (_bare_status(row) if row is not None else None)
    if status is None and "replied" in fields:  # the page has a place for the reply date
        status = "answered" if replied else "pending"
    return Message(url, title, asked, replied, status, fields.get("office") or None)


def _chunks(root: lxml_html.HtmlElement) -> list[str]:
    """The element's visible text, one stripped chunk per text node (cells and labels stay apart)."""
    return [chunk for text in root.xpath(_TEXT) if (chunk := _SPACE.sub(" ", text).strip())]


def _fields(chunks: list[str]) -> dict[str, str]:
    """Labelled values: 来信时间：2026-05-01 in one chunk, or 来信时间 then 2026-05-01; the first label wins."""
    fields: dict[str, str] = {}
    for index, chunk in enumerate(chunks):
        for field, labelled in _LABELLED.items():
            if field in fields or not (match := labelled.match(chunk)):
                continue
            value = match.group("value").strip()
            following = chunks[index + 1] if index + 1 < len(chunks) else ""
            if not value and not _LABEL_LIKE.match(following) and not _starts_label(following):
                value = following
            fields[field] = value
            break
    return fields


def _starts_label(chunk: str) -> bool:
    return any(labelled.match(chunk) for labelled in _LABELLED.values())


def _bare_status(row: lxml_html.HtmlElement) -> Status | None:
    """A status shown without a label: a short chunk such as 已回复 or 办理中."""
    statuses = (status_of(chunk) for chunk in _chunks(row) if len(chunk) <= _STATUS_MAX)
    return next((status for status in statuses if status), None)


def _date(value: str | None, today: date) -> date | None:
    found = dates_in_text(value or "")
    return plausible(found[0], today) if found else None
