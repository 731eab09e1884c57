"""Admit and expel are the facilitator's alone, like policy: refused from anyone else on ingest and on append."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nosedive.core.errors import MalformedError, NotFacilitatorError, WeakKeyError
from nosedive.core.policy import load_preset
from nosedive.ledger import chain
from nosedive.ledger.store import Ledger
from tests.core.helpers import Author


@pytest.fixture()
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(tmp_path / "ledger.sqlite3") as opened:
        yield opened


@pytest.mark.parametrize("verdict", ["admit", "expel"])
def test_only_the_facilitator_may_ingest_a_verdict(ledger: Ledger, verdict: str) -> None:
    host = Author()
    genesis = host.open_room()
    ledger.ingest(genesis.raw)
    intruder, joiner = Author(genesis.room), Author(genesis.room)
    with pytest.raises(NotFacilitatorError, match="only the room's facilitator"):
        ledger.ingest(intruder.next(verdict, {"subject": joiner.key}).raw)
    ledger.ingest(host.next(verdict, {"subject": joiner.key}).raw)
    assert [m.type for _, m in ledger.messages(genesis.room)] == ["room", verdict]


@pytest.mark.parametrize("verdict", ["admit", "expel"])
def test_only_the_facilitator_may_append_a_verdict(ledger: Ledger, verdict: str) -> None:
    host, joiner = Author(), Author()
    room = ledger.create_room(host.identity, "Class 5B", load_preset("nosedive")).room
    with pytest.raises(NotFacilitatorError):
        ledger.append(joiner.identity, room, verdict, {"subject": host.key})
    ledger.append(host.identity, room, verdict, {"subject": joiner.key})
    assert [m.type for _, m in ledger.messages(room)] == ["room", verdict]
    assert ledger.have(room).get(joiner.key) is None  # the refused append left nothing behind


def test_a_verdict_about_oneself_or_without_a_key_is_malformed(ledger: Ledger) -> None:
    host = Author()
    room = ledger.create_room(host.identity, "Class 5B", load_preset("nosedive")).room
    with pytest.raises(MalformedError, match="always in the room"):
        ledger.append(host.identity, room, "expel", {"subject": host.key})
    with pytest.raises(WeakKeyError):
        ledger.append(host.identity, room, "admit", {"subject": "nobody"})
    chain.check_may_post("rate", Author().key, host.key)  # the rest stays open to everyone
