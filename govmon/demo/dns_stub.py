"""The farm's DNS stub: answers for farm hosts only, NXDOMAIN for everything else, never forwards."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from dnslib import AAAA, NS, QTYPE, RCODE, RR, SOA, A
from dnslib.server import BaseResolver, DNSServer

TTL = 60


@dataclass(frozen=True)
class HostSpec:
    """A farm host name: which address records it has, and whether the farm serves HTTP for it."""

    name: str
    ipv4: bool = True
    ipv6: bool = True
    http: bool = True


@dataclass(frozen=True)
class ZoneSpec:
    """A farm DNS zone; its name servers ns1/ns2.<zone> have AAAA records only if `ns_ipv6`."""

    name: str
    ns_ipv6: bool = True

    @property
    def name_servers(self) -> tuple[str, str]:
        return (f"ns1.{self.name}", f"ns2.{self.name}")


class _Quiet:
    """A dnslib logger that logs nothing."""

    def __getattr__(self, name: str):
        return lambda *a, **k: None


class FarmResolver(BaseResolver):
    """Answers A/AAAA/NS/SOA from the farm's host and zone tables; logs every question."""

    def __init__(self, hosts: dict[str, HostSpec], zones: dict[str, ZoneSpec]) -> None:
        self.hosts = hosts
        self.zones = zones
        self.log: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def zone_of(self, name: str) -> ZoneSpec | None:
        best = None
        for z in self.zones.values():
            if (name == z.name or name.endswith("." + z.name)) and (
                    best is None or len(z.name) > len(best.name)):
                best = z
        return best

    def addresses(self, name: str, zone: ZoneSpec | None) -> tuple[bool, bool, bool]:
        """(exists, has A, has AAAA) for a name."""
        if name in self.hosts:
            spec = self.hosts[name]
            return True, spec.ipv4, spec.ipv6
        if zone and name in zone.name_servers:
            return True, True, zone.ns_ipv6
        if zone and name == zone.name:
            return True, False, False
        # an empty non-terminal (e.g. conac.demo.test above bszs.conac.demo.test) exists
        known = list(self.hosts) + [n for z in self.zones.values() for n in z.name_servers]
        return any(k.endswith("." + name) for k in known), False, False

    def resolve(self, request, handler):
        reply = request.reply()
        qname = str(request.q.qname).rstrip(".").lower()
        qtype = QTYPE[request.q.qtype]
        with self._lock:
            self.log.append((qname, qtype))
        zone = self.zone_of(qname)
        exists, has_a, has_aaaa = self.addresses(qname, zone)
        if zone is None or not exists:
            reply.header.rcode = RCODE.NXDOMAIN
            if zone:
                reply.add_auth(self._soa(zone))
            return reply
        rname = request.q.qname
        if qtype in ("A", "ANY") and has_a:
            reply.add_answer(RR(rname, QTYPE.A, rdata=A("127.0.0.1"), ttl=TTL))
        if qtype in ("AAAA", "ANY") and has_aaaa:
            reply.add_answer(RR(rname, QTYPE.AAAA, rdata=AAAA("::1"), ttl=TTL))
        if qname == zone.name and qtype in ("NS", "ANY"):
            for ns in zone.name_servers:
                reply.add_answer(RR(rname, QTYPE.NS, rdata=NS(ns + "."), ttl=TTL))
                reply.add_ar(RR(ns + ".", QTYPE.A, rdata=A("127.0.0.1"), ttl=TTL))
                if zone.ns_ipv6:
                    reply.add_ar(RR(ns + ".", QTYPE.AAAA, rdata=AAAA("::1"), ttl=TTL))
        if qname == zone.name and qtype in ("SOA", "ANY"):
            reply.add_answer(self._soa(zone))
        if not reply.rr:
            reply.add_auth(self._soa(zone))
        return reply

    @staticmethod
    def _soa(zone: ZoneSpec) -> RR:
        ns1 = zone.name_servers[0]
        return RR(zone.name + ".", QTYPE.SOA, ttl=TTL,
                  rdata=SOA(ns1 + ".", f"hostmaster.{zone.name}.", (2026010101, 3600, 600, 86400, 60)))


class DnsStub:
    """UDP and TCP DNS servers on 127.0.0.1, the same port (0 = a port free for both)."""

    def __init__(self, resolver: FarmResolver, port: int = 0, address: str = "127.0.0.1") -> None:
        self.resolver = resolver
        self.address = address
        self.port = port
        self._servers: list[DNSServer] = []

    def start(self) -> int:
        for _ in range(50):
            udp = DNSServer(self.resolver, self.address, self.port, logger=_Quiet())
            port = udp.server.server_address[1]
            try:
                tcp = DNSServer(self.resolver, self.address, port, tcp=True, logger=_Quiet())
            except OSError:
                udp.server.server_close()
                if self.port:
                    raise
                continue
            for srv in (udp, tcp):
                srv.server.daemon_threads = True
                srv.start_thread()
            self._servers = [udp, tcp]
            self.port = port
            return port
        raise OSError("no port free for both UDP and TCP")

    def stop(self) -> None:
        for srv in self._servers:
            srv.server.shutdown()
            srv.server.server_close()
        self._servers = []
