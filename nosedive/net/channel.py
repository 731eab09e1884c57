"""The sealed half of a session: every frame after the two hellos, in both directions.

Each direction has its own key and counter (:class:`~nosedive.net.crypto.Sealer`,
:class:`~nosedive.net.crypto.Opener`); sealing happens in write order, so a frame may be dropped
or reordered only before it is sealed. A frame that does not open ends the session at once with
no reply; the very first one failing means a wrong code (or secret), which costs the peer a try.
"""
from __future__ import annotations

from nosedive.net.crypto import Opener, Sealer, SealError, SessionKeys
from nosedive.net.events import Send
from nosedive.net.frames import KIND_SEALED, encode_frame, split_frames
from nosedive.net.state import Refused


class Channel:
    """Keyless until :meth:`key` is called with the session keys the hellos gave."""

    def __init__(self) -> None:
        self._sealer: Sealer | None = None
        self._opener: Opener | None = None
        self.opened_any = False  # has a sealed frame from the peer opened yet?

    @property
    def keyed(self) -> bool:
        return self._opener is not None

    def key(self, keys: SessionKeys) -> None:
        self._sealer, self._opener = Sealer(keys.send), Opener(keys.receive)

    def wire(self, send: Send) -> bytes:
        """The bytes to write for *send*, called in write order: sealed unless it is a cleartext frame."""
        if send.clear:
            return send.data
        if self._sealer is None:
            raise RuntimeError("a sealed frame before the session keys exist")
        return b"".join(encode_frame(KIND_SEALED, self._sealer.seal(frame)) for frame in split_frames(send.data))

    def open(self, kind: int, body: bytes) -> bytes:
        """The inner frame of a sealed frame from the peer; raises SealError, or Refused for cleartext."""
        assert self._opener is not None
        if kind != KIND_SEALED:
            raise Refused("a cleartext frame after the hellos", "bad-seal", silent=True)
        plain = self._opener.open(body)
        self.opened_any = True
        return plain


__all__ = ["Channel", "SealError"]
