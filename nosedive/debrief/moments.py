"""Key moments for the discussion, found in the replayed timelines and the signed friend messages.

All three are deterministic: they depend on the messages alone, walked in the same signed-time
order as :func:`nosedive.scoring.history.replay` — (timestamp, author, seq, id).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from nosedive.core.i18n import _
from nosedive.core.messages import Message
from nosedive.debrief.data import Moment, Timeline
from nosedive.scoring import ScoreEngine, ScoreTable, explain

Namer = Callable[[str], str]
MAX_DROPS = 5  # the discussion needs the clearest few, not every one


def signed_order(messages: Sequence[Message]) -> list[Message]:
    return sorted(messages, key=lambda m: (m.ts, m.author, m.seq, m.id))


def largest_fall(timelines: Mapping[str, Timeline], table: ScoreTable, name: Namer) -> Moment | None:
    """The biggest drop of anyone's score from one point of their timeline to the next."""
    best: tuple[int, int, str, int, int] | None = None  # (−fall, ts, person, before, after)
    for person in sorted(timelines):
        previous = table.policy.prior_value
        for ts, final in timelines[person]:
            candidate = (final - previous, ts, person, previous, final)
            if final < previous and (best is None or candidate < best):
                best = candidate
            previous = final
    if best is None:
        return None
    _fall, ts, person, before, after = best
    return Moment("largest-fall", ts, person,
                  _("{name} fell {amount}, from {before} to {after}.").format(
                      name=name(person), amount=table.format(before - after), before=table.format(before),
                      after=table.format(after)), before, after)


def first_underclass(timelines: Mapping[str, Timeline], table: ScoreTable, name: Namer) -> Moment | None:
    """The first person whose score fell below the second-lowest grade (into the lowest, "Underclass")."""
    grades = table.policy.grades
    if len(grades) < 2:
        return None
    line, lowest = grades[1].min, grades[0].name
    first: tuple[int, str, int, int] | None = None
    for person in sorted(timelines):
        previous = table.policy.prior_value
        for ts, final in timelines[person]:
            if previous >= line > final:
                if first is None or (ts, person) < first[:2]:
                    first = (ts, person, previous, final)
                break
            previous = final
    if first is None:
        return None
    ts, person, before, after = first
    return Moment("first-underclass", ts, person,
                  _("{name} was the first to fall into {grade}: {score}.").format(
                      name=name(person), grade=lowest, score=table.format(after)), before, after)


def dropped_friends(engine: ScoreEngine, ordered: Sequence[Message], name: Namer) -> tuple[Moment, ...]:
    """Each end of a mutual friendship where the friend's pull had been costing the one who ended it.

    *engine* (fresh, forks set) takes in every message, in signed order; just before such an
    unfriend it reads the friend's drag (:func:`nosedive.scoring.explain`), just after it the new score.
    """
    says: dict[tuple[str, str], bool] = {}
    found: list[Moment] = []
    start = 0
    for index, message in enumerate(ordered):
        if message.type != "friend":
            continue
        subject, on = message.body["subject"], bool(message.body["on"])
        author = message.author
        if not on and says.get((author, subject)) and says.get((subject, author)):
            engine.apply(ordered[start:index])
            before_table = engine.table()
            pull = next((p.drag for p in explain(before_table, author).friends if p.friend == subject), 0)
            engine.apply([message])
            start = index + 1
            before, after = before_table.score(author).final, engine.table().score(author).final
            if pull < 0 and after > before:
                fmt = before_table.format
                found.append(Moment(
                    "dropped-friend", message.ts, author,
                    _("{name} dropped {friend} as a friend and rose from {before} to {after}.").format(
                        name=name(author), friend=name(subject), before=fmt(before), after=fmt(after)),
                    before, after, subject))
        says[(author, subject)] = on
    engine.apply(ordered[start:])
    return tuple(sorted(found, key=lambda m: (m.before - m.after, m.ts, m.person))[:MAX_DROPS])
