"""The debrief's charts as PNG bytes, drawn with matplotlib's Agg backend (no display, no Qt).

matplotlib rather than Pillow: a timeline of 30 people with grade bands, round markers and
direct labels, and a 30×30 matrix with readable axes, are a few calls here and hundreds of
lines of hand layout in Pillow. Only the object API is used (never pyplot), so nothing global
is touched and a chart can be drawn off the main thread. Peer text is drawn literally:
mathtext is off, so a name like ``$x$`` stays a name.
"""
from __future__ import annotations

import io
import warnings
from typing import Any

from nosedive.core.policy import ONE
from nosedive.debrief.data import DebriefData

INK, MUTED, GRID = "#1d1d28", "#5b5b6e", "#d9d9e3"
STAR_COLOURS = {1: "#c62839", 2: "#ec7d4a", 3: "#f2c94c", 4: "#8fcf6f", 5: "#23965e"}
MINUTE = 60_000
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 2}  # keeps a marker's text readable


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=120, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Any) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", facecolor="white", bbox_inches="tight", pad_inches=0.3)
    return out.getvalue()


def _drawing() -> Any:
    import matplotlib

    return matplotlib.rc_context({"text.parse_math": False, "font.size": 12, "axes.edgecolor": GRID,
                                  "axes.labelcolor": MUTED, "xtick.color": MUTED, "ytick.color": MUTED})


def short(text: str, limit: int = 24) -> str:
    """A name cut to fit beside a chart (the full one is in the tables)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def spread(targets: list[float], gap: float) -> list[float]:
    """Label heights near *targets* (sorted ascending) but at least *gap* apart."""
    placed: list[float] = []
    for target in targets:
        placed.append(max(target, placed[-1] + gap) if placed else target)
    overflow = placed[-1] - targets[-1] if placed else 0.0
    return [y - overflow / 2 for y in placed] if overflow > 0 else placed


def timeline_png(data: DebriefData) -> bytes:
    """Everyone's score over the session, grade bands behind, the facilitator's rounds and rule changes marked."""
    with warnings.catch_warnings(), _drawing():
        warnings.filterwarnings("ignore", message="Glyph .* missing")  # a name in a script DejaVu lacks
        figure = _figure(16, 8.4)
        draw_timeline(figure.add_axes((0.05, 0.08, 0.77, 0.84)), data,
                      f"{data.room_name}: everyone's score over the session")
        return _png(figure)


def draw_timeline(axes: Any, data: DebriefData, title: str, *, faded: frozenset[str] = frozenset(),
                  label_size: float = 10.5, order: tuple[str, ...] = ()) -> None:
    """*data*'s timelines into *axes* (the people in *faded* drawn pale: nothing to see there); colours
    follow *order* (default: the leaderboard's), so one person keeps one colour across two charts."""
    policy, start = data.scores.policy, data.first_ts
    low, high = policy.low / ONE, policy.high / ONE
    bands = [(g.min / ONE, g.name) for g in policy.grades] + [(high, "")]
    for index, ((bottom, grade), (top, _)) in enumerate(zip(bands, bands[1:], strict=False)):
        axes.axhspan(bottom, top, color=("#fbe3e6", "#f4f4f8", "#e2f4ea")[min(index, 2)], zorder=0)
        axes.text(0.005, bottom + 0.03, grade, transform=axes.get_yaxis_transform(), color=MUTED,
                  fontsize=13, fontweight="bold", va="bottom")
    keys = order or tuple(row.key for row in data.people)
    colour_of = dict(zip(keys, _palette(len(keys)), strict=True))
    ends: list[tuple[float, str, str]] = []
    last_minute = max((data.last_ts - start) / MINUTE, 1.0)
    for row in data.people:
        colour = colour_of.get(row.key, MUTED)
        points = data.timelines.get(row.key, ())
        xs = [0.0] + [(ts - start) / MINUTE for ts, _ in points] + [last_minute]
        ys = [policy.prior_value / ONE] + [final / ONE for _, final in points] + [row.final / ONE]
        pale = row.key in faded
        axes.step(xs, ys, where="post", color=GRID if pale else colour, linewidth=1.6 if pale else 2.2,
                  alpha=0.9)
        ends.append((row.final / ONE, f"{short(row.display)}  {row.shown}", MUTED if pale else colour))
    ends.sort()
    for y, (_, text, colour) in zip(spread([e[0] for e in ends], (high - low) / 42), ends, strict=True):
        axes.annotate(text, xy=(1.0, y), xycoords=("axes fraction", "data"), xytext=(8, 0),
                      textcoords="offset points", va="center", fontsize=label_size, color=colour,
                      fontweight="bold", annotation_clip=False)
    for marker in data.markers:
        x = (marker.ts - start) / MINUTE
        axes.axvline(x, color=INK, linestyle="--", linewidth=1.2, alpha=0.7)
        axes.text(x, low + (high - low) * 0.02, short(marker.text, 48), rotation=90, va="bottom", ha="center",
                  fontsize=10.5, color=INK, bbox=LABEL_BOX)
    axes.set_xlim(0, last_minute)
    axes.set_ylim(low, high)
    axes.set_xlabel("minutes into the session")
    axes.set_title(title, loc="left", fontsize=17, color=INK, fontweight="bold")
    axes.grid(axis="y", color="white", linewidth=1.2)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def comparison_png(real: DebriefData, other: DebriefData, same: frozenset[str]) -> bytes:
    """The session's timelines under its own rules (left) and the other rules (right); the people in
    *same* (nothing differs for them) drawn pale, so the paths that part stand out."""
    with warnings.catch_warnings(), _drawing():
        warnings.filterwarnings("ignore", message="Glyph .* missing")
        figure = _figure(22, 8.4)
        order = tuple(row.key for row in real.people)
        for left, side in ((0.04, real), (0.54, other)):
            draw_timeline(figure.add_axes((left, 0.08, 0.34, 0.84)), side, side.rules, faded=same, label_size=10,
                          order=order)
        return _png(figure)


def _palette(count: int) -> list[str]:
    """Distinct colours, dark enough to read on white."""
    base = ["#1f4e9c", "#c2185b", "#2e7d32", "#e65100", "#6a1b9a", "#00838f", "#ad1457", "#4e342e",
            "#283593", "#558b2f", "#d84315", "#00695c", "#7b1fa2", "#f9a825", "#37474f", "#0277bd"]
    return [base[i % len(base)] for i in range(count)]


def matrix_png(data: DebriefData) -> bytes:
    """Who rated whom: one row per rater, one column per person rated, the stars that count in each cell."""
    order = [row.key for row in data.people]
    index = {key: i for i, key in enumerate(order)}
    size = len(order)
    names = [short(data.name(key)) for key in order]
    side = min(max(6.0, 0.32 * size + 3.5), 16.0)
    with warnings.catch_warnings(), _drawing():
        warnings.filterwarnings("ignore", message="Glyph .* missing")
        figure = _figure(side + 1.5, side)
        axes = figure.add_axes((0.2, 0.04, 0.72, 0.72))
        from matplotlib.patches import Rectangle

        for (rater, subject), stars in sorted(data.matrix().items()):
            if rater in index and subject in index:
                axes.add_patch(Rectangle((index[subject], index[rater]), 1, 1, color=STAR_COLOURS[stars]))
                if size <= 40:
                    axes.text(index[subject] + 0.5, index[rater] + 0.5, str(stars), ha="center", va="center",
                              fontsize=9 if size > 20 else 11, color="white" if stars in (1, 5) else INK)
        axes.set_xlim(0, size)
        axes.set_ylim(size, 0)
        ticks = [i + 0.5 for i in range(size)]
        font = 9 if size > 20 else 11
        axes.set_xticks(ticks, labels=names, rotation=60, ha="left", fontsize=font)
        axes.set_yticks(ticks, labels=names, fontsize=font)
        axes.xaxis.tick_top()
        axes.set_xticks(range(size + 1), minor=True)
        axes.set_yticks(range(size + 1), minor=True)
        axes.grid(which="minor", color=GRID, linewidth=0.6)
        axes.tick_params(which="both", length=0)
        axes.set_ylabel("who rated (rows)")
        axes.set_title("Who rated whom: the stars that count (rows rated columns)", loc="left", fontsize=15,
                       color=INK, fontweight="bold", pad=12 + 0.5 * font * max(map(len, names), default=0))
        return _png(figure)
