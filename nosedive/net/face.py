"""What others read of a session, and ask of it once it is open.

:class:`SessionFace` is the part of :class:`~nosedive.net.session.Session` that only forwards:
to its :class:`~nosedive.net.handshake.Handshake` (who the peer is, what this session proves)
and to its :class:`~nosedive.net.sync.Sync` (made when the session opens; nothing is answered
before then, nor once closed). The protocol itself is in the session.
"""
from __future__ import annotations

from typing import Any

from nosedive.core.messages import Message
from nosedive.ledger import ForkProof
from nosedive.net.events import Event, PeerAddresses, Send, TreeSignal
from nosedive.net.frames import control
from nosedive.net.gossip import parse_peers, peers_frame
from nosedive.net.handshake import Credentials, Handshake, MemberOf
from nosedive.net.limits import Limits
from nosedive.net.plumtree import parse_tree_frame
from nosedive.net.state import Lifecycle, SessionState
from nosedive.net.sync import Sync, fork_frame

__all__ = ["SessionFace"]


class SessionFace:
    """Mixed into the session, which makes its ``handshake`` and ``_lifecycle``, sets ``_sync`` when it
    opens, and closes (:meth:`close`)."""

    handshake: Handshake
    limits: Limits
    invalid: int
    _lifecycle: Lifecycle
    _sync: Sync | None = None

    def close(self, reason: str, code: str, *, tell_peer: bool = True, retry_after: float = 0.0) -> list[Event]:
        raise NotImplementedError

    @property
    def state(self) -> SessionState:
        return self._lifecycle.state

    @property
    def is_open(self) -> bool:
        return self.state is SessionState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state is SessionState.CLOSED

    @property
    def dialer(self) -> bool:
        return self.handshake.dialer

    @property
    def credentials(self) -> Credentials:
        """What this session proves: a joiner's becomes :class:`MemberOf` once welcomed."""
        return self.handshake.credentials

    @property
    def room_id(self) -> str:
        """The room this session syncs; "" for a joiner not yet welcomed."""
        credentials = self.handshake.credentials
        return credentials.room_id if isinstance(credentials, MemberOf) else ""

    @property
    def joining(self) -> bool:
        """A join session (either side), as opposed to one between members."""
        return self.handshake.joining

    @property
    def peer_key(self) -> str:
        return self.handshake.peer_key

    @property
    def peer_name(self) -> str:
        return self.handshake.peer_name

    @property
    def peer_port(self) -> int:
        return self.handshake.peer_port

    @property
    def peer_clock(self) -> int | None:
        """The peer's clock (unix ms) when it sent its auth; None if it did not say."""
        return self.handshake.peer_clock

    @property
    def sync(self) -> Sync:
        if self._sync is None:
            raise RuntimeError("a session syncs only once it is open")
        return self._sync

    @property
    def claims(self) -> dict[str, int]:
        return self._sync.claims if self._sync else {}

    @property
    def heard(self) -> bool:
        """The peer has told what it holds (a matching summary or a have): :attr:`claims` are its own."""
        return self._sync is not None and self._sync.heard

    @property
    def backlog_pending(self) -> bool:
        return self.is_open and self.sync.backlog_pending

    def summary(self) -> list[Event]:
        """Anti-entropy: tell the peer our digest; a difference starts a have exchange."""
        return [self.sync.summary()] if self.is_open else []

    def have(self) -> list[Event]:
        """Our have, unasked (after a message that did not follow our copy of its chain)."""
        return [self.sync.have()] if self.is_open else []

    def next_backlog_frames(self) -> list[Send]:
        """The next frames of what the peer lacks (empty when done, or once closed)."""
        return [Send(frame) for frame in self.sync.next_backlog_frames()] if self.is_open else []

    def push(self, messages: list[Message]) -> list[Event]:
        """Eagerly send new messages the peer is not known to hold."""
        return self.sync.push(messages) if self.is_open else []

    def push_fork(self, proof: ForkProof) -> list[Event]:
        return [Send(fork_frame(proof))] if self.is_open else []

    # ------------------------------------------------------------ the tree (nosedive.net.plumtree)
    def tree_frame(self, frame: dict[str, Any]) -> list[Event]:
        """The peer's ihave, graft or prune, validated; a graft also plans what it lacks of its authors."""
        have = parse_tree_frame(frame)
        if frame["t"] == "graft":
            self.sync.on_graft(have)
        return [TreeSignal(frame["t"], have)]

    def ihave(self, have: dict[str, int]) -> list[Event]:
        """Announce what the peer is not known to hold (nothing if it holds it all)."""
        fresh = self.sync.lacks(have) if self.is_open else {}
        return [Send(control({"t": "ihave", "have": fresh}))] if fresh else []

    def graft(self, have: dict[str, int]) -> list[Event]:
        return [Send(control({"t": "graft", "have": have}))] if self.is_open else []

    def prune(self, have: dict[str, int]) -> list[Event]:
        return [Send(control({"t": "prune", "have": have}))] if self.is_open else []

    # ------------------------------------------------------------ peers learned from peers
    def peers_said(self, frame: dict[str, Any]) -> list[Event]:
        """The peer's ``peers``: where its other peers listen, validated."""
        return [PeerAddresses(parse_peers(frame))]

    def tell_peers(self, peers: list[tuple[str, str, int]]) -> list[Event]:
        """Tell the peer where my other peers (key, host, port) listen (nothing to say: nothing sent)."""
        return [peers_frame(peers)] if self.is_open and peers else []

    def peer_holds(self, messages: list[Message]) -> None:
        """The peer sent us these, so it holds them: never push them back."""
        if self._sync is not None:
            self._sync.peer_holds(messages)

    def count_invalid(self, count: int) -> list[Event]:
        self.invalid += count
        if self.invalid > self.limits.max_invalid:
            return self.close(f"sent {self.invalid} invalid messages", "invalid")
        return []
