"""Plumtree dissemination (Leitão et al. 2007, the basis of Scuttlebutt's EBT) as a plain object.

Each new message is pushed whole along *eager* links — which prune themselves into a spanning tree —
and announced by a short ``ihave`` (author → seq) on a few *lazy* links. A node announced a message
it still lacks after :data:`GRAFT_AFTER` seconds *grafts* the announcer's link (asks for what follows
what it holds, and makes the link eager); a link that pushes a node a batch it held already is
*pruned* to lazy, at both ends — except a spoke of an author's star (see :meth:`Plumtree.duplicate`).
Anti-entropy (:mod:`nosedive.net.sync`) stays behind it all as the
safety net, so what the tree misses still arrives.

There is one tree per author (a *root*, as in riak_core's broadcast), so that when everyone rates at
once a link pruned because one author's messages came twice stays eager for the authors it is the
only way of. A tree starts as a star: the author's links are all eager in its own tree and every
other link is lazy, so where everyone is connected to everyone (a classroom LAN) each message goes
once, straight from its author, to each peer. Where they are not, the announcements graft relays
into the tree, hop by hop, and it grows as far as it must.

No sockets, no clock, no loop: peers are their keys; the node's adapter
(:mod:`nosedive.node.dissemination`) calls in with the time and carries out the actions it gets back.
The links' two states and what moves a link between them are in :data:`MOVES`, and only
:meth:`Plumtree._move` changes a link.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from nosedive.net.frames import FrameError

__all__ = ["ANNOUNCE_EVERY", "GRAFT_AFTER", "LAZY_FANOUT", "MAX_ANNOUNCED", "MOVES", "TREE_FRAMES",
           "Action", "Announce", "Graft", "Link", "Plumtree", "Prune", "Why", "parse_tree_frame"]

LAZY_FANOUT = 3  # lazy links told about each new message (at random): O(N) announcements, not O(N²)
GRAFT_AFTER = 1.0  # seconds an announced message may take to arrive by the tree before the link is grafted
ANNOUNCE_EVERY = 0.5  # announcements are gathered this long and sent as one ihave per link
MAX_ANNOUNCED = 1024  # authors in one ihave or graft frame
MAX_SEQ = 2**53 - 1
TREE_FRAMES = frozenset({"ihave", "graft", "prune"})


class Link(StrEnum):
    """How a node sends new messages along one link; the values are the words the logs use."""

    EAGER = "eager"  # whole messages: a branch of the tree
    LAZY = "lazy"  # ihave announcements only (to a few lazy links per message)


class Why(StrEnum):
    """What moves a link."""

    DUPLICATE = "duplicate"  # it pushed me a batch I held already: I prune it
    PRUNED = "pruned"  # it pruned me
    GRAFTING = "grafting"  # it announced what the tree did not bring me in time: I graft it
    GRAFTED = "grafted"  # it grafted me


#: The one table of moves: whatever a link was, this is what it becomes.
MOVES: Mapping[Why, Link] = {Why.DUPLICATE: Link.LAZY, Why.PRUNED: Link.LAZY,
                             Why.GRAFTING: Link.EAGER, Why.GRAFTED: Link.EAGER}


@dataclass(frozen=True)
class Announce:
    """Send ``ihave`` to *peer*: what I hold of these authors (up to seq)."""

    peer: str
    have: dict[str, int]


@dataclass(frozen=True)
class Graft:
    """Send ``graft`` to *peer*: what I hold of these authors (it sends what follows, and pushes to me)."""

    peer: str
    have: dict[str, int]


@dataclass(frozen=True)
class Prune:
    """Send ``prune`` to *peer*: it stops pushing me these authors' messages (what I hold of them)."""

    peer: str
    have: dict[str, int]


Action = Announce | Graft | Prune


@dataclass
class _Missing:
    """An author's messages announced to me and not yet here."""

    seq: int  # the highest seq announced
    due: float  # when to graft the next announcer
    announcers: list[str] = field(default_factory=list)  # in the order they announced


def parse_tree_frame(frame: dict[str, Any]) -> dict[str, int]:
    """The author → seq map of an ``ihave``, ``graft`` or ``prune``, or a :class:`FrameError` saying
    what is wrong: at most :data:`MAX_ANNOUNCED` authors of 64 lower-case hex, seqs 0 … 2^53−1."""
    have = frame.get("have")
    if not isinstance(have, dict) or len(have) > MAX_ANNOUNCED or not all(
            isinstance(a, str) and len(a) == 64 and all(c in "0123456789abcdef" for c in a)
            and type(s) is int and 0 <= s <= MAX_SEQ for a, s in have.items()):
        raise FrameError(f"{frame['t']} must map at most {MAX_ANNOUNCED} authors (64 lower-case hex) "
                         f"to sequence numbers 0 to 2^53-1")
    return dict(have)


class Plumtree:
    """One node's links, per author, and the announcements it waits on. :attr:`held`: author → seq."""

    def __init__(self, me: str, *, lazy_fanout: int = LAZY_FANOUT, graft_after: float = GRAFT_AFTER,
                 announce_every: float = ANNOUNCE_EVERY, rng: random.Random | None = None) -> None:
        self.me, self.lazy_fanout = me, lazy_fanout
        self.graft_after, self.announce_every = graft_after, announce_every
        self.links: set[str] = set()  # the open links
        self.roots: dict[str, dict[str, Link]] = {}  # author -> peer -> link, once the author is seen
        self.held: dict[str, int] = {}
        self._missing: dict[str, _Missing] = {}
        self._queued: dict[str, dict[str, int]] = {}  # lazy announcements waiting, per peer
        self._flush_at: float | None = None
        self._rng = rng or random.Random()
        self.moves: dict[Why, int] = dict.fromkeys(Why, 0)  # how often each move happened: for logs and tests

    # ------------------------------------------------------------ links
    def reset(self, held: Mapping[str, int]) -> None:
        """A room entered (or re-read): this is what the node holds; nothing is awaited any more."""
        self.held = dict(held)
        self.roots.clear()
        self._missing.clear()
        self._queued.clear()

    def _start(self, author: str, peer: str) -> Link:
        """How a link starts out in *author*'s tree: the star around the author."""
        return Link.EAGER if author in (self.me, peer) else Link.LAZY

    def up(self, peer: str) -> None:
        """A link opened: it joins every tree as the star says (eager in mine and in its own)."""
        self.links.add(peer)
        for author, links in self.roots.items():
            links.setdefault(peer, self._start(author, peer))

    def down(self, peer: str) -> None:
        """A link closed: its messages come by another link (an announcer) or by anti-entropy."""
        self.links.discard(peer)
        for links in self.roots.values():
            links.pop(peer, None)
        self._queued.pop(peer, None)
        for missing in self._missing.values():
            if peer in missing.announcers:
                missing.announcers.remove(peer)

    def root(self, author: str) -> dict[str, Link]:
        """The links of *author*'s tree (a star around the author the first time)."""
        links = self.roots.get(author)
        if links is None:
            links = self.roots[author] = {peer: self._start(author, peer) for peer in self.links}
        return links

    def eager(self, author: str) -> list[str]:
        return [peer for peer, link in self.root(author).items() if link is Link.EAGER]

    def _move(self, author: str, peer: str, why: Why) -> None:
        """Move *peer*'s link in *author*'s tree as :data:`MOVES` says (the only place a link changes)."""
        links = self.root(author)
        if peer in links:
            links[peer] = MOVES[why]
            self.moves[why] += 1

    # ------------------------------------------------------------ messages
    def deliver(self, source: str | None, messages: Iterable[tuple[str, int]], now: float) -> list[str]:
        """New messages (author, seq) the node stored, from *source* (None: mine, or a shell's). Returns
        the links to push them to (eager in some of their authors' trees; each session skips what its
        peer holds); a few lazy links per author get them announced (see :meth:`tick`)."""
        fresh: dict[str, int] = {}
        for author, seq in messages:
            if seq > self.held.get(author, 0):
                self.held[author] = fresh[author] = seq
            missing = self._missing.get(author)
            if missing is not None and self.held.get(author, 0) >= missing.seq:
                del self._missing[author]
        push: set[str] = set()
        for author, seq in fresh.items():
            links = self.root(author)  # never back to the source, nor to the author: it signed them
            push.update(peer for peer, link in links.items() if link is Link.EAGER and peer not in (source, author))
            lazy = sorted(peer for peer, link in links.items() if link is Link.LAZY and peer != source)
            for peer in self._rng.sample(lazy, min(self.lazy_fanout, len(lazy))):
                queue = self._queued.setdefault(peer, {})
                queue[author] = max(queue.get(author, 0), seq)
        if self._queued and self._flush_at is None:
            self._flush_at = now + self.announce_every
        return sorted(push)

    def duplicate(self, peer: str, authors: Mapping[str, int]) -> list[Action]:
        """*peer* sent me messages of *authors* that I held already: prune it from the trees where it is
        an eager link (it pushed them), but never a spoke of an author's star: neither the author's
        own link nor, in my own tree, any link (my messages go straight to every peer; one pushed back
        to me is an echo, and pruning for it would leave that peer to announcements). A lazy link sent
        what I had asked for by a have or a graft, and crossed the tree's push: no prune."""
        if peer not in self.links:
            return []
        pruned = {author: seq for author, seq in authors.items()
                  if author not in (peer, self.me) and self.root(author).get(peer) is Link.EAGER}
        for author in pruned:
            self._move(author, peer, Why.DUPLICATE)
        return [Prune(peer, pruned)] if pruned else []

    def pruned(self, peer: str, authors: Mapping[str, int]) -> None:
        for author in authors:
            self._move(author, peer, Why.PRUNED)

    def grafted(self, peer: str, authors: Mapping[str, int]) -> None:
        for author in authors:
            self._move(author, peer, Why.GRAFTED)

    def announced(self, peer: str, have: Mapping[str, int], now: float) -> None:
        """*peer* holds these: wait for what I lack to come by the tree, and graft it if it does not."""
        for author, seq in have.items():
            if seq <= self.held.get(author, 0):
                continue
            missing = self._missing.get(author)
            if missing is None:
                missing = self._missing[author] = _Missing(seq, now + self.graft_after)
            missing.seq = max(missing.seq, seq)
            if peer not in missing.announcers:
                missing.announcers.append(peer)

    # ------------------------------------------------------------ time
    def next_due(self) -> float | None:
        """When :meth:`tick` has something to do (None: nothing is waiting)."""
        times = [m.due for m in self._missing.values()]
        if self._flush_at is not None:
            times.append(self._flush_at)
        return min(times, default=None)

    def tick(self, now: float) -> list[Action]:
        """Grafts for announcements overdue (one announcer each, the next one after another wait),
        and the gathered announcements once they are due."""
        actions: list[Action] = []
        grafts: dict[str, dict[str, int]] = {}
        for author, missing in list(self._missing.items()):
            if missing.due > now:
                continue
            if not missing.announcers:
                del self._missing[author]  # nobody left to ask: anti-entropy brings it
                continue
            peer = missing.announcers.pop(0)
            missing.due = now + self.graft_after
            if peer in self.links:
                grafts.setdefault(peer, {})[author] = self.held.get(author, 0)
        for peer, have in grafts.items():
            for author in have:
                self._move(author, peer, Why.GRAFTING)
            actions.append(Graft(peer, have))
        if self._flush_at is not None and self._flush_at <= now:
            actions += [Announce(peer, have) for peer, have in self._queued.items() if peer in self.links]
            self._queued.clear()
            self._flush_at = None
        return actions
