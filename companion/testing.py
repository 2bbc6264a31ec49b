"""Fakes for the ports, shipped with the package so tests pass them in through constructors."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from companion.core.audio import AudioChunk, from_samples
from companion.core.reminders import Reminder


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start_s: float = 1000.0) -> None:
        self.now_s = start_s

    def now(self) -> float:
        return self.now_s

    def advance(self, seconds: float) -> None:
        self.now_s += seconds


class ScriptedInbox:
    """Requests that arrive at set times on a FakeClock; waiting moves the clock."""

    def __init__(self, clock: FakeClock, requests: list[tuple[float, str]]) -> None:
        """`requests` are (seconds after the clock's current time, text), in order."""
        start = clock.now()
        self._clock = clock
        self._pending = [(start + at, text) for at, text in requests]
        self._ended = False

    def get(self, deadline: float | None) -> str | None:
        if self._pending and (deadline is None or self._pending[0][0] <= deadline):
            at, text = self._pending.pop(0)
            self._clock.now_s = max(self._clock.now_s, at)
            return text
        if not self._pending and not self._ended:
            self._ended = True  # input closes right after the last request
            raise EOFError
        if deadline is None:
            raise EOFError
        self._clock.now_s = max(self._clock.now_s, deadline)
        return None


class FakeSynthesizer:
    """Renders text as a tone lasting `seconds_per_word` a word, so durations are known."""

    def __init__(self, seconds_per_word: float = 0.3, rate_hz: int = 16000) -> None:
        self.seconds_per_word = seconds_per_word
        self.rate_hz = rate_hz
        self.rendered: list[str] = []

    def synthesize(self, text: str) -> AudioChunk:
        self.rendered.append(text)
        frames = round(len(text.split()) * self.seconds_per_word * self.rate_hz)
        tone = [round(8000 * math.sin(2 * math.pi * 440 * i / self.rate_hz)) for i in range(frames)]
        return from_samples(tone, self.rate_hz)


@dataclass
class RecordingSink:
    """Remembers what was played when, by a clock, and every stop."""

    clock: FakeClock
    played: list[tuple[float, AudioChunk]] = field(default_factory=list)
    stops: list[float] = field(default_factory=list)

    def play(self, chunk: AudioChunk) -> None:
        self.played.append((self.clock.now(), chunk))

    def play_at(self, chunk: AudioChunk, at_s: float) -> None:
        self.played.append((max(at_s, self.clock.now()), chunk))

    def stop(self) -> None:
        self.stops.append(self.clock.now())

    def drain(self, timeout_s: float) -> None:
        del timeout_s  # nothing really plays


class FakeWallClock:
    """A wall clock that only moves when told to (an aware datetime)."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


class MemoryReminderBook:
    """Reminders kept in a dict, for the core's tests."""

    def __init__(self) -> None:
        self.kept: dict[int, Reminder] = {}
        self._last_id = 0

    def add(self, reminder: Reminder) -> Reminder:
        self._last_id += 1
        stored = replace(reminder, id=self._last_id)
        self.kept[stored.id] = stored
        return stored

    def update(self, reminder: Reminder) -> None:
        self.kept[reminder.id] = reminder

    def remove(self, reminder_id: int) -> bool:
        return self.kept.pop(reminder_id, None) is not None

    def all(self) -> list[Reminder]:
        return [self.kept[k] for k in sorted(self.kept)]


class FakeScorer:
    """A SentenceScorer whose sound fits the given sentences this well (mean log probability
    per token); every other sentence fits at `otherwise`."""

    def __init__(self, fits: dict[str, float], otherwise: float = -5.0) -> None:
        self.fits = fits
        self.otherwise = otherwise
        self.asked: list[str] = []

    def likelihood(self, sentences: Sequence[str]) -> list[float]:
        self.asked += sentences
        return [self.fits.get(s, self.otherwise) for s in sentences]
