"""The verifying worker processes of :class:`~nosedive.ledger.verifier.PoolVerifier`, and what crosses their pipes.

A chunk of signatures goes to a worker as one bytes blob, and its answer comes back as one
(no pickled tuples or strings per signature, no executor threads):

- chunk: ``number (8 bytes) || count (4 bytes)``, then per signature
  ``author key (32 raw bytes) || length (4 bytes) || signature (64 bytes) || payload``;
- answer: ``number (8 bytes) || count (4 bytes) || one byte per signature`` (1: it verifies
  under its author's strong key; 0: it does not, or the key is weak).

Integers are little-endian. Each worker answers its chunks in the order it got them; the pool
checks the number and the count of every answer, and treats anything else (garbage, a dead
worker, silence past :data:`ANSWER_TIMEOUT`) as a broken pool: the signatures are then
verified in the writer's process, which says each refusal itself.
"""
from __future__ import annotations

import signal
import socket
import struct
from collections import deque
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext, SpawnProcess

from cryptography.exceptions import InvalidSignature

from nosedive.core import keys
from nosedive.core.errors import WeakKeyError
from nosedive.core.messages import SIGN_DOMAIN, SIGNATURE_BYTES

HEADER = struct.Struct("<QI")  # chunk number, signatures in it
LENGTH = struct.Struct("<I")
RECORD_HEAD = keys.KEY_BYTES + LENGTH.size  # key, then the signed bytes' length
ANSWER_TIMEOUT = 30.0  # seconds a worker may take over one chunk before the pool counts as broken
STOP_WAIT = 5.0  # seconds a worker may take to exit once its pipe is closed, before it is killed
STOP = b""  # what a worker takes as "exit now" (and answers a blob that is not a chunk with)


class WorkerFailed(Exception):
    """A worker died, hung or answered nonsense: the pool is broken."""


def pack_chunk(number: int, items: Sequence[tuple[bytes, bytes, bytes]]) -> bytes:
    """One blob for a worker: (raw 32-byte key, signature, payload) of each signature, in order."""
    parts = [HEADER.pack(number, len(items))]
    for key, signature, payload in items:
        parts += (key, LENGTH.pack(SIGNATURE_BYTES + len(payload)), signature, payload)
    return b"".join(parts)


def unpack_chunk(blob: bytes) -> tuple[int, list[tuple[bytes, bytes, bytes]]]:
    """The chunk number and its (key, signature, payload) items; ValueError if *blob* is not a chunk."""
    if len(blob) < HEADER.size:
        raise ValueError("chunk is shorter than its header")
    number, count = HEADER.unpack_from(blob)
    items, offset = [], HEADER.size
    for _index in range(count):
        if offset + RECORD_HEAD > len(blob):
            raise ValueError("chunk ends inside a record's head")
        key = blob[offset:offset + keys.KEY_BYTES]
        (length,) = LENGTH.unpack_from(blob, offset + keys.KEY_BYTES)
        start, offset = offset + RECORD_HEAD, offset + RECORD_HEAD + length
        if length < SIGNATURE_BYTES or offset > len(blob):
            raise ValueError("chunk ends inside a record")
        items.append((key, blob[start:start + SIGNATURE_BYTES], blob[start + SIGNATURE_BYTES:offset]))
    if offset != len(blob):
        raise ValueError("chunk has bytes after its last record")
    return number, items


def answer_chunk(blob: bytes) -> bytes:
    """In a worker: the answer to one chunk (keys parsed and checked once, by :func:`keys.public_key`'s cache)."""
    number, items = unpack_chunk(blob)  # the whole chunk's framing is checked before any answer
    verdicts = bytearray(len(items))
    for position, (key, signature, payload) in enumerate(items):
        try:
            keys.public_key(key.hex()).verify(signature, SIGN_DOMAIN + payload)
            verdicts[position] = 1
        except (InvalidSignature, WeakKeyError):
            pass  # a forgery, or a weak key: refused here too
    return HEADER.pack(number, len(items)) + verdicts


def read_answer(reply: bytes, number: int, count: int) -> bytes:
    """The verdict bytes of the answer to chunk *number* of *count* signatures; WorkerFailed if it is not that."""
    if len(reply) != HEADER.size + count or HEADER.unpack_from(reply) != (number, count):
        raise WorkerFailed(f"worker answered something else than chunk {number}")
    verdicts = reply[HEADER.size:]
    if verdicts.strip(b"\x00\x01"):
        raise WorkerFailed(f"worker's answer to chunk {number} is not yes/no")
    return verdicts


def serve(conn: Connection) -> None:
    """A worker's life: answer chunks until told to stop or the writer's end of the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent, which stops the pool
    while True:
        try:
            blob = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if blob == STOP:
            return
        try:
            conn.send_bytes(answer_chunk(blob))
        except ValueError:
            conn.send_bytes(STOP)  # not a chunk: an answer the writer refuses (it never sends one)
        except OSError:
            return


class Worker:
    """One worker process and the writer's end of its pipe; it remembers which chunks it owes."""

    def __init__(self, context: SpawnContext) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process: SpawnProcess = context.Process(target=serve, args=(child,), daemon=True,
                                                     name="nosedive-verifier")
        self.process.start()
        child.close()
        self.owed: deque[tuple[int, int]] = deque()  # (chunk number, count) sent and not yet answered
        self._patience = 0.0  # the pipe's send and receive timeout now set (0: none yet)

    def send(self, number: int, blob: bytes, count: int) -> None:
        try:
            self._be_patient(ANSWER_TIMEOUT)
            self.conn.send_bytes(blob)
        except (OSError, ValueError) as exc:
            raise WorkerFailed(f"worker {self.process.pid} is gone ({exc})") from exc
        self.owed.append((number, count))

    def receive(self) -> tuple[int, bytes]:
        """(chunk number, verdicts) of the oldest chunk this worker owes (WorkerFailed after ANSWER_TIMEOUT)."""
        number, count = self.owed.popleft()
        timeout = ANSWER_TIMEOUT
        try:
            if not self.conn.poll(timeout):
                raise WorkerFailed(f"worker {self.process.pid} did not answer in {timeout:.0f} s")
            reply = self.conn.recv_bytes()
        except (EOFError, OSError) as exc:
            raise WorkerFailed(f"worker {self.process.pid} is gone ({exc})") from exc
        return number, read_answer(reply, number, count)

    def _be_patient(self, seconds: float) -> None:
        """A send into the pipe of a hung worker whose buffer is full fails after *seconds*, instead of never
        returning (and so does a read of half an answer): the pipe is a socket pair, these are its timeouts."""
        if seconds == self._patience:
            return
        with socket.socket(fileno=self.conn.fileno()) as pipe:  # the same socket, not a copy: detached below
            try:
                whole = int(seconds)
                timeval = struct.pack("ll", whole, int((seconds - whole) * 1e6))
                pipe.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval)
                pipe.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
            finally:
                pipe.detach()
        self._patience = seconds

    def stop(self) -> None:
        """Close the pipe (the worker exits at its next read or answer) and wait; kill it if it lingers.

        No "stop" message: the pipe may be full of chunks the worker has not read yet."""
        self.conn.close()
        self.process.join(STOP_WAIT)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
