"""The same port across restarts, so an address typed on another machine keeps working all day.

A kiosk or a wall remembers the port its node listened on (``port`` in its data directory) and asks
for it again on the next start; if another program took it meanwhile, it takes a free one and says
so in the log (the new address is on its screen).
"""
from __future__ import annotations

import logging
import socket
from pathlib import Path

from nosedive.core.atomic import write_atomic

PORT_FILE = "port"
log = logging.getLogger("nosedive.node")


def remembered(data: Path) -> int | None:
    """The port remembered in *data*, or None (never started, or the file is not a port)."""
    try:
        text = (data / PORT_FILE).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and 0 < int(text) < 65536 else None


def remember(data: Path, port: int) -> None:
    if port and port != remembered(data):
        write_atomic(data / PORT_FILE, f"{port}\n".encode("ascii"))


def free(host: str, port: int) -> bool:
    """Whether *port* on *host* can be listened on now (another node or program may hold it)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the node's listener does
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def choose(data: Path, host: str) -> int:
    """The remembered port if it is free, else 0 (any free port), with a log line saying why."""
    port = remembered(data)
    if port is None:
        return 0
    if free(host, port):
        return port
    log.warning("port %d (remembered in %s) is taken by another program; listening on a free one instead, "
                "so addresses typed before must be typed again", port, data / PORT_FILE)
    return 0
