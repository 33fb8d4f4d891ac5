"""Bot walls: a 200 page that is a firewall's block or challenge page, not the site's content.

Such a page means the crawler was blocked, not that the page is broken (blocked ≠ dead).
A login form that asks for a 验证码 is the site's own page and is not a wall.
"""

from __future__ import annotations

import re

_WALL = re.compile(
    r"网站防火墙|访问被拦截|请求已被拦截|已被拦截|访问过于频繁|请求过于频繁|安全验证|人机验证|滑动验证"
    r"|安全狗|云锁|创宇盾|Checking your browser|Access Denied|Web Application Firewall",
    re.IGNORECASE,
)
_WALL_MAX_TEXT = 2000  # a challenge page says little; a real page that mentions a firewall says more


def is_bot_wall(title: str, text: str) -> bool:
    return bool(_WALL.search(title)) or (len(text) <= _WALL_MAX_TEXT and bool(_WALL.search(text)))
