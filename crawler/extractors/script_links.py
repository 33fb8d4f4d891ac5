"""URLs a page opens from JavaScript: window.open(...), location = ..., location.assign/replace(...).

Only those call and assignment forms with a literal string are read. A string merely written in a
script (var s = '/x.html'), one built by concatenation ('/x?id=' + id) or one inside a comment is
not a link: inventing one would report dead links that nobody can click.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

# A literal JS string: '...', "..." or a `...` template without substitutions.
_STRING = r"""(?:'((?:[^'\\\r\n]|\\.)*)'|"((?:[^"\\\r\n]|\\.)*)"|`([^`\\$]*)`)"""
# The global objects, chained (top.window.location); never a property of something else (obj.location).
_WINDOW_OPEN = r"(?<![\w$.])(?:(?:self|top|parent)\s*\.\s*)*window\s*\.\s*open"
_LOCATION = r"(?<![\w$.])(?:(?:window|self|top|parent|document)\s*\.\s*)*location"
_OPENERS = re.compile(
    rf"(?:{_WINDOW_OPEN}|{_LOCATION}\s*\.\s*(?:assign|replace))\s*\(\s*{_STRING}\s*[,)]"  # a call
    rf"|{_LOCATION}(?:\s*\.\s*href)?\s*=(?!=)\s*{_STRING}(?!\s*[+.\[(?])"  # an assignment, whole
)
# Strings are matched first so that '//' inside 'http://...' is not taken for a comment;
# '<!--' comments out the rest of its line, as in browsers.
_COMMENT_OR_STRING = re.compile(
    r"""'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*"|`(?:[^`\\]|\\.)*`|//[^\n]*|<!--[^\n]*|/\*.*?\*/""", re.S
)
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.S)
_JS_TYPES = frozenset(
    {"", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript",
     "application/x-javascript", "text/jscript", "module"}
)


def script_urls(code: str) -> list[str]:
    """The literal URLs `code` opens or navigates to, as written (relative ones unresolved)."""
    if "open" not in code and "location" not in code:
        return []  # most scripts: nothing to scan
    code = _COMMENT_OR_STRING.sub(_blank_comment, code)
    urls = []
    for match in _OPENERS.finditer(code):
        raw = next(group for group in match.groups() if group is not None)
        url = _ESCAPE.sub(_unescape, raw).strip()
        if url and not url.startswith("#"):
            urls.append(url)
    return urls


def is_inline_code(script: lxml_html.HtmlElement) -> bool:
    """An inline JavaScript block; Hanweb's <script type="text/xml"> datastores and templates are data."""
    type_ = (script.get("type") or "").split(";")[0].strip().lower()
    return not script.get("src") and bool(script.text) and type_ in _JS_TYPES


def _blank_comment(match: re.Match[str]) -> str:
    text = match.group(0)
    return text if text[0] in "'\"`" else " "


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else match.group(3)
