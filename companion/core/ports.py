"""The small protocols that engines at the edge implement and the core depends on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from companion.core.audio import AudioChunk
from companion.core.reminders import Reminder

if TYPE_CHECKING:
    from companion.core.intents import Intent


@dataclass(frozen=True)
class HeardWord:
    """One word of a transcript."""

    word: str
    """In the recogniser dictionary's spelling."""
    sure: float
    """0 to 1: the recogniser's posterior probability that this word was said here."""


@dataclass(frozen=True)
class Heard:
    """A recogniser's transcript of one utterance, before anyone decides what it means."""

    words: tuple[HeardWord, ...]
    """The best transcript; empty when nothing was heard."""
    alternatives: tuple[str, ...] = ()
    """The next best transcripts, best first."""
    decode_ms: float = 0.0
    """Time spent decoding, for benchmarks."""

    @property
    def text(self) -> str:
        """The best transcript as one string."""
        return " ".join(w.word for w in self.words)


@dataclass(frozen=True)
class Neighbour:
    """A labelled example sentence near in meaning to the one being read."""

    label: str
    """What the example means (an intent name, or "crisis")."""
    similarity: float
    """-1 to 1: how near it is (cosine of the two sentences' embeddings)."""


class Likeness(Protocol):
    """Sentences compared by meaning, against labelled examples."""

    def nearest(self, text: str, count: int) -> list[Neighbour]:
        """The `count` examples nearest to `text`, nearest first."""
        ...


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

    def play_at(self, chunk: AudioChunk, at_s: float) -> None:
        """Start a chunk when the Clock reads `at_s` (at once if that has passed), silencing
        then whatever still plays; returns at once."""
        ...

    def stop(self) -> None:
        """Silence now and drop everything queued."""
        ...

    def drain(self, timeout_s: float) -> None:
        """Wait until everything queued has played, or `timeout_s` has passed."""
        ...


class Inbox(Protocol):
    """Where requests arrive from: typed lines, or speech already read (its intent)."""

    def get(self, deadline: float | None) -> str | Intent | None:
        """The next request, or None once the clock reaches `deadline`.

        Raises EOFError when input has ended. After that it still keeps time: it returns None
        at `deadline`, or raises EOFError again when there is no deadline.
        """
        ...


class Recognizer(Protocol):
    """Speech to words, listening for what one dialogue context expects."""

    def recognize(self, chunk: AudioChunk, context: str) -> Heard:
        """What was said in one utterance (16 kHz mono 16-bit)."""
        ...


class SentenceScorer(Protocol):
    """Scores sentences against the utterance last heard: how well each fits the sound."""

    def likelihood(self, sentences: Sequence[str]) -> list[float]:
        """Mean log probability per token of each sentence, for the last utterance."""
        ...


class StreamingRecognizer(Protocol):
    """A recogniser fed while the person is still speaking, so the end costs little."""

    def prepare(self, context: str) -> None:
        """Get ready to hear `context` (called between utterances when it changes)."""
        ...

    def begin(self, context: str) -> None:
        """Start an utterance, heard in `context`."""
        ...

    def feed(self, pcm: bytes) -> None:
        """The next piece of it (16 kHz mono 16-bit)."""
        ...

    def finish(self) -> Heard:
        """What was said so far: called in a pause (the utterance may go on, and is then
        fed further and finished again) and at its end."""
        ...


class VoiceActivity(Protocol):
    """Says whether a frame holds speech."""

    def is_speech(self, frame: bytes) -> bool:
        """True for speech."""
        ...


class FrameSource(Protocol):
    """Where frames come from: a microphone."""

    def read(self, timeout_s: float) -> tuple[bytes, float] | None:
        """The next frame and the monotonic time it began, or None after `timeout_s`."""
        ...


class WallClock(Protocol):
    """The time of day, for reminders: an aware datetime (the core never reads it itself)."""

    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


class ReminderBook(Protocol):
    """Where reminders are kept; every change is durable when the call returns."""

    def add(self, reminder: Reminder) -> Reminder:
        """Store a new reminder; returns it with its id."""
        ...

    def update(self, reminder: Reminder) -> None:
        """Store a changed reminder (same id)."""
        ...

    def remove(self, reminder_id: int) -> bool:
        """Delete one; False when there was none with that id."""
        ...

    def all(self) -> list[Reminder]:
        """Every reminder, by id."""
        ...
