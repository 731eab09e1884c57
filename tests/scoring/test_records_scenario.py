"""Seven people on the `city` preset live through the machinery: every consequence and its sentence."""
from __future__ import annotations

from nosedive.core.identity import Identity
from nosedive.core.policy import ONE, load_preset
from nosedive.scoring import ScoreEngine, ScoreTable
from nosedive.scoring.records_text import render_records

from .helpers import Room

MINUTE = 60_000
NOON = 1_699_963_200_000  # 2023-11-14 12:00 UTC


def at(hh_mm: str) -> int:
    hours, minutes = hh_mm.split(":")
    return NOON + ((int(hours) - 12) * 60 + int(minutes)) * MINUTE


class City:
    """The room, its people by name, and the table at any instant."""

    def __init__(self) -> None:
        self.room = Room(policy=load_preset("city"))
        self.who: dict[str, Identity] = {"Teacher": self.room.facilitator}
        for name in ("Ana", "Ben", "Cat", "Dev", "Eve", "Fay"):
            self.who[name] = Identity.generate()
        for name, identity in self.who.items():
            self.room.post(identity, "profile", {"name": name}, ts=at("12:00"))
        self.names = {identity.public_hex: name for name, identity in self.who.items()}

    def key(self, name: str) -> str:
        return self.who[name].public_hex

    def post(self, name: str, type_: str, body: dict[str, object], hh_mm: str) -> str:
        return self.room.post(self.who[name], type_, body, ts=at(hh_mm)).id

    def table(self, hh_mm: str) -> ScoreTable:
        engine = ScoreEngine(self.room.id)
        engine.apply(self.room.messages)
        return engine.table(at=at(hh_mm))

    def score(self, name: str, hh_mm: str) -> int:
        return self.table(hh_mm).score(self.key(name)).final // ONE

    def explain(self, name: str, hh_mm: str) -> list[str]:
        return render_records(self.table(hh_mm), self.key(name), self.names.__getitem__)


def test_the_city_scenario() -> None:
    city = City()
    for name, role in (("Ana", "collector"), ("Fay", "court"), ("Eve", "official")):
        city.post("Teacher", "role", {"subject": city.key(name), "role": role, "on": True}, "12:01")
    city.post("Cat", "rate", {"subject": city.key("Eve"), "stars": 5}, "12:02")  # praise reaches the elite
    eve_before = city.score("Eve", "12:02")
    assert eve_before > 1000

    # A collector files a false report: it counts at once.
    false = city.post("Ana", "report", {"subject": city.key("Ben"), "act": "jaywalking"}, "12:03")
    assert city.score("Ben", "12:04") == 995
    assert city.explain("Ben", "12:04") == [
        "Records and penalties: −5",
        "  −5: reported for jaywalking by Ana, an information collector, 12:03; counts until 13:03",
    ]
    # The victim appeals; the court may not rule before 12:15 (appeal 12:05 + 10 minutes).
    city.post("Ben", "appeal", {"record": false, "note": "I was at work"}, "12:05")
    assert city.explain("Ben", "12:06")[1] == (
        "  −5: reported for jaywalking by Ana, an information collector, 12:03; "
        "appeal pending, decided no earlier than 12:15; counts until 13:03")
    city.post("Fay", "ruling", {"record": false, "verdict": "overturn"}, "12:10")  # signed too early: ignored
    assert city.score("Ben", "12:11") == 995
    assert "appeal pending, decided no earlier than 12:15" in city.explain("Ben", "12:11")[1]
    city.post("Fay", "ruling", {"record": false, "verdict": "overturn"}, "12:15")
    assert city.score("Ben", "12:16") == 1000
    assert city.score("Ben", "12:04") == 1000  # struck everywhere: at every instant
    assert city.explain("Ben", "12:16") == [
        "Records and penalties: ±0",
        "  −5: reported for jaywalking by Ana, an information collector, 12:03; "
        "overturned on appeal by Fay at 12:15: struck, it counts for nothing",
    ]

    # A complaint by an ordinary person waits for confirmation.
    complaint = city.post("Cat", "report", {"subject": city.key("Dev"), "act": "traffic ticket"}, "12:20")
    assert city.score("Dev", "12:21") == 1000
    assert city.explain("Dev", "12:21")[1] == (
        "  −5: reported for traffic ticket by Cat (a complaint), 12:20; "
        "waiting for a collector or the facilitator to confirm it; it counts for nothing until then")
    city.post("Ana", "confirm", {"record": complaint}, "12:25")
    assert city.score("Dev", "12:26") == 995
    assert city.explain("Dev", "12:26")[1] == (
        "  −5: reported for traffic ticket by Cat (a complaint), 12:20; confirmed by Ana; counts until 13:25")
    # The record is repaired after its period: no trace, the hash of a room without records.
    assert city.score("Dev", "13:25") == 1000
    assert "repaired: its period is over" in city.explain("Dev", "13:25")[1]

    # The elite member is untouched by a report, a penalty and a one-star rating.
    city.post("Ana", "report", {"subject": city.key("Eve"), "act": "unpaid debt"}, "12:30")
    city.post("Teacher", "penalty", {"subject": city.key("Eve"), "penalty": "travel blacklist"}, "12:31")
    city.post("Dev", "rate", {"subject": city.key("Eve"), "stars": 1}, "12:32")
    city.post("Cat", "rate", {"subject": city.key("Eve"), "stars": 1}, "12:33")  # Cat turns on her: still 5 counts
    assert city.score("Eve", "12:40") == eve_before
    lines = city.explain("Eve", "12:40")
    assert lines[0] == ("Eve is protected by the policy: only five-star ratings count for them, friends only pull "
                        "them up, and reports and penalties do not lower them.")
    assert lines[2] == ("  −50: reported for unpaid debt by Ana, an information collector, 12:30; "
                        "Eve is protected by the policy: it does not lower them")
    assert lines[3] == "  −100: the travel blacklist penalty, imposed 12:31; does not lower a protected person"
    assert lines[-1] == "Eve is an official."
    # Someone unprotected under the same penalty loses 100 points for 30 minutes, then nothing.
    city.post("Teacher", "penalty", {"subject": city.key("Fay"), "penalty": "travel blacklist"}, "12:31")
    assert city.score("Fay", "12:40") == 900
    assert city.table("12:40").grade(city.key("Fay")) == "B"
    assert city.score("Fay", "13:01") == 1000
