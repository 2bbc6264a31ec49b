"""The listening thread decodes while the person speaks and ends complete requests early."""

from __future__ import annotations

import queue

from companion.core.ports import Heard, HeardWord
from companion.listener import EARLY_QUIET_S, VoiceInbox
from companion.testing import FakeClock

FRAME_S = 0.03
SPEECH, QUIET = b"\x01" * 960, b"\x00" * 960


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
    """Says "stop" once it has been fed any speech; notes when it was fed."""

    def __init__(self) -> None:
        self.fed: list[str] = []

    def prepare(self, context: str) -> None:
        self.fed.append(f"prepare {context}")

    def begin(self, context: str) -> None:
        self.fed.append(f"begin {context}")

    def feed(self, pcm: bytes) -> None:
        self.fed.append("speech" if SPEECH in pcm else "quiet")

    def partial(self) -> str:
        return "stop" if "speech" in self.fed else ""

    def finish(self) -> Heard:
        self.fed.append("finish")
        return Heard((HeardWord("stop", 1.0),))

    def again(self, shift_s: float = 0.0) -> Heard:
        self.fed.append("again" if not shift_s else "shifted")
        return Heard((HeardWord("stop", 1.0),))


def listen(pattern: str, complete: bool) -> tuple[Recognizer, list[tuple[str, float]]]:
    recognizer, heard = Recognizer(), []

    def hear(h: Heard, context: str, start_s: float, end_s: float) -> str:
        heard.append((h.text, end_s))
        return h.text

    inbox = VoiceInbox(
        Frames(pattern),
        Vad(),
        recognizer,
        lambda: "session",
        FakeClock(),
        hear,
        lambda text, context: complete and text == "stop",
    ).start()
    assert inbox.get(deadline=None) == "stop"
    inbox.stop()
    return recognizer, heard


def test_speech_is_decoded_as_it_comes_not_after_it_ends() -> None:
    recognizer, _ = listen("." * 5 + "S" * 10 + "." * 20, complete=False)
    assert recognizer.fed[:2] == ["prepare session", "begin session"]
    assert recognizer.fed.index("finish") > recognizer.fed.index("speech")
    # every frame after the start went in one at a time, before the end was known
    assert recognizer.fed.count("quiet") >= 300 // 30


def test_a_complete_request_ends_after_a_short_quiet_not_the_whole_hangover() -> None:
    early, heard_early = listen("." * 5 + "S" * 10 + "." * 20, complete=True)
    late, _ = listen("." * 5 + "S" * 10 + "." * 20, complete=False)
    assert heard_early[0][1] == 15 * FRAME_S  # the end of the last speech frame
    quiet_fed_early = early.fed[early.fed.index("speech") :].count("quiet")
    quiet_fed_late = late.fed[late.fed.index("speech") :].count("quiet")
    assert quiet_fed_early == round(EARLY_QUIET_S / FRAME_S)  # a short quiet, then it answered
    assert quiet_fed_late == 10  # the 300 ms hangover


def test_an_utterance_not_surely_a_request_is_decoded_again_whole_then_shifted() -> None:
    unsure, _ = listen("." * 5 + "S" * 10 + "." * 20, complete=False)
    sure, _ = listen("." * 5 + "S" * 10 + "." * 20, complete=True)
    assert unsure.fed[-2:] == ["again", "shifted"]
    assert "again" not in sure.fed and "shifted" not in sure.fed
