"""The painted widgets on their own: keyboard, animation, and the Qt signal path."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from nosedive.ui.widgets.drag_graph import DragGraph, Pull
from nosedive.ui.widgets.history_chart import HistoryChart
from nosedive.ui.widgets.score_dial import ScoreDial
from nosedive.ui.widgets.stars import StarRating


def test_stars_by_keyboard(qtbot) -> None:
    stars = StarRating()
    qtbot.addWidget(stars)
    stars.show()
    with qtbot.waitSignal(stars.rated) as blocker:
        qtbot.keyClick(stars, Qt.Key.Key_3)
    assert blocker.args == [3]
    qtbot.keyClick(stars, Qt.Key.Key_Right)
    with qtbot.waitSignal(stars.rated) as blocker:
        qtbot.keyClick(stars, Qt.Key.Key_Return)
    assert blocker.args == [4] and stars.chosen() == 4


def test_dial_animates_to_its_value(qtbot) -> None:
    dial = ScoreDial()
    qtbot.addWidget(dial)
    dial.show()
    dial.set_value(4.237)
    assert dial.text() != "4.237"  # it moves there…
    qtbot.waitUntil(lambda: dial.text() == "4.237", timeout=3000)  # …and arrives


def test_painted_widgets_render(qtbot) -> None:
    graph, chart = DragGraph(), HistoryChart()
    for widget in (graph, chart):
        qtbot.addWidget(widget)
        widget.resize(400, 300)
    graph.set_graph(("a" * 64, "Mia", b""), (Pull("b" * 64, "Lou", b"", -0.3, "−0.300"),
                                             Pull("c" * 64, "Ann", b"", 0.1, "+0.100")))
    chart.set_data(((0, 3.0), (60, 3.4), (120, 3.1)), 1.0, 5.0, 3, (("Flights", 4.2),))
    for widget in (graph, chart):
        image = widget.grab().toImage()
        assert not image.isNull()
        colours = {image.pixel(x, y) for x in range(0, 400, 9) for y in range(0, 300, 9)}
        assert len(colours) > 5  # something was drawn


class Emitter(QObject):
    ping = Signal(object)


def test_ten_thousand_signals(qtbot) -> None:
    """Guards the PySide6 6.12 / Python 3.11 reference-count bug (shared/notes/qt.md)."""
    emitter = Emitter()
    received = []
    emitter.ping.connect(received.append)
    for index in range(10_000):
        emitter.ping.emit(index)
    assert len(received) == 10_000 and received[-1] == 9_999
