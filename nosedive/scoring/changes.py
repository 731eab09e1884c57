"""What a rule change changed, in sentences: the feed's "The rules changed: …" line.

:func:`describe_change` compares two parsed policies and says, in the room's own numbers, what
is different ("The rules changed: double damage is now on; Bank loan now opens at 3.8 (was 3.5).").
It is pure: the same two policies give the same sentence on every node.
"""
from __future__ import annotations

from collections.abc import Callable

from nosedive.core.i18n import N_, _
from nosedive.core.policy import ONE, PPM, WEIGHT_ONE, Policy, Tier

Sentence = Callable[[Policy, Policy], list[str]]


def describe_change(old: Policy, new: Policy) -> str:
    """One sentence saying what changed from *old* to *new* (or that nothing did)."""
    if old.digest == new.digest:
        return _("The rules were signed again, unchanged.")
    parts = [part for rule in _RULES for part in rule(old, new)]
    if not parts:  # only wording that no sentence covers (e.g. the description)
        parts = [_("the description of the rules is new")]
    return _("The rules changed: {changes}.").format(changes=_("; ").join(parts))


def number(value: int, unit: int = ONE) -> str:
    """A fixed-point value as few digits as it needs: 3.8, 4, 0.25."""
    whole, frac = divmod(abs(value), unit)
    digits = f"{frac:0{len(str(unit)) - 1}d}".rstrip("0") if frac else ""
    return ("-" if value < 0 else "") + str(whole) + (f".{digits}" if digits else "")


def _was(now: str, before: str) -> str:
    return _("{now} (was {before})").format(now=now, before=before)


def _title(old: Policy, new: Policy) -> list[str]:
    if old.title == new.title:
        return []
    return [_("they are now called “{title}”").format(title=new.title or _("Custom rules"))]


def _scale(old: Policy, new: Policy) -> list[str]:
    parts = []
    if (old.low, old.high) != (new.low, new.high):
        parts.append(_("scores now run from {range}").format(range=_was(
            _("{low} to {high}").format(low=number(new.low), high=number(new.high)),
            _("{low} to {high}").format(low=number(old.low), high=number(old.high)))))
    if old.decimals != new.decimals:
        parts.append(_("scores now show {decimals}").format(
            decimals=_was(_("{count} decimals").format(count=new.decimals), str(old.decimals))))
    if old.star_values != new.star_values:
        parts.append(_("1 to 5 stars are now worth {values}").format(values=_was(
            ", ".join(number(v) for v in new.star_values), ", ".join(number(v) for v in old.star_values))))
    return parts


def _prior(old: Policy, new: Policy) -> list[str]:
    if (old.prior_count, old.prior_value) == (new.prior_count, new.prior_value):
        return []
    return [_("everyone now starts with {prior}").format(prior=_was(
        _("{count} imaginary ratings of {value}").format(count=new.prior_count, value=number(new.prior_value)),
        _("{count} of {value}").format(count=old.prior_count, value=number(old.prior_value))))]


def _weight(old: Policy, new: Policy) -> list[str]:
    parts = []
    if (old.weight_min, old.weight_max) != (new.weight_min, new.weight_max):
        between = _("{low} to {high}")
        parts.append(_("a rating now weighs from {range}").format(range=_was(
            between.format(low=number(new.weight_min, WEIGHT_ONE), high=number(new.weight_max, WEIGHT_ONE)),
            between.format(low=number(old.weight_min, WEIGHT_ONE), high=number(old.weight_max, WEIGHT_ONE)))))
    if old.weight_power != new.weight_power:
        said = (_("high scorers' ratings now weigh more steeply (power {now}, was {before})")
                if new.weight_power > old.weight_power else
                _("high scorers' ratings now weigh less steeply (power {now}, was {before})"))
        parts.append(said.format(now=new.weight_power, before=old.weight_power))
    return parts


def _drag(old: Policy, new: Policy) -> list[str]:
    parts = []
    for said, before, now in ((_("a friend now pulls down {share}"), old.drag_down, new.drag_down),
                              (_("a friend now pulls up {share}"), old.drag_up, new.drag_up)):
        if before != now:
            parts.append(said.format(share=_was(_("{percent} of the way").format(percent=_percent(now)),
                                                _percent(before))))
    if old.iterations != new.iterations:
        parts.append(_("friends' drag is now worked out in {passes}").format(
            passes=_was(_("{count} passes").format(count=new.iterations), str(old.iterations))))
    return parts


def _percent(ppm: int) -> str:
    return f"{number(ppm * 100, PPM)}%"


_DOOR_WORDS = {  # kind -> (all new, a new one, one gone): whole sentences, so each language can order them
    "door": (N_("the doors are now {list}"), N_("a new door, {name}, opens at {min}"), N_("the door {name} is gone")),
    "grade": (N_("the grades are now {list}"), N_("a new grade, {name}, opens at {min}"),
              N_("the grade {name} is gone")),
}


def _doors(kind: str, olds: tuple[Tier, ...], news: tuple[Tier, ...]) -> list[str]:
    before, after = {t.name: t for t in olds}, {t.name: t for t in news}
    all_new, one_new, one_gone = (_(words) for words in _DOOR_WORDS[kind])
    if before and after and not before.keys() & after.keys():  # a new set altogether: list it, not each change
        return [all_new.format(list=", ".join(_("{name} (from {min})").format(name=t.name, min=number(t.min))
                                              for t in news))]
    parts = []
    for name in sorted(after.keys() - before.keys()):
        parts.append(one_new.format(name=name, min=number(after[name].min)))
    for name in sorted(before.keys() - after.keys()):
        parts.append(one_gone.format(name=name))
    for name in sorted(before.keys() & after.keys()):
        if before[name].min != after[name].min:
            parts.append(_("{name} now opens at {min}").format(
                name=name, min=_was(number(after[name].min), number(before[name].min))))
    return parts


def _tiers(old: Policy, new: Policy) -> list[str]:
    return _doors("door", old.tiers, new.tiers) + _doors("grade", old.grades, new.grades)


def _influencer(old: Policy, new: Policy) -> list[str]:
    parts = []
    if old.influencer_label != new.influencer_label:
        parts.append(_("the top scorer is now called “{label}”").format(label=new.influencer_label)
                     if new.influencer_label else _("nobody is named the top scorer any more"))
    if old.influencer_min_raters != new.influencer_min_raters and new.influencer_label:
        parts.append(_("the top scorer now needs {raters}").format(raters=_was(
            _("{count} raters").format(count=new.influencer_min_raters), str(old.influencer_min_raters))))
    return parts


def _double_damage(old: Policy, new: Policy) -> list[str]:
    was_on, now_on = bool(old.double_damage_max_stars), bool(new.double_damage_max_stars)
    rule = _("ratings of {stars}★ or less count double for {hours} hours after the first").format(
        stars=new.double_damage_max_stars, hours=new.double_damage_hours)
    if now_on and not was_on:
        return [_("double damage is now on ({rule})").format(rule=rule)]
    if was_on and not now_on:
        return [_("double damage is now off")]
    if now_on and (old.double_damage_max_stars, old.double_damage_hours) != (
            new.double_damage_max_stars, new.double_damage_hours):
        return [_("double damage changed: {rule}").format(rule=rule)]
    return []


def _admission(old: Policy, new: Policy) -> list[str]:
    if old.admission == new.admission:
        return []
    if new.admission == "admit":
        return [_("the facilitator now lets each person in (until then their ratings do not count)")]
    return [_("anyone with the join code is now in")]


def _sound(old: Policy, new: Policy) -> list[str]:
    if old.sound == new.sound:
        return []
    return [_("the facilitator muted every app's sounds") if new.sound == "off" else _("the apps may chime again")]


_RULES: tuple[Sentence, ...] = (_title, _double_damage, _tiers, _scale, _prior, _weight, _drag, _influencer,
                                _admission, _sound)
