"""Room policy: the scoring parameters, the access tiers and the grades.

A policy is a JSON object (integers and decimal strings only: signed messages
carry no floats). Every key is optional; a missing key takes the value of the
``nosedive`` preset, so ``{}`` is the episode's rules. Rooms created from the
CLI carry the whole preset, so a room scores the same on every version.

Numbers are parsed once into fixed-point integers: scores in millionths of a scale point (:data:`ONE`),
weights in thousandths (:data:`WEIGHT_ONE`) and fractions in millionths (:data:`PPM`). No float downstream.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from nosedive.core import assets
from nosedive.core.errors import MalformedError, UsageError
from nosedive.core.i18n import _
from nosedive.core.policy_acts import NO_RECORDS, RECORD_KEYS, RecordRules, parse_records
from nosedive.core.policy_society import NO_SOCIETY, SOCIETY_KEYS, Society, parse_society
from nosedive.core.text import first_refused

ONE = 1_000_000  # fixed-point unit of a score: 1 point on the room's scale
WEIGHT_ONE = 1_000  # fixed-point unit of a rater's weight
PPM = 1_000_000  # fixed-point unit of a fraction
DEFAULT_PRESET = "nosedive"
_NUMBER = re.compile(r"-?[0-9]{1,9}(\.[0-9]{1,6})?")
_KEYS = frozenset({"format", "title", "description", "scale", "stars", "prior", "weight",
                   "drag", "iterations", "tiers", "grades", "influencer", "double_damage", "admission",
                   "sound", "fade_after_minutes", "sign_alone_after_seconds"}) | RECORD_KEYS | SOCIETY_KEYS
ADMISSION_MODES = ("open", "admit")  # open: the join code lets you in; admit: the facilitator does
DEFAULT_ADMISSION = "open"  # filled in when parsing, never into ``raw``: older rooms keep their digest
MAX_TIERS = 20
_TEN_TO: tuple[int, ...] = tuple(10**n for n in range(7))  # 10**n for the 0-6 decimals a scale shows


@dataclass(frozen=True)
class Tier:
    """A named threshold: a perk (tiers) or a band (grades) that starts at ``min``."""

    name: str
    min: int  # fixed-point, on the room's scale
    description: str = ""


@dataclass(frozen=True)
class Policy:
    """A validated, fully resolved policy. Build it with :func:`parse_policy`."""

    raw: Mapping[str, Any]  # the resolved JSON object (defaults filled in)
    digest: str  # sha256 of the resolved object's canonical JSON
    title: str
    description: str
    low: int
    high: int
    decimals: int
    star_values: tuple[int, int, int, int, int]  # what 1..5 stars are worth on the scale
    prior_value: int
    prior_count: int
    weight_min: int
    weight_max: int
    weight_power: int
    drag_down: int  # PPM: pull toward a lower-scoring friend
    drag_up: int  # PPM: pull toward a higher-scoring friend
    iterations: int
    tiers: tuple[Tier, ...]  # perks, in ascending threshold order
    grades: tuple[Tier, ...]  # bands, ascending; a person is in the highest they reach
    influencer_label: str
    influencer_min_raters: int
    double_damage_max_stars: int  # 0 = off; ratings this low count double ...
    double_damage_hours: int  # ... if given within this many hours of the subject's first such rating
    admission: str = DEFAULT_ADMISSION  # "open" | "admit": who counts (see nosedive.scoring.membership)
    sound: str = "on"  # "on" | "off": the room's apps may chime; never counts in a score
    fade_after_minutes: int = 30  # who is offline this long is marked "left" (lists may hide them); scores keep them
    records: RecordRules = NO_RECORDS  # acts, reports, appeals, penalties, the elite (nosedive.core.policy_acts)
    society: Society = NO_SOCIETY  # groups, agencies, joint punishment (nosedive.core.policy_society)

    def stars_value(self, stars: int) -> int:
        return self.star_values[stars - 1]

    @property
    def step(self) -> int:
        """The smallest difference the display shows (0.001 on a 3-decimal scale)."""
        return ONE // _TEN_TO[self.decimals]

    def shown(self, value: int) -> int:
        """*value* cut down to what the display shows (toward the bottom of the scale)."""
        return value - (value - self.low) % self.step

    def weight_of(self, score: int) -> int:
        """A rater's weight from their score as displayed (truncated)."""
        span = self.high - self.low
        # int ** a positive int is an int; typeshed says Any because a negative power gives a float
        t_num: int = (self.shown(score) - self.low) ** self.weight_power
        span_power: int = span ** self.weight_power
        return self.weight_min + (self.weight_max - self.weight_min) * t_num // span_power

    def grade(self, score: int) -> str:
        reached = [grade.name for grade in self.grades if score >= grade.min]
        return reached[-1] if reached else ""


# --------------------------------------------------------------------------- parsing

def _fail(where: str, text: str, /, **blanks: object) -> NoReturn:  # *text* translated, its blanks in *blanks*
    text, said = text.format(**blanks), _("policy {where}: {text}") if where else _("policy: {text}")
    raise MalformedError(said.format(where=where, text=text))


def fixed(value: Any, where: str, unit: int = ONE) -> int:
    """An integer or a decimal string ("4.2") as a fixed-point integer in *unit*."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        _fail(where, _("must be a whole number or a decimal string such as \"4.2\", not {value!r}"), value=value)
    text = str(value)
    if not _NUMBER.fullmatch(text):
        _fail(where, _("{text!r} is not a number with at most 6 decimals"), text=text)
    negative = text.startswith("-")
    whole, _dot, frac = text.lstrip("-").partition(".")
    scaled = int(whole) * unit + int((frac + "000000")[:6]) * unit // 1_000_000
    if int((frac + "000000")[:6]) * unit % 1_000_000:
        _fail(where, _("{text!r} has more decimals than this field allows"), text=text)
    return -scaled if negative else scaled


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        _fail(where, _("must be a whole number from {low} to {high}, not {value!r}"), low=low, high=high, value=value)
    return value


def _text(value: Any, where: str, limit: int = 200, allow_empty: bool = True) -> str:
    if not isinstance(value, str) or len(value) > limit or (not allow_empty and not value.strip()):
        _fail(where, _("must be text of at most {limit} characters"), limit=limit)
    hidden = first_refused(value, allowed="\n")
    if hidden is not None:  # tier names and rules are shown to everyone: nothing invisible or bidi
        _fail(where, _("must not contain control characters or invisible formatting (found U+{c:04X})"), c=ord(hidden))
    return value


def _obj(value: Any, where: str, keys: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        _fail(where, _("must be an object"))
    unknown = set(value) - keys
    if unknown:
        _fail(where, _("unknown key(s) {unknown}; allowed: {allowed}"), unknown=sorted(unknown), allowed=sorted(keys))
    return value


@dataclass(frozen=True)
class _Scale:
    low: int
    high: int
    decimals: int

    def point(self, value: Any, where: str) -> int:
        """A number on the scale, with no more decimals than the scale shows."""
        parsed = fixed(value, where)
        if not self.low <= parsed <= self.high:
            _fail(where, _("must lie on the scale ({low:g} to {high:g})"), low=self.low / ONE, high=self.high / ONE)
        if parsed % (ONE // _TEN_TO[self.decimals]):
            _fail(where, _("has more decimals than the scale shows ({decimals})"), decimals=self.decimals)
        return parsed

    def change(self, value: Any, where: str) -> int:
        """A signed change of a score (an act's points), in steps the scale shows."""
        parsed = fixed(value, where)
        if abs(parsed) > self.high - self.low or parsed % (ONE // _TEN_TO[self.decimals]):
            _fail(where, _("must be a change within the scale, with at most {n} decimals"), n=self.decimals)
        return parsed


def _thresholds(items: Any, where: str, scale: _Scale) -> tuple[Tier, ...]:
    if not isinstance(items, list) or len(items) > MAX_TIERS:
        _fail(where, _("must be a list of at most {MAX_TIERS} entries"), MAX_TIERS=MAX_TIERS)
    result = []
    for i, item in enumerate(items):
        entry = _obj(item, f"{where}[{i}]", {"name", "min", "description"})
        if "name" not in entry or "min" not in entry:
            _fail(f"{where}[{i}]", _("needs a name and a min"))
        name = _text(entry["name"], f"{where}[{i}].name", 60, allow_empty=False)
        minimum = scale.point(entry["min"], f"{where}[{i}].min")
        result.append(Tier(name, minimum, _text(entry.get("description", ""), f"{where}[{i}].description")))
    if len({tier.name for tier in result}) != len(result):
        _fail(where, _("names must be different from each other"))
    return tuple(sorted(result, key=lambda tier: (tier.min, tier.name)))


def canonical_digest(value: Mapping[str, Any]) -> str:
    data = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


def parse_policy(value: Mapping[str, Any]) -> Policy:
    """Validate *value* (defaults from the ``nosedive`` preset) and parse it."""
    if not isinstance(value, Mapping):
        _fail("", _("must be an object"))
    unknown = set(value) - _KEYS
    if unknown:
        _fail("", _("unknown key(s) {unknown}; allowed: {allowed}"), unknown=sorted(unknown), allowed=sorted(_KEYS))
    base = _default_raw() if set(_KEYS) - set(value) else {}
    raw = {**base, **value}
    _int(raw.get("format", 1), "format", 1, 1)
    scale = _obj(raw["scale"], "scale", {"min", "max", "decimals", "unit"})
    low, high = fixed(scale.get("min", 1), "scale.min"), fixed(scale.get("max", 5), "scale.max")
    if low >= high:
        _fail("scale", _("min must be below max"))
    decimals = _int(scale.get("decimals", 3), "scale.decimals", 0, 6)
    if low % (ONE // _TEN_TO[decimals]) or high % (ONE // _TEN_TO[decimals]):
        _fail("scale", _("min and max must have no more decimals than the scale shows ({decimals})"), decimals=decimals)
    _text(scale.get("unit", ""), "scale.unit", 10)
    on_scale = _Scale(low, high, decimals)
    stars = raw["stars"]
    if not isinstance(stars, list) or len(stars) != 5:
        _fail("stars", _("must list what 1, 2, 3, 4 and 5 stars are worth (five numbers)"))
    one, two, three, four, five = (on_scale.point(s, f"stars[{i}]") for i, s in enumerate(stars))
    star_values = (one, two, three, four, five)
    if list(star_values) != sorted(star_values):
        _fail("stars", _("more stars must never be worth less"))
    prior = _obj(raw["prior"], "prior", {"value", "count"})
    weight = _obj(raw["weight"], "weight", {"min", "max", "power"})
    w_min = fixed(weight.get("min", 1), "weight.min", WEIGHT_ONE)
    w_max = fixed(weight.get("max", 5), "weight.max", WEIGHT_ONE)
    if not 0 < w_min <= w_max <= 1000 * WEIGHT_ONE:
        _fail("weight", _("needs 0 < min ≤ max ≤ 1000"))
    drag = _obj(raw["drag"], "drag", {"down", "up"})
    drag_down, drag_up = fixed(drag.get("down", 0), "drag.down", PPM), fixed(drag.get("up", 0), "drag.up", PPM)
    if not (0 <= drag_down <= PPM and 0 <= drag_up <= PPM):
        _fail("drag", _("fractions must be from 0 to 1"))
    influencer = _obj(raw["influencer"], "influencer", {"label", "min_raters"})
    double = _obj(raw["double_damage"], "double_damage", {"max_stars", "hours"})
    return Policy(
        raw=raw,
        digest=canonical_digest(raw),
        title=_text(raw.get("title", ""), "title", 80),
        description=_text(raw.get("description", ""), "description", 1000),
        low=low, high=high, decimals=decimals,
        star_values=star_values,
        prior_value=on_scale.point(prior.get("value", 3), "prior.value"),
        prior_count=_int(prior.get("count", 0), "prior.count", 0, 1000),
        weight_min=w_min, weight_max=w_max,
        weight_power=_int(weight.get("power", 1), "weight.power", 1, 3),
        drag_down=drag_down, drag_up=drag_up,
        iterations=_int(raw["iterations"], "iterations", 1, 10),
        tiers=_thresholds(raw["tiers"], "tiers", on_scale),
        grades=_thresholds(raw["grades"], "grades", on_scale),
        influencer_label=_text(influencer.get("label", ""), "influencer.label", 40),
        influencer_min_raters=_int(influencer.get("min_raters", 1), "influencer.min_raters", 0, 1000),
        double_damage_max_stars=_int(double.get("max_stars", 0), "double_damage.max_stars", 0, 5),
        double_damage_hours=_int(double.get("hours", 24), "double_damage.hours", 1, 24 * 365),
        admission=_admission(raw.get("admission", DEFAULT_ADMISSION)),
        sound=_sound(raw.get("sound", "on")),
        fade_after_minutes=_int(raw.get("fade_after_minutes", 30), "fade_after_minutes", 0, 7 * 24 * 60),
        records=parse_records(raw, on_scale.change, _text), society=parse_society(raw, _text))


def _admission(value: Any) -> str:
    if value not in ADMISSION_MODES:
        _fail("admission", _("must be \"open\" (the join code lets people in) or \"admit\" (the facilitator lets "
                             "each one in), not {value!r}"), value=value)
    return str(value)


def _sound(value: Any) -> str:  # "off": the facilitator muted every app in the room (chimes, doors)
    return str(value) if value in ("on", "off") else _fail("sound", _('must be "on" or "off", not {v!r}'), v=value)


def validate_policy(value: Mapping[str, Any]) -> None:
    """Raise MalformedError if *value* is not a usable policy."""
    parse_policy(value)


_DEFAULT: dict[str, Any] | None = None


def _default_raw() -> dict[str, Any]:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_preset(DEFAULT_PRESET)
    return dict(_DEFAULT)


def default_policy() -> Policy:
    return parse_policy(_default_raw())


def preset_names() -> list[str]:
    return [name.removesuffix(".json") for name in assets.listing("presets") if name.endswith(".json")]


def load_preset(name: str) -> dict[str, Any]:
    if name not in preset_names():
        raise UsageError(_("no policy preset {name!r}; choose one of {}").format(", ".join(preset_names()), name=name))
    preset = json.loads(assets.read_text(f"presets/{name}.json"))
    if not isinstance(preset, dict):
        raise MalformedError(_("policy preset {name!r} is not a JSON object; reinstall Nosedive").format(name=name))
    return preset
