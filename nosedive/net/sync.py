"""Sync bookkeeping of one open session: what the peer holds, what it still lacks.

After auth each side sends ``summary`` {digest}; on a different digest,
``have`` {have: {author: seq}, heads: {author: head id prefix}, forks: n}; each then
streams what the other lacks, per author in chain order, in message-batch frames, plus
its fork proofs if the other holds fewer. Where the peer's head at a seq I hold is not
my message at that seq, the author forked: I send mine at that seq, so the peer's ledger
holds both and keeps a fork proof (then gossiped to everyone). New messages are pushed eagerly (:meth:`Sync.push`),
skipping what the peer is known to hold.

Nothing here checks whether the session is open: the session asks only when it is.
"""
from __future__ import annotations

import hashlib
from collections import deque
from typing import Any, Protocol

from nosedive.core.messages import Message, decode_trusted
from nosedive.ledger import ForkProof
from nosedive.net.events import Event, Send
from nosedive.net.frames import KIND_FORK, FrameError, control, encode_frame, message_batches, pack_messages

__all__ = ["HEAD_PREFIX", "Store", "Sync", "digest_of", "fork_frame", "have_frame"]

HEAD_PREFIX = 32  # hex digits of a head id in ``have``: 128 bits tell two messages apart, half the bytes


class Store(Protocol):
    """What a session reads from the ledger (``nosedive.ledger.Ledger`` fits)."""

    def have(self, room: str) -> dict[str, tuple[int, str]]: ...
    def since(self, room: str, author: str, after_seq: int, limit: int = ...) -> list[bytes]: ...
    def forks(self, room: str) -> list[ForkProof]: ...
    def creator(self, room: str) -> str | None: ...


def digest_of(have: dict[str, tuple[int, str]], forks: int) -> str:
    """A cheap summary: equal digests mean equal ledgers for the room."""
    h = hashlib.sha256(b"nosedive/digest/v1\x00")
    for author in sorted(have):
        seq, head = have[author]
        h.update(f"{author}:{seq}:{head};".encode())
    h.update(f"forks:{forks}".encode())
    return h.hexdigest()


def have_frame(have: dict[str, tuple[int, str]], forks: int, *, reply: bool = False) -> Send:
    """The ``have`` control frame: seq and head id prefix per author, and the number of fork proofs."""
    frame: dict[str, Any] = {"t": "have", "have": {a: s for a, (s, _) in have.items()},
                             "heads": {a: h[:HEAD_PREFIX] for a, (_, h) in have.items()}, "forks": forks}
    if reply:
        frame["reply"] = True
    return Send(control(frame))


def fork_frame(proof: ForkProof) -> bytes:
    return encode_frame(KIND_FORK, pack_messages([proof.raw_a, proof.raw_b]))


class Sync:
    """Anti-entropy and eager push towards one peer, for one room."""

    def __init__(self, store: Store, room_id: str, backlog_batch: int) -> None:
        self.store, self.room_id, self.backlog_batch = store, room_id, backlog_batch
        self.peer_have: dict[str, int] = {}  # what the peer surely holds: its claims + streamed + sent us
        self._known: dict[str, int] = {}  # received from it: it surely holds these
        self._streamed: dict[str, int] = {}  # streamed to it in order: held unless a later have says not
        self._streamed_by_last_have: dict[str, int] = {}  # what had been streamed when its last have came
        self._pushed: dict[str, int] = {}  # eagerly pushed: may have been dropped under load
        self.peer_forks = 0
        self.claims: dict[str, int] = {}  # the peer's latest have vector, as it said it
        self.heard = False  # the peer's summary matched ours, or its have arrived: its claims are known
        self._backlog: deque[tuple[str, int, int]] = deque()  # (author, after_seq, up_to_seq)
        self._fork_backlog: deque[ForkProof] = deque()

    def _my_have(self) -> tuple[dict[str, tuple[int, str]], int]:
        return self.store.have(self.room_id), len(self.store.forks(self.room_id))

    # ------------------------------------------------------------ anti-entropy
    def summary(self) -> Send:
        """Our digest; a difference starts a have exchange."""
        have, forks = self._my_have()
        return Send(control({"t": "summary", "digest": digest_of(have, forks)}))

    def on_summary(self, frame: dict[str, Any]) -> list[Event]:
        have, forks = self._my_have()
        if frame.get("digest") == digest_of(have, forks):
            self.heard = True  # it holds exactly what I hold
            return []
        return [have_frame(have, forks)]

    def have(self) -> Send:
        """Our have, unasked: after a message that did not follow our copy of its chain, the
        peer compares heads and sends the message at the seq where the chains part."""
        return have_frame(*self._my_have())

    def on_have(self, frame: dict[str, Any]) -> list[Event]:
        """Plan the backlog of what the peer lacks; answer with our have if it holds more."""
        theirs, their_forks, heads = frame.get("have"), frame.get("forks", 0), frame.get("heads", {})
        if not isinstance(theirs, dict) or not isinstance(their_forks, int) or not isinstance(heads, dict):
            raise FrameError("have must map authors to sequence numbers (and heads to ids)")
        mine, forks = self._my_have()
        claims = {a: s for a, s in theirs.items() if isinstance(a, str) and isinstance(s, int) and s >= 0}
        # A fresh claim is the truth about pushes (a dropped push shows up here and is streamed
        # again). A stream sent in order counts as held while it may still be in flight, but not
        # once a have that came after a have of ours lacks it: the peer refused it (or holds it
        # for later, e.g. dated ahead of its clock), so it is streamed again, never stranded.
        self._streamed = {a: s if s <= claims.get(a, 0) or s > self._streamed_by_last_have.get(a, 0)
                          else claims.get(a, 0) for a, s in self._streamed.items()}
        self._streamed_by_last_have = dict(self._streamed)
        sure = {a: max(self._known.get(a, 0), self._streamed.get(a, 0)) for a in self._known.keys() | self._streamed}
        self.peer_have = {a: max(claims.get(a, 0), sure.get(a, 0)) for a in claims.keys() | sure.keys()}
        self._pushed = {}
        self.claims, self.heard = claims, True
        self.peer_forks = their_forks
        self._backlog.clear()
        creator = self.store.creator(self.room_id)
        proven = {proof.author for proof in self.store.forks(self.room_id)}  # forked already: nothing to show
        # The facilitator's chain first: it starts with the room's genesis, without which
        # a joiner can only hold everything else back.
        for author in sorted(mine, key=lambda a: (a != creator, a)):
            my_seq = mine[author][0]
            parted = 0 if author in proven else self._parted_at(author, claims.get(author, 0), heads.get(author),
                                                                 mine[author])
            if parted:  # only my message there: what follows it hangs off a fork and counts for nothing
                self._backlog.append((author, parted - 1, parted))
            elif my_seq > self.peer_have.get(author, 0):
                self._backlog.append((author, self.peer_have.get(author, 0), my_seq))
        if their_forks < forks:
            self._fork_backlog.extend(self.store.forks(self.room_id))
        if frame.get("reply") is True or not any(mine.get(a, (0, ""))[0] < s for a, s in claims.items()):
            return []
        # They hold something we lack: make sure they know what we have, once.
        return [have_frame(mine, forks, reply=True)]

    def _parted_at(self, author: str, their_seq: int, their_head: object, my_head: tuple[int, str]) -> int:
        """The seq (held by both) where the peer's chain of *author* is not mine; 0 if none is seen."""
        if not isinstance(their_head, str) or not their_head or their_seq == 0 or their_seq > my_head[0]:
            return 0  # an old peer, or it holds more: it compares when it reads my have
        if their_seq == my_head[0]:
            mine = my_head[1]
        else:
            raws = self.store.since(self.room_id, author, their_seq - 1, 1)
            mine = decode_trusted(raws[0]).id if raws else their_head
        return 0 if mine[:HEAD_PREFIX] == their_head[:HEAD_PREFIX] else their_seq

    # ------------------------------------------------------------ streaming
    @property
    def backlog_pending(self) -> bool:
        return bool(self._backlog or self._fork_backlog)

    def next_backlog_frames(self) -> list[bytes]:
        """The next frames of what the peer lacks (empty when done): up to ``backlog_batch`` messages,
        of as many authors as it takes (each in chain order), so a cold join of many short chains still
        gets full frames, which the receiver stores in pipelined chunks."""
        if self._fork_backlog:
            return [fork_frame(self._fork_backlog.popleft())]
        raws: list[bytes] = []
        while self._backlog and len(raws) < self.backlog_batch:
            author, after, up_to = self._backlog.popleft()
            more = self.store.since(self.room_id, author, after, self.backlog_batch - len(raws))
            if not more:
                continue  # nothing there any more (quarantined meanwhile): the next author's turn
            last = after + len(more)
            if last < up_to:
                self._backlog.appendleft((author, last, up_to))
            self._streamed[author] = max(self._streamed.get(author, 0), last)
            self.peer_have[author] = max(self.peer_have.get(author, 0), last)
            raws += more
        return list(message_batches(raws))

    def push(self, messages: list[Message]) -> list[Event]:
        """Frames of the new messages the peer is not known to hold."""
        fresh = [m for m in messages if m.room == self.room_id
                 and m.seq > max(self.peer_have.get(m.author, 0), self._pushed.get(m.author, 0))]
        for m in fresh:
            self._pushed[m.author] = max(self._pushed.get(m.author, 0), m.seq)
        return [Send(frame) for frame in message_batches(m.raw for m in fresh)]

    def lacks(self, have: dict[str, int]) -> dict[str, int]:
        """The part of *have* the peer is not known to hold: worth announcing."""
        return {a: s for a, s in have.items() if s > self.peer_have.get(a, 0)}

    def on_graft(self, have: dict[str, int]) -> None:
        """The peer holds this much of these authors and asks for the rest (its own word, like a have)."""
        mine = self.store.have(self.room_id)
        for author, seq in have.items():
            self.peer_have[author] = seq
            self._pushed.pop(author, None)
            my_seq = mine.get(author, (0, ""))[0]
            if my_seq > seq and not any(a == author and s <= seq for a, s, _ in self._backlog):
                self._backlog.append((author, seq, my_seq))

    def peer_holds(self, messages: list[Message]) -> None:
        """The peer sent us these, so it holds them: never push them back."""
        for m in messages:
            self._note_known(m.author, m.seq)

    def _note_known(self, author: str, seq: int) -> None:
        if seq > self._known.get(author, 0):
            self._known[author] = seq
        if seq > self.peer_have.get(author, 0):
            self.peer_have[author] = seq
