"""Protocol v2 figures, each beside its cleartext baseline measured in the same run.

(a) Session setup: ms per handshake (hellos with SPAKE2, sealed auth; welcome for a join),
    plain objects, no sockets; beside the Ed25519 sign + verify a v1 handshake also did.
(b) Sync throughput over loopback: N messages (default 50,000) from one ledger, through
    - the same message-batch frames written raw through a socket pair (v1 framing, cleartext),
    - the same frames sealed and opened (ChaCha20-Poly1305) through the same kind of socket pair,
    - two real Connections running full v2 Sessions (handshake, summary, have, backlog).
    Receivers count messages; nothing is verified or stored (ingest is measured elsewhere).

    python benchmarks/bench_session.py [--messages 50000] [--handshakes 50]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from nosedive.core import keys
from nosedive.core.identity import Identity
from nosedive.core.joincode import generate
from nosedive.ledger.store import Ledger
from nosedive.net.crypto import Opener, Sealer
from nosedive.net.frames import KIND_SEALED, FrameDecoder, encode_frame, message_batches, parse_inner, unpack_messages
from nosedive.net.protocol import (
    AttemptLimiter,
    Authenticated,
    Closed,
    JoiningWith,
    Limits,
    MemberOf,
    ReceivedFork,
    Send,
    Session,
    Welcomed,
)
from nosedive.net.transport import Connection

ALICE, BOB = Identity.generate(), Identity.generate()
SECRET = os.urandom(32)
FAST = Limits(messages_per_second=1e12, message_burst=1e12, backlog_batch=2000)


def build_room(path: Path, count: int) -> tuple[Ledger, str]:
    ledger = Ledger(path)
    room = ledger.create_room(ALICE, "Bench", {}).room
    people = [Identity.generate() for _ in range(20)]
    for index in range(count - 1):
        person = people[index % len(people)]
        ledger.append(person, room, "rate", {"subject": ALICE.public_hex, "stars": 1 + index % 5})
    return ledger, room


# ------------------------------------------------------------ (a) handshakes
def handshake_once(ledger: Ledger, room: str, empty: Ledger, join: bool) -> float:
    code = generate()
    start = time.perf_counter()
    host = Session(ALICE, MemberOf(room, SECRET), ledger, dialer=False, join_code=code, limiter=AttemptLimiter(),
                   peer_address="10.0.0.1")
    guest = Session(BOB, JoiningWith(code) if join else MemberOf(room, SECRET), empty if join else ledger,
                    dialer=True)
    host.start(0)
    outbox = [(guest, host, e) for e in guest.start(0)]
    while outbox:
        src, dst, event = outbox.pop(0)
        if isinstance(event, Send):
            outbox += [(dst, src, e) for e in dst.receive(src.wire(event), 0)]
    assert host.is_open and guest.is_open
    return time.perf_counter() - start


def bench_handshakes(base: Path, count: int) -> None:
    ledger, room = build_room(base / "hs.sqlite3", 10)
    empty = Ledger(base / "empty.sqlite3")
    for join in (False, True):
        times = sorted(handshake_once(ledger, room, empty, join) for _ in range(count))
        label = "join (code)  " if join else "member (secret)"
        print(f"(a) session setup, {label}: median {statistics.median(times) * 1000:6.1f} ms,"
              f" p90 {times[int(len(times) * 0.9)] * 1000:6.1f} ms  ({count} runs, both sides, one core)")
    start = time.perf_counter()
    for _ in range(count):
        signature = ALICE.sign(b"x" * 96)
        keys.public_key(ALICE.public_hex).verify(signature, b"x" * 96)
    per = (time.perf_counter() - start) / count
    print(f"    v1 handshake's crypto (sign + verify, per side, x2): {2 * per * 1000:6.2f} ms")
    ledger.close()
    empty.close()


# ------------------------------------------------------------ (b) throughput
async def raw_pipe(frames: list[bytes], count: int, sealed: bool) -> float:
    key = os.urandom(32)
    done = asyncio.Event()
    received = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal received
        decoder, opener = FrameDecoder(), Opener(key)
        while data := await reader.read(256 * 1024):
            for kind, body in decoder.feed(data):
                if sealed:
                    kind, body = parse_inner(opener.open(body))
                received += len(unpack_messages(body))
            if received >= count:
                done.set()
                break
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    _, writer = await asyncio.open_connection("127.0.0.1", server.sockets[0].getsockname()[1])
    sealer = Sealer(key)
    start = time.perf_counter()
    for frame in frames:
        writer.write(encode_frame(KIND_SEALED, sealer.seal(frame)) if sealed else frame)
        await writer.drain()
    await done.wait()
    elapsed = time.perf_counter() - start
    writer.close()
    server.close()
    return elapsed


class Counter:
    def __init__(self, count: int) -> None:
        self.count, self.received, self.done = count, 0, asyncio.Event()

    def on_welcomed(self, conn: Connection, event: Welcomed) -> None: ...
    def on_authenticated(self, conn: Connection, event: Authenticated) -> None: ...
    def on_fork(self, conn: Connection, event: ReceivedFork) -> None: ...
    def on_closed(self, conn: Connection, event: Closed) -> None: ...

    async def on_received(self, conn: Connection, raws: list[bytes]) -> None:
        self.received += len(raws)
        if self.received >= self.count:
            self.done.set()


async def connection_pair(ledger: Ledger, room: str, empty: Ledger, count: int) -> float:
    host, guest = Counter(0), Counter(count)

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = Session(ALICE, MemberOf(room, SECRET), ledger, dialer=False, limits=FAST)
        await Connection(session, reader, writer, host, outbound=False, address="127.0.0.1").run()

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", server.sockets[0].getsockname()[1])
    conn = Connection(Session(BOB, MemberOf(room, SECRET), empty, dialer=True, limits=FAST), reader, writer,
                      guest, outbound=True, address="127.0.0.1")
    task = asyncio.create_task(conn.run())
    await guest.done.wait()
    elapsed = time.perf_counter() - start
    await conn.close("done", "bye")
    await task
    server.close()
    return elapsed


def bench_throughput(base: Path, count: int) -> None:
    print(f"(b) building a room of {count:,} messages…", flush=True)
    ledger, room = build_room(base / "tp.sqlite3", count)
    empty = Ledger(base / "empty2.sqlite3")
    raws = [m.raw for _, m in ledger.messages(room)]
    frames = list(message_batches(raws))
    size = sum(len(f) for f in frames)
    clear = min(asyncio.run(raw_pipe(frames, count, sealed=False)) for _ in range(3))
    sealed = min(asyncio.run(raw_pipe(frames, count, sealed=True)) for _ in range(3))
    full = min(asyncio.run(connection_pair(ledger, room, empty, count)) for _ in range(3))
    print(f"    same {len(frames)} frames ({size / 1e6:.1f} MB), cleartext (v1 framing):"
          f" {count / clear:>10,.0f} msgs/s")
    print(f"    same frames, sealed + opened (v2)            : {count / sealed:>10,.0f} msgs/s"
          f"  ({sealed / clear:.2f}x the cleartext time)")
    print(f"    two real Connections, full v2 session        : {count / full:>10,.0f} msgs/s"
          f"  (handshake, summary, have, backlog from SQLite included)")
    ledger.close()
    empty.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--handshakes", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        bench_handshakes(base, args.handshakes)
        bench_throughput(base, args.messages)


if __name__ == "__main__":
    main()
