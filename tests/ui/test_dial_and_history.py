"""The dial's ring and the history chart, as painted."""
from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QColor, QImage

from nosedive.ui import theme
from nosedive.ui.widgets.history_chart import HistoryChart
from nosedive.ui.widgets.score_dial import ScoreDial


def _at(image: QImage, dial: ScoreDial, degrees: float) -> QColor:
    """The colour on the ring's centre line at *degrees* (Qt's way: 0 at three o'clock, counter-clockwise)."""
    side = min(dial.width(), dial.height()) - 12
    thickness = max(10.0, side * 0.075)
    radius = side / 2 - thickness
    x = dial.width() / 2 + radius * math.cos(math.radians(degrees))
    y = dial.height() / 2 - radius * math.sin(math.radians(degrees))
    return image.pixelColor(round(x), round(y))


def _painted(dial: ScoreDial) -> QImage:
    return dial.grab().toImage()


@pytest.mark.parametrize(("value", "share"), [(1.0, 0.0), (2.5, 0.375), (5.0, 1.0)])
def test_the_arc_starts_at_the_gap_and_five_closes_the_ring(qtbot, value: float, share: float) -> None:
    dial = ScoreDial()
    qtbot.addWidget(dial)
    dial.resize(300, 300)
    assert dial.text() == "—"  # before any score: never 0.000
    dial.set_value(value, animate=False)
    assert dial.text() == f"{value:.3f}"
    (track_start, track_span), (start, span) = dial.arcs()
    gap_middle = track_start + track_span - (360 + track_span) / 2
    assert math.isclose(gap_middle % 360, 270)  # the gap is centred at the bottom
    assert start == track_start and math.isclose(span, track_span * share)
    image = _painted(dial)
    track = theme.color("soft")
    background = image.pixelColor(1, 1)  # a corner, outside the ring
    assert _at(image, dial, 270) == background  # nothing painted in the gap
    lit_end = _at(image, dial, track_start + track_span * share * 0.95)  # inside the value's arc, by its end
    far_end = _at(image, dial, track_start + track_span * 0.97)  # by the track's end
    if share == 0.0:
        assert far_end == track and _at(image, dial, 90) == track  # only the empty track
    else:
        assert lit_end not in (track, background)
    if share == 1.0:
        assert far_end != track  # 5.000 fills the ring to the gap
    else:
        assert far_end == track


def test_history_runs_forward_in_time_with_a_time_axis_and_three_decimals(qtbot) -> None:
    chart = HistoryChart()
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    start = 1_700_000_000.0
    chart.set_data(((start + 120, 3.2), (start, 3.0), (start + 60, 3.4)), 1.0, 5.0, 3)  # stamped out of order
    assert [t for t, _ in chart.points()] == [start, start + 60, start + 120]
    assert chart.score_labels() == ("1.000", "2.000", "3.000", "4.000", "5.000")
    ticks = chart.time_labels()
    assert [t for t, _ in ticks][0] == start and ticks[-1][0] == start + 120 and len(ticks) == 4
    assert all(len(text.split(":")) == 3 for _, text in ticks)  # two minutes: seconds shown
    assert not chart.grab().toImage().isNull()


def test_a_screenshot_shows_the_ring_where_its_movement_ends(qtbot) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from nosedive.ui.app import finish_animations
    window = QWidget()
    qtbot.addWidget(window)
    dial = ScoreDial(window)
    QVBoxLayout(window).addWidget(dial)
    window.show()
    qtbot.waitExposed(window)
    dial.set_value(2.0, animate=False)
    dial.set_value(4.5)  # a 900 ms sweep has only begun
    assert dial.text() != "4.500"
    finish_animations(window)
    assert dial.text() == "4.500" and dial.target() == 4.5
