"""Request and response values passed between the farm's HTTP server and its sites."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qs

CT_HTML = "text/html; charset=utf-8"


@dataclass
class Request:
    """One HTTP request as a site sees it; `family` is 4 or 6 (the listener that accepted it)."""

    method: str
    host: str
    path: str
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    family: int = 4
    port: int = 0

    def params(self) -> dict[str, str]:
        """Query-string parameters (and form fields of a POST body), first value each."""
        out = {k: v[0] for k, v in parse_qs(self.query, keep_blank_values=True).items()}
        if self.method == "POST" and self.body:
            form = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
            out.update({k: v[0] for k, v in form.items()})
        return out

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Response:
    """What a site answers; `cacheable` pages get ETag/Last-Modified and may answer 304."""

    status: int = 200
    body: bytes = b""
    content_type: str = CT_HTML
    headers: list[tuple[str, str]] = field(default_factory=list)
    cacheable: bool = False
    last_modified: date | None = None
    delay: float = 0.0          # seconds to sleep before answering (slow pages)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


def html(text: str, status: int = 200, *, encoding: str = "utf-8", charset: str | None = None,
         cacheable: bool = True, last_modified: date | None = None) -> Response:
    """An HTML response; `charset` is what the header claims (defaults to the real encoding)."""
    body = text.encode(encoding, "xmlcharrefreplace")
    ctype = f"text/html; charset={charset or encoding}"
    return Response(status, body, ctype, cacheable=cacheable and status == 200,
                    last_modified=last_modified)


def plain(text: str, status: int = 200, ctype: str = "text/plain; charset=utf-8") -> Response:
    return Response(status, text.encode("utf-8"), ctype)


def redirect(location: str, status: int = 301) -> Response:
    body = f'<html><body>Moved: <a href="{location}">{location}</a></body></html>'
    return Response(status, body.encode(), CT_HTML, headers=[("Location", location)])


def http_date(d: date) -> str:
    return format_datetime(datetime.combine(d, time(8, 0), timezone.utc), usegmt=True)


def not_modified(req: Request, resp: Response) -> bool:
    """True when a conditional request matches this cacheable response."""
    if not resp.cacheable:
        return False
    inm = req.header("if-none-match")
    if inm is not None:
        return resp.etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = req.header("if-modified-since")
    if ims and resp.last_modified:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        lm = datetime.combine(resp.last_modified, time(8, 0), timezone.utc)
        return since.tzinfo is not None and lm <= since
    return False
