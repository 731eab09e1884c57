"""The node's snapshots reach the window's views a few per event-loop turn (ui/staged.py): the views must
end up exactly as if each snapshot had been applied at once, the newest winning over one still being
applied, and `window.snapshot` must only name a snapshot every view shows."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from nosedive.ui.bridge import EngineThread, NodeBridge
from nosedive.ui.main_window import MainWindow

from .society import plain, society_snapshot


@pytest.fixture()
def windows(qtbot) -> Iterator[tuple[MainWindow, MainWindow]]:
    engines = EngineThread(), EngineThread()  # idle: these tests only hand the windows snapshots
    shown = tuple(MainWindow(NodeBridge(engine)) for engine in engines)
    for window in shown:
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
    yield shown  # type: ignore[misc]
    for engine in engines:
        engine.stop()


def seen(window: MainWindow) -> list[tuple[str, str, tuple[int, int, int, int]]]:
    """Every widget on screen: its kind, its words and where it is in the window."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # rows let go of (deleteLater) are gone
    found = []
    for part in window.root.findChildren(QWidget):
        if not part.isVisibleTo(window):
            continue
        text = part.text() if isinstance(part, QLabel | QAbstractButton) else ""
        corner = part.mapTo(window, part.rect().topLeft())
        found.append((type(part).__name__, text, (corner.x(), corner.y(), part.width(), part.height())))
    return sorted(found)


def test_staged_snapshots_end_as_if_applied_at_once_and_the_newest_wins(qtbot, windows) -> None:
    staged, at_once = windows
    society = society_snapshot()
    first = plain(replace(society, scores=replace(society.scores, policy=_without_society(society))))
    second, third = society, replace(society, my_groups=society.my_groups[1:], group_pulls=society.group_pulls[1:])
    staged.stages.offer(first)
    assert staged.stages.pending and staged.snapshot is None  # only the first stage ran in this turn
    qtbot.waitUntil(lambda: not staged.stages.pending, timeout=5000)
    assert staged.snapshot is first
    staged.stages.offer(second)
    QApplication.processEvents()  # a stage or two of the second...
    assert staged.stages.pending and staged.snapshot is first
    staged.stages.offer(third)  # ...and the third arrives: every view ends with it
    qtbot.waitUntil(lambda: not staged.stages.pending, timeout=5000)
    assert staged.snapshot is third
    for snap in (first, second, third):
        at_once.show_snapshot(snap)
        assert at_once.snapshot is snap and not at_once.stages.pending
    qtbot.waitUntil(lambda: seen(staged) == seen(at_once), timeout=5000)  # once both are laid out
    assert staged.tabs.count() == at_once.tabs.count() == 5


def test_settle_applies_every_stage_still_to_run(qtbot, windows) -> None:
    window, _ = windows
    snap = society_snapshot()
    window.stages.offer(snap)
    assert window.stages.pending and not window.agencies.cards
    window.stages.settle()
    assert not window.stages.pending and window.snapshot is snap and window.agencies.cards


def _without_society(snap):
    from nosedive.core.policy_society import NO_SOCIETY
    return replace(snap.scores.policy, society=NO_SOCIETY)
