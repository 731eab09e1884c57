"""Explanations in plain sentences, for a terminal or for reading aloud in class."""
from __future__ import annotations

from collections.abc import Callable, Mapping

from nosedive.core.i18n import _
from nosedive.core.policy import PPM, WEIGHT_ONE
from nosedive.scoring.explain import Explanation, WhatIf
from nosedive.scoring.table import ScoreTable, TierStatus

Namer = Callable[[str], str]


def namer(names: Mapping[str, str]) -> Namer:
    from nosedive.core import keys

    return lambda key: names.get(key) or keys.fingerprint(key)


def stars(count: int) -> str:
    return "★" * count + "☆" * (5 - count)


def percent(share: int) -> str:
    return f"{share * 100 / PPM:.1f}%"


def weight(value: int) -> str:
    return f"{value // WEIGHT_ONE}.{value % WEIGHT_ONE:03d}"


def fraction_words(ppm: int) -> str:
    return f"{ppm * 100 / PPM:g}%"


def render_explanation(table: ScoreTable, ex: Explanation, name: Namer) -> list[str]:
    fmt, who = table.format, name(ex.person)
    score = ex.score
    title = _("{name}: {score}").format(name=who, score=fmt(score.final))
    if ex.labels:
        title += f"  ({', '.join(ex.labels)})"
    lines = [title, "", _("From ratings: {score}").format(score=fmt(score.base))]
    lines.append("  " + _("Everyone starts with {count} imaginary ratings of {value}; "
                          "together they hold {share} of the say.").format(
        count=ex.prior_count, value=fmt(ex.prior_value), share=percent(ex.prior_share)))
    if not ex.raters:
        lines.append("  " + _("Nobody has rated {name} yet.").format(name=who))
    for rater in sorted(ex.raters, key=lambda part: (-part.weight, name(part.rater))):  # equals by name
        doubled = _(" It counts double (double damage).") if rater.doubled else ""
        lines.append("  " + _("{rater} gave {stars} ({value}). {rater} stood at {score}, so this rating weighs "
                              "{weight}: {share} of the say.").format(
            rater=name(rater.rater), stars=stars(rater.stars), value=fmt(rater.value), score=fmt(rater.rater_score),
            weight=weight(rater.weight), share=percent(rater.share)) + doubled)
    lines += ["", _("Friends' drag: {drag}").format(drag=table.format_signed(score.drag))]
    if not ex.friends:
        lines.append("  " + _("{name} has no friends in this room, so nobody pulls.").format(name=who))
    else:
        lines.append("  " + drag_rule(table, who, len(ex.friends)))
    for friend in sorted(ex.friends, key=lambda part: (-abs(part.drag), name(part.friend))):
        if friend.drag > 0:
            pull = _("{friend} ({base} from ratings) pulls {name} up by {amount}.")
        elif friend.drag < 0:
            pull = _("{friend} ({base} from ratings) pulls {name} down by {amount}.")
        else:
            pull = _("{friend} ({base} from ratings) pulls {name} neither up nor down.")
        lines.append("  " + pull.format(friend=name(friend.friend), base=fmt(friend.friend_base), name=who,
                                        amount=fmt(abs(friend.drag))))
    lines += ["", _("Final score: {base} {drag} = {score}").format(
        base=fmt(score.base), drag=_signed_op(table, score.drag), score=fmt(score.final)), ""]
    lines.append(_("Doors:"))
    lines += ["  " + render_tier(table, tier, score.base) for tier in ex.tiers]
    return lines


def drag_rule(table: ScoreTable, who: str, count: int | None) -> str:
    """The policy's drag rule as one sentence about *who* and their *count* friends (None: in general)."""
    policy = table.policy
    down, up = fraction_words(policy.drag_down), fraction_words(policy.drag_up)
    if count == 1:
        said = (_("A friend pulls {name} {down} of the way toward their score if it is lower, {up} if it is higher.")
                if policy.drag_up else
                _("A friend pulls {name} {down} of the way toward their score if it is lower, and never up."))
        return said.format(name=who, down=down, up=up)
    if count is None:
        said = (_("Each friend pulls you {down} of the way toward their score if it is lower, {up} if it is higher, "
                  "shared among all your friends.") if policy.drag_up else
                _("Each friend pulls you {down} of the way toward their score if it is lower, and never up, "
                  "shared among all your friends."))
        return said.format(down=down, up=up)
    said = (_("Each friend pulls {name} {down} of the way toward their score if it is lower, {up} if it is higher, "
              "shared among {name}'s {count} friends.") if policy.drag_up else
            _("Each friend pulls {name} {down} of the way toward their score if it is lower, and never up, "
              "shared among {name}'s {count} friends."))
    return said.format(name=who, down=down, up=up, count=count)


def _signed_op(table: ScoreTable, value: int) -> str:
    return ("− " if value < 0 else "+ ") + table.format(abs(value))


def render_tier(table: ScoreTable, tier: TierStatus, base: int) -> str:
    fmt = table.format
    head = _("{door} (from {threshold})").format(door=tier.name, threshold=fmt(tier.threshold))
    if tier.state == "open":
        said = (_("OPEN    {head}: {distance} to spare thanks to friends.") if tier.opened_by_friends
                else _("OPEN    {head}: {distance} to spare."))
        return said.format(head=head, distance=fmt(tier.distance))
    if tier.state == "locked_by_friends":
        return _("LOCKED BY FRIENDS  {head}: ratings alone ({base}) would open it; "
                 "friends pull {distance} below.").format(head=head, base=fmt(base), distance=fmt(-tier.distance))
    return _("locked  {head}: {distance} to go.").format(head=head, distance=fmt(-tier.distance))


def render_what_if(table: ScoreTable, what: WhatIf, name: Namer, headline: str) -> list[str]:
    fmt = table.format
    lines = [headline, "  " + _("{name} would go from {before} to {after} ({delta}).").format(
        name=name(what.person), before=fmt(what.before.final), after=fmt(what.after.final),
        delta=table.format_signed(what.delta))]
    if what.flipped:
        for tier in what.tiers:
            if tier.name in what.flipped:
                said = _("{door} would open.") if tier.state == "open" else _("{door} would close.")
                lines.append("  " + said.format(door=tier.name))
    else:
        lines.append("  " + _("No door would open or close."))
    return lines


def admission_rule(admission: str) -> str:
    """Who is in the room, in one sentence."""
    if admission == "admit":
        return _("The facilitator lets each person in: until then (and once expelled) their ratings and "
                 "friendships do not count and they have no score.")
    return _("Anyone with the join code is in; if the facilitator expels someone, their ratings and "
             "friendships stop counting and they have no score.")


def render_policy(table: ScoreTable) -> list[str]:
    """The room's rules in sentences: who decides is the facilitator; everyone can read them."""
    policy, fmt = table.policy, table.format
    stars_worth = _(", ").join(f"{n}★ = {fmt(policy.stars_value(n))}" for n in range(1, 6))
    lines = [policy.title or _("Custom rules")]
    if policy.description:
        lines.append(policy.description)
    lines += [
        "",
        _("Scores run from {low} to {high}. Stars are worth: {stars}.").format(
            low=fmt(policy.low), high=fmt(policy.high), stars=stars_worth),
        _("Everyone starts with {count} imaginary ratings of {value}.").format(
            count=policy.prior_count, value=fmt(policy.prior_value)),
        _("A rating weighs from {least} (rater at {low}) to {most} (rater at {high}).").format(
            least=weight(policy.weight_min), low=fmt(policy.low), most=weight(policy.weight_max),
            high=fmt(policy.high)),
        drag_rule(table, "you", None),
        admission_rule(policy.admission),
    ]
    if policy.double_damage_max_stars:
        lines.append(_("Double damage: after a rating of {stars}★ or less, further low ratings count double "
                       "for {hours} hours.").format(stars=policy.double_damage_max_stars,
                                                    hours=policy.double_damage_hours))
    if policy.influencer_label:
        lines.append(_("The top scorer with at least {count} raters is the {label}.").format(
            count=policy.influencer_min_raters, label=policy.influencer_label))
    lines += ["", _("Doors:")]
    lines += ["  " + _("from {min}: {name}").format(min=fmt(tier.min), name=tier.name)
              + (f". {tier.description}" if tier.description else "") for tier in policy.tiers]
    if policy.grades:
        lines += ["", _("Grades:")]
        lines += ["  " + _("from {min}: {name}").format(min=fmt(grade.min), name=grade.name)
                  + (f". {grade.description}" if grade.description else "") for grade in policy.grades]
    return lines
