"""Config errors that name file, line and field, and the YAML-node helpers behind them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# Pydantic's error types, said the way a clerk editing YAML understands them.
_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（是否拼写错误？）",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射",
    "string_pattern_mismatch": "格式不正确（只能用小写字母、数字和连字符，或见说明）",
    "greater_than": "数值太小",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
}


class ConfigError(Exception):
    """A config file is wrong; the message says where and what to fix."""

    def __init__(self, path: Path, line: int | None, loc: tuple[Any, ...] | None, message: str):
        self.path, self.line, self.loc, self.message = path, line, loc, message
        where = f"{path}" + (f" 第 {line} 行" if line else "")
        field = f"，字段 {format_loc(loc)}" if loc else ""
        super().__init__(f"配置错误：{where}{field}：{message}")


def format_loc(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe_error(error: Any) -> str:
    """One pydantic error in Chinese, keeping pydantic's own words where we have none."""
    kind = error["type"]
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", "、")
        return f"取值 {error.get('input')!r} 无效，应为 {expected} 之一"
    if kind == "string_too_long":
        return f"太长（最多 {error.get('ctx', {}).get('max_length')} 个字符）"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    message = _MESSAGES.get(kind)
    if message and kind in {"greater_than", "greater_than_equal", "less_than_equal"}:
        limit = next(iter(error.get("ctx", {}).values()), "")
        return f"{message}（界限 {limit}，现为 {error.get('input')!r}）"
    return message or error["msg"]


def to_python(node: yaml.Node) -> Any:
    """Build plain data from a composed node, so the node tree keeps the line numbers."""
    return yaml.SafeLoader("").construct_document(node)


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest node that exists along loc."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        marker, node = child
        line = marker.start_mark.line + 1
    return line


def _child(node: yaml.Node, part: Any) -> tuple[yaml.Node, yaml.Node] | None:
    """(the node whose line to report, the node to descend into) for one step along a location."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                # a value's own line; but a section (or an empty value) is named on its key's line
                has_line = isinstance(value, yaml.ScalarNode) and value.value
                return (value if has_line else key), value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part], node.value[part]
    return None
