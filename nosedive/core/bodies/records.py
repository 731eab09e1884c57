"""Bodies of the social-credit machinery: reports, roles, confirmations, appeals, rulings, penalties.

A record is named by the id of the ``report`` message that filed it. Who may send which is
decided when scoring (the room's policy and the facilitator's roles), not here: a body only has
to be well formed, so a false report is as valid a message as a true one.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from nosedive.core.bodies.checks import HEX_DIGITS, MAX_NOTE_CHARS, check_keys, check_subject, check_text
from nosedive.core.errors import MalformedError
from nosedive.core.i18n import N_, _
from nosedive.core.policy_acts import ROLE_NAME

VERDICTS = ("uphold", "overturn")


def check_record(value: Any) -> str:
    if not (isinstance(value, str) and len(value) == 64 and HEX_DIGITS.issuperset(value)):
        raise MalformedError(_("record must be the 64-hex id of a report message"))
    return value


def _note(body: Mapping[str, Any]) -> str:
    return check_text(body.get("note", ""), N_("note"), MAX_NOTE_CHARS, allow_empty=True)


@dataclass(frozen=True, slots=True)
class ReportBody:
    """Someone reports a person for an act of the policy's table (a good deed or an offence)."""

    TYPE: ClassVar[str] = "report"
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"subject", "act"})
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"subject", "act", "note", "agency"})

    subject: str
    act: str
    note: str = ""
    agency: str = ""  # the agency whose act table the act is from ("": the room's own)

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> ReportBody:
        check_keys(body, cls.REQUIRED, cls.ALLOWED)
        subject = check_subject(body["subject"])
        if subject == author:
            raise MalformedError(_("nobody may report themselves"))
        agency = body.get("agency", "")
        if "agency" in body and (not isinstance(agency, str) or not ROLE_NAME.fullmatch(agency)):
            raise MalformedError(_("agency must be 1-24 lowercase letters, digits or dashes, starting with a letter"))
        return cls(subject, check_text(body["act"], N_("act"), 60), _note(body), agency)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> ReportBody:
        return cls(body["subject"], body["act"], body.get("note", ""), body.get("agency", ""))

    def to_json(self) -> dict[str, Any]:
        return ({"subject": self.subject, "act": self.act} | ({"note": self.note} if self.note else {})
                | ({"agency": self.agency} if self.agency else {}))


@dataclass(frozen=True, slots=True)
class RoleBody:
    """The facilitator grants (on) or takes back (off) a role: collector, court, official…"""

    TYPE: ClassVar[str] = "role"
    KEYS: ClassVar[frozenset[str]] = frozenset({"subject", "role", "on"})

    subject: str
    role: str
    on: bool

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> RoleBody:
        check_keys(body, cls.KEYS, cls.KEYS)
        role = body["role"]
        if not isinstance(role, str) or not ROLE_NAME.fullmatch(role):
            raise MalformedError(_("role must be 1-24 lowercase letters, digits or dashes, starting with a letter"))
        if not isinstance(body["on"], bool):
            raise MalformedError(_("on must be true or false"))
        return cls(check_subject(body["subject"]), role, body["on"])

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> RoleBody:
        return cls(body["subject"], body["role"], body["on"])

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "role": self.role, "on": self.on}


@dataclass(frozen=True, slots=True)
class ConfirmBody:
    """A collector (or the facilitator) confirms a complaint, so it takes effect."""

    TYPE: ClassVar[str] = "confirm"
    KEYS: ClassVar[frozenset[str]] = frozenset({"record"})

    record: str

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> ConfirmBody:
        check_keys(body, cls.KEYS, cls.KEYS)
        return cls(check_record(body["record"]))

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> ConfirmBody:
        return cls(body["record"])

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record}


@dataclass(frozen=True, slots=True)
class AppealBody:
    """The reported person appeals a record against them."""

    TYPE: ClassVar[str] = "appeal"
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"record"})
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"record", "note"})

    record: str
    note: str = ""

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> AppealBody:
        check_keys(body, cls.REQUIRED, cls.ALLOWED)
        return cls(check_record(body["record"]), _note(body))

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> AppealBody:
        return cls(body["record"], body.get("note", ""))

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record} | ({"note": self.note} if self.note else {})


@dataclass(frozen=True, slots=True)
class RulingBody:
    """The judge (the facilitator, or the role the policy names) upholds or overturns an appealed record."""

    TYPE: ClassVar[str] = "ruling"
    KEYS: ClassVar[frozenset[str]] = frozenset({"record", "verdict"})

    record: str
    verdict: str  # "uphold" | "overturn"

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> RulingBody:
        check_keys(body, cls.KEYS, cls.KEYS)
        if body["verdict"] not in VERDICTS:
            raise MalformedError(_("verdict must be \"uphold\" or \"overturn\""))
        return cls(check_record(body["record"]), body["verdict"])

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> RulingBody:
        return cls(body["record"], body["verdict"])

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record, "verdict": self.verdict}


@dataclass(frozen=True, slots=True)
class PenaltyBody:
    """The facilitator imposes one of the policy's timed penalties on someone, from the message's ts."""

    TYPE: ClassVar[str] = "penalty"
    KEYS: ClassVar[frozenset[str]] = frozenset({"subject", "penalty"})

    subject: str
    penalty: str

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> PenaltyBody:
        check_keys(body, cls.KEYS, cls.KEYS)
        return cls(check_subject(body["subject"]), check_text(body["penalty"], N_("penalty"), 60))

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> PenaltyBody:
        return cls(body["subject"], body["penalty"])

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "penalty": self.penalty}
