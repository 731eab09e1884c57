"""One palette drives the whole look: the QSS template, painted widgets and avatars."""
from __future__ import annotations

import re
from string import Template

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QBoxLayout, QGridLayout, QLayout, QWidget

from nosedive.core import assets

PALETTE = {
    "background": "#fdf1ee",  # blush paper
    "card": "#ffffff",
    "ink": "#3d2c3e",
    "muted": "#9a8494",
    "line": "#f3dce0",
    "soft": "#fde6ea",
    "accent": "#f08aa3",  # Nosedive pink
    "accent_dark": "#c9607c",
    "focus": "#8fb8ff",
    "mint": "#c9f0de",
    "mint_dark": "#2f8a63",
    "lavender": "#ddd3fb",
    "peach": "#ffd8b8",
    "sky": "#cfe8ff",
    "butter": "#fff1b8",
    "warning_bg": "#fff4dc",
    "warning_line": "#f5cf7a",
    "good": "#46b98a",
    "bad": "#e86a7f",
    "locked": "#c7b8c2",
}

# The underclass's window: the same app with the colour drained out (watched, avoided, refused service).
UNDERCLASS = dict(PALETTE, background="#dcd8da", card="#eeebec", ink="#3a3538", muted="#7f787c", line="#cbc5c8",
                  soft="#e2dee0", accent="#8f878b", accent_dark="#5f585c", mint="#e2dee0", mint_dark="#5f585c",
                  butter="#e9e5e7", warning_bg="#ece8ea", warning_line="#b9b2b6")

PASTELS = ("#f7b6c8", "#ffd8b8", "#fff1b8", "#c9f0de", "#cfe8ff", "#ddd3fb", "#f9c6e8", "#bfe9e7")


def color(name: str) -> QColor:
    return QColor(PALETTE[name])


def stylesheet(scale: float = 1.0, palette: dict[str, str] | None = None) -> str:
    """The QSS filled from *palette* (the app's own by default), every pixel size multiplied by *scale*
    (see :func:`scale_for`)."""
    text = Template(assets.read_text("style/theme.qss")).substitute(palette or PALETTE)
    if scale == 1.0:
        return text
    return re.sub(r"(\d+(?:\.\d+)?)px", lambda m: f"{max(1, round(float(m.group(1)) * scale))}px", text)


DESIGN_SIZE = (1280, 800)  # the window size the pixel sizes in theme.qss were drawn for


def scale_for(width: int, height: int) -> float:
    """How much bigger type and spacing are in a window this size: 1 at 1280×800, smaller (down to
    0.85) on a small laptop, up to 2.5 on a 4K projector; in steps of 0.05 so a drag of the window's
    edge does not restyle it on every pixel."""
    raw = min(width / DESIGN_SIZE[0], height / DESIGN_SIZE[1])
    return round(max(0.85, min(2.5, raw)) * 20) / 20


def apply(app: QApplication) -> None:
    font = QFont()
    font.setFamilies(["Nunito", "Inter", "Segoe UI", "Helvetica Neue", "DejaVu Sans"])
    font.setPointSizeF(10.5)
    app.setFont(font)
    app.setStyleSheet(stylesheet())


def unit_of(widget: QWidget) -> float:
    """The widget's type against the 14 px of a 1280×800 window (what every fixed size is drawn for)."""
    pixels = widget.font().pixelSize()
    return (pixels if pixels > 0 else 14) / 14


def fit_layouts(widget: QWidget, unit: float) -> None:
    """Margins and spacing of *widget*'s layouts (and its children's) in proportion to the type.
    The sizes they were made with are kept on each layout, so fitting again never compounds."""
    layouts = widget.findChildren(QLayout)
    own = widget.layout()
    if own is not None:
        layouts.append(own)
    for layout in layouts:
        base = layout.property("base_sizes")
        if base is None:
            margins = layout.contentsMargins()
            spacing = (layout.horizontalSpacing(), layout.verticalSpacing()) if isinstance(layout, QGridLayout) \
                else (layout.spacing(), layout.spacing())
            base = [margins.left(), margins.top(), margins.right(), margins.bottom(), *spacing]
            layout.setProperty("base_sizes", base)
        left, top, right, bottom, across, down = (round(float(value) * unit) for value in base)
        layout.setContentsMargins(left, top, right, bottom)
        if isinstance(layout, QGridLayout):
            layout.setHorizontalSpacing(across)
            layout.setVerticalSpacing(down)
        elif isinstance(layout, QBoxLayout) and across >= 0:
            layout.setSpacing(across)
