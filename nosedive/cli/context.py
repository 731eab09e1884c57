"""What a command needs, opened lazily so ``--help`` never touches disk."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nosedive.cli.signing import ShellLedger
from nosedive.core import paths
from nosedive.core.identity import Identity, load_or_create
from nosedive.ledger import Ledger


@dataclass
class Context:
    """What a command needs, opened lazily so ``--help`` never touches disk."""

    data_arg: str | None
    _data: Path | None = field(default=None, init=False)
    _identity: Identity | None = field(default=None, init=False)
    _ledger: Ledger | None = field(default=None, init=False)

    @property
    def data(self) -> Path:
        if self._data is None:
            self._data = paths.data_dir(self.data_arg)
        return self._data

    @property
    def identity(self) -> Identity:
        if self._identity is None:
            self._identity = load_or_create(paths.key_path(self.data))
        return self._identity

    @property
    def ledger(self) -> Ledger:
        """The ledger; what a command signs is signed only as a node would (cli/signing.py)."""
        if self._ledger is None:
            ledger = ShellLedger(paths.ledger_path(self.data))
            ledger.data = self.data
            self._ledger = ledger
        return self._ledger

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
