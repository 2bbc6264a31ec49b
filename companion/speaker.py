"""Carries out the core's actions at the edge: prints every sentence, and speaks it if it can."""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TextIO

from companion.chimes import load_chime
from companion.core.actions import Action, Chime, Cue, Exit, Hush, Say
from companion.core.audio import AudioChunk, concat, remember, silence
from companion.core.ports import AudioSink, Synthesizer
from companion.errors import EngineError

SLOW_PAUSE_S = 0.45
"""Quiet between the phrases of slowly spoken sentences (the safety response)."""
_PHRASE_END = re.compile(r"(?<=[,.;:])\s+")

WORDS_PER_SECOND = 2.6
"""Estimated speaking speed when there is no voice to measure (printing only)."""


DRAIN_LIMIT_S = 15.0
"""Longest wait for queued speech to finish before leaving."""

ECHO_TAIL_S = 0.2
"""How long after a sound is scheduled to end it may still reach the microphone (device
latency and the room)."""
ECHO_WORD_SLACK_S = 0.4
"""How far a word's echo may fall from where it is reckoned to be said: words are placed by
their share of their sentence's letters, and speech is not that even."""
PLAY_LOG_S = 30.0
"""How far back the speaker remembers what it played."""


@dataclass(frozen=True)
class Played:
    """A sentence the speaker played, and when it could be heard."""

    text: str
    start_s: float
    end_s: float
    """When it could last be heard (cut short when it was silenced)."""
    spoken_s: float = 0.0
    """How long the whole sentence lasts as rendered (0: unknown)."""

    def words_between(self, start_s: float, end_s: float) -> str:
        """The words of it that could have reached the microphone from `start_s` to `end_s`:
        a person's "stop" is not the echo of the "stop" in "If you feel dizzy, stop and..."
        said seconds before or after it."""
        words = self.text.split()
        if self.spoken_s <= 0 or not words:
            return self.text
        letters = sum(len(word) + 1 for word in words)
        kept, before = [], 0
        for word in words:
            said_s = self.start_s + self.spoken_s * (before + len(word) / 2) / letters
            before += len(word) + 1
            near = start_s - ECHO_WORD_SLACK_S <= said_s <= end_s + ECHO_WORD_SLACK_S
            if near and said_s <= self.end_s:
                kept.append(word)
        return " ".join(kept)


class Speaker:
    """Prints, and speaks through a synthesizer and a sink when both are there."""

    def __init__(
        self,
        out: TextIO,
        sink: AudioSink | None = None,
        synthesizer: Synthesizer | None = None,
        warn: Callable[[str], None] | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._out = out
        self._now = now
        self._played: list[Played] = []
        self._sink = sink
        self._voice = synthesizer
        self._rendered: OrderedDict[str, AudioChunk] = OrderedDict()  # the recent ones
        self._lengths: dict[str, float] = {}
        self._chimes: dict[str, AudioChunk] = {}
        self._warn = warn or (lambda message: print(message, file=out, flush=True))

    @property
    def voiced(self) -> bool:
        """It plays sound (a sink and a voice), not only prints."""
        return self._sink is not None and self._voice is not None

    @property
    def output_delay_s(self) -> float:
        """How long sound asked for now takes to be heard (0 when printing only)."""
        return float(getattr(self._sink, "latency_s", 0.0)) if self.voiced else 0.0

    def speech_s(self, text: str) -> float:
        """How long `text` takes to say; rendering it now so a session starts fully rendered."""
        if text not in self._lengths:
            chunk = self._render(text, slow=False)
            if chunk is None:
                return len(text.split()) / WORDS_PER_SECOND
            self._lengths[text] = chunk.duration_s
        return self._lengths[text]

    def perform(self, actions: list[Action]) -> None:
        """Carry out actions in order."""
        for action in actions:
            if isinstance(action, Hush) and self._sink:
                self._silence()
            elif isinstance(action, Cue):
                self._show(action.text, indent=action.phase not in ("say", "ask"))
                self._play_timed(action.text, self._render(action.text, slow=False), action.at_s)
            elif isinstance(action, Chime) and self._sink:
                self._play_timed(action.name, self._chime(action.name), action.at_s)
            elif isinstance(action, Say):
                self._show(action.text, indent=False)
                if action.spoken:
                    self._play(action.text, slow=action.slow)
            elif isinstance(action, Exit) and self._sink:
                self._sink.drain(DRAIN_LIMIT_S)  # let the goodbye finish

    def playing_between(self, start_s: float, end_s: float) -> tuple[str, ...]:
        """What the speaker was saying at some moment from `start_s` to `end_s`, so that the
        companion can tell its own voice from the person's."""
        return tuple(
            p.words_between(start_s, end_s)
            for p in list(self._played)
            if p.start_s <= end_s and start_s <= p.end_s
        )

    def _silence(self) -> None:
        assert self._sink is not None
        self._sink.stop()
        now = self._now()
        self._played = [
            replace(p, end_s=min(p.end_s, now + ECHO_TAIL_S))
            for p in self._played
            if p.start_s <= now
        ]

    def _play_timed(self, text: str, chunk: AudioChunk | None, at_s: float | None) -> None:
        """A cue or chime starts exactly on its phase, cutting whatever still plays then: at
        `at_s` when it was asked for ahead of time, else now."""
        if self._sink is None or chunk is None:
            return
        if at_s is None or at_s <= self._now():
            self._silence()
            self._sink.play(chunk)
            self._log(text, chunk.duration_s)
        else:
            self._sink.play_at(chunk, at_s)
            self._log(text, chunk.duration_s, at_s)

    def _show(self, text: str, indent: bool) -> None:
        print(("    " if indent else "") + text, file=self._out, flush=True)

    def _play(self, text: str, slow: bool) -> None:
        chunk = self._render(text, slow)
        if chunk is not None and self._sink is not None:
            self._sink.play(chunk)
            self._log(text, chunk.duration_s)

    def _log(self, text: str, duration_s: float, at_s: float | None = None) -> None:
        now = self._now()
        if at_s is not None:  # a timed cue cuts what plays before it
            self._played = [
                replace(p, end_s=min(p.end_s, at_s + ECHO_TAIL_S)) for p in self._played
            ]
            start = at_s
        else:
            start = max([now, *(p.end_s - ECHO_TAIL_S for p in self._played)])
        kept = [p for p in self._played if p.end_s > now - PLAY_LOG_S]
        played = Played(text, start, start + duration_s + ECHO_TAIL_S, duration_s)
        self._played = [*kept, played]

    def _chime(self, name: str) -> AudioChunk:
        if name not in self._chimes:
            self._chimes[name] = load_chime(name)
        return self._chimes[name]

    def _render(self, text: str, slow: bool) -> AudioChunk | None:
        """Speech for `text`. Slow speech pauses between its phrases rather than drawling
        (the content guide: calm comes from pauses), with the one voice at its one rate."""
        if not slow:
            return self._render_phrase(text)
        chunks: list[AudioChunk] = []
        for phrase in _PHRASE_END.split(text):
            chunk = self._render_phrase(phrase)
            if chunk is None:
                return None
            if chunks:
                chunks.append(silence(SLOW_PAUSE_S, chunk.rate_hz))
            chunks.append(chunk)
        return concat(chunks)

    def _render_phrase(self, text: str) -> AudioChunk | None:
        if self._voice is None or self._sink is None:
            return None
        chunk = self._rendered.get(text)
        if chunk is None:
            try:
                chunk = self._voice.synthesize(text)
            except EngineError as exc:
                self._warn(f"{exc}; printing only from now on.")
                self._voice = None
                return None
        remember(self._rendered, text, chunk)
        return chunk
