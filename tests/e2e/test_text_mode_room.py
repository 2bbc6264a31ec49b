"""Typed requests, heard through a real PulseAudio room: box breathing on its 4-second grid."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from companion_process import Transcript, past_first_run, start_text_mode, type_line
from room import Room, onsets, silence_after

pytestmark = pytest.mark.e2e

CUE_WORDS = ("Breathe in", "Hold", "Breathe out")


def test_typed_box_breathing_is_heard_on_the_grid_and_stop_silences_it(
    room: Room, companion_home: Path
) -> None:
    past_first_run(companion_home)
    proc = start_text_mode(companion_home)
    try:
        with room.record_speaker() as recording:
            t0 = time.monotonic()
            transcript = Transcript(proc, t0)
            transcript.wait_for("Type a request")
            time.sleep(1.0)
            asked = type_line(proc, "start box breathing") - t0
            first_cue = transcript.wait_for("Breathe in", timeout_s=40.0)
            time.sleep(max(0.0, first_cue + 12.3 - (time.monotonic() - t0)))  # 4th cue playing
            stopped = type_line(proc, "stop") - t0
            transcript.wait_for("Stopped")
            time.sleep(5.0)  # the next cue would have come by now
        type_line(proc, "quit")
        proc.communicate(timeout=20)
    finally:
        proc.kill()
    sound = recording.chunk()

    heard = onsets(sound, min_gap_s=0.25)
    assert heard, "nothing was heard"
    first_sound = next(t for t in heard if t > asked)
    assert first_sound - asked < 2.0, f"speech began {first_sound - asked:.2f} s after the request"

    cue_prints = [at for at, line in transcript.lines if line.strip() in CUE_WORDS]
    cue_sounds = [min(heard, key=lambda t, p=p: abs(t - p)) for p in cue_prints]
    assert len(cue_sounds) >= 4
    gaps = [b - a for a, b in itertools.pairwise(cue_sounds)]
    assert all(abs(gap - 4.0) < 0.05 for gap in gaps), f"cue gaps {gaps}"

    quiet_from = silence_after(sound, stopped)
    assert quiet_from is not None and quiet_from - stopped < 1.0
    assert not [t for t in heard if t > stopped + 0.05]


@pytest.mark.parametrize(("control", "printed"), [("stop", "Stopped"), ("pause", "Paused")])
def test_typed_control_cuts_speech_mid_sentence(
    room: Room, companion_home: Path, control: str, printed: str
) -> None:
    past_first_run(companion_home)
    proc = start_text_mode(companion_home)
    try:
        with room.record_speaker() as recording:
            t0 = time.monotonic()
            transcript = Transcript(proc, t0)
            transcript.wait_for("Type a request")
            type_line(proc, "start box breathing")
            transcript.wait_for("box breathing together")
            time.sleep(2.0)  # well inside the first sentence, which lasts about 5 s
            sent = type_line(proc, control) - t0
            transcript.wait_for(printed)
            time.sleep(3.0)
        type_line(proc, "quit")
        proc.communicate(timeout=20)
    finally:
        proc.kill()
    sound = recording.chunk()
    assert [t for t in onsets(sound, min_gap_s=0.25) if t < sent], "the sentence was not heard"
    quiet_from = silence_after(sound, sent)
    assert quiet_from is not None
    assert quiet_from - sent < 0.5, f"still speaking {quiet_from - sent:.2f} s after {control}"
