"""Progress lines on stdout (one JSON object a line) for `govmon audit` to draw its progress bars."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from scrapy import signals

from crawler.items import PageItem

_INTERVAL_S = 0.5


class ProgressReporter:
    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = {}
        self.last_report = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any) -> ProgressReporter:
        reporter = cls()
        crawler.signals.connect(reporter.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(reporter.spider_closed, signal=signals.spider_closed)
        return reporter

    def item_scraped(self, item: Any, spider: Any) -> None:
        counts = self.counts.setdefault(spider.site["id"], {"pages": 0, "checked": 0})
        counts["pages" if isinstance(item, PageItem) else "checked"] += 1
        if time.monotonic() - self.last_report >= _INTERVAL_S:
            self.last_report = time.monotonic()
            emit({"site": spider.site["id"], **counts})

    def spider_closed(self, spider: Any, reason: str) -> None:
        counts = self.counts.get(spider.site["id"], {"pages": 0, "checked": 0})
        emit({"site": spider.site["id"], **counts, "done": True, "reason": reason})


def emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()
