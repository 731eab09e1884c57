"""Explanations in plain sentences, for a terminal or for reading aloud in class."""
from __future__ import annotations

from collections.abc import Callable, Mapping

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
    title = f"{who}: {fmt(score.final)}"
    if ex.labels:
        title += f"  ({', '.join(ex.labels)})"
    lines = [title, "", f"From ratings: {fmt(score.base)}"]
    lines.append(
        f"  Everyone starts with {ex.prior_count} imaginary ratings of {fmt(ex.prior_value)}; "
        f"together they hold {percent(ex.prior_share)} of the say."
    )
    if not ex.raters:
        lines.append(f"  Nobody has rated {who} yet.")
    for rater in sorted(ex.raters, key=lambda part: (-part.weight, name(part.rater))):  # equals by name
        doubled = " It counts double (double damage)." if rater.doubled else ""
        lines.append(
            f"  {name(rater.rater)} gave {stars(rater.stars)} ({fmt(rater.value)}). "
            f"{name(rater.rater)} stood at {fmt(rater.rater_score)}, so this rating weighs "
            f"{weight(rater.weight)}: {percent(rater.share)} of the say.{doubled}"
        )
    lines += ["", f"Friends' drag: {table.format_signed(score.drag)}"]
    if not ex.friends:
        lines.append(f"  {who} has no friends in this room, so nobody pulls.")
    else:
        lines.append("  " + drag_rule(table, who, len(ex.friends)))
    for friend in sorted(ex.friends, key=lambda part: (-abs(part.drag), name(part.friend))):
        direction = "up" if friend.drag > 0 else "down" if friend.drag < 0 else "neither up nor down"
        amount = f" by {fmt(abs(friend.drag))}" if friend.drag else ""
        lines.append(
            f"  {name(friend.friend)} ({fmt(friend.friend_base)} from ratings) pulls {who} {direction}{amount}."
        )
    lines += ["", f"Final score: {fmt(score.base)} {_signed_op(table, score.drag)} = {fmt(score.final)}", ""]
    lines.append("Doors:")
    lines += ["  " + render_tier(table, tier, score.base) for tier in ex.tiers]
    return lines


def drag_rule(table: ScoreTable, who: str, count: int | None) -> str:
    """The policy's drag rule as one sentence about *who* and their *count* friends (None: in general)."""
    policy = table.policy
    up = (f"{fraction_words(policy.drag_up)} if it is higher" if policy.drag_up
          else "and never up")
    rule = f"pulls {who} {fraction_words(policy.drag_down)} of the way toward their score if it is lower, {up}"
    if count == 1:
        return f"A friend {rule}."
    shared = "all your friends" if count is None else f"{who}'s {count} friends"
    return f"Each friend {rule}, shared among {shared}."


def _signed_op(table: ScoreTable, value: int) -> str:
    return ("− " if value < 0 else "+ ") + table.format(abs(value))


def render_tier(table: ScoreTable, tier: TierStatus, base: int) -> str:
    fmt = table.format
    head = f"{tier.name} (from {fmt(tier.threshold)})"
    if tier.state == "open":
        note = " thanks to friends" if tier.opened_by_friends else ""
        return f"OPEN    {head}: {fmt(tier.distance)} to spare{note}."
    if tier.state == "locked_by_friends":
        return (f"LOCKED BY FRIENDS  {head}: ratings alone ({fmt(base)}) would open it; "
                f"friends pull {fmt(-tier.distance)} below.")
    return f"locked  {head}: {fmt(-tier.distance)} to go."


def render_what_if(table: ScoreTable, what: WhatIf, name: Namer, headline: str) -> list[str]:
    fmt = table.format
    lines = [headline, f"  {name(what.person)} would go from {fmt(what.before.final)} to "
             f"{fmt(what.after.final)} ({table.format_signed(what.delta)})."]
    if what.flipped:
        for tier in what.tiers:
            if tier.name in what.flipped:
                lines.append(f"  {tier.name} would {'open' if tier.state == 'open' else 'close'}.")
    else:
        lines.append("  No door would open or close.")
    return lines


def admission_rule(admission: str) -> str:
    """Who is in the room, in one sentence."""
    if admission == "admit":
        return ("The facilitator lets each person in: until then (and once expelled) their ratings and "
                "friendships do not count and they have no score.")
    return ("Anyone with the join code is in; if the facilitator expels someone, their ratings and "
            "friendships stop counting and they have no score.")


def render_policy(table: ScoreTable) -> list[str]:
    """The room's rules in sentences: who decides is the facilitator; everyone can read them."""
    policy, fmt = table.policy, table.format
    stars_worth = ", ".join(f"{n}★ = {fmt(policy.stars_value(n))}" for n in range(1, 6))
    lines = [policy.title or "Custom rules"]
    if policy.description:
        lines.append(policy.description)
    lines += [
        "",
        f"Scores run from {fmt(policy.low)} to {fmt(policy.high)}. Stars are worth: {stars_worth}.",
        f"Everyone starts with {policy.prior_count} imaginary ratings of {fmt(policy.prior_value)}.",
        f"A rating weighs from {weight(policy.weight_min)} (rater at {fmt(policy.low)}) "
        f"to {weight(policy.weight_max)} (rater at {fmt(policy.high)}).",
        drag_rule(table, "you", None),
        admission_rule(policy.admission),
    ]
    if policy.double_damage_max_stars:
        lines.append(f"Double damage: after a rating of {policy.double_damage_max_stars}★ or less, further low "
                     f"ratings count double for {policy.double_damage_hours} hours.")
    if policy.influencer_label:
        lines.append(f"The top scorer with at least {policy.influencer_min_raters} raters is the "
                     f"{policy.influencer_label}.")
    lines += ["", "Doors:"]
    lines += [f"  from {fmt(tier.min)}: {tier.name}" + (f". {tier.description}" if tier.description else "")
              for tier in policy.tiers]
    if policy.grades:
        lines += ["", "Grades:"]
        lines += [f"  from {fmt(grade.min)}: {grade.name}" + (f". {grade.description}" if grade.description else "")
                  for grade in policy.grades]
    return lines
