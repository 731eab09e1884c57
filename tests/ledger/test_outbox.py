"""Kept unsigned messages (ledger/outbox.py): durable, signed in order as my next messages, never twice."""
from __future__ import annotations

from pathlib import Path

import pytest

from nosedive.core.errors import NotFacilitatorError, StarsOutOfRangeError
from nosedive.core.identity import Identity
from nosedive.ledger import Ledger
from nosedive.ledger.outbox import Outbox
from tests.core.helpers import Author


def _room(ledger: Ledger) -> tuple[Identity, str, Identity]:
    host, me = Identity.generate(), Identity.generate()
    room = ledger.create_room(host, "Class 5B", {}).room
    return host, room, me


def test_kept_messages_survive_a_reopen_and_are_signed_oldest_first(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger:
        host, room, me = _room(ledger)
        ledger.append(me, room, "rate", {"subject": host.public_hex, "stars": 2})
        for stars in (5, 4, 3):
            Outbox(ledger).keep(me.public_hex, room, "rate", {"subject": host.public_hex, "stars": stars}, 1000 + stars)
    with Ledger(path) as ledger:  # another process, later: nothing was lost
        outbox = Outbox(ledger)
        assert [k.body["stars"] for k in outbox.waiting(me.public_hex, room)] == [5, 4, 3]
        signed = [outbox.sign_oldest(me, room, now=1004) for _ in range(3)]
        assert outbox.sign_oldest(me, room, now=1004) is None and outbox.count(me.public_hex, room) == 0
    assert [(m.seq, m.body["stars"], m.ts) for m in signed if m] == [(2, 5, 1004), (3, 4, 1004), (4, 3, 1003)], \
        "my next seqs, in the order made; dated when made, or at signing if that is earlier"
    assert signed[0] is not None and signed[1] is not None and signed[1].prev == signed[0].id


def test_a_message_that_could_never_be_signed_is_refused_at_once_and_one_that_no_longer_can_is_dropped(
        tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        host, room, me = _room(ledger)
        outbox = Outbox(ledger)
        with pytest.raises(StarsOutOfRangeError):
            outbox.keep(me.public_hex, room, "rate", {"subject": host.public_hex, "stars": 9}, 1)
        outbox.keep(me.public_hex, room, "announce", {"text": "only the facilitator may"}, 1)
        outbox.keep(me.public_hex, room, "friend", {"subject": Author().key, "on": True}, 2)
        with pytest.raises(NotFacilitatorError):
            outbox.sign_oldest(me, room, now=5)
        after = outbox.sign_oldest(me, room, now=5)  # the refused one does not block the ones behind it
        assert after is not None and after.type == "friend" and after.seq == 1
        assert outbox.count(me.public_hex, room) == 0 and ledger.head(room, me.public_hex)[0] == 1
