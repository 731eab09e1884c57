"""One exception family for everything that comes in from outside.

Every error names what was wrong in words a facilitator can act on. Code that
handles input catches :class:`NosediveError` and keeps serving everyone else.
"""
from __future__ import annotations


class NosediveError(Exception):
    """Base of every error Nosedive raises about bad input or state."""

    code = "error"


class MalformedError(NosediveError):
    """Bytes that are not a well-formed Nosedive message (or frame, or file)."""

    code = "malformed"


class OversizeError(MalformedError):
    code = "oversize"


class NonCanonicalError(MalformedError):
    """The bytes parse, but are not the canonical encoding of what they hold."""

    code = "non-canonical"


class WeakKeyError(NosediveError):
    """A public key that is small-order, non-canonical or not on the curve."""

    code = "weak-key"


class BadSignatureError(NosediveError):
    code = "bad-signature"


class WrongRoomError(NosediveError):
    code = "wrong-room"


class UnknownRoomError(NosediveError):
    code = "unknown-room"


class SeqGapError(NosediveError):
    """The message is ahead of what we hold of its author's chain."""

    code = "seq-gap"


class PrevMismatchError(NosediveError):
    code = "prev-mismatch"


class ForkError(NosediveError):
    """Two valid messages by one author with one seq: the author equivocated."""

    code = "fork"


class StarsOutOfRangeError(NosediveError):
    code = "stars-out-of-range"


class SelfRatingError(NosediveError):
    code = "self-rating"


class FutureTimestampError(NosediveError):
    code = "future-timestamp"


class NotFacilitatorError(NosediveError):
    code = "not-facilitator"


class IdentityError(NosediveError):
    """The identity key file is missing, unreadable or corrupt."""

    code = "identity"


class UsageError(NosediveError):
    """A command-line argument that does not make sense."""

    code = "usage"


class StorageError(NosediveError):
    """A write to this machine's disk failed; what was there before is still there."""

    code = "storage"


class DiskFullError(StorageError):
    """The disk (or the data directory's quota) is full."""

    code = "disk-full"


class DataDirInUseError(NosediveError):
    """Another Nosedive process holds the data directory's lock."""

    code = "data-dir-in-use"
