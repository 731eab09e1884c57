"""docs/scoring.md's groups, agencies and joint-punishment example is what the engine says."""
from __future__ import annotations

from nosedive.core.policy import ONE
from nosedive.scoring.society_text import explain_society, render_agency

from .test_docs import block
from .test_society_scenario import town


def test_the_society_worked_example_is_what_explain_prints() -> None:
    t = town()
    t.post("Dan", "report", {"subject": t.key("Ben"), "act": "jaywalking"}, "12:05")
    t.post("Dan", "report", {"subject": t.key("Ben"), "act": "ran a red light", "agency": "transport"}, "12:05")
    record = t.post("Teacher", "report", {"subject": t.key("Ana"), "act": "defied a court order", "agency": "court"},
                    "12:06")
    table = t.table("12:10")
    assert table.score(t.key("Ana")).final == 2_850_000
    assert explain_society(table, t.key("Ana"), t.name) == ["", *block("society")]
    society = table.society
    assert society is not None
    assert society.group_score(t.groups["Truck 7"], "transport") == 9 * ONE
    assert society.group_score(t.groups["Swift Logistics"], "transport") == 9 * ONE
    assert society.score("transport", t.key("Cat")) == 11_400_000 and society.chain_of(t.key("Olga")) == 0
    t.post("Ana", "appeal", {"record": record}, "12:07")
    t.post("Eve", "ruling", {"record": record, "verdict": "overturn"}, "12:30")
    assert render_agency(t.table("12:31"), "transport", t.key("Ana"), t.name) == block("society-after")
