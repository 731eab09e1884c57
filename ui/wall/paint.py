"""Drawing the wall's parts on a 1920×1080 design canvas; the view scales the painter to the screen.

Text is drawn through the scaled painter (vector glyphs at the screen's own resolution), and pictures
are made at the size they land on the screen, so a 3840×2160 wall is as sharp as a 1080p one.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QPixmap

from nosedive.room.wall import TickerLine, WallEntry

from ..widgets import avatar as avatars

DESIGN_W, DESIGN_H = 1920.0, 1080.0
INK = QColor("#fff4f6")
MUTED = QColor("#c9b3bd")
PINK = QColor("#f08aa3")
SHAME = QColor("#ff5a6e")
SHAME_BG = QColor("#3a1420")
RED_BG = QColor("#2c1f2c")
BACKGROUND = QColor("#17111a")
GOOD = QColor("#7fe0b3")
TONES = {"good": GOOD, "bad": SHAME, "news": QColor("#ffd58a")}
FAMILIES = ["Nunito", "Inter", "DejaVu Sans", "Noto Sans CJK SC", "Noto Sans"]


def font(pixels: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    chosen = QFont()
    chosen.setFamilies(FAMILIES)
    chosen.setPixelSize(max(1, round(pixels)))
    chosen.setWeight(weight)
    return chosen


def text(painter: QPainter, rect: QRectF, words: str, size: float, color: QColor, *,
         weight: QFont.Weight = QFont.Weight.Normal, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
    """One line in *rect*, cut with "…" when it does not fit (a long name never runs over the score)."""
    chosen = font(size, weight)
    painter.setFont(chosen)
    painter.setPen(color)
    shown = QFontMetricsF(chosen).elidedText(words, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)


_pictures: dict[tuple[str, int, int, bool], QPixmap] = {}


def width_of(words: str, size: float, weight: QFont.Weight) -> float:
    return QFontMetricsF(font(size, weight)).horizontalAdvance(words)


def picture(entry: WallEntry, side: float, device_scale: float) -> QPixmap:
    """The person's photo (or generated disc) at the pixels it will cover; drained of colour when fallen."""
    pixels = max(8, round(side * device_scale))
    cache_key = (entry.key + entry.label, hash(entry.avatar), pixels, entry.fallen)
    found = _pictures.get(cache_key)
    if found is not None:
        return found
    pixmap = avatars.avatar(entry.key, entry.label, entry.avatar, pixels)
    if entry.fallen:
        grey = QPixmap.fromImage(pixmap.toImage().convertToFormat(QImage.Format.Format_Grayscale8))
        pixmap = QPixmap(pixels, pixels)
        pixmap.fill(Qt.GlobalColor.transparent)
        clip = QPainter(pixmap)
        clip.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addEllipse(0, 0, pixels, pixels)
        clip.setClipPath(path)
        clip.drawPixmap(0, 0, grey)
        clip.end()
    if len(_pictures) > 200:
        _pictures.clear()
    _pictures[cache_key] = pixmap
    return pixmap


def shame_row(painter: QPainter, rect: QRectF, entry: WallEntry, device_scale: float) -> None:
    """A row of the shame wall: photo, name, grade and why, the score large on the right."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SHAME_BG if entry.fallen else RED_BG)
    painter.drawRoundedRect(rect, 22, 22)
    side = rect.height() - 24
    painter.drawPixmap(QRectF(rect.left() + 14, rect.top() + 12, side, side), picture(entry, side, device_scale),
                       QRectF())
    left = rect.left() + side + 40
    score_w = width_of(entry.score, 60, QFont.Weight.Black) + 10
    text(painter, QRectF(left, rect.top() + 6, rect.right() - left - score_w, 62), entry.label, 52, INK,
         weight=QFont.Weight.Bold)
    why = f"{entry.grade} · {entry.why}" if entry.grade else entry.why
    text(painter, QRectF(left, rect.top() + 66, rect.right() - left - 30, 48), why, 34,
         SHAME if entry.fallen else MUTED)
    text(painter, QRectF(rect.right() - score_w - 20, rect.top() + 6, score_w, 62), entry.score, 60, SHAME,
         weight=QFont.Weight.Black, align=Qt.AlignmentFlag.AlignRight)


def red_row(painter: QPainter, rect: QRectF, rank: int, entry: WallEntry, device_scale: float) -> None:
    """A row of the red list: rank, photo, name and score, the why under the name."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RED_BG)
    painter.drawRoundedRect(rect, 20, 20)
    text(painter, QRectF(rect.left() + 10, rect.top(), 60, rect.height()), str(rank), 50, PINK,
         weight=QFont.Weight.Black, align=Qt.AlignmentFlag.AlignCenter)
    side = rect.height() - 20
    painter.drawPixmap(QRectF(rect.left() + 76, rect.top() + 10, side, side), picture(entry, side, device_scale),
                       QRectF())
    left = rect.left() + 76 + side + 20
    score_w = width_of(entry.score, 50, QFont.Weight.Black) + 10
    text(painter, QRectF(left, rect.top() + 6, rect.right() - left - score_w - 30, 58), entry.label, 42, INK,
         weight=QFont.Weight.Bold)
    text(painter, QRectF(rect.right() - score_w - 20, rect.top() + 6, score_w, 58), entry.score, 50, GOOD,
         weight=QFont.Weight.Black, align=Qt.AlignmentFlag.AlignRight)
    text(painter, QRectF(left, rect.top() + 62, rect.right() - left - 20, 44), entry.why, 32, MUTED)


def padlock(painter: QPainter, rect: QRectF, color: QColor) -> None:
    """A closed padlock in *rect* (drawn, so no emoji font is needed on the wall's machine)."""
    painter.save()
    pen = QPen(color, rect.width() * 0.16)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QRectF(rect.left() + rect.width() * 0.2, rect.top(), rect.width() * 0.6, rect.height() * 0.6)
    painter.drawArc(shackle, 0, 180 * 16)
    bottom = rect.top() + rect.height() * 0.45
    for x in (shackle.left(), shackle.right()):
        painter.drawLine(QPointF(x, shackle.center().y()), QPointF(x, bottom))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(QRectF(rect.left(), rect.top() + rect.height() * 0.42, rect.width(), rect.height() * 0.58),
                            rect.width() * 0.12, rect.width() * 0.12)
    painter.restore()


def ticker_width(lines: tuple[TickerLine, ...], size: float) -> float:
    metrics = QFontMetricsF(font(size, QFont.Weight.DemiBold))
    return sum(metrics.horizontalAdvance(line.text + SEPARATOR) for line in lines)


SEPARATOR = "   •   "


def ticker(painter: QPainter, rect: QRectF, lines: tuple[TickerLine, ...], offset: float, size: float) -> None:
    """The ticker's lines, side by side, scrolled left by *offset*, repeated to fill the band."""
    painter.fillRect(rect, QColor("#0d090f"))
    if not lines:
        return
    chosen = font(size, QFont.Weight.DemiBold)
    metrics = QFontMetricsF(chosen)
    painter.setFont(chosen)
    total = ticker_width(lines, size)
    x = rect.left() - (offset % total if total else 0)
    painter.save()
    painter.setClipRect(rect)
    while x < rect.right():
        for line in lines:
            width = metrics.horizontalAdvance(line.text + SEPARATOR)
            if x + width > rect.left():
                painter.setPen(TONES.get(line.tone, INK))
                painter.drawText(QRectF(x, rect.top(), width, rect.height()),
                                 int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), line.text)
                painter.setPen(PINK)
                painter.drawText(QRectF(x + metrics.horizontalAdvance(line.text), rect.top(),
                                        metrics.horizontalAdvance(SEPARATOR), rect.height()),
                                 int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), SEPARATOR)
            x += width
            if x >= rect.right():
                break
    painter.restore()
