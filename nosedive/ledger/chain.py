"""The chain rules, without storage: where a message goes given what the ledger already holds.

Each author has one chain per room: seq 1, 2, 3… each naming the id of the one before as
``prev``. Given the author's current head, the room's creator and one message, :func:`judge`
says what to do with it:

- ``ACCEPT``: it is the next link — verify its signature and store it;
- ``HOLD``: it is ahead of a gap (or its room's genesis has not arrived) — keep it aside;
- ``DUPLICATE``: the very message is already stored — nothing to do;
- ``FORK``: a *different* message is stored at its seq — the author equivocated;
- refused: it cannot be stored at all; the reason is raised (:class:`PrevMismatchError`,
  :class:`NotFacilitatorError`) and ends up in the ingest report.

The ledger (:mod:`nosedive.ledger.store`) asks and acts; nothing here touches SQLite.
"""
from __future__ import annotations

import enum
from collections.abc import Callable

from nosedive.core.errors import ForkError, MalformedError, NotFacilitatorError, PrevMismatchError
from nosedive.core.i18n import N_, _
from nosedive.core.messages import Message
from nosedive.ledger.records import ChainHead


class Verdict(enum.Enum):
    ACCEPT = "accept"
    HOLD = "hold"
    DUPLICATE = "duplicate"
    FORK = "fork"


def judge(
    message: Message, *, creator: str | None, head: ChainHead, stored_id: Callable[[int], str]
) -> Verdict:
    """Where *message* goes, given its author's *head* and the room's *creator* (None: room unknown).

    *stored_id* gives the id stored at a seq at or below the head; it is only asked when the
    message's seq is already taken, so the caller's lookup stays off the common path.
    """
    if creator is None and not message.is_genesis:
        return Verdict.HOLD  # the room's genesis has not arrived: nothing to check it against yet
    if message.seq <= head.seq:
        return Verdict.DUPLICATE if stored_id(message.seq) == message.id else Verdict.FORK
    if message.seq > head.seq + 1:
        return Verdict.HOLD
    if message.prev != head.id:
        raise PrevMismatchError(
            _("message {seq} of {author} does not follow its previous message").format(
                seq=message.seq, author=message.author[:12])
        )
    check_may_post(message.type, message.author, creator)
    return Verdict.ACCEPT


FACILITATOR_ONLY = {"policy": N_("change its policy"), "admit": N_("let people in"), "expel": N_("expel people"),
                    "round": N_("start, pause or end rounds"), "announce": N_("make announcements"),
                    "role": N_("grant or take back roles"), "penalty": N_("impose penalties")}


def check_may_post(type: str, author: str, creator: str | None) -> None:
    """Refuse what only the room's facilitator (its creator) may post."""
    if type in FACILITATOR_ONLY and author != creator:
        raise NotFacilitatorError(_("only the room's facilitator may {action}").format(
            action=_(FACILITATOR_ONLY[type])))


def next_link(head: ChainHead) -> ChainHead:
    """The (seq, prev) of the message that extends a chain whose head is *head*."""
    return ChainHead(head.seq + 1, head.id)


def ingest_order(message: Message) -> tuple[bool, str, str, int]:
    """Sort key for a batch: genesis messages first, then each chain in seq order.

    Sorted, a batch mostly links on directly instead of passing through the hold queue.
    """
    return (not message.is_genesis, message.room, message.author, message.seq)


def fork_error(message: Message) -> ForkError:
    return ForkError(
        _("{author} signed two different messages at seq {seq}; kept as fork proof").format(
            author=message.author[:12], seq=message.seq)
    )


def refuse_hold_after_fork(message: Message, forked_at: int | None) -> None:
    """Messages from an author's fork on may hang off either branch and count for nothing: never hold them."""
    if forked_at is not None and message.seq >= forked_at:
        raise ForkError(_("{author} forked at seq {forked_at}; later messages are not held").format(
            author=message.author[:12], forked_at=forked_at))


def check_fork_proof(a: Message, b: Message) -> None:
    """Refuse a gossiped proof unless it is two different messages with one author, room and seq."""
    if (a.room, a.author, a.seq) != (b.room, b.author, b.seq) or a.id == b.id:
        raise MalformedError(_("a fork proof needs two different messages with one author, room and seq"))


def canonical_pair(raw_a: bytes, raw_b: bytes) -> tuple[bytes, bytes]:
    """The two sides of a fork proof in one order, so every node keeps the same proof."""
    first, second = sorted((raw_a, raw_b))
    return first, second
