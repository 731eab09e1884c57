"""Writing a debrief into a folder: CSV, JSON, the PNG charts and the HTML report that embeds them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nosedive.debrief import charts, report, tables
from nosedive.debrief.data import DebriefData
from nosedive.debrief.whatif import other_side


@dataclass(frozen=True)
class Exported:
    folder: Path
    files: tuple[Path, ...]

    @property
    def report(self) -> Path:
        return self.folder / "report.html"


def export(data: DebriefData, folder: Path) -> Exported:
    """Write every file of the debrief into *folder* (made if missing; files of the same names replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    pngs = {"timeline": charts.timeline_png(data), "matrix": charts.matrix_png(data)}
    texts: dict[str, str] = {}
    if data.comparison is not None:  # the "what if", when asked for: its table and both sides' timelines
        same = frozenset(c.person for c in data.comparison.people if not c.differs)
        pngs["comparison"] = charts.comparison_png(data, other_side(data, data.comparison), same)
        texts["comparison.csv"] = tables.comparison_csv(data)
    texts |= {
        "leaderboard.csv": tables.leaderboard_csv(data),
        "ratings.csv": tables.ratings_csv(data),
        "timeline.csv": tables.timeline_csv(data),
        "doors.csv": tables.doors_csv(data),
        "debrief.json": tables.json_text(data),
        "report.html": report.render_html(data, pngs),
    }
    written = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    for name, png in pngs.items():
        path = folder / f"{name}.png"
        path.write_bytes(png)
        written.append(path)
    return Exported(folder, tuple(written))
