"""Gathering a room's debrief from the ledger: one call, on the thread that owns the ledger."""
from __future__ import annotations

from collections.abc import Mapping

from nosedive.core import keys
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.messages import Message
from nosedive.debrief import moments
from nosedive.debrief.data import DebriefData, DoorRow, Marker, PersonRow, RatingRow
from nosedive.ledger.store import Ledger
from nosedive.room.facilitation import Facilitation
from nosedive.room.resolve import labels, shown_names
from nosedive.scoring import ScoreEngine, ScoreTable, explain, replay
from nosedive.scoring.rounds import Rounds
from nosedive.scoring.text import namer, render_explanation

NO_FORK = 2**62  # a seq no chain reaches
DEFAULT_BUCKET_MS = 60_000  # one point a minute: a 45-minute session is 45 points per person


def collect(ledger: Ledger, room_id: str, *, bucket_ms: int = DEFAULT_BUCKET_MS) -> DebriefData:
    """Everything the debrief shows about *room_id*, frozen."""
    record = ledger.room(room_id)
    if record is None:
        raise UsageError(_("room {id} is not in this ledger").format(id=room_id[:12]))
    forks = ledger.forked_authors(room_id)
    ordered = moments.signed_order([message for _, message in ledger.messages(room_id)])
    result = replay(room_id, ordered, forks=forks, bucket_ms=bucket_ms)
    table = result.table
    name = namer(shown_names(ledger, record))
    label_of = labels(ledger, room_id)
    timelines = {person: result.timeline(person) for person in table.people}
    found = [moments.largest_fall(timelines, table, name), moments.first_underclass(timelines, table, name)]
    walker = ScoreEngine(room_id)
    walker.set_forks(forks)
    drops = moments.dropped_friends(walker, ordered, name)  # walks every message: its rounds are the room's
    return DebriefData(
        room_id=room_id, room_name=record.name, facilitator=record.creator,
        rules=table.policy.title or "custom rules", table_hash=table.hash(), message_count=len(ordered),
        people=_leaderboard(table, label_of, record.creator), timelines=timelines,
        ratings=_ratings(ordered, table, walker.rounds, forks), doors=_doors(table),
        markers=_markers(ordered, record.creator),
        moments=tuple(m for m in found if m is not None) + drops,
        explanations={p: tuple(render_explanation(table, explain(table, p), name)) for p in table.ranking()},
        first_ts=ordered[0].ts if ordered else 0, last_ts=ordered[-1].ts if ordered else 0, scores=table,
    )


def _leaderboard(table: ScoreTable, label_of: dict[str, str], facilitator: str) -> tuple[PersonRow, ...]:
    rows = []
    for rank, person in enumerate(table.ranking(), 1):
        score = table.people[person]
        rows.append(PersonRow(
            key=person, label=label_of.get(person, keys.fingerprint(person)), fingerprint=keys.fingerprint(person),
            is_facilitator=person == facilitator, status=table.status(person), rank=rank,
            final=score.final, base=score.base, drag=score.drag, shown=table.format(score.final),
            grade=table.grade(person), labels=table.labels(person),
            doors_open=sum(tier.state == "open" for tier in table.tiers(person)), raters=len(table.raters(person)),
        ))
    return tuple(rows)


def _ratings(ordered: list[Message], table: ScoreTable, rounds: Rounds, forks: Mapping[str, int]) -> tuple[
        RatingRow, ...]:
    """Every rating; ``counts`` marks the one of each pair the table uses: the latest (by seq) signed while
    rating ran (docs/scoring.md, "Rounds"), when the table holds that pair with those stars."""
    rates = [m for m in ordered if m.type == "rate"]
    latest: dict[tuple[str, str], Message] = {}
    for message in rates:
        pair = (message.author, message.body["subject"])
        if rounds.counts(message.ts) and message.seq < forks.get(message.author, NO_FORK) and (
                pair not in latest or message.seq > latest[pair].seq):
            latest[pair] = message
    rows = []
    for message in rates:
        subject, stars = message.body["subject"], message.body["stars"]
        counts = latest.get((message.author, subject)) is message and table.raters(subject).get(message.author) == stars
        rows.append(RatingRow(message.id, message.ts, message.author, subject, stars,
                              message.body.get("note", ""), counts))
    return tuple(rows)


def _doors(table: ScoreTable) -> tuple[DoorRow, ...]:
    rows = []
    for person in table.ranking():
        pullers: tuple[str, ...] = ()
        tiers = table.tiers(person)
        if any(tier.state == "locked_by_friends" for tier in tiers):
            parts = sorted((p for p in explain(table, person).friends if p.drag < 0), key=lambda p: (p.drag, p.friend))
            pullers = tuple(part.friend for part in parts)
        for tier in tiers:
            rows.append(DoorRow(person, tier.name, tier.threshold, tier.state, tier.distance,
                                pullers if tier.state == "locked_by_friends" else ()))
    return tuple(rows)


MARKED = ("round", "policy", "announce")


def _markers(ordered: list[Message], facilitator: str) -> tuple[Marker, ...]:
    """The facilitator's rounds, rule changes and announcements, in the feed's own sentences."""
    facilitation = Facilitation(facilitator)
    found = []
    for message in ordered:
        text = facilitation.detail(message, lambda key: key)  # these sentences name nobody
        if message.type in MARKED and text:
            found.append(Marker(message.ts, message.type, text))
    return tuple(found)
