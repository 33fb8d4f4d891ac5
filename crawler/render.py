"""Rendering pages in Chromium (scrapy-playwright) only where the raw HTML lacks what a browser shows.

`render: always` reads every page through the browser; `auto` re-reads a page in the browser when
its HTML has scripts but neither a list nor much text, or is a column's list page whose list is
empty (a list built by JavaScript: unrendered, the column would look blank); `never` never.
Rendering costs a browser round trip per page, so `auto` is the default.

Chromium resolves names itself, so it is told where each rendered site's hosts are (the address
govmon's own resolver found, IPv4 first, as for the crawl); with nameservers configured, every
other name is refused, so a rendered page cannot reach hosts the office did not name.
"""

from __future__ import annotations

from typing import Any

from crawler.resolver import build_resolver, crawl_addresses, lookup
from govmon.config import Config

_LITTLE_TEXT = 300  # characters: a page that says less than this and runs scripts is a JS shell
_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
_CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def needs_render(html: str, item_count: int, text: str, empty_list: bool = False) -> bool:
    """A page whose raw HTML runs scripts but shows no list and little text, or an empty column list."""
    return "<script" in html.lower() and (empty_list or (item_count == 0 and len(text) < _LITTLE_TEXT))


def host_rules(config: Config) -> str:
    """Chromium's --host-resolver-rules for the hosts of every site that may be rendered."""
    resolver = build_resolver(config.crawl.dns.nameservers, config.crawl.dns.timeout_s)
    rules = []
    for _, site in config.sites():
        if site.render == "never":
            continue
        hosts = {site.url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)[0], *site.extra_hosts}
        for host in sorted(hosts):
            for family, address in crawl_addresses(lookup(resolver, host))[:1]:
                rules.append(f"MAP {host} {address if family == 4 else f'[{address}]'}")
    if config.crawl.dns.nameservers:
        rules.append("MAP * ~NOTFOUND")  # nothing else: the office's resolver is the only truth
    return ", ".join(rules)


def browser_settings(config: Config) -> dict[str, Any]:
    """Scrapy settings that route requests marked `playwright` through Chromium."""
    if all(site.render == "never" for _, site in config.sites()):
        return {}
    browser = config.crawl.browser
    return {
        "DOWNLOAD_HANDLERS": {"http": _HANDLER, "https": _HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": browser.executable,
            "headless": True,
            "args": [*_CHROMIUM_FLAGS, f"--host-resolver-rules={host_rules(config)}"],
        },
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": browser.timeout_s * 1000,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": config.crawl.concurrency_per_host,
    }
