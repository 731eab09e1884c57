"""node.groups on real nodes: the facilitator assigns a family, a person founds a club with consent both ways,
a record drags the fellow members, and each snapshot carries agencies, groups and pulls."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from nosedive.core.errors import NotFacilitatorError, UsageError
from nosedive.node.node import Node
from nosedive.room.snapshot import GroupStanding, RoomSnapshot

from .cluster import Cluster


def snap(node: Node) -> RoomSnapshot:
    snapshot = node.snapshot()
    assert snapshot is not None
    return snapshot


def group_of(node: Node, gid: str) -> GroupStanding | None:
    return next((g for g in snap(node).my_groups if g.id == gid), None)


def knows(node: Node, gid: str) -> bool:
    society = snap(node).scores.society
    return society is not None and society.groups is not None and gid in society.groups.groups


def state(node: Node, gid: str) -> str:
    found = group_of(node, gid)
    return "" if found is None else found.state


def test_groups_are_founded_joined_and_drag_their_members(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("host")
            room = await host.create_room("Town", preset="joint-punishment")
            ben = await cluster.add("ben", room=room, peers=(("127.0.0.1", host.port),))
            b, h = ben.identity.public_hex, host.identity.public_hex
            await ben.set_profile("Ben")
            await cluster.wait_until(lambda: snap(host).person(b) is not None, what="Ben known to the host")
            assert [a.name for a in snap(ben).agencies] == ["bank", "transport", "court"]
            assert snap(ben).agencies[1].score == "12.0 pts" and snap(ben).agencies[1].grade == "Clean"
            with pytest.raises(UsageError, match="the kinds are: family, employer, vehicle, club"):
                await host.groups.create("tribe", "Lee")
            with pytest.raises(NotFacilitatorError, match="the state assigns them"):
                await ben.groups.create("family", "Mine")
            family = await host.groups.create("family", "Lee")
            await host.groups.add(family, b)
            await cluster.wait_until(lambda: state(ben, family) == "member", what="Ben in the family")
            with pytest.raises(UsageError, match="assigned by the facilitator"):
                await ben.groups.leave(family)
            club = await ben.groups.create("club", "Chess")
            await cluster.wait_until(lambda: knows(host, club) and state(ben, club) == "member",
                                     what="the club on both nodes")
            assert state(host, club) == ""  # the host has nothing to do with it yet
            with pytest.raises(UsageError, match="only the group's owner"):
                await host.groups.add(club[:8], b)
            await ben.groups.add(club, h)
            await cluster.wait_until(lambda: state(host, club) == "invited", what="the host invited")
            await host.groups.join(club[:10])
            await cluster.wait_until(lambda: state(host, club) == "member" == state(ben, club), what="both in")
            await host.report(b, "jaywalking")
            await cluster.wait_until(lambda: bool(snap(host).group_pulls), what="the host pulled through the club")
            pull = snap(host).group_pulls[0]
            assert (pull.person, pull.group, pull.amount) == (b, club, -75_000)  # −0.3 × 0.25
            assert pull.sentence == "−0.075: your fellow member Ben was reported for jaywalking; club chain 0.25×"
            assert group_of(host, club) is not None and group_of(host, club).costs_me == -75_000  # type: ignore[union-attr]
            await cluster.wait_until(lambda: len(getattr(group_of(ben, club), "lines", ())) == 3,
                                     what="Ben's node hearing of the report and the join")
            mine = group_of(ben, club)
            assert mine is not None and sorted(mine.members) == sorted((b, h)) and mine.score == "2.850"
            assert sorted(mine.lines) == sorted((
                "the record for jaywalking also moved host (facilitator) by −0.075 (club “Chess”, 0.25×)",
                "the record for jaywalking also moved club “Chess” by −0.150 (0.5×)",
                "−0.150: member Ben was reported for jaywalking; club “Chess” 0.5×"))
            await host.groups.remove(family, b)
            await cluster.wait_until(lambda: state(ben, family) == "left", what="Ben out of the family")
            await ben.groups.leave(club)
            await cluster.wait_until(lambda: state(host, club) == "member" and state(ben, club) == "left",
                                     what="Ben left his own club")
        finally:
            await cluster.stop()

    asyncio.run(scenario())
