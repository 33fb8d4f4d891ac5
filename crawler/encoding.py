"""Decoding pages whose declared charset may be wrong (GBK served as UTF-8 or ISO-8859-1, ...).

The declared encoding (HTTP header, then <meta>) is tried first, as browsers do; when it yields
undecodable bytes, GB18030 (a superset of GB2312 and GBK) and UTF-8 are tried and the cleanest wins.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_to_unicode, resolve_encoding

_FALLBACKS = ("utf-8", "gb18030")  # in this order: the first wins a tie
_LATIN = {"cp1252", "iso8859-1", "latin-1"}
_CLEAN_ENOUGH = 0.0005  # share of undecodable characters a correctly decoded page never reaches


def _bad_share(text: str) -> float:
    return text.count("\ufffd") / max(len(text), 1)


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(text, encoding used) for an HTML body."""
    encoding, text = html_to_unicode(content_type, body)
    # Single-byte charsets decode anything without complaint, so a Latin label on a page
    # with non-ASCII bytes is never believed: a Chinese government page is not Latin-1.
    latin = resolve_encoding(encoding) in _LATIN and not body.isascii()
    if not latin and _bad_share(text) <= _CLEAN_ENOUGH:
        return text, encoding
    candidates = [] if latin else [(text, encoding)]
    candidates += [(codecs.decode(body, name, errors="replace"), name) for name in _FALLBACKS]
    return min(candidates, key=lambda candidate: _bad_share(candidate[0]))
