"""Nine people on the `joint-punishment` preset: chains, agencies, a blacklist and an appeal, every sentence."""
from __future__ import annotations

from nosedive.core.identity import Identity
from nosedive.core.policy import ONE, load_preset
from nosedive.scoring import ScoreEngine, ScoreTable
from nosedive.scoring.society_text import render_agency, render_chains

from .helpers import Room

MINUTE = 60_000
NOON = 1_699_963_200_000  # 2023-11-14 12:00 UTC
PEOPLE = ("Ana", "Ben", "Cat", "Dan", "Eve", "Olga", "Gus", "Hana")


def at(hh_mm: str) -> int:
    hours, minutes = hh_mm.split(":")
    return NOON + ((int(hours) - 12) * 60 + int(minutes)) * MINUTE


class Town:
    """The room, its people by name, its groups, and the table at any instant."""

    def __init__(self) -> None:
        self.room = Room(policy=load_preset("joint-punishment"))
        self.who: dict[str, Identity] = {"Teacher": self.room.facilitator}
        for name in PEOPLE:
            self.who[name] = Identity.generate()
        for name, identity in self.who.items():
            self.room.post(identity, "profile", {"name": name}, ts=at("12:00"))
        self.names = {identity.public_hex: name for name, identity in self.who.items()}
        self.groups: dict[str, str] = {}

    def key(self, name: str) -> str:
        return self.who[name].public_hex

    def post(self, name: str, type_: str, body: dict[str, object], hh_mm: str) -> str:
        return self.room.post(self.who[name], type_, body, ts=at(hh_mm)).id

    def found(self, kind: str, name: str, members: tuple[str, ...], hh_mm: str, parent: str = "") -> str:
        body: dict[str, object] = {"kind": kind, "name": name} | ({"parent": self.groups[parent]} if parent else {})
        gid = self.groups[name] = self.post("Teacher", "group", body, hh_mm)
        for member in members:
            self.post("Teacher", "member", {"group": gid, "subject": self.key(member), "on": True}, hh_mm)
        return gid

    def table(self, hh_mm: str) -> ScoreTable:
        engine = ScoreEngine(self.room.id)
        engine.apply(self.room.messages)
        return engine.table(at=at(hh_mm))

    def name(self, key: str) -> str:
        return self.names[key]


def town() -> Town:
    t = Town()
    t.post("Teacher", "role", {"subject": t.key("Dan"), "role": "collector", "on": True}, "12:00")
    t.post("Teacher", "role", {"subject": t.key("Eve"), "role": "court", "on": True}, "12:00")
    t.post("Teacher", "role", {"subject": t.key("Olga"), "role": "official", "on": True}, "12:00")
    t.found("family", "Lee", ("Ana", "Ben", "Olga"), "12:01")
    t.found("employer", "Swift Logistics", ("Ben", "Cat"), "12:01")
    t.found("vehicle", "Truck 7", ("Ben",), "12:01", parent="Swift Logistics")
    t.found("family", "Park", ("Gus", "Hana"), "12:01")
    return t


def test_a_drivers_offence_lowers_the_driver_the_vehicle_and_the_employer() -> None:
    t = town()
    t.post("Dan", "report", {"subject": t.key("Ben"), "act": "ran a red light", "agency": "transport"}, "12:05")
    table = t.table("12:10")
    society = table.society
    assert society is not None
    assert society.score("transport", t.key("Ben")) == 6 * ONE  # 12 − 6
    truck, swift = t.groups["Truck 7"], t.groups["Swift Logistics"]
    assert society.group_score(truck, "transport") == 9 * ONE  # −6 × 1, cut to a quarter of the 12-point span
    assert society.group_score(swift, "transport") == 9 * ONE  # via the truck (×0.5) and Ben's job (×0.5): cut to −3
    assert society.score("transport", t.key("Cat")) == 12 * ONE - 6 * ONE // 10  # a colleague: ×0.1
    assert society.score("transport", t.key("Gus")) == 12 * ONE  # another family: nothing
    into_truck = [e for e in society.into(truck)]
    assert into_truck[0].capped and into_truck[0].amount == -3 * ONE
    lines = render_chains(table, t.key("Cat"), t.name, "transport", mine=True)
    assert lines == ["Chains through groups: −0.6",
                     "  −0.6: your colleague Ben was reported for ran a red light; employer chain 0.1×"]
    ben = render_chains(table, t.key("Ben"), t.name, "transport")
    assert "What Ben's records did to others:" in ben
    assert ("  the record for ran a red light also moved vehicle “Truck 7” by −3.0 (1×)"
            in ben)
    assert table.score(t.key("Ben")).final == table.score(t.key("Gus")).final  # the room's own score: untouched


def test_a_relative_is_dragged_and_the_official_is_not() -> None:
    t = town()
    t.post("Dan", "report", {"subject": t.key("Ben"), "act": "jaywalking"}, "12:05")
    table = t.table("12:10")
    prior = 3 * ONE
    assert table.score(t.key("Ben")).final == prior - 300_000
    assert table.score(t.key("Ana")).final == prior - 150_000
    assert table.score(t.key("Olga")).final == prior  # an official: the elite lose nothing by chains
    assert table.score(t.key("Hana")).final == prior
    assert render_chains(table, t.key("Ana"), t.name, mine=True) == [
        "Chains through groups: −0.150",
        "  −0.150: your relative Ben was reported for jaywalking; family chain 0.5×"]
    assert table.society is not None and table.society.group_score(t.groups["Lee"]) == prior - 150_000
    later = t.table("13:10")  # the record is repaired after its hour: so is the chain
    assert later.score(t.key("Ana")).final == prior


def test_a_court_blacklist_closes_flights_and_an_appeal_reopens_them() -> None:
    t = town()
    record = t.post("Teacher", "report", {"subject": t.key("Gus"), "act": "defied a court order",
                                          "agency": "court"}, "12:05")
    table = t.table("12:10")
    society = table.society
    assert society is not None
    assert society.score("transport", t.key("Gus")) == 12 * ONE  # his licence is clean ...
    doors = {d.name: d for d in society.doors("transport", t.key("Gus"))}
    assert doors["Flights"].state == "locked"  # ... yet he may not fly
    assert doors["Flights"].locked_by == "People's Court: on the defaulters' blacklist — Flights closed"
    assert doors["High-speed rail"].state == "locked" and doors["Driving"].state == "open"
    assert [d.state for d in society.doors("bank", t.key("Gus"))] == ["open", "locked", "locked"]
    assert [x.list for x in society.lists_of(t.key("Gus"))] == ["blacklist"]
    lines = render_agency(table, "court", t.key("Gus"), t.name)
    assert "  On the defaulters' blacklist of People's Court: a record for defied a court order is in force." in lines
    t.post("Gus", "appeal", {"record": record}, "12:11")
    t.post("Eve", "ruling", {"record": record, "verdict": "overturn"}, "12:20")  # too early: 20 minutes
    assert t.table("12:35").society.doors("transport", t.key("Gus"))[2].state == "locked"  # type: ignore[union-attr]
    t.post("Eve", "ruling", {"record": record, "verdict": "overturn"}, "12:32")
    reopened = t.table("12:35").society
    assert reopened is not None and not reopened.lists_of(t.key("Gus"))
    assert all(d.state == "open" and not d.locked_by for d in reopened.doors("transport", t.key("Gus"))
               if d.name != "Fast-track security") and reopened.doors("transport", t.key("Gus"))[3].state == "open"
