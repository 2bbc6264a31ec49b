"""The small protocols that engines at the edge implement and the core depends on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from companion.core.audio import AudioChunk


@dataclass(frozen=True)
class Heard:
    """A recogniser's reading of one utterance."""

    text: str
    """The words it heard, in the grammar's spelling; empty when it heard no sentence."""
    confidence: float
    """0 to 1: how sure it is that these words, and not something else, were said."""
    decode_ms: float
    """Time spent decoding, for benchmarks."""


class Clock(Protocol):
    """Monotonic time in seconds; the core never reads the system clock itself."""

    def now(self) -> float:
        """Seconds since an arbitrary fixed point."""
        ...


class Synthesizer(Protocol):
    """Text to speech, rendered to memory so that it can be timed and played exactly."""

    def synthesize(self, text: str) -> AudioChunk:
        """Render one utterance."""
        ...


class AudioSink(Protocol):
    """Somewhere sound goes: a speaker, a file, a test recorder."""

    def play(self, chunk: AudioChunk) -> None:
        """Queue a chunk after whatever is playing; returns at once."""
        ...

    def stop(self) -> None:
        """Silence now and drop everything queued."""
        ...

    def drain(self, timeout_s: float) -> None:
        """Wait until everything queued has played, or `timeout_s` has passed."""
        ...


class Inbox(Protocol):
    """Where requests arrive from: typed lines or recognised speech."""

    def get(self, deadline: float | None) -> str | None:
        """The next request, or None once the clock reaches `deadline`.

        Raises EOFError when input has ended. After that it still keeps time: it returns None
        at `deadline`, or raises EOFError again when there is no deadline.
        """
        ...


class Recognizer(Protocol):
    """Speech to words, within the grammar of one dialogue context."""

    def recognize(self, chunk: AudioChunk, context: str) -> Heard:
        """What was said in one utterance (16 kHz mono 16-bit)."""
        ...
