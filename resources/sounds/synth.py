"""Make the app's sounds (CC0): ``python resources/sounds/synth.py`` rewrites the WAVs beside it.

Standard library only; the samples are rounded to 16 bits, so the script gives the same bytes again
(``tests/ui/test_sound.py`` checks the committed WAVs against it). Nothing is sampled or downloaded:
each sound is a sum of decaying sine partials, like a small bell.
"""
from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22_050  # Hz, mono, 16-bit: small files, plenty for a chime
# The rating chime: one note per star count, up the C major pentatonic scale (E4 G4 C5 E5 A5),
# so a 1-star rating sounds low and dull and a 5-star one high and bright.
CHIME_HZ = {1: 329.63, 2: 392.00, 3: 523.25, 4: 659.25, 5: 880.00}


def _bell(freq: float, start: float, length: float, brightness: float) -> list[tuple[float, float, float, float]]:
    """Partials (frequency, start, length, amplitude) of one bell-like note."""
    return [(freq, start, length, 1.0), (freq * 2.0, start, length * 0.6, 0.35 * brightness),
            (freq * 3.01, start, length * 0.35, 0.15 * brightness)]


def render(partials: list[tuple[float, float, float, float]], seconds: float) -> bytes:
    frames = int(RATE * seconds)
    out = bytearray()
    for n in range(frames):
        t = n / RATE
        value = 0.0
        for freq, start, length, amp in partials:
            if start <= t < start + length:
                local = t - start
                attack = min(1.0, local / 0.004)  # 4 ms fade-in: no click
                value += amp * attack * math.exp(-5.0 * local / length) * math.sin(2 * math.pi * freq * local)
        sample = round(max(-1.0, min(1.0, value * 0.35)) * 32767)
        out += struct.pack("<h", sample)
    return bytes(out)


def sounds() -> dict[str, bytes]:
    made = {f"chime-{stars}": render(_bell(freq, 0.0, 0.9, 0.3 + 0.2 * stars), 0.9)
            for stars, freq in CHIME_HZ.items()}
    # A door opening rises (G4 then C5); closing falls, lower and duller (E4 then A3).
    made["door-open"] = render(_bell(392.0, 0.0, 0.35, 0.6) + _bell(523.25, 0.14, 0.55, 0.6), 0.7)
    made["door-closed"] = render(_bell(329.63, 0.0, 0.35, 0.2) + _bell(220.0, 0.14, 0.6, 0.2), 0.75)
    return made


def wav_bytes(pcm: bytes) -> bytes:
    import io

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)
    return buffer.getvalue()


def main(folder: Path) -> None:
    for name, pcm in sounds().items():
        (folder / f"{name}.wav").write_bytes(wav_bytes(pcm))
        print(f"wrote {folder / name}.wav")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
