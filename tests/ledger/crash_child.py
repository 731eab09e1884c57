"""Child process for the crash test: ingests batches until it is killed."""
from __future__ import annotations

import struct
import sys
from pathlib import Path

from nosedive.ledger.store import Ledger


def read_frames(path: Path) -> list[bytes]:
    data = path.read_bytes()
    frames, offset = [], 0
    while offset < len(data):
        (size,) = struct.unpack_from(">I", data, offset)
        frames.append(data[offset + 4: offset + 4 + size])
        offset += 4 + size
    return frames


def main() -> None:
    db_path, frames_path, batch = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    raws = read_frames(frames_path)
    ledger = Ledger(db_path)
    for number, start in enumerate(range(0, len(raws), batch)):
        print(f"begin {number}", flush=True)
        report = ledger.ingest_many(raws[start:start + batch])
        assert not report.errors, report.errors[:1]
    print("done", flush=True)


if __name__ == "__main__":
    main()
