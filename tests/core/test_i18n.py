"""The engine's catalogue: the system's language is followed, every marked sentence is translated, and the
committed .mo is what the .po compiles to."""
from __future__ import annotations

import gettext
import importlib.util
import io
import string
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from nosedive.core import assets, i18n
from nosedive.core.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def english_after() -> Iterator[None]:
    yield
    i18n.use("en")


def catalogue_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogue", str(assets.resource("locale/catalogue.py")))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANG": "C"}, "en"),
    ({}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANGUAGE": "de:zh_CN", "LANG": "C"}, "zh_CN"),
    ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_ALL": "zh_SG.UTF-8"}, "zh_CN"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
])
def test_the_system_language_is_followed(environ: dict[str, str], expected: str) -> None:
    assert i18n.system_language(environ) == expected


def test_switching_and_refusing(english_after: None) -> None:
    assert i18n.use("zh_CN") == "zh_CN" and i18n._("Doors:") == "特权："
    assert i18n.use("en") == "en" and i18n._("Doors:") == "Doors:"
    with pytest.raises(UsageError, match="no translation for 'xx'"):
        i18n.use("xx")
    assert i18n.in_every_language("facilitator") == {"facilitator", "主持人"}


def test_every_marked_sentence_is_translated_with_the_same_blanks() -> None:
    tool = catalogue_tool()
    marked = tool.extract(ROOT / "nosedive")
    po = tool.read_po(ROOT / "resources/locale/zh_CN/LC_MESSAGES/nosedive.po")
    missing = [msgid for msgid in marked if not po.get(msgid)]
    assert missing == [], "run: python resources/locale/catalogue.py, then translate these in the .po"
    blanks = string.Formatter()
    for msgid in marked:
        assert sorted(f for _, f, _, _ in blanks.parse(msgid) if f) == sorted(
            f for _, f, _, _ in blanks.parse(po[msgid]) if f), msgid
    assert len(marked) > 90


def test_the_committed_mo_is_the_po_compiled() -> None:
    tool = catalogue_tool()
    po = tool.read_po(ROOT / "resources/locale/zh_CN/LC_MESSAGES/nosedive.po")
    compiled = assets.read_bytes("locale/zh_CN/LC_MESSAGES/nosedive.mo")
    assert compiled == tool.mo_bytes(po)
    read_back = gettext.GNUTranslations(io.BytesIO(compiled))
    assert all(read_back.gettext(msgid) == msgstr for msgid, msgstr in po.items())
