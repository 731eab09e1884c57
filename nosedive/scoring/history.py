"""A room's score timeline replayed from its messages, for debriefs and charts.

:meth:`ScoreEngine.history` is what one node saw, in the order it saw it, since
it started. :func:`replay` instead rebuilds how everyone's score moved from the
messages' signed timestamps, so it is the same on every node and survives a
restart: messages are applied in (timestamp, author, seq) order, one time
bucket at a time, and each person's final score is recorded after every bucket
that changed it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    engine = _engine(room_id, forks)
    timelines: dict[str, list[tuple[int, int]]] = {}
    for stamp, bucket in _buckets(messages, bucket_ms):
        changed = engine.apply(bucket)
        table = engine.table()
        for person in sorted(changed):
            if person in table.people:
                timelines.setdefault(person, []).append((stamp, table.people[person].final))
    return Replay(engine.table(), {person: tuple(points) for person, points in timelines.items()})


def timeline_of(
    room_id: str,
    messages: Iterable[Message],
    person: str,
    *,
    forks: Mapping[str, int] | None = None,
    bucket_ms: int = 60_000,
) -> Timeline:
    """``replay(...).timeline(person)`` for less: a table only for the buckets that moved *person*."""
    engine = _engine(room_id, forks)
    points: list[tuple[int, int]] = []
    for stamp, bucket in _buckets(messages, bucket_ms):
        if person in engine.apply(bucket):
            score = engine.table().people.get(person)
            if score is not None:
                points.append((stamp, score.final))
    return tuple(points)


def bucket_for(first_ts: int, last_ts: int, *, most: int, unit_ms: int = 60_000) -> int:
    """The fewest whole *unit_ms* per bucket that cut first_ts..last_ts into about *most* buckets
    (every bucket costs one recount of the room, so a chart of a long day stays quick to replay)."""
    span = max(last_ts - first_ts, 0)
    return unit_ms * max(1, -(-span // (unit_ms * most)))


def _engine(room_id: str, forks: Mapping[str, int] | None) -> ScoreEngine:
    engine = ScoreEngine(room_id)
    if forks:
        engine.set_forks(forks)
    return engine


def _buckets(messages: Iterable[Message], bucket_ms: int) -> Iterator[tuple[int, Sequence[Message]]]:
    """(bucket end ts, its messages) in (timestamp, author, seq) order, one *bucket_ms* at a time."""
    if bucket_ms <= 0:
        raise ValueError("bucket_ms must be positive")
    ordered = sorted(messages, key=lambda m: (m.ts, m.author, m.seq, m.id))
    start = 0
    while start < len(ordered):
        bucket = ordered[start].ts // bucket_ms
        end = start
        while end < len(ordered) and ordered[end].ts // bucket_ms == bucket:
            end += 1
        yield (bucket + 1) * bucket_ms, ordered[start:end]
        start = end
