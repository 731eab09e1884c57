"""A real classroom session for the debrief tests: signed messages of a dozen people in a real ledger.

Gus is rated down into the underclass, Eli (his friend) is dragged with him until he drops Gus,
the facilitator runs a round with a pause, changes the rules and makes an announcement, one
person types ``<script>alert(1)</script>`` as their name and another a dollar sign.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nosedive.core import messages as msgs
from nosedive.core import paths
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.room.resolve import remember_room

BASE_TS = 1_700_000_000_000
MINUTE = 60_000
HOSTILE = "<script>alert(1)</script>"
MATHTEXT = "Zoë $5 {x^2"  # matplotlib would parse "$…" as mathematics unless told not to
NAMES = ("Ana", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivo", "Jun", HOSTILE, MATHTEXT)


@dataclass
class Session:
    """Messages signed in order, each person's chain linked; ``ingest`` puts them in a ledger."""

    facilitator: Identity = field(default_factory=Identity.generate)
    people: dict[str, Identity] = field(default_factory=dict)
    messages: list[msgs.Message] = field(default_factory=list)
    heads: dict[str, tuple[int, str | None]] = field(default_factory=dict)

    def open(self, name: str, policy: Mapping[str, Any]) -> str:
        genesis = msgs.create_room(self.facilitator, name, policy, ts=BASE_TS)
        self.room = genesis.room
        self.heads[self.facilitator.public_hex] = (1, genesis.id)
        self.messages.append(genesis)
        return genesis.room

    def post(self, who: Identity, type: str, body: Mapping[str, Any], ts: int) -> msgs.Message:
        seq, prev = self.heads.get(who.public_hex, (0, None))
        message = msgs.create(who, room=self.room, seq=seq + 1, prev=prev, type=type, body=body, ts=ts)
        self.heads[who.public_hex] = (message.seq, message.id)
        self.messages.append(message)
        return message

    def rate(self, rater: str, subject: str, stars: int, ts: int, note: str = "") -> None:
        body: dict[str, Any] = {"subject": self.people[subject].public_hex, "stars": stars}
        if note:
            body["note"] = note
        self.post(self.people[rater], "rate", body, ts)

    def friends(self, a: str, b: str, ts: int, on: bool = True) -> None:
        self.post(self.people[a], "friend", {"subject": self.people[b].public_hex, "on": on}, ts)
        self.post(self.people[b], "friend", {"subject": self.people[a].public_hex, "on": on}, ts + 1)

    def ingest(self, data: Path) -> None:
        data.mkdir(parents=True, exist_ok=True)
        with Ledger(paths.ledger_path(data)) as ledger:
            report = ledger.ingest_many(m.raw for m in self.messages)
            assert not report.errors, report.errors
        remember_room(data, self.room)


def classroom(data: Path, *, seed: int = 5, facilitator: Identity | None = None) -> Session:
    """The session described above, stored in *data*'s ledger and made its current room."""
    rng = random.Random(seed)
    session = Session(facilitator or Identity.generate())
    session.open("Class 5B", load_preset("nosedive"))
    session.people = {"Ms Park": session.facilitator} | {name: Identity.generate() for name in NAMES}
    for index, (name, who) in enumerate(session.people.items()):
        session.post(who, "profile", {"name": name}, BASE_TS + 1000 + index)
    at = BASE_TS + MINUTE
    session.post(session.facilitator, "round", {"action": "start", "minutes": 20}, at)
    for a, b in (("Ana", "Ben"), ("Chloé", "Dev"), ("Eli", "Gus"), ("Hana", "Ben")):
        session.friends(a, b, at + 1000)
    others = [n for n in session.people if n != "Gus"]
    for minute in range(2, 30):
        if minute == 15:
            session.post(session.facilitator, "round", {"action": "pause"}, BASE_TS + 15 * MINUTE)
            continue
        if minute == 16:
            session.post(session.facilitator, "round", {"action": "resume"}, BASE_TS + 16 * MINUTE)
        for tick in range(5):
            ts = BASE_TS + minute * MINUTE + 2000 + tick * 9000
            rater, subject = rng.sample(others, 2)
            session.rate(rater, subject, rng.choice((3, 4, 4, 5, 5)), ts, "nice" if tick == 0 else "")
            session.rate(rng.choice([n for n in others if n != "Eli"]), "Gus", rng.choice((1, 1, 2)), ts + 500)
        if minute == 18:
            session.friends("Eli", "Gus", BASE_TS + 18 * MINUTE + 55_000, on=False)
        if minute == 20:
            session.post(session.facilitator, "policy", {"policy": load_preset("nosedive-harsh")},
                         BASE_TS + 20 * MINUTE + 58_000)
        if minute == 22:
            session.post(session.facilitator, "announce", {"text": "Five minutes left <b>now</b>"},
                         BASE_TS + 22 * MINUTE + 58_000)
    session.post(session.facilitator, "round", {"action": "end"}, BASE_TS + 30 * MINUTE)
    session.ingest(data)
    return session
