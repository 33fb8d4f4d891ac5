"""One classifier from a response status or a download failure to govmon's outcome names."""

from __future__ import annotations

from twisted.internet import defer, error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived
from scrapy import exceptions as scrapy_errors

OK = "ok"
REDIRECT = "redirect"  # ok in the end, after one or more redirects
HTTP = "http"  # an error status (4xx/5xx) that is not a block
BLOCKED = "blocked"  # 401/403/429 and bot walls: not broken, unconfirmed
DNS = "dns"
REFUSED = "refused"
RESET = "reset"
TIMEOUT = "timeout"
TLS = "tls"
LOOP = "loop"
TOO_MANY_REDIRECTS = "too_many_redirects"
SOFT_404 = "soft404"
TOO_LARGE = "too_large"
SKIPPED = "skipped"  # not fetched on purpose (robots.txt)
ERROR = "error"


def from_status(status: int, blocked_statuses: set[int]) -> str:
    if status in blocked_statuses:
        return BLOCKED
    return HTTP if status >= 400 else OK


def for_read_page(facts: dict) -> str:
    """The outcome of a 200 page once read: a bot wall is blocked, a 'page not found' is dead."""
    if facts.get("bot_wall"):
        return BLOCKED
    return SOFT_404 if facts.get("soft404") else OK


def from_failure(failure: Failure) -> tuple[str, str]:
    """(outcome, readable error) for a failed download."""
    value = failure.value
    message = f"{type(value).__name__}: {value}"[:500]
    if failure.check(error.DNSLookupError, scrapy_errors.CannotResolveHostError):
        return DNS, message
    if failure.check(
        error.TimeoutError, error.TCPTimedOutError, defer.TimeoutError, scrapy_errors.DownloadTimeoutError
    ):
        return TIMEOUT, message
    if failure.check(
        error.ConnectionRefusedError, error.ConnectError, scrapy_errors.DownloadConnectionRefusedError
    ):
        return REFUSED, message
    if failure.check(defer.CancelledError, scrapy_errors.DownloadCancelledError):
        return TOO_LARGE, message
    if "SSL" in type(value).__name__ or "ssl" in str(value).lower() or "certificate" in str(value):
        return TLS, message
    if failure.check(
        error.ConnectionLost, error.ConnectionDone, ResponseFailed, ResponseNeverReceived,
        scrapy_errors.ResponseDataLossError, scrapy_errors.DownloadFailedError,
    ):
        return RESET, message
    if failure.check(scrapy_errors.IgnoreRequest):
        return SKIPPED, message
    return ERROR, message
