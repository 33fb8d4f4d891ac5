"""Politeness beyond Scrapy's own: robots.txt Crawl-delay (clamped) and back-off on 429/503.

Scrapy reads robots.txt but ignores its Crawl-delay; here it becomes the host's download delay,
clamped to GOVMON_CRAWL_DELAY_RANGE (2–10 s by default) so that neither a zero nor an hour-long
delay is taken literally. A 429 or 503 raises the host's delay to its Retry-After (capped at
GOVMON_MAX_BACKOFF_S) and the request is tried once more, after that wait.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, signals
from scrapy.http import Response

BACKOFF_STATUSES = {429, 503}
DEFAULT_BACKOFF_S = 5.0  # when a 429/503 says nothing about how long to wait


def clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def retry_after_seconds(header: bytes | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date; None when absent or unreadable."""
    if not header:
        return None
    text = header.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class PolitenessMiddleware:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        low, high = settings.getlist("GOVMON_CRAWL_DELAY_RANGE", [2, 10])
        self.delay_range = (float(low), float(high))
        self.max_backoff_s = settings.getfloat("GOVMON_MAX_BACKOFF_S", 60.0)
        self.user_agent = settings["USER_AGENT"]
        self.host_delays: dict[str, float] = {}  # slot key -> the delay this host asked for
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> PolitenessMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if delay is not None:
            self._slow_down(request, clamp(float(delay), *self.delay_range), "crawl_delay")

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        self._keep_delay(request)
        if response.status not in BACKOFF_STATUSES or request.meta.get("govmon_backed_off"):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        self._slow_down(request, clamp(wait or DEFAULT_BACKOFF_S, 1.0, self.max_backoff_s), "backoff")
        return request.replace(dont_filter=True, meta={**request.meta, "govmon_backed_off": True})

    def _slow_down(self, request: Request, delay: float, reason: str) -> None:
        key = self.crawler.engine.downloader.get_slot_key(request)
        self.host_delays[key] = max(delay, self.host_delays.get(key, 0.0))
        self.crawler.stats.set_value(f"govmon/{reason}/{key}", self.host_delays[key])
        self._keep_delay(request)

    def _keep_delay(self, request: Request) -> None:
        """Re-apply the host's delay: Scrapy drops idle download slots, and their delay with them."""
        key = self.crawler.engine.downloader.get_slot_key(request)
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None and key in self.host_delays:
            slot.delay = max(slot.delay, self.host_delays[key])
