"""Jinja2 rendering of the demo pages (templates in govmon/demo/templates/)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)


def render(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)


def meta_rows(meta: dict[str, str]) -> list[list[tuple[str, str]]]:
    """The gov.cn-style metadata table: two label/value pairs a row, 标题 on its own row."""
    order = ["索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "有效性", "有效期至"]
    rows: list[list[tuple[str, str]]] = []
    pending: list[tuple[str, str]] = []
    for key in order:
        if key not in meta:
            continue
        if key == "标题":
            if pending:
                rows.append(pending)
                pending = []
            rows.append([(key, meta[key])])
            continue
        pending.append((key, meta[key]))
        if len(pending) == 2:
            rows.append(pending)
            pending = []
    if pending:
        rows.append(pending)
    return rows
