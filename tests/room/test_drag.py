"""The snapshot carries the drag view's numbers, equal to explain() and what_if_unfriend() done by hand."""
from __future__ import annotations

import ast
from pathlib import Path

from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.room.view import RoomView
from nosedive.scoring.explain import explain, what_if_unfriend

UI = Path(__file__).resolve().parents[2] / "ui"


def _room_with_a_low_friend(ledger: Ledger, raters: int = 10) -> tuple[RoomView, Identity, Identity, Identity]:
    """*raters* people rate me and Ann five stars and Lou one star; I befriend Lou (low) and Ann (level)."""
    me, lou, ann = (Identity.generate() for _ in range(3))
    room = ledger.create_room(me, "Tiers", load_preset("nosedive")).room
    for who, name in ((me, "Mia"), (lou, "Lou"), (ann, "Ann")):
        ledger.append(who, room, "profile", {"name": name})
    for rater in (Identity.generate() for _ in range(raters)):
        for subject, stars in ((me, 5), (lou, 1), (ann, 5)):
            ledger.append(rater, room, "rate", {"subject": subject.public_hex, "stars": stars})
    for friend in (lou, ann):
        ledger.append(me, room, "friend", {"subject": friend.public_hex, "on": True})
        ledger.append(friend, room, "friend", {"subject": me.public_hex, "on": True})
    return RoomView(ledger, room, me.public_hex), me, lou, ann


def _assert_equals_explain_and_what_ifs(view: RoomView) -> None:
    snap = view.snapshot()
    table, summary, me = snap.scores, snap.drag, snap.me
    assert summary.person == me
    assert tuple(pull.part for pull in summary.friends) == explain(table, me).friends
    before = {tier.name: tier.state for tier in table.tiers(me)}
    for pull in summary.friends:
        direct = what_if_unfriend(table, me, pull.friend)
        assert pull.without == direct.after
        assert pull.would_open == tuple(t.name for t in direct.tiers if t.state == "open" and before[t.name] != "open")
        assert pull.would_close == tuple(t.name for t in direct.tiers if t.state != "open" and before[t.name] == "open")
    assert sum(pull.drag for pull in summary.friends) == table.score(me).drag


def test_the_drag_summary_equals_explain_and_the_what_ifs(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        view, me, lou, ann = _room_with_a_low_friend(ledger)
        _assert_equals_explain_and_what_ifs(view)
        snap = view.snapshot()
        lou_pull, ann_pull = snap.drag.friends  # the hardest pull first
        assert (lou_pull.friend, ann_pull.friend) == (lou.public_hex, ann.public_hex)
        assert lou_pull.drag < 0 and lou_pull.without.final > snap.scores.score(me.public_hex).final
        assert lou_pull.would_open == ("Deposit-free rentals",) and lou_pull.would_close == ()  # Lou keeps it shut
        assert ann_pull.drag == 0 and ann_pull.would_open == ann_pull.would_close == ()


def test_a_level_friend_who_halves_a_low_friends_pull_keeps_a_door_open(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        view, _, lou, ann = _room_with_a_low_friend(ledger, raters=5)
        _assert_equals_explain_and_what_ifs(view)
        ann_pull = next(pull for pull in view.snapshot().drag.friends if pull.friend == ann.public_hex)
        assert ann_pull.drag == 0 and ann_pull.would_close == ("Bank loan",)  # Lou would pull alone


def test_the_summary_follows_the_scores_and_is_reused_while_they_stand(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        view, me, lou, _ = _room_with_a_low_friend(ledger)
        first = view.snapshot().drag
        assert view.snapshot().drag is first  # nothing new: not recomputed
        view.apply([ledger.append(me, view.room_id, "friend", {"subject": lou.public_hex, "on": False})])
        assert lou.public_hex not in {pull.friend for pull in view.snapshot().drag.friends}
        _assert_equals_explain_and_what_ifs(view)


def test_nobody_befriended_means_an_empty_summary(tmp_path: Path) -> None:
    alice = Identity.generate()
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        room = ledger.create_room(alice, "Quiet", load_preset("nosedive")).room
        assert RoomView(ledger, room, alice.public_hex).snapshot().drag.friends == ()


def _scoring_imports(source: str) -> set[str]:
    """Modules and names a source file imports from nosedive.scoring (``module`` or ``module:name``)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("nosedive.scoring")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nosedive.scoring"):
            found.add(node.module or "")
            found |= {f"{node.module}:{alias.name}" for alias in node.names}
    return found


def test_the_window_never_computes_explanations_or_what_ifs() -> None:
    sources = sorted(UI.rglob("*.py"))
    assert any(path.name == "drag.py" for path in sources)  # the scan sees the drag view
    offenders = {}
    for path in sources:
        used = {name for name in _scoring_imports(path.read_text(encoding="utf-8"))
                if name.startswith("nosedive.scoring.explain")
                or name.rpartition(":")[2] in {"explain", "what_if_unfriend", "what_if_befriend", "what_if_rating",
                                               "drag_summary"}}
        if used:
            offenders[str(path.relative_to(UI))] = used
    assert offenders == {}


def test_the_scan_notices_an_explain_import() -> None:
    assert "nosedive.scoring.explain:explain" in _scoring_imports(
        "from nosedive.scoring.explain import explain\n")
    assert "nosedive.scoring:what_if_unfriend" in _scoring_imports(
        "from nosedive.scoring import what_if_unfriend\n")
