"""My own messages kept unsigned: made while this machine could not yet know my chain's head.

A machine restored from a backup holds fewer of my messages than the room. Signing "my next
message" there signs a second message at a seq the room already holds: a fork, and all I sign
from there counts for nothing. So the node (:mod:`nosedive.node.own_chain`) keeps what I do
before my head is confirmed here in this table (schema version 3): durable (fsynced), unsigned,
in order. It signs the rows once it may, each as my next message, signing and deleting the row
in one write transaction — a crash or a full disk never signs one twice and never loses one.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nosedive.core import messages as msgs
from nosedive.core.bodies import check_body
from nosedive.core.errors import NosediveError
from nosedive.core.i18n import _
from nosedive.core.identity import Identity
from nosedive.core.messages import Message
from nosedive.ledger import chain
from nosedive.ledger.records import IngestReport
from nosedive.ledger.store import Ledger


@dataclass(frozen=True)
class Unsigned:
    """One kept message: what it will say, and when it was made (by the clock then)."""

    number: int
    room: str
    type: str
    body: dict[str, Any]
    ts: int


class Outbox:
    """The ``unsigned`` table of one ledger (this module reaches into the ledger's write transaction)."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    def keep(self, author: str, room: str, type_: str, body: Mapping[str, Any], ts: int) -> Unsigned:
        """Keep a message to sign later; on disk when this returns. Refuses now what could never be signed."""
        check_body(type_, dict(body), author)
        self._ledger._creator_of_known(room)
        encoded = json.dumps(dict(body), sort_keys=True, ensure_ascii=False).encode()
        with self._ledger._writing(durable=True):
            cursor = self._ledger._conn.execute(
                "INSERT INTO unsigned (room, author, type, body, ts) VALUES (?,?,?,?,?)",
                (room, author, type_, encoded, ts))
        return Unsigned(cursor.lastrowid or 0, room, type_, dict(body), ts)

    def waiting(self, author: str, room: str) -> list[Unsigned]:
        """What *author* keeps unsigned in *room*, oldest first."""
        rows = self._ledger._conn.execute(
            "SELECT rowid, room, type, body, ts FROM unsigned WHERE room=? AND author=? ORDER BY rowid",
            (room, author))
        return [Unsigned(number, room_, type_, json.loads(body), ts) for number, room_, type_, body, ts in rows]

    def count(self, author: str, room: str) -> int:
        return int(self._ledger._conn.execute(
            "SELECT count(*) FROM unsigned WHERE room=? AND author=?", (room, author)).fetchone()[0])

    def sign_oldest(self, identity: Identity, room: str, *, now: int) -> Message | None:
        """Sign the oldest kept message as my next one and delete its row, in one transaction.

        It is dated when it was made, or *now* if that was later (a clock set back meanwhile).
        A row that can no longer be signed (its type now refused, say) is dropped and the reason
        raised, so it never blocks the ones behind it."""
        ledger, me = self._ledger, identity.public_hex
        ledger._creator_of_known(room)
        dropped: NosediveError | None = None
        with ledger._writing(durable=True):
            row = ledger._conn.execute("SELECT rowid, type, body, ts FROM unsigned WHERE room=? AND author=? "
                                       "ORDER BY rowid LIMIT 1", (room, me)).fetchone()
            if row is None:
                return None
            number, type_, body, made = row
            ledger._conn.execute("DELETE FROM unsigned WHERE rowid=?", (number,))
            try:
                seq, prev = chain.next_link(ledger._cache.stored_head(room, me))
                message = msgs.create(identity, room=room, seq=seq, prev=prev, type=type_, body=json.loads(body),
                                      ts=min(made, now))
                chain.check_may_post(message.type, me, ledger._cache.rooms.get(room))
                report = IngestReport()
                ledger._writer.store(message, report)
                ledger._writer.release_followers(message, report, now)
            except (NosediveError, ValueError) as exc:
                dropped = exc if isinstance(exc, NosediveError) else NosediveError(
                    _("a kept message is damaged ({reason}); it was dropped").format(reason=exc))
        if dropped is not None:
            raise dropped
        return message
