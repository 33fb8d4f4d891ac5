"""Misbehaving endpoints seeded on the demo sites: loops, long chains, slow, blocked and moved pages."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from govmon.demo.web import Request, Response, html, redirect

if TYPE_CHECKING:
    from govmon.demo.gov_site import GovSite

WAF_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>安全验证</title></head>
<body><div class="waf"><h2>访问验证</h2><p>您的访问请求可能对网站造成安全威胁，请输入验证码后继续访问。</p>
<form action="javascript:void(0)"><img src="data:image/png;base64,iVBORw0KGgo=" alt="验证码">
<input name="captcha"><button type="button">提交</button></form><p>网站防火墙 · 云盾</p></div></body></html>"""


def loop(site: GovSite, a: str, b: str, status: int = 302) -> None:
    """a → b → a → … (a redirect loop)."""
    site.routes[(site.host, a)] = lambda r: redirect(b, status)
    site.routes[(site.host, b)] = lambda r: redirect(a, status)


def chain(site: GovSite, prefix: str, hops: int, final: str) -> str:
    """prefix1 → prefix2 → … → prefix{hops} → final: `hops` redirects; returns the first path."""
    for n in range(1, hops + 1):
        target = f"{prefix}{n + 1}" if n < hops else final
        site.routes[(site.host, f"{prefix}{n}")] = lambda r, t=target: redirect(t, 302)
    return f"{prefix}1"


def moved(site: GovSite, path: str, target: str, status: int = 301, host: str | None = None) -> None:
    site.routes[(host or site.host, path)] = lambda r: redirect(target, status)


def slow(site: GovSite, path: str) -> None:
    """Answers after Farm.slow_seconds (read at request time, so tests can shorten it)."""
    def handler(req: Request) -> Response:
        resp = html(f"<html><body><h1>{site.ident.name}</h1><p>统计数据查询结果</p></body></html>",
                    cacheable=False)
        resp.delay = float(site.farm.slow_seconds)
        return resp
    site.routes[(site.host, path)] = handler


def blocked(site: GovSite, path: str, kind: str) -> None:
    """403 / 401 / 429 (with Retry-After) / a 200 WAF captcha wall."""
    def handler(req: Request) -> Response:
        if kind == "403":
            return html("<html><body><h1>403 Forbidden</h1><p>禁止访问</p></body></html>", 403)
        if kind == "401":
            resp = html("<html><body><h1>401 Unauthorized</h1><p>请先登录</p></body></html>", 401)
            resp.headers.append(("WWW-Authenticate", 'Basic realm="oa"'))
            return resp
        if kind == "429":
            resp = html("<html><body><h1>429 Too Many Requests</h1><p>访问过于频繁，请稍后再试</p></body></html>",
                        429)
            resp.headers.append(("Retry-After", str(site.farm.retry_after)))
            return resp
        return html(WAF_PAGE, 200, cacheable=False)
    site.routes[(site.host, path)] = handler


def head_not_allowed(site: GovSite, path: str, target_html: str) -> None:
    """405 to HEAD, 200 to GET: a crawler must fall back from HEAD to GET."""
    def handler(req: Request) -> Response:
        if req.method == "HEAD":
            resp = html("", 405, cacheable=False)
            resp.headers.append(("Allow", "GET, POST"))
            return resp
        return html(target_html, cacheable=False)
    site.routes[(site.host, path)] = handler


def pause(seconds: float) -> None:
    """Sleep in short steps (a stopping farm is never held up for long by one slow answer)."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(0.2, left))
