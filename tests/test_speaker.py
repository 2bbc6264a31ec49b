"""The speaker prints every sentence and plays it, cutting stale audio for timed cues."""

from __future__ import annotations

import io

from companion.core.actions import Chime, Cue, Exit, Hush, Say
from companion.core.audio import AudioChunk
from companion.errors import EngineError
from companion.speaker import Speaker
from companion.testing import FakeClock, FakeSynthesizer, RecordingSink


class BrokenSynthesizer:
    def synthesize(self, text: str) -> AudioChunk:
        raise EngineError("speech engine unavailable: espeak-ng not found")


def test_every_sentence_is_printed_and_played() -> None:
    out, sink = io.StringIO(), RecordingSink(FakeClock())
    Speaker(out, sink, FakeSynthesizer()).perform([Say("Hello there."), Cue("Breathe in", "in")])
    assert out.getvalue().splitlines() == ["Hello there.", "    Breathe in"]
    assert len(sink.played) == 2


def test_acknowledgements_are_printed_but_not_spoken() -> None:
    out, sink = io.StringIO(), RecordingSink(FakeClock())
    Speaker(out, sink, FakeSynthesizer()).perform([Hush(), Say("Stopped.", spoken=False)])
    assert out.getvalue() == "Stopped.\n"
    assert sink.played == []


def test_a_cue_cuts_whatever_still_plays() -> None:
    sink = RecordingSink(FakeClock())
    Speaker(io.StringIO(), sink, FakeSynthesizer()).perform([Cue("Hold", "hold")])
    assert len(sink.stops) == 1


def test_speech_length_comes_from_the_rendered_audio() -> None:
    speaker = Speaker(io.StringIO(), RecordingSink(FakeClock()), FakeSynthesizer(0.5))
    assert abs(speaker.speech_s("one two three") - 1.5) < 1e-3


def test_muted_speaker_only_prints_and_estimates_length() -> None:
    out = io.StringIO()
    speaker = Speaker(out)
    speaker.perform([Say("Hello."), Hush(), Chime("bell"), Exit()])
    assert out.getvalue() == "Hello.\n"
    assert 0 < speaker.speech_s("one two three") < 3


def test_a_failing_engine_falls_back_to_printing_with_one_line() -> None:
    out, sink = io.StringIO(), RecordingSink(FakeClock())
    speaker = Speaker(out, sink, BrokenSynthesizer())
    speaker.perform([Say("First."), Say("Second.")])
    lines = out.getvalue().splitlines()
    assert lines == [
        "First.",
        "speech engine unavailable: espeak-ng not found; printing only from now on.",
        "Second.",
    ]
    assert sink.played == []


def test_chimes_play_from_the_shipped_assets() -> None:
    sink = RecordingSink(FakeClock())
    Speaker(io.StringIO(), sink, FakeSynthesizer()).perform([Chime("bell")])
    assert sink.played[0][1].duration_s > 2


def test_slow_speech_pauses_between_phrases_in_the_same_voice() -> None:
    sink = RecordingSink(FakeClock())
    speaker = Speaker(io.StringIO(), sink, FakeSynthesizer(0.3))
    text = "Thank you for telling me. Once more: call 988, any time."
    speaker.perform([Say(text), Say(text, slow=True)])
    normal, slow = (chunk.duration_s for _, chunk in sink.played)
    assert abs(slow - normal - 3 * 0.45) < 0.05  # three pauses, same words


def test_a_cue_asked_for_ahead_is_placed_at_its_time_and_cuts_nothing_now() -> None:
    clock = FakeClock(100.0)
    sink = RecordingSink(clock)
    speaker = Speaker(io.StringIO(), sink, FakeSynthesizer(), now=clock.now)
    speaker.perform([Cue("Breathe out", "out", at_s=100.5), Chime("exhale", at_s=104.5)])
    assert [at for at, _ in sink.played] == [100.5, 104.5]
    assert sink.stops == []  # what plays now plays on; each cuts it at its own time
    assert speaker.playing_between(100.6, 100.7) == ("Breathe out",)
