"""The metadata block of a policy / 政府信息公开 page (索引号, 发文机关, 成文日期, 文号, 有效性, ...).

Facts for DOC-META-MISSING, DOC-VALIDITY-MISSING, DOC-VALIDITY-STALE and DOC-LATE (docs/checks.md).
Labels are mapped to canonical keys; values are kept as written (whitespace-normalised), dates included.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

# label as sites write it -> key we store. 责任部门 is the department answering for the page, not the
# issuing authority; 生成日期 (万载) is when the CMS made the page, while 发文日期 (宜春) is the document's date.
LABELS: dict[str, str] = {
    "索引号": "索引号",
    "主题分类": "主题分类",
    "发文机关": "发文机关", "发布机构": "发文机关", "发文单位": "发文机关", "发文机构": "发文机关",
    "责任部门": "责任部门",
    "成文日期": "成文日期", "发文日期": "成文日期",
    "生成日期": "生成日期",
    "标题": "标题",
    "文号": "文号", "发文字号": "文号", "发文文号": "文号", "发文号": "文号",
    "发布日期": "发布日期", "发布时间": "发布日期",
    "有效性": "有效性", "时效性": "有效性", "时效": "有效性",
    "有效期": "有效期", "有效期至": "有效期", "有效期限": "有效期",
    "公开方式": "公开方式", "公开时限": "公开时限", "公开范围": "公开范围",
    "分类": "分类", "主题词": "主题词",
}
CANONICAL = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "文号", "发布日期", "有效性", "有效期")
# keys a news article carries too: alone they do not make a metadata block
_WEAK_KEYS = frozenset({"标题", "发布日期", "分类", "主题词"})
_DATE_KEYS = frozenset({"成文日期", "发布日期", "生成日期"})

_SPACE = re.compile(r"\s+")
# labels may be spaced out to align them: 索 引 号, 标　　题
_LABEL_ALTERNATIVES = "|".join(
    r"\s*".join(map(re.escape, label)) for label in sorted(LABELS, key=len, reverse=True)
)
_LABEL_ONLY = re.compile(rf"\s*({_LABEL_ALTERNATIVES})\s*[:：]?\s*")
_LABEL_AT_START = re.compile(rf"\s*({_LABEL_ALTERNATIVES})\s*[:：]\s*")
_LABEL_INLINE = re.compile(rf"(?<![\u4e00-\u9fff])({_LABEL_ALTERNATIVES})\s*[:：]\s*")
_OTHER_LABEL = re.compile(r"\s[\u4e00-\u9fff]{2,6}\s*[:：]")  # an unknown label ending an inline value
_DATE_VALUE = re.compile(
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)

_SKIP = frozenset({"script", "style", "head", "title", "noscript", "select", "textarea"})
_BLOCKS = frozenset(
    "html body div p li ul ol dl dt dd table tbody thead tfoot tr td th caption label h1 h2 h3 h4 h5 h6 "
    "section article header footer aside nav form fieldset".split()
)
_CELLS = frozenset({"td", "th", "dd"})
_MAX_LABEL_LENGTH = 12
_MAX_VALUE_LENGTH = 300  # a longer "value" is body text, not a field
_MAX_GAP = 6  # pieces between two labels of the same block


def policy_metadata(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """Canonical key -> value of the page's metadata block; {} when there is none (news articles)."""
    pieces = _pieces(tree)
    found: list[tuple[int, str, str]] = []  # (piece index, key, value)
    for index, piece in enumerate(pieces):
        if match := _LABEL_ONLY.fullmatch(piece):
            value = pieces[index + 1] if index + 1 < len(pieces) else ""
            if _LABEL_ONLY.fullmatch(value) or _LABEL_AT_START.match(value):
                value = ""
            found.append((index, _key(match.group(1)), value))
        elif _LABEL_AT_START.match(piece):
            found.extend((index, key, value) for key, value in _inline_pairs(piece))
    best = max((_block_values(block) for block in _blocks(found)), key=len, default={})
    # a list page's header row (索引号 | 标题 | 文号) has labels but no values: count filled fields only
    return best if len(best) >= 2 and set(best) - _WEAK_KEYS else {}


def is_policy_page(block: dict[str, str]) -> bool:
    """A policy document page: it has 索引号 or 文号, or at least three of the canonical fields."""
    return bool(block.get("索引号") or block.get("文号")) or sum(1 for key in CANONICAL if block.get(key)) >= 3


def _key(label: str) -> str:
    return LABELS[_SPACE.sub("", label)]


def _inline_pairs(piece: str) -> list[tuple[str, str]]:
    """`索引号：X 主题分类：Y` written in one run of text."""
    labels = list(_LABEL_INLINE.finditer(piece))
    pairs = []
    for label, following in zip(labels, [*labels[1:], None]):
        value = piece[label.end() : following.start() if following else len(piece)]
        if other := _OTHER_LABEL.search(value):
            value = value[: other.start()]
        pairs.append((_key(label.group(1)), value))
    return pairs


def _blocks(found: list[tuple[int, str, str]]) -> list[list[tuple[int, str, str]]]:
    """Runs of labels close to each other: a block, not labels scattered over the page."""
    blocks: list[list[tuple[int, str, str]]] = []
    for hit in found:
        if blocks and hit[0] - blocks[-1][-1][0] <= _MAX_GAP:
            blocks[-1].append(hit)
        else:
            blocks.append([hit])
    return blocks


def _block_values(block: list[tuple[int, str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for _, key, value in block:
        if (value := _clean(key, value)) and key not in values:
            values[key] = value
    return values


def _clean(key: str, value: str) -> str:
    value = _SPACE.sub(" ", value).strip().lstrip(":：").lstrip()
    if len(value) > _MAX_VALUE_LENGTH:
        return ""
    if key in _DATE_KEYS and (date := _DATE_VALUE.match(value)):
        return date.group(0)
    return value


def _pieces(tree: lxml_html.HtmlElement) -> list[str]:
    """The page's text cut at block and cell boundaries; an empty cell stays as an empty piece."""
    pieces: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if text:
            pieces.append(text)

    def walk(element: lxml_html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag and tag.lower() not in _SKIP:
            boundary = tag.lower() in _BLOCKS or (tag.lower() != "br" and _is_label_element(element))
            if boundary:
                flush()
            if tag.lower() == "br":
                buffer.append(" ")
            buffer.append(element.text or "")
            before = len(pieces)
            for child in element:
                walk(child)
            if boundary:
                flush()
                if tag.lower() in _CELLS and len(pieces) == before:
                    pieces.append("")
        buffer.append(element.tail or "")

    roots = [tree] if tree.getparent() is not None else [tree, *tree.itersiblings()]
    for root in roots:  # libxml2 opens a second <html> after a stray </html> (www.gov.cn pages)
        walk(root)
    flush()
    return pieces


def _is_label_element(element: lxml_html.HtmlElement) -> bool:
    """An inline element (<span>, <b>, <font>) holding just a label, as in <li><span>文号</span>X</li>."""
    text = ""
    for chunk in element.itertext():  # stop early: an inline element may wrap a whole old-style page
        text += chunk
        if len(_SPACE.sub("", text)) > _MAX_LABEL_LENGTH:
            return False
    return _LABEL_ONLY.fullmatch(text) is not None
