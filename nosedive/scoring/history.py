"""A room's score timeline replayed from its messages, for debriefs and charts.

:meth:`ScoreEngine.history` is what one node saw, in the order it saw it, since
it started. :func:`replay` instead rebuilds how everyone's score moved from the
messages' signed timestamps, so it is the same on every node and survives a
restart: messages are applied in (timestamp, author, seq) order, one time
bucket at a time, and each person's final score is recorded after every bucket
that changed it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nosedive.core.messages import Message
from nosedive.scoring.engine import ScoreEngine
from nosedive.scoring.table import ScoreTable

Timeline = tuple[tuple[int, int], ...]  # (bucket end ts in ms, final score), oldest first


@dataclass(frozen=True)
class Replay:
    table: ScoreTable  # the scores after the last message
    timelines: Mapping[str, Timeline]

    def timeline(self, person: str) -> Timeline:
        return self.timelines.get(person, ())


def replay(
    room_id: str,
    messages: Iterable[Message],
    *,
    forks: Mapping[str, int] | None = None,
    bucket_ms: int = 60_000,
) -> Replay:
    """Replay *messages* in signed-time order, *bucket_ms* at a time."""
    if bucket_ms <= 0:
        raise ValueError("bucket_ms must be positive")
    ordered = sorted(messages, key=lambda m: (m.ts, m.author, m.seq, m.id))
    engine = ScoreEngine(room_id)
    if forks:
        engine.set_forks(forks)
    timelines: dict[str, list[tuple[int, int]]] = {}
    start = 0
    while start < len(ordered):
        bucket = ordered[start].ts // bucket_ms
        end = start
        while end < len(ordered) and ordered[end].ts // bucket_ms == bucket:
            end += 1
        changed = engine.apply(ordered[start:end])
        table = engine.table()
        stamp = (bucket + 1) * bucket_ms
        for person in sorted(changed):
            if person in table.people:
                timelines.setdefault(person, []).append((stamp, table.people[person].final))
        start = end
    return Replay(engine.table(), {person: tuple(points) for person, points in timelines.items()})
