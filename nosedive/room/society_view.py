"""My standing with each agency, my groups and who pulls me through them: the snapshot's issue-16 fields.

Built from the table of the snapshot's instant (:mod:`nosedive.scoring.society`); empty tuples for a
room whose policy has no groups or agencies, so such a snapshot costs nothing more.
"""
from __future__ import annotations

from collections.abc import Callable

from nosedive.room.snapshot import AgencyStanding, GroupPull, GroupStanding
from nosedive.scoring.society_text import caused_sentence, chain_sentence, render_agency, shown
from nosedive.scoring.table import ScoreTable

NameOf = Callable[[str], str]


def agency_standings(table: ScoreTable, me: str, name_of: NameOf) -> tuple[AgencyStanding, ...]:
    society = table.society
    if not society:
        return ()
    result = []
    for agency in table.policy.society.agencies.values():
        value = society.score(agency.name, me)
        result.append(AgencyStanding(
            agency.name, agency.title or agency.name, shown(table, agency.name, value), value, agency.grade(value),
            society.doors(agency.name, me), tuple(x.list for x in society.lists_of(me, agency.name)),
            tuple(render_agency(table, agency.name, me, name_of, mine=True))))
    return tuple(result)


def my_groups(table: ScoreTable, me: str, name_of: NameOf) -> tuple[GroupStanding, ...]:
    society = table.society
    if not society or society.groups is None:
        return ()
    groups, instant = society.groups, table.records.instant or 0
    result = []
    for gid in groups.of_person.get(me, ()):
        state = groups.state(gid, me, instant)
        if not state:
            continue
        group = groups.groups[gid]
        framework = table.policy.society.kinds[group.kind].agency
        value = society.group_score(gid, framework)
        into = [e for e in society.into(me, "") if e.group == gid]
        order = lambda e: (e.amount, name_of(e.subject), e.record)  # noqa: E731  the same order every snapshot
        lines = [chain_sentence(table, e, name_of) for e in sorted(society.into(me), key=order) if e.group == gid]
        lines += [caused_sentence(table, e, name_of) for e in sorted(society.caused_by(me), key=order)
                  if e.group == gid]
        lines += [chain_sentence(table, e, name_of) for e in sorted(society.into(gid), key=order)]
        result.append(GroupStanding(gid, group.kind, group.name, groups.members_at(gid, instant),
                                    shown(table, framework, value), value, sum(e.amount for e in into),
                                    tuple(lines), state, group.parent))
    return tuple(result)


def group_pulls(table: ScoreTable, me: str, name_of: NameOf) -> tuple[GroupPull, ...]:
    society = table.society
    if not society or society.groups is None:
        return ()
    pulls = [GroupPull(e.subject, e.group, society.groups.groups[e.group].name, e.amount,
                       chain_sentence(table, e, name_of)) for e in society.into(me, "")]
    return tuple(sorted(pulls, key=lambda p: (p.amount, p.person, p.group)))
