"""GovSite: a demo government website built from columns, items, pages and placed links."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from govmon.demo import assets, layout
from govmon.demo.model import Column, Defect, Identity, Item, Link, fmt_date
from govmon.demo.web import Request, Response, html

if TYPE_CHECKING:
    from govmon.demo.farm import Farm

Handler = Callable[[Request], Response]
STATUS_TEXT = {404: ("404 页面不存在", "对不起，您访问的页面不存在或已被删除！"),
               410: ("410 页面已删除", "该信息已删除，请访问其他栏目。"),
               500: ("500 服务器内部错误", "服务器内部错误，请稍后再试。"),
               503: ("503 服务暂不可用", "服务器维护中，请稍后访问。"),
               200: ("页面不存在", "很抱歉，您访问的页面不存在！请检查网址是否正确。")}


@dataclass
class HomeBlock:
    """A homepage block listing the newest items of a column."""

    title: str
    column: Column
    count: int = 7


@dataclass
class Page:
    """A page that is not a list or an article (指南, 办事服务, message board...)."""

    path: str
    title: str
    html: str = ""
    links: list[Link] = field(default_factory=list)
    host: str | None = None
    nav: str = ""
    template: str = "page.html"
    context: dict = field(default_factory=dict)
    day: date | None = None


class GovSite:
    """Base class: subclasses fill identity, nav, columns, blocks, pages and extra routes in build()."""

    site_id = ""
    extra_hosts: tuple[str, ...] = ()
    https_hosts: tuple[str, ...] = ()  # hosts linked with https (the farm serves both on its port)
    v6_mode = "same"       # same | down (503 on ::1) | home_differs | home_only
    nav_only = False       # the homepage lists no dated items, only links to columns
    department = True      # department site (annual report due 31 Jan) or government portal (31 Mar)
    meta_charset = "utf-8"
    header_charset: str | None = None
    home_path = "/"        # where 首页 links point

    def __init__(self, farm: Farm) -> None:
        self.farm = farm
        self.today = farm.today
        self.ident: Identity = self.identity()
        self.columns: list[Column] = []
        self.nav: list[Link] = []
        self.blocks: list[HomeBlock] = []
        self.link_blocks: list[tuple[str, list[Link]]] = []
        self.footer_links: list[Link] = []
        self.pages: list[Page] = []
        self.routes: dict[tuple[str, str], Handler] = {}
        self.home_extra = ""
        self.seeds: list[Defect] = []
        self.decoys: list[str] = []      # URLs that look wrong but must not be flagged
        self.has_sheet = False           # 政府网站工作年度报表 linked from the homepage
        self.build()
        self._index()

    # -- to override -------------------------------------------------------------------------
    def identity(self) -> Identity:
        raise NotImplementedError

    def build(self) -> None:
        raise NotImplementedError

    # -- addresses ---------------------------------------------------------------------------
    @property
    def host(self) -> str:
        return self.ident.host

    @property
    def hosts(self) -> list[str]:
        return [self.host, *self.extra_hosts]

    @property
    def home_url(self) -> str:
        return self.url("/")

    def url(self, path: str, host: str | None = None) -> str:
        host = host or self.host
        return f"{'https' if host in self.https_hosts else 'http'}://{host}:{self.farm.http_port}{path}"

    def href(self, path: str, host: str | None, page_host: str) -> str:
        """Root-relative on the same host, absolute across hosts."""
        host = host or self.host
        return path if host == page_host else self.url(path, host)

    # -- routes ------------------------------------------------------------------------------
    def list_paths(self, column: Column) -> list[list[str]]:
        """Paths of each list page of a column (TRS: /zwdt/, /zwdt/index.html, /zwdt/index_1.html)."""
        out = []
        for n in range(len(column.pages())):
            out.append([column.path, column.path + "index.html"] if n == 0
                       else [f"{column.path}index_{n}.html"])
        return out

    def _index(self) -> None:
        for path in ("/", "/index.html"):
            self.routes.setdefault((self.host, path), lambda r: self.render_home(r))
        for col in self.columns:
            host = col.host or self.host
            for n, paths in enumerate(self.list_paths(col)):
                for p in paths:
                    self.routes.setdefault((host, p), lambda r, c=col, n=n: self.render_list(r, c, n))
            for item in col.items:
                self.routes.setdefault((host, item.path), lambda r, c=col, i=item: self.render_item(r, c, i))
        for page in self.pages:
            self.routes.setdefault((page.host or self.host, page.path), lambda r, p=page: self.render_page(r, p))

    def add_status(self, path: str, status: int, host: str | None = None) -> None:
        """A path that answers an error page with `status` (200 = a soft 404)."""
        self.routes[(host or self.host, path)] = lambda r: self.error(status)

    def add_file(self, path: str, title: str, host: str | None = None) -> None:
        body = assets.attachment(path, title)
        self.routes[(host or self.host, path)] = lambda r: Response(
            200, body, assets.content_type(path), cacheable=True, last_modified=self.today)

    def handle(self, req: Request) -> Response:
        if req.family == 6:
            special = self.v6_response(req)
            if special is not None:
                return special
        route = self.routes.get((req.host, req.path))
        if route:
            return route(req)
        static = assets.static(req.path)
        if static:
            return Response(200, static[0], static[1], cacheable=True, last_modified=self.today)
        return self.error(404)

    def v6_response(self, req: Request) -> Response | None:
        is_home = req.path in ("/", "/index.html") and req.host == self.host
        if self.v6_mode == "down":
            return self.error(503)
        if self.v6_mode == "home_only" and not is_home and not assets.static(req.path):
            return self.error(503)
        if self.v6_mode == "home_differs" and is_home:
            return self.render_home_v6(req)
        return None

    # -- rendering ---------------------------------------------------------------------------
    def respond(self, text: str, status: int = 200, last_modified: date | None = None) -> Response:
        return html(text, status, encoding=self.ident.encoding, charset=self.header_charset,
                    last_modified=last_modified or self.today)

    def error(self, status: int) -> Response:
        heading, message = STATUS_TEXT.get(status, STATUS_TEXT[404])
        text = layout.render("error.html", meta_charset=self.meta_charset, heading=heading,
                             message=message, home_href=self.url(self.home_path))
        resp = self.respond(text, status)
        resp.cacheable = False
        return resp

    def context(self, page_host: str, **kw: object) -> dict:
        """Template variables shared by every page of the site (header, nav, footer marks)."""
        nav = [Link(l.text, self.href(l.href, None, page_host) if l.href.startswith("/") else l.href)
               for l in self.nav]
        conac_id = hashlib.md5(self.site_id.encode()).hexdigest().upper()
        conac, jiucuo = (f"http://{h}:{self.farm.http_port}" for h in ("bszs.conac.demo.test", "zfwzgl.demo.test"))
        ctx = dict(ident=self.ident, meta_charset=self.meta_charset, nav=nav, crumbs=None,
                   column_name="", item=None, current_nav="", page_title=self.ident.name, asset_base="",
                   home_href=self.href(self.home_path, None, page_host), footer_links=self.footer_links,
                   conac_href=f"{conac}/sitename?method=show&id={conac_id}", conac_img=f"{conac}/image/red.png",
                   jiucuo_href=f"{jiucuo}/exposure/jiucuo.html?site_code={self.ident.code}",
                   jiucuo_img=f"{jiucuo}/exposure/images/jiucuo.png")
        ctx.update(kw)
        return ctx

    def row(self, item: Item, col: Column, page_host: str, style: str | None = None) -> dict:
        return dict(title=item.title, href=self.href(item.path, col.host, page_host), pinned=item.pinned,
                    date=fmt_date(item.day, style or self.ident.date_style))

    def home_rows(self, block: HomeBlock) -> list[Item]:
        return block.column.ordered()[: block.count]

    def render_home(self, req: Request) -> Response:
        blocks = [dict(title=b.title, more=self.href(b.column.path, b.column.host, self.host),
                       rows=[self.row(i, b.column, self.host, "md" if self.ident.date_style == "md" else None)
                              for i in self.home_rows(b)]) for b in self.blocks]
        text = layout.render("home.html", **self.context(self.host, blocks=blocks, banner=self.ident.org,
                             link_blocks=self.link_blocks, extra_html=self.home_extra, current_nav="首页"))
        return self.respond(text)

    def render_home_v6(self, req: Request) -> Response:
        return self.render_home(req)

    def crumbs(self, col: Column, page_host: str) -> list[tuple[str, str]]:
        return [("首页", self.href(self.home_path, None, page_host)),
                (col.name, self.href(col.path, col.host, page_host))]

    def render_list(self, req: Request, col: Column, n: int) -> Response:
        host = col.host or self.host
        pages = col.pages()
        paths = self.list_paths(col)
        rows = [self.row(i, col, host) for i in pages[n]]
        text = layout.render("list.html", **self.context(
            host, column=col, rows=rows, page=n, pages=len(pages), page_href=lambda p: paths[p][-1],
            column_name=col.name, current_nav=col.name, crumbs=self.crumbs(col, host),
            page_title=f"{col.name}_{self.ident.name}"))
        return self.respond(text, last_modified=col.newest())

    def render_item(self, req: Request, col: Column, item: Item) -> Response:
        if item.dead:
            return self.error(item.status)
        host = col.host or self.host
        text = layout.render(item.template, **self.context(
            host, item=item, column_name=col.name, current_nav=col.name, crumbs=self.crumbs(col, host),
            page_title=f"{item.title}_{self.ident.name}", meta_rows=layout.meta_rows(item.meta)))
        return self.respond(text, last_modified=item.day)

    def render_page(self, req: Request, page: Page) -> Response:
        host = page.host or self.host
        text = layout.render(page.template, **self.context(
            host, page=page, column_name=page.nav or page.title, current_nav=page.nav,
            crumbs=[("首页", self.href(self.home_path, None, host)), (page.title, page.path)],
            page_title=f"{page.title}_{self.ident.name}", **page.context))
        return self.respond(text, last_modified=page.day)

    # -- answer key --------------------------------------------------------------------------
    def seed(self, code: str, url: str, note: str, *, source_url: str | None = None,
             severity: str = "") -> None:
        """Record a seeded defect that the generic key builders in answers.py cannot derive."""
        self.seeds.append(Defect(code, self.site_id, None, url, source_url, None, note, severity=severity))

    def placements(self) -> Iterator[tuple[Link, str, bool]]:
        """Every placed link that the key cares about: (link, absolute source page, on homepage)."""
        home = self.home_url
        for link in self.nav + self.footer_links + [l for _, ls in self.link_blocks for l in ls]:
            yield link, home, True
        for block in self.blocks:
            for item in self.home_rows(block):
                yield self.item_link(item, block.column), home, True
        for col in self.columns:
            host = col.host or self.host
            for n, page_items in enumerate(col.pages()):
                src = self.url(self.list_paths(col)[n][0], host)
                for item in page_items:
                    yield self.item_link(item, col), src, False
                    if not item.dead:
                        for link in item.links:
                            yield link, self.url(item.path, host), False
        for page in self.pages:
            for link in page.links:
                yield link, self.url(page.path, page.host), False

    def item_link(self, item: Item, col: Column) -> Link:
        return Link(item.title, self.url(item.path, col.host), dead=item.dead)

    def absolute(self, link: Link, source: str) -> str:
        return urljoin(source, link.href)
