"""Who checks the signatures of a batch being ingested: this process, or a pool of workers.

Verification is ingest's physical limit (shared/notes/ledger-and-network.md), and a cold join
receives tens of thousands of independent signatures while the second core idles. A
:class:`PoolVerifier` sends the signatures of a big batch to worker processes as the batch is
decoded, while the one writer (this process) goes on decoding, then places and stores the
messages in the same order as ever. The writer asks :meth:`SignatureBatch.check` exactly where
the single-core path calls :func:`~nosedive.core.messages.verify`, so every verdict, error and
stored row is the same with or without workers:

- a worker only answers "this signature verifies under this author's key" (the key passes
  :func:`~nosedive.core.keys.check_strong` there too: weak keys are refused on both sides);
- whatever a worker did not answer, or answered "no", is verified again here, and that
  in-process verification raises the error (the same sentence as without workers);
- answers are keyed by (id, signature): two copies of one payload with different signatures
  in one batch are judged apart.

Signatures travel in chunks of ``CHUNK``, each one bytes blob over the worker's own pipe, and
come back as one byte each (:mod:`~nosedive.ledger.workers`): per signature, the writer packs
32 key bytes, the signature and the payload, and reads one byte, nothing more.

Small batches (live traffic: a rating, a handful of messages) stay in this process: handing
them to a worker costs more than verifying them. Starting the workers costs more than a short
catch-up too (a kiosk's visitor joining a room of a few thousand messages), so the pool's
processes start only once ``START_AFTER`` signatures of big batches were verified here, and end
with :meth:`PoolVerifier.close`, which the ledger it was given calls when it closes (the
composition root, ``Node.open``, makes the pool; nothing here is global).
"""
from __future__ import annotations

import multiprocessing
import os
import time
import weakref

from nosedive.core import messages as msgs
from nosedive.core.messages import Message
from nosedive.ledger.workers import Worker, WorkerFailed, pack_chunk

MIN_POOL_BATCH = 256  # fewer signatures than this are verified here: a worker round trip costs more
START_AFTER = 4096  # signatures of big batches verified here before the workers start (~0.3 s of work)
IDLE_STOP = 60.0  # seconds without work after which the workers stop (they hold ~35 MB each; a catch-up restarts them)
CHUNK = 128  # signatures per blob: small enough that placing starts while the rest are verified
MAX_OWED = 32  # chunks a worker may owe before the writer reads an answer (its pipe never fills both ways)


def default_workers() -> int:
    """Worker processes for this machine: one per core this process may run on (none on one core)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if cores < 2 else min(cores, 4)


class SignatureBatch:
    """The signatures of one batch; this base verifies each one here, when asked."""

    collects = False  # whether it wants the batch's messages (this one needs none: the hot path skips add)

    def add(self, message: Message) -> None:
        """A decoded message of the batch (a pool may start verifying it now)."""

    def finish(self) -> None:
        """Every message of the batch was added."""

    def check(self, message: Message) -> None:
        """Raise :class:`~nosedive.core.errors.BadSignatureError` unless *message*'s signature verifies."""
        msgs.verify(message)


class Verifier:
    """Verifies in this process: the single-core path, and what every other verifier must equal."""

    def batch(self) -> SignatureBatch:
        return SignatureBatch()

    def close(self) -> None:
        """Nothing to stop here."""


class _Counted(SignatureBatch):
    """Verified here, while the pool has not started: counts how big the catch-up is getting."""

    collects = True

    def __init__(self, pool: PoolVerifier) -> None:
        self._pool = pool
        self._size = 0

    def add(self, message: Message) -> None:
        self._size += 1

    def finish(self) -> None:
        if self._size >= self._pool.min_batch:
            self._pool.verified_here += self._size


class _PooledBatch(SignatureBatch):
    collects = True

    def __init__(self, pool: PoolVerifier) -> None:
        self._pool = pool
        self._waiting: list[Message] = []
        self._sent = 0
        self._answers: dict[tuple[str, bytes], tuple[int, int]] = {}  # (id, signature) -> (chunk, position)
        self._verdicts: dict[int, bytes | None] = {}  # chunk -> its answer (None: not answered, verify here)
        self._chunks: list[int] = []  # every chunk sent: the answers nobody asked for are dropped with the batch
        weakref.finalize(self, pool.forget, self._chunks)

    def add(self, message: Message) -> None:
        self._waiting.append(message)
        if len(self._waiting) >= (CHUNK if self._sent or self._pool.started else self._pool.min_batch):
            self._send()

    def finish(self) -> None:
        if self._sent and self._waiting:
            self._send()
        self._waiting = []  # a small batch stays here

    def _send(self) -> None:
        waiting, self._waiting = self._waiting, []
        for start in range(0, len(waiting), CHUNK):
            chunk = waiting[start:start + CHUNK]
            number = self._pool.submit([(bytes.fromhex(m.author), m.signature, m.payload) for m in chunk])
            if number is None:
                return  # the pool is gone: what was not sent is verified here
            for position, message in enumerate(chunk):
                self._answers[(message.id, message.signature)] = (number, position)
            self._chunks.append(number)
            self._sent += len(chunk)

    def check(self, message: Message) -> None:
        answer = self._answers.get((message.id, message.signature))
        if answer is not None:
            number, position = answer
            if number not in self._verdicts:
                self._verdicts[number] = self._pool.collect(number)
            verdicts = self._verdicts[number]
            if verdicts is not None and verdicts[position] == 1:
                return
        msgs.verify(message)  # not sent, not answered, or refused there: judged here, and the error said here


class PoolVerifier(Verifier):
    """Verifies big batches in *workers* processes (started on first use, stopped by :meth:`close`)."""

    def __init__(self, workers: int, *, min_batch: int = MIN_POOL_BATCH, start_after: int = START_AFTER,
                 idle_stop: float = IDLE_STOP) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self.workers = workers
        self.min_batch = max(1, min_batch)
        self.start_after = start_after
        self.verified_here = 0  # signatures of big batches verified in this process before the start
        self.idle_stop = idle_stop
        self._last_used = 0.0
        self._processes: list[Worker] = []
        self._owner: dict[int, Worker] = {}  # chunk number -> the worker that owes its answer
        self._ready: dict[int, bytes] = {}  # answers read while waiting for another chunk's
        self._next = 0  # the next chunk's number
        self._moot: set[int] = set()  # chunks owed to batches that are gone: their answers are dropped
        self._closed = False

    @property
    def started(self) -> bool:
        return bool(self._processes)

    def batch(self) -> SignatureBatch:
        if self._closed:
            return SignatureBatch()
        if self._processes and time.monotonic() - self._last_used > self.idle_stop:
            self._stop_workers()  # the catch-up is over: live traffic is verified here
            self.verified_here = 0
        if not self._processes and self.verified_here < self.start_after:
            return _Counted(self)
        return _PooledBatch(self)  # batches may overlap (the next decoded while this one is stored)

    def submit(self, items: list[tuple[bytes, bytes, bytes]]) -> int | None:
        """Send (raw key, signature, payload) *items* to a worker as one chunk; its number, or None once the
        pool is closed or broken (verify here then)."""
        if self._closed:
            return None
        try:
            if not self._processes:
                # spawn, not fork: the node's process may run threads (Qt, zeroconf), and no fork
                # server is left behind once the pool is closed.
                context = multiprocessing.get_context("spawn")
                self._processes = [Worker(context) for _ in range(self.workers)]
            worker = min(self._processes, key=lambda w: len(w.owed))
            if len(worker.owed) >= MAX_OWED:
                self._read_one(worker)
            number, self._next = self._next, self._next + 1
            worker.send(number, pack_chunk(number, items), len(items))
        except (WorkerFailed, OSError):  # a worker died, or the processes could not start
            self.broken()
            return None
        self._owner[number] = worker
        self._last_used = time.monotonic()
        return number

    def collect(self, number: int) -> bytes | None:
        """The verdicts of chunk *number* (one byte per signature, 1 = verifies); None if the pool broke first."""
        try:
            while number not in self._ready:
                worker = self._owner.get(number)
                if worker is None or worker not in self._processes or not worker.owed:
                    return None
                self._read_one(worker)
        except WorkerFailed:  # a worker died (killed, out of memory), hung or spoke nonsense
            self.broken()
            return None
        return self._ready.pop(number)

    def _read_one(self, worker: Worker) -> None:
        number, verdicts = worker.receive()
        self._owner.pop(number, None)
        if number in self._moot:
            self._moot.discard(number)
        else:
            self._ready[number] = verdicts

    def forget(self, chunks: list[int]) -> None:
        """A batch is done with: drop the answers to its *chunks* (read, or still to come)."""
        for number in chunks:
            if self._ready.pop(number, None) is None and number in self._owner:
                self._moot.add(number)

    def warm_up(self) -> None:
        """Start the workers and wait until each has answered once (for figures that leave start-up out)."""
        for number in [self.submit([]) for _ in range(self.workers * 2)]:
            if number is not None:
                self.collect(number)

    def broken(self) -> None:
        """A worker failed: stop the pool; this process verifies from now on (the same results, slower)."""
        self.close()

    def pids(self) -> list[int]:
        """The worker processes running now (for tests and figures)."""
        return sorted(w.process.pid for w in self._processes if w.process.pid is not None and w.process.is_alive())

    def close(self) -> None:
        """Stop the workers and wait for them; later batches are verified in this process."""
        self._closed = True
        self._stop_workers()

    def _stop_workers(self) -> None:
        processes, self._processes = self._processes, []
        self._owner.clear()
        self._ready.clear()
        self._moot.clear()
        for worker in processes:
            worker.stop()


HERE = Verifier()  # stateless: every ledger without a pool may share it


def verifier_for(workers: int | None) -> Verifier:
    """The verifier a node gets: *workers* processes (None: :func:`default_workers`), 0 = this process."""
    count = default_workers() if workers is None else workers
    return PoolVerifier(count) if count > 0 else Verifier()
