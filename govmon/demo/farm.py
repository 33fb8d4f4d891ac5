"""The demo site farm: virtual-host HTTP servers on 127.0.0.1 and [::1] plus the DNS stub.

Run `python -m govmon.demo.farm --port 18080 --dns-port 15353` to serve it until Ctrl-C.
"""

from __future__ import annotations

import argparse
import socket
import ssl
import sys
import threading
import time
from collections import deque
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from urllib.parse import urlsplit

from govmon.demo import sites as registry
from govmon.demo import tls
from govmon.demo.dns_stub import DnsStub, FarmResolver, HostSpec, ZoneSpec
from govmon.demo.special import pause
from govmon.demo.web import Request, Response, http_date, not_modified, plain

DEFAULT_HTTP_PORT = 18080
DEFAULT_DNS_PORT = 15353
__all__ = ["DEFAULT_DNS_PORT", "DEFAULT_HTTP_PORT", "Farm", "HostSpec", "ZoneSpec", "main"]


class _Handler(BaseHTTPRequestHandler):
    """Hands every request to the farm, telling it which listener (IPv4 or IPv6) accepted it."""

    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 30            # close idle keep-alive connections

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet server
        pass

    def _serve(self) -> None:
        farm: Farm = self.server.farm  # type: ignore[attr-defined]
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            host = (self.headers.get("Host") or "").strip().lower()
            host = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0]
            family = 6 if self.server.address_family == socket.AF_INET6 else 4
            req = Request(self.command, host, parts.path or "/", parts.query,
                          {k.lower(): v for k, v in self.headers.items()}, body, family, farm.http_port)
            resp = farm.dispatch(req)
            if resp.delay:
                pause(resp.delay)
            self._write(req, resp)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            self.close_connection = True

    def _write(self, req: Request, resp: Response) -> None:
        status = 304 if resp.status == 200 and not_modified(req, resp) else resp.status
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", resp.content_type)
            self.send_header("Content-Length", str(len(resp.body)))
        else:
            self.send_header("Content-Length", "0")
        if resp.cacheable:
            self.send_header("ETag", resp.etag)
            if resp.last_modified:
                self.send_header("Last-Modified", http_date(resp.last_modified))
        for name, value in resp.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(resp.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    farm: Farm

    def server_bind(self) -> None:
        TCPServer.server_bind(self)            # skip HTTPServer's getfqdn (a reverse lookup)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:  # a client going away is not news
        pass

    def finish_request(self, request: socket.socket, client_address: object) -> None:
        """https and http on one port: a TLS connection opens with a handshake record (byte 0x16)."""
        request.settimeout(_Handler.timeout)
        if self.farm.tls is not None and request.recv(1, socket.MSG_PEEK) == b"\x16":
            with self.farm.tls.wrap_socket(request, server_side=True) as secure:
                super().finish_request(secure, client_address)
        else:
            super().finish_request(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


class Farm:
    """The demo farm. Dates are relative to `today`; ports 0 pick free ports at start()."""

    def __init__(self, http_port: int = 0, dns_port: int = 0, today: date | None = None) -> None:
        self.http_port = http_port
        self.dns_port = dns_port
        self.today = today or date.today()
        self.hosts: dict[str, HostSpec] = {h.name: h for h in registry.HOSTS}
        self.zones: dict[str, ZoneSpec] = {z.name: z for z in registry.ZONES}
        self.slow_seconds: float = 20.0     # the slow page answers after this long
        self.retry_after: int = 5           # Retry-After of the 429 page
        self.flaky_every: int = 5           # SITE-DOWN host: every Nth IPv4 homepage request is a 503
        self.resolver = FarmResolver(self.hosts, self.zones)
        self.query_log: list[tuple[str, str]] = self.resolver.log
        # (time.monotonic(), family, host, method, path?query, status) of the latest requests
        self.request_log: deque[tuple[float, int, str, str, str, int]] = deque(maxlen=100_000)
        self.tls: ssl.SSLContext | None = None  # made at start() for the sites' https hosts
        self.sites: dict[str, object] = {}
        self._vhosts: dict[str, object] = {}
        self._servers: list[_Server] = []
        self._dns: DnsStub | None = None
        self._lock = threading.Lock()
        self._counters: dict[str, int] = {}

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> Farm:
        self._bind_http()
        self._dns = DnsStub(self.resolver, self.dns_port)
        self.dns_port = self._dns.start()
        self.build()
        https_hosts = [host for site in self.sites.values() for host in site.https_hosts]  # type: ignore[attr-defined]
        if https_hosts:
            self.tls = tls.server_context(https_hosts, self.today)
        for srv in self._servers:
            srv.farm = self
            threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                             name=f"farm-http-{srv.address_family.name}", daemon=True).start()
        return self

    def build(self) -> None:
        """(Re)build every site for the current port and `today`."""
        self.sites, self._vhosts = registry.build(self)

    def _bind_http(self) -> None:
        for _ in range(50):
            v4 = _Server(("127.0.0.1", self.http_port), _Handler)
            port = v4.server_address[1]
            try:
                v6 = _Server6(("::1", port), _Handler)
            except OSError:
                v4.server_close()
                if self.http_port:
                    raise
                continue
            self.http_port = port
            self._servers = [v4, v6]
            return
        raise OSError("no port free on both 127.0.0.1 and ::1")

    def stop(self) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()
        self._servers = []
        if self._dns:
            self._dns.stop()
            self._dns = None

    def __enter__(self) -> Farm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving -----------------------------------------------------------------------------
    def count(self, key: str) -> int:
        """Thread-safe request counter (1, 2, 3, …) used by deterministic failure patterns."""
        with self._lock:
            self._counters[key] = self._counters.get(key, 0) + 1
            return self._counters[key]

    def reset_counters(self) -> None:
        with self._lock:
            self._counters.clear()

    def dispatch(self, req: Request) -> Response:
        vhost = self._vhosts.get(req.host)
        if vhost is None:
            resp = plain("404 Not Found: 本机演示站群没有这个站点\n", 404)
        else:
            try:
                resp = vhost.handle(req)  # type: ignore[attr-defined]
            except Exception as exc:  # a bug in one page must not take the farm down
                resp = plain(f"500 Internal Server Error: {type(exc).__name__}: {exc}\n", 500)
        with self._lock:
            self.request_log.append((time.monotonic(), req.family, req.host, req.method,
                                     req.path + ("?" + req.query if req.query else ""), resp.status))
        return resp

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.http_port}{path}"


def main(argv: list[str] | None = None) -> None:
    """Serve the farm until Ctrl-C, saying what it serves."""
    ap = argparse.ArgumentParser(prog="python -m govmon.demo.farm", description="govmon 演示站群")
    ap.add_argument("--port", type=int, default=DEFAULT_HTTP_PORT, help="HTTP 端口（127.0.0.1 与 ::1）")
    ap.add_argument("--dns-port", type=int, default=DEFAULT_DNS_PORT, help="DNS 桩端口（UDP/TCP）")
    ap.add_argument("--today", type=date.fromisoformat, default=None, help="以该日期为“今天”（YYYY-MM-DD）")
    ap.add_argument("--slow-seconds", type=float, default=20.0, help="慢页面的响应延时（秒）")
    args = ap.parse_args(argv)
    farm = Farm(args.port, args.dns_port, args.today)
    farm.slow_seconds = args.slow_seconds
    farm.start()
    print(f"govmon 演示站群已启动（今天 = {farm.today}）")
    print(f"  HTTP：127.0.0.1:{farm.http_port} 与 [::1]:{farm.http_port}（按 Host 头区分站点）")
    print(f"  DNS 桩：127.0.0.1:{farm.dns_port}（UDP/TCP，只解析演示主机名，其余一律 NXDOMAIN）")
    print("  站点：")
    for site_id, site in farm.sites.items():
        print(f"    {site_id:<18} {site.ident.name}  {site.home_url}")  # type: ignore[attr-defined]
    print("  其他主机：")
    for name, spec in sorted(farm.hosts.items()):
        fams = "/".join(f for f, ok in (("IPv4", spec.ipv4), ("IPv6", spec.ipv6)) if ok)
        if name not in {h for s in farm.sites.values() for h in s.hosts}:  # type: ignore[attr-defined]
            print(f"    {name:<26} {fams}{'' if spec.http else '（仅 DNS，端口无服务）'}")
    print(f"  试一试：dig @127.0.0.1 -p {farm.dns_port} www.qingshan.gov.cn AAAA")
    print(f"          curl -H 'Host: www.qingshan.gov.cn' http://127.0.0.1:{farm.http_port}/")
    print("按 Ctrl-C 停止。", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\n正在停止演示站群……")
    finally:
        farm.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
