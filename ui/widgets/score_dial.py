"""The big number: a glossy ring with the score in three decimals, animated when it moves."""
from __future__ import annotations

from PySide6.QtCore import Property, QEasingCurve, QRectF, QSize, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QConicalGradient, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .. import theme

TRACK_START = 225.0  # degrees, Qt's way (0 at three o'clock, counter-clockwise): lower left
TRACK_SPAN = -270.0  # clockwise over the top to the lower right: the gap is at the bottom
NO_SCORE = "—"


class ScoreDial(QWidget):
    """Shows ``value`` on a ring from ``low`` to ``high``; "—" until it is given one. Signals: none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0.0
        self._known = False  # no score yet: a 0.000 would be off the scale
        self._low, self._high, self._decimals = 1.0, 5.0, 3
        self._caption = ""
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(900)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._on_animation_value)
        self.setMinimumSize(QSize(150, 150))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("score")

    def set_scale(self, low: float, high: float, decimals: int) -> None:
        self._low, self._high, self._decimals = low, high, decimals
        self.update()

    def set_caption(self, caption: str) -> None:
        self._caption = caption
        self.update()

    def set_value(self, value: float, animate: bool = True) -> None:
        if not self._known:  # the first score sweeps up from the bottom of the scale, never from 0
            self._known, self._value = True, self._low
        if abs(value - self.target()) < 1e-9:
            return  # already there, or on the way: do not restart the animation
        if animate and self.isVisible() and abs(value - self._value) > 1e-9:
            self._animation.stop()
            self._animation.setStartValue(float(self._value))
            self._animation.setEndValue(float(value))
            self._animation.start()
        else:
            self._animation.stop()
            self._value = value
            self.update()

    def target(self) -> float:
        running = self._animation.state() == QVariantAnimation.State.Running
        return float(self._animation.endValue()) if running else self._value

    def _on_animation_value(self, value: float) -> None:
        self._value = float(value)
        self.update()

    def text(self) -> str:
        return f"{self._value:.{self._decimals}f}" if self._known else NO_SCORE

    def arcs(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((start, span) of the track, (start, span) of the value's arc), in degrees as Qt draws them."""
        if not self._known:
            return (TRACK_START, TRACK_SPAN), (TRACK_START, 0.0)
        share = max(0.0, min(1.0, (self._value - self._low) / ((self._high - self._low) or 1)))
        return (TRACK_START, TRACK_SPAN), (TRACK_START, TRACK_SPAN * share)

    value = Property(float, lambda self: self._value, set_value)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height()) - 12
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        thickness = max(10.0, side * 0.075)
        track = QPen(theme.color("soft"), thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(track)
        ring = rect.adjusted(thickness, thickness, -thickness, -thickness)
        (track_start, track_span), (start, span) = self.arcs()
        painter.drawArc(ring, round(track_start * 16), round(track_span * 16))
        # Peach at the low end to lavender at the top, clockwise from the gap. QConicalGradient runs
        # counter-clockwise from its angle, so the arc goes from 1.0 down to 0.25; 0 to 0.25 is the gap,
        # where only the round caps reach (peach by the start, lavender by the end).
        gradient = QConicalGradient(ring.center(), track_start)
        peach, lavender = QColor("#ffb199"), QColor("#b39ddb")
        for at, colour in ((0.0, peach), (0.12, peach), (0.13, lavender), (0.25, lavender),
                           (0.6, theme.color("accent")), (1.0, peach)):
            gradient.setColorAt(at, colour)
        if abs(span) > 0.05:  # at the bottom of the scale there is no arc, only the empty track
            painter.setPen(QPen(gradient, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawArc(ring, round(start * 16), round(span * 16))
        font = QFont(self.font())
        font.setPixelSize(int(side * 0.2))
        font.setWeight(QFont.Weight.ExtraBold)
        painter.setFont(font)
        painter.setPen(theme.color("ink"))
        painter.drawText(ring, Qt.AlignmentFlag.AlignCenter, self.text())
        if self._caption:
            small = QFont(self.font())
            small.setPixelSize(max(11, int(side * 0.065)))
            small.setBold(True)
            painter.setFont(small)
            painter.setPen(theme.color("accent_dark"))
            below = QRectF(ring.left(), ring.center().y() + side * 0.12, ring.width(), side * 0.12)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, self._caption)
        painter.end()
