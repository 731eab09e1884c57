"""Fixtures for the scoring tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger


@pytest.fixture()
def classroom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Alice's data directory: her room, where Bob, Carol and Dan rate and befriend."""
    data = tmp_path / "alice"
    assert main(["--data", str(data), "room", "create", "Class 5B"]) == 0
    assert main(["--data", str(data), "profile", "Alice"]) == 0
    capsys.readouterr()
    room = (data / "current-room").read_text().strip()
    with Ledger(data / "ledger.sqlite3") as ledger:
        crowd = {name: Identity.generate() for name in ("Bob", "Carol", "Dan")}
        for name, who in crowd.items():
            ledger.append(who, room, "profile", {"name": name})
        bob, carol, dan = crowd.values()
        for rater, subject, stars in ((carol, bob, 5), (dan, bob, 4), (bob, carol, 1), (dan, carol, 2)):
            ledger.append(rater, room, "rate", {"subject": subject.public_hex, "stars": stars})
        for a, b in ((bob, carol), (carol, bob)):
            ledger.append(a, room, "friend", {"subject": b.public_hex, "on": True})
    return data
