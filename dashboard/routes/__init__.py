"""What every page shares: the session dependency, the template environment and its filters.

One module per page kind sits beside this one (units.py, findings.py); app.py includes their
routers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlmodel import Session

from checks.registry import CODES, SEVERITY_TITLES, STATUS_TITLES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

try:
    LOCAL_TIME = ZoneInfo("Asia/Shanghai")
except ZoneInfoNotFoundError:  # an intranet machine without tzdata: China keeps UTC+8 all year
    LOCAL_TIME = timezone(timedelta(hours=8), "Asia/Shanghai")

LEVEL_TITLES = {
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "town": "乡镇级",
    "department": "部门",
}
SITE_KIND_TITLES = {"portal": "门户网站", "department": "部门网站"}
PLATFORM_TITLES = {
    "wechat": "微信公众号",
    "weibo": "微博",
    "douyin": "抖音",
    "toutiao": "今日头条",
    "bilibili": "哔哩哔哩",
    "kuaishou": "快手",
    "other": "其他平台",
}
RUN_STATUS_TITLES = {"running": "进行中", "done": "已完成", "failed": "失败"}
VERDICT_TITLES = {"pass": "合格", "fail": "不合格"}
WHERE_TITLES = {"homepage": "首页", "other": "其他页面", "any": "不限"}


def get_session(request: Request) -> Iterator[Session]:
    """A read-only session on the engine create_app stored on app.state."""
    with Session(request.app.state.engine) as session:
        yield session


def local_time(value: datetime | None) -> str:
    """Asia/Shanghai wall-clock time, YYYY-MM-DD HH:MM; empty for a missing time."""
    if value is None:
        return ""
    if value.tzinfo is None:  # models hand out aware datetimes; be safe with raw rows
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M")


def points(value: Any) -> str:
    """A score or a number of points, one decimal."""
    try:
        return f"{float(value):.1f}"
    except (TypeError, ValueError):
        return ""


def web_href(url: Any) -> str | None:
    """The URL if it may go in an href: http(s) only, never a crawled page's javascript: URL."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def code_title(code: str) -> str:
    known = CODES.get(code)
    return known.title if known else code


def title_in(table: dict[str, str]) -> Any:
    return lambda value: table.get(value, value if value is not None else "")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every page: crawled text (anchors, titles, URLs) is hostile input
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        local_time=local_time,
        points=points,
        web_href=web_href,
        code_title=code_title,
        severity_title=title_in(SEVERITY_TITLES),
        status_title=title_in(STATUS_TITLES),
        level_title=title_in(LEVEL_TITLES),
        site_kind_title=title_in(SITE_KIND_TITLES),
        platform_title=title_in(PLATFORM_TITLES),
        run_status_title=title_in(RUN_STATUS_TITLES),
        verdict_title=title_in(VERDICT_TITLES),
        where_title=title_in(WHERE_TITLES),
    )
    env.globals.update(STATUS_TITLES=STATUS_TITLES)
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)
