"""Listening: microphone frames -> voice activity -> utterances -> recognised text, as an Inbox.

Frames are decoded while the person is still speaking, so when they stop only the end of the
decode is left. An utterance that is already a complete request after a short quiet is ended
early, without waiting out the whole hangover. One that is not surely a request is decoded
once more, whole: chatter can wait 100 ms, and a request said unclearly is heard better.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Protocol

from companion.core.ports import Clock, Heard, StreamingRecognizer
from companion.core.segmenter import (
    Event,
    Segmenter,
    SpeechContinues,
    SpeechEnded,
    SpeechStarted,
)
from companion.engines.microphone import FRAME_S

EARLY_QUIET_S = 0.06
"""Quiet after which a partial transcript that is already a complete request ends the
utterance (the full hangover is the segmenter's). The voice activity detector itself hears
speech for 60-110 ms after it ends, so this is about 120-170 ms of real quiet (90 ms here
gave a median answer of 389 ms through the room, 60 ms 347 ms)."""

SHIFT_S = 0.006
"""The third look at an unclear utterance starts this much later. The acoustic model hears the
same clip differently as its 10 ms frames move across it: an espeak "help me ground myself"
through the room was "filled we grow with myself" at one frame alignment in five (1 in 3
end-to-end runs), and right at the others."""

Hear = Callable[[Heard, str, float, float], str | None]
"""(transcript, context, start_s, end_s) -> the request to act on, or None: no answer at all."""
Complete = Callable[[str, str], bool]
"""(partial transcript, context) -> True when it is already a whole request, surely heard."""


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


class VoiceInbox:
    """An Inbox of what was said; a listening thread does the hearing."""

    def __init__(
        self,
        microphone: FrameSource,
        vad: VoiceActivity,
        recognizer: StreamingRecognizer,
        context: Callable[[], str],
        clock: Clock,
        hear: Hear,
        complete: Complete = lambda _text, _context: False,
        segmenter: Segmenter | None = None,
    ) -> None:
        self._microphone = microphone
        self._vad = vad
        self._recognizer = recognizer
        self._context = context
        self._clock = clock
        self._hear = hear
        self._complete = complete
        self._segmenter = segmenter or Segmenter()
        self._heard: queue.Queue[str] = queue.Queue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True, name="companion-ears")
        self._utterance_context = "idle"
        self._started_s = 0.0
        self._early_checked = ""  # the partial transcript last judged in this pause
        self._prepared = ""

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
        while not self._stopping.is_set():
            captured = self._microphone.read(timeout_s=0.5)
            if captured is None:
                continue
            frame, began = captured
            for event in self._segmenter.process(frame, self._vad.is_speech(frame), began, FRAME_S):
                self._handle(event)
            self._maybe_end_early()
            if not self._segmenter.in_speech:
                self._follow_context()

    def _follow_context(self) -> None:
        """Get the recogniser ready as soon as the dialogue's context changes, not when the
        person next speaks."""
        context = self._context()
        if context != self._prepared:
            self._recognizer.prepare(context)
            self._prepared = context

    def _handle(self, event: Event) -> None:
        if isinstance(event, SpeechStarted):
            self._utterance_context = self._context()
            self._started_s = event.start_s
            self._recognizer.begin(self._utterance_context)
            self._recognizer.feed(event.pcm)
        elif isinstance(event, SpeechContinues):
            self._recognizer.feed(event.pcm)
        elif isinstance(event, SpeechEnded):
            heard = self._recognizer.finish()
            if not self._complete(heard.text, self._utterance_context):
                heard = self._second_look()
            if heard.text:
                meant = self._hear(heard, self._utterance_context, self._started_s, event.end_s)
                if meant is not None:
                    self._heard.put(meant)

    def _second_look(self) -> Heard:
        """Not surely a request: decode it again whole, and once more with its frames moved
        by SHIFT_S; a whole request from either is taken."""
        whole = self._recognizer.again()
        if self._complete(whole.text, self._utterance_context):
            return whole
        shifted = self._recognizer.again(SHIFT_S)
        return shifted if self._complete(shifted.text, self._utterance_context) else whole

    def _maybe_end_early(self) -> None:
        """In a pause: end the utterance as soon as its transcript is a whole request (the
        decoder may settle its last word a frame or two into the pause)."""
        if self._segmenter.quiet_s < EARLY_QUIET_S:
            self._early_checked = ""
            return
        partial = self._recognizer.partial()
        if partial == self._early_checked:
            return
        self._early_checked = partial
        if self._complete(partial, self._utterance_context):
            self._handle(self._segmenter.end_now())
