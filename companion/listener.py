"""Listening: microphone frames -> voice activity -> utterances -> recognised text, as an Inbox."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Protocol

from companion.core.audio import AudioChunk
from companion.core.ports import Clock, Heard, Recognizer
from companion.core.segmenter import Segmenter, SpeechContinues, SpeechEnded, SpeechStarted
from companion.engines.microphone import FRAME_S, RATE_HZ, Microphone

Accept = Callable[[Heard, str], str | None]
"""The words of a reading, heard in a context, that are meant for us; None: no answer at all."""


class VoiceActivity(Protocol):
    """Says whether a frame holds speech."""

    def is_speech(self, frame: bytes) -> bool:
        """True for speech."""
        ...


class VoiceInbox:
    """An Inbox of what was said; a listening thread does the hearing."""

    def __init__(
        self,
        microphone: Microphone,
        vad: VoiceActivity,
        recognizer: Recognizer,
        context: Callable[[], str],
        clock: Clock,
        accept: Accept,
        segmenter: Segmenter | None = None,
    ) -> None:
        self._microphone = microphone
        self._vad = vad
        self._recognizer = recognizer
        self._context = context
        self._clock = clock
        self._accept = accept
        self._segmenter = segmenter or Segmenter()
        self._heard: queue.Queue[str] = queue.Queue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True, name="companion-ears")

    def start(self) -> VoiceInbox:
        """Begin listening."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        self._stopping.set()

    def get(self, deadline: float | None) -> str | None:
        timeout = None if deadline is None else max(0.0, deadline - self._clock.now())
        try:
            return self._heard.get(timeout=timeout)
        except queue.Empty:
            return None

    def _listen(self) -> None:
        utterance: list[bytes] = []
        while not self._stopping.is_set():
            captured = self._microphone.read(timeout_s=0.5)
            if captured is None:
                continue
            frame, began = captured
            for event in self._segmenter.process(frame, self._vad.is_speech(frame), began, FRAME_S):
                if isinstance(event, SpeechStarted):
                    utterance = [event.pcm]
                elif isinstance(event, SpeechContinues):
                    utterance.append(event.pcm)
                elif isinstance(event, SpeechEnded):
                    self._recognize(b"".join(utterance))
                    utterance = []

    def _recognize(self, pcm: bytes) -> None:
        context = self._context()
        heard = self._recognizer.recognize(AudioChunk(pcm, RATE_HZ), context)
        meant = self._accept(heard, context) if heard.text else None
        if meant is not None:
            self._heard.put(meant)
