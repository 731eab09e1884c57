"""Groups, agencies and joint punishment in sentences, for ``explain``, ``groups``, ``agencies`` and ``rules``.

Every sentence goes through :mod:`nosedive.core.i18n`; the names in them (acts, kinds, relations,
agencies, lists, people) come from the policy and the room, as plain text.
"""
from __future__ import annotations

from collections.abc import Callable

from nosedive.core.i18n import _
from nosedive.core.policy import Policy
from nosedive.core.policy_society import PPM
from nosedive.scoring.society import ChainEntry, Listing, SocietyAt
from nosedive.scoring.table import ScoreTable

NameOf = Callable[[str], str]


def group_kinds(policy: Policy) -> tuple[str, ...]:
    """The kinds of group the room's policy allows, in policy order (empty: the room has no groups)."""
    return tuple(policy.society.kinds)


def factor_text(factor: int) -> str:
    """A PPM fraction as the policy wrote it: 500000 → "0.5", 1000000 → "1"."""
    whole, frac = divmod(factor, PPM)
    return f"{whole}" + (f".{frac:06d}".rstrip("0") if frac else "")


def agency_title(policy: Policy, agency: str) -> str:
    found = policy.society.agencies.get(agency)
    return (found.title or found.name) if found is not None else agency


def signed(table: ScoreTable, framework: str, value: int) -> str:
    """A change on the framework's own scale."""
    if not framework:
        return table.format_signed(value)
    return table.policy.society.agencies[framework].format_signed(value)


def shown(table: ScoreTable, framework: str, value: int) -> str:
    if not framework:
        return table.format(value)
    agency = table.policy.society.agencies[framework]
    return agency.format(value) + (f" {agency.unit}" if agency.unit else "")


def group_name(society: SocietyAt, group: str) -> str:
    found = society.groups.groups.get(group) if society.groups else None
    return "?" if found is None else _("{kind} “{name}”").format(kind=found.kind, name=found.name)


def door_sentence(policy: Policy, listing: Listing, door: str, *, closes: bool) -> str:
    """"Court: on the defaulters' blacklist — Flights closed"."""
    text = _("{agency}: on {list} — {door} closed") if closes else _("{agency}: on {list} — {door} opened")
    return text.format(agency=agency_title(policy, listing.agency), list=listing.title or listing.list, door=door)


def listing_sentence(table: ScoreTable, listing: Listing) -> str:
    where = listing.title or listing.list
    agency = agency_title(table.policy, listing.agency)
    if listing.act:
        return _("On {list} of {agency}: a record for {act} is in force.").format(list=where, agency=agency,
                                                                                   act=listing.act)
    line = shown(table, listing.agency, listing.below or 0)
    return _("On {list} of {agency}: the score is below {line}.").format(list=where, agency=agency, line=line)


def chain_sentence(table: ScoreTable, entry: ChainEntry, name_of: NameOf, *, mine: bool = True) -> str:
    """What reached the target: "−0.150: your relative Ben was reported for jaywalking; family chain 0.5×"."""
    society = table.society
    assert society is not None and society.groups is not None
    amount = signed(table, entry.framework, entry.amount)
    factor = factor_text(entry.factor)
    via = society.groups.groups[entry.group]
    if entry.is_group:
        text = (_("{amount}: member {name} was reported for {act}; {group} {factor}×") if entry.points < 0 else
                _("{amount}: member {name} was credited for {act}; {group} {factor}×"))
        line = text.format(amount=amount, name=name_of(entry.subject), act=entry.act,
                           group=group_name(society, via.id), factor=factor)
    else:
        relation = table.policy.society.kinds[via.kind].relation
        if mine:
            text = (_("{amount}: your {relation} {name} was reported for {act}; {kind} chain {factor}×")
                    if entry.points < 0 else
                    _("{amount}: your {relation} {name} was credited for {act}; {kind} chain {factor}×"))
        else:
            text = (_("{amount}: their {relation} {name} was reported for {act}; {kind} chain {factor}×")
                    if entry.points < 0 else
                    _("{amount}: their {relation} {name} was credited for {act}; {kind} chain {factor}×"))
        line = text.format(amount=amount, relation=relation, name=name_of(entry.subject), act=entry.act,
                           kind=via.kind, factor=factor)
    return line + (_(" (cut to the bound of one record)") if entry.capped else "")


def caused_sentence(table: ScoreTable, entry: ChainEntry, name_of: NameOf) -> str:
    """The other end: "the record for jaywalking also moved Ana by −0.150 (family “Lee”, 0.5×)"."""
    society = table.society
    assert society is not None
    target = group_name(society, entry.target) if entry.is_group else name_of(entry.target)
    text = (_("the record for {act} also moved {target} by {amount} ({factor}×)") if entry.target == entry.group
            else _("the record for {act} also moved {target} by {amount} ({group}, {factor}×)"))
    return text.format(act=entry.act, target=target, amount=signed(table, entry.framework, entry.amount),
                       group=group_name(society, entry.group), factor=factor_text(entry.factor))


def render_chains(table: ScoreTable, person: str, name_of: NameOf, framework: str = "", *,
                  mine: bool = False) -> list[str]:
    """The chain part of an explanation in one framework, both ends (empty when there is none)."""
    society = table.society
    if not society or society.groups is None:
        return []
    into = sorted(society.into(person, framework), key=lambda e: (e.amount, name_of(e.subject), e.act, e.record))
    out = sorted((e for e in society.caused_by(person) if e.framework == framework),
                 key=lambda e: (not e.is_group, e.amount, e.target if e.is_group else name_of(e.target), e.record))
    lines: list[str] = []
    if into:
        total, raw = society.chain_of(person, framework), society.raw_chain.get((framework, person), 0)
        head = _("Chains through groups: {total}").format(total=signed(table, framework, total))
        if total != raw:
            head += _(" (cut to the total bound; {raw} before it)").format(raw=signed(table, framework, raw))
        lines.append(head)
        lines += ["  " + chain_sentence(table, e, name_of, mine=mine) for e in into]
    if out:
        lines.append(_("What {name}'s records did to others:").format(name=name_of(person)))
        lines += ["  " + caused_sentence(table, e, name_of) for e in out]
    return lines


def render_agency(table: ScoreTable, agency: str, person: str, name_of: NameOf, *, mine: bool = False) -> list[str]:
    """One agency's score of *person* in sentences: records, chains, lists, and each door."""
    society = table.society
    if not society:
        return []
    body = table.policy.society.agencies[agency]
    score = society.score(agency, person)
    grade = body.grade(score)
    lines = [_("{agency}: {score}").format(agency=agency_title(table.policy, agency), score=shown(table, agency, score))
             + (_(", grade {grade}").format(grade=grade) if grade else "")]
    own = [r for r in table.records.of(person) if r.agency == agency and r.state == "active"]
    if own:
        lines.append(_("  start {start}; records in force:").format(start=shown(table, agency, body.start)))
        lines += ["    " + _("{points}: {act}").format(points=signed(table, agency, r.points), act=r.act) for r in own]
    lines += ["  " + line for line in render_chains(table, person, name_of, agency, mine=mine)]
    lines += ["  " + listing_sentence(table, x) for x in society.lists_of(person, agency)]
    for door in society.doors(agency, person):
        state = _("open") if door.state == "open" else _("closed")
        why = door.locked_by or door.opened_by
        lines.append("  " + _("{door}: {state}").format(door=door.name, state=state) + (f" — {why}" if why else ""))
    return lines


def explain_society(table: ScoreTable, person: str, name_of: NameOf) -> list[str]:
    """The groups, agencies and joint-punishment part of ``nosedive explain`` (empty without them)."""
    society = table.society
    if not society:
        return []
    lines = render_chains(table, person, name_of)
    for agency in table.policy.society.agencies:
        lines += render_agency(table, agency, person, name_of)
    return ["", *lines] if lines else []


def render_society_rules(policy: Policy) -> list[str]:
    """What ``nosedive rules`` reads out about groups, agencies and lists (empty without them)."""
    society = policy.society
    lines: list[str] = []
    for kind in society.kinds.values():
        who = _("the facilitator assigns its members") if kind.by == "facilitator" else _(
            "anyone may found one; a member needs the owner's consent and their own")
        line = _("Group kind {kind} ({who}): a member's record hits the group ×{group} and each fellow member "
                 "({relation}) ×{members}").format(kind=kind.name, who=who, group=factor_text(kind.to_group),
                                                   members=factor_text(kind.to_members), relation=kind.relation)
        if kind.to_parent:
            line += _("; what hits the group passes to the group it belongs to ×{parent}").format(
                parent=factor_text(kind.to_parent))
        lines.append(line + ".")
    if society.kinds:
        lines.append(_("No single record moves anyone else by more than {bound} of a scale's span, and all chains "
                       "together by no more than {total}. Leaving a group stops what comes after; what was in force "
                       "{past}.").format(bound=factor_text(society.bound), total=factor_text(society.total_bound),
                                         past=_("stays until it ends") if society.past == "keep" else
                                         _("goes when you leave")))
    for agency in society.agencies.values():
        lines.append(_("Agency {title} ({name}): scores from {low} to {high}, everyone starts at {start}; "
                       "acts: {acts}; doors: {doors}.").format(
            title=agency.title or agency.name, name=agency.name, low=agency.format(agency.low),
            high=agency.format(agency.high), start=agency.format(agency.start),
            acts=", ".join(f"{a.name} {agency.format_signed(a.points)}" for a in agency.acts.values()) or "—",
            doors=", ".join(f"{t.name} ≥ {agency.format(t.min)}" for t in agency.tiers) or "—"))
    for rule in society.lists:
        how = [_("a record for {act}").format(act=act) for act in sorted(rule.acts)]
        if rule.below is not None:
            how.append(_("a score below {line}").format(line=society.agencies[rule.agency].format(rule.below)))
        line = _("{agency} keeps {list}: one gets on it by {how}").format(
            agency=agency_title(policy, rule.agency), list=rule.title or rule.list, how=_(" or ").join(how))
        if rule.closes:
            line += _("; it closes {doors}").format(doors=", ".join(
                f"{agency_title(policy, d.agency)}: {d.door}" for d in rule.closes))
        if rule.opens:
            line += _("; it opens {doors}").format(doors=", ".join(
                f"{agency_title(policy, d.agency)}: {d.door}" for d in rule.opens))
        lines.append(line + ".")
    return lines
