"""The engine's gettext catalogue: extract, merge and compile, in stdlib Python (no Babel, no GNU gettext).

``python resources/locale/catalogue.py`` finds every ``_("…")`` and ``N_("…")`` with a literal
in ``nosedive/`` (and every ``_("…")`` in the Jinja templates under ``resources/``: the debrief's
report), adds the new ones to each ``<lang>/LC_MESSAGES/nosedive.po`` (untranslated),
drops those no longer used, and writes the ``.mo`` beside it. The ``.mo`` is committed so an
install needs no tool; ``tests/core/test_i18n.py`` fails when it is stale or a sentence is missing.
"""
from __future__ import annotations

import ast
import re
import struct
import sys
from pathlib import Path

MARKERS = ("_", "N_")
TEMPLATE_CALL = re.compile(r"""\b_\(("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\)""")  # {{ _("…") }} in a .j2
HERE = Path(__file__).resolve().parent


def extract(root: Path) -> list[str]:
    """Every literal marked for translation under *root*, in first-seen order (files sorted)."""
    found: dict[str, None] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
                    and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, None)
    templates = root.parent / "resources"  # the templates beside the package (none in a bare copy of it)
    for path in sorted(templates.rglob("*.j2")) if templates.is_dir() else []:
        for literal in TEMPLATE_CALL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(ast.literal_eval(literal), None)
    return list(found)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po written by :func:`write_po` (one line each; the header is skipped)."""
    entries: dict[str, str] = {}
    msgid: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.startswith("msgid "):
            msgid = ast.literal_eval(line[6:])
        elif line.startswith("msgstr ") and msgid is not None:
            if msgid:
                entries[msgid] = ast.literal_eval(line[7:])
            msgid = None
    return entries


def write_po(path: Path, language: str, entries: dict[str, str]) -> None:
    lines = ['msgid ""', 'msgstr ""', f'"Language: {language}\\n"', '"MIME-Version: 1.0\\n"',
             '"Content-Type: text/plain; charset=UTF-8\\n"', '"Content-Transfer-Encoding: 8bit\\n"', ""]
    for msgid, msgstr in entries.items():
        lines += [f"msgid {_quote(msgid)}", f"msgstr {_quote(msgstr)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def mo_bytes(entries: dict[str, str]) -> bytes:
    """The GNU .mo for *entries* (translated ones only), keys sorted as gettext expects."""
    pairs = sorted([(b"", b"Content-Type: text/plain; charset=UTF-8\n")]
                   + [(k.encode(), v.encode()) for k, v in entries.items() if v])
    count = len(pairs)
    ids_at, strs_at = 28, 28 + 8 * count
    data_at = strs_at + 8 * count
    ids, strs, blob = [], [], b""
    for key, _value in pairs:
        ids.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for _key, value in pairs:
        strs.append((len(value), data_at + len(blob)))
        blob += value + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, count, ids_at, strs_at, 0, 0)
    table = b"".join(struct.pack("<2I", *pair) for pair in ids + strs)
    return head + table + blob


def update(language: str, sources: Path) -> dict[str, str]:
    folder = HERE / language / "LC_MESSAGES"
    known = read_po(folder / "nosedive.po")
    entries = {msgid: known.get(msgid, "") for msgid in extract(sources)}
    write_po(folder / "nosedive.po", language, entries)
    (folder / "nosedive.mo").write_bytes(mo_bytes(entries))
    return entries


if __name__ == "__main__":
    for lang in sys.argv[1:] or ["zh_CN"]:
        done = update(lang, HERE.parent.parent / "nosedive")
        missing = sum(1 for value in done.values() if not value)
        print(f"{lang}: {len(done)} sentences, {missing} not yet translated")
