"""Groups in the demo: the facilitator assigns families, an employer and its vehicle to the simulated people.

Only in a room whose policy lists group kinds (``joint-punishment``); once per room (a kept demo keeps its
groups). Each step is a node command (``node.groups``), refused by the node like anyone's.
"""
from __future__ import annotations

from nosedive.node import Node

# (kind, name, seats, parent name): skipped when the kind is not in the policy or a seat is empty
PLAN: tuple[tuple[str, str, tuple[int, ...], str], ...] = (
    ("family", "Lee", (1, 2, 3), ""),
    ("family", "Park", (4, 5, 8), ""),
    ("employer", "Swift Logistics", (2, 6, 7, 9), ""),
    ("vehicle", "Truck 7", (6,), "Swift Logistics"),
    ("vehicle", "Van 12", (7,), "Swift Logistics"),
)


async def assign_groups(host: Node, seats: list[Node]) -> dict[str, str]:
    """The facilitator founds the plan's groups and adds their members; returns name -> group id."""
    snapshot = host.snapshot()
    society = snapshot.scores.society if snapshot is not None else None
    if snapshot is None or not snapshot.scores.policy.society.kinds or (
            society is not None and society.groups is not None and society.groups.groups):
        return {}
    kinds = snapshot.scores.policy.society.kinds
    founded: dict[str, str] = {}
    for kind, name, members, parent in PLAN:
        present = [seat for seat in members if seat < len(seats)]
        if kind not in kinds or not present or (parent and parent not in founded):
            continue
        founded[name] = await host.groups.create(kind, name, founded.get(parent, ""))
        for seat in present:
            await host.groups.add(founded[name], seats[seat].identity.public_hex)
    return founded
