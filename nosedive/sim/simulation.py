"""Simulated people for ``nosedive demo``: real identities running real nodes over loopback.

Each simulated person is a full :class:`~nosedive.node.Node` with its own data
directory, key and ledger, talking the real protocol on 127.0.0.1. What makes
them people is a personality: how they choose whom to rate, how many stars they
give, and whom they befriend or drop — the behaviours the seeds describe
(generous raters, harsh ones, status-seekers who court high scorers and drop low
ones, trolls, and a loyal clique that props itself up).
"""
from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nosedive.node import Node, NodeConfig
from nosedive.room.resolve import current_room_id
from nosedive.room.snapshot import RoomSnapshot
from nosedive.sim.groups import assign_groups
from nosedive.sim.records import Part, act_on_records, grant_roles

log = logging.getLogger("nosedive.simulate")

NAMES = ("Lacie", "Naomi", "Chester", "Susan", "Ryan", "Bethany", "Paul", "Tilly",
         "Gwen", "Marcus", "Ivy", "Omar", "Priya", "Jun", "Alma", "Theo")


@dataclass(frozen=True)
class Personality:
    name: str
    stars: Callable[[random.Random, float | None, bool], int]  # (rng, their score 0..1, same clique)
    praise: tuple[str, ...]  # notes for 4 or 5 stars
    befriends: Callable[[random.Random, float | None, bool], bool]
    activity: float = 1.0  # relative chance to act on a tick


def _generous(rng: random.Random, score: float | None, clique: bool) -> int:
    return rng.choice((4, 5, 5, 5))


def _harsh(rng: random.Random, score: float | None, clique: bool) -> int:
    return rng.choice((1, 2, 2, 3, 3, 4))


def _status_seeker(rng: random.Random, score: float | None, clique: bool) -> int:
    if score is None:
        return 3
    return 5 if score > 0.6 else (1 if score < 0.4 else rng.choice((2, 3, 4)))


def _troll(rng: random.Random, score: float | None, clique: bool) -> int:
    return rng.choice((1, 1, 1, 2, 5))


def _clique(rng: random.Random, score: float | None, clique: bool) -> int:
    return 5 if clique else rng.choice((2, 3, 3))


# Notes for low and middling ratings, whoever gives them: a note never contradicts its stars.
SCORN = ("Meh.", "Rude at the coffee bar", "Could try harder", "ugh", "who?", "")
SHRUG = ("hmm", "OK I guess", "")


def note_for(personality: Personality, stars: int, rng: random.Random) -> str:
    """A note that fits the stars: praise for 4–5, a shrug for 3, scorn for 1–2."""
    pool = personality.praise if stars >= 4 else (SHRUG if stars == 3 else SCORN)
    return rng.choice(pool)


def _friendly(rng: random.Random, score: float | None, clique: bool) -> bool:
    return rng.random() < 0.7


def _climber(rng: random.Random, score: float | None, clique: bool) -> bool:
    return score is not None and score > 0.55


def _loner(rng: random.Random, score: float | None, clique: bool) -> bool:
    return rng.random() < 0.2


def _loyal(rng: random.Random, score: float | None, clique: bool) -> bool:
    return clique


PERSONALITIES = (
    Personality("generous", _generous, ("Lovely!", "So warm ☺", "Great chat", ""), _friendly),
    Personality("status-seeker", _status_seeker, ("Inspiring!", "", "Love your vibe"), _climber, 1.3),
    Personality("clique", _clique, ("Bestie!!", ""), _loyal),
    Personality("harsh", _harsh, ("Fine, actually.", ""), _loner),
    Personality("troll", _troll, ("lol ok", ""), _loner, 1.5),
)


@dataclass
class SimPerson:
    node: Node
    name: str
    personality: Personality
    clique: bool


class Simulation:
    """A lively room of simulated people on this machine alone."""

    def __init__(self, base_dir: Path, people: int = 10, seed: int | None = None,
                 room_name: str = "Demo room", tempo: float = 1.0, preset: str = "nosedive",
                 rules: Mapping[str, Any] | None = None) -> None:
        if not 2 <= people <= len(NAMES):
            raise ValueError(f"a simulation has 2 to {len(NAMES)} people")
        self.base_dir, self.count, self.room_name, self.tempo, self.preset = base_dir, people, room_name, tempo, preset
        self.rules = rules  # a policy to sign over the preset's when the room is new (``demo --policy FILE``)
        self.rng = random.Random(seed)
        self.people: list[SimPerson] = []
        self._tasks: list[asyncio.Task[None]] = []
        self.room_id: str | None = None
        self.join_code = ""  # the room's code, for whoever else joins (the demo's own node)
        self.parts: dict[str, Part] = {}  # name -> their part in the machinery (rooms whose policy lists acts)

    def _personality(self, index: int) -> tuple[Personality, bool]:
        by_name = {p.name: p for p in PERSONALITIES}
        if index in (1, 2, 3):
            return by_name["clique"], True  # three friends who prop each other up
        order = ("generous", "status-seeker", "harsh", "troll", "generous", "status-seeker")
        return by_name[order[index % len(order)]], False

    async def start(self) -> tuple[str, tuple[tuple[str, int], ...]]:
        """Start everyone; returns the room id and the loopback addresses to join (with :attr:`join_code`).

        The first person creates the room (or re-enters the one a kept demo left); everyone else joins
        it with its code, as a person would, through the last few who came before (so no node is asked
        more often than it lets an address try). A code joined before just re-enters its room.
        """
        kept = current_room_id(self.base_dir / "sim-0")  # a demo kept from last time goes on in its room
        host_config = NodeConfig(
            data_dir=self.base_dir / "sim-0", create_room=None if kept else self.room_name, room=kept,
            preset=self.preset, name=NAMES[0], host="127.0.0.1", port=0, discovery=False,
        )
        host = Node.open(host_config)
        await host.start()
        snapshot = host.snapshot()
        assert host.room_id is not None and snapshot is not None
        self.room_id, self.join_code = host.room_id, snapshot.join_code
        if self.rules is not None and not kept:
            await host.change_policy(self.rules)
        personality, clique = self._personality(0)
        self.people.append(SimPerson(host, NAMES[0], personality, clique))
        addresses = [("127.0.0.1", host.port)]
        for index in range(1, self.count):
            config = NodeConfig(
                data_dir=self.base_dir / f"sim-{index}", code=self.join_code, name=NAMES[index],
                peers=tuple(addresses[-3:]), host="127.0.0.1", port=0, discovery=False,
            )
            node = Node.open(config)
            await node.start()
            await node.ready(60)  # let in, holding the genesis: it can let the next ones in
            personality, clique = self._personality(index)
            self.people.append(SimPerson(node, NAMES[index], personality, clique))
            addresses.append(("127.0.0.1", node.port))
        # Everyone holds the room's genesis (each was let in, above) before anyone acts or is asked to.
        cast = await grant_roles(host, [person.node for person in self.people])  # a collector, a scammer, a judge
        self.parts = {self.people[seat].name: part for seat, part in cast.items()}
        await assign_groups(host, [person.node for person in self.people])  # families, an employer, vehicles
        for person in self.people:
            self._tasks.append(asyncio.create_task(self._live(person), name=f"sim-{person.name}"))
        return self.room_id, tuple(addresses)

    async def welcome(self, newcomer: str, rng: random.Random, friends: int = 2) -> list[str]:
        """Greet a newcomer the way a room does: a few ratings, and a couple of friendships offered.

        Returns the keys of those who offered friendship (the demo accepts them).
        """
        for person in rng.sample(self.people, min(len(self.people), 4)):
            stars = person.personality.stars(rng, None, False)
            await person.node.rate(newcomer, stars, note_for(person.personality, stars, rng))
        offered = rng.sample(self.people, min(len(self.people), friends))
        for person in offered:
            await person.node.befriend(newcomer, True)
        return [person.node.identity.public_hex for person in offered]

    async def quiet(self) -> None:
        """Everyone stops acting (their nodes keep replicating)."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    async def stop(self) -> None:
        await self.quiet()
        await asyncio.gather(*(person.node.stop() for person in self.people), return_exceptions=True)
        self.people.clear()

    async def _live(self, person: SimPerson) -> None:
        rng = random.Random(self.rng.random())
        while True:
            await asyncio.sleep(self.tempo * rng.uniform(1.5, 5.0) / person.personality.activity)
            snapshot = person.node.snapshot()
            if snapshot is None:
                continue
            try:
                await self.act(person, snapshot, rng)
            except Exception as exc:  # a simulated person never takes the demo down
                log.warning("%s could not act: %s", person.name, exc)

    def _clique_keys(self) -> set[str]:
        return {p.node.identity.public_hex for p in self.people if p.clique}

    async def act(self, person: SimPerson, snapshot: RoomSnapshot, rng: random.Random) -> None:
        """One decision: a step of the machinery (in a room with acts), else rate someone (mostly), or
        befriend / drop someone."""
        if await act_on_records(person.node, self.parts.get(person.name, Part()), snapshot, rng,
                                person is self.people[0]):
            return
        others = [p for p in snapshot.people if not p.is_me]
        if not others:
            return
        target = rng.choice(others)
        in_clique = person.clique and target.key in self._clique_keys()
        relative = self._relative_score(snapshot, target.key)
        if rng.random() < 0.78:
            stars = person.personality.stars(rng, relative, in_clique)
            note = note_for(person.personality, stars, rng)
            await person.node.rate(target.key, stars, note)
        else:
            wants = person.personality.befriends(rng, relative, in_clique)
            if wants != target.i_befriended:
                await person.node.befriend(target.key, wants)

    @staticmethod
    def _relative_score(snapshot: RoomSnapshot, key: str) -> float | None:
        """Where *key* stands in the room, 0 (lowest) … 1 (highest); None if unknown."""
        scores = getattr(snapshot.scores, "people", {})
        if key not in scores or len(scores) < 2:
            return None
        ordered = sorted(scores, key=lambda k: (scores[k].final, k))
        return ordered.index(key) / (len(ordered) - 1)
