"""docs/scoring.md's records example is what the engine says."""
from __future__ import annotations

from .test_docs import block
from .test_records_scenario import City


def test_the_records_worked_example_is_what_explain_prints() -> None:
    city = City()
    for name, role in (("Ana", "collector"), ("Fay", "court")):
        city.post("Teacher", "role", {"subject": city.key(name), "role": role, "on": True}, "12:01")
    record = city.post("Ana", "report", {"subject": city.key("Ben"), "act": "jaywalking"}, "12:03")
    city.post("Ben", "appeal", {"record": record}, "12:05")
    assert city.score("Ben", "12:06") == 995
    assert city.explain("Ben", "12:06") == block("records")
    city.post("Fay", "ruling", {"record": record, "verdict": "overturn"}, "12:10")
    assert city.score("Ben", "12:11") == 995
    city.post("Fay", "ruling", {"record": record, "verdict": "overturn"}, "12:15")
    assert city.score("Ben", "12:06") == city.score("Ben", "12:16") == 1000
