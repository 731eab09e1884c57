"""Entry points of the desktop app: ``nosedive`` (real use) and ``nosedive demo``."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QAbstractAnimation, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from nosedive.core import paths
from nosedive.core.identity import load_or_create
from nosedive.ledger.store import Ledger
from nosedive.node.node import NodeConfig
from nosedive.room.resolve import current_room_id

from . import heap, icons, language, sound, theme
from .bridge import NodeBridge, new_engine
from .engine_hooks import DemoWelcome
from .main_window import MainWindow
from .onboarding import Choice, OnboardingDialog
from .unattended import log_to_file
from .views.facilitation import Facilitation

log = logging.getLogger("nosedive.app")


def application() -> QApplication:
    # The node runs in its own process (ui/engine_process.py); the reader thread that unpickles its
    # snapshots, and the node itself where a test runs it on a thread, still share this GIL: a shorter
    # switch interval (default 5 ms) lets the UI thread in more often.
    sys.setswitchinterval(0.001)
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Nosedive")
    app.setWindowIcon(icons.icon("nosedive"))
    theme.apply(app)
    return app


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or not (320 <= int(width) <= 8000 and 240 <= int(height) <= 8000):
        raise SystemExit(f"nosedive: --size must look like 1280x800, not {text!r}")
    return int(width), int(height)


def present(window: MainWindow, args: argparse.Namespace) -> None:
    size = parse_size(getattr(args, "size", None))
    if getattr(args, "fullscreen", False):
        window.showFullScreen()
    else:
        window.resize(*(size or (1280, 800)))
        window.show()
    schedule_screenshot(window, args)


def schedule_screenshot(widget: QWidget, args: argparse.Namespace) -> None:
    """With --screenshot: save *widget* to the file after --after seconds and quit (also out of a dialog's exec)."""
    if not getattr(args, "screenshot", None):
        return

    def grab() -> None:
        target = Path(args.screenshot)
        target.parent.mkdir(parents=True, exist_ok=True)
        finish_animations(widget)
        widget.grab().save(str(target))
        print(f"saved {target}", flush=True)
        QApplication.quit()
    QTimer.singleShot(int(args.after * 1000), grab)


def finish_animations(widget: QWidget) -> None:
    """Jump every running animation under *widget* to its end: a still picture shows where each movement
    lands (the score ring caught half-way read 3.282 beside the list's 3.224)."""
    for animation in widget.findChildren(QAbstractAnimation):
        if animation.state() == QAbstractAnimation.State.Running and animation.totalDuration() > 0:
            animation.setCurrentTime(animation.totalDuration())


def published_name(data: Path, me: str) -> str | None:
    """My latest name in the current room's ledger ('nosedive profile'): the CLI's user is not asked again."""
    room = current_room_id(data)
    if room is None or not paths.ledger_path(data).exists():
        return None
    with Ledger(paths.ledger_path(data)) as ledger:
        mine = [m for _, m in ledger.messages(room, types=("profile",)) if m.author == me]
    return str(max(mine, key=lambda m: m.seq).body["name"]) if mine else None


def complete_onboarding(bridge: NodeBridge, choice: Choice) -> None:
    """Join (or create) the chosen room, then publish the chosen name and picture."""
    if choice.join_code:
        bridge.join_with_code(choice.join_code)
    elif choice.create_room:
        bridge.create_room(choice.create_room, choice.preset)
    bridge.set_profile(choice.name, choice.avatar)


def run_app(args: argparse.Namespace) -> int:
    """Real use: onboarding on the first run, then straight back to the last room."""
    app = application()
    language.install(app, getattr(args, "lang", None))  # --lang, else the system locale (engine and window)
    data = paths.data_dir(args.data)
    log.info("the app logs to %s", log_to_file("app"))  # rotating, in the user's log directory
    identity = load_or_create(paths.key_path(data))
    settings = QSettings(str(data / "app.ini"), QSettings.Format.IniFormat)
    bridge = NodeBridge(new_engine())  # the node in a process of its own: the window never waits for it
    window = MainWindow(bridge)
    Facilitation(window, bridge)  # the Session menu: console, projector debrief, export (owned by the window)
    sound.install(window, bridge, settings)  # the Sound menu; silent where no player or device exists
    peers = tuple(getattr(args, "peer_addresses", ()))
    name = str(settings.value("name", "") or "") or published_name(data, identity.public_hex)
    bridge.start(NodeConfig(data_dir=data, name=name, peers=peers))
    if current_room_id(data) is None or not name:
        dialog = OnboardingDialog(identity.public_hex, window)
        bridge.connect_to(bridge.rooms, dialog.show_rooms)
        schedule_screenshot(dialog, args)  # a headless --screenshot of a first run shows onboarding, and ends
        if not dialog.exec() or dialog.choice is None:
            bridge.shutdown()
            return 0
        settings.setValue("name", dialog.choice.name)
        complete_onboarding(bridge, dialog.choice)
    heap.settle()  # what start-up built stays out of every later full collection (ui/heap.py)
    present(window, args)
    code = app.exec()
    bridge.shutdown()
    return code


def run_demo(args: argparse.Namespace) -> int:
    """A lively room on this machine alone: simulated people, each a real node on loopback."""
    from nosedive.sim.simulation import Simulation

    app = application()
    language.install(app, getattr(args, "lang", None))  # --lang, else the system locale (engine and window)
    base = Path(args.demo_dir)  # kept after the demo (nosedive.cli.app.demo_folder), to debrief
    bridge = NodeBridge(new_engine())  # the node in a process of its own: the window never waits for it
    window = MainWindow(bridge)
    Facilitation(window, bridge)  # the Session menu: console, projector debrief, export (owned by the window)
    sound.install(window, bridge, QSettings(str(base / "app.ini"), QSettings.Format.IniFormat))
    simulation = Simulation(base / "people", people=args.people, seed=args.seed, room_name="Pelican Cove",
                            tempo=args.tempo, rules=getattr(args, "rules", None))  # demo --policy
    config = NodeConfig(data_dir=base / "you", name="Alex", discovery=args.lan,
                        host="0.0.0.0" if args.lan else "127.0.0.1", no_peer_warning_after=3600)
    bridge.start(config, simulation=simulation, after_start=DemoWelcome(args.seed))  # the people run beside the node
    heap.settle()  # what start-up built stays out of every later full collection (ui/heap.py)
    present(window, args)
    code = app.exec()
    bridge.shutdown()
    return code
