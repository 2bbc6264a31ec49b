"""What the listening thread does with a transcript: read it, and decide whether to act on it.

Joins the pure reading (companion.core.understanding) and attention (companion.core.attention)
to what only the edge knows: what the speaker was saying while the person spoke.
"""

from __future__ import annotations

from collections.abc import Callable

from companion.core.attention import Attention, Moment
from companion.core.intents import NONE
from companion.core.ports import Heard, HeardWord
from companion.core.reader import Reader
from companion.core.understanding import Understanding
from companion.core.wake import WAKE, WakePhrase
from companion.settings import Settings
from companion.speaker import Speaker

QUIT, STOP = "quit", "stop"
EARLY_CONFIDENCE = 0.75
"""A partial transcript this near a request ends the utterance early (companion.listener)."""


class Ears:
    """Turns transcripts into requests for the conversation loop, or into nothing."""

    def __init__(
        self,
        reader: Reader,
        wake: WakePhrase,
        attention: Attention,
        speaker: Speaker,
        settings: Settings,
        trace: Callable[[str], None] | None = None,
    ) -> None:
        """`trace`, when given, is told one line per transcript and what became of it (the
        person asks for it with COMPANION_TRACE=1; it goes to stderr, never to a file)."""
        self.matcher = reader.matcher
        self._trace = trace
        self.wake = wake
        self.settings = settings
        self._attention = attention
        self._speaker = speaker
        self._understanding = Understanding(reader.matcher, wake=wake, reader=reader)

    def invitation(self) -> str:
        """The line that says how to talk to it."""
        if self._attention.wake_required:
            name = self.wake.text
            return (
                f'Listening. Say "{name}" before a request, for example: {name}, start box '
                "breathing. In a session, just say stop. Ctrl-C leaves."
            )
        return (
            "Listening. Say, for example: start box breathing. Say stop at any time; Ctrl-C leaves."
        )

    def hear(self, heard: Heard, context: str, start_s: float, end_s: float) -> str | None:
        """The request to act on, in words the loop matches again, or None for no answer."""
        reading = self._understanding.read(heard, context)
        moment = Moment(context, end_s, self._speaker.playing_between(start_s, end_s))
        admitted = self._attention.admits(reading, heard.text, moment)
        if self._trace:
            self._trace(
                f"heard {heard.text!r} in {context}: {reading.intent.name} "
                f"({reading.confidence:.2f}), {'acted on' if admitted else 'ignored'}"
            )
        if not admitted:
            return None
        if reading.intent.name == WAKE:
            return self.wake.text
        if reading.intent.name == QUIT:
            # Heard, "bye" may have been "i want to die" ("i want to bye"): going quiet is
            # safe, leaving is not. Typed quit, or Ctrl-C, leaves.
            return STOP
        if reading.intent.name == NONE:
            return heard.text  # called by name but not understood: the loop asks again
        return reading.sentence

    def complete(self, partial: str, context: str) -> bool:
        """True when a partial transcript is already a whole request, surely heard."""
        if not partial:
            return False
        words = tuple(HeardWord(word, 1.0) for word in partial.split())
        reading = self._understanding.read(Heard(words), context)
        return reading.intent.name not in (NONE, WAKE) and reading.confidence >= EARLY_CONFIDENCE
