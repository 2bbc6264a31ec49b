"""The segmenter on synthetic frames: starts, hangover, the 8-second cap, pre-roll."""

from __future__ import annotations

from companion.core.segmenter import (
    Event,
    Segmenter,
    SegmenterSettings,
    SpeechContinues,
    SpeechEnded,
    SpeechStarted,
)

FRAME_S = 0.03


def _feed(segmenter: Segmenter, pattern: str, start_s: float = 0.0) -> list[tuple[float, Event]]:
    """`pattern`: one character a frame, S for speech and . for quiet."""
    events = []
    for i, mark in enumerate(pattern):
        at = start_s + i * FRAME_S
        frame = bytes([i % 256]) * 960
        events += [(at, e) for e in segmenter.process(frame, mark == "S", at, FRAME_S)]
    return events


def _kinds(events: list[tuple[float, Event]]) -> list[type]:
    return [type(e) for _, e in events if not isinstance(e, SpeechContinues)]


def test_a_click_is_not_speech() -> None:
    assert _kinds(_feed(Segmenter(), "..S..S...S....")) == []


def test_speech_starts_after_start_ms_and_ends_after_the_hangover() -> None:
    events = _feed(Segmenter(), "....." + "S" * 20 + "." * 15)
    assert _kinds(events) == [SpeechStarted, SpeechEnded]
    started = next(e for _, e in events if isinstance(e, SpeechStarted))
    ended_at, ended = next((t, e) for t, e in events if isinstance(e, SpeechEnded))
    assert abs(started.start_s - 5 * FRAME_S) < 1e-9
    assert isinstance(ended, SpeechEnded) and not ended.capped
    assert abs(ended.end_s - 25 * FRAME_S) < 1e-9
    assert abs(ended_at + FRAME_S - (25 * FRAME_S + 0.3)) < FRAME_S  # 300 ms of quiet


def test_short_pauses_inside_speech_do_not_end_it() -> None:
    events = _feed(Segmenter(), "S" * 10 + "." * 5 + "S" * 10 + "." * 12)
    assert _kinds(events) == [SpeechStarted, SpeechEnded]


def test_endless_speech_is_cut_at_eight_seconds() -> None:
    events = _feed(Segmenter(), "S" * 400)
    ends = [e for _, e in events if isinstance(e, SpeechEnded)]
    assert ends and ends[0].capped
    assert abs(ends[0].end_s - 8.0) < FRAME_S


def test_pre_roll_carries_audio_from_before_the_start() -> None:
    segmenter = Segmenter(SegmenterSettings(pre_roll_ms=300, start_ms=90))
    events = _feed(segmenter, "." * 20 + "SSS")
    started = next(e for _, e in events if isinstance(e, SpeechStarted))
    assert len(started.pcm) == 960 * (10 + 3)  # 300 ms of pre-roll and the 3 starting frames


def test_every_frame_of_an_utterance_is_handed_on() -> None:
    events = _feed(Segmenter(), "SSS" + "S" * 7 + "." * 10)
    started = next(e for _, e in events if isinstance(e, SpeechStarted))
    carried = b"".join(e.pcm for _, e in events if isinstance(e, SpeechContinues))
    assert len(started.pcm) + len(carried) == 960 * 20


def test_an_utterance_can_be_ended_early_at_its_last_speech() -> None:
    segmenter = Segmenter()
    _feed(segmenter, "S" * 10 + "." * 5)
    assert segmenter.in_speech
    assert abs(segmenter.quiet_s - 5 * FRAME_S) < 1e-9
    ended = segmenter.end_now()
    assert abs(ended.end_s - 10 * FRAME_S) < 1e-9
    assert not ended.capped
    assert not segmenter.in_speech and segmenter.quiet_s == 0.0


def test_how_long_an_utterance_has_lasted_is_known_while_it_goes_on() -> None:
    segmenter = Segmenter()
    _feed(segmenter, "." * 4 + "S" * 10 + "." * 2)
    assert abs(segmenter.spoken_s - 12 * FRAME_S) < 1e-9  # from its first speech frame
    segmenter.end_now()
    assert segmenter.spoken_s == 0.0
