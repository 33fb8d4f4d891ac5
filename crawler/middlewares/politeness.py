"""Politeness beyond Scrapy's own: robots.txt Crawl-delay (clamped) and back-off on 429/503.

Scrapy reads robots.txt but ignores its Crawl-delay; here it becomes the host's download delay,
clamped to GOVMON_CRAWL_DELAY_RANGE (2–10 s by default) so that neither a zero nor an hour-long
delay is taken literally. A 429 or 503 raises the host's delay to its Retry-After (capped at
GOVMON_MAX_BACKOFF_S) and the request is tried once more, after that wait; each normal answer
afterwards halves the extra delay, so one busy moment does not slow the rest of the crawl.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, signals
from scrapy.http import Response

BACKOFF_STATUSES = {429, 503}
DEFAULT_BACKOFF_S = 5.0  # when a 429/503 says nothing about how long to wait
BACKOFF_FLOOR_S = 0.1  # below this, a back-off has decayed away


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
        self.base_delay = settings.getfloat("DOWNLOAD_DELAY", 0.0)
        self.robots_delays: dict[str, float] = {}  # slot key -> clamped Crawl-delay
        self.backoffs: dict[str, float] = {}  # slot key -> extra delay after a 429/503
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> PolitenessMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if delay is not None:
            key = self._key(request)
            self.robots_delays[key] = clamp(float(delay), *self.delay_range)
            self.crawler.stats.set_value(f"govmon/crawl_delay/{key}", self.robots_delays[key])
            self._apply(key)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        key = self._key(request)
        if response.status not in BACKOFF_STATUSES:
            if key in self.backoffs:
                self.backoffs[key] /= 2
                if self.backoffs[key] < BACKOFF_FLOOR_S:
                    del self.backoffs[key]
            self._apply(key)
            return response
        if request.meta.get("govmon_backed_off"):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        self.backoffs[key] = clamp(wait or DEFAULT_BACKOFF_S, 1.0, self.max_backoff_s)
        self.crawler.stats.inc_value("govmon/backoff_count")
        self._apply(key)
        return request.replace(dont_filter=True, meta={**request.meta, "govmon_backed_off": True})

    def _key(self, request: Request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)

    def _apply(self, key: str) -> None:
        """Set the host's delay; re-applied often, as Scrapy drops idle slots and their delay."""
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(self.base_delay, self.robots_delays.get(key, 0.0),
                             self.backoffs.get(key, 0.0))
