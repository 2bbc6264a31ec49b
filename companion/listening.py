"""Listening: microphone frames -> voice activity -> utterances -> what they mean -> requests.

`VoiceInbox` runs the listening thread. Frames go to the recogniser as they come; in the first
short pause of an utterance it is heard and read (Whisper decodes a whole utterance in about
100 ms), and a request read surely - "stop", "slower please" - is answered at once instead of
after the whole hangover. Otherwise the utterance is heard again when it ends, unless nothing
but quiet came since the pause.

`Ears` reads what was heard (companion.core.understanding) and decides whether to act on it
(companion.core.attention), with what only the edge knows: what the speaker was saying while
the person spoke. The inbox hands the loop the intent itself, so speech is read once.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from companion.core.attention import Attention, Moment
from companion.core.intents import NONE, Intent
from companion.core.ports import Clock, FrameSource, Heard, StreamingRecognizer, VoiceActivity
from companion.core.segmenter import (
    Event,
    Segmenter,
    SpeechContinues,
    SpeechEnded,
    SpeechStarted,
)
from companion.core.understanding import Reading, Understanding
from companion.core.wake import WAKE
from companion.engines.heap import give_back
from companion.engines.microphone import FRAME_S

QUIT, STOP = "quit", "stop"
LOOK_QUIET_S = 0.03
"""At the first quiet frame the utterance so far is heard and read, speculatively..."""
EARLY_QUIET_S = 0.06
"""...and a request read surely ends it once the quiet has lasted this long (the full hangover
is the segmenter's). The voice activity detector itself hears speech for 60-110 ms after it
ends, so this is about 120-170 ms of real quiet; hearing takes longer than the wait, so the
answer is ready the moment the quiet is long enough."""
EARLY_CONFIDENCE = 0.75
"""A reading this sure, in the first pause, ends the utterance early."""
MIDWORD_CONTEXT = "session"
"""Where a halting control is heard while it is still being said: a session's sound is
playing, and "stop" should silence it at once."""
MIDWORD_INTENTS = frozenset({STOP, "pause"})
"""What may be acted on before the person has finished speaking: nothing said after it can
make halting wrong (and what follows is still heard, when the utterance ends)."""
MIDWORD_FROM_S = 0.25
"""The first look while speaking, this long into the utterance (pre-roll excluded)..."""
MIDWORD_EVERY_S = 0.15
"""...then one look this often..."""
MIDWORD_UNTIL_S = 1.2
"""...while the utterance is this short: a control is a word or two. Heard cut off up to
150 ms before its end, "stop", "pause" and "stop please" by three espeak-ng voices, and ten
real people's "stop", were read surely and rightly 23 times in 25 and never wrongly."""

Playing = Callable[[float, float], tuple[str, ...]]
"""(start_s, end_s) -> what the companion was saying between those times."""


class Ears:
    """Reads what was heard and decides whether it is a request to act on."""

    def __init__(
        self,
        understanding: Understanding,
        attention: Attention,
        playing: Playing,
        trace: Callable[[str], None] | None = None,
    ) -> None:
        """`trace`, when given, is told one line per transcript and what became of it (the
        person asks for it with COMPANION_TRACE=1; it goes to stderr, never to a file)."""
        self.understanding = understanding
        self._attention = attention
        self._playing = playing
        self._trace = trace

    def read(self, heard: Heard, context: str) -> Reading:
        """What the transcript means in `context`."""
        return self.understanding.read(heard, context)

    @staticmethod
    def sure(reading: Reading) -> bool:
        """True when the reading is surely a request: the utterance need not go on."""
        return reading.intent.name not in (NONE, WAKE) and reading.confidence >= EARLY_CONFIDENCE

    def admit(
        self, heard: Heard, reading: Reading, context: str, start_s: float, end_s: float
    ) -> Intent | None:
        """The request to act on, or None for no answer at all."""
        moment = Moment(context, end_s, self._playing(start_s, end_s))
        admitted = self._attention.admits(reading, heard.text, moment)
        if self._trace:
            self._trace(
                f"heard {heard.text!r} in {context}: {reading.intent.name} "
                f"({reading.confidence:.2f}), {'acted on' if admitted else 'ignored'}"
            )
        if not admitted:
            return None
        if reading.intent.name == QUIT:
            # Heard, "bye" may have been "i want to die" ("i want to bye"): going quiet is
            # safe, leaving is not. Typed quit, or Ctrl-C, leaves.
            return Intent(STOP)
        return reading.intent  # `none` when called by name but not understood: asked again


@dataclass
class _Look:
    """The utterance heard and read in its first pause."""

    heard: Heard
    reading: Reading


class VoiceInbox:
    """An Inbox of what was said, already read; a listening thread does the hearing."""

    def __init__(
        self,
        microphone: FrameSource,
        vad: VoiceActivity,
        recognizer: StreamingRecognizer,
        ears: Ears,
        context: Callable[[], str],
        clock: Clock,
        segmenter: Segmenter | None = None,
    ) -> None:
        self._microphone = microphone
        self._vad = vad
        self._recognizer = recognizer
        self._ears = ears
        self._context = context
        self._clock = clock
        self._segmenter = segmenter or Segmenter()
        self._heard: queue.Queue[Intent] = queue.Queue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True, name="companion-ears")
        self._utterance_context = "idle"
        self._started_s = 0.0
        self._look: _Look | None = None
        self._prepared = ""
        self._acted: Intent | None = None
        """What was acted on while the utterance was still being said."""
        self._next_look_s = MIDWORD_FROM_S

    def start(self) -> VoiceInbox:
        """Begin listening."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        self._stopping.set()

    def get(self, deadline: float | None) -> Intent | None:
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
            self._look_in_pause()
            self._look_while_speaking()
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
            self._look = None
            self._acted = None
            self._next_look_s = MIDWORD_FROM_S
            self._recognizer.begin(self._utterance_context)
            self._recognizer.feed(event.pcm)
        elif isinstance(event, SpeechContinues):
            self._recognizer.feed(event.pcm)
        elif isinstance(event, SpeechEnded):
            # nothing but quiet since the pause's look: the utterance is what was heard then
            look = self._look or self._hear_so_far()
            self._pass_on(look, event.end_s)

    def _look_in_pause(self) -> None:
        """In a pause, once: hear and read the utterance so far, and end it when it is surely
        a request. Speech again forgets the look."""
        quiet_s = self._segmenter.quiet_s
        if quiet_s < LOOK_QUIET_S:
            self._look = None
            return
        if self._look is None:
            self._look = self._hear_so_far()
        if quiet_s >= EARLY_QUIET_S and self._ears.sure(self._look.reading):
            self._pass_on(self._look, self._segmenter.end_now().end_s)

    def _look_while_speaking(self) -> None:
        """In a session, hear a short utterance every so often while it is said, and act on
        a halting control ("stop", "pause") read surely before the word is even over."""
        segmenter = self._segmenter
        if (
            self._acted is not None
            or self._utterance_context != MIDWORD_CONTEXT
            or not segmenter.in_speech
            or segmenter.quiet_s > 0  # a pause has its own look
            or not self._next_look_s <= segmenter.spoken_s <= MIDWORD_UNTIL_S
        ):
            return
        self._next_look_s = segmenter.spoken_s + MIDWORD_EVERY_S
        look = self._hear_so_far()
        if look.reading.intent.name in MIDWORD_INTENTS and self._ears.sure(look.reading):
            self._acted = self._admit(look, self._started_s + segmenter.spoken_s)

    def _hear_so_far(self) -> _Look:
        heard = self._recognizer.finish()
        return _Look(heard, self._ears.read(heard, self._utterance_context))

    def _pass_on(self, look: _Look, end_s: float) -> None:
        """The utterance is over: act on what it meant, unless that was acted on already
        while it was said ("stop, I want to die" is still answered as crisis)."""
        self._look = None
        acted, self._acted = self._acted, None
        if acted is None or look.reading.intent.name != acted.name:
            self._admit(look, end_s)
        give_back()  # what decoding it freed (the answer is already on its way)

    def _admit(self, look: _Look, end_s: float) -> Intent | None:
        """Hand the request on when it is one to act on; returns it."""
        if not look.heard.text:
            return None
        context, start_s = self._utterance_context, self._started_s
        request = self._ears.admit(look.heard, look.reading, context, start_s, end_s)
        if request is not None:
            self._heard.put(request)
        return request
