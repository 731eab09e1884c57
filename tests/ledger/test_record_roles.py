"""Roles and penalties are the facilitator's alone, like policy: refused from anyone else on ingest and
on append; reports, confirmations, appeals and rulings stay open to everyone (scoring decides what counts)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nosedive.core.errors import NotFacilitatorError
from nosedive.core.policy import load_preset
from nosedive.ledger import chain
from nosedive.ledger.store import Ledger
from tests.core.helpers import Author

RECORD = "ab" * 32


@pytest.fixture()
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(tmp_path / "ledger.sqlite3") as opened:
        yield opened


def _bodies(subject: str) -> dict[str, tuple[dict[str, object], str]]:
    return {"role": ({"subject": subject, "role": "collector", "on": True}, "grant or take back roles"),
            "penalty": ({"subject": subject, "penalty": "travel blacklist"}, "impose penalties")}


@pytest.mark.parametrize("type_", ["role", "penalty"])
def test_only_the_facilitator_may_ingest_a_role_or_penalty(ledger: Ledger, type_: str) -> None:
    host = Author()
    genesis = host.open_room()
    ledger.ingest(genesis.raw)
    intruder, victim = Author(genesis.room), Author(genesis.room)
    body, says = _bodies(victim.key)[type_]
    with pytest.raises(NotFacilitatorError, match=says):
        ledger.ingest(intruder.next(type_, body).raw)
    ledger.ingest(host.next(type_, body).raw)
    assert [m.type for _, m in ledger.messages(genesis.room)] == ["room", type_]


@pytest.mark.parametrize("type_", ["role", "penalty"])
def test_only_the_facilitator_may_append_a_role_or_penalty(ledger: Ledger, type_: str) -> None:
    host, member = Author(), Author()
    room = ledger.create_room(host.identity, "City", load_preset("city")).room
    body, _ = _bodies(host.key)[type_]
    with pytest.raises(NotFacilitatorError):
        ledger.append(member.identity, room, type_, body)
    assert ledger.have(room).get(member.key) is None  # the refused append left nothing behind
    ledger.append(host.identity, room, type_, _bodies(member.key)[type_][0])
    assert [m.type for _, m in ledger.messages(room)] == ["room", type_]


@pytest.mark.parametrize("type_", ["report", "confirm", "appeal", "ruling"])
def test_reports_and_appeals_stay_open_to_everyone(type_: str) -> None:
    assert type_ not in chain.FACILITATOR_ONLY
    chain.check_may_post(type_, Author().key, Author().key)
