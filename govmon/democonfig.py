"""The demo's config/ for other ports: the shipped files name the farm's default ports."""

from __future__ import annotations

from pathlib import Path

DEMO_HTTP_PORT = 18080
DEMO_DNS_PORT = 15353


def write_demo_config(source: Path, destination: Path, http_port: int, dns_port: int) -> Path:
    """Copy source/*.yaml to destination with the farm's ports replaced; returns destination."""
    destination.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace(f":{DEMO_HTTP_PORT}/", f":{http_port}/")
        text = text.replace(f"127.0.0.1:{DEMO_DNS_PORT}", f"127.0.0.1:{dns_port}")
        (destination / path.name).write_text(text, encoding="utf-8")
    return destination
