"""Name resolution through dnspython and the nameservers in config/crawl.yaml (TWISTED_DNS_RESOLVER).

Offices use their own resolvers, and tests point everything at the demo farm's DNS stub, so the
crawler never asks the system resolver when nameservers are configured.

The crawl goes over IPv4 wherever a host has an A record, and over IPv6 only for IPv6-only
hosts: a dual-stack site with a broken IPv6 side must not turn into dead-link findings, and
which family Twisted's happy-eyeballs connection race picks is not deterministic. IPv6 support
is measured by its own probes, which connect to the AAAA address on purpose.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

import dns.exception
import dns.resolver
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IHostResolution, IResolutionReceiver
from twisted.internet.threads import deferToThreadPool
from zope.interface import implementer


def build_resolver(nameservers: Sequence[str], timeout_s: float) -> dns.resolver.Resolver:
    """A dnspython resolver for "host" or "host:port" entries; the system's when none are given."""
    if not nameservers:
        resolver = dns.resolver.Resolver()
    else:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = []
        for entry in nameservers:
            host, _, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
            resolver.nameservers.append(host or entry)
            if port:
                resolver.port = int(port)
    resolver.lifetime = timeout_s
    resolver.timeout = timeout_s
    return resolver


def lookup(resolver: dns.resolver.Resolver, name: str) -> list[tuple[int, str]]:
    """(family 4 or 6, address) pairs for a name; empty when it does not resolve."""
    try:
        literal = ipaddress.ip_address(name.strip("[]"))
        return [(literal.version, str(literal))]
    except ValueError:
        pass
    addresses: list[tuple[int, str]] = []
    for family, rdtype in ((4, "A"), (6, "AAAA")):
        try:
            answer = resolver.resolve(name, rdtype, search=False)
        except (dns.exception.DNSException, OSError):
            continue
        addresses += [(family, record.address) for record in answer]
    return addresses


def crawl_addresses(addresses: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """IPv4 addresses when there are any, else the IPv6 ones."""
    ipv4 = [entry for entry in addresses if entry[0] == 4]
    return ipv4 or addresses


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        """Resolution is a short blocking lookup in a thread; nothing to cancel."""


@implementer(IHostnameResolver)
class ConfiguredResolver:
    """Scrapy installs this on the reactor; results are cached for the life of the crawl."""

    def __init__(self, reactor: Any, nameservers: Sequence[str], timeout_s: float) -> None:
        self.reactor = reactor
        self.resolver = build_resolver(nameservers, timeout_s)
        self.cache: dict[str, list[tuple[int, str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> ConfiguredResolver:
        settings = crawler.settings
        return cls(
            reactor,
            settings.getlist("GOVMON_NAMESERVERS"),
            settings.getfloat("GOVMON_DNS_TIMEOUT", 5.0),
        )

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        resolution = _Resolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)

        def deliver(addresses: list[tuple[int, str]]) -> None:
            self.cache[hostName] = addresses
            for family, address in crawl_addresses(addresses):
                kind = IPv4Address if family == 4 else IPv6Address
                if addressTypes is None or kind in addressTypes:
                    resolutionReceiver.addressResolved(kind("TCP", address, portNumber))
            resolutionReceiver.resolutionComplete()

        if hostName in self.cache:
            deliver(self.cache[hostName])
        else:
            pool = self.reactor.getThreadPool()
            deferred = deferToThreadPool(self.reactor, pool, lookup, self.resolver, hostName)
            deferred.addCallback(deliver)
        return resolution
