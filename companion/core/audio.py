"""Audio as plain data: a block of 16-bit PCM with its format, and helpers on it."""

from __future__ import annotations

import array
import math
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class AudioChunk:
    """A block of little-endian signed PCM samples."""

    pcm: bytes
    """Interleaved samples."""
    rate_hz: int
    """Samples per second per channel."""
    width_bytes: int = 2
    """Bytes per sample; the companion only makes 16-bit audio."""
    channels: int = 1
    """Interleaved channels."""

    @property
    def frames(self) -> int:
        """Samples per channel."""
        return len(self.pcm) // (self.width_bytes * self.channels)

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return self.frames / self.rate_hz

    def samples(self) -> array.array[int]:
        """The samples as a signed 16-bit array (native order is little-endian on our targets)."""
        out = array.array("h")
        out.frombytes(self.pcm)
        return out


def silence(duration_s: float, rate_hz: int) -> AudioChunk:
    """A chunk of digital silence."""
    return AudioChunk(bytes(2 * round(duration_s * rate_hz)), rate_hz)


def from_samples(samples: array.array[int] | list[int], rate_hz: int) -> AudioChunk:
    """Pack 16-bit mono samples into a chunk, clipping to the 16-bit range."""
    clipped = array.array("h", (max(-32768, min(32767, int(s))) for s in samples))
    return AudioChunk(clipped.tobytes(), rate_hz)


def concat(chunks: list[AudioChunk]) -> AudioChunk:
    """Join chunks of one format end to end."""
    if not chunks:
        raise ValueError("nothing to join")
    first = chunks[0]
    if any((c.rate_hz, c.width_bytes, c.channels) != (first.rate_hz, 2, 1) for c in chunks):
        raise ValueError("chunks differ in format")
    return AudioChunk(b"".join(c.pcm for c in chunks), first.rate_hz)


def rms_dbfs(chunk: AudioChunk) -> float:
    """Loudness as RMS in dB relative to full scale; -inf for digital silence."""
    samples = chunk.samples()
    if not samples:
        return -math.inf
    mean_square = sum(s * s for s in samples) / len(samples)
    if mean_square == 0:
        return -math.inf
    return 10 * math.log10(mean_square / 32768**2)


def without_lead_in(chunk: AudioChunk, keep_s: float = 0.01, floor: int = 200) -> AudioChunk:
    """`chunk` (16-bit mono) from `keep_s` before its first sample louder than `floor`
    (about -44 dBFS). Voices begin a render with 50-70 ms of near silence: an answer, and a
    cue placed on its phase, should sound when they start. All quiet: left as it is."""
    samples = chunk.samples()
    first = next((i for i, s in enumerate(samples) if abs(s) > floor), None)
    if first is None:
        return chunk
    start = max(0, first - round(keep_s * chunk.rate_hz))
    return AudioChunk(chunk.pcm[2 * start :], chunk.rate_hz) if start else chunk


RECENT_RENDERS = 48
"""Renders kept in memory; the rest are read back from disk (a millisecond each). Every
sentence of every script is rendered at start: kept all in memory they cost 40 MB."""


def remember(memory: OrderedDict[str, AudioChunk], text: str, chunk: AudioChunk) -> None:
    """Keep `chunk` as the most recent render, forgetting the oldest beyond RECENT_RENDERS."""
    memory[text] = chunk
    memory.move_to_end(text)
    while len(memory) > RECENT_RENDERS:
        memory.popitem(last=False)
