"""One palette drives the whole look: the QSS template, painted widgets and avatars."""
from __future__ import annotations

from string import Template

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

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

PASTELS = ("#f7b6c8", "#ffd8b8", "#fff1b8", "#c9f0de", "#cfe8ff", "#ddd3fb", "#f9c6e8", "#bfe9e7")


def color(name: str) -> QColor:
    return QColor(PALETTE[name])


def stylesheet() -> str:
    return Template(assets.read_text("style/theme.qss")).substitute(PALETTE)


def apply(app: QApplication) -> None:
    font = QFont()
    font.setFamilies(["Nunito", "Inter", "Segoe UI", "Helvetica Neue", "DejaVu Sans"])
    font.setPointSizeF(10.5)
    app.setFont(font)
    app.setStyleSheet(stylesheet())
