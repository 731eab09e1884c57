"""A joint-punishment room built by hand for the app's views: real signed ratings scored by the real engine,
and the society fields (agencies, groups, who pulls whom) filled in as the engine's contract describes them.

The app only ever receives snapshots, so this is a fair way to test what it shows; the integration tests
in test_society_node.py drive a real node with the ``joint-punishment`` preset.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from nosedive.core.identity import Identity
from nosedive.core.policy import ONE, load_preset
from nosedive.room.snapshot import AgencyStanding, GroupPull, GroupStanding, Person, RoomSnapshot
from nosedive.scoring import ScoreEngine, TierStatus, drag_summary
from tests.scoring.helpers import Room

NAMES = ["Lacie Pound", "Ryan Pound", "Naomi Blestow", "Chester Copperfield-Wainwright", "Susan Taylor",
         "Bethany Okafor", "Dev Raman", "张伟 Zhang Wei"]


def society_policy() -> dict[str, Any]:
    """The episode's room with three agencies, a court blacklist closing flights, families and employers."""
    policy = dict(load_preset("nosedive"))
    policy["title"] = "Sesame-like social score"
    policy["acts"] = [{"name": "jaywalking", "points": "-0.2", "hours": 1}] if "acts" not in policy else policy["acts"]
    policy["groups"] = {"kinds": [
        {"name": "family", "by": "facilitator", "relation": "relative", "group": "0.5", "members": "0.5"},
        {"name": "employer", "by": "anyone", "relation": "colleague", "group": "0.5", "members": "0.2"},
        {"name": "vehicle", "by": "anyone", "relation": "driver", "group": "1", "parent": "0.5"}]}
    policy["agencies"] = [
        {"name": "bank", "title": "People's Bank credit", "scale": {"min": "350", "max": "950", "unit": "pts"},
         "start": "650", "tiers": [{"name": "Mortgage", "min": "700"}, {"name": "Credit card", "min": "550"}],
         "grades": [{"name": "C", "min": "350"}, {"name": "B", "min": "600"}, {"name": "A", "min": "750"}]},
        {"name": "transport", "title": "Transport ministry", "scale": {"min": "0", "max": "12", "unit": "pts"},
         "start": "12", "acts": [{"name": "ran a red light", "points": "-3", "hours": 2}],
         "tiers": [{"name": "High-speed rail", "min": "4"}, {"name": "Flights", "min": "6"}]},
        {"name": "court", "title": "The People's Court", "scale": {"min": "0", "max": "100"}, "start": "100",
         "acts": [{"name": "defied a court order", "points": "-40", "hours": 4}],
         "tiers": [{"name": "Private schools", "min": "50"}]}]
    policy["joint"] = [{"agency": "court", "list": "blacklist", "title": "the defaulters' blacklist",
                        "acts": ["defied a court order"],
                        "closes": [{"agency": "transport", "door": "Flights"}]}]
    return policy


def door(name: str, threshold: float, score: float, locked_by: str = "", description: str = "") -> TierStatus:
    distance = round((score - threshold) * ONE)
    state = "locked" if locked_by or distance < 0 else "open"
    return TierStatus(name, round(threshold * ONE), state, distance, description, locked_by=locked_by)


def society_snapshot(policy: dict[str, Any] | None = None, *, me_facilitator: bool = False) -> RoomSnapshot:
    """Me (Alex) among eight people; my brother Ryan was reported; I am on the court's blacklist."""
    people = [Identity.generate() for _ in range(len(NAMES) + 1)]
    me, others = people[0], people[1:]
    room = Room(policy=policy or society_policy(), facilitator=me if me_facilitator else others[0])
    for index, rater in enumerate(others):
        room.rate(rater, me, 2 + index % 4)
        room.rate(me, rater, 3 + index % 3)
        room.rate(rater, others[(index + 1) % len(others)], 1 + (index * 3) % 5)
    room.befriend(me, others[4])
    room.befriend(me, others[1])
    founder = room.facilitator  # the families are the facilitator's to assign; an employer anyone's to found
    family = room.post(founder, "group", {"kind": "family", "name": "The Pounds"}).id
    employer = room.post(me, "group", {"kind": "employer", "name": "Smile Cab Co."}).id
    cab = room.post(me, "group", {"kind": "vehicle", "name": "Cab 42", "parent": employer}).id
    realty = room.post(others[3], "group", {"kind": "employer", "name": "Pelican Cove Realty"}).id
    for group, owner, members in ((family, founder, (me, others[0], others[1])), (employer, me, (me,)),
                                  (cab, me, (me,)), (realty, others[3], (me,))):
        for member in members:
            room.post(owner, "member", {"group": group, "subject": member.public_hex, "on": True})
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    table = engine.table(at=room.clock + 1000)  # at an instant: records, groups and agencies settled
    key = {name: who.public_hex for name, who in zip(NAMES, others, strict=True)}
    persons = [Person(me.public_hex, "Alex", "f" * 8, online=True, is_me=True, label="Alex")]
    persons += [Person(who.public_hex, name, who.public_hex[:8], online=True, label=name,
                       is_facilitator=who.public_hex == room.facilitator.public_hex)
                for name, who in zip(NAMES, others, strict=True)]
    blacklisted = "The People's Court: on the defaulters' blacklist (defied a court order) — Flights closed"
    agencies = (
        AgencyStanding("bank", "People's Bank credit", "612 pts", 612 * ONE, "B",
                       (door("Credit card", 550, 612), door("Mortgage", 700, 612)), (),
                       ("650 to start", "−38: 2 late repayments (Dev Raman's loan you guaranteed)")),
        AgencyStanding("transport", "Transport ministry", "9 pts", 9 * ONE, "",
                       (door("High-speed rail", 4, 9), door("Flights", 6, 9, blacklisted)), (),
                       ("12 to start", "−3: ran a red light (reported by Susan Taylor)",
                        "Flights: closed by the court's blacklist, although 9 is above 6")),
        AgencyStanding("court", "The People's Court", "60", 60 * ONE, "",
                       (door("Private schools", 50, 60),), ("blacklist",),
                       ("100 to start", "−40: defied a court order (in force until 15:20; appeal pending)")))
    groups = (
        GroupStanding(family, "family", "The Pounds", (me.public_hex, key["Lacie Pound"], key["Ryan Pound"]),
                      "3.104", 3_104_000, -150_000,
                      ("−0.150: your brother Ryan Pound was reported for jaywalking; family chain 0.5×",), "member"),
        GroupStanding(employer, "employer", "Smile Cab Co.", (me.public_hex, key["Dev Raman"], key["Naomi Blestow"]),
                      "3.412", 3_412_000, -40_000,
                      ("−0.040: your colleague Dev Raman ran a red light; employer chain 0.2×",), "member"),
        GroupStanding(cab, "vehicle", "Cab 42", (me.public_hex,), "2.900", 2_900_000, 0,
                      ("Cab 42 lost 0.200 when you ran a red light; Smile Cab Co. lost 0.100",), "member",
                      parent=employer),
        GroupStanding(realty, "employer", "Pelican Cove Realty", (key["Chester Copperfield-Wainwright"],),
                      "4.310", 4_310_000, 0, (), "invited"),
    )
    pulls = (
        GroupPull(key["Ryan Pound"], family, "The Pounds", -150_000,
                  "Ryan Pound drags you down −0.150 through The Pounds: reported for jaywalking (family chain 0.5×)"),
        GroupPull(key["Dev Raman"], employer, "Smile Cab Co.", -40_000,
                  "Dev Raman drags you down −0.040 through Smile Cab Co.: ran a red light (employer chain 0.2×)"),
    )
    return RoomSnapshot(
        room_id=room.id, room_name="Pelican Cove", facilitator=room.facilitator.public_hex, me=me.public_hex,
        people=tuple(persons), scores=table, drag=drag_summary(table, me.public_hex), peers_connected=8,
        messages_held=len(room.messages), join_code="9-puffin-mustard", agencies=agencies, my_groups=groups,
        group_pulls=pulls)


def plain(snap: RoomSnapshot) -> RoomSnapshot:
    """The same room with no society at all: what a room without groups or agencies gets."""
    return replace(snap, agencies=(), my_groups=(), group_pulls=())


def society_words(snap: RoomSnapshot) -> set[str]:
    """What the room and the engine wrote in *snap* (names, agencies, doors, lists, sentences): not the app's."""
    policy = snap.scores.policy
    found = {snap.room_name, policy.title, policy.description, policy.influencer_label, "pts"}
    found |= {p.name for p in snap.people} | {p.label for p in snap.people}
    found |= {t.name for t in (*policy.tiers, *policy.grades)} | set(policy.records.acts)
    for agency in policy.society.agencies.values():
        found |= {agency.title, agency.unit, *(t.name for t in (*agency.tiers, *agency.grades)), *agency.acts}
    found |= set(policy.society.kinds)
    for standing in snap.agencies:
        found |= {standing.title, standing.score, standing.grade, *standing.lists, *standing.lines}
        found |= {d.name for d in standing.doors} | {d.locked_by for d in standing.doors}
    for group in snap.my_groups:
        found |= {group.name, group.kind, group.score, *group.lines}
    for pull in snap.group_pulls:
        found |= {pull.sentence, pull.group_name}
    return {word for word in found if word}
