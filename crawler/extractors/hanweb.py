"""Hanweb (大汉 jcms) lists: items kept as CDATA records in <script type="text/xml"><datastore>.

A column page holds its first records in the datastore; its jpage script asks dataproxy.jsp for the
later ones, POSTing the paging in the query (startrecord, endrecord, perpage) and the column in the
form (col, webid, path, columnid, sourceContentType, unitid, webname, permissiontype: the script's
ajaxParam). The answer is a bare <datastore> XML document. Such a page is named here by one URL
holding both, paging first (proxy_url), so that each column's pages have their own address;
post_request splits it back into what jpage sends.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from lxml import html as lxml_html

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL)
_DATASTORE_DOCUMENT = re.compile(r"\s*(?:<\?xml[^>]*\?>\s*)?<datastore\b", re.IGNORECASE)
PAGING_FIELDS = ("startrecord", "endrecord", "perpage")


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


def is_datastore(text: str) -> bool:
    """A dataproxy.jsp answer: the document is a bare <datastore>, not a page."""
    return bool(_DATASTORE_DOCUMENT.match(text))


def proxy_url(proxy: str, start: int, end: int, per_page: int, form: Mapping[str, str]) -> str:
    """The address of one dataproxy.jsp page of a column: the paging, then the form fields."""
    fields = "".join(f"&{name}={quote(value, safe='/')}" for name, value in form.items())
    return f"{proxy}?startrecord={start}&endrecord={end}&perpage={per_page}{fields}"


def post_request(url: str) -> tuple[str, bytes]:
    """(URL, form body) jpage POSTs for a proxy_url(): the paging stays in the query, the rest is the form."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    paging = [(name, value) for name, value in pairs if name.lower() in PAGING_FIELDS]
    form = [(name, value) for name, value in pairs if name.lower() not in PAGING_FIELDS]
    return urlunsplit(parts._replace(query=urlencode(paging))), urlencode(form).encode()
