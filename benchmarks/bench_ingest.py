"""Ledger ingest rate (verify + validate + store, batched) next to the raw Ed25519 verify rate.

All measured in one run on the same messages; the ratios are the figures that matter:
- on one core, ingest >= 0.9 x raw single-core verify;
- with a pool of worker processes verifying (``--workers``, default 2; the writer stays one
  process and stores in the same order), ingest >= 1.7 x raw single-core verify.
The pool's start-up is printed apart (a node starts it once, for a long catch-up).

    python benchmarks/bench_ingest.py [--messages 20000] [--batch 500] [--workers 2]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from nosedive.core import keys
from nosedive.core import messages as msgs
from nosedive.core.encoding import MAX_INT
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.ledger.verifier import PoolVerifier


def make_stream(count: int, authors: int) -> list[msgs.Message]:
    host = Identity.generate()
    genesis = msgs.create_room(host, "Bench", {})
    people = [Identity.generate() for _ in range(authors)]
    heads = {p.public_hex: (0, None) for p in people}
    stream = [genesis]
    for index in range(count - 1):
        person = people[index % authors]
        seq, prev = heads[person.public_hex]
        subject = people[(index * 7 + 1) % authors].public_hex
        if subject == person.public_hex:
            subject = host.public_hex
        message = msgs.create(person, room=genesis.room, seq=seq + 1, prev=prev, type="rate",
                              body={"subject": subject, "stars": 1 + index % 5, "note": "bench"})
        heads[person.public_hex] = (message.seq, message.id)
        stream.append(message)
    return stream


def measure(stream: list[msgs.Message], batch: int, path: Path) -> tuple[float, float, float, float]:
    """Seconds for raw verify and for ledger ingest of the same messages: wall, then CPU.

    The two alternate batch by batch, so both see the same machine load (other
    processes come and go); the raw verify is OpenSSL's, keys already loaded.
    """
    loaded = {m.author: keys.public_key(m.author) for m in stream}
    verify = ingest = verify_cpu = ingest_cpu = 0.0
    with Ledger(path) as ledger:
        for offset in range(0, len(stream), batch):
            chunk = stream[offset:offset + batch]
            raws = [m.raw for m in chunk]
            start, start_cpu = time.perf_counter(), time.process_time()
            for m in chunk:
                loaded[m.author].verify(m.signature, msgs.SIGN_DOMAIN + m.payload)
            middle, middle_cpu = time.perf_counter(), time.process_time()
            report = ledger.ingest_many(raws)
            end, end_cpu = time.perf_counter(), time.process_time()
            assert not report.errors, report.errors[0]
            verify += middle - start
            ingest += end - middle
            verify_cpu += middle_cpu - start_cpu
            ingest_cpu += end_cpu - middle_cpu
        assert ledger.count() == len(stream)
    return verify, ingest, verify_cpu, ingest_cpu


def decode_cpu(raws: list[bytes]) -> float:
    """CPU seconds of the strict decode alone (every check but the signature) of *raws*."""
    start = time.process_time()
    for raw in raws:
        msgs.decode(raw, now=MAX_INT)
    return time.process_time() - start


def _verify_all(items: list[tuple[str, bytes, bytes]], go: Any, out: Any) -> None:
    """In a helper process: verify *items* once *go* is set; put (start, end, CPU seconds) on *out*."""
    loaded = {author: keys.public_key(author) for author, _signature, _payload in items}
    out.put("ready")
    go.wait()
    start, start_cpu = time.perf_counter(), time.process_time()
    for author, signature, payload in items:
        loaded[author].verify(signature, msgs.SIGN_DOMAIN + payload)
    out.put((start, time.perf_counter(), time.process_time() - start_cpu))


def parallel_verify(stream: list[msgs.Message], processes: int) -> tuple[float, float]:
    """Raw verify in *processes* processes at once, no ingest at all: (messages a second, CPU µs a signature).

    The physical ceiling of any pool on this machine: on cores that share a physical core
    (SMT siblings of a VM) or are busy with other work, two verifies at once cost more than one."""
    context = multiprocessing.get_context("spawn")
    go, out = context.Event(), context.Queue()
    items = [(m.author, m.signature, m.payload) for m in stream]
    helpers = [context.Process(target=_verify_all, args=(items, go, out)) for _ in range(processes)]
    for helper in helpers:
        helper.start()
    for _helper in helpers:
        out.get(timeout=120)
    go.set()
    answers = [out.get(timeout=600) for _ in helpers]
    for helper in helpers:
        helper.join(30)
    wall = max(end for _start, end, _cpu in answers) - min(start for start, _end, _cpu in answers)
    return processes * len(items) / wall, sum(cpu for _start, _end, cpu in answers) * 1e6 / (processes * len(items))


def transport_only(stream: list[msgs.Message], workers: int) -> tuple[float, float]:
    """The pool verifying *stream* with no ingest around it: CPU µs a signature in the workers, in this process."""
    pool = PoolVerifier(workers, start_after=0)
    try:
        pool.warm_up()
        before = sum(cpu_seconds(pid) for pid in pool.pids())
        start_cpu = time.process_time()
        chunks = [pool.submit([(bytes.fromhex(m.author), m.signature, m.payload) for m in stream[at:at + 128]])
                  for at in range(0, len(stream), 128)]
        answered = sum(sum(pool.collect(number) or b"") for number in chunks if number is not None)
        here = time.process_time() - start_cpu
        assert answered == len(stream), "the pool did not verify everything"
        there = sum(cpu_seconds(pid) for pid in pool.pids()) - before
    finally:
        pool.close()
    return there * 1e6 / len(stream), here * 1e6 / len(stream)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a live process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_pool(stream: list[msgs.Message], batch: int, path: Path,
                 workers: int) -> tuple[float, float, float, float, float]:
    """(start-up, raw single-thread verify, pooled ingest) seconds with *workers* processes verifying,
    then the CPU seconds of the writer's ingest and of the workers (after they are reaped).

    Like :func:`measure`, raw verify and ingest alternate batch by batch, so both see the same load."""
    loaded = {m.author: keys.public_key(m.author) for m in stream}
    pool = PoolVerifier(workers, start_after=0)
    verify = ingest = writer_cpu = 0.0
    try:
        start = time.perf_counter()
        pool.warm_up()  # the processes start (and import) here
        startup = time.perf_counter() - start
        workers_before = sum(cpu_seconds(pid) for pid in pool.pids())  # their start-up (imports) left out
        with Ledger(path, verifier=pool) as ledger:
            for offset in range(0, len(stream), batch):
                chunk = stream[offset:offset + batch]
                raws = [m.raw for m in chunk]
                start = time.perf_counter()
                for m in chunk:
                    loaded[m.author].verify(m.signature, msgs.SIGN_DOMAIN + m.payload)
                middle, middle_cpu = time.perf_counter(), time.process_time()
                report = ledger.ingest_many(raws)
                end = time.perf_counter()
                writer_cpu += time.process_time() - middle_cpu
                assert not report.errors, report.errors[0]
                verify += middle - start
                ingest += end - middle
            assert ledger.count() == len(stream)
            workers_cpu = sum(cpu_seconds(pid) for pid in pool.pids()) - workers_before
    finally:
        pool.close()
    return startup, verify, ingest, writer_cpu, workers_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--authors", type=int, default=50)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="verifying processes for the pool figure (0: skip)")
    args = parser.parse_args()
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    if cores:
        os.sched_setaffinity(0, {min(cores)})  # one core, as the target says
    print(f"generating {args.messages} signed messages from {args.authors} authors…", flush=True)
    stream = make_stream(args.messages, args.authors)
    raws = [m.raw for m in stream]
    ratios, verify, ingest, pooled, pool_ratios, startups = [], [], [], [], [], []
    cpu_ratios, bounds, costs, single_costs = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            if cores:
                os.sched_setaffinity(0, {min(cores)})
            v_run, i_run, v_cpu, i_cpu = measure(stream, args.batch, Path(tmp) / f"bench-{run}.sqlite3")
            cpu_ratios.append(v_cpu / i_cpu)
            single_costs.append((v_cpu / len(raws), i_cpu / len(raws), decode_cpu(raws) / len(raws)))
            verify.append(v_run)
            ingest.append(i_run)
            ratios.append(v_run / i_run)
            if args.workers:
                if cores:
                    os.sched_setaffinity(0, cores)  # the writer and its workers on every core
                startup, v_pool, p_run, writer, helpers = measure_pool(
                    stream, args.batch, Path(tmp) / f"pool-{run}.sqlite3", args.workers)
                # CPU seconds per message on each side: on idle cores the slower side sets the pace
                per_core = max(writer, (writer + helpers) / max(len(cores) or 1, 1)) / len(raws)
                bounds.append((v_cpu / len(raws)) / per_core)
                costs.append((v_cpu / len(raws), writer / len(raws), helpers / len(raws)))
                startups.append(startup)
                pooled.append(p_run)
                pool_ratios.append(v_pool / p_run)  # against single-thread raw verify, batch by batch beside it
    ceilings = []
    if args.workers:
        if cores:
            os.sched_setaffinity(0, cores)
        ceilings = [parallel_verify(stream[:5000], args.workers) for _ in range(args.runs)]
        transports = [transport_only(stream[:5000], args.workers) for _ in range(args.runs)]
    v, i = statistics.median(verify), statistics.median(ingest)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {len(cores) or os.cpu_count()} cores, load average {load} (shared with other work: "
          "absolute rates are noisy, the ratios were taken batch by batch in the same run)")
    print(f"raw Ed25519 verify : {len(raws) / v:10,.0f} msgs/s  ({v * 1e6 / len(raws):.1f} µs each, one core)")
    print(f"ledger ingest      : {len(raws) / i:10,.0f} msgs/s  "
          f"({i * 1e6 / len(raws):.1f} µs each, batches of {args.batch}, one core)")
    print(f"ratio ingest/verify: {statistics.median(ratios):.2f}   (target >= 0.90; median of {args.runs} runs"
          f" [{', '.join(f'{r:.2f}' for r in ratios)}], one core)")
    print(f"   the same in CPU time (what the load does not change): {statistics.median(cpu_ratios):.2f}"
          f" [{', '.join(f'{r:.2f}' for r in cpu_ratios)}]")
    v_us, i_us, d_us = (statistics.median(c[k] for c in single_costs) * 1e6 for k in range(3))
    print(f"   CPU per message: ingest {i_us:.1f} µs = raw verify {v_us:.1f} + decode {d_us:.1f} (every check but the "
          f"signature) + placing and SQLite {i_us - v_us - d_us:.1f}; 0.90x allows {v_us / 0.9 - v_us:.1f} µs "
          f"beyond the signature (now {i_us - v_us:.1f})")
    if pooled:
        p = statistics.median(pooled)
        print(f"ingest, {args.workers} workers: {len(raws) / p:10,.0f} msgs/s  ({p * 1e6 / len(raws):.1f} µs each; "
              f"pool start-up {statistics.median(startups):.2f} s, not included)")
        print(f"ratio pool/verify  : {statistics.median(pool_ratios):.2f}   (target >= 1.70 x single-core raw verify; "
              f"[{', '.join(f'{r:.2f}' for r in pool_ratios)}])")
        print(f"   from CPU time (writer and workers measured apart), on {len(cores) or 1} idle cores it would be: "
              f"{statistics.median(bounds):.2f}x single-core raw verify [{', '.join(f'{b:.2f}' for b in bounds)}]")
        rate, per_signature = (statistics.median(c[k] for c in ceilings) for k in range(2))
        print(f"   physical ceiling: raw verify in {args.workers} processes at once (no ingest) = "
              f"{rate * v / len(raws):.2f}x single-core raw verify, {per_signature:.1f} µs CPU a signature "
              f"[{', '.join(f'{c[0] * v / len(raws):.2f}' for c in ceilings)}]")
        there, here = (statistics.median(t[k] for t in transports) for k in range(2))
        print(f"   the pool alone (verifying, no ingest): workers {there:.1f} µs CPU a signature, this process "
              f"{here:.1f} µs (packing, pipes)")
        v_us, w_us, h_us = (statistics.median(c[k] for c in costs) * 1e6 for k in range(3))
        n_cores = len(cores) or 1
        print(f"   CPU per message: raw verify {v_us:.1f} µs; workers {h_us:.1f} µs "
              f"({h_us - v_us:+.1f} over raw verify: framing, pipes, sharing the cores with the writer); "
              f"writer {w_us:.1f} µs (decode, placing, SQLite, packing)")
        print(f"   bound: {n_cores} cores / (workers + writer) = {n_cores * v_us / (h_us + w_us):.2f}x; 1.70x needs "
              f"workers + writer <= {n_cores * v_us / 1.7:.1f} µs, i.e. <= {n_cores * v_us / 1.7 - v_us:.1f} µs "
              f"beyond the signature itself (now {h_us + w_us - v_us:.1f})")


if __name__ == "__main__":
    main()
