"""Scrapy settings for govmon's crawler, built from config/crawl.yaml and rules.yaml."""

from __future__ import annotations

from typing import Any

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
LOG_LEVEL = "INFO"


def settings_for(config: Config, database_url: str) -> dict[str, Any]:
    """This module's defaults plus what config/ says, as one settings dict for CrawlerProcess."""
    crawl, links = config.crawl, config.rules.links
    defaults = {name: value for name, value in globals().items() if name.isupper()}
    return defaults | {
        "USER_AGENT": crawl.user_agent,
        "DOWNLOAD_TIMEOUT": links.timeout_s,
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_host,
        "DOWNLOAD_DELAY": crawl.download_delay_s,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "GOVMON_MAX_DEPTH": crawl.max_depth,
        "GOVMON_MAX_REDIRECTS": links.max_redirects,
        "GOVMON_BLOCKED_STATUSES": links.blocked_statuses,
        "GOVMON_NAMESERVERS": crawl.dns.nameservers,
        "GOVMON_DNS_TIMEOUT": crawl.dns.timeout_s,
        "GOVMON_DATABASE_URL": database_url,
    }
