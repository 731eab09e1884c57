"""Records, penalties, roles and the elite in sentences, for ``explain``, ``records`` and ``rules``.

Times are shown by a *clock* function (unix ms -> text); the default is UTC "HH:MM" so the same
table reads the same everywhere; the CLI passes the local time.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from nosedive.core.i18n import N_, _
from nosedive.core.policy import Policy
from nosedive.scoring.record_state import PenaltyRecord, Record
from nosedive.scoring.table import ScoreTable

Clock = Callable[[int], str]
NameOf = Callable[[str], str]
ROLE_WORDS = {"collector": N_("an information collector"), "court": N_("the court"), "official": N_("an official")}
SEVERITY_WORDS = (N_("minor"), N_("serious"), N_("grave"), N_("good"))  # core.policy_acts.SEVERITIES, for the catalogue


def utc_clock(ts: int) -> str:
    return time.strftime("%H:%M", time.gmtime(ts // 1000))


def role_words(role: str) -> str:
    return _(ROLE_WORDS[role]) if role in ROLE_WORDS else _("a {role}").format(role=role)


def _filer(table: ScoreTable, record: Record, name_of: NameOf) -> str:
    who = name_of(record.author)
    if record.filed_by == "facilitator":  # a label may already say so
        return who if _("facilitator") in who else _("{who}, the facilitator").format(who=who)
    if record.filed_by == "collector":
        return _("{who}, {role}").format(who=who, role=role_words(table.policy.records.collector_role))
    return _("{who} (a complaint)").format(who=who)


def record_sentence(table: ScoreTable, record: Record, name_of: NameOf, clock: Clock = utc_clock) -> str:
    """"−5: reported for jaywalking by Ana, an information collector, 12:03; appeal pending, …"."""
    agency = table.policy.society.agencies.get(record.agency) if record.agency else None
    points = table.format_signed(record.points) if agency is None else (
        f"{agency.format_signed(record.points)} ({agency.title or agency.name})")
    head = (_("{points}: reported for {act} by {filer}, {time}") if record.points < 0 else
            _("{points}: credited for {act} by {filer}, {time}")).format(
        points=points, act=record.act, filer=_filer(table, record, name_of), time=clock(record.ts))
    parts = [head]
    if record.state == "pending":
        parts.append(_("waiting for a collector or the facilitator to confirm it; it counts for nothing until then"))
    elif record.confirmed_by is not None:
        parts.append(_("confirmed by {who}").format(who=name_of(record.confirmed_by)))
    if record.ruling == "overturned" and record.ruled_by is not None and record.ruling_ts is not None:
        parts.append(_("overturned on appeal by {who} at {time}: struck, it counts for nothing").format(
            who=name_of(record.ruled_by), time=clock(record.ruling_ts)))
    elif record.ruling == "upheld" and record.ruled_by is not None and record.ruling_ts is not None:
        parts.append(_("appeal rejected by {who} at {time}").format(who=name_of(record.ruled_by),
                                                                    time=clock(record.ruling_ts)))
    elif record.appeal_pending and record.decided_after is not None:
        parts.append(_("appeal pending, decided no earlier than {time}").format(time=clock(record.decided_after)))
    if record.state == "scheduled" and record.effective_from is not None:
        parts.append(_("counts from {time}").format(time=clock(record.effective_from)))
    elif record.state == "active" and record.expires_at is not None:
        parts.append(_("counts until {time}").format(time=clock(record.expires_at)))
    elif record.state == "expired":
        parts.append(_("repaired: its period is over, it counts for nothing"))
    elif record.state == "protected":
        parts.append(_("{name} is protected by the policy: it does not lower them").format(
            name=name_of(record.subject)))
    return _("; ").join(parts)


def penalty_sentence(table: ScoreTable, penalty: PenaltyRecord, clock: Clock = utc_clock) -> str:
    what = (f"{table.format_signed(penalty.points)}" if penalty.points else _("low ratings count double"))
    state = {"scheduled": _("starts {time}").format(time=clock(penalty.starts)),
             "active": _("until {time}").format(time=clock(penalty.ends)),
             "ended": _("ended {time}: it counts for nothing now").format(time=clock(penalty.ends)),
             "protected": _("does not lower a protected person")}[penalty.state]
    return _("{what}: the {name} penalty, imposed {time}; {state}").format(
        what=what, name=penalty.name, time=clock(penalty.starts), state=state)


def render_records(table: ScoreTable, person: str, name_of: NameOf, clock: Clock = utc_clock) -> list[str]:
    """The records part of an explanation (empty when there is nothing to say)."""
    book = table.records
    records, penalties = tuple(r for r in book.of(person) if not r.agency), book.penalties_of(person)
    lines: list[str] = []
    if person in book.elite:
        lines.append(_("{name} is protected by the policy: only five-star ratings count for them, friends only pull "
                       "them up, and reports and penalties do not lower them.").format(name=name_of(person)))
    if records or penalties:
        total = book.adjustment(person)
        lines.append(_("Records and penalties: {total}").format(total=table.format_signed(total)))
        lines += ["  " + record_sentence(table, r, name_of, clock) for r in records]
        lines += ["  " + penalty_sentence(table, p, clock) for p in penalties]
    roles = sorted(book.roles.get(person, ()))
    if roles:
        lines.append(_("{name} is {roles}.").format(name=name_of(person),
                                                    roles=_(" and ").join(role_words(r) for r in roles)))
    return lines


def render_rules(policy: Policy) -> list[str]:
    """What ``nosedive rules`` reads out about the machinery (empty for a room without it)."""
    rules = policy.records
    lines: list[str] = []

    def points(value: int) -> str:
        return ("+" if value > 0 else "−") + f"{abs(value) / 1_000_000:g}"

    def minutes(ms: int) -> str:
        return (_("{n} h").format(n=ms // 3_600_000) if ms % 3_600_000 == 0 else
                _("{n} min").format(n=ms // 60_000))

    if rules.acts:
        lines.append(_("Acts that can be reported (points; the record lasts):"))
        lines += [_("  {name}: {points} ({severity}; {duration})").format(
            name=act.name, points=points(act.points), severity=_(act.severity), duration=minutes(act.duration_ms))
                  for act in rules.acts.values()]
        lines.append((_("Reports by {role} or the facilitator count at once; so do everyone else's complaints.")
                      if rules.complaints == "at_once" else
                      _("Reports by {role} or the facilitator count at once; anyone else's are complaints that count "
                        "only once a collector or the facilitator confirms them.")).format(
            role=role_words(rules.collector_role)))
        judge = (_("the facilitator") if rules.judge == "facilitator" else
                 _("{role} (or the facilitator)").format(role=role_words(rules.judge)))
        lines.append((_("The reported person may appeal; {judge} upholds or overturns, no earlier than {delay} after "
                        "the appeal. An overturned record is struck; every record is repaired when its period ends.")
                      if rules.appeal_delay_ms else
                      _("The reported person may appeal; {judge} upholds or overturns at once. An overturned record "
                        "is struck; every record is repaired when its period ends.")).format(
            judge=judge, delay=minutes(rules.appeal_delay_ms)))
    if rules.penalties:
        lines.append(_("Penalties the facilitator can impose:"))
        lines += ["  " + (_("{name}: {points} for {duration}") if p.points else
                          _("{name}: ratings of {stars} stars or fewer count double for {duration}")).format(
            name=p.name, points=points(p.points), stars=p.max_stars, duration=minutes(p.duration_ms))
                  for p in rules.penalties.values()]
    if rules.has_elite:
        who = sorted(role_words(r) for r in rules.elite_roles) + (
            [_("{count} named people").format(count=len(rules.elite_people))] if rules.elite_people else [])
        lines.append(_("Protected ({who}): ratings below five stars, reports and penalties do not lower them, and "
                       "friends only pull them up.").format(who=_(", ").join(who)))
    return lines
