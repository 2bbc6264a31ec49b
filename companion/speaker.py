"""Carries out the core's actions at the edge: prints every sentence, and speaks it if it can."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from companion.chimes import load_chime
from companion.core.actions import Action, Chime, Cue, Exit, Hush, Say
from companion.core.audio import AudioChunk
from companion.core.ports import AudioSink, Synthesizer
from companion.errors import EngineError

WORDS_PER_SECOND = 2.6
"""Estimated speaking speed when there is no voice to measure (printing only)."""


DRAIN_LIMIT_S = 15.0
"""Longest wait for queued speech to finish before leaving."""


class Speaker:
    """Prints, and speaks through a synthesizer and a sink when both are there."""

    def __init__(
        self,
        out: TextIO,
        sink: AudioSink | None = None,
        synthesizer: Synthesizer | None = None,
        slow_synthesizer: Synthesizer | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self._out = out
        self._sink = sink
        self._voices = {False: synthesizer, True: slow_synthesizer or synthesizer}
        self._rendered: dict[tuple[str, bool], AudioChunk] = {}
        self._chimes: dict[str, AudioChunk] = {}
        self._warn = warn or (lambda message: print(message, file=out, flush=True))

    @property
    def speaking(self) -> bool:
        """True while a voice and a sink are in use."""
        return self._sink is not None and self._voices[False] is not None

    def speech_s(self, text: str) -> float:
        """How long `text` takes to say; rendering it now so a session starts fully rendered."""
        chunk = self._render(text, slow=False)
        if chunk is None:
            return len(text.split()) / WORDS_PER_SECOND
        return chunk.duration_s

    def perform(self, actions: list[Action]) -> None:
        """Carry out actions in order."""
        for action in actions:
            if isinstance(action, Hush) and self._sink:
                self._sink.stop()
            elif isinstance(action, Cue):
                self._show(action.text, indent=action.phase != "say")
                if self._sink:
                    self._sink.stop()  # a cue starts exactly on its phase
                self._play(action.text, slow=False)
            elif isinstance(action, Chime) and self._sink:
                self._sink.stop()
                self._sink.play(self._chime(action.name))
            elif isinstance(action, Say):
                self._show(action.text, indent=False)
                if action.spoken:
                    self._play(action.text, slow=action.slow)
            elif isinstance(action, Exit) and self._sink:
                self._sink.drain(DRAIN_LIMIT_S)  # let the goodbye finish

    def _show(self, text: str, indent: bool) -> None:
        print(("    " if indent else "") + text, file=self._out, flush=True)

    def _play(self, text: str, slow: bool) -> None:
        chunk = self._render(text, slow)
        if chunk is not None and self._sink is not None:
            self._sink.play(chunk)

    def _chime(self, name: str) -> AudioChunk:
        if name not in self._chimes:
            self._chimes[name] = load_chime(name)
        return self._chimes[name]

    def _render(self, text: str, slow: bool) -> AudioChunk | None:
        voice = self._voices[slow]
        if voice is None or self._sink is None:
            return None
        key = (text, slow)
        if key not in self._rendered:
            try:
                self._rendered[key] = voice.synthesize(text)
            except EngineError as exc:
                self._warn(f"{exc}; printing only from now on.")
                self._voices = {False: None, True: None}
                return None
        return self._rendered[key]
