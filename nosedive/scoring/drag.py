"""The friends' pull on one person, and what each friendship's end would change.

This is what the app's drag view shows, computed where the scores live (the
node's loop thread) so the window only reads it. It is :func:`explain`'s friend
parts plus one :func:`what_if_unfriend` per friend, boiled down to numbers and
door names; everything is frozen and can cross threads.
"""
from __future__ import annotations

from dataclasses import dataclass

from nosedive.scoring.explain import FriendPart, friend_parts, what_if_unfriend
from nosedive.scoring.table import PersonScore, ScoreTable


@dataclass(frozen=True)
class FriendPull:
    part: FriendPart  # how this friend pulls now
    without: PersonScore  # the person's score if this friendship ended
    would_open: tuple[str, ...]  # doors (tier names) that would open without this friend
    would_close: tuple[str, ...]  # doors that would close without this friend

    @property
    def friend(self) -> str:
        return self.part.friend

    @property
    def drag(self) -> int:
        return self.part.drag


@dataclass(frozen=True)
class DragSummary:
    person: str
    friends: tuple[FriendPull, ...] = ()  # biggest pull (either way) first, as explain() orders them


def drag_summary(table: ScoreTable, person: str) -> DragSummary:
    """*person*'s friends, each with their pull and what ending that friendship would do."""
    before = {tier.name: tier.state for tier in table.tiers(person)}
    pulls = []
    for part in friend_parts(table, person):
        after = what_if_unfriend(table, person, part.friend)
        opened = tuple(t.name for t in after.tiers if t.state == "open" and before.get(t.name) != "open")
        closed = tuple(t.name for t in after.tiers if t.state != "open" and before.get(t.name) == "open")
        pulls.append(FriendPull(part, after.after, opened, closed))
    return DragSummary(person, tuple(pulls))
