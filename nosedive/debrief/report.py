"""The one self-contained HTML report: Jinja2 with autoescape on, charts embedded as data: URIs.

Names, notes, room and door names are typed by people; autoescape makes every one of them
text, never markup. The template and its style are packaged resources (resources/debrief/).
"""
from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from nosedive.core import assets, i18n
from nosedive.core.i18n import N_, _
from nosedive.debrief.data import DebriefData

TEMPLATE = "report.html.j2"
KIND_TITLES = {"largest-fall": N_("Largest fall"), "first-underclass": N_("First into the underclass"),
               "dropped-friend": N_("Dropped a friend to save their score")}
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"),
          N_("Oct"), N_("Nov"), N_("Dec"))  # as %b says them in English, whatever the C library's locale
STATUS_WORDS = {"waiting": N_("waiting to be let in"), "expelled": N_("expelled")}  # data.PersonRow.status


def _environment() -> Any:
    import jinja2

    def load(name: str) -> str:
        return assets.read_text(f"debrief/{name}")

    return jinja2.Environment(loader=jinja2.FunctionLoader(load), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _when(ts: int) -> str:
    """A signed timestamp as a reader says it: "14 Nov 2023, 22:13 UTC" (the same on every machine)."""
    if not ts:
        return ""
    when = dt.datetime.fromtimestamp(ts / 1000, dt.UTC)
    return _("{day} {month} {year}, {time} UTC").format(day=when.day, month=_(MONTHS[when.month - 1]), year=when.year,
                                                        time=f"{when:%H:%M}")


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_html(data: DebriefData, charts: dict[str, bytes]) -> str:
    """The report; *charts* maps "timeline" and "matrix" to PNG bytes."""
    minutes = max(0, (data.last_ts - data.first_ts) // 60_000)
    return str(_environment().get_template(TEMPLATE).render(
        data=data, style=assets.read_text("debrief/report.css"),
        charts={name: data_uri(png) for name, png in charts.items()},
        minutes=minutes, first=_when(data.first_ts), name=data.name,
        moments=[(_(KIND_TITLES[m.kind]) if m.kind in KIND_TITLES else m.kind, m) for m in data.moments],
        locked=[(door, [data.name(f) for f in door.pulled_down_by]) for door in data.doors_locked_by_friends()],
        fmt=data.scores.format, signed=data.scores.format_signed,
        marker_time=lambda ts: _("{n} min").format(n=(ts - data.first_ts) // 60_000),
        _=_, lang="zh-CN" if i18n.language() == "zh_CN" else "en",
        status=lambda status: _(STATUS_WORDS[status]) if status in STATUS_WORDS else status,
        doors_total=len(data.scores.policy.tiers),
        whatif=data.comparison,
    ))
