"""Who checks the signatures of a batch being ingested: this process, or a pool of workers.

Verification is ingest's physical limit (shared/notes/ledger-and-network.md), and a cold join
receives tens of thousands of independent signatures while the second core idles. A
:class:`PoolVerifier` sends the signatures of a big batch to worker processes as the batch is
decoded, while the one writer (this process) goes on decoding, then places and stores the
messages in the same order as ever. The writer asks :meth:`SignatureBatch.check` exactly where
the single-core path calls :func:`~nosedive.core.messages.verify`, so every verdict, error and
stored row is the same with or without workers:

- a worker only answers "this signature verifies under this author's key" (the key passes
  :func:`~nosedive.core.keys.public_key` there too: weak keys are refused on both sides);
- whatever a worker did not answer, or answered "no", is verified again here, and that
  in-process verification raises the error (the same sentence as without workers);
- answers are keyed by (id, signature): two copies of one payload with different signatures
  in one batch are judged apart.

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
import signal
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from cryptography.exceptions import InvalidSignature

from nosedive.core import keys
from nosedive.core import messages as msgs
from nosedive.core.errors import WeakKeyError
from nosedive.core.messages import Message

MIN_POOL_BATCH = 256  # fewer signatures than this are verified here: a worker round trip costs more
START_AFTER = 4096  # signatures of big batches verified here before the workers start (~0.3 s of work)
IDLE_STOP = 60.0  # seconds without work after which the workers stop (they hold ~35 MB each; a catch-up restarts them)
CHUNK = 64  # signatures per task: small enough that placing starts while the rest are verified

Signed = tuple[str, bytes, bytes]  # (author, signature, payload)


def verify_chunk(items: Sequence[Signed]) -> list[bool]:
    """In a worker: whether each signature verifies under its author's (strong) key."""
    answers = []
    for author, signature, payload in items:
        try:
            keys.public_key(author).verify(signature, msgs.SIGN_DOMAIN + payload)
            answers.append(True)
        except (InvalidSignature, WeakKeyError):
            answers.append(False)
    return answers


def _quiet_worker() -> None:
    """A worker leaves Ctrl+C to its parent, which shuts the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
        self._answers: dict[tuple[str, bytes], tuple[Future[list[bool]], int]] = {}

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
            future = self._pool.submit([(m.author, m.signature, m.payload) for m in chunk])
            if future is None:
                return  # the pool is gone: what was not sent is verified here
            for position, message in enumerate(chunk):
                self._answers[(message.id, message.signature)] = (future, position)
            self._sent += len(chunk)

    def check(self, message: Message) -> None:
        answer = self._answers.get((message.id, message.signature))
        if answer is not None:
            future, position = answer
            try:
                if future.result()[position]:
                    return
            except Exception:  # a worker died (killed, out of memory): verified here, and no more pool
                self._pool.broken()
        msgs.verify(message)  # not sent, or refused there: judged here, and the error said here


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
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False

    @property
    def started(self) -> bool:
        return self._executor is not None

    def batch(self) -> SignatureBatch:
        if self._closed:
            return SignatureBatch()
        if self._executor is not None and time.monotonic() - self._last_used > self.idle_stop:
            self._stop_workers()  # the catch-up is over: live traffic is verified here
            self.verified_here = 0
        if self._executor is None and self.verified_here < self.start_after:
            return _Counted(self)
        return _PooledBatch(self)

    def submit(self, items: list[Signed]) -> Future[list[bool]] | None:
        """Send *items* to a worker; None once the pool is closed or broken (verify here then)."""
        if self._closed:
            return None
        if self._executor is None:
            # spawn, not fork: the node's process may run threads (Qt, zeroconf), and no fork
            # server is left behind once the pool is closed.
            self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_quiet_worker)
        self._last_used = time.monotonic()
        try:
            return self._executor.submit(verify_chunk, items)
        except Exception:  # BrokenProcessPool, or the interpreter shutting down
            self.broken()
            return None

    def broken(self) -> None:
        """A worker failed: stop the pool; this process verifies from now on (the same results, slower)."""
        self.close()

    def pids(self) -> list[int]:
        """The worker processes running now (for tests and figures)."""
        processes = getattr(self._executor, "_processes", None) or {}
        return sorted(processes)

    def close(self) -> None:
        """Stop the workers and wait for them; later batches are verified in this process."""
        self._closed = True
        self._stop_workers()

    def _stop_workers(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


HERE = Verifier()  # stateless: every ledger without a pool may share it


def verifier_for(workers: int | None) -> Verifier:
    """The verifier a node gets: *workers* processes (None: :func:`default_workers`), 0 = this process."""
    count = default_workers() if workers is None else workers
    return PoolVerifier(count) if count > 0 else Verifier()
