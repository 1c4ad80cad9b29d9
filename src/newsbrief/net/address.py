"""Which addresses a fetch may connect to, decided by ``ipaddress`` properties, never by spelling.

An IPv6 address can carry an IPv4 one inside it (IPv4-mapped and -compatible, SIIT-translated,
6to4, Teredo, NAT64): a relay or a dual stack then connects to that IPv4 address, so it is
checked by the same rules, and the refusal names it. Private, loopback, link-local, reserved,
multicast and otherwise non-global addresses are refused unless the caller allows them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from newsbrief.errors import ErrorCode, UpstreamError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

# RFC 6052's well-known NAT64 prefix: a translator maps the last 32 bits to that IPv4 address,
# which may be public (DNS64 on IPv6-only networks) and is judged as itself.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# RFC 8215's NAT64 prefix for local use: whatever it reaches is inside some network.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")
# RFC 2765's IPv4-translated addresses (SIIT), ::ffff:0:a.b.c.d.
_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")
# IPv4-compatible addresses (RFC 4291, deprecated) ::a.b.c.d; :: and ::1 are themselves.
_COMPATIBLE = ipaddress.IPv6Network("::/96")


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as error:
        raise UpstreamError(f"cannot resolve {host}: {error}", code=ErrorCode.DNS_ERROR) from None
    return list(dict.fromkeys(str(answer[4][0]) for answer in answers))


def _embedded(address: ipaddress.IPv6Address) -> Iterator[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address leads to, with the name of the form that carries it."""
    low = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.ipv4_mapped is not None:
        yield "an IPv4-mapped address", address.ipv4_mapped
    if address in _TRANSLATED:
        yield "an IPv4-translated address", low
    if address in _COMPATIBLE and int(address) > 1:
        yield "an IPv4-compatible address", low
    if address.sixtofour is not None:
        yield "a 6to4 address", address.sixtofour
    if address.teredo is not None:
        server, client = address.teredo
        yield "a Teredo address", client
        yield "a Teredo address", server
    if address in _NAT64:
        yield "a NAT64 address", low


def why_refused(address: Address) -> str | None:
    """Why connecting to ``address`` could reach something internal; ``None`` when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        for form, inner in _embedded(address):
            reason = why_refused(inner)
            if reason is not None:
                return f"{form} of {inner}, {reason}"
        if address in _LOCAL_NAT64:
            return "a local-use NAT64 address"
        # Its IPv4 address is public (checked above): the rest of the address is only the
        # route to it, which the ipaddress module calls reserved (::ffff:0:0/96, ::/8).
        if address.ipv4_mapped is not None or address in _NAT64:
            return None
    for kind, flag in (
        ("an unspecified", address.is_unspecified),
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a private", address.is_private),
        ("a multicast", address.is_multicast),
        ("a reserved", address.is_reserved),
        # The rest that is not globally routable: carrier-grade NAT 100.64/10, Teredo...
        ("a non-global", not address.is_global),
    ):
        if flag:
            return f"{kind} address"
    return None


@dataclass(frozen=True, slots=True)
class Policy:
    """Which addresses may be fetched: public ones always; private ones only when allowed, all
    (``allow_private``) or those in ``networks`` (tests name 127.0.0.1/32 and nothing else)."""

    allow_private: bool = False
    networks: tuple[Network, ...] = ()

    @property
    def widened(self) -> bool:
        """Whether this policy allows more than public addresses."""
        return self.allow_private or bool(self.networks)

    def check(self, host: str, address_text: str) -> Address:
        try:
            address = ipaddress.ip_address(address_text.split("%", 1)[0])
        except ValueError:
            raise UpstreamError(
                f"cannot resolve {host}: {address_text!r} is not an address",
                code=ErrorCode.DNS_ERROR,
            ) from None
        reason = why_refused(address)
        if reason is None or self.allow_private or any(address in n for n in self.networks):
            return address
        raise UpstreamError(
            f"refused to fetch from {host}: it resolves to {address}, {reason} "
            "(use --allow-private to allow it)",
            code=ErrorCode.FORBIDDEN_ADDRESS,
        )


def trusted_networks(values: Sequence[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


__all__ = [
    "Address",
    "Network",
    "Policy",
    "Resolver",
    "resolve",
    "trusted_networks",
    "why_refused",
]
