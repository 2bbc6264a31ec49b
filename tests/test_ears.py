"""What the listening thread passes on: named requests, never its own voice, never a goodbye."""

from __future__ import annotations

import io

from companion.core.actions import Say
from companion.core.attention import Attention
from companion.core.intents import IntentMatcher
from companion.core.ports import Heard, HeardWord
from companion.core.reader import Reader
from companion.core.wake import WakePhrase
from companion.ears import Ears
from companion.settings import Settings
from companion.speaker import Speaker
from companion.testing import FakeClock, FakeSynthesizer, RecordingSink

READER = Reader(IntentMatcher.bundled())


def heard(text: str) -> Heard:
    return Heard(tuple(HeardWord(w, 1.0) for w in text.split()))


def ears(clock: FakeClock, speaker: Speaker | None = None) -> Ears:
    speaker = speaker or Speaker(io.StringIO())
    wake = WakePhrase("companion")
    return Ears(READER, wake, Attention(wake_required=True), speaker, Settings())


def test_a_named_request_is_passed_on_and_an_unnamed_one_is_not() -> None:
    clock = FakeClock(0.0)
    listening = ears(clock)
    assert listening.hear(heard("companion start box breathing"), "idle", 0, 1) == (
        "start box breathing"
    )
    assert listening.hear(heard("start box breathing"), "idle", 0, 1) is None
    assert listening.hear(heard("companion"), "idle", 0, 1) == "companion"


def test_goodbye_by_voice_only_quiets_it() -> None:
    assert ears(FakeClock(0.0)).hear(heard("companion goodbye"), "idle", 0, 1) == "stop"


def test_its_own_cue_heard_back_is_ignored_but_a_stop_over_it_is_not() -> None:
    clock = FakeClock(0.0)
    speaker = Speaker(io.StringIO(), RecordingSink(clock), FakeSynthesizer(), now=clock.now)
    speaker.perform([Say("Hold gently and wait")])
    listening = ears(clock, speaker)
    assert listening.hear(heard("hold"), "session", 0.2, 0.6) is None
    assert listening.hear(heard("stop"), "session", 0.2, 0.6) == "stop"


def test_a_partial_transcript_is_complete_only_when_surely_a_request() -> None:
    listening = ears(FakeClock(0.0))
    assert listening.complete("stop", "session")
    assert not listening.complete("companion", "idle")
    assert not listening.complete("the weather is", "idle")
