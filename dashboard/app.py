"""The dashboard's app factory: `create_app(engine)` gives the FastAPI app serving the pages.

The engine must already be migrated (govmon.storage.open_database). The dashboard only reads.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dashboard.routes import findings, render, units

STATIC = Path(__file__).resolve().parent / "static"

# Everything is served from here: offline intranets, and no crawled URL may pull in a resource.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
ERROR_TITLES = {400: "请求参数有误", 404: "页面不存在", 405: "不支持的请求方式", 500: "系统内部错误"}


def create_app(engine: sqlalchemy.Engine) -> FastAPI:
    app = FastAPI(title="政府网站与政务新媒体监测", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(units.router)
    app.include_router(findings.router)

    @app.get("/healthz", response_class=PlainTextResponse)
    def healthz() -> str:
        return "ok"

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> HTMLResponse:
        title = ERROR_TITLES.get(error.status_code, "出错了")
        # Our own handlers raise with a Chinese message; Starlette's own detail is English.
        ours = isinstance(error.detail, str) and not error.detail.isascii()
        message = error.detail if ours else title
        return render(request, "error.html", error.status_code, title=title, message=message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> HTMLResponse:
        message = "网址中的参数格式不正确（例如页码应为数字），请返回上一页重试。"
        return render(request, "error.html", 400, title=ERROR_TITLES[400], message=message)

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> HTMLResponse:
        # Starlette still logs the traceback; the clerk gets a page in Chinese, not a stack.
        message = "页面暂时无法显示，请稍后重试；如果问题持续，请联系系统管理员。"
        return render(request, "error.html", 500, title=ERROR_TITLES[500], message=message)

    return app
