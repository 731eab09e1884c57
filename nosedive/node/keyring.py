"""Which rooms this machine may enter: their secrets, and the join code being tried.

A node is a member of a room only when it holds the room's secret (``rooms.json``, kept by
:class:`~nosedive.core.roomkeys.RoomKeys`); members prove the secret to each other. Without it,
the node can only *join* with the code the facilitator shows: it dials with the code, and the
node that lets it in hands over the secret (:meth:`Keyring.welcomed`). Refusals of a join are
turned into one sentence the person can act on, and a node that said the code is wrong is never
asked again with that code.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from nosedive.core import joincode
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.joincode import JoinCode
from nosedive.core.roomkeys import RoomKey, RoomKeys, new_room_key
from nosedive.net.crypto import room_tag
from nosedive.net.events import Closed, Welcomed
from nosedive.net.handshake import Credentials, JoiningWith, MemberOf
from nosedive.net.throttle import AttemptLimiter
from nosedive.node.bus import EventBus
from nosedive.node.lan import Advert
from nosedive.room.events import NodeError
from nosedive.room.view import RoomView

log = logging.getLogger("nosedive.node")
Address = tuple[str, int]


@dataclass(frozen=True)
class Acceptance:
    """What an acceptor of room sessions proves, and the code it lets newcomers in with (None: no joins)."""

    member: MemberOf
    code: JoinCode | None


class Keyring:
    """The node's room keys, its one :class:`AttemptLimiter` for joins, and the join in progress."""

    def __init__(self, keys: RoomKeys, bus: EventBus, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.keys, self._bus, self._clock = keys, bus, clock
        self.limiter = AttemptLimiter()  # one per node: every session counts against the same buckets
        self.joining: JoinCode | None = None
        self._refused: set[Address] = set()  # said the code is wrong: never asked again with it
        self._refused_tags: set[str] = set()
        self._wait_until: dict[Address, float] = {}  # throttled: not before then
        self._told = False  # the person was told the code is wrong
        self._no_room: set[Address] = set()  # explicit peers that answered no-room: said once

    # ------------------------------------------------------------ keys
    def key(self, room_id: str | None) -> RoomKey | None:
        """The room's key, if this machine holds its secret."""
        key = self.keys.get(room_id) if room_id else None
        return key if key is not None and key.joined else None

    def create(self, room_id: str) -> RoomKey:
        """A new secret and join code for a room this node just created (or facilitates without one)."""
        key = new_room_key(room_id)
        self.keys.remember(key)
        return key

    def may_enter(self, room_id: str, *, facilitator: bool) -> None:
        """Refuse (UsageError) to move to a room whose secret this machine lacks, unless I facilitate it."""
        if self.key(room_id) is None and not facilitator:
            raise UsageError(_("this machine does not hold that room's secret: join it with the code its "
                               "facilitator shows"))

    def entering(self, room_id: str, *, facilitator: bool) -> None:
        """The node enters *room_id*: without its secret it can reach nobody, so say so (a facilitator
        of a room from before rooms had secrets gets a new secret and code instead)."""
        if self.key(room_id) is not None:
            return
        if facilitator:
            self.create(room_id)
        else:
            self._bus.emit(NodeError(_("this machine does not hold this room's secret, so it cannot reach its people: "
                                       "join it again with the code its facilitator shows"), code="no-secret"))

    def code_of(self, room_id: str | None) -> str:
        key = self.key(room_id)
        return key.code if key is not None else ""

    def advert(self, view: RoomView | None) -> Advert | None:
        """My room as the LAN may know it: name, plate, tag; None before its genesis, or without its secret."""
        key = self.key(view.room_id) if view is not None else None
        if view is None or key is None:
            return None
        return Advert(view.room_name, int(key.code.partition("-")[0]) if key.code else 0, room_tag(key.secret))

    def known_code(self, code: JoinCode) -> RoomKey | None:
        key = self.keys.by_code(str(code))
        return key if key is not None and key.joined else None

    # ------------------------------------------------------------ sessions
    def dialing(self, room_id: str | None) -> Credentials | None:
        """What to prove when dialling: the code while joining, else my room's secret; None: nothing."""
        if self.joining is not None:
            return JoiningWith(self.joining)
        key = self.key(room_id)
        return MemberOf(key.room_id, key.secret) if key is not None else None

    def accepting(self, room_id: str | None) -> Acceptance | None:
        """How to answer a dialler: as a member of my room (taking joins with its code); None: no room here."""
        key = self.key(room_id)
        if key is None:
            return None
        return Acceptance(MemberOf(key.room_id, key.secret), joincode.parse(key.code) if key.code else None)

    # ------------------------------------------------------------ joining
    def start_joining(self, code: JoinCode) -> None:
        self.joining, self._told = code, False
        self._no_room.clear()
        self._refused.clear()
        self._refused_tags.clear()
        self._wait_until.clear()

    def may_try(self, address: Address, tag: str = "") -> bool:
        """Whether to dial *address* with the code now (not refused, not throttled)."""
        if self.joining is None or address in self._refused or (tag and tag in self._refused_tags):
            return False
        return self._clock() >= self._wait_until.get(address, 0.0)

    def welcomed(self, event: Welcomed) -> RoomKey:
        """Let in: keep the room's secret and code; the join is over."""
        key = RoomKey(event.room_id, event.secret, event.code)
        self.keys.remember(key)
        self.joining = None
        log.info("let into room %s with the join code", event.room_id[:12])
        return key

    def join_ended(self, address: Address, closed: Closed, *, tag: str = "", explicit: bool = False) -> None:
        """A join dial to *address* ended without a welcome: say why, if it is something to act on."""
        code = self.joining
        if code is None:
            return
        if closed.code == "wrong-code":
            self._refused.add(address)
            if tag:
                self._refused_tags.add(tag)
            if not self._told:
                self._told = True
                self._bus.emit(NodeError(f"{code}: {_(closed.reason)}", code="wrong-code"))  # our own words
        elif closed.code == "throttled":
            wait = max(1.0, closed.retry_after)
            self._wait_until[address] = self._clock() + wait
            self._bus.emit(NodeError(_("too many join attempts from this machine: the room accepts another in "
                                       "{seconds} s; this node tries again then").format(seconds=f"{wait:.0f}"),
                                     code="throttled", retry_after=wait))
        elif closed.code == "no-room" and explicit and address not in self._no_room:
            self._no_room.add(address)
            self._bus.emit(NodeError(_("{address} has no room taking newcomers with code number {plate}: check the "
                                       "code, or ask for the address shown on the facilitator's screen").format(
                address=f"{address[0]}:{address[1]}", plate=code.plate), code="no-room"))
