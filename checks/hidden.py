"""Hidden-link checks: 暗链, off-site links a visitor is not shown, or that lead to gambling, porn or spam."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from checks.facts import SiteFacts
from checks.registry import Finding, check
from crawler.extractors.links import normalise
from govmon.config import RulesFile, SpamVocabulary

HIDING_TITLES = {
    "display-none": "display:none 隐藏",
    "visibility-hidden": "visibility:hidden 隐藏",
    "hidden-attribute": "hidden 属性隐藏",
    "offscreen": "定位到可视区以外（负偏移）",
    "zero-size": "宽或高为零且溢出隐藏",
    "font-size-0": "字号为 0",
    "text-indent": "文字缩进到可视区以外",
}
# Hidden so that nothing on the page shows it again: no menu, tab or toggle is built this way
# (display:none and visibility:hidden are, so those need a spam word to be a 暗链).
_CONCEALING = frozenset({"offscreen", "zero-size", "font-size-0", "text-indent"})
_MAX_SOURCES_KEPT = 20


class SpamWords:
    """The spam vocabulary of the lexicon, compiled."""

    def __init__(self, vocabulary: SpamVocabulary) -> None:
        self.words = _any_of(vocabulary.words)
        self.host_words = _any_of(vocabulary.host_words)
        self.allowed = _any_of(vocabulary.allowed)
        self.trusted = tuple(suffix.strip(".").encode("idna").decode("ascii") for suffix in vocabulary.trusted_hosts)

    def found_in(self, anchor: str, url: str) -> list[str]:
        """Spam words in the anchor (unless it holds an allowed phrase: 福利彩票, 打击赌博) or the host."""
        found = [] if self.allowed and self.allowed.search(anchor) else _all(self.words, anchor)
        host = (urlsplit(url).hostname or "").lower()
        return list(dict.fromkeys(found + _all(self.host_words, host)))

    def is_trusted(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == suffix or host.endswith(f".{suffix}") for suffix in self.trusted)


def _any_of(words: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(map(re.escape, words)), re.I) if words else None


def _all(pattern: re.Pattern[str] | None, text: str) -> list[str]:
    return pattern.findall(text) if pattern else []


@dataclass(frozen=True)
class _Place:
    """Where the link sits and how: one page, its anchor, and the crawler's hidden-link facts if hidden."""

    page_url: str
    on_home: bool
    anchor: str
    hidden: dict[str, Any] | None


@check("HIDDEN-LINK")
def hidden_link(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: 暗链 — an off-site link hidden by CSS (display:none, visibility:hidden,
    off-screen positioning, zero size with overflow hidden, font-size 0, far negative text-indent; on
    the link, an ancestor or a class/id rule of the page) whose anchor text or host holds a spam word
    of the lexicon (博彩, 赌博, 娱乐城, 色情…); and an external link with such words even when visible.
    An off-site link to a non-government host hidden off-screen, at zero size or font-size 0 without
    spam words is an early warning (疑似暗链) for a person to look at.

    Why: 19号 安全: 暗链 and links to gambling or porn sites are a veto.
    Example: the homepage carries <div style="display:none"><a href="http://bocai.example/">澳门博彩</a></div>.
    Not a finding: hidden links inside the site (skip-links 跳转到主要内容, mobile menus, dropdowns,
    无障碍 toolbars); display:none menus and tabs leading to other sites without spam words; the
    我为政府网站找错 entry however it is styled; a government host (gov.cn) linked visibly, or any
    anchor with an allowed phrase (福利彩票 news, 打击赌博).
    """
    if rules.lexicon is None:
        return
    spam = SpamWords(rules.lexicon.spam)
    places: dict[str, list[_Place]] = defaultdict(list)
    for page in site.pages:
        for hidden in page.facts.get("hidden_links") or []:
            places[hidden["url"]].append(_Place(page.url, page.is_home, hidden["anchor"], hidden))
    for link in site.links:
        if link.kind == "external":
            hidden_on = {place.page_url for place in places.get(link.url, [])}
            places[link.url] += [_Place(source.page_url, source.on_home, source.anchor, None)
                                 for source in link.sources if source.page_url not in hidden_on]
    jiucuo = _jiucuo_entries(site)
    for url, found in places.items():
        judged = None if url in jiucuo else _judge(url, found, spam)
        if judged is None:
            continue
        severity, place, words = judged
        sources = list(dict.fromkeys(p.page_url for p in sorted(found, key=lambda p: not p.on_home)))
        detail: dict[str, Any] = {
            "reason": _reason(severity, place, words),
            "anchor": place.anchor,
            "hidden_by": place.hidden["reason"] if place.hidden else None,
            "spam_words": words,
            "host": urlsplit(url).hostname,
            "source_count": len(sources),
            "sources": sources[:_MAX_SOURCES_KEPT],
        }
        if place.hidden:
            detail |= {key: place.hidden[key] for key in ("element", "style", "rule")}
        yield Finding("HIDDEN-LINK", site.site_id, severity, url=url, source_url=place.page_url,
                      where="homepage" if place.on_home else "other", detail=detail)


def _jiucuo_entries(site: SiteFacts) -> set[str]:
    """The 我为政府网站找错 entries the crawler found: some sites style theirs hidden, on an IP host."""
    entries = set()
    for page in site.pages:
        if entry := (page.facts.get("identity") or {}).get("jiucuo"):
            try:
                entries.add(normalise(urljoin(page.url, entry)))
            except ValueError:  # a broken URL is no link either
                continue
    return entries


def _judge(url: str, found: list[_Place], spam: SpamWords) -> tuple[str, _Place, list[str]] | None:
    """(severity, the place that shows it, spam words) for the worst of a URL's places, or None."""
    trusted = spam.is_trusted(url)
    for place in sorted(found, key=lambda p: (p.hidden is None, not p.on_home)):
        words = spam.found_in(place.anchor, url)
        if words and (place.hidden or not trusted):
            return "veto", place, words
    if not trusted:
        for place in found:
            if place.hidden and place.hidden["reason"] in _CONCEALING:
                return "warning", place, []
    return None


def _reason(severity: str, place: _Place, words: list[str]) -> str:
    quoted = "".join(f"“{word}”" for word in words)
    if place.hidden is None:
        return f"外部链接含违规词语{quoted}"
    how = HIDING_TITLES.get(place.hidden["reason"], place.hidden["reason"])
    if severity == "warning":
        return f"疑似暗链：{how}的外部链接（非政府网站），请人工核实"
    return f"暗链：{how}的外部链接，含违规词语{quoted}"
