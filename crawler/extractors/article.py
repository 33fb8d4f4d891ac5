"""Article facts beyond the date: where the information came from (来源), and its interpretations.

DOC-NO-INTERPRETATION needs the links from a policy document to its 解读; IDENT-META and the
notices need the 来源 an article names. The visible page wins over <meta name="ContentSource">.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.extractors.links import FoundLink

# not inside a longer word: a footnote's 资料来源/数据来源 is not the article's source
_SOURCE = re.compile(r"(?<![\u4e00-\u9fff])(?:信息来源|文章来源|稿件来源|来源)\s*[:：]\s*")
# what may follow the 来源 value on the same line, and so ends it
_NEXT_LABEL = re.compile(
    r"\s*(?:作者|责任编辑|编辑|发布时间|发布日期|日期|时间|浏览|访问量|阅读|点击|字号|【|\[|打印|分享|\||｜)"
)
_INTERPRETATION = re.compile(r"解读|图解|一图读懂|一图看懂|政策问答|答记者问|权威发布.*解")
_MAX_SOURCE_CHARS = 40


@dataclass(frozen=True)
class ArticleFacts:
    source: str | None
    interpretations: list[dict[str, str]]  # [{"url", "anchor"}]: links that present a 解读

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "interpretations": self.interpretations}


def article_facts(text: str, meta: dict[str, str], links: list[FoundLink]) -> ArticleFacts:
    return ArticleFacts(source_of(text, meta), interpretation_links(links))


def source_of(text: str, meta: dict[str, str]) -> str | None:
    """The first non-empty 来源 on the page, else meta ContentSource."""
    for match in _SOURCE.finditer(text):
        rest = text[match.end() : match.end() + _MAX_SOURCE_CHARS * 2]
        value = _NEXT_LABEL.split(rest, maxsplit=1)[0].strip().split(maxsplit=1)
        value = value[0] if value else ""
        if value and len(value) <= _MAX_SOURCE_CHARS:
            return value
    return meta.get("ContentSource", "").strip() or None


def interpretation_links(links: list[FoundLink]) -> list[dict[str, str]]:
    """Links whose text presents an interpretation, outside the menus (a 政策解读 column is not one)."""
    found: dict[str, str] = {}
    for link in links:
        if link.position in {"nav", "footer"} or link.kind not in {"page", "attachment", "image"}:
            continue
        if _INTERPRETATION.search(link.anchor) and link.url not in found:
            found[link.url] = link.anchor
    return [{"url": url, "anchor": anchor} for url, anchor in found.items()]
