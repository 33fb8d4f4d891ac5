"""Crawl process entry point: `python -m crawler.run --config DIR --database URL SITE=RUN ...`.

`govmon audit` runs crawls in this child process: the Twisted reactor runs once per process,
and a crawl that crashes or is killed cannot take the CLI, the scheduler or stored data with it.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path



def main(argv: list[str] | None = None) -> None:
    # imported here, not at the top: the page-reading workers (crawler/extraction.py) are spawned
    # and import this module again; they need none of Scrapy, Twisted or the database layer
    from scrapy.crawler import CrawlerProcess

    from crawler import extraction
    from crawler.settings import settings_for
    from crawler.spiders.site import SiteSpider
    from govmon.config import load_config

    parser = argparse.ArgumentParser(prog="python -m crawler.run")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--today", default=date.today().isoformat())
    parser.add_argument("--log-file")
    parser.add_argument("runs", nargs="+", metavar="SITE=RUN[:resume]",
                        help="site id and its CrawlRun id; ':resume' continues a killed run")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    sites = {site.id: site for _, site in config.sites()}
    settings = settings_for(config, args.database)
    if args.log_file:
        settings["LOG_FILE"] = args.log_file
    process = CrawlerProcess(settings)
    for pair in args.runs:
        site_id, _, run = pair.partition("=")
        run_id, _, mode = run.partition(":")
        process.crawl(SiteSpider, site=sites[site_id].model_dump(), run_id=int(run_id),
                      today=args.today, resume=mode == "resume")
    extraction.start(config.crawl.extract_workers)
    try:
        process.start()
    finally:
        extraction.stop()


if __name__ == "__main__":
    main()
