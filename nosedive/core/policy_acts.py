"""The policy's social-credit keys: itemised acts, reports and appeals, timed penalties, the elite.

Parsed by :func:`nosedive.core.policy.parse_policy` into one frozen :class:`RecordRules`. Every key
is optional and none is filled in from a preset, so a policy without them keeps its digest (and its
rooms their score hashes). Points are changes on the room's scale, with no more decimals than it
shows; durations are whole minutes or hours (exactly one of the two keys).

    "acts": [{"name": "traffic ticket", "points": "-5", "severity": "minor", "hours": 2}],
    "reports": {"collector_role": "collector", "complaints": "confirm",
                "appeal_minutes": 10, "judge": "facilitator"},
    "penalties": [{"name": "airport", "points": "-1", "minutes": 30},
                  {"name": "double damage", "multiplier": 2, "max_stars": 2, "hours": 24}],
    "elite": {"people": ["<hex key>"], "roles": ["official"]}
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NoReturn

from nosedive.core.errors import MalformedError
from nosedive.core.i18n import _

MINUTE_MS = 60_000
MAX_MINUTES = 365 * 24 * 60
MAX_ITEMS = 40
COMPLAINT_MODES = ("confirm", "at_once")  # a complaint waits for a collector, or counts at once
SEVERITIES = ("minor", "serious", "grave", "good")
ROLE_NAME = re.compile(r"[a-z][a-z0-9-]{0,23}")
FACILITATOR = "facilitator"  # the judge when the policy names no role
RECORD_KEYS = frozenset({"acts", "reports", "penalties", "elite"})

Points = Callable[[Any, str], int]  # parses a signed change on the room's scale (fixed-point)


@dataclass(frozen=True)
class Act:
    """One line of the itemised table: a good deed (points > 0) or an offence (points < 0)."""

    name: str
    points: int  # fixed-point change on the room's scale
    severity: str
    duration_ms: int  # how long a record of it lasts once in force
    description: str = ""


@dataclass(frozen=True)
class Penalty:
    """A timed penalty the facilitator can impose: a flat deduction, or damage multiplied."""

    name: str
    duration_ms: int
    points: int = 0  # fixed-point, ≤ 0: added to the score while it lasts
    multiplier: int = 1  # 2: ratings of at most max_stars signed while it lasts count double
    max_stars: int = 0
    description: str = ""


@dataclass(frozen=True)
class RecordRules:
    """Everything the policy says about records, penalties and the elite (empty: none of it)."""

    acts: Mapping[str, Act] = field(default_factory=lambda: MappingProxyType({}))
    collector_role: str = "collector"
    complaints: str = "confirm"
    appeal_delay_ms: int = 0
    judge: str = FACILITATOR  # "facilitator" or the role whose holders rule on appeals
    penalties: Mapping[str, Penalty] = field(default_factory=lambda: MappingProxyType({}))
    elite_people: frozenset[str] = frozenset()
    elite_roles: frozenset[str] = frozenset()

    @property
    def has_elite(self) -> bool:
        return bool(self.elite_people or self.elite_roles)

    def is_elite(self, person: str, roles: frozenset[str]) -> bool:
        """Whether *person*, holding *roles*, is protected by the policy."""
        return person in self.elite_people or bool(roles & self.elite_roles)


NO_RECORDS = RecordRules()


def _fail(where: str, text: str) -> NoReturn:
    raise MalformedError(_("policy {where}: {text}").format(where=where, text=text))


def _obj(value: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        _fail(where, _("must be an object"))
    unknown = set(value) - allowed
    if unknown:
        _fail(where, _("unknown key(s) {unknown}; allowed: {allowed}").format(
            unknown=sorted(unknown), allowed=sorted(allowed)))
    return value


def _whole(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        _fail(where, _("must be a whole number from {low} to {high}, not {value!r}").format(
            low=low, high=high, value=value))
    return value


def _duration(entry: Mapping[str, Any], where: str) -> int:
    """Exactly one of "minutes" or "hours", in milliseconds."""
    if ("minutes" in entry) == ("hours" in entry):
        _fail(where, _("needs a duration: \"minutes\" or \"hours\" (one of them)"))
    if "minutes" in entry:
        return _whole(entry["minutes"], f"{where}.minutes", 1, MAX_MINUTES) * MINUTE_MS
    return _whole(entry["hours"], f"{where}.hours", 1, MAX_MINUTES // 60) * 60 * MINUTE_MS


def _role(value: Any, where: str) -> str:
    if not isinstance(value, str) or not ROLE_NAME.fullmatch(value):
        _fail(where, _("a role is 1-24 lowercase letters, digits or dashes, starting with a letter"))
    return value


def _items(value: Any, where: str) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        _fail(where, _("must be a list of at most {MAX_ITEMS} entries").format(MAX_ITEMS=MAX_ITEMS))
    return value


def _acts(value: Any, points: Points, text: Callable[[Any, str, int], str]) -> dict[str, Act]:
    acts: dict[str, Act] = {}
    for i, item in enumerate(_items(value, "acts")):
        where = f"acts[{i}]"
        entry = _obj(item, where, {"name", "points", "severity", "minutes", "hours", "description"})
        if "name" not in entry or "points" not in entry:
            _fail(where, _("needs a name and points"))
        name = text(entry["name"], f"{where}.name", 60)
        if not name.strip() or name in acts:
            _fail(where, _("needs a name of its own (names must be different from each other)"))
        severity = entry.get("severity", "good" if str(entry["points"]).lstrip()[:1] != "-" else "minor")
        if severity not in SEVERITIES:
            _fail(f"{where}.severity", _("must be one of {severities}").format(severities=', '.join(SEVERITIES)))
        acts[name] = Act(name, points(entry["points"], f"{where}.points"), severity, _duration(entry, where),
                         text(entry.get("description", ""), f"{where}.description", 200))
    return acts


def _penalties(value: Any, points: Points, text: Callable[[Any, str, int], str]) -> dict[str, Penalty]:
    penalties: dict[str, Penalty] = {}
    for i, item in enumerate(_items(value, "penalties")):
        where = f"penalties[{i}]"
        entry = _obj(item, where, {"name", "points", "multiplier", "max_stars", "minutes", "hours", "description"})
        name = text(entry.get("name", ""), f"{where}.name", 60)
        if not name.strip() or name in penalties:
            _fail(where, _("needs a name of its own (names must be different from each other)"))
        deduction = points(entry.get("points", "0"), f"{where}.points")
        multiplier = _whole(entry.get("multiplier", 1), f"{where}.multiplier", 1, 2)
        max_stars = _whole(entry.get("max_stars", 2 if multiplier > 1 else 0), f"{where}.max_stars", 0, 5)
        if deduction > 0:
            _fail(f"{where}.points", _("a penalty deducts: points must be 0 or less"))
        if deduction == 0 and (multiplier == 1 or max_stars == 0):
            _fail(where, _("does nothing: give it points below 0, or multiplier 2 with max_stars"))
        penalties[name] = Penalty(name, _duration(entry, where), deduction, multiplier, max_stars,
                                  text(entry.get("description", ""), f"{where}.description", 200))
    return penalties


def parse_records(raw: Mapping[str, Any], points: Points, text: Callable[[Any, str, int], str]) -> RecordRules:
    """The record rules of a resolved policy (*points* and *text* are the policy's own field parsers)."""
    if not RECORD_KEYS & raw.keys():
        return NO_RECORDS
    reports = _obj(raw.get("reports", {}), "reports", {"collector_role", "complaints", "appeal_minutes", "judge"})
    complaints = reports.get("complaints", "confirm")
    if complaints not in COMPLAINT_MODES:
        _fail("reports.complaints", _("must be \"confirm\" (a collector or the facilitator confirms a complaint) "
                                      "or \"at_once\" (every complaint counts as filed)"))
    judge = reports.get("judge", FACILITATOR)
    elite = _obj(raw.get("elite", {}), "elite", {"people", "roles"})
    people = elite.get("people", [])
    if not isinstance(people, list) or len(people) > MAX_ITEMS or not all(
            isinstance(p, str) and len(p) == 64 and set(p) <= set("0123456789abcdef") for p in people):
        _fail("elite.people", _("must be a list of at most {MAX_ITEMS} hex keys").format(MAX_ITEMS=MAX_ITEMS))
    roles = elite.get("roles", [])
    if not isinstance(roles, list) or len(roles) > MAX_ITEMS:
        _fail("elite.roles", _("must be a list of at most {MAX_ITEMS} roles").format(MAX_ITEMS=MAX_ITEMS))
    return RecordRules(
        acts=MappingProxyType(_acts(raw.get("acts", []), points, text)),
        collector_role=_role(reports.get("collector_role", "collector"), "reports.collector_role"),
        complaints=str(complaints),
        appeal_delay_ms=_whole(reports.get("appeal_minutes", 0), "reports.appeal_minutes", 0, MAX_MINUTES)
        * MINUTE_MS,
        judge=judge if judge == FACILITATOR else _role(judge, "reports.judge"),
        penalties=MappingProxyType(_penalties(raw.get("penalties", []), points, text)),
        elite_people=frozenset(people),
        elite_roles=frozenset(_role(r, f"elite.roles[{i}]") for i, r in enumerate(roles)),
    )
