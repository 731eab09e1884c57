"""The social-credit commands: report, appeal, confirm, rule; the facilitator's roles and penalties.

Each signs one message; what it does to scores is the score engine's rule (``docs/scoring.md``,
"Records, appeals and penalties"). The node refuses here, with a sentence, what would count on no
node: an act the policy does not list, a ruling signed before the appeal's delay is over, an
appeal of someone else's record. False reports are not refused: the machinery allows them.
"""
from __future__ import annotations

import logging

from nosedive.core import keys
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.identity import Identity
from nosedive.core.messages import now_ms
from nosedive.core.policy_acts import ROLE_NAME
from nosedive.node.replication import Replication, entered_view, facilitator_view
from nosedive.room.view import RoomView
from nosedive.scoring import Record, RecordsAt
from nosedive.scoring.records import acts_of
from nosedive.scoring.records_text import utc_clock

log = logging.getLogger("nosedive.node")


class Records:
    """Signs the machinery's messages for one person, after the checks that say why not."""

    def __init__(self, identity_key: str, room: Replication) -> None:
        self._me, self._room = identity_key, room

    def _view(self) -> RoomView:
        return entered_view(self._room)

    def _book(self) -> RecordsAt:
        return self._view().engine.table(at=now_ms()).records

    def _facilitator_only(self, action: str) -> RoomView:
        return facilitator_view(self._room, self._me, action)

    def _record(self, record_id: str) -> Record:
        book = self._book()
        found = book.record(record_id) or next((r for r in book.records if r.id.startswith(record_id)), None)
        if found is None or len(record_id) < 6:
            raise UsageError(_("no record {record!r} in this room; 'nosedive records' lists them with their ids")
                             .format(record=record_id))
        return found

    def report(self, subject: str, act: str, note: str = "", agency: str = "") -> str:
        view = self._view()
        policy = view.engine.policy
        if agency and agency not in policy.society.agencies:
            listed = _(", ").join(policy.society.agencies) or _("none: this room's policy has no agencies")
            raise UsageError(_("no agency {agency!r} in this room's policy; the agencies are: {agencies}").format(
                agency=agency, agencies=listed))
        acts = acts_of(policy, agency)
        if act not in acts:
            listed = _(", ").join(acts) or _("none: this room's policy has no itemised acts")
            text = (_("no act {act!r} in the {agency} agency's table; the acts are: {acts}") if agency else
                    _("no act {act!r} in this room's table; the acts are: {acts}"))
            raise UsageError(text.format(act=act, agency=agency, acts=listed))
        keys.public_key(subject)
        if subject == self._me:
            raise UsageError(_("nobody may report themselves"))
        body: dict[str, object] = {"subject": subject, "act": act}
        if note:
            body["note"] = note
        if agency:
            body["agency"] = agency
        self._room.append("report", body)
        log.info("reported %s for %s", keys.fingerprint(subject), act)
        mine = [r for r in self._book().records if r.author == self._me and r.subject == subject and r.act == act]
        return max(mine, key=lambda r: (r.ts, r.id)).id if mine else ""

    def appeal(self, record_id: str, note: str = "") -> None:
        record = self._record(record_id)
        if record.subject != self._me:
            raise UsageError(_("only the reported person may appeal a record"))
        if record.appeal_ts is not None:
            raise UsageError(_("this record is already under appeal"))
        body: dict[str, object] = {"record": record.id}
        if note:
            body["note"] = note
        self._room.append("appeal", body)

    def confirm(self, record_id: str) -> None:
        record = self._record(record_id)
        if record.filed_by != "complaint" or record.confirmed_by is not None:
            raise UsageError(_("only a complaint not yet confirmed can be confirmed"))
        self._room.append("confirm", {"record": record.id})

    def rule(self, record_id: str, verdict: str) -> None:
        if verdict not in ("uphold", "overturn"):
            raise UsageError(_("a ruling is 'uphold' or 'overturn'"))
        record = self._record(record_id)
        if record.decided_after is None:
            raise UsageError(_("this record is not under appeal: there is nothing to rule on"))
        if now_ms() < record.decided_after:
            raise UsageError(_("the appeal may be decided no earlier than {time} UTC; a ruling signed before then "
                               "counts on no node").format(time=utc_clock(record.decided_after)))
        self._room.append("ruling", {"record": record.id, "verdict": verdict})

    def grant_role(self, subject: str, role: str, on: bool = True) -> None:
        self._facilitator_only(_("grant roles"))
        if not ROLE_NAME.fullmatch(role):
            raise UsageError(_("a role is 1-24 lowercase letters, digits or dashes, e.g. collector or court"))
        keys.public_key(subject)
        self._room.append("role", {"subject": subject, "role": role, "on": on})

    def impose(self, subject: str, penalty: str) -> None:
        view = self._facilitator_only(_("impose penalties"))
        penalties = view.engine.policy.records.penalties
        if penalty not in penalties:
            listed = _(", ").join(penalties) or _("none: this room's policy has no penalties")
            raise UsageError(_("no penalty {penalty!r} in this room's policy; the penalties are: {penalties}").format(
                penalty=penalty, penalties=listed))
        keys.public_key(subject)
        self._room.append("penalty", {"subject": subject, "penalty": penalty})


class RecordCommands:
    """The node's record commands (mixed into :class:`~nosedive.node.node.Node`, which has ``_room``)."""

    _room: Replication
    identity: Identity

    def _records(self) -> Records:
        return Records(self.identity.public_hex, self._room)

    async def report(self, subject: str, act: str, note: str = "", agency: str = "") -> str:
        """Report *subject* for *act* of the policy's table (or of *agency*'s); returns the record's id."""
        return self._records().report(subject, act, note, agency)

    async def appeal(self, record: str, note: str = "") -> None:
        self._records().appeal(record, note)

    async def confirm(self, record: str) -> None:
        self._records().confirm(record)

    async def rule(self, record: str, verdict: str) -> None:
        self._records().rule(record, verdict)

    async def grant_role(self, subject: str, role: str, on: bool = True) -> None:
        self._records().grant_role(subject, role, on)

    async def impose_penalty(self, subject: str, penalty: str) -> None:
        self._records().impose(subject, penalty)
