"""Scrapy settings for govmon's crawler, built from config/crawl.yaml and rules.yaml."""

from __future__ import annotations

from typing import Any

from crawler.render import browser_settings
from govmon.config import Config

BOT_NAME = "govmon"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
ITEM_PIPELINES = {"crawler.pipelines.StoragePipeline": 300}
EXTENSIONS = {"crawler.progress.ProgressReporter": 500}
TWISTED_DNS_RESOLVER = "crawler.resolver.ConfiguredResolver"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
RETRY_TIMES = 1  # one retry for a transient error; the rest is judged across runs
RANDOMIZE_DOWNLOAD_DELAY = False  # a host that asks for 5 s between requests gets 5 s
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]  # 429/503 wait for Retry-After (politeness.py)
DOWNLOADER_MIDDLEWARES = {"crawler.middlewares.politeness.PolitenessMiddleware": 560}
GOVMON_CRAWL_DELAY_RANGE = [2, 10]  # robots.txt Crawl-delay is clamped into this range (seconds)
GOVMON_MAX_BACKOFF_S = 60  # the longest Retry-After honoured
# Scrapy's downloader (2.14+) starts every queued request of a slot at once when the delay is 0,
# ignoring CONCURRENT_REQUESTS_PER_DOMAIN; any delay above 0 takes the path that honours it.
MIN_DOWNLOAD_DELAY_S = 0.01
LOG_LEVEL = "INFO"
# Scrapy re-reads and parses a callback's source on every response when the callback is a bound
# method (its cache is keyed weakly by the method object, new on each access): ~1 ms a page.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every response's output; the storage pipeline
# is synchronous, so more than one only costs CPU (100, the default, cost ~1.5 ms a page).
CONCURRENT_ITEMS = 1
# Pages wait for the page-reading worker (crawler/extraction.py) while the downloader goes on; Scrapy
# stops downloading once this many bytes of responses wait, per crawl. The default (5 MB) lets
# ~1,000 small pages wait per site, ~50 kB of memory each; 100 kB still keeps the worker fed.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 100_000


def settings_for(config: Config, database_url: str) -> dict[str, Any]:
    """This module's defaults plus what config/ says, as one settings dict for CrawlerProcess."""
    crawl, links = config.crawl, config.rules.links
    defaults = {name: value for name, value in globals().items() if name.isupper()}
    return defaults | browser_settings(config) | {
        "USER_AGENT": crawl.user_agent,
        "DOWNLOAD_TIMEOUT": links.timeout_s,
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_host,
        "DOWNLOAD_DELAY": max(crawl.download_delay_s, MIN_DOWNLOAD_DELAY_S),
        "GOVMON_OBEY_ROBOTS": crawl.obey_robots,  # per site in units.yaml: obey_robots
        "GOVMON_MAX_PAGE_BYTES": crawl.max_page_bytes,  # pages are cut here (site.py)
        # the hard stop, which also bounds decompression: a page declaring more is not fetched
        # (outcome too_large, never a dead link)
        "DOWNLOAD_MAXSIZE": 10 * crawl.max_page_bytes,
        "GOVMON_ATTACHMENT_TEXT_MAX_BYTES": crawl.attachment_text_max_bytes,  # larger ones: checked only
        "GOVMON_MAX_DEPTH": crawl.max_depth,
        "GOVMON_MAX_LIST_PAGES": crawl.max_list_pages,
        "GOVMON_TRAPS": crawl.traps.model_dump(),
        "GOVMON_COLUMN_KEYWORDS": config.rules.columns.kind_keywords,
        "GOVMON_COLUMN_WINDOWS": config.rules.columns.windows_days,
        "GOVMON_MAX_REDIRECTS": links.max_redirects,
        "GOVMON_BLOCKED_STATUSES": links.blocked_statuses,
        "GOVMON_NAMESERVERS": crawl.dns.nameservers,
        "GOVMON_DNS_TIMEOUT": crawl.dns.timeout_s,
        "GOVMON_DATABASE_URL": database_url,
    }
