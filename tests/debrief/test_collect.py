"""The debrief depends on the messages alone: any arrival order gives the same document, byte for byte."""
from __future__ import annotations

import random
from pathlib import Path

from nosedive.core import paths
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.debrief import collect, export
from nosedive.debrief.tables import json_text
from nosedive.ledger.store import Ledger
from tests.debrief.classroom import classroom


def test_any_arrival_order_gives_the_same_debrief(tmp_path: Path) -> None:
    session = classroom(tmp_path / "first")
    shuffled = list(session.messages)
    random.Random(3).shuffle(shuffled)
    (tmp_path / "second").mkdir()
    with Ledger(paths.ledger_path(tmp_path / "second")) as other:
        for start in range(0, len(shuffled), 17):  # in batches, out of order: held until their gaps fill
            other.ingest_many(m.raw for m in shuffled[start:start + 17])
        assert other.count(session.room) == len(session.messages)
        second = json_text(collect(other, session.room))
    with Ledger(paths.ledger_path(tmp_path / "first")) as ledger:
        first = json_text(collect(ledger, session.room))
    assert first == second


def test_a_room_with_nobody_yet_has_an_empty_debrief(tmp_path: Path) -> None:
    with Ledger(paths.ledger_path(tmp_path)) as ledger:
        genesis = ledger.create_room(Identity.generate(), "Empty", load_preset("nosedive"))
        data = collect(ledger, genesis.room)
    assert data.moments == () and data.ratings == () and data.markers == ()
    assert data.message_count == 1
    written = export(data, tmp_path / "out")  # still a whole report, with empty charts
    assert written.report.is_file() and "Empty" in written.report.read_text(encoding="utf-8")
