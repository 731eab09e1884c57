"""GUI-thread stalls behind the real window, with the node in its own process and (for comparison) on a thread.

The app's real window and bridge run offscreen. A QTimer on the GUI thread fires every 5 ms and
records the gap since its last tick: a stall is how much later than 5 ms it came. Two scenes, each
with the engine in its process (what the app runs) and on a thread of the window's process (the old
mode), in the same run:

(a) cold join: the node (at the app's pace: ten snapshots a second at most) joins a room of N
    messages (default 50,000) served by a `nosedive node` in another process, publishing snapshots
    the window draws; measured until it holds them all.
(b) busy room: a room of 40 people with pictures; once the node holds it, a generator process signs
    ratings from 30 of them, each rating once a second, into the serving node's ledger (the serving
    node pushes them over loopback); measured during the generator's run.

The serving node and the generator (stand-ins for other laptops) run at nice 10, as the app's own
engine process does (ui/engine_process.py NICE); the thread mode cannot put its engine below its
window.

Each scene prints the stalls (max, p99, median, ticks more than a frame late), the GUI thread's own CPU
per gap (what the window's work costs, whatever the machine's load; the rest of a gap is waiting for a
core or the GIL) and the reader thread's CPU per message. The probe starts after the window's first
paint, and the window's process settles its heap first, as the app does (ui/heap.py).

Also printed: the window alone, the snapshots of the first run replayed at the same moments with no
engine at all (what the window's own drawing costs: the floor of any engine mode); the same probe
on an idle window (the machine's own floor: other programs share its cores); each scene's snapshots
as they cross the pipe (pictures once, then only what changed: sizes, coding and decoding times); and
the raw single-core Ed25519 verify rate.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui_stall.py [--messages 50000] [--busy-seconds 30]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from bench_network import FAST, raw_verify_seconds, signed_stream

from nosedive.core import paths
from nosedive.core.identity import Identity, load_or_create
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger

TICK_MS = 5
FRAME_MS = 16
# The serving node and the generator stand in for the other people's laptops: on a LAN they would not
# compete with this window for its cores, so here they run below it (as this window's own engine does).
OTHER_LAPTOP = ("nice", "-n", "10")
APP = dict(FAST, snapshot_interval=0.1)  # loopback timings, and the app's own pace of snapshots (ten a second)
TARGET = "target: max <= 16 ms, p99 <= 8 ms"


def noise_png(seed: int, side: int = 96) -> bytes:
    """A photo-sized picture (~28 kB, under the 32 KiB limit) that does not compress: the worst case to send."""
    rng = random.Random(seed)
    rows = b"".join(b"\0" + rng.randbytes(side * 3) for _ in range(side))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def build_big_room(folder: Path, count: int, authors: int) -> tuple[str, int, list[bytes]]:
    folder.mkdir()
    host = load_or_create(paths.key_path(folder))
    with Ledger(paths.ledger_path(folder)) as ledger:
        room = ledger.create_room(host, "Stall test", load_preset("nosedive")).room
        raws = signed_stream(host, room, count, authors)
        for start in range(0, len(raws), 5000):
            assert not ledger.ingest_many(raws[start:start + 5000]).errors
        return room, ledger.count(room), raws


def build_busy_room(folder: Path, people: int) -> tuple[str, int]:
    """A room of *people* with names and pictures; their keys are kept for the generator."""
    import base64
    folder.mkdir()
    host = load_or_create(paths.key_path(folder))
    crowd = [Identity.generate() for _ in range(people)]
    (folder / "crowd.keys").write_bytes(b"".join(p.private_key.private_bytes_raw() for p in crowd))
    with Ledger(paths.ledger_path(folder)) as ledger:
        room = ledger.create_room(host, "Busy room", load_preset("nosedive")).room
        for index, person in enumerate(crowd):
            avatar = base64.b64encode(noise_png(index)).decode()
            ledger.append(person, room, "profile", {"name": f"Person {index}", "avatar": avatar})
        return room, ledger.count(room)


def generate(folder: Path, room: str, raters: int, seconds: float) -> None:
    """(In its own process) *raters* of the crowd each rate someone once a second, spread evenly, for *seconds*."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    keys = (folder / "crowd.keys").read_bytes()
    crowd = [Identity.from_private_key(Ed25519PrivateKey.from_private_bytes(keys[i:i + 32]))
             for i in range(0, len(keys), 32)]
    rng = random.Random(7)
    go = folder / "go"
    deadline = time.monotonic() + 120
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    sent, start = 0, time.monotonic()
    with Ledger(paths.ledger_path(folder)) as ledger:
        while sent < int(seconds * raters):
            due = start + sent / raters
            time.sleep(max(0.0, due - time.monotonic()))
            person = crowd[sent % raters]
            subject = rng.choice([p for p in crowd if p is not person]).public_hex
            ledger.append(person, room, "rate", {"subject": subject, "stars": rng.randint(1, 5)})
            sent += 1
    print(f"generated {sent} ratings in {time.monotonic() - start:.1f} s", flush=True)


def serve(folder: Path, room: str) -> tuple[subprocess.Popen[str], int, str]:
    """The room's facilitator node in another process: its port and the room's join code."""
    source = subprocess.Popen([*OTHER_LAPTOP, sys.executable, "-m", "nosedive.cli", "--data", str(folder), "node",
                               "--room", room, "--no-discovery", "--host", "127.0.0.1", "--quiet"],
                              stdout=subprocess.PIPE, text=True)
    assert source.stdout is not None
    port = int(source.stdout.readline().rsplit(" ", 1)[1])  # "node XXXX listening on port N"
    return source, port, source.stdout.readline().split()[-1]  # "join code 7-guitar-harbor"


class Stalls(NamedTuple):
    worst: float
    p99: float
    median: float
    over: int  # ticks later than a frame (16 ms)
    ticks: int

    def __str__(self) -> str:
        return (f"stall max {self.worst:.1f} ms, p99 {self.p99:.1f} ms, median {self.median:.1f} ms, "
                f"{self.over} of {self.ticks} ticks > {FRAME_MS} ms late")


def summary(gaps: list[float]) -> Stalls:
    stalls = sorted(max(0.0, gap - TICK_MS) for gap in gaps)
    if not stalls:
        return Stalls(0.0, 0.0, 0.0, 0, 0)
    return Stalls(stalls[-1], stalls[min(len(stalls) - 1, int(len(stalls) * 0.99))], statistics.median(stalls),
                  sum(1 for stall in stalls if stall > FRAME_MS), len(stalls))


def settled(app, window) -> None:  # type: ignore[no-untyped-def]
    """As the app does before its window shows (ui/heap.py), then the window's first paint, before the probe
    starts: a window's first appearance is not a stall of the join."""
    from nosedive.ui import heap
    heap.settle()
    window.show()
    until = time.perf_counter() + 0.5
    while time.perf_counter() < until:
        app.processEvents()
        time.sleep(0.01)


def gone(window) -> None:  # type: ignore[no-untyped-def]
    """Delete the window now, not in the next scene's event loop (tearing down a window of 100 rows took
    ~30 ms of the next scene's GUI thread: the benchmark's, not the app's)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


class Probe:
    """The GUI thread's timer: every gap between ticks, with the time it ended, and the CPU the GUI thread
    itself spent in it (what the window's own work costs, whatever the machine's load; the rest of a gap is
    waiting for a core, or for the GIL)."""

    def __init__(self, on_tick: Callable[[], None]) -> None:
        from PySide6.QtCore import QTimer
        self.gaps: list[tuple[float, float, float]] = []
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._on_tick = on_tick
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.gaps.append((now, (now - self._last) * 1000, (cpu - self._last_cpu) * 1000))
        self._last, self._last_cpu = now, cpu
        self._on_tick()

    def between(self, start: float, end: float) -> list[float]:
        return [gap for at, gap, _ in self.gaps[1:] if start <= at <= end]

    def cpu_between(self, start: float, end: float) -> str:
        """The GUI thread's own CPU per gap (a tick's own work included): max and p99."""
        spent = sorted(cpu for at, _, cpu in self.gaps[1:] if start <= at <= end)
        if not spent:
            return ""
        return (f"GUI thread's own CPU per gap: max {spent[-1]:.1f} ms, "
                f"p99 {spent[min(len(spent) - 1, int(len(spent) * 0.99))]:.1f} ms")


def idle_floor(app, seconds: float) -> Stalls:
    from PySide6.QtCore import QTimer
    probe = Probe(lambda: None)
    probe.timer.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    probe.timer.stop()
    return summary([gap for _, gap, _ in probe.gaps[1:]])


def run_window(app, mode: str, data: Path, config: dict, done: Callable[[object], bool],
               busy: tuple[subprocess.Popen[str], Path] | None = None):
    """One scene in one mode: (stall summary, seconds, snapshots drawn, the last snapshot, the window's own
    show_snapshot times, the snapshots drawn with their moments, messages held when synced)."""
    from PySide6.QtCore import QTimer

    from nosedive.node.node import NodeConfig
    from nosedive.ui.bridge import EngineProcess, EngineThread, NodeBridge
    from nosedive.ui.main_window import MainWindow

    bridge = NodeBridge(EngineProcess() if mode == "process" else EngineThread())
    from nosedive.ui.staged import SnapshotStages
    # how long the window itself takes per turn to take in a snapshot (one stage: a few views; GUI work in any mode)
    handled: list[float] = []
    shown = SnapshotStages._run_next

    def timed(self) -> bool:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        ran = shown(self)
        if ran:
            handled.append((time.perf_counter() - started) * 1000)
        return ran
    SnapshotStages._run_next = timed  # type: ignore[method-assign]
    window = MainWindow(bridge)
    from nosedive.ui.engine_process import ProcessLink
    unpickled: list[float] = []  # the reader thread's CPU per message (it holds the GIL meanwhile)
    taken = ProcessLink._on_message

    def timed_take(self, message) -> None:  # type: ignore[no-untyped-def]
        started = time.thread_time()
        try:
            taken(self, message)
        finally:
            unpickled.append((time.thread_time() - started) * 1000)
    ProcessLink._on_message = timed_take  # type: ignore[method-assign]
    window.resize(1280, 800)
    settled(app, window)
    arrivals: list[tuple[float, object]] = []  # (when the GUI thread took it, snapshot): replayed for the floor
    bridge.connect_to(bridge.snapshot, lambda s: arrivals.append((time.perf_counter(), s)))
    span: dict[str, float] = {}

    def tick() -> None:
        snap = window.snapshot
        if "synced" not in span and snap is not None and done(snap):
            span["synced"] = time.perf_counter()
            span["held"] = snap.messages_held
            if busy is None:
                app.quit()
            else:
                (busy[1] / "go").touch()  # the generator starts now
        if busy is not None and "synced" in span and busy[0].poll() is not None:
            span["end"] = time.perf_counter()
            app.quit()

    probe = Probe(tick)
    probe.timer.start()
    span["start"] = time.perf_counter()
    bridge.start(NodeConfig(data_dir=data, name="Probe", **config))
    QTimer.singleShot(600_000, app.quit)  # bounded: ten minutes at most
    app.exec()
    probe.timer.stop()
    end = span.get("end", span.get("synced", time.perf_counter()))
    begin = span["synced"] if busy is not None and "synced" in span else span["start"]
    snap = window.snapshot
    bridge.shutdown()
    window.close()
    gone(window)
    own = sorted(handled)
    SnapshotStages._run_next = shown  # type: ignore[method-assign]
    ProcessLink._on_message = taken  # type: ignore[method-assign]
    drawing = (f"window's own work per turn on a snapshot: max {own[-1]:.1f} ms, "
               f"median {statistics.median(own):.1f} ms") if own else ""
    drawing += f"; {probe.cpu_between(begin, end)}"
    if unpickled:
        drawing += (f"; the reader thread's CPU per message (a snapshot decoded, its pictures put back): "
                    f"max {max(unpickled):.2f} ms")
    played = [(at - begin, shot) for at, shot in arrivals if begin <= at <= end]
    return (summary(probe.between(begin, end)), end - begin, len(played), snap, drawing,
            played, span.get("held", 0))


def replay(app, played: list[tuple[float, object]]) -> tuple[Stalls, str]:
    """The window alone: the same snapshots at the same moments, no engine anywhere (the drawing's own floor)."""
    from PySide6.QtCore import QTimer

    from nosedive.ui.bridge import EngineProcess, NodeBridge
    from nosedive.ui.main_window import MainWindow
    window = MainWindow(NodeBridge(EngineProcess()))  # never started: no engine process, no engine thread
    window.resize(1280, 800)
    settled(app, window)
    probe = Probe(lambda: None)
    probe.timer.start()
    begin = time.perf_counter()
    def show(index: int) -> None:  # as the app's inbox does: a snapshot with a newer one already due is skipped
        if index + 1 < len(played) and played[index + 1][0] <= time.perf_counter() - begin:
            return
        window.stages.offer(played[index][1])  # type: ignore[arg-type]  # as the bridge's snapshots come
    for index, (offset, _) in enumerate(played):
        QTimer.singleShot(int(offset * 1000), lambda index=index: show(index))
    QTimer.singleShot(int((played[-1][0] if played else 0) * 1000) + 200, app.quit)
    app.exec()
    probe.timer.stop()
    window.close()
    gone(window)
    end = time.perf_counter()
    return summary(probe.between(begin, end)), probe.cpu_between(begin, end)


def snapshot_cost(played: list[tuple[float, object]]) -> str:
    """The snapshots of a run as they cross the pipe: pictures once, then only what changed (ui/engine_wire.py)."""
    from nosedive.ui.engine_wire import AvatarCache, AvatarSender, SnapshotCoder, SnapshotReader, dumps, loads
    sender, coder, reader, cache = AvatarSender(), SnapshotCoder(), SnapshotReader(), AvatarCache()
    sizes, coding, decoding = [], [], []
    for _, snap in played:
        started = time.thread_time()
        stripped, changed = sender.strip(snap)  # type: ignore[arg-type]
        blob = dumps(("snapshot", coder.encode(stripped), changed))
        coding.append((time.thread_time() - started) * 1000)
        started = time.thread_time()
        message = loads(blob)
        cache.restore(reader.decode(message[1]), message[2])
        decoding.append((time.thread_time() - started) * 1000)
        sizes.append(len(blob) / 1024)
    if not played:
        return ""
    last = played[-1][1]
    whole = len(dumps(("snapshot", last, {}))) / 1024
    rest = sorted(sizes[1:]) or sizes
    return (f"{len(played)} snapshots of {len(last.people)} people ({sum(1 for p in last.people if p.avatar)} "  # type: ignore[attr-defined]
            f"with pictures) as sent: the first {sizes[0]:.0f} kB (the pictures), then median "
            f"{statistics.median(rest):.1f} kB, max {rest[-1]:.1f} kB (the whole last one: {whole:.0f} kB); coding "
            f"median {statistics.median(coding):.2f} ms in the engine; decoding on the window's reader thread "
            f"(holding the GIL) median {statistics.median(decoding):.2f} ms, "
            f"max {max(decoding[1:] or decoding):.2f} ms after the first ({decoding[0]:.2f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--authors", type=int, default=100)
    parser.add_argument("--busy-seconds", type=float, default=30.0)
    parser.add_argument("--busy-people", type=int, default=40)
    parser.add_argument("--raters", type=int, default=30)
    parser.add_argument("--modes", default="process,thread")
    parser.add_argument("--generate", nargs=3, metavar=("FOLDER", "ROOM", "SECONDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(Path(args.generate[0]), args.generate[1], args.raters, float(args.generate[2]))
        return
    from nosedive.ui.app import application
    modes = args.modes.split(",")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other engineers' tests share this machine: figures are noisy)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        print(f"building a room of {args.messages:,} messages and a busy room of {args.busy_people} people…",
              flush=True)
        big_room, big_total, raws = build_big_room(base / "big", args.messages, args.authors)
        verify_wall, verify_cpu = raw_verify_seconds(raws)  # CPU seconds: what one core does, whatever the load
        verify_rate = len(raws) / verify_cpu
        busy_room, busy_total = build_busy_room(base / "busy", args.busy_people)
        app = application()
        floor = idle_floor(app, 5.0)
        print(f"idle window, same probe (the machine's floor): {floor}; "
              f"raw Ed25519 verify: {verify_rate:,.0f}/s of one core's CPU ({len(raws) / verify_wall:,.0f}/s by the "
              "clock)", flush=True)
        busy_played: list[tuple[float, object]] = []
        floors: dict[str, list[tuple[float, object]]] = {}
        big, big_port, big_code = serve(base / "big", big_room)
        try:
            for mode in modes:
                stalls, seconds, drawn, snap, drawing, played, _ = run_window(
                    app, mode, base / f"cold-{mode}", dict(APP, code=big_code, peers=(("127.0.0.1", big_port),)),
                    lambda s: s.messages_held >= big_total and s.sync_remaining == 0)
                floors.setdefault("cold", played)
                held = snap.messages_held if snap else 0
                print(f"(a) cold join, engine in {mode:7}: {held:,} of {big_total:,} in {seconds:.1f} s "
                      f"({held / seconds / verify_rate:.2f}x raw verify), {drawn} snapshots drawn; "
                      f"{stalls} ({TARGET}); {drawing}",
                      flush=True)
        finally:
            big.terminate()
            big.wait(30)
        busy, busy_port, busy_code = serve(base / "busy", busy_room)
        try:
            for mode in modes:
                (base / "busy" / "go").unlink(missing_ok=True)
                generator = subprocess.Popen([*OTHER_LAPTOP, sys.executable, __file__, "--raters", str(args.raters),
                                              "--generate", str(base / "busy"), busy_room, str(args.busy_seconds)],
                                             stdout=subprocess.PIPE, text=True)
                try:
                    stalls, seconds, drawn, snap, drawing, played, synced_at = run_window(
                        app, mode, base / f"busy-{mode}",
                        dict(APP, code=busy_code, peers=(("127.0.0.1", busy_port),)),
                        lambda s: s.messages_held >= busy_total and s.sync_remaining == 0,
                        busy=(generator, base / "busy"))
                finally:
                    out = generator.communicate(timeout=120)[0].strip()
                busy_played = busy_played or played
                floors.setdefault("busy", played)
                held = snap.messages_held if snap else 0
                print(f"(b) busy room, engine in {mode:7}: {args.raters} people rating once a second for "
                      f"{seconds:.1f} s ({out}; {held - synced_at} arrived), {drawn} snapshots drawn; "
                      f"{stalls} ({TARGET}); {drawing}",
                      flush=True)
        finally:
            busy.terminate()
            busy.wait(30)
        for scene, played in floors.items():
            stalls, cpu = replay(app, played)
            label = "a" if scene == "cold" else "b"
            print(f"({label}) the window alone, the {len(played)} snapshots of the first run replayed at their "
                  f"moments, no engine: {stalls} "
                  f"(the window's own drawing: the floor of any engine); {cpu}", flush=True)
        print(snapshot_cost(floors.get("cold", [])))
        print(snapshot_cost(busy_played))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
