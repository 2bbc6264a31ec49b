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

from companion_process import Transcript, past_first_run, start_text_mode, type_line
from room import Room, onsets, silence_after

CUE_WORDS = ("Breathe in", "Hold", "Breathe out")
GRID_S = 4.0


def one_trial(room: Room, cues: int) -> tuple[float, list[float], float]:
    """(request to first sound s, |cue error from grid| s each, stop to silence s)."""
    with tempfile.TemporaryDirectory() as home:
        past_first_run(Path(home))
        proc = start_text_mode(Path(home))
        try:
            with room.record_speaker() as recording:
                t0 = time.monotonic()
                transcript = Transcript(proc, t0)
                transcript.wait_for("Type a request")
                time.sleep(0.5)
                asked = type_line(proc, "start box breathing") - t0
                first_cue = transcript.wait_for("Breathe in", timeout_s=60.0)
                # stop 0.2 s into the cue after the measured ones, while it is still sounding
                time.sleep(max(0.0, first_cue + cues * GRID_S + 0.2 - (time.monotonic() - t0)))
                stopped = type_line(proc, "stop") - t0
                transcript.wait_for("Stopped")
                time.sleep(2.0)
            type_line(proc, "quit")
            proc.communicate(timeout=30)
        finally:
            proc.kill()
    sound = recording.chunk()
    heard = onsets(sound, min_gap_s=0.25)
    first_sound = next(t for t in heard if t > asked)
    printed = [at for at, line in transcript.lines if line.strip() in CUE_WORDS][:cues]
    cue_onsets = [min(heard, key=lambda t, p=p: abs(t - p)) for p in printed]
    errors = [abs(t - (cue_onsets[0] + k * GRID_S)) for k, t in enumerate(cue_onsets)]
    quiet = silence_after(sound, stopped)
    return first_sound - asked, errors, (quiet if quiet is not None else sound.duration_s) - stopped


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
