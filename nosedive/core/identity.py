"""One Ed25519 key per person, created on first use, readable by its owner only.

The key is written atomically (never a half-written file) and a file that does not load is
reported, never overwritten.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nosedive.core.atomic import write_atomic
from nosedive.core.errors import IdentityError
from nosedive.core.i18n import _
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
    """Load the identity at *path*; create it (mode 0600, atomically) only when no file is there.

    A file that is there but does not load raises :class:`IdentityError` and is never replaced:
    it may be the only copy of someone's identity.
    """
    if not path.exists():
        identity = Identity.generate()
        try:
            write_atomic(path, _pem(identity), mode=_OWNER_ONLY, replace=False)
        except FileExistsError:
            return load(path)  # another process created it a moment ago: use theirs
        return identity
    return load(path)


def load(path: Path) -> Identity:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IdentityError(_("cannot read identity key {path}: {reason}; nothing was changed. "
                              "Make the file readable by you, or use --data DIR").format(
            path=path, reason=exc.strerror)) from None
    if not data.strip():
        raise IdentityError(_damaged(path, "is empty (0 bytes), left by a write that never finished "
                                           "(a full disk?)"))
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise IdentityError(_damaged(path, "is corrupt (not a private key)")) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise IdentityError(_damaged(path, "is not an Ed25519 key"))
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, _OWNER_ONLY)  # tighten a key someone copied with loose permissions
    return Identity.from_private_key(key)


def _damaged(path: Path, what: str) -> str:
    # Never "move it away" first: that throws the person's identity (and every rating of theirs) away.
    return (f"identity key {path} {what}; Nosedive changed nothing. Put back your copy of this file from a "
            "backup or another machine; only if you have none, rename it and Nosedive will make a new identity")


def _pem(identity: Identity) -> bytes:
    return identity.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
