"""The live voice loop through the PulseAudio room, both sides recorded on one clock.

A user's voice (espeak-ng) speaks into the room's microphone; the companion (voice mode, wake
phrase on unless --no-wake) answers through the room's speaker. Printed:

- time from the end of the request ("companion, start box breathing") to the first sound of
  the answer;
- time from the end of a spoken "stop" (mid-sentence, no wake phrase: a session control) to
  silence;
- false wakes: answers to minutes of chatter (the benchmark phrase list's idle `none`
  sentences, several voices, back to back), per hour of chatter;
- CPU of the idle listening process, and its peak resident memory (with whichever voice the
  companion chose: Piper when installed).

    .venv/bin/python benchmarks/voice_latency.py [--trials 10] [--idle-s 30] [--chatter-s 300]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from companion_process import Transcript, past_first_run, spoken, start_companion
from corpus import load_phrases
from room import Room, onsets, silence_after

from companion.core.audio import AudioChunk
from companion.core.intents import CRISIS, IntentMatcher
from companion.core.safety import crisis_line_for, crisis_response

TICKS_PER_S = 100  # Linux clock ticks, as /proc reports CPU time
CHATTER_VOICES = ("en-us", "en-gb", "en-us+f3", "en-gb-x-rp")


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_S  # utime + stime


def _memory_mb(pid: int, field: str = "VmHWM") -> float:
    """Peak (VmHWM) or present (VmRSS) resident memory of a process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _until(chunk: AudioChunk, seconds: float) -> AudioChunk:
    """The part of a recording before `seconds`."""
    return AudioChunk(chunk.pcm[: 2 * round(seconds * chunk.rate_hz)], chunk.rate_hz)


def _chatter(folder: Path, seconds: float) -> list[tuple[Path, str]]:
    """Clips of idle chatter adding up to about `seconds` of speech, in a seeded order."""
    texts = [p.text for p in load_phrases() if p.intent == "none" and p.context == "idle"]
    rng = random.Random(0)
    clips: list[tuple[Path, str]] = []
    total = 0.0
    while total < seconds:
        text, voice = rng.choice(texts), rng.choice(CHATTER_VOICES)
        clip = spoken(text, folder, voice=voice)
        clips.append((clip, text))
        total += clip.stat().st_size / (2 * 22050)  # espeak-ng writes 22.05 kHz mono
    return clips


def _answers(
    lines: list[tuple[float, str]], ended: list[tuple[float, str]]
) -> list[tuple[bool, str, str, bool]]:
    """(is a crisis response, first line, the chatter sentence before it, that sentence reads
    as crisis when typed) for each answer; a crisis response's many lines count once."""
    response = list(crisis_response(crisis_line_for("US")))
    safety = set(response)
    matcher = IntentMatcher.bundled()
    answers = []
    for at, line in lines:
        if line in safety and line != response[0]:
            continue  # the rest of one crisis response
        before = [text for end, text in ended if end <= at]
        sentence = before[-1] if before else "?"
        typed_crisis = matcher.match(sentence).name == CRISIS
        answers.append((line in safety, line, sentence, typed_crisis))
    return answers


def _percentile(values: list[float], share: float) -> float:
    return sorted(values)[round(share * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--idle-s", type=float, default=30.0, help="idle CPU measuring time")
    parser.add_argument("--chatter-s", type=float, default=300.0, help="seconds of chatter")
    parser.add_argument("--no-wake", action="store_true", help="open listening")
    parser.add_argument(
        "--trace", action="store_true", help="print what the companion heard (COMPANION_TRACE)"
    )
    args = parser.parse_args()
    if args.trace:
        os.environ["COMPANION_TRACE"] = "1"  # its trace goes to stderr, read at the end
    flags = ["--no-wake"] if args.no_wake else []
    room = Room.start()
    answers, stops, cpu, peak, present = [], [], 0.0, 0.0, 0.0
    answered: list[tuple[bool, str, str, bool]] = []
    chatter_s = 0.0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        home = folder / "home"
        past_first_run(home)
        request = "start box breathing" if args.no_wake else "companion, start box breathing"
        start = spoken(request, folder)
        stop = spoken("stop", folder)
        chatter = _chatter(folder, args.chatter_s)
        proc = start_companion(home, *flags)
        try:
            transcript_t0 = time.monotonic()
            transcript = Transcript(proc, transcript_t0)
            transcript.wait_for("Listening", timeout_s=180.0)
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
            printed_before = len(transcript.lines)
            chatter_started = time.monotonic()
            ended: list[tuple[float, str]] = []  # (seconds from t0, text) as each clip ends
            for clip, text in chatter:
                room.say(clip)
                ended.append((time.monotonic() - transcript_t0, text))
                time.sleep(0.3)
            time.sleep(2.0)
            chatter_s = time.monotonic() - chatter_started
            answered = _answers(transcript.lines[printed_before:], ended)
            peak, present = _memory_mb(proc.pid), _memory_mb(proc.pid, "VmRSS")
        finally:
            proc.kill()
            if args.trace and proc.stderr is not None:
                print(proc.stderr.read(), end="")
    mode = "open listening (--no-wake)" if args.no_wake else 'wake phrase "companion"'
    print(f"mode: {mode}")
    print(
        f"answer after end of request: median {statistics.median(answers) * 1000:.0f} ms, "
        f"p95 {_percentile(answers, 0.95) * 1000:.0f} ms "
        f"({len(answers)} of {args.trials} requests answered)"
    )
    print(
        f"spoken stop to silence: median {statistics.median(stops) * 1000:.0f} ms, "
        f"max {max(stops) * 1000:.0f} ms ({len(stops)} of {args.trials} stops heard; "
        "a missed stop lets the sentence play on)"
    )
    wakes = [a for a in answered if not a[0]]
    alarms = [a for a in answered if a[0]]
    hours = chatter_s / 3600
    print(
        f"false wakes (requests acted on): {len(wakes)} in {len(chatter)} chatter sentences "
        f"over {chatter_s:.0f} s ({len(wakes) / hours:.1f} per hour of chatter)"
    )
    print(
        f"crisis responses to chatter: {len(alarms)} ({len(alarms) / hours:.1f} per hour), "
        f"{sum(a[3] for a in alarms)} of them to sentences that read as crisis when typed"
    )
    for is_crisis, line, sentence, _ in answered:
        print(f"  {'crisis' if is_crisis else 'answer'} to {sentence!r}: {line}")
    print(f"idle listening CPU: {cpu * 100:.1f}% of one core over {args.idle_s:g} s")
    print(f"peak resident memory: {peak:.0f} MB (at the end: {present:.0f} MB)")


if __name__ == "__main__":
    main()
