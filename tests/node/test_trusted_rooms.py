"""Done when, over real loopback sockets: only the join code opens a room.

- a node without the code cannot join, learn the room id, or read a message (on the wire, all of
  a genuine session it can watch is sealed);
- a node with a wrong code is refused, told so, and does not ask again;
- a thousand wrong codes from one address are throttled before any PAKE work;
- a joiner with the code gets in, syncs and rates, and every node agrees on the score hash.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

from nosedive.core import joincode
from nosedive.core.identity import Identity
from nosedive.net.protocol import Closed, JoiningWith, MemberOf, Send, Session
from nosedive.node.node import Node
from nosedive.room.events import NodeError

from .cluster import Cluster, Proxy, code_of
from .test_bad_input import EmptyStore


def run(coro) -> None:
    asyncio.run(asyncio.wait_for(coro, 120))


def wrong(code: str) -> joincode.JoinCode:
    """The same plate, another word: what a guesser who saw the room on the LAN would try."""
    right = joincode.parse(code)
    words = joincode.wordlist()
    return joincode.JoinCode(right.plate, (words[(words.index(right.words[0]) + 1) % 256], right.words[1]))


class Recorder(Proxy):
    """A relay that keeps every byte in both directions, and counts the connections made through it."""

    def __init__(self, target_port: int) -> None:
        super().__init__(target_port)
        self.seen = bytearray()
        self.connections = 0

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._pairs += [writer, up_writer]

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    self.seen += data
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def attempt(port: int, credentials: MemberOf | JoiningWith, *,
                  source: str = "127.0.0.1") -> tuple[Closed | None, bytes]:
    """One handshake as a stranger; how it ended, and every byte the node sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    session = Session(Identity.generate(), credentials, EmptyStore(), dialer=True)
    said, ended = b"", None
    for event in session.start(0):
        writer.write(session.wire(event))
    try:
        while ended is None and (data := await asyncio.wait_for(reader.read(65536), 5)):
            said += data
            for event in session.receive(data, 0):
                if isinstance(event, Send):
                    writer.write(session.wire(event))
                elif isinstance(event, Closed):
                    ended = event
    except (ConnectionError, TimeoutError):
        pass
    finally:
        writer.close()
    return ended, said


def secrets_of(node: Node) -> list[bytes]:
    """What a stranger must never see: the room id, its name, the people's keys and names, a note, messages."""
    snap = node.snapshot()
    assert snap is not None and node.room_id is not None
    found = [node.room_id.encode(), bytes.fromhex(node.room_id), snap.room_name.encode(), b"secret note"]
    for person in snap.people:
        found += [person.key.encode(), bytes.fromhex(person.key), person.name.encode()]
    found += [message.raw[64:96] for _, message in node.ledger.messages(node.room_id)]  # any stretch of a payload
    return found


def test_without_the_code_a_node_learns_nothing_and_reads_nothing(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        recorder = None
        try:
            host = await cluster.add("Hostess", create="Secret garden")
            recorder = Recorder(host.port)
            port = await recorder.start()
            joiner = await cluster.add("Joiner", code=code_of(host), peers=(("127.0.0.1", port),))
            await cluster.wait_until(lambda: cluster.converged() and len(host.snapshot().people) == 2)
            await joiner.rate(host.identity.public_hex, 5, "secret note")
            await cluster.wait_until(cluster.converged, what="the rating to arrive")

            strangers = [await attempt(host.port, MemberOf(host.room_id, bytes(32))),
                         await attempt(host.port, JoiningWith(joincode.JoinCode(
                             joincode.parse(code_of(host)).plate % 99 + 1, ("guitar", "harbor"))))]
            for ended, said in strangers:
                assert ended is not None and ended.code == "no-room" and ended.by_peer, ended
                assert b"no such room here" in said
            ended, said = await attempt(host.port, JoiningWith(wrong(code_of(host))), source="127.0.0.2")
            assert ended is not None and ended.code == "wrong-code"
            for secret in secrets_of(host):
                for seen in (recorder.seen, *(said for _, said in strangers), said):
                    assert secret not in seen, secret  # neither the strangers nor the wire show any of it
        finally:
            if recorder is not None:
                await recorder.stop()
            await cluster.stop()
    run(scenario())


def test_a_wrong_code_is_refused_the_joiner_told_and_not_asked_again(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        recorder = None
        try:
            host = await cluster.add("Hostess", create="Garden")
            recorder = Recorder(host.port)
            port = await recorder.start()
            errors: list[NodeError] = []
            guesser = await cluster.add("Guesser", code=str(wrong(code_of(host))), peers=(("127.0.0.1", port),))
            guesser.subscribe(lambda event: errors.append(event) if isinstance(event, NodeError) else None)
            await cluster.wait_until(lambda: bool(errors), what="the guesser to be told")
            assert [e.code for e in errors] == ["wrong-code"]
            assert "the join code is wrong" in errors[0].text and "facilitator" in errors[0].text
            await asyncio.sleep(1.5)  # five redial intervals
            assert recorder.connections == 1 and guesser.room_id is None and not guesser._keyring.keys.all()
            assert host.snapshot().peers_connected == 0
        finally:
            if recorder is not None:
                await recorder.stop()
            await cluster.stop()
    run(scenario())


def test_a_thousand_wrong_codes_from_one_address_are_throttled(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("Hostess", create="Fortress")
            guess = JoiningWith(wrong(code_of(host)))
            loop = asyncio.get_running_loop()
            started = loop.time()
            outcomes: list[str] = []
            for _ in range(20):  # 1,000 tries, 50 at a time, all from 127.0.0.2
                batch = await asyncio.gather(*(attempt(host.port, guess, source="127.0.0.2") for _ in range(50)))
                outcomes += [ended.code if ended else "none" for ended, _ in batch]
            elapsed = loop.time() - started
            pakes = outcomes.count("wrong-code")  # each of these ran the PAKE; a throttled try ran none
            assert len(outcomes) == 1000 and pakes + outcomes.count("throttled") == 1000, set(outcomes)
            assert pakes <= 5 + elapsed / 6 + 1, (pakes, elapsed)
            print(f"1,000 wrong codes in {elapsed:.1f} s: {pakes} PAKEs, {1000 - pakes} refused before any")

            # the address that guessed is told when it may try again; others are not held up
            ended, said = await attempt(host.port, guess, source="127.0.0.2")
            assert ended is not None and ended.code == "throttled" and ended.retry_after >= 1
            joiner = await cluster.add("Joiner", code=code_of(host), peers=(("127.0.0.1", host.port),))
            await joiner.ready(20)
            assert joiner.room_id == host.room_id
        finally:
            await cluster.stop()
    run(scenario())


def test_a_joiner_with_the_code_gets_in_syncs_rates_and_everyone_agrees(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("Hostess", create="Open house")
            first = await cluster.add("First", code=code_of(host), peers=(("127.0.0.1", host.port),))
            await first.ready(20)
            await host.rate(first.identity.public_hex, 4)
            # the second joiner only knows the first joiner, who lets it in with the code it was given
            second = await cluster.add("Second", code=code_of(host), peers=(("127.0.0.1", first.port),))
            await second.ready(20)
            assert second.room_id == first.room_id == host.room_id
            assert code_of(second) == code_of(first) == code_of(host)  # every member may show the code
            await cluster.wait_until(lambda: len(second.snapshot().people) == 3, what="the second to sync")
            await second.rate(host.identity.public_hex, 5, "lovely")
            await first.rate(second.identity.public_hex, 2)
            await cluster.wait_until(cluster.converged, what="every node to agree")
            hashes = {node.snapshot().scores.hash() for node in cluster.nodes}
            assert len(hashes) == 1
            assert host.snapshot().scores.score(host.identity.public_hex).final > \
                host.snapshot().scores.policy.prior_value
        finally:
            await cluster.stop()
    run(scenario())


def test_a_joiner_asking_several_members_at_once_keeps_every_welcome(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("Hostess", create="Crowd")
            members = [await cluster.add(name, room=host.room_id, peers=(("127.0.0.1", host.port),))
                       for name in ("Ann", "Bo")]
            everyone = tuple(("127.0.0.1", node.port) for node in (host, *members))
            # no redial within the test: every connection must survive the first welcome
            joiner = await cluster.add("Joiner", code=code_of(host), peers=everyone, redial_interval=600)
            await cluster.wait_until(lambda: joiner.snapshot() is not None and joiner.snapshot().peers_connected == 3,
                                     timeout=10, what="the joiner to keep all three sessions")
            assert joiner.room_id == host.room_id
        finally:
            await cluster.stop()
    run(scenario())
