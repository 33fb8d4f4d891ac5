"""Hanweb (大汉 jcms) lists: items kept as CDATA records in <script type="text/xml"><datastore>."""

from __future__ import annotations

import re

from lxml import html as lxml_html

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL)


def datastore_records(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Each record parsed as an HTML fragment, so links and dates in it read like any list row."""
    records = []
    for script in tree.iterfind(".//script[@type]"):
        text = script.text or ""
        if script.get("type", "").lower() == "text/xml" and "<record" in text:
            for fragment in _RECORD.findall(text):
                if fragment.strip():
                    records.append(lxml_html.fragment_fromstring(fragment, create_parent="div"))
    return records
