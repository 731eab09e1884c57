"""Length-prefixed frames: ``length (4 bytes, big-endian) || kind (1 byte) || body``.

The length counts kind + body and is checked against :data:`MAX_FRAME` as soon
as its 4 bytes arrive — before anything is allocated for the body — so a peer
cannot make us buffer more than one maximum frame.

After the hellos every frame on the wire is of kind :data:`KIND_SEALED`: its
body is one whole *inner* frame (control, messages or fork proof, encoded the
same way), sealed. An inner frame's body is therefore at most
:data:`MAX_BODY` bytes, so that the sealed frame around it fits in
:data:`MAX_FRAME`.
"""
from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import Any

import orjson

from nosedive.core.errors import MalformedError, OversizeError
from nosedive.core.messages import MAX_RAW_BYTES

MAX_FRAME = 1 << 20  # 1 MiB: a batch of messages, or one control object
KIND_CONTROL = 1  # a JSON object with a "t" (type) field
KIND_MESSAGES = 2  # a batch of raw signed messages, each length-prefixed
KIND_FORK = 3  # a fork proof: two raw signed messages
KIND_SEALED = 4  # an inner frame, sealed (nosedive.net.crypto.Sealer): everything after the hellos
INNER_KINDS = frozenset({KIND_CONTROL, KIND_MESSAGES, KIND_FORK})
KINDS = INNER_KINDS | {KIND_SEALED}
SEAL_TAG_BYTES = 16  # the AEAD tag (nosedive.net.crypto.TAG_BYTES)
MAX_INNER = MAX_FRAME - 1 - SEAL_TAG_BYTES  # bytes of one whole inner frame, header included
MAX_BODY = MAX_INNER - 5  # body of an inner frame
_LENGTH = struct.Struct(">I")


class FrameError(MalformedError):
    """A frame that breaks the framing rules; the connection cannot continue."""

    code = "bad-frame"


def encode_frame(kind: int, body: bytes) -> bytes:
    if kind not in KINDS:
        raise ValueError(f"unknown frame kind {kind}")
    limit = MAX_FRAME - 1 if kind == KIND_SEALED else MAX_BODY
    if len(body) > limit:
        raise OversizeError(f"frame body of {len(body)} bytes exceeds {limit}")
    return _LENGTH.pack(1 + len(body)) + bytes((kind,)) + body


def parse_inner(plain: bytes) -> tuple[int, bytes]:
    """The one inner frame an opened sealed frame must hold, as ``(kind, body)``."""
    if len(plain) < 5:
        raise FrameError("a sealed frame holds less than a frame")
    (length,) = _LENGTH.unpack_from(plain, 0)
    if length != len(plain) - 4:
        raise FrameError("a sealed frame must hold exactly one whole frame")
    kind = plain[4]
    if kind not in INNER_KINDS:
        raise FrameError(f"frame kind {kind} cannot be sealed")
    return kind, plain[5:]


def split_frames(data: bytes) -> list[bytes]:
    """Our own whole frames, one by one (for sealing each)."""
    frames, offset = [], 0
    while offset < len(data):
        (length,) = _LENGTH.unpack_from(data, offset)
        frames.append(data[offset:offset + 4 + length])
        offset += 4 + length
    return frames


def control(value: dict[str, Any]) -> bytes:
    return encode_frame(KIND_CONTROL, orjson.dumps(value))


def parse_control(body: bytes) -> dict[str, Any]:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise FrameError(f"control frame is not JSON: {exc}") from None
    if not isinstance(value, dict) or not isinstance(value.get("t"), str):
        raise FrameError("control frame must be an object with a string 't'")
    return value


def pack_messages(raws: Iterable[bytes]) -> bytes:
    return b"".join(_LENGTH.pack(len(raw)) + raw for raw in raws)


def message_batches(raws: Iterable[bytes], limit: int = MAX_BODY) -> Iterable[bytes]:
    """Frames of KIND_MESSAGES, each as full as the frame limit allows."""
    batch: list[bytes] = []
    size = 0
    for raw in raws:
        if batch and size + 4 + len(raw) > limit:
            yield encode_frame(KIND_MESSAGES, pack_messages(batch))
            batch, size = [], 0
        batch.append(raw)
        size += 4 + len(raw)
    if batch:
        yield encode_frame(KIND_MESSAGES, pack_messages(batch))


def unpack_messages(body: bytes) -> list[bytes]:
    raws, offset = [], 0
    while offset < len(body):
        if offset + 4 > len(body):
            raise FrameError("message batch ends inside a length prefix")
        (size,) = _LENGTH.unpack_from(body, offset)
        if size == 0 or size > MAX_RAW_BYTES:
            raise FrameError(f"message of {size} bytes in a batch; the limit is {MAX_RAW_BYTES}")
        if offset + 4 + size > len(body):
            raise FrameError("message batch is truncated")
        raws.append(body[offset + 4: offset + 4 + size])
        offset += 4 + size
    return raws


class FrameDecoder:
    """Bytes in, ``(kind, body)`` frames out. Bounded: at most one frame is buffered."""

    def __init__(self, max_frame: int = MAX_FRAME) -> None:
        self.max_frame = max_frame
        self._buffer = bytearray()

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    def feed(self, data: bytes) -> list[tuple[int, bytes]]:
        self._buffer += data
        frames = []
        while len(self._buffer) >= 4:
            (length,) = _LENGTH.unpack_from(self._buffer, 0)
            if length == 0 or length > self.max_frame:
                raise FrameError(f"frame length {length} is outside 1..{self.max_frame}")
            if len(self._buffer) < 4 + length:
                break
            kind = self._buffer[4]
            if kind not in KINDS:
                raise FrameError(f"unknown frame kind {kind}")
            frames.append((kind, bytes(self._buffer[5:4 + length])))
            del self._buffer[:4 + length]
        return frames
