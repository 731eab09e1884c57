"""The policy's groups, agencies and joint keys: absent keys change nothing; each mistake is one clear sentence;
the group book's rules (who may found, consent both ways, parent links)."""
from __future__ import annotations

import copy
from typing import Any

import pytest

from nosedive.core.errors import MalformedError
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset, parse_policy
from nosedive.core.policy_society import NO_SOCIETY
from nosedive.scoring import ScoreEngine, group_kinds
from nosedive.scoring.group_book import Groups

from .helpers import BASE_TS, Room

MINUTE = 60_000
DIGESTS = {  # as before issue 16: a policy without the new keys keeps its digest, so every room its hashes
    "city": "50d58ce23778307dce311a3fc005ab3c49702be1017f7f5b6175338157eef85f",
    "nosedive": "0a724a16d08cf13b047942259052134f6d5748a33e945023ce2fd382b9f0d4b5",
    "nosedive-airport": "92e687684c6d5b2fb0b48c111b049fe8ac5cd325ca934c0fcaa3aef1e49a43f3",
    "nosedive-harsh": "9a2e901e5908d8cd383f87e83d33ed569c61736aff15fd08939fdae227152d13",
    "sesame": "b08f34a6dbad19596510eabf3454c35b1dcb95acca3a73c6a58c70844f3317ee",
}


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_presets_without_the_keys_keep_their_digest_and_fill_nothing_in(name: str) -> None:
    policy = parse_policy(load_preset(name))
    assert policy.digest == DIGESTS[name]
    assert policy.society is NO_SOCIETY and not {"groups", "agencies", "joint"} & policy.raw.keys()
    assert group_kinds(policy) == ()


def test_a_room_without_the_keys_hashes_as_before() -> None:
    room = Room(policy=load_preset("city"))
    a, b = Identity.generate(), Identity.generate()
    room.rate(a, b, 5)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    table = engine.table(at=BASE_TS + MINUTE)
    assert table.society is None and table.instant is None and table.hash() == engine.table().hash()


def jp(**changes: Any) -> dict[str, Any]:
    policy = copy.deepcopy(load_preset("joint-punishment"))
    for path, value in changes.items():
        where: Any = policy
        *heads, last = path.split("__")
        for head in heads:
            where = where[int(head)] if head.isdigit() else where[head]
        where[int(last) if last.isdigit() else last] = value
    return policy


@pytest.mark.parametrize("changes, words", [
    ({"groups__past": "never"}, "groups.past"),
    ({"groups__bound": "2"}, "groups.bound: must be a fraction from 0 to 1"),
    ({"groups__total_bound": "0.1"}, "groups.total_bound: must be at least the bound of one record"),
    ({"groups__kinds__0__by": "king"}, "groups.kinds[0]"),
    ({"groups__kinds__1__agency": "tax"}, "groups.kinds[1].agency: no agency 'tax'"),
    ({"agencies__0__name": "Bank!"}, "agencies[0].name"),
    ({"agencies__1__start": "13"}, "agencies[1].start: must lie on the scale"),
    ({"agencies__2__acts__0__points": "-600"}, "agencies[2].acts[0].points"),
    ({"joint__0__agency": "police"}, "joint[0].agency: must name an agency"),
    ({"joint__0__acts": ["jaywalking"]}, "joint[0].acts: must be acts of the court agency"),
    ({"joint__0__closes": [{"agency": "transport", "door": "Boats"}]}, "joint[0].closes[0]"),
    ({"joint__1__acts": []}, "joint[1]: says nobody gets on it"),
])
def test_every_mistake_is_one_sentence_naming_where(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(MalformedError, match=words.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        parse_policy(jp(**changes))


def groups_of(room: Room, instant: int) -> Groups:
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    society = engine.table(at=instant).society
    assert society is not None and society.groups is not None
    return society.groups


def test_consent_both_ways_in_either_order_and_who_may_found_what() -> None:
    room = Room(policy=load_preset("joint-punishment"))
    ana, ben, cat = Identity.generate(), Identity.generate(), Identity.generate()
    for who in (ana, ben, cat):
        room.rate(who, room.facilitator, 4, ts=BASE_TS)
    family = room.post(ana, "group", {"kind": "family", "name": "mine"}, ts=BASE_TS)  # the state's kind: ignored
    club = room.post(ana, "group", {"kind": "club", "name": "Chess"}, ts=BASE_TS)
    room.post(ana, "member", {"group": club.id, "subject": ben.public_hex, "on": True}, ts=BASE_TS + MINUTE)
    room.post(cat, "member", {"group": club.id, "subject": cat.public_hex, "on": True}, ts=BASE_TS + MINUTE)
    at = BASE_TS + 2 * MINUTE
    groups = groups_of(room, at)
    assert family.id not in groups.groups
    assert groups.state(club.id, ana.public_hex, at) == "member"  # the founder
    assert groups.state(club.id, ben.public_hex, at) == "invited"
    assert groups.state(club.id, cat.public_hex, at) == "asked"
    room.post(ben, "member", {"group": club.id, "subject": ben.public_hex, "on": True}, ts=BASE_TS + 3 * MINUTE)
    room.post(ana, "member", {"group": club.id, "subject": cat.public_hex, "on": True}, ts=BASE_TS + 4 * MINUTE)
    groups = groups_of(room, BASE_TS + 5 * MINUTE)
    assert groups.members_at(club.id, BASE_TS + 5 * MINUTE) == tuple(sorted((ana.public_hex, ben.public_hex,
                                                                             cat.public_hex)))
    assert not groups.member_at(club.id, ben.public_hex, BASE_TS + 2 * MINUTE)  # history: not yet, then
    room.post(cat, "member", {"group": club.id, "subject": ben.public_hex, "on": False}, ts=BASE_TS + 6 * MINUTE)
    assert groups_of(room, BASE_TS + 7 * MINUTE).member_at(club.id, ben.public_hex, BASE_TS + 7 * MINUTE)  # not Cat's
    room.post(ben, "member", {"group": club.id, "subject": ben.public_hex, "on": False}, ts=BASE_TS + 8 * MINUTE)
    after = groups_of(room, BASE_TS + 9 * MINUTE)
    assert after.state(club.id, ben.public_hex, BASE_TS + 9 * MINUTE) == "left"  # not "invited" by Ana's old add


def test_a_parent_link_counts_for_the_same_owner_or_the_state() -> None:
    room = Room(policy=load_preset("joint-punishment"))
    ana = Identity.generate()
    room.rate(ana, room.facilitator, 4, ts=BASE_TS)
    company = room.post(room.facilitator, "group", {"kind": "employer", "name": "Swift"}, ts=BASE_TS)
    truck = room.post(room.facilitator, "group", {"kind": "vehicle", "name": "Truck", "parent": company.id}, ts=BASE_TS)
    hers = room.post(ana, "group", {"kind": "club", "name": "Inside", "parent": company.id}, ts=BASE_TS)
    groups = groups_of(room, BASE_TS + MINUTE)
    assert groups.groups[truck.id].parent == company.id and groups.groups[hers.id].parent == ""
    assert [g.id for g in groups.chain(truck.id)] == [truck.id, company.id]
