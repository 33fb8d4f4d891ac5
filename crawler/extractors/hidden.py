"""Links a browser would not show: hidden by inline CSS or simple <style> rules (facts for HIDDEN-LINK).

Only links that leave the site are kept: hidden links inside a site are menus, skip-links and
toolbars, while a 暗链 points elsewhere. The crawler records how a link is hidden; checks/hidden.py
judges which hidden links are 暗链 (see docs/checks.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from crawler.extractors.links import base_url, normalise

FAR_OFFSET_PX = -999  # left/top/text-indent at or beyond this puts the content off any screen
_TINY_PX = 1  # a box this narrow or low, with overflow hidden, shows nothing (also the 1px clip idiom)
_MAX_KEPT = 50  # hidden off-site links recorded per page
_PX_PER_UNIT = {"": 1.0, "px": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0}
_LENGTH = re.compile(r"(-?\d*\.?\d+)\s*(px|pt|em|rem)?")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_BLOCK = re.compile(r"([^{}]*)([{}])")
# a compound selector without combinators or pseudo-classes: div#ad.a.b, .spam, #links
_SIMPLE_SELECTOR = re.compile(r"([a-zA-Z][\w-]*)?((?:[#.][\w-]+)+)")
_SELECTOR_PART = re.compile(r"([#.])([\w-]+)")
_REVEALING = re.compile(r":(?:hover|focus|focus-within|active)\b")
_INLINE_TAGS = frozenset("a span font b strong em i u small big label abbr".split())
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class HiddenLink:
    url: str
    anchor: str
    # display-none | visibility-hidden | hidden-attribute | offscreen | zero-size | font-size-0 | text-indent
    reason: str
    element: str  # the element whose CSS hides the link: "a", "div#links.spam"
    style: str  # that element's style attribute, as written
    rule: str | None  # the <style> rule that hides it, when not the style attribute

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True)
class _Rule:
    tag: str | None
    ids: frozenset[str]
    classes: frozenset[str]
    declarations: dict[str, str]
    text: str  # "selector { declarations }" as evidence
    order: int  # later rules of equal specificity win

    def applies_to(self, element: lxml_html.HtmlElement) -> bool:
        return ((self.tag is None or self.tag == element.tag)
                and self.ids <= {element.get("id", "")}
                and self.classes <= set((element.get("class") or "").split()))


# property -> (value, the rule's text, or None for the style attribute)
_Style = dict[str, tuple[str, str | None]]
# "#id" or ".class" -> the rules whose selector names it first
_StyleSheet = dict[str, list[_Rule]]


def hidden_links(
    tree: lxml_html.HtmlElement, page_url: str, in_scope: Callable[[str], bool]
) -> list[HiddenLink]:
    """Off-site <a>/<area> links that CSS hides: on the link itself or on an ancestor."""
    sheet = _style_sheet(tree)
    styles: dict[lxml_html.HtmlElement, _Style] = {}
    base = base_url(tree, page_url)
    found: list[HiddenLink] = []
    for element in tree.iter("a", "area"):
        # how first: most links show, and resolving every URL costs more than reading styles
        how = _how_hidden(element, sheet, styles) if element.get("href") else None
        if how and (url := _off_site_url(element.get("href"), base, in_scope)):
            found.append(HiddenLink(url, _anchor(element), *how))
            if len(found) == _MAX_KEPT:
                break
    return found


def _off_site_url(href: str, base: str, in_scope: Callable[[str], bool]) -> str | None:
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = normalise(urljoin(base, href))
    except ValueError:
        return None
    if urlsplit(url).scheme not in {"http", "https"} or in_scope(url):
        return None
    return url


def _how_hidden(
    link: lxml_html.HtmlElement, sheet: _StyleSheet, styles: dict[lxml_html.HtmlElement, _Style]
) -> tuple[str, str, str, str | None] | None:
    """(reason, hiding element, its style attribute, the hiding rule), walking up from the link;
    inherited properties are decided by the nearest element that sets them (a child's
    visibility:visible shows it again)."""
    pictured = next(link.iter("img"), None) is not None  # a picture shows where text is shrunk or shifted away
    decided: set[str] = set()
    for element in (link, *link.iterancestors()):
        if element.tag in {"html", "body"}:
            break
        style = styles.get(element)
        if style is None:
            style = styles[element] = _style_of(element, sheet)
        pictured = pictured or "url(" in _value(style, "background") + _value(style, "background-image")
        reason, prop = _reason(element, style, decided, pictured)
        decided.update(name for name in ("visibility", "font-size", "text-indent") if name in style)
        if reason:
            rule = style[prop][1] if prop in style else None
            return reason, _describe(element), (element.get("style") or "").strip(), rule
    return None


def _reason(
    element: lxml_html.HtmlElement, style: _Style, decided: set[str], pictured: bool
) -> tuple[str | None, str]:
    """(why the element hides what it holds, the CSS property that does it), or (None, "")."""
    if element.get("hidden") is not None:
        return "hidden-attribute", ""
    if _value(style, "display") == "none":
        return "display-none", "display"
    if "visibility" not in decided and _value(style, "visibility") in {"hidden", "collapse"}:
        return "visibility-hidden", "visibility"
    if "font-size" not in decided and _px(_value(style, "font-size")) == 0 and not pictured:
        return "font-size-0", "font-size"
    if "text-indent" not in decided and _far(_value(style, "text-indent")) and not pictured:
        return "text-indent", "text-indent"
    if _value(style, "position") in {"absolute", "fixed"}:
        for side in ("left", "top"):
            if _far(_value(style, side)):
                return "offscreen", side
    if _value(style, "overflow") == "hidden" and _has_box(element, style):
        for size in ("width", "height"):
            if (length := _px(_value(style, size))) is not None and length <= _TINY_PX:
                return "zero-size", size
    return None, ""


def _has_box(element: lxml_html.HtmlElement, style: _Style) -> bool:
    """Width and height apply: not a plain inline element (a, span) unless made a box."""
    return (element.tag not in _INLINE_TAGS or _value(style, "display") not in {"", "inline"}
            or _value(style, "float") in {"left", "right"} or _value(style, "position") in {"absolute", "fixed"})


def _value(style: _Style, prop: str) -> str:
    return style[prop][0] if prop in style else ""


def _px(value: str) -> float | None:
    match = _LENGTH.fullmatch(value)
    return float(match.group(1)) * _PX_PER_UNIT[match.group(2) or ""] if match else None


def _far(value: str) -> bool:
    length = _px(value)
    return length is not None and length <= FAR_OFFSET_PX


def _style_of(element: lxml_html.HtmlElement, sheet: _StyleSheet) -> _Style:
    """The element's declarations: matching <style> rules (more specific ones later), then its style attribute."""
    tokens = [f"#{element.get('id')}"] + [f".{name}" for name in (element.get("class") or "").split()]
    rules = [rule for token in dict.fromkeys(tokens) for rule in sheet.get(token, ()) if rule.applies_to(element)]
    matching = sorted(rules, key=lambda rule: (len(rule.ids), len(rule.classes), rule.order))
    style: _Style = {}
    for rule in matching:
        style.update((prop, (value, rule.text)) for prop, value in rule.declarations.items())
    style.update((prop, (value, None)) for prop, value in _declarations(element.get("style") or "").items())
    return style


def _declarations(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for declaration in text.split(";"):
        prop, colon, value = declaration.partition(":")
        if colon:
            value = _SPACE.sub(" ", value.lower().replace("!important", "")).strip()
            found[prop.strip().lower()] = value
    return found


def _style_sheet(tree: lxml_html.HtmlElement) -> _StyleSheet:
    return _parsed_css("\n".join(style.text or "" for style in tree.iter("style")))


@lru_cache(maxsize=64)  # a site's pages share their template's <style>: parse it once
def _parsed_css(css: str) -> _StyleSheet:
    """Rules whose selectors name an id or class directly, by the first id or class they name.

    Rules inside @media and other at-rules are skipped (they apply to some screens only), and so are
    rules for an id or class that the page shows again on :hover or :focus (dropdown menus).
    """
    blocks = list(_blocks(_COMMENT.sub("", css)))
    revealed = {token for selector, _ in blocks if _REVEALING.search(selector)
                for token in _SELECTOR_PART.findall(selector)}
    sheet: _StyleSheet = {}
    for order, (selectors, body) in enumerate(blocks):
        declarations = _declarations(body)
        for selector in selectors.split(","):
            match = _SIMPLE_SELECTOR.fullmatch(selector.strip())
            parts = _SELECTOR_PART.findall(match.group(2)) if match else []
            if not parts or any(part in revealed for part in parts):
                continue
            rule = _Rule(match.group(1).lower() if match.group(1) else None,
                         frozenset(name for kind, name in parts if kind == "#"),
                         frozenset(name for kind, name in parts if kind == "."),
                         declarations, f"{selector.strip()} {{ {body.strip()} }}", order)
            sheet.setdefault("".join(parts[0]), []).append(rule)
    return sheet


def _blocks(css: str) -> Iterator[tuple[str, str]]:
    """(selectors, declarations) of the rules outside any at-rule."""
    open_blocks: list[str] = []
    for text, brace in _BLOCK.findall(css):
        if brace == "{":
            open_blocks.append(text.strip())
        elif open_blocks:
            selectors = open_blocks.pop()
            if not selectors.startswith("@") and not any(block.startswith("@") for block in open_blocks):
                yield selectors, text


def _anchor(link: lxml_html.HtmlElement) -> str:
    text = _SPACE.sub(" ", link.text_content()).strip()
    if not text:
        text = next((img.get("alt", "").strip() for img in link.iter("img") if img.get("alt")), "")
    return text or (link.get("title") or "").strip()


def _describe(element: lxml_html.HtmlElement) -> str:
    described = element.tag + (f"#{element.get('id')}" if element.get("id") else "")
    return described + "".join(f".{name}" for name in (element.get("class") or "").split())
