"""The append-only ledger: SQLite storage, the pure chain rules, and schema migrations."""
from nosedive.ledger.store import ForkProof, IngestReport, Ledger, RoomRecord

__all__ = ["ForkProof", "IngestReport", "Ledger", "RoomRecord"]
