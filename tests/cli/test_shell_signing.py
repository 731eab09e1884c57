"""`nosedive rate` and `nosedive profile` from the shell make the node's checks: no self-fork on a restored data
folder, no signing with a clock the room refuses, and handing over to a node running on the same folder.

The room's node runs in this test's loop on loopback; the commands are real `nosedive` processes."""
from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest

from nosedive.core.messages import now_ms
from nosedive.node.node import Node
from tests.node.cluster import Cluster

DAY = 24 * 3600 * 1000
COMMANDS = {"rate": lambda a: ["rate", a.identity.public_hex, "3"], "profile": lambda a: ["profile", "Bea Restored"]}


class Clock:
    def __init__(self) -> None:
        self.offset = 0

    def __call__(self) -> int:
        return now_ms() + self.offset


async def _shell(data: Path, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "nosedive.cli", "--data", str(data), *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def _member_with_backup(cluster: Cluster, tmp_path: Path, a: Node) -> tuple[str, int]:
    """b joins a's room, rates, is backed up, rates twice more, stops: (b's key, the room's head of b)."""
    room = a.room_id
    assert room is not None
    b = await cluster.add("b", room=room, peers=(("127.0.0.1", a.port),))
    await cluster.wait_until(lambda: cluster.converged() and len(a.snapshot().people) == 2, what="b in")
    await b.rate(a.identity.public_hex, 4)
    await cluster.wait_until(cluster.converged, what="b's rating at a")
    me = b.identity.public_hex
    cluster.nodes.remove(b)
    await b.stop()
    shutil.copytree(tmp_path / "b", tmp_path / "backup")
    b = await cluster.add("b", room=room, peers=(("127.0.0.1", a.port),))
    for stars in (5, 2):
        await b.rate(a.identity.public_hex, stars)
    head = b.ledger.head(room, me)[0]
    await cluster.wait_until(lambda: a.ledger.head(room, me)[0] == head, what="the later ratings at a")
    cluster.nodes.remove(b)
    await b.stop()
    return me, head


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_on_a_restored_folder_catches_up_first_and_forks_nothing(tmp_path: Path, command: str) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Shell room")
            room = a.room_id
            assert room is not None
            me, room_head = await _member_with_backup(cluster, tmp_path, a)
            shutil.rmtree(tmp_path / "b")
            shutil.copytree(tmp_path / "backup", tmp_path / "b")  # restored: 2 messages older than the room's
            code, out, err = await _shell(tmp_path / "b", *COMMANDS[command](a), "--room", room)
            print(f"\nshell {command} on a restored folder (room holds b up to {room_head}): exit {code}; "
                  f"out {out.strip()!r}; told {[line for line in err.splitlines() if 'restored' in line]}; "
                  f"a holds b up to {a.ledger.head(room, me)[0]}; forks {a.ledger.forked_authors(room)}")
            assert code == 0, err
            assert a.ledger.forked_authors(room) == {}, "no self-fork"
            await cluster.wait_until(lambda: a.ledger.head(room, me)[0] == room_head + 1, what="the command's message")
            assert "restored from a backup" in err, "the person is told"
        finally:
            await cluster.stop()
    asyncio.run(scenario())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_a_day_ahead_of_the_room_refuses_to_sign_and_says_why(tmp_path: Path, command: str) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        a_clock = Clock()
        try:
            a = await cluster.add("a", create="Shell room", clock=a_clock)
            room = a.room_id
            assert room is not None
            me, head = await _member_with_backup(cluster, tmp_path, a)
            a_clock.offset = -DAY  # the room's clock a day behind: this shell's clock is a day ahead of it
            code, out, err = await _shell(tmp_path / "b", *COMMANDS[command](a), "--room", room)
            lines = [line for line in err.splitlines() if line.startswith("nosedive:")]
            print(f"\nshell {command} a day ahead of the room: exit {code}; {lines}; b's head stays "
                  f"{head} (a holds {a.ledger.head(room, me)[0]})")
            assert code == 2 and lines == ["nosedive: your clock is 1440 minutes ahead of the room's; fix it "
                                           "before you rate"]
            assert "Traceback" not in err
            await asyncio.sleep(0.3)  # a push would have arrived by now (loopback): nothing may
            assert a.ledger.head(room, me)[0] == head, "nothing signed, so nothing stranded"
        finally:
            await cluster.stop()
    asyncio.run(scenario())


def test_a_command_beside_a_running_node_is_signed_by_that_node(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Shell room")
            room = a.room_id
            assert room is not None
            b = await cluster.add("b", room=room, peers=(("127.0.0.1", a.port),))
            await cluster.wait_until(lambda: cluster.converged() and len(a.snapshot().people) == 2, what="b in")
            me, head = b.identity.public_hex, b.ledger.head(room, b.identity.public_hex)[0]
            code, out, err = await _shell(tmp_path / "b", "rate", a.identity.public_hex, "5", "--room", room)
            print(f"\nshell rate beside b's node: exit {code}; {out.strip()!r}; a holds b up to "
                  f"{a.ledger.head(room, me)[0]}")
            assert code == 0 and "rated" in out, err
            await cluster.wait_until(lambda: a.ledger.head(room, me)[0] == head + 1, what="the shell's rating at a")
            assert b._room.own_chain.outbox.count(me, room) == 0
        finally:
            await cluster.stop()
    asyncio.run(scenario())
