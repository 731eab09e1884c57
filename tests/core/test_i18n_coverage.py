"""Every sentence the engine shows a person goes through the catalogue, and the checks that say so really fail.

Two static scans of ``nosedive/`` (ast, no import): every ``_("…")``/``N_("…")`` has a zh_CN translation
(``tests/core/test_i18n.py`` holds the same for the committed tree), and no literal sentence reaches a
person unwrapped — the message of a raised :class:`NosediveError` (or any subclass in the engine), a
``NodeError`` event's text (the app's status bar) or a ``print`` (the CLI). What must stay English has
its reason in :data:`ALLOWED` or :data:`WIRE_MODULES`. A third scan refuses a function that calls ``_()``
and also binds ``_`` (``for _, x in …``): the call would hit the loop variable.
"""
from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from .test_i18n import catalogue_tool

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "resources/locale/zh_CN/LC_MESSAGES/nosedive.po"
WORD = re.compile(r"[A-Za-z]{2,}")
SINKS = {"print": 0, "NodeError": 0, "_fail": 1}  # callable -> the argument that is shown (policy's _fail: the text)

# Modules whose error texts are the protocol's: sent to the peer in an ``error`` frame or logged about a
# peer's bytes, never shown as they are. The node says what to do in its own (translated) words by the
# error's code (node/keyring.py), and a peer's text is never looked up in our catalogue.
WIRE_MODULES = {
    "nosedive/net/handshake.py", "nosedive/net/session.py", "nosedive/net/frames.py", "nosedive/net/crypto.py",
    "nosedive/net/channel.py", "nosedive/net/sync.py", "nosedive/net/face.py", "nosedive/net/discovery.py",
    "nosedive/net/state.py", "nosedive/net/limits.py", "nosedive/net/throttle.py",
    "nosedive/net/plumtree.py", "nosedive/net/gossip.py",  # the tree's and the peers frames' refusals
    # The signed message's own format checks (docs/protocol.md): what a peer's bytes got wrong, logged and
    # counted for whoever diagnoses the room. A person's own input never reaches them: it is checked in
    # their words first (core/text.py, core/bodies, the CLI and the node).
    "nosedive/core/messages.py", "nosedive/core/encoding.py",
}
# (module, the literal's start) -> why it stays as it is
ALLOWED = {
    ("nosedive/cli/node.py", "node "): "scripts read this line (tests/net/test_netns.py, benchmarks): the same in "
                                       "every language",
    ("nosedive/cli/node.py", "join code "): "scripts read this line (tests/net/test_netns.py): the same in every "
                                            "language",
    ("nosedive/cli/command.py", "nosedive: "): "the program's name before a message that is itself translated",
    ("nosedive/core/i18n.py", "no translation for "): "raised while the language is being chosen: no catalogue is "
                                                      "in use yet, and English is what every reader can match",
}


def nosedive_errors(root: Path) -> set[str]:
    """Names of NosediveError and every class in *root* that derives from it (by name, transitively)."""
    bases: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(
                    b.id if isinstance(b, ast.Name) else b.attr for b in node.bases
                    if isinstance(b, (ast.Name, ast.Attribute)))
    found = {"NosediveError"}
    while grown := {name for name, parents in bases.items() if parents & found} - found:
        found |= grown
    return found


def literal_text(node: ast.expr) -> str | None:
    """The literal words of an argument that is (or starts from) a string literal; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return literal_text(node.func.value) if node.func.attr == "format" else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [literal_text(node.left), literal_text(node.right)]
        return "".join(p for p in parts if p) if any(p is not None for p in parts) else None
    if isinstance(node, ast.IfExp):
        parts = [literal_text(node.body), literal_text(node.orelse)]
        return " ".join(p for p in parts if p) if any(p is not None for p in parts) else None
    return None


def unwrapped(root: Path) -> Iterator[tuple[str, int, str]]:
    """(module, line, words) for each literal sentence given to a sink without ``_()``, minus what is allowed."""
    errors = nosedive_errors(root)
    for path in sorted(root.rglob("*.py")):
        where = f"nosedive/{path.relative_to(root).as_posix()}"
        if where in WIRE_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in SINKS and name not in errors:
                continue
            shown = SINKS.get(name, 0)
            text = literal_text(node.args[shown]) if len(node.args) > shown else None
            if text is None or not WORD.search(text):
                continue
            if not any(module == where and text.startswith(start) for module, start in ALLOWED):
                yield where, node.lineno, text


def shadowed(root: Path) -> Iterator[tuple[str, int]]:
    """(module, line) of each function that calls ``_()`` and binds ``_`` itself (comprehensions have their own
    scope and are fine)."""
    for path in sorted(root.rglob("*.py")):
        for func in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            calls = binds = False
            todo: list[ast.AST] = list(func.body)
            while todo:
                node = todo.pop()
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp,
                                     ast.DictComp, ast.GeneratorExp, ast.ClassDef)):
                    continue  # a scope of its own
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
                    calls = True
                if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                    binds = True
                todo.extend(ast.iter_child_nodes(node))
            if calls and binds:
                yield f"nosedive/{path.relative_to(root).as_posix()}", func.lineno


def untranslated(root: Path, po: Path) -> list[str]:
    tool = catalogue_tool()
    known = tool.read_po(po)
    return [msgid for msgid in tool.extract(root) if not known.get(msgid)]


def test_no_sentence_reaches_a_person_unwrapped() -> None:
    left = list(unwrapped(ROOT / "nosedive"))
    assert left == [], "wrap these in _() (nosedive.core.i18n) and translate them, or allow one with its reason:\n" + \
        "\n".join(f"{where}:{line}: {text!r}" for where, line, text in left)


def test_no_function_calls_the_translator_after_hiding_it() -> None:
    assert list(shadowed(ROOT / "nosedive")) == []


def test_every_allowed_exception_still_exists() -> None:
    """An allow-list entry nobody needs any more is removed, not kept as a blank cheque."""
    for module, start in ALLOWED:
        assert start in (ROOT / module).read_text(encoding="utf-8"), (module, start)
    assert all((ROOT / module).exists() for module in WIRE_MODULES)


def test_the_scans_fail_on_a_missing_translation_and_an_unwrapped_sentence(tmp_path: Path) -> None:
    """A copy of the real engine and catalogue, broken three ways: each check names exactly what broke."""
    engine = tmp_path / "nosedive"
    shutil.copytree(ROOT / "nosedive", engine, ignore=shutil.ignore_patterns("__pycache__"))
    po = tmp_path / "nosedive.po"
    shutil.copy(PO, po)
    assert untranslated(engine, po) == [] or untranslated(engine, po) == untranslated(ROOT / "nosedive", PO)
    baseline = set(untranslated(engine, po))

    tool = catalogue_tool()
    entries = tool.read_po(po)
    dropped = "you cannot rate yourself"
    assert entries.pop(dropped)
    tool.write_po(po, "zh_CN", entries)  # a translation went missing from the catalogue
    wall = engine / "room" / "wall.py"
    wall.write_text(wall.read_text(encoding="utf-8") + '\n\ndef _new() -> str:\n    return _("A sentence nobody '
                    'translated")\n', encoding="utf-8")  # a new sentence, marked but never translated
    assert set(untranslated(engine, po)) - baseline == {dropped, "A sentence nobody translated"}

    before = {(where, text) for where, _line, text in unwrapped(engine)}
    core = engine / "cli" / "core.py"
    core.write_text(core.read_text(encoding="utf-8") + '\n\ndef _loud(n: int) -> None:\n    print(f"{n} people '
                    'left")\n    raise UsageError("this is not translated")\n', encoding="utf-8")
    keyring = engine / "node" / "keyring.py"
    keyring.write_text(keyring.read_text(encoding="utf-8").replace(
        '_("this machine does not hold this room\'s secret', '("this machine does not hold this room\'s secret'),
        encoding="utf-8")
    clock = engine / "node" / "clock.py"  # a subclass of NosediveError defined outside core/errors.py
    clock.write_text(clock.read_text(encoding="utf-8") + '\n\ndef _ahead() -> None:\n    raise ClockAheadError('
                     '"ahead " + "of the room")\n', encoding="utf-8")
    found = {(where, text) for where, _line, text in unwrapped(engine)} - before
    assert found == {("nosedive/cli/core.py", " people left"), ("nosedive/cli/core.py", "this is not translated"),
                     ("nosedive/node/keyring.py", "this machine does not hold this room's secret, so it cannot reach "
                                                  "its people: join it again with the code its facilitator shows"),
                     ("nosedive/node/clock.py", "ahead of the room")}

    assert list(shadowed(engine)) == list(shadowed(ROOT / "nosedive"))
    join = engine / "cli" / "join.py"
    join.write_text(join.read_text(encoding="utf-8").replace("done, _pending = await", "done, _ = await"),
                    encoding="utf-8")
    assert [where for where, _line in shadowed(engine)] == [*(w for w, _l in shadowed(ROOT / "nosedive")),
                                                            "nosedive/cli/join.py"]
