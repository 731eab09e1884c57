"""Sizes of a People row that follow the window's type: the face, the number's column, the Friend button."""
from __future__ import annotations

from typing import TYPE_CHECKING

from nosedive.room.snapshot import Person

from .. import theme
from ..tr import tr
from ..widgets.avatar import avatar

if TYPE_CHECKING:
    from .people import PersonRow


class RowSizes:
    """Keeps one row's fixed parts in proportion to its type (14 px at 1280×800)."""

    def __init__(self, row: PersonRow) -> None:
        self.row = row
        self._person: Person | None = None
        self.fit()

    def unit(self) -> float:
        return theme.unit_of(self.row)

    def picture(self, person: Person) -> None:
        self._person = person
        side = round(40 * self.unit())
        self.row.picture.setFixedSize(side, side)
        self.row.picture.setPixmap(avatar(person.key, person.name, person.avatar, side))

    def name_room(self) -> int:
        """How wide the name should be at least before the row goes to two lines."""
        return round(110 * self.unit())

    def fit(self) -> None:
        row = self.row
        theme.fit_layouts(row, self.unit())
        if self._person is not None:
            self.picture(self._person)
        metrics = row.score.fontMetrics()
        row.score.setMinimumWidth(metrics.horizontalAdvance("8.888") + 6)  # the column does not jitter
        button = row.friend_button
        texts = (tr("Friend ✓"), tr("+ Friend"))
        widest = max(button.fontMetrics().horizontalAdvance(text) for text in texts)
        button.setMinimumWidth(widest + round(30 * self.unit()))  # both texts fit: no jump on toggling

    def repolish(self) -> None:
        """Re-read the theme after a property it styles by changed (here or gone)."""
        for widget in (self.row, *self.row.findChildren(type(self.row.picture))):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
