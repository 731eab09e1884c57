"""A message dated ahead of the receiving clock is held, not refused, and released when the clock passes it."""
from __future__ import annotations

from pathlib import Path

from nosedive.core import messages as msgs
from nosedive.ledger.store import Ledger
from tests.core.helpers import FIXED_TS, Author

DAY = 24 * 3600 * 1000


def test_an_early_message_waits_for_the_clock_and_its_followers_with_it(tmp_path: Path) -> None:
    host, fast = Author(), None
    genesis = host.open_room()
    fast = Author(host.room)
    early = [fast.next("rate", {"subject": host.key, "stars": 5}, ts=FIXED_TS + DAY + i) for i in range(3)]
    fixed = [fast.next("rate", {"subject": host.key, "stars": 4}, ts=FIXED_TS + 10 + i) for i in range(3)]
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.ingest(genesis.raw, now=FIXED_TS)
        report = ledger.ingest_many([m.raw for m in early + fixed], now=FIXED_TS)
        assert not report.errors and not report.added
        assert (report.held, report.early) == (6, 1)  # the first waits for the clock, the rest behind it
        assert ledger.pending_count() == 6
        # Not yet: a minute short of the first one's time less the tolerance.
        short = FIXED_TS + DAY - msgs.FUTURE_TOLERANCE_MS - 60_000
        assert not ledger.release_due(now=short).added
        assert ledger.head(host.room, fast.key)[0] == 0
        released = ledger.release_due(now=FIXED_TS + DAY - msgs.FUTURE_TOLERANCE_MS + 2)
        assert [m.seq for m in released.added] == [1, 2, 3, 4, 5, 6]
        assert ledger.pending_count() == 0 and ledger.head(host.room, fast.key)[0] == 6
        print(f"\n6 held at {FIXED_TS}; none released at +{(short - FIXED_TS) // 60000} min; "
              f"all 6 at the first's ts - {msgs.FUTURE_TOLERANCE_MS // 60000} min")


def test_an_early_message_released_by_its_gap_filling_waits_again(tmp_path: Path) -> None:
    host = Author()
    genesis = host.open_room()
    person = Author(host.room)
    first = person.next("profile", {"name": "Ana"})
    late = person.next("rate", {"subject": host.key, "stars": 5}, ts=FIXED_TS + DAY)
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.ingest(genesis.raw, now=FIXED_TS)
        assert ledger.ingest(late.raw, now=FIXED_TS).held == 1  # ahead of a gap and early
        assert [m.seq for m in ledger.ingest(first.raw, now=FIXED_TS).added] == [1]
        assert ledger.pending_count() == 1 and ledger.head(host.room, person.key)[0] == 1
        assert [m.seq for m in ledger.release_due(now=FIXED_TS + DAY).added] == [2]


def test_a_full_hold_queue_refuses_an_early_message_by_its_timestamp(tmp_path: Path) -> None:
    host = Author()
    genesis = host.open_room()
    person = Author(host.room)
    early = person.next("rate", {"subject": host.key, "stars": 5}, ts=FIXED_TS + DAY)
    with Ledger(tmp_path / "ledger.sqlite3", max_pending=0) as ledger:
        ledger.ingest(genesis.raw, now=FIXED_TS)
        report = ledger.ingest_many([early.raw], now=FIXED_TS)
        assert report.errors and report.errors[0][1].code == "future-timestamp"
