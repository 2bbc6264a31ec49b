"""Spoken requests through the PulseAudio room: the companion hears, answers, stops, ignores."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from companion_process import Transcript, past_first_run, spoken, start_companion
from room import Room, onsets, silence_after

pytestmark = pytest.mark.e2e


def _listening(home: Path) -> tuple[subprocess.Popen[str], Transcript, float]:
    past_first_run(home)
    proc = start_companion(home)
    t0 = time.monotonic()
    transcript = Transcript(proc, t0)
    transcript.wait_for("Listening", timeout_s=30.0)
    return proc, transcript, t0


def test_spoken_request_starts_box_breathing_at_once(
    room: Room, companion_home: Path, tmp_path: Path
) -> None:
    start = spoken("start box breathing", tmp_path)
    proc, transcript, _ = _listening(companion_home)
    try:
        with room.record_both() as recording:
            room.say(start)
            transcript.wait_for("box breathing together", timeout_s=10.0)
            time.sleep(1.0)
    finally:
        proc.kill()
    user, program = recording.chunks()
    said = onsets(user, min_gap_s=1.0)
    assert len(said) == 1, f"the room heard the user at {said}"
    request_end = silence_after(user, said[0])
    answer = next(t for t in onsets(program, min_gap_s=0.25) if t > said[0])
    assert request_end is not None and answer - request_end < 1.5
