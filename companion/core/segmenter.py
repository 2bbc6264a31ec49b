"""Voice activity to utterances: a pure state machine fed frame by frame, time passed in.

Speech starts after `start_ms` of speech frames in a row (a click is not speech) and ends
after `hangover_ms` of non-speech; an utterance never runs past `max_utterance_s` (a TV must
not hold the microphone open). Frames are handed on as they come, so a recogniser can decode
while the person is still speaking; `pre_roll_ms` of audio before the start is included.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class SegmenterSettings:
    """Timing of the segmenter."""

    start_ms: int = 90
    """Speech needed in a row before an utterance starts."""
    hangover_ms: int = 300
    """Non-speech needed in a row before an utterance ends."""
    max_utterance_s: float = 8.0
    """Longest utterance; longer speech is cut here."""
    pre_roll_ms: int = 300
    """Audio kept from before the start, so the first sound of a word is not lost."""


@dataclass(frozen=True)
class SpeechStarted:
    """An utterance began; `pcm` is the pre-roll and the frames that started it."""

    start_s: float
    """When its first frame began."""
    pcm: bytes
    """Audio from the pre-roll up to now."""


@dataclass(frozen=True)
class SpeechContinues:
    """More audio of the utterance under way."""

    pcm: bytes
    """One frame."""


@dataclass(frozen=True)
class SpeechEnded:
    """The utterance is over."""

    end_s: float
    """When the last speech frame ended."""
    capped: bool
    """True when it was cut at max_utterance_s rather than ended by quiet."""


Event = SpeechStarted | SpeechContinues | SpeechEnded


class Segmenter:
    """Feed `process` every frame, in order; it says when speech starts, goes on and ends."""

    def __init__(self, settings: SegmenterSettings | None = None) -> None:
        self.settings = settings or SegmenterSettings()
        self._history: deque[tuple[bytes, bool, float, float]] = deque()
        self._in_speech = False
        self._started_s = 0.0
        self._quiet_s = 0.0
        self._last_speech_end_s = 0.0
        self._now_s = 0.0

    @property
    def in_speech(self) -> bool:
        """True while an utterance is under way."""
        return self._in_speech

    @property
    def spoken_s(self) -> float:
        """How long the utterance under way has lasted so far, pauses included (0 between
        utterances)."""
        return self._now_s - self._started_s if self._in_speech else 0.0

    @property
    def quiet_s(self) -> float:
        """How long the utterance under way has been quiet (0 while speech goes on)."""
        return self._quiet_s if self._in_speech else 0.0

    def end_now(self) -> SpeechEnded:
        """End the utterance under way early: it is already a complete request, so waiting
        out the whole hangover would only delay the answer."""
        if not self._in_speech:
            raise RuntimeError("end_now() with no utterance under way")
        return self._end(capped=False, end_s=self._last_speech_end_s)

    def process(
        self, frame: bytes, is_speech: bool, timestamp_s: float, frame_s: float
    ) -> list[Event]:
        """One frame, whether it holds speech, when it began and how long it lasts."""
        self._now_s = timestamp_s + frame_s
        if self._in_speech:
            return self._during_speech(frame, is_speech, timestamp_s, frame_s)
        return self._before_speech(frame, is_speech, timestamp_s, frame_s)

    def _before_speech(
        self, frame: bytes, is_speech: bool, at_s: float, frame_s: float
    ) -> list[Event]:
        self._history.append((frame, is_speech, at_s, frame_s))
        keep_s = (self.settings.pre_roll_ms + self.settings.start_ms) / 1000
        while self._history and at_s + frame_s - self._history[0][2] > keep_s + 1e-9:
            self._history.popleft()
        run_s = 0.0
        for _, speech, _, length in reversed(self._history):
            if not speech:
                break
            run_s += length
        if run_s + 1e-9 < self.settings.start_ms / 1000:
            return []
        self._in_speech = True
        self._started_s = at_s + frame_s - run_s
        self._quiet_s = 0.0
        self._last_speech_end_s = at_s + frame_s
        pcm = b"".join(f for f, _, _, _ in self._history)
        self._history.clear()
        return [SpeechStarted(self._started_s, pcm)]

    def _during_speech(
        self, frame: bytes, is_speech: bool, at_s: float, frame_s: float
    ) -> list[Event]:
        events: list[Event] = [SpeechContinues(frame)]
        if is_speech:
            self._quiet_s = 0.0
            self._last_speech_end_s = at_s + frame_s
        else:
            self._quiet_s += frame_s
        if at_s + frame_s - self._started_s >= self.settings.max_utterance_s - 1e-9:
            events.append(self._end(capped=True, end_s=at_s + frame_s))
        elif self._quiet_s * 1000 >= self.settings.hangover_ms - 1e-6:
            events.append(self._end(capped=False, end_s=self._last_speech_end_s))
        return events

    def _end(self, capped: bool, end_s: float) -> SpeechEnded:
        self._in_speech = False
        return SpeechEnded(end_s, capped)
