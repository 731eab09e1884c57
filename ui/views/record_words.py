"""The words of the records view: a record's state, a penalty's countdown, who holds which role.

Pure functions of snapshot values (no Qt, nothing decided here): the engine settled every record's
state at the snapshot's instant; these only say it, in local time.
"""
from __future__ import annotations

import time

from nosedive.room.snapshot import Person, RoomSnapshot
from nosedive.scoring import PenaltyRecord, Record
from nosedive.scoring.records_text import role_words

from ..tr import tr
from .common import shown_name


def local_clock(ts: int) -> str:
    """A signed timestamp as the room's wall clock shows it ("12:03")."""
    return time.strftime("%H:%M", time.localtime(ts // 1000))


def name_of(snap: RoomSnapshot, key: str) -> str:
    person = snap.person(key)
    return shown_name(person) if person is not None else key[:12]


def record_state(record: Record) -> str:
    """Where a record stands, in a few words: in force, waiting, appealed, overturned, repaired…"""
    if record.state == "struck":
        return tr("overturned on appeal")
    if record.appeal_pending and record.decided_after is not None:
        return tr("appealed, decided no earlier than {time}").format(time=local_clock(record.decided_after))
    words = {
        "pending": tr("waiting for confirmation"),
        "scheduled": tr("in force from {time}").format(time=local_clock(record.effective_from or record.ts)),
        "active": tr("in force until {time}").format(time=local_clock(record.expires_at or record.ts)),
        "expired": tr("repaired"),
        "protected": tr("does not lower a protected person"),
    }[record.state]
    return words + (tr("; appeal rejected") if record.ruling == "upheld" else "")


def record_line(snap: RoomSnapshot, record: Record) -> str:
    """"−5 · jaywalking · reported by Ana at 12:03 · red light"."""
    table = snap.scores
    who = name_of(snap, record.author)
    filed = {"facilitator": tr("by {who}"), "collector": tr("by {who}, an information collector"),
             "complaint": tr("in a complaint by {who}")}[record.filed_by].format(who=who)
    parts = [table.format_signed(record.points), record.act,
             tr("reported {filed} at {time}").format(filed=filed, time=local_clock(record.ts))]
    if record.note:
        parts.append(record.note)
    return " · ".join(parts)


def may_appeal(snap: RoomSnapshot, record: Record) -> bool:
    """Only the reported person, once, and only what could still count."""
    return record.subject == snap.me and record.appeal_ts is None and record.state not in ("struck", "expired")


def countdown(seconds: int) -> str:
    """"12:05 left" (minutes and seconds), "1 h 02 min left" past an hour."""
    seconds = max(0, seconds)
    if seconds >= 3600:
        return tr("{h} h {m:02d} min left").format(h=seconds // 3600, m=seconds % 3600 // 60)
    return tr("{m}:{s:02d} left").format(m=seconds // 60, s=seconds % 60)


def penalty_line(snap: RoomSnapshot, penalty: PenaltyRecord, now_ms: int) -> str:
    """"travel blacklist · −100 · 12:05 left" (the countdown ticks in the view, not in the engine)."""
    what = snap.scores.format_signed(penalty.points) if penalty.points else tr("low ratings count double")
    when = {"scheduled": tr("starts at {time}").format(time=local_clock(penalty.starts)),
            "active": countdown((penalty.ends - now_ms) // 1000),
            "ended": tr("ended at {time}").format(time=local_clock(penalty.ends)),
            "protected": tr("does not lower a protected person")}[penalty.state]
    return f"{penalty.name} · {what} · {when}"


def roles_of(snap: RoomSnapshot) -> dict[str, tuple[str, ...]]:
    return dict(snap.roles)


def collects(snap: RoomSnapshot) -> bool:
    """Whether I may confirm complaints: the facilitator, or a holder of the policy's collector role."""
    role = snap.scores.policy.records.collector_role
    return snap.me == snap.facilitator or role in roles_of(snap).get(snap.me, ())


def judges(snap: RoomSnapshot) -> bool:
    """Whether I may rule on appeals: the facilitator, or a holder of the role the policy names."""
    judge = snap.scores.policy.records.judge
    return snap.me == snap.facilitator or judge in roles_of(snap).get(snap.me, ())


def role_line(snap: RoomSnapshot, key: str, roles: tuple[str, ...]) -> str:
    """"Ana: an information collector and the court"."""
    return f"{name_of(snap, key)}: " + tr(" and ").join(role_words(r) for r in roles)


def badge_text(roles: tuple[str, ...], collector_role: str) -> str:
    """The small badge beside a name in People ("collector", "court"…; "" for none)."""
    return " · ".join(tr("collector") if r == collector_role else r for r in roles)


def reportable(snap: RoomSnapshot) -> list[Person]:
    """Whom I may report: everyone in the room but me (false reports are possible by design)."""
    return sorted((p for p in snap.people if not p.is_me and p.status == "member"),
                  key=lambda p: ((p.label or p.name).casefold(), p.key))
