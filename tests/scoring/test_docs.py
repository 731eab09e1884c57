"""docs/scoring.md's worked example: every number in it is recomputed here."""
from __future__ import annotations

import re
from pathlib import Path

from nosedive.core.identity import Identity
from nosedive.scoring import ScoreEngine, ScoreTable
from nosedive.scoring.explain import explain, what_if_unfriend
from nosedive.scoring.text import render_explanation, render_what_if

from .helpers import Room

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"


def block(name: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- worked-example:{name} -->\n```text\n(.*?)\n```", text, re.S)
    assert match, f"docs/scoring.md lost its {name} block"
    return match.group(1).split("\n")


def example() -> tuple[ScoreTable, dict[str, Identity]]:
    room = Room()
    who: dict[str, Identity] = {"Teacher": room.facilitator}
    for line in block("messages"):
        for name in line.split()[1:3]:
            who.setdefault(name, Identity.generate())
    for name, identity in who.items():
        room.post(identity, "profile", {"name": name})
    for line in block("messages"):
        kind, a, b, *stars = line.split()
        if kind == "rate":
            room.rate(who[a], who[b], int(stars[0]))
        else:
            room.befriend(who[a], who[b])
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    return engine.table(), who


def test_the_worked_example_scores_are_what_the_doc_says() -> None:
    table, who = example()
    computed = set()
    for name, identity in who.items():
        score = table.people[identity.public_hex]
        computed.add((name, table.format(score.base), table.format_signed(score.drag), table.format(score.final)))
    assert computed == {tuple(line.split()) for line in block("scores")}


def test_the_worked_example_explanation_is_what_the_doc_prints() -> None:
    table, who = example()
    names = {identity.public_hex: name for name, identity in who.items()}
    ana, dev = who["Ana"].public_hex, who["Dev"].public_hex
    lines = render_explanation(table, explain(table, ana), names.__getitem__)
    lines += [""] + render_what_if(table, what_if_unfriend(table, ana, dev), names.__getitem__,
                                   "What if Ana and Dev stopped being friends?")
    assert lines == block("explain")


def test_the_debrief_names_who_locked_whose_door() -> None:
    from nosedive.cli.scores import locked_by_friends_lines

    table, who = example()
    names = {identity.public_hex: name for name, identity in who.items()}
    assert locked_by_friends_lines(table, names.__getitem__) == ["Ana: Bank loan (pulled down by Dev)"]
