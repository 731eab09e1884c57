"""What a group command may sign, and why not: one set of checks for ``node.groups`` and the CLI.

Each function returns the body to sign, or raises a :class:`~nosedive.core.errors.NosediveError`
with a sentence: what would count on no node is refused before it is signed.
"""
from __future__ import annotations

from collections.abc import Callable

from nosedive.core import keys
from nosedive.core.bodies.groups import MAX_GROUP_NAME_CHARS
from nosedive.core.errors import NotFacilitatorError, UsageError
from nosedive.core.i18n import _
from nosedive.core.policy import Policy
from nosedive.core.text import check_text
from nosedive.scoring.group_book import Group, Groups
from nosedive.scoring.table import ScoreTable

LabelOf = Callable[[str], str]


def groups_of(table: ScoreTable) -> Groups:
    society = table.society
    if not society or society.groups is None:
        raise UsageError(_("this room's policy has no groups ('nosedive rules' says what it has)"))
    return society.groups


def find_group(groups: Groups, text: str) -> Group:
    """A group by its id or the first six or more characters of it."""
    wanted = text.strip().lower()
    found = [g for g in groups.groups.values() if g.id == wanted or (len(wanted) >= 6 and g.id.startswith(wanted))]
    if len(found) != 1:
        raise UsageError(_("no single group {group!r} in this room; 'nosedive groups' lists them with their ids")
                         .format(group=text))
    return found[0]


def create_body(policy: Policy, groups: Groups | None, me: str, facilitator: str, label_of: LabelOf,
                kind: str, name: str, parent: str = "") -> dict[str, object]:
    kinds = policy.society.kinds
    if kind not in kinds:
        listed = _(", ").join(kinds) or _("none: this room's policy has no groups")
        raise UsageError(_("no group kind {kind!r} in this room's policy; the kinds are: {kinds}").format(
            kind=kind, kinds=listed))
    if kinds[kind].by == "facilitator" and facilitator != me:
        raise NotFacilitatorError(_("only the room's facilitator ({name}) may found a {kind}: the state assigns "
                                    "them").format(name=label_of(facilitator), kind=kind))
    body: dict[str, object] = {"kind": kind, "name": check_text(name, "name", MAX_GROUP_NAME_CHARS)}
    if parent:
        if groups is None:
            raise UsageError(_("no single group {group!r} in this room; 'nosedive groups' lists them with their "
                               "ids").format(group=parent))
        above = find_group(groups, parent)
        if above.owner != me and facilitator != me:
            raise UsageError(_("only the owner of {group!r} or the facilitator may put a group inside it").format(
                group=above.name))
        body["parent"] = above.id
    return body


def member_body(groups: Groups, me: str, label_of: LabelOf, group: str, person: str, on: bool) -> dict[str, object]:
    """The owner adds or removes *person*; *person* == *me* on a group I do not own: I join or leave."""
    found = find_group(groups, group)
    keys.public_key(person)
    if found.owner != me:
        if person != me:
            error = NotFacilitatorError if found.by_facilitator else UsageError
            text = (_("only the group's owner ({name}) may add members") if on else
                    _("only the group's owner ({name}) may remove members"))
            raise error(text.format(name=label_of(found.owner)))
        if found.by_facilitator:
            raise UsageError(_("this group was assigned by the facilitator: only they can add you to it") if on else
                             _("this group was assigned by the facilitator: only they can take you out of it"))
    return {"group": found.id, "subject": person, "on": on}
