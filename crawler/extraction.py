"""Pages (and attachments) read in worker processes, so the crawl uses more than one core.

Reading a page (parsing, every extractor) is most of the crawl's CPU; the event loop that fetches
and stores is the rest. With `extract_workers` > 0 (crawl.yaml) the crawl process hands each page
to a pool of worker processes and goes on fetching while it is read; with 0 it reads in-process.
crawler/run.py starts the pool before the crawl and stops it after; a page's facts are plain data.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlsplit

from crawler.extractors.attachments import AttachmentText, attachment_text
from crawler.extractors.page import PageFacts, read_page

_T = TypeVar("_T")
_pool: ProcessPoolExecutor | None = None


@dataclass(frozen=True)
class HostScope:
    """Whether a URL is on the site's hosts (a plain object, so it can travel to a worker)."""

    hosts: frozenset[str]

    def __call__(self, url: str) -> bool:
        return urlsplit(url).hostname in self.hosts


def start(workers: int) -> None:
    """Start the worker pool (none for 0). Spawned, not forked: the crawl process runs a reactor."""
    global _pool
    if workers > 0 and _pool is None:
        _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


def stop() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


async def _run(function: Callable[..., _T], *args: Any) -> _T:
    if _pool is None:
        return function(*args)
    return await asyncio.wrap_future(_pool.submit(function, *args))


async def page(text: str, url: str, scope: HostScope, is_home: bool, today: date,
               name_hint: str | None) -> PageFacts:
    return await _run(read_page, text, url, scope, is_home, today, name_hint)


async def attachment(body: bytes, file_type: str) -> AttachmentText:
    return await _run(attachment_text, body, file_type)
