"""The debrief: what happened in a room, gathered once into a frozen value, and written out.

:func:`collect` reads a room's signed messages from the ledger and replays them (scores over
time from the signed timestamps, who rated whom, doors, key moments, explanations) into a
:class:`DebriefData`; :func:`export` writes it as CSV, JSON, PNG charts and one HTML report.
The app's projector view draws the same :class:`DebriefData`. Nothing here knows the network.
"""
from nosedive.debrief.collect import collect
from nosedive.debrief.data import FORMAT_VERSION, DebriefData, DoorRow, Marker, Moment, PersonRow, RatingRow
from nosedive.debrief.export import Exported, export

__all__ = [
    "FORMAT_VERSION", "DebriefData", "DoorRow", "Exported", "Marker", "Moment", "PersonRow", "RatingRow",
    "collect", "export",
]
