"""LAN discovery over mDNS/DNS-SD with python-zeroconf's asyncio API.

Every node in a room registers one ``_nosedive._tcp.local.`` service under a random name
made afresh on each run, on the addresses chosen by :mod:`nosedive.net.interfaces` (IPv4
only), and browses for the others. What a browser learns is a *hint*, and only what a
stranger may learn: that a room of some name exists here, its plate number, and a tag its
members recognise. The room id, the facilitator, the number of people and the node's key are
never advertised; members prove themselves in the TCP handshake, and liveness is the TCP
session, never mDNS (a node killed with -9 sends no goodbye and lingers in caches).

TXT record (every value ASCII except the room name, UTF-8):

=====  =========================================================================
v      protocol version, ``"2"``; services with another version are ignored
name   room name, UTF-8, at most ``MAX_ROOM_NAME_CHARS`` characters, no control characters
plate  the plate of the room's join code, 1–99; ``0`` when this node takes no joins
tag    ``room_tag(secret)``: 16 lowercase hex; members dial a hint whose tag is theirs
=====  =========================================================================

A node in no room yet (a joiner) browses but does not advertise. Unknown keys are ignored
(later versions may add some). Anything else malformed that arrives from the LAN is dropped
with a debug log line; it never raises into the loop.
"""
from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from zeroconf import IPVersion, NotRunningException, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from nosedive.core.messages import MAX_ROOM_NAME_CHARS
from nosedive.net.interfaces import choose_addresses, lan_addresses

__all__ = ["SERVICE_TYPE", "TXT_VERSION", "BadTxt", "Discovery", "PeerHint", "encode_txt", "instance_name",
           "lan_addresses", "parse_txt"]

log = logging.getLogger("nosedive.net.discovery")

SERVICE_TYPE = "_nosedive._tcp.local."
TXT_VERSION = "2"
MAX_PLATE = 99
RESOLVE_TIMEOUT_MS = 3000

_T = TypeVar("_T")
_TAG = re.compile(rb"[0-9a-f]{16}")
_PLATE = re.compile(rb"0|[1-9][0-9]?")


class BadTxt(ValueError):
    """A TXT record (or the service around it) that does not follow the table above."""


@dataclass(frozen=True)
class PeerHint:
    """A room advertised on the LAN: worth a TCP connection, not yet trusted."""

    name: str                     # the room name
    plate: int                    # the plate of its join code; 0: this node takes no joins
    tag: str                      # room_tag(secret): equal to mine means "my room"
    addresses: tuple[str, ...]    # IPv4 strings
    port: int


def instance_name() -> str:
    """A fresh random service instance name: it says nothing about the node and changes every run."""
    return f"nosedive-{secrets.token_hex(6)}.{SERVICE_TYPE}"


def encode_txt(*, name: str, plate: int, tag: str) -> dict[str, str]:
    """Our TXT properties; raises ValueError for values :func:`parse_txt` would refuse."""
    txt = {"v": TXT_VERSION, "name": name, "plate": str(plate), "tag": tag}
    raw = {key.encode(): value.encode() for key, value in txt.items()}
    try:
        parse_txt(raw, addresses=("192.0.2.1",), port=1)
    except BadTxt as exc:
        raise ValueError(f"cannot advertise this room: {exc}") from exc
    return txt


def _room_name(value: bytes) -> str:
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadTxt("room name is not UTF-8") from exc
    if len(text) > MAX_ROOM_NAME_CHARS:
        raise BadTxt(f"room name has {len(text)} characters; the limit is {MAX_ROOM_NAME_CHARS}")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
        raise BadTxt("room name contains control characters")
    return text


def parse_txt(properties: Mapping[bytes, bytes | None], *, addresses: tuple[str, ...] | list[str],
              port: int | None) -> PeerHint:
    """A :class:`PeerHint` from a resolved service, or :class:`BadTxt` saying what is wrong."""
    version = properties.get(b"v")
    if version != TXT_VERSION.encode():
        raise BadTxt(f"protocol version {version!r} is not {TXT_VERSION}")
    tag = properties.get(b"tag") or b""
    if not _TAG.fullmatch(tag):
        raise BadTxt("tag is not 16 lowercase hex digits")
    plate = properties.get(b"plate") or b""
    if not _PLATE.fullmatch(plate):
        raise BadTxt(f"plate is not a number from 0 to {MAX_PLATE}")
    name = _room_name(properties.get(b"name") or b"")
    if not isinstance(port, int) or not 0 < port < 65536:
        raise BadTxt(f"port {port!r} is out of range")
    usable = tuple(choose_addresses(("remote", a) for a in addresses))
    if not usable:
        raise BadTxt("no usable IPv4 address")
    return PeerHint(name=name, plate=int(plate), tag=tag.decode("ascii"), addresses=usable, port=port)


class Discovery:
    """Advertises this node's room and reports the others through ``on_peer`` / ``on_gone`` (on the loop).

    Registration (≈1.2–1.7 s of probing) and TXT updates run in one background task, so
    :meth:`start` and :meth:`update` return at once. With an empty *tag* (a node in no room
    yet) nothing is advertised until :meth:`update` gives one; browsing runs regardless.
    """

    def __init__(self, *, port: int, name: str = "", plate: int = 0, tag: str = "",
                 on_peer: Callable[[PeerHint], None], on_gone: Callable[[PeerHint], None] | None = None,
                 addresses: list[str] | None = None) -> None:
        self._port = port
        self._txt = encode_txt(name=name, plate=plate, tag=tag) if tag else None
        self._on_peer, self._on_gone = on_peer, on_gone
        self.addresses: list[str] = list(addresses) if addresses is not None else lan_addresses()
        self.name = instance_name()
        self._server = f"nosedive-{secrets.token_hex(6)}.local."
        self._aiozc: AsyncZeroconf | None = None
        self._browser: AsyncServiceBrowser | None = None
        self._publisher: asyncio.Task[None] | None = None
        self._dirty = asyncio.Event()
        self._resolving: dict[str, asyncio.Task[None]] = {}  # one resolve per name in flight, never cancelled
        self._changes: dict[str, int] = {}  # name -> how many changes seen; a resolve that saw fewer runs again
        self._known: dict[str, PeerHint] = {}  # service name -> what it said, for on_gone
        self._closing = False
        self.registered = asyncio.Event()  # set once our service is announced (tests wait on it)
        self.trouble: str | None = None  # why mDNS does not work here, when we know: advertising failed, …

    async def start(self) -> None:
        """Start zeroconf and wait (≤ 10 s) until it runs, then register (in the background) and browse.

        Startup is awaited here, once, shielded, before any browse or resolve exists: zeroconf's
        ``running_future`` is shared and unshielded, so cancelling any task waiting on it (as a
        superseded resolve once was) cancels the future itself and that instance never runs.
        """
        if not self.addresses:
            log.warning("no LAN address to advertise; discovery is off (add peers by address)")
            return
        try:
            self._aiozc = AsyncZeroconf(interfaces=self.addresses, ip_version=IPVersion.V4Only)
        except OSError as exc:
            self.trouble = f"mDNS could not open its sockets on {', '.join(self.addresses)} ({exc})"
            log.warning("cannot start mDNS on %s (%s); add peers by address", ", ".join(self.addresses), exc)
            return
        try:
            await asyncio.shield(self._aiozc.zeroconf.async_wait_for_start())
        except NotRunningException:
            self.trouble = "mDNS did not start"
            log.warning("mDNS did not start on %s; it will be tried again", ", ".join(self.addresses))
            return
        self._publisher = asyncio.get_running_loop().create_task(self._publish(), name="nosedive-mdns-publish")
        self._publisher.add_done_callback(_retrieve)
        self._browser = AsyncServiceBrowser(self._aiozc.zeroconf, [SERVICE_TYPE], handlers=[self._on_service_change])
        log.info("mDNS on %s as %s", ", ".join(self.addresses), self.name)

    @property
    def instance(self) -> AsyncZeroconf | None:
        """The Zeroconf instance in use, if any (tests stop it under us)."""
        return self._aiozc

    @property
    def running(self) -> bool:
        """Whether zeroconf runs and our advert (if any) did not fail: False means "start me again"."""
        return self._aiozc is not None and self._aiozc.zeroconf.started and self.trouble is None

    async def update(self, *, name: str, plate: int, tag: str) -> None:
        """Announce (or re-announce) with a new TXT record, e.g. once joined; returns at once."""
        self._txt = encode_txt(name=name, plate=plate, tag=tag)
        self._dirty.set()

    async def stop(self) -> None:
        """Send goodbyes, stop browsing and close zeroconf; waits for our own tasks to end."""
        self._closing = True
        tasks = [t for t in (self._publisher, *self._resolving.values()) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._resolving.clear()
        try:
            if self._browser is not None:
                await self._browser.async_cancel()
            if self._aiozc is not None:
                await self._aiozc.async_close()  # unregisters everything: mDNS goodbye
        except Exception as exc:  # an instance that died under us may not close cleanly
            log.debug("mDNS did not close cleanly: %r", exc)
        self._browser = self._aiozc = None

    # ------------------------------------------------------------ advertising
    def _service_info(self) -> AsyncServiceInfo:
        return AsyncServiceInfo(SERVICE_TYPE, self.name, port=self._port, properties=dict(self._txt or {}),
                                parsed_addresses=self.addresses, server=self._server)

    async def _publish(self) -> None:
        assert self._aiozc is not None
        while self._txt is None:  # in no room yet: advertise nothing until there is one
            await self._dirty.wait()
            self._dirty.clear()
        self._dirty.clear()
        info = self._service_info()
        try:
            await (await self._aiozc.async_register_service(info, allow_name_change=True))
        except Exception as exc:
            self.trouble = f"could not advertise on the LAN ({type(exc).__name__}{f': {exc}' if str(exc) else ''})"
            log.warning("%s; others can still add this node by address", self.trouble)
            return
        self.name = info.name  # zeroconf may have renamed it after a conflict
        self.registered.set()
        log.debug("registered %s", self.name)
        while True:
            await self._dirty.wait()
            self._dirty.clear()
            try:
                await (await self._aiozc.async_update_service(self._service_info()))
            except Exception as exc:
                log.warning("could not re-announce this node on the LAN (%s)", exc)
                continue
            log.debug("re-announced %s with %s", self.name, self._txt)

    # ------------------------------------------------------------ browsing
    def _on_service_change(self, zeroconf: Zeroconf, service_type: str, name: str,
                           state_change: ServiceStateChange) -> None:
        if self._closing or name == self.name:
            return
        if state_change is ServiceStateChange.Removed:
            self._changes.pop(name, None)  # a resolve in flight for it will not report it
            hint = self._known.pop(name, None)
            if hint is not None and self._on_gone is not None:
                self._call(self._on_gone, hint)
            return
        self._changes[name] = self._changes.get(name, 0) + 1
        if name not in self._resolving:  # one in flight sees the change when it ends, and runs again
            self._start_resolve(name)

    def _start_resolve(self, name: str) -> None:
        seen = self._changes[name]
        task = asyncio.get_running_loop().create_task(self._resolve(name, seen), name="nosedive-mdns-resolve")
        self._resolving[name] = task
        task.add_done_callback(lambda done: self._resolved(name, seen, done))

    def _resolved(self, name: str, seen: int, task: asyncio.Task[None]) -> None:
        _retrieve(task)
        self._resolving.pop(name, None)
        if not self._closing and self._changes.get(name, seen) != seen:
            self._start_resolve(name)  # the service changed while we asked: ask again

    async def _resolve(self, name: str, seen: int) -> None:
        assert self._aiozc is not None
        info = AsyncServiceInfo(SERVICE_TYPE, name)
        try:
            found = await info.async_request(self._aiozc.zeroconf, RESOLVE_TIMEOUT_MS)
        except NotRunningException:
            log.debug("could not resolve %s: mDNS is not running", name)
            return
        if not found:
            log.debug("%s did not resolve within %d ms", name, RESOLVE_TIMEOUT_MS)
            return
        try:
            hint = parse_txt(info.properties, addresses=info.parsed_addresses(IPVersion.V4Only), port=info.port)
        except BadTxt as exc:
            log.debug("ignoring %s: %s", name, exc)
            return
        if self._closing or self._changes.get(name) != seen:
            return  # gone meanwhile, or changed again: the newer resolve reports it
        self._known[name] = hint
        log.debug("found %s", hint)
        self._call(self._on_peer, hint)

    @staticmethod
    def _call(callback: Callable[[_T], None], arg: _T) -> None:
        try:
            callback(arg)
        except Exception:
            log.exception("discovery callback %r failed", callback)


def _retrieve(task: asyncio.Task[None]) -> None:
    """Read a finished task's outcome, so an error is logged once, never "never retrieved"."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.warning("mDNS task %s failed: %r", task.get_name(), exc)
