"""The policy's keys for groups and chain penalties, agencies, and joint punishment (issue 16).

Parsed by :func:`nosedive.core.policy.parse_policy` into one frozen :class:`Society`. Every key is
optional and none is filled in from a preset, so a policy without them keeps its digest (and its
rooms their score hashes). Factors are decimal strings from 0 to 1; bounds are fractions of a
scale's span (``"0.05"``: 5 % of it, 30 points on a 600-point scale), so one number fits every agency.

    "groups": {"kinds": [{"name": "family", "by": "facilitator", "relation": "relative",
                          "group": "0.5", "members": "0.5", "parent": "0", "agency": ""}],
               "bound": "0.05", "total_bound": "0.15", "past": "keep"},
    "agencies": [{"name": "court", "title": "The People's Court", "scale": {...}, "start": "100",
                  "acts": [...], "tiers": [...], "grades": [...]}],
    "joint": [{"agency": "court", "list": "blacklist", "title": "the defaulters' blacklist",
               "acts": ["defied a court order"], "below": "40",
               "closes": [{"agency": "transport", "door": "Flights"}], "opens": []}]
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NoReturn

from nosedive.core.errors import MalformedError
from nosedive.core.i18n import _
from nosedive.core.policy_acts import ROLE_NAME, Act, _acts

SOCIETY_KEYS = frozenset({"groups", "agencies", "joint"})
PPM = 1_000_000
MAX_KINDS = 12
MAX_AGENCIES = 8
MAX_LISTS = 16
CREATORS = ("facilitator", "anyone")  # who may create a group of a kind (and so who must consent)
PASTS = ("keep", "drop")  # what a member's leaving does to chain effects already in force
Text = Callable[[Any, str, int], str]


@dataclass(frozen=True)
class GroupKind:
    """A kind of group (family, employer, vehicle): who makes it, and how a record travels through it."""

    name: str
    by: str  # "facilitator" | "anyone"
    relation: str  # how a fellow member is called in a sentence: "relative", "colleague"
    to_group: int  # PPM: share of a member's record that hits the group's own score
    to_members: int  # PPM: share that hits each fellow member
    to_parent: int  # PPM: share of what hits the group that passes on to its parent group
    agency: str = ""  # the framework whose score the group shows ("": the room's own)


@dataclass(frozen=True)
class Agency:
    """One scoring framework over the same people: its own scale, acts and doors."""

    name: str
    title: str
    low: int
    high: int
    decimals: int
    unit: str
    start: int  # everyone's score before any record
    acts: Mapping[str, Act]
    tiers: tuple[Any, ...]  # nosedive.core.policy.Tier, ascending
    grades: tuple[Any, ...]

    def grade(self, score: int) -> str:
        reached = [grade.name for grade in self.grades if score >= grade.min]
        return reached[-1] if reached else ""

    def format(self, value: int) -> str:
        step = 1_000_000 // 10**self.decimals
        units = abs(value) // step
        sign = "-" if value < 0 else ""
        if self.decimals == 0:
            return f"{sign}{units}"
        return f"{sign}{units // 10**self.decimals}.{units % 10**self.decimals:0{self.decimals}d}"

    def format_signed(self, value: int) -> str:
        return "±" + self.format(0) if value == 0 else ("+" if value > 0 else "−") + self.format(abs(value))


@dataclass(frozen=True)
class Door:
    agency: str
    door: str


@dataclass(frozen=True)
class JointList:
    """A list an agency keeps (a blacklist, a red list), how one gets on it, and which doors it moves."""

    agency: str
    list: str
    title: str
    acts: frozenset[str]  # a record of one of these acts in force puts the subject on the list
    below: int | None  # a score below this (on the agency's scale) does too
    closes: tuple[Door, ...]
    opens: tuple[Door, ...]


@dataclass(frozen=True)
class Society:
    """Groups, agencies and joint punishment of a policy (empty: none of it)."""

    kinds: Mapping[str, GroupKind] = field(default_factory=lambda: MappingProxyType({}))
    bound: int = 0  # PPM of a scale's span: what one record may move anyone else by, at most
    total_bound: int = 0  # PPM of the span: what all chains together may move one person or group by
    past: str = "keep"
    agencies: Mapping[str, Agency] = field(default_factory=lambda: MappingProxyType({}))
    lists: tuple[JointList, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.kinds or self.agencies)


NO_SOCIETY = Society()


def _fail(where: str, text: str) -> NoReturn:
    raise MalformedError(_("policy {where}: {text}").format(where=where, text=text))


def _obj(value: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        _fail(where, _("must be an object"))
    unknown = set(value) - allowed
    if unknown:
        _fail(where, _("unknown key(s) {unknown}; allowed: {allowed}").format(unknown=sorted(unknown),
                                                                               allowed=sorted(allowed)))
    return value


def _list(value: Any, where: str, most: int) -> list[Any]:
    if not isinstance(value, list) or len(value) > most:
        _fail(where, _("must be a list of at most {MAX_ITEMS} entries").format(MAX_ITEMS=most))
    return value


def _name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not ROLE_NAME.fullmatch(value):
        _fail(where, _("a name is 1-24 lowercase letters, digits or dashes, starting with a letter"))
    return value


def _fraction(value: Any, where: str) -> int:
    from nosedive.core.policy import fixed  # late: nosedive.core.policy imports this module
    parsed = fixed(value, where, PPM)
    if not 0 <= parsed <= PPM:
        _fail(where, _("must be a fraction from 0 to 1"))
    return parsed


def _agency(i: int, item: Any, text: Text) -> Agency:
    from nosedive.core.policy import _Scale, _thresholds, fixed
    where = f"agencies[{i}]"
    entry = _obj(item, where, {"name", "title", "scale", "start", "acts", "tiers", "grades"})
    scale = _obj(entry.get("scale", {}), f"{where}.scale", {"min", "max", "decimals", "unit"})
    low, high = fixed(scale.get("min", 0), f"{where}.scale.min"), fixed(scale.get("max", 1000), f"{where}.scale.max")
    decimals = scale.get("decimals", 0)
    if low >= high or isinstance(decimals, bool) or decimals not in range(7):
        _fail(f"{where}.scale", _("needs min below max and 0 to 6 decimals"))
    on_scale = _Scale(low, high, decimals)
    try:
        acts = _acts(entry.get("acts", []), on_scale.change, text)
    except MalformedError as error:
        raise MalformedError(str(error).replace("policy acts", f"policy {where}.acts")) from None
    return Agency(_name(entry.get("name"), f"{where}.name"), text(entry.get("title", ""), f"{where}.title", 80),
                  low, high, decimals, text(scale.get("unit", ""), f"{where}.scale.unit", 10),
                  on_scale.point(entry.get("start", scale.get("max", 1000)), f"{where}.start"),
                  MappingProxyType(acts), _thresholds(entry.get("tiers", []), f"{where}.tiers", on_scale),
                  _thresholds(entry.get("grades", []), f"{where}.grades", on_scale))


def _kinds(value: Any, agencies: Mapping[str, Agency], text: Text) -> dict[str, GroupKind]:
    kinds: dict[str, GroupKind] = {}
    for i, item in enumerate(_list(value, "groups.kinds", MAX_KINDS)):
        where = f"groups.kinds[{i}]"
        entry = _obj(item, where, {"name", "by", "relation", "group", "members", "parent", "agency"})
        name = _name(entry.get("name"), f"{where}.name")
        by = entry.get("by", "anyone")
        if by not in CREATORS or name in kinds:
            _fail(where, _("needs a name of its own and \"by\": \"facilitator\" or \"anyone\""))
        agency = entry.get("agency", "")
        if agency and agency not in agencies:
            _fail(f"{where}.agency", _("no agency {agency!r} in this policy").format(agency=agency))
        kinds[name] = GroupKind(name, by, text(entry.get("relation", "fellow member"), f"{where}.relation", 30),
                                _fraction(entry.get("group", "0"), f"{where}.group"),
                                _fraction(entry.get("members", "0"), f"{where}.members"),
                                _fraction(entry.get("parent", "0"), f"{where}.parent"), agency)
    return kinds


def _doors(value: Any, where: str, agencies: Mapping[str, Agency]) -> tuple[Door, ...]:
    doors = []
    for i, item in enumerate(_list(value, where, MAX_LISTS)):
        entry = _obj(item, f"{where}[{i}]", {"agency", "door"})
        agency = agencies.get(entry.get("agency", ""))
        if agency is None or entry.get("door") not in {tier.name for tier in agency.tiers}:
            _fail(f"{where}[{i}]", _("must name an agency of this policy and one of its doors (tiers)"))
        doors.append(Door(agency.name, entry["door"]))
    return tuple(doors)


def _lists(value: Any, agencies: Mapping[str, Agency], text: Text) -> tuple[JointList, ...]:
    from nosedive.core.policy import fixed
    lists = []
    for i, item in enumerate(_list(value, "joint", MAX_LISTS)):
        where = f"joint[{i}]"
        entry = _obj(item, where, {"agency", "list", "title", "acts", "below", "closes", "opens"})
        agency = agencies.get(entry.get("agency", ""))
        if agency is None:
            _fail(f"{where}.agency", _("must name an agency of this policy"))
        acts = _list(entry.get("acts", []), f"{where}.acts", 40)
        if not set(acts) <= set(agency.acts):
            _fail(f"{where}.acts", _("must be acts of the {agency} agency").format(agency=agency.name))
        below = None if "below" not in entry else fixed(entry["below"], f"{where}.below")
        if not acts and below is None:
            _fail(where, _("says nobody gets on it: give it acts, or a score it starts \"below\""))
        lists.append(JointList(agency.name, text(entry.get("list", "blacklist"), f"{where}.list", 30),
                               text(entry.get("title", ""), f"{where}.title", 80), frozenset(acts), below,
                               _doors(entry.get("closes", []), f"{where}.closes", agencies),
                               _doors(entry.get("opens", []), f"{where}.opens", agencies)))
    return tuple(lists)


def parse_society(raw: Mapping[str, Any], text: Text) -> Society:
    """The groups, agencies and lists of a resolved policy (*text* is the policy's own text parser)."""
    if not SOCIETY_KEYS & raw.keys():
        return NO_SOCIETY
    agencies: dict[str, Agency] = {}
    for i, item in enumerate(_list(raw.get("agencies", []), "agencies", MAX_AGENCIES)):
        agency = _agency(i, item, text)
        if agency.name in agencies:
            _fail(f"agencies[{i}].name", _("names must be different from each other"))
        agencies[agency.name] = agency
    groups = _obj(raw.get("groups", {}), "groups", {"kinds", "bound", "total_bound", "past"})
    past = groups.get("past", "keep")
    if past not in PASTS:
        _fail("groups.past", _("must be \"keep\" (a leaver still carries what was in force) or \"drop\""))
    bound = _fraction(groups.get("bound", "0.05"), "groups.bound")
    total = _fraction(groups.get("total_bound", "0.15"), "groups.total_bound")
    if total < bound:
        _fail("groups.total_bound", _("must be at least the bound of one record"))
    return Society(MappingProxyType(_kinds(groups.get("kinds", []), agencies, text)), bound, total, str(past),
                   MappingProxyType(agencies), _lists(raw.get("joint", []), agencies, text))
