"""First run: a name and a face, then a room found on the LAN — or a new one."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nosedive.core import policy
from nosedive.core.text import normalise
from nosedive.room.snapshot import DiscoveredRoom

from .pictures import MAX_CHOSEN_BYTES, MAX_CHOSEN_SIDE, fit_picture
from .tr import tr
from .views.common import plain_label
from .widgets.avatar import avatar


@dataclass(frozen=True)
class Choice:
    name: str
    avatar: bytes
    join_room: str | None  # a discovered room's id…
    create_room: str | None  # …or the name of a new room
    preset: str


class OnboardingDialog(QDialog):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.avatar_bytes = b""
        self.choice: Choice | None = None
        self.setWindowTitle(tr("Welcome to Nosedive"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        title = plain_label(tr("Who are you?"), "title", wrap=False)
        layout.addWidget(title)
        face = QHBoxLayout()
        self.picture = plain_label(wrap=False)
        self.picture.setFixedSize(72, 72)
        face.addWidget(self.picture)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("Your display name"))
        self.name.setMaxLength(40)
        self.name.textChanged.connect(self._refresh_picture)
        face.addWidget(self.name, 1)
        pick = QPushButton(tr("Choose picture…"))
        pick.setProperty("kind", "ghost")
        pick.clicked.connect(self._choose_picture)
        face.addWidget(pick)
        layout.addLayout(face)
        rooms_title = plain_label(tr("Rooms on this network"), "section")
        layout.addWidget(rooms_title)
        self.rooms = QListWidget()
        self.rooms.setMinimumHeight(150)
        self.rooms.itemActivated.connect(lambda item: self._join())
        layout.addWidget(self.rooms)
        self.no_rooms = plain_label(tr("Looking for rooms… (none yet)"), "muted", wrap=False)
        layout.addWidget(self.no_rooms)
        join = QPushButton(tr("Join the selected room"))
        join.clicked.connect(self._join)
        layout.addWidget(join)
        create_line = QHBoxLayout()
        self.new_room = QLineEdit()
        self.new_room.setPlaceholderText(tr("…or open a new room, e.g. Class 5B"))
        self.preset = QComboBox()
        self.preset.addItems(policy.preset_names())
        self.preset.setCurrentText("nosedive")
        create = QPushButton(tr("Create"))
        create.setProperty("kind", "ghost")
        create.clicked.connect(self._create)
        create_line.addWidget(self.new_room, 1)
        create_line.addWidget(self.preset)
        create_line.addWidget(create)
        layout.addLayout(create_line)
        self.error = plain_label(wrap=False)
        self.error.setStyleSheet("color: #c24562; font-weight: 700;")
        layout.addWidget(self.error)
        self._refresh_picture()

    def _refresh_picture(self) -> None:
        self.picture.setPixmap(avatar(self.key, self.name.text() or "?", self.avatar_bytes, 72))

    def _choose_picture(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose a picture"), str(Path.home()),
                                              tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.load_picture(Path(path))

    def load_picture(self, path: Path) -> None:
        """Read at most one byte more than a chosen picture may have: the "file" may be endless."""
        try:
            with path.open("rb") as file:
                data = file.read(MAX_CHOSEN_BYTES + 1)
        except OSError as exc:
            self.error.setText(tr("Could not read that picture ({reason}); choose another one.").format(
                reason=exc.strerror or exc))
            return
        self.set_picture(data)

    def set_picture(self, data: bytes) -> None:
        """Scale and encode the chosen picture so that every peer accepts it (see ui/pictures.py)."""
        if len(data) > MAX_CHOSEN_BYTES:
            self.error.setText(tr("That picture is larger than {mib} MiB; choose a smaller one.").format(
                mib=MAX_CHOSEN_BYTES // (1024 * 1024)))
            return
        fitted = fit_picture(data)
        if fitted is None:  # others would only ever see the generated avatar
            self.error.setText(tr("Choose a PNG or JPEG picture of at most {side}×{side} pixels.").format(
                side=MAX_CHOSEN_SIDE))
            return
        self.error.clear()
        self.avatar_bytes = fitted
        self._refresh_picture()

    def show_rooms(self, rooms: tuple[DiscoveredRoom, ...]) -> None:
        selected = self.rooms.currentItem().data(Qt.ItemDataRole.UserRole) if self.rooms.currentItem() else None
        self.rooms.clear()
        for room in rooms:
            item = QListWidgetItem(tr("{name} — {people} people").format(name=room.name or room.room_id[:12],
                                                                          people=room.people))
            item.setData(Qt.ItemDataRole.UserRole, room.room_id)
            self.rooms.addItem(item)
            if room.room_id == selected:
                self.rooms.setCurrentItem(item)
        self.no_rooms.setVisible(not rooms)
        if rooms and self.rooms.currentItem() is None:
            self.rooms.setCurrentRow(0)

    def _typed_name(self) -> str:
        """The name as the node will sign it: invisible characters dropped, spaces collapsed."""
        return normalise(self.name.text())

    def _name_ok(self) -> bool:
        if not self._typed_name():
            self.error.setText(tr("Choose a display name first."))
            self.name.setFocus()
            return False
        return True

    def _join(self) -> None:
        item = self.rooms.currentItem()
        if not self._name_ok():
            return
        if item is None:
            self.error.setText(tr("No room selected: wait for one to appear, or create one."))
            return
        self.choice = Choice(self._typed_name(), self.avatar_bytes, item.data(Qt.ItemDataRole.UserRole),
                             None, self.preset.currentText())
        self.accept()

    def _create(self) -> None:
        if not self._name_ok():
            return
        if not self.new_room.text().strip():
            self.error.setText(tr("Give the new room a name."))
            self.new_room.setFocus()
            return
        self.choice = Choice(self._typed_name(), self.avatar_bytes, None, self.new_room.text().strip(),
                             self.preset.currentText())
        self.accept()
