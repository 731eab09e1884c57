"""First run: a name and a face, then a room found on the LAN — or a new one."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
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

from nosedive.core import joincode, policy
from nosedive.core.errors import UsageError
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
    join_code: str | None  # the code of a room to join ("7-guitar-harbor")…
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
        self.name.returnPressed.connect(self._submit)
        face.addWidget(self.name, 1)
        pick = QPushButton(tr("Choose picture…"))
        pick.setProperty("kind", "ghost")
        pick.setAutoDefault(False)  # Enter belongs to the fields (_submit), never to the file dialog
        pick.clicked.connect(self._choose_picture)
        face.addWidget(pick)
        layout.addLayout(face)
        rooms_title = plain_label(tr("Rooms on this network"), "section")
        layout.addWidget(rooms_title)
        self.rooms = QListWidget()
        self.rooms.setMinimumHeight(150)
        self.rooms.currentItemChanged.connect(self._on_rooms_current_changed)
        layout.addWidget(self.rooms)
        self.no_rooms = plain_label(tr("Looking for rooms… (none yet)"), "muted", wrap=False)
        layout.addWidget(self.no_rooms)
        join_line = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText(tr("The room's join code, e.g. 7-guitar-harbor"))
        self.code.setMaxLength(60)
        self.code.returnPressed.connect(self._join)
        join = QPushButton(tr("Join"))
        join.setAutoDefault(False)
        join.clicked.connect(self._join)
        join_line.addWidget(self.code, 1)
        join_line.addWidget(join)
        layout.addLayout(join_line)
        hint = plain_label(tr("The facilitator's screen shows the code. You type it once: this computer "
                              "remembers the room."), "muted")
        layout.addWidget(hint)
        create_line = QHBoxLayout()
        self.new_room = QLineEdit()
        self.new_room.setPlaceholderText(tr("…or open a new room, e.g. Class 5B"))
        self.new_room.returnPressed.connect(self._create)
        self.preset = QComboBox()  # each preset by its title, its description under the line; its name as data
        self.preset.setAccessibleName(tr("Rules for the new room"))
        for name in policy.preset_names():
            rules = policy.parse_policy(policy.load_preset(name))
            self.preset.addItem(rules.title or name, name)
            self.preset.setItemData(self.preset.count() - 1, rules.description, Qt.ItemDataRole.ToolTipRole)
        self.preset.setCurrentIndex(max(0, self.preset.findData(policy.DEFAULT_PRESET)))
        self.preset_description = plain_label("", "muted")
        self.preset.currentIndexChanged.connect(self._on_preset_current_index_changed)
        create = QPushButton(tr("Create"))
        create.setProperty("kind", "ghost")
        create.setAutoDefault(False)
        create.clicked.connect(self._create)
        create_line.addWidget(self.new_room, 1)
        create_line.addWidget(self.preset)
        create_line.addWidget(create)
        layout.addLayout(create_line)
        layout.addWidget(self.preset_description)
        self._on_preset_current_index_changed(self.preset.currentIndex())
        self.error = plain_label()
        self.error.setStyleSheet("color: #c24562; font-weight: 700;")
        layout.addWidget(self.error)
        self._refresh_picture()

    def preset_name(self) -> str:
        """The chosen preset's internal name, which the node loads."""
        return str(self.preset.currentData() or policy.DEFAULT_PRESET)

    def _on_preset_current_index_changed(self, index: int) -> None:
        self.preset_description.setText(str(self.preset.itemData(index, Qt.ItemDataRole.ToolTipRole) or ""))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        screen = self.screen()  # centred on the screen, wherever the main window is
        if screen is not None:
            frame = self.frameGeometry()
            frame.moveCenter(screen.availableGeometry().center())
            self.move(frame.topLeft())

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
        """The rooms on the LAN: all a stranger learns is a name and the first part (number) of its code."""
        current = self.rooms.currentItem()
        selected = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.rooms.blockSignals(True)  # refilling the list is not the person choosing a room
        self.rooms.clear()
        for room in rooms:
            text = (tr("{name} — code {plate}-…").format(name=room.name or tr("(no name yet)"), plate=room.plate)
                    if room.plate else tr("{name} — takes no newcomers").format(name=room.name or tr("(no name yet)")))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (room.name, room.plate))
            self.rooms.addItem(item)
            if (room.name, room.plate) == selected:
                self.rooms.setCurrentItem(item)
        self.rooms.blockSignals(False)
        self.no_rooms.setVisible(not rooms)

    def _on_rooms_current_changed(self, item: QListWidgetItem | None) -> None:
        """Choosing a room starts its code with the number the LAN told us; the words come from the facilitator."""
        if item is None:
            return
        _, plate = item.data(Qt.ItemDataRole.UserRole)
        typed = self.code.text().strip()
        if plate and (not typed or typed.rstrip("-").isdigit()):
            self.code.setText(f"{plate}-")
            self.code.setFocus()

    def _typed_name(self) -> str:
        """The name as the node will sign it: invisible characters dropped, spaces collapsed."""
        return normalise(self.name.text())

    def _name_ok(self) -> bool:
        if not self._typed_name():
            self.error.setText(tr("Choose a display name first."))
            self.name.setFocus()
            return False
        return True

    def _submit(self) -> None:
        """Enter after the name: join with the code typed, or create the room named, or go on to the code."""
        if self.code.text().strip():
            self._join()
        elif self.new_room.text().strip():
            self._create()
        elif self._name_ok():
            self.code.setFocus()

    def _join(self) -> None:
        if not self._name_ok():
            return
        try:
            code = joincode.parse(self.code.text())
        except UsageError as exc:
            self.error.setText(str(exc))
            self.code.setFocus()
            return
        self.choice = Choice(self._typed_name(), self.avatar_bytes, str(code), None, self.preset_name())
        self.accept()

    def _create(self) -> None:
        if not self._name_ok():
            return
        if not self.new_room.text().strip():
            self.error.setText(tr("Give the new room a name."))
            self.new_room.setFocus()
            return
        self.choice = Choice(self._typed_name(), self.avatar_bytes, None, self.new_room.text().strip(),
                             self.preset_name())
        self.accept()
