"""The site spider: crawls one site within its hosts, checks every link it finds, records outcomes.

Pages in scope are fetched with GET and read; everything else linked (images, attachments,
external pages, in-scope pages past the page cap) is only checked: HEAD first, GET when HEAD
fails, since many government servers mishandle HEAD. Attachments on the site's own hosts whose
text can be read (pdf, docx, xlsx) are fetched with GET up to attachment_text_max_bytes instead,
their text kept for the content checks and their outcome classified exactly as a check's.
Redirects are followed here rather than by Scrapy's middleware, so that every chain is kept and
loops are named as loops.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from w3lib.url import safe_url_string
from scrapy import signals
from scrapy.exceptions import StopDownload
from scrapy.http import HtmlResponse, Response, XmlResponse
from twisted.python.failure import Failure

from crawler import extraction, outcomes
from crawler.encoding import decode_html
from crawler.history import KnownPage, page_with_links, previous_pages, stored_so_far
from crawler.extraction import HostScope
from crawler.extractors.attachments import READABLE_TYPES, AttachmentText
from crawler.extractors.botwall import is_bot_wall
from crawler.extractors.columns import ListPage, classify, needs_next_page
from crawler.extractors.hanweb import is_datastore, post_request
from crawler.extractors.links import extension, normalise
from crawler.extractors.tls import certificate_facts
from crawler.extractors.page import parse_html, visible_text
from crawler.items import LinkFact, PageItem, TargetItem
from crawler.render import needs_render
from crawler.traps import TrapGuard
from govmon.storage import make_engine

_CHECK_ONLY_KINDS = {"image", "attachment", "external", "style", "script"}
_NOT_FETCHED_KINDS = {"mailto", "javascript", "tel"}
_MAX_ITEMS_KEPT = 500  # a list page's items kept as facts; more never change a column's freshness
_CHECK_BYTES = 65_536  # read of a checked page asked with GET: enough to tell a firewall's challenge


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(
        self, site: dict[str, Any], run_id: int, today: str, resume: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.site = site
        self.run_id = run_id
        self.resume = resume
        self.known: dict[str, KnownPage] = {}
        self.today = date.fromisoformat(today)
        self.home_url = normalise(site["url"])
        self.hosts = {urlsplit(self.home_url).hostname, *(h.lower() for h in site["extra_hosts"])}
        self.in_scope = HostScope(frozenset(self.hosts))
        self.page_cap = int(site["page_cap"])
        self.seen: set[str] = set()
        self.pages_scheduled = 0
        self.traps: TrapGuard | None = None  # built from settings when the crawl starts
        self.certificates_seen: set[str] = set()  # https hosts whose certificate is recorded
        self.column_names: dict[str, str] = {}  # column URL -> its name in the site's navigation
        self.unneeded_pages: set[str] = set()  # list pages past max_list_pages that freshness does not need

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.headers_received, signal=signals.headers_received)
        crawler.signals.connect(spider.bytes_received, signal=signals.bytes_received)
        return spider

    def bytes_received(self, data: bytes, request: scrapy.Request, spider: Any) -> None:
        """A page over max_page_bytes is cut there and read as far as it came, not thrown away;
        an attachment over attachment_text_max_bytes is cut and only checked."""
        received = request.meta.get("govmon_bytes", 0) + len(data)
        request.meta["govmon_bytes"] = received
        if request.meta.get("govmon", {}).get("mode") == "attachment":
            if received > self.attachment_max_bytes:
                raise StopDownload(fail=False)  # too large to read: checked, not read
        elif received >= (_CHECK_BYTES if request.meta.get("govmon", {}).get("mode") == "check"
                          else self.settings.getint("GOVMON_MAX_PAGE_BYTES", 5_000_000)):
            raise StopDownload(fail=False)

    def headers_received(self, headers: Any, body_length: int, request: scrapy.Request, spider: Any) -> None:
        """Links that are only checked never download their body: the status is the answer.
        Pages are read when HTML, or XML (a Hanweb dataproxy.jsp answer)."""
        state = request.meta.get("govmon", {})
        content_type = (headers.get(b"Content-Type") or b"").lower()
        # a checked page asked with GET keeps its first bytes: its 200 may be a firewall's challenge
        if (state.get("mode") == "check" and (request.method != "GET" or b"html" not in content_type)) or (
            state.get("mode") == "crawl" and content_type and not (b"html" in content_type or b"xml" in content_type)
        ) or (state.get("mode") == "attachment" and isinstance(body_length, int)  # else unknown
              and body_length > self.attachment_max_bytes):
            raise StopDownload(fail=False)

    # ------------------------------------------------------------ settings
    @property
    def obey_robots(self) -> bool:
        own = self.site.get("obey_robots")
        return self.settings.getbool("GOVMON_OBEY_ROBOTS", True) if own is None else bool(own)

    @property
    def attachment_max_bytes(self) -> int:
        return self.settings.getint("GOVMON_ATTACHMENT_TEXT_MAX_BYTES", 0)

    def reads_text_of(self, link: LinkFact) -> bool:
        """An attachment on the site's own hosts in a format whose text can be read."""
        return (link.kind == "attachment" and self.attachment_max_bytes > 0 and self.in_scope(link.url)
                and extension(link.url) in READABLE_TYPES)

    @property
    def max_redirects(self) -> int:
        return self.settings.getint("GOVMON_MAX_REDIRECTS", 8)

    @property
    def blocked_statuses(self) -> set[int]:
        return {int(s) for s in self.settings.getlist("GOVMON_BLOCKED_STATUSES", [401, 403, 429])}

    # ------------------------------------------------------------ requests
    async def start(self) -> AsyncIterator[scrapy.Request | TargetItem]:
        self.engine = make_engine(self.settings["GOVMON_DATABASE_URL"])  # reads of earlier runs
        self.traps = TrapGuard(self.today, **self.settings.getdict("GOVMON_TRAPS"))
        self.known = previous_pages(self.engine, self.site["id"], self.run_id)
        for request in self._resume_requests() if self.resume else self._first_requests():
            yield request

    def closed(self, reason: str) -> None:
        if hasattr(self, "engine"):
            self.engine.dispose()
        if self.traps and self.traps.refused:
            self.logger.info("URLs only checked, not read, as likely traps: %s", dict(self.traps.refused))

    def _first_requests(self) -> Iterator[scrapy.Request]:
        self.seen.add(self.home_url)
        self.pages_scheduled += 1
        yield self._request(self.home_url, mode="crawl", depth=0)

    def _resume_requests(self) -> Iterator[scrapy.Request | TargetItem]:
        """Continue a killed crawl: fetch what was linked from stored pages and has no outcome yet."""
        done, pages = stored_so_far(self.engine, self.run_id)
        self.seen |= done
        self.pages_scheduled = len(pages)
        if self.home_url not in done:
            yield from self._first_requests()
        for page in pages:
            if page.outcome:  # stored, but killed before its outcome was
                yield TargetItem(url=page.url, outcome=page.outcome, status=page.status)
        for page in sorted(pages, key=lambda stored: stored.depth):
            for link in page.links:
                if request := self._follow(link, page.depth):
                    yield request

    def _request(
        self,
        url: str,
        mode: str,
        depth: int,
        chain: list[str] | None = None,
        method: str | None = None,
        render: bool | None = None,
        anchor: str = "",
        post: bool = False,
    ) -> scrapy.Request:
        method = method or ("HEAD" if mode == "check" else "GET")
        headers = {}
        target, body = url, None
        if post:  # a Hanweb dataproxy.jsp page, asked as its jpage script asks
            target, body = post_request(url)
            method, headers["Content-Type"] = "POST", "application/x-www-form-urlencoded; charset=UTF-8"
        if mode == "crawl" and not chain and (known := self.known.get(url)):
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        return scrapy.Request(
            target,
            method=method,
            headers=headers,
            body=body,
            callback=self.on_response,
            errback=self.on_error,
            dont_filter=True,  # self.seen decides; redirect hops may revisit a URL on purpose
            meta={
                "dont_redirect": True,
                "handle_httpstatus_all": True,
                "dont_obey_robotstxt": not self.obey_robots,
                "playwright": mode == "crawl" and (render or self.site["render"] == "always"),
                "govmon": {
                    "link": chain[0] if chain else url,
                    "chain": chain or [],
                    "mode": mode,
                    "depth": depth,
                    "anchor": anchor,
                },
            },
        )

    def _follow(self, link: LinkFact, depth: int, post: bool = False) -> scrapy.Request | None:
        if link.kind in _NOT_FETCHED_KINDS or link.url in self.seen:
            return None
        self.seen.add(link.url)
        crawlable = link.kind in {"page", "frame"} and self.in_scope(link.url)
        if crawlable and self.traps is not None:
            crawlable = self.traps.allow(link.url)[0]  # a trap is checked, never read
        if crawlable and link.url in self.unneeded_pages:
            crawlable = False  # a later list page: checked that it opens, not read
        if crawlable and depth + 1 <= self.settings.getint("GOVMON_MAX_DEPTH", 6):
            if self.pages_scheduled < self.page_cap:
                self.pages_scheduled += 1
                return self._request(link.url, mode="crawl", depth=depth + 1, anchor=link.anchor, post=post)
        # an external page is asked with GET: its 200 may be a firewall's page, not the site's
        return self._request(link.url, mode="attachment" if self.reads_text_of(link) else "check",
                             depth=depth + 1, method="GET" if link.kind == "external" else None)

    # ------------------------------------------------------------ responses
    async def on_response(self, response: Response) -> AsyncIterator[Any]:
        state = response.meta["govmon"]
        chain: list[str] = state["chain"]
        if response.status == 304 and state["link"] in self.known:
            for output in self._unchanged(response, state):
                yield output
            return
        if 300 <= response.status < 400 and b"Location" in response.headers:
            for output in self._redirect(response, state):
                yield output
            return
        if state["mode"] == "check" and response.request.method == "HEAD" and response.status >= 400:
            # HEAD refused or mishandled: ask again with GET before concluding anything
            yield self._request(response.url, "check", state["depth"], chain or None, method="GET")
            return
        outcome = outcomes.from_status(response.status, self.blocked_statuses)
        if outcome == outcomes.OK and state["mode"] == "check" and _is_wall(response):
            outcome = outcomes.BLOCKED
        if outcome == outcomes.OK and chain:
            outcome = outcomes.REDIRECT
        if state["mode"] == "crawl" and response.status == 200 and _readable(response):
            page, shell = await self._read(response, state)
            if shell and self.site["render"] == "auto" and not response.meta.get("playwright"):
                # a list built by JavaScript: read it again as a browser shows it
                yield self._request(state["link"], "crawl", state["depth"], chain or None,
                                    render=True, anchor=state.get("anchor", ""))
                return
            if outcome == outcomes.OK or outcome == outcomes.REDIRECT:
                read = outcomes.for_read_page(page.facts)
                outcome = outcome if read == outcomes.OK else read
            yield page
            for link in page.links:
                if request := self._follow(link, state["depth"]):
                    yield request
            for request in self._later_list_pages(page.facts["column"], state["depth"]):
                yield request
        target = self._target(state["link"], outcome, response.status, chain + [response.url], response)
        if state["mode"] == "attachment" and response.status == 200:
            read = await self._attachment(response, extension(state["link"]))
            target.text, target.error = read.text, read.note  # the note: why an attachment was not read
        yield target

    async def _attachment(self, response: Response, file_type: str) -> AttachmentText:
        if "download_stopped" in response.flags:
            return AttachmentText(None, f"附件超过 {self.attachment_max_bytes} 字节"
                                        "（attachment_text_max_bytes），只检查能否打开，未读取文字")
        return await extraction.attachment(response.body, file_type)

    def _unchanged(self, response: Response, state: dict[str, Any]) -> Iterator[Any]:
        """304 Not Modified: the earlier page's facts and links hold; nothing is parsed again."""
        earlier, links = page_with_links(self.engine, self.known[state["link"]].id)
        # the page is unchanged, the certificate may not be: keep the one presented now
        facts = {**earlier.facts, "tls": self._certificate(response)}
        yield PageItem(url=state["link"], final_url=earlier.final_url, status=response.status,
                       content_type=earlier.content_type, title=earlier.title or "",
                       depth=state["depth"], is_home=state["depth"] == 0, facts=facts,
                       links=links, etag=earlier.etag, last_modified=earlier.last_modified,
                       reused_from=earlier.id, text_hash=earlier.text_hash)
        for link in links:
            if request := self._follow(link, state["depth"]):
                yield request
        yield from self._later_list_pages(self._planned(facts.get("column")), state["depth"])
        yield self._target(state["link"], outcomes.OK, response.status, [], response)

    def _redirect(self, response: Response, state: dict[str, Any]) -> Iterator[Any]:
        location = response.headers[b"Location"].decode("latin-1")
        # as the server wrote it: normalising away a session id would turn /a → /a;jsessionid=X
        # into a false redirect loop
        next_url = safe_url_string(urljoin(response.url, location)).split("#", 1)[0]
        chain = [*state["chain"], response.url]
        if next_url in chain:
            yield self._target(state["link"], outcomes.LOOP, response.status, chain + [next_url], response)
        elif len(chain) >= self.max_redirects:
            yield self._target(
                state["link"], outcomes.TOO_MANY_REDIRECTS, response.status, chain + [next_url], response
            )
        else:
            mode = state["mode"] if self.in_scope(next_url) else "check"
            yield self._request(next_url, mode, state["depth"], chain)

    async def _read(self, response: Response, state: dict[str, Any]) -> tuple[PageItem, bool]:
        """The page's facts, and whether its raw HTML is a JavaScript shell worth rendering."""
        is_home = state["depth"] == 0
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        text, encoding = decode_html(response.body, content_type)
        name_hint = self.column_names.get(state["link"]) or state.get("anchor") or None
        # a POSTed page (Hanweb dataproxy.jsp) is known by the URL that holds its form as well
        url = state["link"] if response.request.method == "POST" else response.url
        facts = await extraction.page(text, url, self.in_scope, is_home, self.today, name_hint)
        self.column_names.update((c.url, c.name) for c in facts.column_links)
        column = self._column(facts.column)
        items = [
            {"title": i.title, "url": i.url, "date": i.date.isoformat() if i.date else None}
            for i in facts.items[:_MAX_ITEMS_KEPT]
        ]
        shell = needs_render(text, len(facts.items), facts.text, facts.column is not None and facts.column.empty)
        return PageItem(
            url=state["link"],
            final_url=response.url,
            status=response.status,
            content_type=content_type,
            title=facts.title,
            depth=state["depth"],
            is_home=is_home,
            facts={
                "meta": facts.meta,
                "items": items,
                "published": facts.published,
                "soft404": facts.soft404,
                "bot_wall": is_bot_wall(facts.title, facts.text),
                "truncated": "download_stopped" in response.flags,
                "rendered": bool(response.meta.get("playwright")),
                "tls": self._certificate(response),
                "column": column,
                "column_links": [link.as_dict() for link in facts.column_links],
                "identity": facts.identity,
                "policy": facts.policy,
                **facts.article,  # source, interpretations
                "encoding": encoding,
                "messages": facts.messages and facts.messages.as_dict(),
                "hidden_links": [link.as_dict() for link in facts.hidden_links],
            },
            links=[LinkFact(**asdict(link)) for link in facts.links],
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            text=facts.text,
        ), shell

    def _column(self, page: ListPage | None) -> dict[str, Any] | None:
        """A list page's column facts with its kind; its later pages are read only if needed."""
        if page is None:
            return None
        kind = classify(page.name, self.settings.getdict("GOVMON_COLUMN_KEYWORDS"),
                        self.site.get("column_overrides") or {}, page.url)
        windows = self.settings.getdict("GOVMON_COLUMN_WINDOWS")
        needed = needs_next_page(page, windows.get(kind, max(windows.values(), default=365)), self.today)
        return self._planned({**page.as_dict(), "kind": kind, "later_pages_needed": needed})

    def _planned(self, column: dict[str, Any] | None) -> dict[str, Any] | None:
        """The first few list pages are read for their links; the rest only checked, unless
        freshness needs them (the column's later_pages_needed)."""
        if column and not column.get("later_pages_needed"):
            self.unneeded_pages.update(column["pagination"][self.settings.getint("GOVMON_MAX_LIST_PAGES") - 1 :])
        return column

    def _later_list_pages(self, column: dict[str, Any] | None, depth: int) -> Iterator[scrapy.Request]:
        """A column's later list pages to read, whether or not the page links them (a TRS script
        pager, Hanweb's dataproxy.jsp); Hanweb's POSTed when the jpage script says so."""
        if not column:
            return
        post = bool(column.get("pages_by_post"))
        for url in column["pagination"]:
            link = LinkFact(url=url, anchor=column["name"], kind="page", position="body")
            if url not in self.unneeded_pages and (request := self._follow(link, depth, post)):
                yield request

    def _certificate(self, response: Response) -> dict[str, Any] | None:
        """The certificate of each https host, recorded on the first page read from it."""
        host = urlsplit(response.url).hostname or ""
        if response.certificate is None or host in self.certificates_seen:
            return None
        self.certificates_seen.add(host)
        return certificate_facts(response.certificate, host)

    def on_error(self, failure: Failure) -> Iterator[TargetItem]:
        state = failure.request.meta["govmon"]
        outcome, message = outcomes.from_failure(failure)
        chain = [*state["chain"], failure.request.url] if state["chain"] else []
        yield TargetItem(url=state["link"], outcome=outcome, error=message, redirects=chain)

    def _target(
        self, url: str, outcome: str, status: int, chain: list[str], response: Response
    ) -> TargetItem:
        latency = response.meta.get("download_latency")
        return TargetItem(
            url=url,
            outcome=outcome,
            status=status,
            redirects=chain if len(chain) > 1 else [],
            elapsed_ms=int(latency * 1000) if latency is not None else None,
        )


def _readable(response: Response) -> bool:
    """A page the spider reads: HTML, or a Hanweb dataproxy.jsp answer (a bare <datastore> in XML)."""
    return isinstance(response, HtmlResponse) or (isinstance(response, XmlResponse) and is_datastore(response.text))


def _is_wall(response: Response) -> bool:
    """A checked page whose body (asked with GET) is a firewall's block or challenge page."""
    if not isinstance(response, HtmlResponse) or not response.body:
        return False
    text, _ = decode_html(response.body, response.headers.get("Content-Type", b"").decode("latin-1") or None)
    tree = parse_html(text)
    return tree is not None and is_bot_wall(tree.findtext(".//title") or "", visible_text(tree))


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
