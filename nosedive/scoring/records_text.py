"""Records, penalties, roles and the elite in sentences, for ``explain``, ``records`` and ``rules``.

Times are shown by a *clock* function (unix ms -> text); the default is UTC "HH:MM" so the same
table reads the same everywhere; the CLI passes the local time.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from nosedive.core.policy import Policy
from nosedive.scoring.record_state import PenaltyRecord, Record
from nosedive.scoring.table import ScoreTable

Clock = Callable[[int], str]
NameOf = Callable[[str], str]
ROLE_WORDS = {"collector": "an information collector", "court": "the court", "official": "an official"}


def utc_clock(ts: int) -> str:
    return time.strftime("%H:%M", time.gmtime(ts // 1000))


def role_words(role: str) -> str:
    return ROLE_WORDS.get(role, f"a {role}")


def _filer(table: ScoreTable, record: Record, name_of: NameOf) -> str:
    who = name_of(record.author)
    if record.filed_by == "facilitator":  # a label may already say so
        return who if "facilitator" in who else f"{who}, the facilitator"
    if record.filed_by == "collector":
        return f"{who}, {role_words(table.policy.records.collector_role)}"
    return f"{who} (a complaint)"


def record_sentence(table: ScoreTable, record: Record, name_of: NameOf, clock: Clock = utc_clock) -> str:
    """"−5: reported for jaywalking by Ana, an information collector, 12:03; appeal pending, …"."""
    verb = "reported for" if record.points < 0 else "credited for"
    agency = table.policy.society.agencies.get(record.agency) if record.agency else None
    points = table.format_signed(record.points) if agency is None else agency.format_signed(record.points)
    where = "" if agency is None else f" ({agency.title or agency.name})"
    head = f"{points}{where}: {verb} {record.act} by {_filer(table, record, name_of)}, {clock(record.ts)}"
    parts = [head]
    if record.state == "pending":
        parts.append("waiting for a collector or the facilitator to confirm it; it counts for nothing until then")
    elif record.confirmed_by is not None:
        parts.append(f"confirmed by {name_of(record.confirmed_by)}")
    if record.ruling == "overturned" and record.ruled_by is not None and record.ruling_ts is not None:
        parts.append(f"overturned on appeal by {name_of(record.ruled_by)} at {clock(record.ruling_ts)}: struck, "
                     "it counts for nothing")
    elif record.ruling == "upheld" and record.ruled_by is not None and record.ruling_ts is not None:
        parts.append(f"appeal rejected by {name_of(record.ruled_by)} at {clock(record.ruling_ts)}")
    elif record.appeal_pending and record.decided_after is not None:
        parts.append(f"appeal pending, decided no earlier than {clock(record.decided_after)}")
    if record.state == "scheduled" and record.effective_from is not None:
        parts.append(f"counts from {clock(record.effective_from)}")
    elif record.state == "active" and record.expires_at is not None:
        parts.append(f"counts until {clock(record.expires_at)}")
    elif record.state == "expired":
        parts.append("repaired: its period is over, it counts for nothing")
    elif record.state == "protected":
        parts.append(f"{name_of(record.subject)} is protected by the policy: it does not lower them")
    return "; ".join(parts)


def penalty_sentence(table: ScoreTable, penalty: PenaltyRecord, clock: Clock = utc_clock) -> str:
    what = (f"{table.format_signed(penalty.points)}" if penalty.points else "low ratings count double")
    state = {"scheduled": f"starts {clock(penalty.starts)}", "active": f"until {clock(penalty.ends)}",
             "ended": f"ended {clock(penalty.ends)}: it counts for nothing now",
             "protected": "does not lower a protected person"}[penalty.state]
    return f"{what}: the {penalty.name} penalty, imposed {clock(penalty.starts)}; {state}"


def render_records(table: ScoreTable, person: str, name_of: NameOf, clock: Clock = utc_clock) -> list[str]:
    """The records part of an explanation (empty when there is nothing to say)."""
    book = table.records
    records, penalties = tuple(r for r in book.of(person) if not r.agency), book.penalties_of(person)
    lines: list[str] = []
    if person in book.elite:
        lines.append(f"{name_of(person)} is protected by the policy: only five-star ratings count for them, "
                     "friends only pull them up, and reports and penalties do not lower them.")
    if records or penalties:
        total = book.adjustment(person)
        lines.append(f"Records and penalties: {table.format_signed(total)}")
        lines += ["  " + record_sentence(table, r, name_of, clock) for r in records]
        lines += ["  " + penalty_sentence(table, p, clock) for p in penalties]
    roles = sorted(book.roles.get(person, ()))
    if roles:
        lines.append(f"{name_of(person)} is " + " and ".join(role_words(r) for r in roles) + ".")
    return lines


def render_rules(policy: Policy) -> list[str]:
    """What ``nosedive rules`` reads out about the machinery (empty for a room without it)."""
    rules = policy.records
    lines: list[str] = []

    def points(value: int) -> str:
        return ("+" if value > 0 else "−") + f"{abs(value) / 1_000_000:g}"

    def minutes(ms: int) -> str:
        return f"{ms // 3_600_000} h" if ms % 3_600_000 == 0 else f"{ms // 60_000} min"

    if rules.acts:
        lines.append("Acts that can be reported (points; the record lasts):")
        lines += [f"  {act.name}: {points(act.points)} ({act.severity}; {minutes(act.duration_ms)})"
                  for act in rules.acts.values()]
        lines.append(f"Reports by {role_words(rules.collector_role)} or the facilitator count at once; "
                     + ("so do everyone else's complaints." if rules.complaints == "at_once" else
                        "anyone else's are complaints that count only once a collector or the facilitator "
                        "confirms them."))
        judge = "the facilitator" if rules.judge == "facilitator" else f"{role_words(rules.judge)} (or the facilitator)"
        lines.append(f"The reported person may appeal; {judge} upholds or overturns, no earlier than "
                     f"{minutes(rules.appeal_delay_ms) if rules.appeal_delay_ms else 'at once'} after the appeal. "
                     "An overturned record is struck; every record is repaired when its period ends.")
    if rules.penalties:
        lines.append("Penalties the facilitator can impose:")
        lines += [f"  {p.name}: " + (f"{points(p.points)}" if p.points else f"ratings of {p.max_stars} stars or "
                                     "fewer count double") + f" for {minutes(p.duration_ms)}"
                  for p in rules.penalties.values()]
    if rules.has_elite:
        who = sorted(role_words(r) for r in rules.elite_roles) + ([f"{len(rules.elite_people)} named people"]
                                                                   if rules.elite_people else [])
        lines.append("Protected (" + ", ".join(who) + "): ratings below five stars, reports and penalties do "
                     "not lower them, and friends only pull them up.")
    return lines
