"""The live voice loop through the PulseAudio room, both sides recorded on one clock.

A user's voice (espeak-ng) speaks into the room's microphone; the companion (voice mode, open
listening) answers through the room's speaker. Printed: time from the end of the request to
the first sound of the answer, time from the end of a spoken "stop" to silence, answers given
to chatter (per hour of chatter), CPU of the idle listening process, and its peak memory.

    .venv/bin/python benchmarks/voice_latency.py [--trials 5] [--idle-s 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from companion_process import Transcript, past_first_run, spoken, start_companion
from room import Room, onsets, silence_after

from companion.core.audio import AudioChunk

CHATTER = (
    "the weather is lovely today isn't it",
    "did you remember to buy milk on the way home",
    "breathe in slowly through your nose",
    "I think the game starts at eight tonight",
    "can you pass me the remote please",
    "she said she would call back after lunch",
    "we should paint the kitchen a lighter colour",
    "the train was late again this morning",
)
TICKS_PER_S = 100  # Linux clock ticks, as /proc reports CPU time


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_S  # utime + stime


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _until(chunk: AudioChunk, seconds: float) -> AudioChunk:
    """The part of a recording before `seconds`."""
    return AudioChunk(chunk.pcm[: 2 * round(seconds * chunk.rate_hz)], chunk.rate_hz)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--idle-s", type=float, default=30.0, help="idle CPU measuring time")
    args = parser.parse_args()
    room = Room.start()
    answers, stops, cpu, peak = [], [], 0.0, 0.0
    chatter_answers, chatter_s = 0, 0.0
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        past_first_run(home)
        start = spoken("start box breathing", Path(folder))
        stop = spoken("stop", Path(folder))
        chatter = [spoken(s, Path(folder)) for s in CHATTER]
        proc = start_companion(home)
        try:
            transcript = Transcript(proc, time.monotonic())
            transcript.wait_for("Listening", timeout_s=60.0)
            time.sleep(2.0)
            before = _cpu_s(proc.pid)
            time.sleep(args.idle_s)
            cpu = (_cpu_s(proc.pid) - before) / args.idle_s
            for _ in range(args.trials):
                with room.record_both() as recording:
                    room.say(start)
                    time.sleep(3.0)
                    room.say(stop)
                    time.sleep(2.5)
                user, program = recording.chunks()
                said = onsets(user, min_gap_s=1.0)
                request_end = silence_after(_until(user, said[-1]), said[0])
                answer = [t for t in onsets(program, min_gap_s=0.25) if t > said[0]]
                if request_end is not None and answer:
                    answers.append(answer[0] - request_end)
                stop_end = silence_after(user, said[-1])
                quiet = silence_after(program, said[-1])
                if stop_end is not None and quiet is not None:
                    stops.append(quiet - stop_end)
            for sentence in chatter:
                with room.record_both() as recording:
                    room.say(sentence)
                    time.sleep(2.0)
                user, program = recording.chunks()
                chatter_s += user.duration_s - 2.0
                chatter_answers += bool(onsets(program, min_gap_s=0.25))
                room.say(stop)  # silence any answer before the next sentence
                time.sleep(1.0)
            peak = _peak_mb(proc.pid)
        finally:
            proc.kill()
    print(
        f"answer after end of request: median {statistics.median(answers) * 1000:.0f} ms, "
        f"p95 {sorted(answers)[int(0.95 * (len(answers) - 1))] * 1000:.0f} ms "
        f"({len(answers)} of {args.trials} requests answered)"
    )
    print(
        f"spoken stop to silence: median {statistics.median(stops) * 1000:.0f} ms, "
        f"max {max(stops) * 1000:.0f} ms ({len(stops)} stops)"
    )
    print(
        f"chatter answered: {chatter_answers} of {len(CHATTER)} sentences "
        f"({chatter_answers / (chatter_s / 3600):.0f} per hour of chatter)"
    )
    print(f"idle listening CPU: {cpu * 100:.1f}% of one core over {args.idle_s:g} s")
    print(f"peak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
