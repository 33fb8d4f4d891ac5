"""The dashboard in a real browser: Debian's Chromium driven by Playwright, on a loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from dashboard.app import create_app
from tests.dashboard.fixtures import QINGSHAN_OPEN, RANKING, build

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PNG = b"\x89PNG\r\n\x1a\n"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on the fixture database, served by uvicorn in a thread."""
    db = build(tmp_path_factory.mktemp("browser") / "govmon.db")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # the port is ours before uvicorn starts: no race for it
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(db.engine), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def requests() -> list[str]:
    """Every URL the page asked for."""
    return []


@pytest.fixture
def errors() -> list[str]:
    """Console errors (a Content-Security-Policy violation shows up here)."""
    return []


@pytest.fixture
def page(browser: Browser, requests: list[str], errors: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()


def test_overview_ranking_and_click_through(
    page: Page, base_url: str, tmp_path: Path, requests: list[str], errors: list[str]
) -> None:
    page.goto(base_url + "/")
    rows = page.locator("#ranking tbody tr")
    names = [name.strip() for name in rows.locator("td.unit").all_inner_texts()]
    scores = [score.strip() for score in rows.locator("td.score").all_inner_texts()]
    assert list(zip(names, scores)) == [(name, score) for _, name, score, _ in RANKING]

    # The stylesheet is applied: a failing verdict is white on red.
    fail_badge = page.locator("#ranking .verdict-fail").first
    assert fail_badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(180, 35, 24)"

    shot = tmp_path / "overview.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 1000
    assert shot.read_bytes()[:8] == PNG

    page.locator("#ranking td.unit a", has_text="青山市人民政府").click()
    page.wait_for_url(base_url + "/units/qingshan")
    assert page.locator("h1").inner_text() == "青山市人民政府"
    assert page.locator("#findings-table tbody tr").count() == len(QINGSHAN_OPEN)
    assert "链接不可用" in page.locator("#findings-table").inner_text()

    shot = tmp_path / "unit.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == PNG

    assert all(url.startswith((base_url, "data:")) for url in requests)  # nothing from outside
    assert errors == []


def test_filter_and_finding_page(page: Page, base_url: str) -> None:
    page.goto(base_url + "/units/qingshan")
    page.select_option("select[name=status]", "all")
    page.locator("form.filter button").click()
    page.wait_for_url("**/units/qingshan?status=all*")
    assert page.locator("#findings-table tbody tr").count() == len(QINGSHAN_OPEN) + 2

    page.locator("#deductions a.finding-link").first.click()
    page.wait_for_url("**/findings/*")
    assert "链接不可用" in page.locator("h1").inner_text()
    assert page.locator("#evidence a").count() >= 1
