"""The machinery in the demo: an information collector who reports, a scammer who files false complaints,
people who appeal what is held against them, and a judge who rules once the delay is over.

Only in a room whose policy lists acts (``city``): elsewhere nothing here does anything. Every step
is a node command, refused by the node like anyone's; the simulated people only choose.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from nosedive.core.messages import now_ms
from nosedive.node import Node
from nosedive.room.snapshot import RoomSnapshot

COLLECTOR, SCAMMER, JUDGE = "collector", "scammer", "judge"
CAST = {4: COLLECTOR, 5: SCAMMER, 6: JUDGE}  # by seat; the facilitator (seat 0) judges when seat 6 is empty
FALSE_NOTES = ("I saw it myself", "everyone knows", "ask anyone", "")
COLLECTOR_NOTES = ("on camera", "reported by a neighbour", "", "")


@dataclass(frozen=True)
class Part:
    """What one simulated person does with the machinery ("" for nothing but appealing their own records)."""

    role: str = ""


def has_acts(snapshot: RoomSnapshot) -> bool:
    return bool(snapshot.scores.policy.records.acts)


async def grant_roles(host: Node, seats: list[Node]) -> dict[int, Part]:
    """The facilitator names the collector and the judge (once: a kept demo keeps its roles)."""
    snapshot = host.snapshot()
    if snapshot is None or not has_acts(snapshot):
        return {}
    rules = snapshot.scores.policy.records
    held = dict(snapshot.roles)
    parts = {seat: Part(role) for seat, role in CAST.items() if seat < len(seats)}
    for seat, part in parts.items():
        ledger_role = {COLLECTOR: rules.collector_role, JUDGE: rules.judge}.get(part.role)
        key = seats[seat].identity.public_hex
        if ledger_role and ledger_role != "facilitator" and ledger_role not in held.get(key, ()):
            await host.grant_role(key, ledger_role)
    return parts


async def act_on_records(node: Node, part: Part, snapshot: RoomSnapshot, rng: random.Random,
                         facilitates: bool) -> bool:
    """Maybe one step of the machinery; True when one was taken (the person does nothing else this turn)."""
    if not has_acts(snapshot) or snapshot.my_status != "member":
        return False
    book = snapshot.scores.records
    mine = [r for r in snapshot.my_records if r.appeal_ts is None and r.points < 0
            and r.state in ("active", "scheduled", "pending")]
    if mine and rng.random() < 0.3:  # nobody likes a record: most appeal it, some let it be
        await node.appeal(rng.choice(mine).id)
        return True
    if part.role == JUDGE or facilitates:
        due = [r for r in book.records if r.appeal_pending and r.decided_after is not None
               and r.decided_after <= now_ms() and r.subject != snapshot.me]
        if due:
            await node.rule(rng.choice(due).id, rng.choice(("uphold", "overturn")))
            return True
    if part.role == COLLECTOR:
        waiting = [r for r in book.records if r.state == "pending" and snapshot.me not in (r.author, r.subject)]
        if waiting and rng.random() < 0.5:
            await node.confirm(rng.choice(waiting).id)
            return True
    if part.role in (COLLECTOR, SCAMMER) and rng.random() < 0.3:
        return await _report(node, part, snapshot, rng)
    return False


async def _report(node: Node, part: Part, snapshot: RoomSnapshot, rng: random.Random) -> bool:
    others = [p.key for p in snapshot.people if not p.is_me and p.status == "member"]
    policy = snapshot.scores.policy
    acts = [("", a) for a in policy.records.acts.values()]  # the room's own table, then each agency's
    acts += [(agency.name, a) for agency in policy.society.agencies.values() for a in agency.acts.values()]
    offences = [(agency, a.name) for agency, a in acts if a.points < 0]
    if not others or not offences:
        return False
    if part.role == SCAMMER:  # false complaints only, never a good deed
        agency, act = rng.choice(offences)
        await node.report(rng.choice(others), act, rng.choice(FALSE_NOTES), agency)
    else:  # a collector reports offences mostly, and now and then a good deed
        good = [(agency, a.name) for agency, a in acts if a.points > 0]
        agency, act = rng.choice(good) if good and rng.random() < 0.25 else rng.choice(offences)
        await node.report(rng.choice(others), act, rng.choice(COLLECTOR_NOTES), agency)
    return True

