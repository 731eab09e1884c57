"""One Ed25519 key per person, created on first use, readable by its owner only."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nosedive.core.errors import IdentityError
from nosedive.core.keys import fingerprint

_OWNER_ONLY = 0o600


@dataclass(frozen=True)
class Identity:
    """A person's signing key. ``repr`` never shows the private key."""

    private_key: Ed25519PrivateKey = field(repr=False)
    public_hex: str

    @classmethod
    def generate(cls) -> Identity:
        return cls.from_private_key(Ed25519PrivateKey.generate())

    @classmethod
    def from_private_key(cls, key: Ed25519PrivateKey) -> Identity:
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return cls(private_key=key, public_hex=raw.hex())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_hex)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def load_or_create(path: Path) -> Identity:
    """Load the identity at *path*, creating it (mode 0600) if absent."""
    if not path.exists():
        identity = Identity.generate()
        _write_new(path, identity)
        return identity
    return load(path)


def load(path: Path) -> Identity:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IdentityError(f"cannot read identity key {path}: {exc.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise IdentityError(
            f"identity key {path} is corrupt; move it away to start as a new person"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise IdentityError(f"identity key {path} is not an Ed25519 key")
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, _OWNER_ONLY)  # tighten a key someone copied with loose permissions
    return Identity.from_private_key(key)


def _write_new(path: Path, identity: Identity) -> None:
    pem = identity.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _OWNER_ONLY)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
