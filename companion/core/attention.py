"""Which heard requests the companion acts on: wake phrase, answer window, barge-in, echo. Pure.

- Crisis language is acted on in every mode; room speech not addressed to the companion must
  read as crisis as surely as a command must.
- While the companion speaks, it still listens, but only for stop, pause and crisis (barge-in),
  and never for its own words coming back through the microphone (the echo guard).
- In wake mode an idle companion needs the wake phrase first. It needs none for session
  controls, for answers to its own questions (any context but idle), or for 8 seconds after
  it asked something.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from companion.core.crisis import is_crisis
from companion.core.intents import CRISIS, NONE
from companion.core.text import normalize
from companion.core.understanding import Reading
from companion.core.wake import WAKE

ANSWER_WINDOW_S = 8.0
"""After a question, an answer needs no wake phrase for this long."""
BARGE_IN = frozenset({"stop", "pause", CRISIS})
"""What is heard while the companion itself is speaking."""
UNADDRESSED_CRISIS_CONFIDENCE = 0.5
"""Crisis language is heard loosely (from a confidence of 0.27, companion.core.understanding)
when the person is talking to the companion. Room speech not addressed to it must read as
crisis as surely as a command: on chatter, the loose reading gave false alarms from garbled
transcripts ("i'm fine honestly" heard as "i might not be three")."""
ECHO_SHARE = 0.6
"""A transcript is the companion's own voice when this share of its words is in what it was
playing: a person's "stop" shares no word with "breathe in", an echo of "hold" is all "hold"."""


@dataclass(frozen=True)
class Moment:
    """The circumstances of one utterance."""

    context: str
    """The dialogue context it was heard in."""
    ended_s: float
    """When the speech ended (the clock the dialogue uses)."""
    playing: tuple[str, ...] = ()
    """What the companion was saying while the person spoke (empty: it was quiet)."""


class Attention:
    """Decides, per utterance, whether it was meant for the companion."""

    def __init__(self, wake_required: bool, answer_window_s: float = ANSWER_WINDOW_S) -> None:
        self.wake_required = wake_required
        self.answer_window_s = answer_window_s
        self._answer_until = float("-inf")

    def asked(self, question_ends_s: float) -> None:
        """The companion asked something that ends being said at `question_ends_s`."""
        self._answer_until = question_ends_s + self.answer_window_s

    def admits(self, reading: Reading, heard_text: str, moment: Moment) -> bool:
        """True when the reading should be acted on."""
        name = reading.intent.name
        if name == CRISIS:
            if is_echo(heard_text, moment.playing) and _crisis_spoken(moment.playing):
                return False  # its own safety message coming back
            unaddressed = not (reading.woken or self._addressed(moment))
            return not unaddressed or reading.confidence >= UNADDRESSED_CRISIS_CONFIDENCE
        if is_echo(heard_text, moment.playing):
            return False
        if moment.playing:
            return name in BARGE_IN
        if reading.woken:
            return True  # a request, the wake phrase alone, or words to ask again about
        if name in (NONE, WAKE):
            return False
        return self._addressed(moment)

    def _addressed(self, moment: Moment) -> bool:
        """True when speech without the wake phrase is still meant for the companion."""
        if not self.wake_required or moment.context != "idle":
            return True
        return moment.ended_s <= self._answer_until


def is_echo(heard_text: str, playing: Iterable[str]) -> bool:
    """True when most heard words are words the companion was saying at the time."""
    heard = normalize(heard_text).split()
    if not heard:
        return False
    said = {word for text in playing for word in normalize(text).split()}
    return sum(word in said for word in heard) >= ECHO_SHARE * len(heard)


def _crisis_spoken(playing: Iterable[str]) -> bool:
    return any(is_crisis(normalize(text)) for text in playing)
