"""``nosedive node``: a real headless peer process that starts, writes its room and stops cleanly on SIGINT."""
from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from .helpers import COMMAND, assert_one_clear_line, run


def test_a_node_creates_its_room_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    with subprocess.Popen(
        [*COMMAND, "--data", str(tmp_path), "node", "--no-discovery", "--host", "127.0.0.1",
         "--create-room", "Class 5B", "--name", "Ann", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as node:
        try:
            assert node.stdout is not None
            ready = node.stdout.readline()  # blocks until the node listens (or exits)
            if " listening on port " not in ready:
                node.kill()
                pytest.fail(f"the node did not start: {ready!r} {node.communicate(timeout=30)[1][-2000:]}")
            assert int(ready.rsplit(" ", 1)[1]) > 0
            node.send_signal(signal.SIGINT)
            out, err = node.communicate(timeout=30)
        finally:
            if node.poll() is None:
                node.kill()
                node.communicate(timeout=30)
    assert node.returncode == 0, err[-2000:]
    assert out.strip().endswith("node stopped")
    assert "Traceback" not in err
    rooms = run(tmp_path, "rooms")
    assert rooms.returncode == 0 and "Class 5B" in rooms.stdout
    log = run(tmp_path, "log")
    assert "is now called Ann" in log.stdout


def test_a_bad_port_is_one_clear_line(tmp_path: Path) -> None:
    assert_one_clear_line(run(tmp_path, "node", "--port", "70000"), "--port must be 0 (any) or 1–65535")


def test_a_bad_peer_address_is_one_clear_line(tmp_path: Path) -> None:
    result = run(tmp_path, "node", "--peer", "nowhere:notaport")
    assert_one_clear_line(result, "nosedive: ")
