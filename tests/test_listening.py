"""Listening: the thread hears an utterance in its first pause and answers a sure request at
once; what it passes on is already read, named, and never its own voice or a goodbye."""

from __future__ import annotations

import io
import queue

from companion.core.actions import Say
from companion.core.attention import Attention
from companion.core.intents import Intent, IntentMatcher
from companion.core.ports import Heard, HeardWord
from companion.core.reader import Reader
from companion.core.understanding import Understanding
from companion.core.wake import WakePhrase
from companion.listening import EARLY_QUIET_S, Ears, VoiceInbox
from companion.speaker import Speaker
from companion.testing import FakeClock, FakeSynthesizer, RecordingSink

FRAME_S = 0.03
SPEECH, QUIET = b"\x01" * 960, b"\x00" * 960
READER = Reader(IntentMatcher.bundled())


def heard(text: str) -> Heard:
    return Heard(tuple(HeardWord(w, 1.0) for w in text.split()))


def ears(speaker: Speaker | None = None, wake_required: bool = True) -> Ears:
    speaker = speaker or Speaker(io.StringIO())
    wake = WakePhrase("companion")
    understanding = Understanding(READER.matcher, wake=wake, reader=READER)
    return Ears(understanding, Attention(wake_required), speaker.playing_between)


def hear(listening: Ears, text: str, context: str, start_s: float = 0, end_s: float = 1) -> object:
    reading = listening.read(heard(text), context)
    return listening.admit(heard(text), reading, context, start_s, end_s)


class Frames:
    """A microphone that gives a fixed run of frames, then nothing."""

    def __init__(self, pattern: str) -> None:
        self.frames: queue.Queue[tuple[bytes, float]] = queue.Queue()
        for i, mark in enumerate(pattern):
            self.frames.put((SPEECH if mark == "S" else QUIET, i * FRAME_S))

    def read(self, timeout_s: float) -> tuple[bytes, float] | None:
        try:
            return self.frames.get(timeout=min(timeout_s, 0.05))
        except queue.Empty:
            return None


class Vad:
    def is_speech(self, frame: bytes) -> bool:
        return frame == SPEECH


class Recognizer:
    """Hears each utterance as the next of `texts`; notes what it was fed and when asked."""

    def __init__(self, *texts: str) -> None:
        self.texts = list(texts)
        self.fed: list[str] = []

    def prepare(self, context: str) -> None:
        self.fed.append(f"prepare {context}")

    def begin(self, context: str) -> None:
        self.fed.append(f"begin {context}")

    def feed(self, pcm: bytes) -> None:
        self.fed.append("speech" if SPEECH in pcm else "quiet")

    def finish(self) -> Heard:
        self.fed.append("finish")
        return heard(self.texts.pop(0) if len(self.texts) > 1 else self.texts[0])


def listen(
    pattern: str, *texts: str, context: str = "yes_no"
) -> tuple[Recognizer, list[Intent], FakeClock]:
    """What the inbox passes on from `pattern` (S speech, . quiet, a frame each), heard as
    `texts` one finish after another, in `context` (not a session unless asked: a session
    also looks while speech goes on)."""
    recognizer, clock = Recognizer(*texts), FakeClock()
    inbox = VoiceInbox(Frames(pattern), Vad(), recognizer, ears(), lambda: context, clock).start()
    got: list[Intent] = []
    while (request := inbox.get(deadline=clock.now() + 1.0)) is not None:
        got.append(request)
    inbox.stop()
    return recognizer, got, clock


def test_speech_is_fed_as_it_comes_and_heard_in_the_first_pause() -> None:
    recognizer, got, _ = listen("." * 5 + "S" * 10 + "." * 20, "stop")
    assert got == [Intent("stop")]
    assert recognizer.fed[:2] == ["prepare yes_no", "begin yes_no"]
    # every speech frame went in one at a time, before anything was heard
    assert recognizer.fed.index("finish") > recognizer.fed.index("speech") + 5


def test_a_sure_request_ends_after_a_short_quiet_not_the_whole_hangover() -> None:
    recognizer, _, _ = listen("." * 5 + "S" * 10 + "." * 20, "stop")
    quiet_fed = recognizer.fed[recognizer.fed.index("speech") :].count("quiet")
    assert quiet_fed == round(EARLY_QUIET_S / FRAME_S)  # a short quiet, then it answered
    assert recognizer.fed.count("finish") == 1


def test_chatter_is_heard_once_in_its_pause_and_not_again_at_the_end() -> None:
    recognizer, got, _ = listen("." * 5 + "S" * 10 + "." * 20, "the weather is lovely")
    assert got == []
    assert recognizer.fed.count("finish") == 1  # the hangover added only quiet


def test_speech_after_the_pause_is_heard_again_whole() -> None:
    recognizer, got, _ = listen(
        "." * 5 + "S" * 10 + "." * 4 + "S" * 10 + "." * 20, "i think", "stop please"
    )
    assert got == [Intent("stop")]
    assert recognizer.fed.count("finish") == 2


def test_stop_in_a_session_is_acted_on_before_it_is_over_and_only_once() -> None:
    recognizer, got, _ = listen("." * 5 + "S" * 20 + "." * 20, "stop", context="session")
    assert got == [Intent("stop")]
    fed = recognizer.fed
    last_speech = len(fed) - 1 - fed[::-1].index("speech")
    assert fed.index("finish") < last_speech  # heard while the word was still being said


def test_what_follows_a_stop_in_the_same_breath_is_still_heard() -> None:
    _, got, _ = listen(
        "." * 5 + "S" * 30 + "." * 20, "stop", "stop i want to die", context="session"
    )
    assert got == [Intent("stop"), Intent("crisis")]


def test_a_session_looks_only_at_short_utterances_and_no_other_context_looks_while_speaking() -> (
    None
):
    long_chatter = "." * 5 + "S" * 100 + "." * 20
    in_session, _, _ = listen(long_chatter, "and then we went to the shops", context="session")
    assert 1 < in_session.fed.count("finish") <= 8  # every 150 ms up to 1.2 s, then the pause
    in_idle, _, _ = listen(long_chatter, "and then we went to the shops", context="idle")
    assert in_idle.fed.count("finish") == 1


def test_a_named_request_is_passed_on_read_and_an_unnamed_one_is_not() -> None:
    listening = ears()
    assert hear(listening, "companion start box breathing", "idle") == Intent(
        "breathe", {"pattern": "box"}
    )
    assert hear(listening, "start box breathing", "idle") is None
    assert hear(listening, "companion", "idle") == Intent("wake")


def test_goodbye_by_voice_only_quiets_it() -> None:
    assert hear(ears(), "companion goodbye", "idle") == Intent("stop")


def test_its_own_cue_heard_back_is_ignored_but_a_stop_over_it_is_not() -> None:
    clock = FakeClock(0.0)
    speaker = Speaker(io.StringIO(), RecordingSink(clock), FakeSynthesizer(), now=clock.now)
    speaker.perform([Say("Hold gently and wait")])
    listening = ears(speaker)
    assert hear(listening, "hold", "session", 0.2, 0.6) is None
    assert hear(listening, "stop", "session", 0.2, 0.6) == Intent("stop")


def test_a_stop_said_away_from_the_stop_in_its_own_sentence_is_heard() -> None:
    clock = FakeClock(0.0)
    speaker = Speaker(io.StringIO(), RecordingSink(clock), FakeSynthesizer(0.5), now=clock.now)
    line = "If you feel dizzy or light-headed, stop and let your breathing return to normal."
    speaker.perform([Say(line)])  # 14 words, 7 s; its "stop" is said about 3 s in
    listening = ears(speaker)
    assert hear(listening, "stop", "session", 2.9, 3.3) is None  # its own "stop" coming back
    assert hear(listening, "stop", "session", 5.0, 5.4) == Intent("stop")  # the person's
    assert hear(listening, "stop", "session", 0.3, 0.7) == Intent("stop")


def test_only_a_sure_reading_ends_an_utterance_early() -> None:
    listening = ears()
    assert listening.sure(listening.read(heard("stop"), "session"))
    assert not listening.sure(listening.read(heard("companion"), "idle"))
    assert not listening.sure(listening.read(heard("the weather is"), "idle"))
