"""What a rule change changed, in sentences: the feed's "The rules changed: …" line.

:func:`describe_change` compares two parsed policies and says, in the room's own numbers, what
is different ("The rules changed: double damage is now on; Bank loan now opens at 3.8 (was 3.5).").
It is pure: the same two policies give the same sentence on every node.
"""
from __future__ import annotations

from collections.abc import Callable

from nosedive.core.policy import ONE, PPM, WEIGHT_ONE, Policy, Tier

Sentence = Callable[[Policy, Policy], list[str]]


def describe_change(old: Policy, new: Policy) -> str:
    """One sentence saying what changed from *old* to *new* (or that nothing did)."""
    if old.digest == new.digest:
        return "The rules were signed again, unchanged."
    parts = [part for rule in _RULES for part in rule(old, new)]
    if not parts:  # only wording that no sentence covers (e.g. the description)
        parts = ["the description of the rules is new"]
    return "The rules changed: " + "; ".join(parts) + "."


def number(value: int, unit: int = ONE) -> str:
    """A fixed-point value as few digits as it needs: 3.8, 4, 0.25."""
    whole, frac = divmod(abs(value), unit)
    digits = f"{frac:0{len(str(unit)) - 1}d}".rstrip("0") if frac else ""
    return ("-" if value < 0 else "") + str(whole) + (f".{digits}" if digits else "")


def _was(now: str, before: str) -> str:
    return f"{now} (was {before})"


def _title(old: Policy, new: Policy) -> list[str]:
    if old.title == new.title:
        return []
    return [f"they are now called “{new.title or 'Custom rules'}”"]


def _scale(old: Policy, new: Policy) -> list[str]:
    parts = []
    if (old.low, old.high) != (new.low, new.high):
        parts.append("scores now run from " + _was(f"{number(new.low)} to {number(new.high)}",
                                                   f"{number(old.low)} to {number(old.high)}"))
    if old.decimals != new.decimals:
        parts.append("scores now show " + _was(f"{new.decimals} decimals", str(old.decimals)))
    if old.star_values != new.star_values:
        parts.append("1 to 5 stars are now worth " + _was(", ".join(number(v) for v in new.star_values),
                                                          ", ".join(number(v) for v in old.star_values)))
    return parts


def _prior(old: Policy, new: Policy) -> list[str]:
    if (old.prior_count, old.prior_value) == (new.prior_count, new.prior_value):
        return []
    return ["everyone now starts with " + _was(f"{new.prior_count} imaginary ratings of {number(new.prior_value)}",
                                               f"{old.prior_count} of {number(old.prior_value)}")]


def _weight(old: Policy, new: Policy) -> list[str]:
    parts = []
    if (old.weight_min, old.weight_max) != (new.weight_min, new.weight_max):
        parts.append("a rating now weighs from " + _was(
            f"{number(new.weight_min, WEIGHT_ONE)} to {number(new.weight_max, WEIGHT_ONE)}",
            f"{number(old.weight_min, WEIGHT_ONE)} to {number(old.weight_max, WEIGHT_ONE)}"))
    if old.weight_power != new.weight_power:
        steeper = "more" if new.weight_power > old.weight_power else "less"
        parts.append(f"high scorers' ratings now weigh {steeper} steeply (power {new.weight_power}, "
                     f"was {old.weight_power})")
    return parts


def _drag(old: Policy, new: Policy) -> list[str]:
    parts = []
    for word, before, now in (("down", old.drag_down, new.drag_down), ("up", old.drag_up, new.drag_up)):
        if before != now:
            parts.append(f"a friend now pulls {word} " + _was(f"{_percent(now)} of the way", _percent(before)))
    if old.iterations != new.iterations:
        parts.append("friends' drag is now worked out in " + _was(f"{new.iterations} passes", str(old.iterations)))
    return parts


def _percent(ppm: int) -> str:
    return f"{number(ppm * 100, PPM)}%"


def _doors(kind: str, olds: tuple[Tier, ...], news: tuple[Tier, ...]) -> list[str]:
    before, after = {t.name: t for t in olds}, {t.name: t for t in news}
    if before and after and not before.keys() & after.keys():  # a new set altogether: list it, not each change
        return [f"the {kind}s are now " + ", ".join(f"{t.name} (from {number(t.min)})" for t in news)]
    parts = []
    for name in sorted(after.keys() - before.keys()):
        parts.append(f"a new {kind}, {name}, opens at {number(after[name].min)}")
    for name in sorted(before.keys() - after.keys()):
        parts.append(f"the {kind} {name} is gone")
    for name in sorted(before.keys() & after.keys()):
        if before[name].min != after[name].min:
            parts.append(f"{name} now opens at " + _was(number(after[name].min), number(before[name].min)))
    return parts


def _tiers(old: Policy, new: Policy) -> list[str]:
    return _doors("door", old.tiers, new.tiers) + _doors("grade", old.grades, new.grades)


def _influencer(old: Policy, new: Policy) -> list[str]:
    parts = []
    if old.influencer_label != new.influencer_label:
        parts.append(f"the top scorer is now called “{new.influencer_label}”" if new.influencer_label
                     else "nobody is named the top scorer any more")
    if old.influencer_min_raters != new.influencer_min_raters and new.influencer_label:
        parts.append("the top scorer now needs " + _was(f"{new.influencer_min_raters} raters",
                                                        str(old.influencer_min_raters)))
    return parts


def _double_damage(old: Policy, new: Policy) -> list[str]:
    was_on, now_on = bool(old.double_damage_max_stars), bool(new.double_damage_max_stars)
    rule = (f"ratings of {new.double_damage_max_stars}★ or less count double for "
            f"{new.double_damage_hours} hours after the first")
    if now_on and not was_on:
        return [f"double damage is now on ({rule})"]
    if was_on and not now_on:
        return ["double damage is now off"]
    if now_on and (old.double_damage_max_stars, old.double_damage_hours) != (
            new.double_damage_max_stars, new.double_damage_hours):
        return [f"double damage changed: {rule}"]
    return []


def _admission(old: Policy, new: Policy) -> list[str]:
    if old.admission == new.admission:
        return []
    if new.admission == "admit":
        return ["the facilitator now lets each person in (until then their ratings do not count)"]
    return ["anyone with the join code is now in"]


def _sound(old: Policy, new: Policy) -> list[str]:
    if old.sound == new.sound:
        return []
    return ["the facilitator muted every app's sounds" if new.sound == "off" else "the apps may chime again"]


_RULES: tuple[Sentence, ...] = (_title, _double_damage, _tiers, _scale, _prior, _weight, _drag, _influencer,
                                _admission, _sound)
