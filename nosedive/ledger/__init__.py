"""The append-only ledger: SQLite storage, the pure chain rules, and schema migrations.

``store`` (the :class:`Ledger`) asks ``chain`` (the rules, no SQLite) where each message goes
and stores it; ``pending`` holds what arrived ahead of a gap, ``forks`` keeps fork proofs,
``cache`` remembers heads between calls, ``schema`` versions and migrates the file.
"""
from nosedive.ledger.records import ForkProof, IngestReport, RoomRecord
from nosedive.ledger.schema import LedgerFileError, SchemaVersionError
from nosedive.ledger.store import Ledger

__all__ = ["ForkProof", "IngestReport", "Ledger", "LedgerFileError", "RoomRecord", "SchemaVersionError"]
