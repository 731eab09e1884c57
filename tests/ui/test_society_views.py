"""Agencies, groups and who pulls through which group, in the window: hand-built snapshots of a
joint-punishment room (the app only ever receives snapshots), at a small laptop's size and a projector's."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget

from nosedive.ui.bridge import EngineThread, NodeBridge
from nosedive.ui.main_window import MainWindow
from nosedive.ui.views.agencies import AgenciesView
from nosedive.ui.views.groups import GroupsView

from .society import door, plain, society_snapshot
from .test_every_size import problems

BLACKLIST = "The People's Court: on the defaulters' blacklist (defied a court order) — Flights closed"


@pytest.fixture()
def window(qtbot) -> Iterator[MainWindow]:
    engine = EngineThread()  # never started: these tests only hand the window snapshots
    shown = MainWindow(NodeBridge(engine))
    qtbot.addWidget(shown)
    yield shown
    engine.loop.close()


def test_each_agency_shows_its_score_grade_lists_and_the_list_that_locked_a_door(qtbot) -> None:
    view = AgenciesView()
    qtbot.addWidget(view)
    view.resize(420, 900)
    view.show()
    snap = society_snapshot()
    view.show_snapshot(snap)
    assert [card.agency for card in view.cards] == ["bank", "transport", "court", ""]  # the room's own last
    bank, transport, court, own = view.cards
    assert (bank.title.text(), bank.score.text()) == ("People's Bank credit", "612 pts · B")
    assert bank.ring.share() == pytest.approx((612 - 350) / 600)
    assert view.summary.text() == ("People's Bank credit 612 pts · Transport ministry 9 pts · "
                                   "The People's Court 60 (on its blacklist)")
    assert own.score.text().startswith(snap.scores.format(snap.scores.score(snap.me).final))
    flights = next(row for row in transport.rows if row.door == "Flights")
    qtbot.waitUntil(lambda: flights.isVisible() and court.lists.isVisible(), timeout=5000)  # new rows show
    assert flights.chip.text() == "LOCKED BY A LIST" and flights.chip.objectName() == "state-locked_by_list"
    assert flights.reason.isVisible() and flights.reason.text() == BLACKLIST
    assert flights.sub.text() == "from 6 · 3 to spare"  # the score reaches it: the list holds it shut
    rail = next(row for row in transport.rows if row.door == "High-speed rail")
    assert rail.chip.text() == "OPEN" and not rail.reason.isVisible()
    assert court.lists.isVisible() and court.lists.text() == "On its lists: blacklist"
    assert not bank.lists.isVisible()
    assert not transport.lines.isVisible()  # the explanation on demand
    transport.why.click()
    assert transport.lines.isVisible() and "ran a red light (reported by Susan Taylor)" in transport.explanation()
    assert transport.why.text() == "Why this score?"
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in view.findChildren(QLabel))


def test_a_blacklisting_is_felt_at_once_in_the_words_of_the_list(qtbot) -> None:
    view = AgenciesView()
    qtbot.addWidget(view)
    snap = society_snapshot()
    transport = snap.agencies[1]
    free = replace(transport, doors=(door("High-speed rail", 4, 9), door("Flights", 6, 9)))
    with qtbot.assertNotEmitted(view.changed):  # the first snapshot is no change
        view.show_snapshot(replace(snap, agencies=(snap.agencies[0], free, snap.agencies[2])))
    with qtbot.waitSignal(view.changed) as said:
        view.show_snapshot(snap)
    (change,) = said.args[0]
    assert (change.before, change.after) == ("open", "locked") and change.sentence() == BLACKLIST
    assert not change.good


def test_the_group_buttons_send_their_commands(qtbot) -> None:
    view = GroupsView()
    qtbot.addWidget(view)
    view.resize(480, 1400)
    view.show()
    snap = society_snapshot()
    view.show_snapshot(snap)
    family, employer, cab, invitation = (g.id for g in snap.my_groups)
    qtbot.waitUntil(lambda: all(card.isVisible() for card in view.cards.values()), timeout=5000)
    assert view.invitations.isVisible() and view.cards[invitation].parent() is not None
    with qtbot.waitSignal(view.join) as joined:
        view.cards[invitation].join_button.click()
    assert joined.args == [invitation]
    assert view.cards[invitation].leave_button.text() == "Decline"
    assigned = view.cards[family]  # the facilitator's family: no Leave, no Add, and it says why
    assert not assigned.leave_button.isVisible() and not assigned.add_button.isVisible()
    assert assigned.assigned.isVisible() and not assigned.join_button.isVisible()
    card = view.cards[employer]  # mine: I add people to it, and may leave it
    with qtbot.waitSignal(view.leave) as left:
        card.leave_button.click()
    assert left.args == [employer]
    assert card.person.itemText(0) == "add someone…"
    card.add_button.click()  # nobody chosen yet: nothing sent
    chester = next(p.key for p in snap.people if p.name.startswith("Chester"))
    card.person.setCurrentIndex(card.person.findData(chester))
    with qtbot.waitSignal(view.add) as added:
        card.add_button.click()
    assert added.args == [employer, chester]
    assert card.members.text() == "Members: Dev Raman, Naomi Blestow, you"
    assert card.state.text() == "costs you −0.040" and card.state.property("tone") == "bad"
    assert view.cards[cab].members.text() == "Members: you\nBelongs to Smile Cab Co."
    form = view.form
    assert [form.kind.itemText(i) for i in range(form.kind.count())] == ["employer", "vehicle"]  # family: facilitator's
    form.kind.setCurrentIndex(1)
    form.name.setText("  Cab 43 ")
    form.parent_group.setCurrentIndex(form.parent_group.findData(employer))
    with qtbot.waitSignal(view.new_group) as made:
        form.send.click()
    assert made.args == ["vehicle", "Cab 43", employer] and form.name.text() == ""


def test_the_facilitator_may_found_every_kind(qtbot) -> None:
    view = GroupsView()
    qtbot.addWidget(view)
    view.show_snapshot(society_snapshot(me_facilitator=True))
    assert view.form.kind.count() == 3


def test_a_hostile_group_name_is_shown_literally(qtbot) -> None:
    view = GroupsView()
    qtbot.addWidget(view)
    snap = society_snapshot()
    hostile = "<img src=/dev/zero width=9999>"
    view.show_snapshot(replace(snap, my_groups=(replace(snap.my_groups[0], name=hostile),)))
    card = next(iter(view.cards.values()))
    assert card.name.text() == hostile and card.name.textFormat() == Qt.TextFormat.PlainText
    assert not view.grab().toImage().isNull()


def test_nothing_new_appears_in_a_room_without_groups_or_agencies(qtbot, window: MainWindow) -> None:
    window.resize(1280, 800)
    window.show()
    snap = society_snapshot()
    window.show_snapshot(plain(replace(snap, scores=replace(snap.scores, policy=_without_society(snap)))))
    assert window.tabs.count() == 4 and window.tabs.indexOf(window.groups) < 0
    assert window.access.isVisible() and not window.agencies.isVisible() and not window.groups.isVisible()
    assert window.drag.title is not None and window.drag.title.text() == "YOUR FRIENDS' PULL"
    assert (window.columns.stretch(1), window.columns.stretch(2)) == (7, 4)
    window.show_snapshot(snap)  # the same window in a joint-punishment room
    qtbot.waitUntil(lambda: bool(window.agencies.cards) and window.agencies.cards[0].isVisible()
                    and window.me.dial.height() >= 0.5 * window.me.height(), timeout=5000)  # not the dial's room
    assert window.tabs.indexOf(window.groups) == 4 and window.agencies.isVisible() and not window.access.isVisible()
    assert window.drag.title.text() == "WHO PULLS ON YOU"
    window.show_snapshot(plain(replace(snap, scores=replace(snap.scores, policy=_without_society(snap)))))
    assert window.tabs.count() == 4 and window.access.isVisible() and not window.agencies.isVisible()


def _without_society(snap):
    from nosedive.core.policy_society import NO_SOCIETY
    return replace(snap.scores.policy, society=NO_SOCIETY)


def _outside(view: QWidget, viewport: QWidget) -> list[str]:
    """Buttons and combos of *view* that reach past *viewport*'s right edge (cut off, unreachable)."""
    found = []
    for part in [*view.findChildren(QAbstractButton), *view.findChildren(QComboBox)]:
        if part.isVisible():
            right = part.mapTo(viewport, QPoint(part.width() - 1, 0)).x()
            if right >= viewport.width():
                found.append(f"{type(part).__name__} {part.accessibleName() or part.objectName()} to {right}")
    return found


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800), (1920, 1080), (3840, 2160)])
def test_a_joint_punishment_room_cuts_nothing_off(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    snap = society_snapshot()
    window.show()
    window.show_snapshot(snap)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=5000)
    tab_bar = window.tabs.tabBar()
    qtbot.waitUntil(lambda: all(tab_bar.tabRect(i).right() < tab_bar.width() for i in range(tab_bar.count()))
                    and tab_bar.tabRect(4).width() >= tab_bar.fontMetrics().horizontalAdvance("Groups"),
                    timeout=5000)  # five tabs, none cut to "Gr…"
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: not problems(window), timeout=5000)
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.groups))
    qtbot.waitUntil(lambda: not _outside(window.groups, window.groups.viewport())
                    and not _outside(window.records, window.records.viewport()), timeout=5000)
    qtbot.waitUntil(lambda: window.me.dial.height() >= 0.5 * window.me.height(), timeout=5000)  # not squeezed
    for card in window.agencies.cards:  # the Why? button inside its card, the card inside the column
        assert card.width() <= window.agencies.width()
        assert not card.why.isVisible() or card.why.geometry().right() < card.width()
    flights = next(row for row in window.agencies.cards[1].rows if row.door == "Flights")
    assert flights.reason.text() == BLACKLIST
    assert window.agencies.cards[0].ring.width() >= round(40 * 0.85)  # the rings grow with the type
    graph = window.drag.graph
    assert [pull.through for pull in graph.pulls()][-2:] == [g.group for g in snap.group_pulls]


def test_a_long_list_of_reasons_shows_the_first_few_then_all_on_demand(qtbot) -> None:
    view = GroupsView()
    qtbot.addWidget(view)
    snap = society_snapshot()
    reasons = tuple(f"−0.0{i}0: your relative Ryan Pound was reported ({i})" for i in range(1, 8))
    view.show_snapshot(replace(snap, my_groups=(replace(snap.my_groups[0], lines=reasons),)))
    card = next(iter(view.cards.values()))
    assert card.lines.text().splitlines() == list(reasons[:3]) and card.more.text() == "All 7 reasons"
    card.more.click()
    assert card.lines.text().splitlines() == list(reasons) and card.more.text() == "Fewer"


def test_several_records_through_one_group_are_one_face_with_their_sum(qtbot) -> None:
    from nosedive.ui.views.drag import MAX_GROUP_SENTENCES, DragView
    view = DragView()
    qtbot.addWidget(view)
    snap = society_snapshot()
    ryan, family = snap.group_pulls[0].person, snap.group_pulls[0].group
    again = replace(snap.group_pulls[0], amount=-100_000, sentence="−0.100: your brother Ryan Pound again")
    many = (*snap.group_pulls, again, *(replace(again, sentence=f"−0.100: and again ({i})") for i in range(3)))
    view.show_snapshot(replace(snap, group_pulls=many))
    faces = [p for p in view.graph.pulls() if p.through]
    assert [(p.key, p.through) for p in faces].count((ryan, family)) == 1
    ryans = next(p for p in faces if p.key == ryan)
    assert ryans.label == snap.scores.format_signed(-150_000 - 4 * 100_000)
    assert ryans.caption == "Ryan Pound · The Pounds"
    told = view.texts[len(snap.drag.friends):]
    assert told[:MAX_GROUP_SENTENCES][0] == snap.group_pulls[0].sentence  # the strongest first
    assert told[-1] == f"…and {len(many) - MAX_GROUP_SENTENCES} more: each group's card in Groups lists them all"


def test_an_agencys_act_is_reported_to_that_agency(qtbot) -> None:
    from nosedive.ui.views.records import RecordsView
    view = RecordsView()
    qtbot.addWidget(view)
    snap = society_snapshot()
    view.show_snapshot(snap)
    form = view.form
    acts = [form.act.itemText(i) for i in range(form.act.count())]
    assert "defied a court order · The People's Court (−40)" in acts and "jaywalking (−0.200)" in acts
    ryan = next(p.key for p in snap.people if p.name == "Ryan Pound")
    form.person.setCurrentIndex(form.person.findData(ryan))
    for data, expected in (("court/defied a court order", ("defied a court order", "court")),
                           ("jaywalking", ("jaywalking", ""))):
        form.act.setCurrentIndex(form.act.findData(data))
        with qtbot.waitSignal(view.report) as sent:
            form.send.click()
        assert sent.args == [ryan, expected[0], "", expected[1]]


def test_being_added_or_assigned_or_taken_out_is_told(qtbot) -> None:
    view = GroupsView()
    qtbot.addWidget(view)
    snap = society_snapshot()
    family, employer, cab, realty = snap.my_groups
    with qtbot.assertNotEmitted(view.told):  # the first snapshot is no news
        view.show_snapshot(replace(snap, my_groups=(employer, cab)))
    told: list[tuple[str, str]] = []
    view.told.connect(lambda sentence, kind: told.append((sentence, kind)))
    view.show_snapshot(snap)  # assigned to the family, invited by the realty firm
    view.show_snapshot(replace(snap, my_groups=(family, employer, replace(cab, state="left"), realty)))
    assert told == [("You are in The Pounds now: its members' records reach you", "bad"),
                    ("You were added to Pelican Cove Realty: join or decline it in Groups", ""),
                    ("You are out of Cab 42", "good")]


def test_out_of_a_group_the_facilitator_assigned_there_is_no_asking_back(qtbot) -> None:
    view = GroupsView()
    qtbot.addWidget(view)
    snap = society_snapshot()
    family, employer = snap.my_groups[0], snap.my_groups[1]
    view.show_snapshot(replace(snap, my_groups=(replace(family, state="left"), replace(employer, state="left"))))
    view.show()
    qtbot.waitUntil(lambda: view.cards[employer.id].isVisible(), timeout=5000)
    assigned, mine = view.cards[family.id], view.cards[employer.id]
    assert assigned.state.text() == "You are no longer in it · it still costs you −0.150"
    assert not assigned.join_button.isVisible() and not assigned.leave_button.isVisible()
    assert mine.join_button.isVisible() and mine.join_button.text() == "Ask to join again"
