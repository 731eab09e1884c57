"""The window's commands as names, run against the node wherever it runs: Qt-free.

The bridge sends ``("rate", (key, stars, note))``; on the node's loop (its thread, or the engine
process) :func:`run` calls the node's command of that name (or a facade part's: ``"debriefs.what_if"``),
or gathers the debrief. A command with a *reply* posts its result under that signal's name (the
bridge emits it); a failure is raised, and the bridge turns it into its ``error`` signal. A new
bridge command is one line in the bridge (``self._call("name", *args, reply="signal")``) and, if
it is neither a node command nor a part's, a name here.
"""
from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from nosedive.core.errors import NosediveError
from nosedive.debrief import DebriefData, collect, export
from nosedive.node.node import Node

from .engine_hooks import Post

NODE_COMMANDS = frozenset({
    "rate", "befriend", "admit", "expel", "set_profile", "join_room", "join_with_code", "create_room", "add_peer",
    "start_round", "pause_round", "resume_round", "end_round", "announce", "change_policy",
    "report", "appeal", "confirm", "rule",
})
NODE_PARTS = frozenset({"debriefs"})  # facade attributes of the node whose public coroutines the window may call


async def run(node: Node, name: str, args: Sequence[object], post: Post, reply: str | None = None) -> None:
    """Run the command *name* with *args* on *node*; a result goes out through *post* as *reply*."""
    head, _, method = name.partition(".")
    if name in NODE_COMMANDS or (head in NODE_PARTS and method.isidentifier() and not method.startswith("_")):
        target = getattr(getattr(node, head), method) if method else getattr(node, name)
        result = await target(*args)
        if reply is not None:
            post(reply, result)
    elif name == "request_debrief":  # it reads the ledger: here, never in the window
        post("debrief", gather(node))
    elif name == "export_debrief":  # gathered on the loop, written off it (charts take a moment)
        folder = args[0]
        assert isinstance(folder, Path)
        data = gather(node)
        post("debrief_exported", await asyncio.to_thread(export, data, folder))
    else:
        raise NosediveError(f"the engine has no command {name!r}")


def gather(node: Node) -> DebriefData:
    if node.room_id is None:
        raise NosediveError("no room yet: join or create one first")
    return collect(node.ledger, node.room_id)
