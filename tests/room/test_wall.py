"""The wall's boards from a real classroom ledger: who is shamed and why, the red list, the ticker, doors."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from nosedive.core import paths
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.room.snapshot import RoomSnapshot
from nosedive.room.view import RoomView
from nosedive.room.wall import WallBoards
from tests.debrief.classroom import BASE_TS, HOSTILE, MINUTE, classroom

HEX_ID = re.compile(r"[0-9a-f]{64}")


def _snapshot(tmp_path: Path, *, here: bool = True) -> tuple[RoomSnapshot, dict[str, Identity]]:
    session = classroom(tmp_path)
    with Ledger(paths.ledger_path(tmp_path)) as ledger:
        view = RoomView(ledger, session.room, Identity.generate().public_hex)  # the wall: nobody in the room
        snap = view.snapshot(now=BASE_TS + 31 * MINUTE)
    if here:  # the classroom's messages are old: mark everyone present, as a live room would
        snap = dataclasses.replace(snap, people=tuple(dataclasses.replace(p, left=False) for p in snap.people))
    return snap, session.people


def test_the_underclass_is_shamed_with_why_and_the_top_is_on_the_red_list(tmp_path: Path) -> None:
    snap, people = _snapshot(tmp_path)
    board = WallBoards().board(snap)
    gus = board.shame[0]
    assert gus.label == "Gus" and gus.fallen and gus.grade == "Underclass"
    assert re.fullmatch(r"\d+ people gave ★[★☆]{4}( or less)?", gus.why), gus.why
    ranked = snap.scores.ranking()
    top = snap.scores.score(ranked[0]).final
    assert board.red[0].key == ranked[0] and board.red[0].score == snap.scores.format(top)
    assert not {e.key for e in board.shame} & {e.key for e in board.red}
    assert [e.label for e in board.red].count(HOSTILE) <= 1  # the hostile name is just a name


def test_the_wall_names_people_by_label_only(tmp_path: Path) -> None:
    snap, people = _snapshot(tmp_path)
    board = WallBoards().board(snap)
    texts = [board.room_name, *(t for e in (*board.shame, *board.red) for t in (e.label, e.why)),
             *(line.text for line in board.ticker)]
    fingerprints = {p.fingerprint for p in snap.people}
    assert board.ticker and all(not HEX_ID.search(text) for text in texts)
    assert all(fp not in text for text in texts for fp in fingerprints)
    assert snap.me not in {e.key for e in (*board.shame, *board.red)}  # the wall itself is on no list


def test_who_left_a_while_ago_is_off_the_wall_but_still_scored(tmp_path: Path) -> None:
    snap, _ = _snapshot(tmp_path, here=False)
    assert all(p.left for p in snap.people if p.key != snap.me)  # 30 minutes of policy fade long over
    board = WallBoards().board(snap)
    assert board.shame == () and board.red == () and board.people == 0
    assert snap.scores.score(next(p.key for p in snap.people if p.name == "Gus")).final < snap.scores.policy.prior_value


def test_a_door_that_closes_is_said_once(tmp_path: Path) -> None:
    snap, _ = _snapshot(tmp_path)
    clock = [1000.0]
    boards = WallBoards(clock=lambda: clock[0])
    assert boards.board(snap).doors == ()
    # the same room under harsher doors: every door above 3.5 closes for whoever stood between
    harsh = dataclasses.replace(snap.scores.policy, tiers=tuple(dataclasses.replace(t, min=t.min + 2_000_000)
                                                                 for t in snap.scores.policy.tiers))
    closed = dataclasses.replace(snap, scores=dataclasses.replace(snap.scores, policy=harsh))
    doors = boards.board(closed).doors
    assert doors and all(line.text.endswith(" locked") and not HEX_ID.search(line.text) for line in doors)
    assert boards.board(closed).doors == doors  # said once, kept for a while
    clock[0] += 60
    assert boards.board(closed).doors == ()


def test_left_follows_the_policys_fade_time(tmp_path: Path) -> None:
    session = classroom(tmp_path)
    with Ledger(paths.ledger_path(tmp_path)) as ledger:
        view = RoomView(ledger, session.room, Identity.generate().public_hex)
    last = BASE_TS + 30 * MINUTE  # the facilitator's last message: the round's end
    boss = session.facilitator.public_hex
    fade = view.engine.policy.fade_after_minutes
    assert fade == 30  # the default: no room's digest carries it unless the facilitator sets it
    assert not next(p for p in view.people(now=last + (fade - 1) * MINUTE) if p.key == boss).left
    assert next(p for p in view.people(now=last + (fade + 1) * MINUTE) if p.key == boss).left
    here = view.people(frozenset({boss}), now=last + 5 * fade * MINUTE)  # online now: never left
    assert not next(p for p in here if p.key == boss).left
