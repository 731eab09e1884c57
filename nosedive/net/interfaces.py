"""Which IPv4 addresses of this machine belong to the LAN, best first.

Binding mDNS to every interface causes trouble on machines with container bridges, VPNs and
link-local addresses (shared/notes/ledger-and-network.md), so discovery advertises and listens
only on the addresses chosen here:

- loopback (``lo``, 127/8) never: multicast does not work there;
- container and VM bridges (docker*, br-*, virbr*, veth*, lxcbr*, lxdbr*, cni*, podman*) and
  VPN tunnels (tun*, tap*, wg*, tailscale*, zt*, utun*) are skipped: people in the same room are
  not behind them;
- link-local 169.254/16 addresses only when nothing better exists (a cable between two laptops);
- when every interface is one of the above, any non-loopback address rather than nothing.

:func:`choose_addresses` is a pure function over ``(interface name, address)`` pairs so the rules
are testable without touching the machine; :func:`lan_addresses` feeds it the real interfaces.
"""
from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable

log = logging.getLogger("nosedive.net.interfaces")

_RFC1918 = tuple(ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))

#: Name prefixes of interfaces that are not the room's LAN.
SKIPPED_PREFIXES: tuple[str, ...] = (
    # container and virtual-machine bridges (the host side of veth pairs included)
    "docker", "br-", "virbr", "veth", "lxcbr", "lxdbr", "cni", "podman",
    # VPN tunnels
    "tun", "tap", "wg", "tailscale", "zt", "utun",
)


def is_skipped_interface(name: str) -> bool:
    """True for loopback, container bridges and VPN tunnels (by interface name)."""
    lowered = name.lower()
    return lowered == "lo" or lowered.startswith("lo:") or lowered.startswith(SKIPPED_PREFIXES)


def _parse(address: str) -> ipaddress.IPv4Address | None:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if not isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.is_loopback or ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return None
    return ip


def choose_addresses(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """The IPv4 addresses to advertise, best first, from ``(interface, address)`` pairs.

    Best first means: ordinary interfaces with private addresses (10/8, 172.16/12,
    192.168/16), then ordinary interfaces with other addresses, in the order given. Link-local
    addresses only if there is nothing else; skipped interfaces only if there is nothing at all.
    Loopback never. Duplicates are dropped.
    """
    good: list[tuple[bool, int, str]] = []
    link_local: list[str] = []
    fallback: list[str] = []
    for index, (name, address) in enumerate(pairs):
        ip = _parse(address)
        if ip is None or name.lower() == "lo":
            continue
        text = str(ip)
        if is_skipped_interface(name):
            fallback.append(text)
        elif ip.is_link_local:
            link_local.append(text)
        else:
            good.append((not any(ip in net for net in _RFC1918), index, text))
    chosen = [text for _, _, text in sorted(good)] or link_local or fallback
    return list(dict.fromkeys(chosen))


def system_interfaces() -> list[tuple[str, str]]:
    """``(interface name, IPv4 address)`` for every address of this machine."""
    import ifaddr  # a dependency of zeroconf; pure Python

    pairs: list[tuple[str, str]] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):  # IPv4; IPv6 addresses come as tuples
                pairs.append((adapter.nice_name or adapter.name, ip.ip))
    return pairs


def lan_addresses() -> list[str]:
    """IPv4 addresses to advertise and show, per the rules above, best first; [] if none."""
    try:
        pairs = system_interfaces()
    except Exception as exc:
        log.warning("cannot list network interfaces (%s); discovery will not advertise", exc)
        return []
    chosen = choose_addresses(pairs)
    log.debug("interfaces %s -> advertising %s", pairs, chosen)
    return chosen
