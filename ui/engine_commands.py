"""The window's commands as names, run against the node wherever it runs: Qt-free.

The bridge sends ``("rate", (key, stars, note))``; on the node's loop (its thread, or the engine
process) :func:`run` calls the node's command of that name, or a facade part's coroutine
(``"debriefs.what_if"``). A command with a *reply* posts its result under that signal's name (the
bridge emits it); a refusal (``NosediveError``) goes to *refused* when the command names one, else
it is raised and the bridge turns it into its ``error`` signal. A new bridge command is one line in
the bridge (``self._call("name", *args, reply="signal")``) and, if it is neither a node command
nor a part's, a name here.
"""
from __future__ import annotations

from collections.abc import Sequence

from nosedive.core.errors import NosediveError
from nosedive.node.node import Node

from .engine_hooks import Post

NODE_COMMANDS = frozenset({
    "rate", "befriend", "admit", "expel", "set_profile", "join_room", "join_with_code", "create_room", "add_peer",
    "start_round", "pause_round", "resume_round", "end_round", "announce", "change_policy",
    "report", "appeal", "confirm", "rule",
})
NODE_PARTS = frozenset({"debriefs", "groups"})  # facade attributes of the node whose public coroutines the window may call


async def run(node: Node, name: str, args: Sequence[object], post: Post, reply: str | None = None,
              refused: str | None = None) -> None:
    """Run the command *name* with *args* on *node*; a result goes out through *post* as *reply*."""
    head, _, method = name.partition(".")
    if not (name in NODE_COMMANDS or (head in NODE_PARTS and method.isidentifier() and not method.startswith("_"))):
        raise NosediveError(f"the engine has no command {name!r}")
    target = getattr(getattr(node, head), method) if method else getattr(node, name)
    try:
        result = await target(*args)
    except NosediveError as exc:
        if refused is None:
            raise
        post(refused, str(exc))
        return
    if reply is not None:
        post(reply, result)
