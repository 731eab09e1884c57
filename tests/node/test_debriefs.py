"""node.debriefs: the debrief and its what-ifs, asked of a real node on a recorded classroom ledger."""
from __future__ import annotations

import asyncio
import csv
import io
import json
import threading
from pathlib import Path

import pytest

from nosedive.cli.scores import room_table
from nosedive.core import paths
from nosedive.core.errors import UsageError
from nosedive.ledger.store import Ledger
from nosedive.node import Node, NodeConfig
from tests.debrief.classroom import classroom

from .cluster import FAST


async def with_node(data: Path, ask):  # type: ignore[no-untyped-def]
    node = Node.open(NodeConfig(data_dir=data, **FAST))  # type: ignore[arg-type]
    try:
        await node.start()
        await node.ready(timeout=10)
        return await ask(node)
    finally:
        await node.stop()


def test_what_if_re_scores_off_the_loop_and_leaves_the_room_as_it_was(tmp_path: Path) -> None:
    data = tmp_path / "me"
    session = classroom(data)
    with Ledger(paths.ledger_path(data)) as ledger:
        before = room_table(ledger, session.room).hash()
        count = len(list(ledger.messages(session.room)))
    scored_on: list[str] = []

    async def ask(node: Node):  # type: ignore[no-untyped-def]
        loop = asyncio.get_running_loop()
        original = loop.run_in_executor

        def spy(executor, func, *args):  # type: ignore[no-untyped-def]
            def run():  # type: ignore[no-untyped-def]
                scored_on.append(threading.current_thread().name)
                return func(*args)
            return original(executor, run)

        loop.run_in_executor = spy  # type: ignore[method-assign]
        try:
            return await node.debriefs.what_if("sesame", ("drag",))
        finally:
            loop.run_in_executor = original  # type: ignore[method-assign]

    both = asyncio.run(with_node(data, ask))
    assert scored_on and scored_on[0] != threading.current_thread().name, "scored in the executor, not the loop"
    assert both.choice == "sesame" and both.rules_off == ("drag",)
    assert both.real.table_hash == before and both.comparison.first.hash() == before
    assert both.other.rules.startswith("Sesame") and both.other.rules.endswith("without friend drag")
    with Ledger(paths.ledger_path(data)) as ledger:
        assert room_table(ledger, session.room).hash() == before, "nothing signed, nothing stored"
        assert len(list(ledger.messages(session.room))) == count


def test_a_bad_policy_file_is_one_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "me"
    classroom(data)
    bad = tmp_path / "rules.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(UsageError, match=r"rules.json is not a JSON policy"):
        asyncio.run(with_node(data, lambda node: node.debriefs.what_if(str(bad))))


def test_the_export_carries_the_comparison_when_asked(tmp_path: Path) -> None:
    data = tmp_path / "me"
    classroom(data)
    out = tmp_path / "out"
    written = asyncio.run(with_node(data, lambda node: node.debriefs.export(out, "city", ("elite",))))
    assert (out / "comparison.csv") in written.files and (out / "comparison.png") in written.files
    rows = list(csv.DictReader(io.StringIO((out / "comparison.csv").read_text(encoding="utf-8"))))
    assert rows and {row["other_rules"] for row in rows} == {"City points (Rongcheng-like, 1000 to start) "
                                                              "without the elite's protection"}
    section = json.loads((out / "debrief.json").read_text(encoding="utf-8"))["whatif"]
    assert section["second"]["label"] == rows[0]["other_rules"]
    plain = asyncio.run(with_node(data, lambda node: node.debriefs.export(tmp_path / "plain")))
    assert not any(path.name.startswith("comparison") for path in plain.files)
