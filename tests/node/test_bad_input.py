"""Every kind of bad input: the node refuses it, stores nothing invalid, keeps serving others.

Sessions are sealed, so most hostile input comes from an *insider*: a participant who holds the
room's secret (participants are adversaries) and sends what a genuine node never would. Strangers
meet the cleartext hellos only, and learn nothing from them.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosedive.core import joincode
from nosedive.core import messages as msgs
from nosedive.core.encoding import canonical
from nosedive.core.identity import Identity
from nosedive.net.frames import KIND_MESSAGES, MAX_FRAME, control, encode_frame, pack_messages
from nosedive.net.protocol import Closed, Credentials, JoiningWith, Limits, MemberOf, Send, Session

from .cluster import Cluster, code_of

LIMITS = Limits(handshake_timeout=2, idle_timeout=2, ping_interval=1, max_invalid=20,
                messages_per_second=2_000, message_burst=2_000)


class EmptyStore:
    """The attacker's side holds nothing (a test client, not the node under test)."""

    def have(self, room):
        return {}

    def since(self, room, author, after_seq, limit=0):
        return []

    def forks(self, room):
        return []

    def creator(self, room):
        return None


def insider(node) -> MemberOf:
    """The credentials of someone who holds the node's room secret."""
    key = node._keyring.key(node.room_id)
    return MemberOf(key.room_id, key.secret)


class RawPeer:
    """A hand-driven client: real TCP, our own bytes (sealed with the session's keys once it has them)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.sent: list[bytes] = []
        self.session: Session | None = None
        self.ended: Closed | None = None
        self.heard: list[str] = []  # control frames from the node, opened

    @classmethod
    async def connect(cls, port: int) -> RawPeer:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    def send(self, data: bytes) -> None:
        self.sent.append(data)
        self.writer.write(data)

    def send_frame(self, frame: bytes) -> None:
        """One frame of ours, sealed as the session's next."""
        assert self.session is not None
        self.send(self.session.wire(Send(frame)))

    async def handshake(self, identity: Identity, credentials: Credentials, store=None,
                        auth: bytes | None = None) -> Session:
        """Hellos, then auth (ours, or the frame *auth* in its place), until the session opens or closes."""
        session = self.session = Session(identity, credentials, store or EmptyStore(), dialer=True)
        answer = session._control

        def heard(frame):  # note every control frame the node sends (a pong is news to no one else)
            self.heard.append(frame["t"])
            return answer(frame)
        session._control = heard  # type: ignore[method-assign]
        for event in session.start(0):
            self.send(session.wire(event))
        while not session.is_closed and (auth is not None or not session.is_open):  # a bad auth: until refused
            data = await asyncio.wait_for(self.reader.read(65536), 5)
            assert data, "node closed during the handshake"
            for event in session.receive(data, 0):
                if isinstance(event, Closed):
                    self.ended = event
                if isinstance(event, Send):
                    is_auth = not event.clear and b'"t":"auth"' in event.data
                    self.send(session.wire(Send(auth) if is_auth and auth is not None else event))
        return session


    async def closed_by_node(self, timeout: float = 10) -> bytes:
        """Read until the node closes the connection; returns what it said."""
        said = b""
        try:
            while data := await asyncio.wait_for(self.reader.read(65536), timeout):
                said += data
        except ConnectionError:
            pass
        finally:
            self.close()
        return said

    def close(self) -> None:
        self.writer.close()


def scenario(tmp_path: Path, attack) -> None:
    """Node A (the target) with a good peer B; run *attack*; check A still serves B."""
    async def body() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Target", limits=LIMITS)
            b = await cluster.add("b", room=a.room_id, peers=(("127.0.0.1", a.port),))
            await cluster.wait_until(lambda: a.snapshot().peers_connected == 1 and len(a.snapshot().people) == 2)
            before = a.ledger.count(a.room_id)
            stored_by_attack = await attack(a, b)
            assert a.ledger.count(a.room_id) == before + stored_by_attack
            await b.rate(a.identity.public_hex, 4)  # the good peer is still served
            await cluster.wait_until(lambda: cluster.converged(), what="the good peer to sync")
            await cluster.wait_until(lambda: a.snapshot().peers_connected == 1, what="only the good peer left")
        finally:
            await cluster.stop()
    asyncio.run(asyncio.wait_for(body(), 90))


def test_forged_message_is_refused(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        mallory = Identity.generate()
        peer = await RawPeer.connect(a.port)
        await peer.handshake(mallory, insider(a))
        # a message "by b" that b never signed
        envelope = {"v": 1, "room": a.room_id, "author": b.identity.public_hex, "seq": 99, "prev": "ab" * 32,
                    "ts": 1, "type": "rate", "body": {"subject": a.identity.public_hex, "stars": 1}}
        payload = canonical(envelope)
        forged = mallory.sign(msgs.SIGN_DOMAIN + payload) + payload
        peer.send_frame(encode_frame(KIND_MESSAGES, pack_messages([forged])))
        peer.send_frame(control({"t": "ping"}))  # frames are handled in order: the pong comes after
        await pong(peer)
        assert a.ledger.pending_count() == 0  # not even held
        peer.close()
        return 0
    scenario(tmp_path, attack)


async def pong(peer: RawPeer) -> None:
    """Read (and open) what the node sends until its pong: everything before it has been handled."""
    assert peer.session is not None
    while True:
        data = await asyncio.wait_for(peer.reader.read(65536), 20)
        assert data, "the node closed the connection"
        for event in peer.session.receive(data, 0):
            assert not isinstance(event, Closed), event
        if "pong" in peer.heard:
            return


def test_weak_key_in_the_handshake_is_refused(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        peer = await RawPeer.connect(a.port)
        weak = "01" + "00" * 31
        await peer.handshake(Identity.generate(), insider(a),
                             auth=control({"t": "auth", "key": weak, "sig": "00" * 64, "port": 0, "name": "x"}))
        assert peer.ended is not None and peer.ended.code == "weak-key", peer.ended  # said under the seal
        peer.close()
        return 0
    scenario(tmp_path, attack)


def test_an_auth_key_of_another_json_type_is_refused_not_a_crash(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        peer = await RawPeer.connect(a.port)
        await peer.handshake(Identity.generate(), insider(a),
                             auth=control({"t": "auth", "key": ["x"], "sig": "00" * 64, "port": 0, "name": "x"}))
        assert peer.ended is not None and peer.ended.code == "weak-key", peer.ended
        peer.close()
        return 0
    scenario(tmp_path, attack)


def test_oversized_frame_is_refused(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        peer = await RawPeer.connect(a.port)
        peer.send((MAX_FRAME + 1).to_bytes(4, "big") + b"\x02")
        said = await peer.closed_by_node()
        assert b"frame length" in said
        return 0
    scenario(tmp_path, attack)


def test_truncated_frame_then_silence_is_dropped(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        peer = await RawPeer.connect(a.port)
        peer.send((1000).to_bytes(4, "big") + b"\x01{")  # promises 1000 bytes, sends 2
        loop = asyncio.get_running_loop()
        started = loop.time()
        await peer.closed_by_node(timeout=15)
        assert loop.time() - started < 10  # dropped by the read timeout, not held forever
        return 0
    scenario(tmp_path, attack)


def test_replayed_handshake_fails(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        eve = Identity.generate()
        first = await RawPeer.connect(a.port)
        await first.handshake(eve, insider(a))
        recorded = list(first.sent)
        first.close()
        replay = await RawPeer.connect(a.port)
        for data in recorded:  # hello and sealed auth of the genuine session, byte for byte
            replay.send(data)
        said = await replay.closed_by_node()
        # a fresh hello from the node, and then silence: the old auth is under another session's keys
        assert b'"t":"hello"' in said and b'"t":"error"' not in said
        assert eve.public_hex not in {p.key for p in a.snapshot().people if p.online}
        return 0
    scenario(tmp_path, attack)


def test_wrong_room_and_connecting_to_itself(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        peer = await RawPeer.connect(a.port)
        session = Session(Identity.generate(), MemberOf("cd" * 32, b"\x01" * 32), EmptyStore(), dialer=True)
        for event in session.start(0):
            peer.send(session.wire(event))
        said = await peer.closed_by_node()
        assert b"no-room" in said  # the same answer as to any stranger: it tells nothing
        for secret in (a.room_id.encode(), b"Target", a.identity.public_hex.encode(), b"pake"):
            assert secret not in said
        await a.add_peer("127.0.0.1", a.port)  # dial myself
        await asyncio.sleep(0.5)
        assert a.identity.public_hex not in {p.key for p in a.snapshot().people if p.online and not p.is_me}
        return 0
    scenario(tmp_path, attack)


def test_a_flooding_peer_is_throttled_and_dropped(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        from nosedive.room.events import PeerDown

        flooder = Identity.generate()
        downs: list[PeerDown] = []
        a.subscribe(lambda event: downs.append(event) if isinstance(event, PeerDown) else None)
        peer = await RawPeer.connect(a.port)
        await peer.handshake(flooder, insider(a))
        junk = [b"\x00" * 64 + b'{"nonsense":true}'] * 500
        frame = encode_frame(KIND_MESSAGES, pack_messages(junk))
        for _ in range(40):  # 20,000 invalid messages, as fast as the socket takes them
            peer.send_frame(frame)
            try:
                await asyncio.wait_for(peer.writer.drain(), 5)
            except (TimeoutError, ConnectionError):
                break
        await peer.closed_by_node()  # (what it said may be lost to a TCP reset: we kept writing)
        reasons = [d.reason for d in downs if d.key == flooder.public_hex]
        assert reasons and "invalid" in reasons[0]
        return 0
    scenario(tmp_path, attack)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(min_size=1, max_size=2000))
def test_random_bytes(tmp_path_factory, blob: bytes) -> None:
    async def attack(a, b) -> int:
        peer = await RawPeer.connect(a.port)
        peer.send(blob)
        await peer.closed_by_node(timeout=15)
        return 0
    scenario(tmp_path_factory.mktemp("random"), attack)


def test_a_flood_of_valid_messages_is_throttled_but_nothing_is_lost(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        chatty = Identity.generate()
        chain, prev = [], None
        for seq in range(1, 3001):
            message = msgs.create(chatty, room=a.room_id, seq=seq, prev=prev, type="rate",
                                  body={"subject": b.identity.public_hex, "stars": 1 + seq % 5})
            chain.append(message.raw)
            prev = message.id
        peer = await RawPeer.connect(a.port)
        await peer.handshake(chatty, insider(a))
        for start in range(0, len(chain), 500):  # 3,000 messages against a 2,000/s bucket
            peer.send_frame(encode_frame(KIND_MESSAGES, pack_messages(chain[start:start + 500])))
        await peer.writer.drain()
        peer.send_frame(control({"t": "ping"}))
        await pong(peer)
        peer.close()
        assert a.ledger.head(a.room_id, chatty.public_hex)[0] == 3000
        return 3000
    scenario(tmp_path, attack)


def test_a_cleartext_frame_after_the_hellos_ends_the_session_without_a_word(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        peer = await RawPeer.connect(a.port)
        await peer.handshake(Identity.generate(), insider(a))
        peer.send(control({"t": "ping"}))  # not sealed
        said = await peer.closed_by_node()
        assert b"pong" not in said and b'"t":"error"' not in said
        return 0
    scenario(tmp_path, attack)


def test_a_wrong_join_code_is_refused_and_the_joiner_is_told(tmp_path: Path) -> None:
    async def attack(a, b) -> int:
        right = joincode.parse(code_of(a))
        words = joincode.wordlist()
        other = words[(words.index(right.words[0]) + 1) % len(words)]
        wrong = joincode.JoinCode(right.plate, (other, right.words[1]))
        peer = await RawPeer.connect(a.port)
        await peer.handshake(Identity.generate(), JoiningWith(wrong))
        assert peer.ended is not None and peer.ended.code == "wrong-code", peer.ended
        peer.close()
        return 0
    scenario(tmp_path, attack)
