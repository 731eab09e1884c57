"""The facilitator's rounds, announcements and rule changes as the snapshot shows them."""
from __future__ import annotations

from pathlib import Path

from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.room.snapshot import RoundInfo
from nosedive.room.view import RoomView
from nosedive.scoring.rounds import MINUTE_MS

TS = 1_767_225_600_000


def test_the_round_in_the_snapshot_follows_the_facilitator(tmp_path: Path) -> None:
    host, lacie = Identity.generate(), Identity.generate()
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        room = ledger.create_room(host, "Class 5B", load_preset("nosedive-harsh")).room
        view = RoomView(ledger, room, lacie.public_hex)
        assert view.snapshot(now=TS).round == RoundInfo()  # no rounds: rating open, nothing to say

        def post(action: str, ts: int, minutes: int | None = None) -> None:
            body: dict[str, object] = {"action": action} | ({} if minutes is None else {"minutes": minutes})
            view.apply([ledger.append(host, room, "round", body, ts=ts)])

        post("start", TS, minutes=10)
        assert view.snapshot(now=TS + 1).round == RoundInfo(1, "running", TS + 10 * MINUTE_MS, True, "",
                                                            "Round 1: double damage")
        assert view.snapshot(now=TS + 10 * MINUTE_MS).round.reason == (
            "Round 1's time is up; wait for the facilitator to start the next round")
        post("pause", TS + 60_000)
        paused = view.snapshot(now=TS + 61_000).round
        assert (paused.state, paused.rating_open) == ("paused", False)
        assert paused.reason == "Rating is paused by the facilitator (round 1); wait for it to resume"
        post("end", TS + 62_000)
        assert view.snapshot(now=TS + 63_000).round.reason.startswith("Round 1 has ended")
        post("start", TS + 64_000)
        assert view.snapshot(now=TS + 65_000).round.label == "Round 2: double damage"
        feed = [item.detail for item in view.snapshot().feed if item.type == "round"]
        assert feed == ["Round 1 started. Rating closes in 10 minutes.", "Rating is paused (round 1).",
                        "Round 1 ended.", "Round 2 started."]


def test_announcements_and_rule_changes_reach_the_snapshot_in_sentences(tmp_path: Path) -> None:
    host, lacie = Identity.generate(), Identity.generate()
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        room = ledger.create_room(host, "Class 5B", load_preset("nosedive")).room
        ledger.append(lacie, room, "profile", {"name": "Lacie"})
        for n in range(25):
            ledger.append(host, room, "announce", {"text": f"notice {n}"})
        ledger.append(host, room, "policy", {"policy": load_preset("nosedive-harsh")})
        ledger.append(host, room, "expel", {"subject": lacie.public_hex})
        snap = RoomView(ledger, room, lacie.public_hex).snapshot()
        assert [a.text for a in snap.announcements] == [f"notice {n}" for n in range(5, 25)]  # the latest 20
        details = {item.type: item.detail for item in snap.feed}
        assert details["announce"] == "Announcement: notice 24"
        assert details["policy"] == ("The rules changed: they are now called “Nosedive, harsh (double damage)”; "
                                     "double damage is now on (ratings of 2★ or less count double for 24 hours "
                                     "after the first).")
        assert details["expel"] == "Lacie was expelled: nothing of theirs counts."
        assert details["profile"] == ""
