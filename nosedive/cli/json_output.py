"""``--json`` for ``scores``, ``explain``, ``history``, ``log``, ``rooms``, ``id``, ``whatif``/``compare``,
``groups`` and ``agencies``: stable, for scripts.

Every document is one JSON object with ``"format": 1`` (a field is only ever added within a
format; a change that breaks readers bumps it). Numbers on the room's scale come twice: as the
room shows them (``"4.237"``, truncated like the app) and as fixed-point integers in millionths
(``*_fixed``), so a script can compute without floats. Every field is in ``docs/cli-json.md``.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from nosedive.core import keys
from nosedive.core.identity import Identity
from nosedive.core.messages import Message
from nosedive.ledger.records import RoomRecord
from nosedive.scoring import ScoreTable, explain
from nosedive.scoring.society_text import chain_sentence, render_agency, shown, signed
from nosedive.scoring.table import PersonScore, TierStatus

FORMAT = 1
Namer = Callable[[str], str]


def emit(document: Mapping[str, Any]) -> int:
    """Print *document* as one line of JSON (UTF-8, keys sorted) and succeed."""
    print(json.dumps({"format": FORMAT, **document}, ensure_ascii=False, sort_keys=True))
    return 0


def room_json(room: RoomRecord) -> dict[str, Any]:
    return {"id": room.id, "name": room.name, "facilitator": room.creator, "created_ts": room.created_ts,
            "people": room.members}


def _person(key: str, name: Namer) -> dict[str, Any]:
    return {"key": key, "fingerprint": keys.fingerprint(key), "label": name(key)}


def _value(table: ScoreTable, prefix: str, value: int) -> dict[str, Any]:
    return {prefix: table.format(value), f"{prefix}_fixed": value}


def _score(table: ScoreTable, score: PersonScore) -> dict[str, Any]:
    return {**_value(table, "final", score.final), **_value(table, "base", score.base),
            **_value(table, "drag", score.drag)}


def _door(table: ScoreTable, tier: TierStatus) -> dict[str, Any]:
    return {"name": tier.name, "state": tier.state, "opened_by_friends": tier.opened_by_friends,
            **_value(table, "threshold", tier.threshold), **_value(table, "distance", tier.distance)}


def scores_json(room: RoomRecord, table: ScoreTable, name: Namer) -> dict[str, Any]:
    people = []
    for rank, key in enumerate(table.ranking(), 1):
        doors = table.tiers(key)
        people.append({"rank": rank, **_person(key, name), **_score(table, table.people[key]),
                       "grade": table.grade(key), "labels": list(table.labels(key)), "status": table.status(key),
                       "doors_open": sum(door.state == "open" for door in doors),
                       "doors": [_door(table, door) for door in doors]})
    return {"room": room_json(room), "policy": {"title": table.policy.title, "digest": table.policy.digest},
            "hash": table.hash(), "doors_total": len(table.policy.tiers), "people": people}


def explain_json(room: RoomRecord, table: ScoreTable, person: str, name: Namer) -> dict[str, Any]:
    ex = explain(table, person)
    raters = [{**_person(part.rater, name), "stars": part.stars, **_value(table, "value", part.value),
               **_value(table, "rater_score", part.rater_score), "weight_thousandths": part.weight,
               "share_ppm": part.share, "doubled": part.doubled} for part in ex.raters]
    friends = [{**_person(part.friend, name), **_value(table, "friend_base", part.friend_base),
                "fraction_ppm": part.fraction, **_value(table, "drag", part.drag)} for part in ex.friends]
    return {"room": room_json(room), "person": _person(person, name), "score": _score(table, ex.score),
            "grade": ex.grade, "labels": list(ex.labels),
            "prior": {**_value(table, "value", ex.prior_value), "count": ex.prior_count, "share_ppm": ex.prior_share},
            "raters": raters, "friends": friends, "doors": [_door(table, tier) for tier in ex.tiers]}


def agencies_json(table: ScoreTable, person: str, name: Namer, *, mine: bool) -> list[dict[str, Any]]:
    """Each agency's score of *person*, grade, lists and doors (``[]`` for a room without agencies)."""
    society = table.society
    if not society:
        return []
    result = []
    for agency in table.policy.society.agencies.values():
        value = society.score(agency.name, person)
        result.append({
            "name": agency.name, "title": agency.title, "score": shown(table, agency.name, value), "score_fixed": value,
            "grade": agency.grade(value), "lists": [x.list for x in society.lists_of(person, agency.name)],
            "doors": [{"name": d.name, "state": d.state, "threshold_fixed": d.threshold, "locked_by": d.locked_by,
                       "opened_by": d.opened_by} for d in society.doors(agency.name, person)],
            "lines": render_agency(table, agency.name, person, name, mine=mine)})
    return result


def chains_json(table: ScoreTable, person: str, name: Namer) -> list[dict[str, Any]]:
    """What reaches *person* through groups, one entry per record (``[]`` without groups)."""
    society = table.society
    if not society or society.groups is None:
        return []
    return [{"record": e.record, "subject": _person(e.subject, name), "act": e.act, "agency": e.framework,
             "group": e.group, "factor_ppm": e.factor, "amount": signed(table, e.framework, e.amount),
             "amount_fixed": e.amount, "capped": e.capped, "sentence": chain_sentence(table, e, name, mine=False)}
            for e in society.into(person)]


def history_json(room: RoomRecord, table: ScoreTable, person: str, name: Namer,
                 points: Iterable[tuple[int, int]], minutes: int) -> dict[str, Any]:
    previous, timeline = table.policy.prior_value, []
    for stamp, final in points:
        timeline.append({"ts": stamp, **_value(table, "score", final), **_value(table, "change", final - previous)})
        previous = final
    return {"room": room_json(room), "person": _person(person, name), "minutes": minutes,
            "now": _score(table, table.score(person)), **_value(table, "start", table.policy.prior_value),
            "points": timeline}


def log_json(room: RoomRecord, messages: Iterable[Message], name: Namer,
             describe: Callable[[Message], str]) -> dict[str, Any]:
    entries = [{"id": m.id, "ts": m.ts, "seq": m.seq, "type": m.type, "author": _person(m.author, name),
                "body": dict(m.body), "text": describe(m)} for m in messages]
    return {"room": room_json(room), "messages": entries}


def rooms_json(rooms: Iterable[RoomRecord]) -> dict[str, Any]:
    return {"rooms": [room_json(room) for room in rooms]}


def id_json(identity: Identity, data: str) -> dict[str, Any]:
    return {"fingerprint": identity.fingerprint, "public_key": identity.public_hex, "data": data}
