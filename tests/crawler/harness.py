"""A scriptable loopback web server and a real crawl of it, through `govmon audit`."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from sqlalchemy import Engine

from govmon.storage import make_engine

ROOT = Path(__file__).resolve().parents[2]
Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Site:
    """Routes path -> reply (or a function of the request count for that path)."""

    routes: dict[str, Reply | Callable[[int], Reply]]
    log: list[tuple[float, str, str]] = field(default_factory=list)  # (time, method, path)
    posted: list[tuple[str, bytes]] = field(default_factory=list)  # (path, body) of each POST

    def reply(self, method: str, path: str, body: bytes = b"") -> Reply:
        self.log.append((time.monotonic(), method, path))
        if method == "POST":
            self.posted.append((path, body))
        route = self.routes.get(path)
        if route is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, "<h1>404</h1>".encode()
        if callable(route):
            return route(sum(1 for _, _, p in self.log if p == path))
        return route

    def requests_for(self, path: str) -> list[tuple[float, str]]:
        return [(at, method) for at, method, p in self.log if p == path]


def html(body: str, status: int = 200, **headers: str) -> Reply:
    return status, {"Content-Type": "text/html; charset=utf-8", **headers}, body.encode()


class serve:
    """Serve a Site on 127.0.0.1 (a free port, or the one given) for the duration of a with-block."""

    def __init__(self, site: Site, port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        def handle(handler: BaseHTTPRequestHandler) -> None:
            length = int(handler.headers.get("Content-Length") or 0)
            status, headers, body = site.reply(handler.command, handler.path, handler.rfile.read(length))
            handler.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                handler.send_header(name, value)
            handler.end_headers()
            if handler.command != "HEAD":
                try:
                    handler.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler went away (killed on purpose in the resume test)

        class Handler(BaseHTTPRequestHandler):
            do_GET = do_HEAD = do_POST = handle

            def log_message(self, *args: object) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def write_config(tmp_path: Path, url: str, crawl: dict | None = None, **site: object) -> Path:
    """A config/ for one site at url, with the shipped rules; returns its directory."""
    config = tmp_path / "config"
    config.mkdir()
    shutil.copy(ROOT / "config" / "rules.yaml", config)
    crawl_settings = yaml.safe_load((ROOT / "config" / "crawl.yaml").read_text(encoding="utf-8"))
    crawl_settings["dns"]["nameservers"] = []  # the URL is an IP literal: nothing to resolve
    crawl_settings.update(crawl or {})
    (config / "crawl.yaml").write_text(yaml.safe_dump(crawl_settings, allow_unicode=True), "utf-8")
    units = {"units": [{"id": "u", "name": "测试单位", "level": "city", "sites": [
        {"id": "s", "name": "测试网站", "url": url, "kind": "portal", "render": "never", **site}]}]}
    (config / "units.yaml").write_text(yaml.safe_dump(units, allow_unicode=True), "utf-8")
    return config


def audit(tmp_path: Path, url: str, crawl: dict | None = None, **site: object) -> Engine:
    """Audit one site at url; returns the engine of the audit's database."""
    config = write_config(tmp_path, url, crawl, **site)
    env = {**os.environ, "GOVMON_HOME": str(tmp_path / "var")}
    env.pop("GOVMON_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "govmon.cli", "audit", "--config", str(config)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return make_engine(f"sqlite:///{tmp_path / 'var' / 'govmon.db'}")
