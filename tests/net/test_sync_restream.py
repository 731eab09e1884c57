"""A stream the peer did not take (refused, or held for later) is streamed again at the next exchange."""
from __future__ import annotations

from pathlib import Path

from nosedive.ledger.store import Ledger
from nosedive.net.sync import Sync
from tests.core.helpers import Author


def test_a_stream_counts_as_held_while_in_flight_but_not_once_a_later_have_lacks_it(tmp_path: Path) -> None:
    host = Author()
    stream = [host.open_room()] + [host.next("profile", {"name": f"Host {i}"}) for i in range(3)]
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.ingest_many([m.raw for m in stream])
        sync = Sync(ledger, host.room, backlog_batch=500)
        sync.on_have({"have": {}, "heads": {}, "forks": 0})
        assert sync.next_backlog_frames() and not sync.backlog_pending  # all 4 streamed
        sync.on_have({"have": {}, "heads": {}, "forks": 0})  # sent before my stream arrived: in flight
        assert not sync.backlog_pending
        sync.on_have({"have": {}, "heads": {}, "forks": 0})  # still lacking one exchange later: not taken
        assert sync.backlog_pending and sync.next_backlog_frames()
        sync.on_have({"have": {host.key: 4}, "heads": {}, "forks": 0})  # taken at last: nothing more
        assert not sync.backlog_pending
