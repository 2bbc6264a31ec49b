"""Typed request to heard speech, cue pacing and stop, measured through the PulseAudio room.

Runs `companion --text` with its real voice (pyttsx3 / espeak-ng) into the virtual speaker
and records it: how long after `start box breathing` is typed the first sound is heard, how
far each breathing cue lands from the 4-second grid, and how soon a typed `stop` silences a
cue that is playing. Needs the room of tests/room.py (bash bootstrap.sh test installs it).

    .venv/bin/python benchmarks/text_mode_timing.py [--trials 3] [--cues 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from companion_process import typed_session
from room import Room, onsets, silence_after

GRID_S = 4.0


def one_trial(room: Room, cues: int) -> tuple[float, list[float], float]:
    """(request to first sound s, |cue error from grid| s each, stop to silence s)."""
    with tempfile.TemporaryDirectory() as home, typed_session(room, Path(home)) as session:
        time.sleep(0.5)
        asked = session.type("start box breathing")
        first_cue = session.wait_for("Breathe in", timeout_s=60.0)
        # stop 0.2 s into the cue after the measured ones, while it is still sounding
        time.sleep(max(0.0, first_cue + cues * GRID_S + 0.2 - (time.monotonic() - session.t0)))
        stopped = session.type("stop")
        session.wait_for("Stopped")
        time.sleep(2.0)
    assert session.sound is not None
    heard = onsets(session.sound, min_gap_s=0.25)
    first_sound = next(t for t in heard if t > asked)
    cue_onsets = session.cue_onsets(heard)[:cues]
    errors = [abs(t - (cue_onsets[0] + k * GRID_S)) for k, t in enumerate(cue_onsets)]
    quiet = silence_after(session.sound, stopped)
    end = quiet if quiet is not None else session.sound.duration_s
    return first_sound - asked, errors, end - stopped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--cues", type=int, default=8, help="breathing cues measured per trial")
    args = parser.parse_args()
    room = Room.start()
    responses, errors, stops = [], [], []
    for trial in range(args.trials):
        response, trial_errors, stop = one_trial(room, args.cues)
        responses.append(response)
        errors += trial_errors
        stops.append(stop)
        print(
            f"trial {trial + 1}: first sound {response * 1000:.0f} ms after the request; "
            f"worst cue {max(trial_errors) * 1000:.1f} ms off the grid; "
            f"stop silent after {stop * 1000:.0f} ms",
            flush=True,
        )
    print(
        f"request to first sound: median {statistics.median(responses) * 1000:.0f} ms, "
        f"max {max(responses) * 1000:.0f} ms ({len(responses)} trials)"
    )
    print(
        f"cue onset error from the 4 s grid: median {statistics.median(errors) * 1000:.1f} ms, "
        f"max {max(errors) * 1000:.1f} ms ({len(errors)} cues)"
    )
    print(
        f"typed stop to silence: median {statistics.median(stops) * 1000:.0f} ms, "
        f"max {max(stops) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
