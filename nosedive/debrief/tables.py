"""The debrief as CSV files and one JSON document (the format is docs/debrief.md)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from nosedive.core.policy import ONE
from nosedive.debrief.data import DebriefData
from nosedive.debrief.whatif import comparison_json


def iso(ts: int) -> str:
    """A signed timestamp (unix ms) as UTC ISO 8601: the same on every machine."""
    return dt.datetime.fromtimestamp(ts / 1000, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def points(value: int) -> str:
    """A fixed-point value as an exact decimal string (never a float: spreadsheets round those)."""
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value), ONE)
    digits = len(str(ONE)) - 1
    return f"{sign}{whole}.{part:0{digits}d}".rstrip("0").rstrip(".") if part else f"{sign}{whole}"


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def leaderboard_csv(data: DebriefData) -> str:
    return _csv(["rank", "person", "key", "score", "score_exact", "base", "drag", "grade", "labels",
                 "doors_open", "raters", "status"],
                [[p.rank, p.display, p.key, p.shown, points(p.final), points(p.base), points(p.drag), p.grade,
                  "; ".join(p.labels), p.doors_open, p.raters, p.status] for p in data.people])


def ratings_csv(data: DebriefData) -> str:
    return _csv(["time", "ts_ms", "rater", "rater_key", "subject", "subject_key", "stars", "counts", "note", "id"],
                [[iso(r.ts), r.ts, data.name(r.rater), r.rater, data.name(r.subject), r.subject, r.stars,
                  "yes" if r.counts else "no", r.note, r.id] for r in data.ratings])


def timeline_csv(data: DebriefData) -> str:
    table = data.scores
    rows = [[iso(ts), ts, data.name(person), person, table.format(final), points(final)]
            for person in sorted(data.timelines, key=data.name) for ts, final in data.timelines[person]]
    return _csv(["time", "ts_ms", "person", "key", "score", "score_exact"], rows)


def doors_csv(data: DebriefData) -> str:
    return _csv(["person", "key", "door", "threshold", "state", "distance", "pulled_down_by"],
                [[data.name(d.person), d.person, d.door, points(d.threshold), d.state, points(d.distance),
                  "; ".join(data.name(f) for f in d.pulled_down_by)] for d in data.doors])


def comparison_csv(data: DebriefData) -> str:
    """The "what if", one line per person: the score and grade under each rule set, the doors only the other
    rules open (``opened``) or only the room's open (``closed``), when the paths parted, and why."""
    result = data.comparison
    if result is None:
        return ""
    a, b = result.first, result.second
    return _csv(["person", "key", "rules", "score", "score_exact", "grade", "other_rules", "other_score",
                 "other_score_exact", "other_grade", "differs", "doors_opened", "doors_closed", "parted",
                 "parted_ts_ms", "why"],
                [[data.name(c.person), c.person, result.first_label, a.format(c.first.final), points(c.first.final),
                  c.first_grade, result.second_label, b.format(c.second.final), points(c.second.final),
                  c.second_grade, "yes" if c.differs else "no", "; ".join(c.opened), "; ".join(c.closed),
                  iso(c.diverged_at) if c.diverged_at is not None else "", c.diverged_at or "",
                  "; ".join(c.reasons)] for c in result.people])


def to_json(data: DebriefData) -> dict[str, Any]:
    """Everything, with scores both as the room shows them and as fixed-point integers (``one``)."""
    fmt = data.scores.format
    return {
        "format": "nosedive-debrief", "format_version": data.format_version, "one": ONE,
        "room": {"id": data.room_id, "name": data.room_name, "facilitator": data.facilitator, "rules": data.rules,
                 "table_hash": data.table_hash, "messages": data.message_count,
                 "first": iso(data.first_ts) if data.first_ts else None,
                 "last": iso(data.last_ts) if data.last_ts else None},
        "people": [{"rank": p.rank, "key": p.key, "label": p.label, "fingerprint": p.fingerprint,
                    "facilitator": p.is_facilitator, "status": p.status, "score": p.shown, "final": p.final,
                    "base": p.base, "drag": p.drag, "grade": p.grade, "labels": list(p.labels),
                    "doors_open": p.doors_open, "raters": p.raters} for p in data.people],
        "timelines": {person: [{"ts": ts, "final": final, "score": fmt(final)} for ts, final in points_]
                      for person, points_ in sorted(data.timelines.items())},
        "ratings": [{"id": r.id, "ts": r.ts, "rater": r.rater, "subject": r.subject, "stars": r.stars,
                     "note": r.note, "counts": r.counts} for r in data.ratings],
        "doors": [{"person": d.person, "door": d.door, "threshold": d.threshold, "state": d.state,
                   "distance": d.distance, "pulled_down_by": list(d.pulled_down_by)} for d in data.doors],
        "markers": [{"ts": m.ts, "kind": m.kind, "text": m.text} for m in data.markers],
        "moments": [{"kind": m.kind, "ts": m.ts, "person": m.person, "other": m.other, "text": m.text,
                     "before": m.before, "after": m.after} for m in data.moments],
        "explanations": {person: list(lines) for person, lines in data.explanations.items()},
    }


def json_text(data: DebriefData) -> str:
    document = to_json(data)
    if data.comparison is not None:  # only when asked for (--compare/--without): the section is added
        document["whatif"] = comparison_json(data.comparison, data.name)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
