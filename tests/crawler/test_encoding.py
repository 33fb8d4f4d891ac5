"""Pages decoded as a browser would read them, whatever their charset label says."""

from __future__ import annotations

import pytest

from crawler.encoding import decode_html

# 喆 and 镕 are in GBK but not in GB2312: decoding as GB2312 would lose them.
TEXT = "<html><head><meta charset='{label}'></head><body>青山市卫生健康委员会 王喆 朱镕基</body></html>"


@pytest.mark.parametrize(
    ("header", "meta"),
    [
        ("text/html; charset=gbk", "gbk"),
        ("text/html; charset=gb2312", "gb2312"),  # the usual label on GBK pages
        ("text/html; charset=utf-8", "gb2312"),  # header wrong, meta right
        ("text/html; charset=iso-8859-1", "gb2312"),  # a Latin label on a Chinese page
        ("text/html", "utf-8"),  # meta wrong
        (None, "utf-8"),
    ],
)
def test_gbk_body_is_read_whatever_the_label(header: str | None, meta: str) -> None:
    text, encoding = decode_html(TEXT.format(label=meta).encode("gbk"), header)
    assert "王喆 朱镕基" in text
    assert encoding in {"gbk", "gb18030"}


@pytest.mark.parametrize("header", ["text/html; charset=utf-8", "text/html; charset=gbk", None])
def test_utf8_body_is_read_whatever_the_label(header: str | None) -> None:
    text, encoding = decode_html(TEXT.format(label="utf-8").encode("utf-8"), header)
    assert "王喆 朱镕基" in text
    assert encoding in {"utf-8", "utf8"}


def test_plain_ascii_under_a_latin_label_stays_latin() -> None:
    text, encoding = decode_html(b"<p>plain page</p>", "text/html; charset=iso-8859-1")
    assert text == "<p>plain page</p>" and encoding == "cp1252"
