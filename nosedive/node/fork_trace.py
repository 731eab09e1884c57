"""Finding the first seq where two copies of an author's chain part, so every node keeps that proof.

Sync compares heads: where a peer's head at a seq I hold is not my message there, I send mine and
the peer keeps a fork proof *at that seq*. The chains may part lower down: both copies then hold
different messages below it, and a verdict from that seq on would leave those counting differently
on each side — two hashes, for good. So when a new proof's message does not follow my message
before it, I send the peer my messages just below (:data:`WINDOW` of them). It stores a proof at each
seq where they differ; if the lowest of those still does not follow its copy, it sends me its own
messages below that, and so on: a few round trips end at the first seq where the chains part,
whose proof is then gossiped like any other (``forked_at`` is the lowest proof everywhere).
"""
from __future__ import annotations

from nosedive.core.messages import Message
from nosedive.ledger.store import Ledger
from nosedive.net.events import Event, Send
from nosedive.net.frames import message_batches

WINDOW = 64  # messages sent below a proof per round trip: a long offline fork takes few rounds


def below(ledger: Ledger, message: Message, window: int | None = None) -> list[Event]:
    """Frames of my copies of *message*'s author's messages just below its seq (at most *window*, or WINDOW)."""
    after = max(0, message.seq - 1 - (WINDOW if window is None else window))
    raws = ledger.since(message.room, message.author, after, message.seq - 1 - after)
    return [Send(frame) for frame in message_batches(raws)]
