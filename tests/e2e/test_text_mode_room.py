"""Typed requests, heard through a real PulseAudio room: box breathing on its 4-second grid."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from room import Room, onsets, silence_after

pytestmark = pytest.mark.e2e

CUE_WORDS = ("Breathe in", "Hold", "Breathe out")


class Transcript:
    """The program's printed lines, each stamped with when it was read."""

    def __init__(self, proc: subprocess.Popen[str], t0: float) -> None:
        self.lines: list[tuple[float, str]] = []
        self._t0 = t0
        assert proc.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(proc.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.append((time.monotonic() - self._t0, line.rstrip("\n")))

    def wait_for(self, text: str, timeout_s: float = 20.0, after: int = 0) -> float:
        """Seconds (from t0) at which a line holding `text` was printed."""
        limit = time.monotonic() + timeout_s
        while time.monotonic() < limit:
            for at, line in self.lines[after:]:
                if text in line:
                    return at
            time.sleep(0.02)
        raise AssertionError(f"never printed {text!r}; got {self.lines}")


def _start(home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "COMPANION_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "companion", "--text"],
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=1,
    )


def _type(proc: subprocess.Popen[str], line: str) -> float:
    assert proc.stdin is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()
    return time.monotonic()


def _past_first_run(home: Path) -> None:
    """Let the first-run notice be said, so it does not overlap what a test listens for."""
    subprocess.run(
        [sys.executable, "-m", "companion", "--text", "--mute"],
        input="quit\n",
        text=True,
        capture_output=True,
        check=True,
        env={**os.environ, "COMPANION_HOME": str(home)},
    )


def test_typed_box_breathing_is_heard_on_the_grid_and_stop_silences_it(
    room: Room, companion_home: Path
) -> None:
    _past_first_run(companion_home)
    proc = _start(companion_home)
    try:
        with room.record_speaker() as recording:
            t0 = time.monotonic()
            transcript = Transcript(proc, t0)
            transcript.wait_for("Type a request")
            time.sleep(1.0)
            asked = _type(proc, "start box breathing") - t0
            first_cue = transcript.wait_for("Breathe in", timeout_s=40.0)
            time.sleep(max(0.0, first_cue + 12.3 - (time.monotonic() - t0)))  # 4th cue playing
            stopped = _type(proc, "stop") - t0
            transcript.wait_for("Stopped")
            time.sleep(5.0)  # the next cue would have come by now
        _type(proc, "quit")
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
    _past_first_run(companion_home)
    proc = _start(companion_home)
    try:
        with room.record_speaker() as recording:
            t0 = time.monotonic()
            transcript = Transcript(proc, t0)
            transcript.wait_for("Type a request")
            _type(proc, "start box breathing")
            transcript.wait_for("box breathing together")
            time.sleep(2.0)  # well inside the first sentence, which lasts about 5 s
            sent = _type(proc, control) - t0
            transcript.wait_for(printed)
            time.sleep(3.0)
        _type(proc, "quit")
        proc.communicate(timeout=20)
    finally:
        proc.kill()
    sound = recording.chunk()
    assert [t for t in onsets(sound, min_gap_s=0.25) if t < sent], "the sentence was not heard"
    quiet_from = silence_after(sound, sent)
    assert quiet_from is not None
    assert quiet_from - sent < 0.5, f"still speaking {quiet_from - sent:.2f} s after {control}"
