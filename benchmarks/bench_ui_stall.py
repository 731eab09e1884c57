"""UI-thread stalls while the node ingests 50,000 messages.

The app's real window and bridge run offscreen; its node (on the engine thread)
cold-joins a room of N messages served by another process, publishing snapshots
that the window draws. A QTimer on the UI thread fires every 5 ms and records the
gap since its last tick: a stall is how much later than 5 ms it came.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui_stall.py [--messages 50000]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from bench_network import FAST, signed_stream
from PySide6.QtCore import QTimer

from nosedive.core import paths
from nosedive.core.identity import load_or_create
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.node.node import NodeConfig
from nosedive.ui.app import application
from nosedive.ui.bridge import EngineThread, NodeBridge
from nosedive.ui.main_window import MainWindow

TICK_MS = 5


def build_source(folder: Path, count: int, authors: int) -> tuple[str, int]:
    folder.mkdir()
    host = load_or_create(paths.key_path(folder))
    with Ledger(paths.ledger_path(folder)) as ledger:
        room = ledger.create_room(host, "Stall test", load_preset("nosedive")).room
        raws = signed_stream(host, room, count, authors)
        for start in range(0, len(raws), 5000):
            assert not ledger.ingest_many(raws[start:start + 5000]).errors
        return room, ledger.count(room)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--authors", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        print(f"building a room of {args.messages:,} messages…", flush=True)
        room, total = build_source(base / "source", args.messages, args.authors)
        source = subprocess.Popen([sys.executable, "-m", "nosedive.cli", "--data", str(base / "source"), "node",
                                   "--room", room, "--no-discovery", "--host", "127.0.0.1", "--quiet"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            port = int(source.stdout.readline().rsplit(" ", 1)[1])
            app = application()
            engine = EngineThread()
            engine.start()
            bridge = NodeBridge(engine)
            window = MainWindow(bridge)
            window.resize(1280, 800)
            window.show()
            gaps: list[float] = []
            last = [time.perf_counter()]
            snapshots = [0]

            def tick() -> None:
                now = time.perf_counter()
                gaps.append((now - last[0]) * 1000)
                last[0] = now
                snap = window.snapshot
                if snap is not None and snap.messages_held >= total and snap.sync_remaining == 0:
                    app.quit()

            bridge.connect_to(bridge.snapshot, lambda s: snapshots.__setitem__(0, snapshots[0] + 1))
            probe = QTimer()
            probe.setInterval(TICK_MS)
            probe.timeout.connect(tick)
            probe.start()
            started = time.perf_counter()
            bridge.start(NodeConfig(data_dir=base / "app", room=room, name="Probe",
                                    peers=(("127.0.0.1", port),), **FAST))
            QTimer.singleShot(600_000, app.quit)  # bounded: ten minutes at most
            app.exec()
            elapsed = time.perf_counter() - started
            probe.stop()
            held = window.snapshot.messages_held if window.snapshot else 0
            bridge.shutdown()
        finally:
            source.terminate()
            source.wait(30)
    stalls = sorted(max(0.0, gap - TICK_MS) for gap in gaps[1:])
    p99 = stalls[int(len(stalls) * 0.99)] if stalls else 0.0
    print(f"ingested {held:,} of {total:,} messages in {elapsed:.1f} s; {snapshots[0]} snapshots drawn")
    print(f"UI timer probe ({TICK_MS} ms): {len(gaps)} ticks; stall beyond the interval: "
          f"max {stalls[-1]:.1f} ms, p99 {p99:.1f} ms, median {statistics.median(stalls):.1f} ms "
          "(target: max <= 50 ms)")


if __name__ == "__main__":
    main()
