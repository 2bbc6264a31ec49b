"""Pacing of a guided session: the rendered audio against its schedule, and the live session
heard through a PulseAudio room against the same schedule.

The coherent-breathing script (10 minutes of in 5 / out 5: spoken cues for the first cycles,
then inhale and exhale tones) is rendered offline with the voice the companion would use, and
each sound is checked to sit exactly on its sample. Then the real companion (`companion --text`)
runs the same session into the room's speaker, which is recorded for the whole session. Onsets
are found in both with one detector and the same parameters (room.onsets on 16 kHz audio; the
render is resampled to the recording's rate first), and each scheduled sound's live onset is
compared with its onset in the render, after taking away the constant offset between the two
(the session's start and the output latency). Printed: sounds expected and found, the median and
maximum onset error, the drift from the first breathing cycles to the last, and the output
latency measured from each printed cue line (printed and recorded times share the benchmark's
clock only roughly: the recording starts some tens of ms before its clock is read, so that
latency reads high by about as much; onset errors and drift, on the recording's clock alone,
are not affected).

Targets (the issue): rendered audio exact to the sample; live, median onset error under 10 ms,
maximum under 40 ms, no drift over 10 minutes.

The live run uses a PulseAudio server of its own (tests/private_room.py) with the room's devices
(tests/room.py) loaded into it, so that tests playing into the machine's shared room at the
same time cannot add sounds to the recording; --shared-server runs it in the shared room.
The companion's home (settings, a shorter script for --minutes, the speech cache) is kept in
benchmarks/.cache/pacing_home, so reruns need no new speech.

    .venv/bin/python benchmarks/pacing_error.py [--minutes 10] [--skip-live] [--shared-server]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from companion_process import typed_session
from private_room import private_server
from room import RATE_HZ, Room, onsets

from companion.chimes import load_chime
from companion.core.audio import AudioChunk
from companion.core.playthrough import Scheduled
from companion.core.scripts import load_library
from companion.engines.wav_io import resample
from companion.render import render_session
from companion.settings import Paths, VoiceSettings, paths_from_env
from companion.synthesis import build_synthesizer

HOME = Path(__file__).resolve().parent / ".cache" / "pacing_home"
SCRIPT_ID = "coherent"
SHIPPED_MINUTES = 10.0
REQUEST = "start coherent breathing"
CLOSING = "Well done."
"""The start of the closing sentence: the session is over once it has been said."""

THRESHOLD_DBFS = -45.0
QUIET_BEFORE_S = 0.5
"""An onset is sound after at least this much quiet: sentences and cues, not the words."""
FRAME_S = 0.01
MATCH_S = 0.25
"""A live onset further than this from where a sound is expected does not count as it."""
DRIFT_CYCLES = 5
START_SEARCH_S = 5.0
"""The session's first sound is looked for this long after the request was typed."""
END_TAIL_S = 3.0
"""Recording kept after the closing sentence has been said."""


@dataclass(frozen=True)
class Sound:
    """One scheduled sound of the session, as rendered."""

    event: Scheduled
    chunk: AudioChunk
    """The synthesized speech or the chime, at the render's rate."""
    at: int
    """Its first sample in the render."""
    until: int
    """One past its last sample in the render (the next sound cuts it)."""
    onset_s: float | None
    """Its audible onset in the render (seconds from the session's start); None when the
    detector finds none inside it."""

    @property
    def tone(self) -> bool:
        return self.event.kind == "chime"


def _onsets(chunk: AudioChunk) -> list[float]:
    """The one detector, with the one set of parameters, for rendered and live audio."""
    return onsets(chunk, threshold_dbfs=THRESHOLD_DBFS, min_gap_s=QUIET_BEFORE_S, frame_s=FRAME_S)


# --------------------------------------------------------------------------- the home


def _script_yaml(minutes: float) -> str:
    """The shipped coherent script with its breathing step shortened to `minutes`."""
    text = resources.files("companion.bundled_scripts").joinpath(f"{SCRIPT_ID}.yaml").read_text()
    shorter, count = re.subn(
        r"^(\s+minutes:\s*)\S+\s*$", rf"\g<1>{minutes:g}", text, flags=re.MULTILINE
    )
    if count != 1:
        raise SystemExit(f"expected one 'minutes:' line in {SCRIPT_ID}.yaml, found {count}")
    return shorter


def prepare_home(minutes: float) -> Paths:
    """The benchmark's COMPANION_HOME: no check-ins, the script at `minutes`, no history."""
    paths = paths_from_env({"COMPANION_HOME": str(HOME)})
    paths.ensure()
    paths.settings_file.write_text("sessions:\n  check_ins: false\n")
    user_script = paths.scripts_dir / f"{SCRIPT_ID}.yaml"
    if minutes == SHIPPED_MINUTES:
        user_script.unlink(missing_ok=True)
    else:
        paths.scripts_dir.mkdir(parents=True, exist_ok=True)
        user_script.write_text(_script_yaml(minutes))
    shutil.rmtree(paths.data_dir)  # last run's history and first-run marker
    paths.data_dir.mkdir()
    return paths


# --------------------------------------------------------------------------- rendered


def render(paths: Paths) -> tuple[AudioChunk, list[Sound], str]:
    """The session rendered as the companion would voice it, each sound with its extent and
    audible onset, and a description of the voice."""
    library = load_library(paths.scripts_dir)
    for problem in library.problems:
        raise SystemExit(f"a script of the benchmark's home is broken: {problem}")
    warn = lambda message: print(message, file=sys.stderr)  # noqa: E731
    voice, description = build_synthesizer(VoiceSettings(), paths.cache_dir, warn)
    chunk, events = render_session(library.scripts[SCRIPT_ID], library.scripts, voice)
    heard = _onsets(resample(chunk, RATE_HZ))
    sounds = []
    for index, event in enumerate(events):
        own = load_chime(event.text) if event.kind == "chime" else voice.synthesize(event.text)
        own = resample(own, chunk.rate_hz)  # as render_session does; a no-op at one rate
        at = round(event.start_s * chunk.rate_hz)
        until = at + own.frames
        if index + 1 < len(events):
            until = min(until, round(events[index + 1].start_s * chunk.rate_hz))
        start, end = at / chunk.rate_hz, until / chunk.rate_hz
        # The 16 kHz resampling filter may lead a sharp start by a fraction of a millisecond.
        inside = [t for t in heard if start - 0.002 <= t < end]
        sounds.append(Sound(event, own, at, until, inside[0] if inside else None))
    return chunk, sounds, description


def placement(chunk: AudioChunk, sounds: list[Sound]) -> tuple[int, int]:
    """(sounds whose samples differ from their own chunk's, largest sample difference)."""
    rendered = np.frombuffer(chunk.pcm, dtype="<i2").astype(np.int32)
    off, worst = 0, 0
    for sound in sounds:
        own = np.frombuffer(sound.chunk.pcm, dtype="<i2").astype(np.int32)
        own = own[: sound.until - sound.at]
        there = rendered[sound.at : sound.at + own.size]
        difference = int(np.max(np.abs(there - own))) if own.size else 0
        if there.size != own.size:
            difference = max(difference, 32767)
        off += difference > 0
        worst = max(worst, difference)
    return off, worst


# --------------------------------------------------------------------------- live


@dataclass
class Live:
    """What the room's speaker played during the session, on the recording's clock."""

    sound: AudioChunk
    printed: list[tuple[float, str]]
    """Every line the companion printed, with when it was read (s from the recording's start)."""
    typed_s: float
    """When the request was typed."""
    server: str


@contextmanager
def _sound_server(shared: bool) -> Iterator[str]:
    """The room's server for the block: the machine's own, or a private one for this run."""
    if shared:
        yield "the shared room (the machine's default PulseAudio server)"
        return
    saved = {k: os.environ.get(k) for k in ("PULSE_SERVER", "PULSE_SINK", "PULSE_SOURCE")}
    with private_server() as server:
        os.environ.pop("PULSE_SINK", None)
        os.environ.pop("PULSE_SOURCE", None)
        os.environ["PULSE_SERVER"] = server.env()["PULSE_SERVER"]  # for pactl, parecord, the app
        try:
            yield "a private PulseAudio server with the room's devices (tests/private_room.py)"
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def run_live(paths: Paths, duration_s: float, closing_s: float, shared: bool) -> Live:
    """The companion runs the session through the room while its speaker is recorded."""
    with _sound_server(shared) as server:
        room = Room.start()
        with typed_session(room, paths.config_dir.parent) as session:
            time.sleep(1.0)
            typed = session.type(REQUEST)
            said = session.wait_for(CLOSING, timeout_s=duration_s + 120.0)
            time.sleep(max(0.0, said + closing_s + END_TAIL_S - (time.monotonic() - session.t0)))
        assert session.sound is not None and session.transcript is not None
        return Live(session.sound, list(session.transcript.lines), typed, server)


def align(
    expected: list[float], heard: list[float], first_after: float
) -> tuple[float, list[float | None]]:
    """The constant offset from render time to recording time, and each expected onset's live
    onset (None when none lies within MATCH_S of where it is expected)."""
    times = np.array(heard)

    def matches(offset: float) -> list[float | None]:
        found: list[float | None] = []
        for t in expected:
            if times.size == 0:
                found.append(None)
                continue
            nearest = float(times[np.argmin(np.abs(times - (t + offset)))])
            found.append(nearest if abs(nearest - t - offset) <= MATCH_S else None)
        return found

    # Candidates: the session's first sound is one of the onsets just after the request.
    starts = [h for h in heard if first_after <= h <= first_after + START_SEARCH_S]
    candidates = [h - expected[0] for h in starts] or [first_after - expected[0]]
    rough = max(candidates, key=lambda c: sum(m is not None for m in matches(c)))
    differences = [h - t for h, t in zip(matches(rough), expected, strict=True) if h is not None]
    offset = statistics.median(differences) if differences else rough
    return offset, matches(offset)


def printed_times(live: Live, sounds: list[Sound]) -> list[float | None]:
    """For each sound, when its line was printed (spoken sounds only), matched in order."""
    lines = [(at, text.strip()) for at, text in live.printed if at >= live.typed_s]
    times: list[float | None] = []
    next_line = 0
    for sound in sounds:
        found = None
        if sound.event.kind == "cue":
            for index in range(next_line, len(lines)):
                if lines[index][1] == sound.event.text:
                    found, next_line = lines[index][0], index + 1
                    break
        times.append(found)
    return times


# --------------------------------------------------------------------------- report


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _summary(errors: list[float]) -> str:
    if not errors:
        return "none"
    size = [abs(e) for e in errors]
    return f"median |error| {_ms(statistics.median(size))}, max {_ms(max(size))} ({len(size)})"


def _cycles(sounds: list[Sound], errors: list[float | None]) -> list[list[float]]:
    """Errors of the breathing sounds, grouped by cycle (each starts at an inhale)."""
    cycles: list[list[float]] = []
    for sound, error in zip(sounds, errors, strict=True):
        phase = sound.event.text if sound.tone else sound.event.phase
        if phase in ("in", "inhale"):
            cycles.append([])
        if phase in ("in", "out", "inhale", "exhale") and cycles and error is not None:
            cycles[-1].append(error)
    return [cycle for cycle in cycles if cycle]


def report_live(live: Live, sounds: list[Sound]) -> None:
    """Print how far each sound's live onset lands from its rendered one."""
    expected = [s.onset_s for s in sounds if s.onset_s is not None]
    heard = _onsets(live.sound)
    offset, found = align(expected, heard, live.typed_s)
    matched = iter(found)
    live_at = [None if s.onset_s is None else next(matched) for s in sounds]
    errors = [
        None if h is None or s.onset_s is None else h - s.onset_s - offset
        for s, h in zip(sounds, live_at, strict=True)
    ]
    measured = [e for e in errors if e is not None]
    used = {h for h in found if h is not None}
    first, last = offset + expected[0] - MATCH_S, offset + expected[-1] + MATCH_S
    stray = [h for h in heard if first <= h <= last and h not in used]
    print(f"live: {live.server}; recorded {live.sound.duration_s:.1f} s at {live.sound.rate_hz} Hz")
    where = ", ".join(f"{h - offset:.2f}" for h in stray[:8])
    print(
        f"onsets: {len(expected)} expected, {len(measured)} found within {_ms(MATCH_S)}; "
        f"{len(stray)} other onsets during the session"
        + (f" (at {where} s of the schedule)" if stray else "")
    )
    for sound, error in zip(sounds, errors, strict=True):
        if sound.onset_s is not None and error is None:
            print(f"  missed: {_name(sound)}")
    if not measured:
        return
    size = [abs(e) for e in measured]
    print(
        f"onset error: median |error| {_ms(statistics.median(size))} (target < 10 ms), "
        f"max |error| {_ms(max(size))} (target < 40 ms)"
    )
    speech = [e for s, e in zip(sounds, errors, strict=True) if e is not None and not s.tone]
    tones = [e for s, e in zip(sounds, errors, strict=True) if e is not None and s.tone]
    print(f"  speech: {_summary(speech)}; tones: {_summary(tones)}")
    worst = max(range(len(sounds)), key=lambda i: abs(errors[i] or 0.0))
    print(f"  largest: {_ms(errors[worst] or 0.0)}, {_name(sounds[worst])}")
    cycles = _cycles(sounds, errors)
    if len(cycles) >= 2:
        count = max(1, min(DRIFT_CYCLES, len(cycles) // 2))
        early = statistics.mean(e for cycle in cycles[:count] for e in cycle)
        late = statistics.mean(e for cycle in cycles[-count:] for e in cycle)
        times = [s.event.start_s for s, e in zip(sounds, errors, strict=True) if e is not None]
        fit = np.polyfit(times, measured, 1)
        span = times[-1] - times[0]
        residuals = np.abs(np.array(measured) - np.polyval(fit, times))
        print(
            f"drift: mean error of the last {count} breathing cycles minus the first {count}: "
            f"{_ms(late - early)} ({len(cycles)} cycles)"
        )
        print(
            f"  line fitted to all errors: {_ms(fit[0] * span)} over {span / 60:.1f} min "
            f"({fit[0] * 1e6:.0f} ppm); about that line: median |error| "
            f"{_ms(float(np.median(residuals)))}, max {_ms(float(residuals.max()))}"
        )
    # The companion prints a cue as it hands the sound to the speaker.
    printed = [
        (s.event.start_s, h - p - (s.onset_s - s.event.start_s))
        for s, p, h in zip(sounds, printed_times(live, sounds), live_at, strict=True)
        if p is not None and h is not None and s.onset_s is not None
    ]
    if printed:
        latencies = [latency for _, latency in printed]
        print(
            f"latency, printed cue line to its sound: median {_ms(statistics.median(latencies))}, "
            f"range {_ms(min(latencies))} to {_ms(max(latencies))} ({len(latencies)} spoken "
            f"cues, the last at {printed[-1][0]:.0f} s; tones are not printed)"
        )
    first = next((s, h) for s, h in zip(sounds, live_at, strict=True) if h is not None)
    start = first[1] - ((first[0].onset_s or 0.0) - first[0].event.start_s)
    print(f"first sound's start heard {_ms(start - live.typed_s)} after the request was typed")


def _name(sound: Sound) -> str:
    return f"{sound.event.kind} {sound.event.text!r} at {sound.event.start_s:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--minutes", type=float, default=SHIPPED_MINUTES, help="breathing minutes (default 10)"
    )
    parser.add_argument("--skip-live", action="store_true", help="check the rendering only")
    parser.add_argument(
        "--shared-server",
        action="store_true",
        help="play through the machine's shared room, not a private PulseAudio server",
    )
    args = parser.parse_args()
    command = shlex.join([os.path.relpath(sys.executable), *sys.argv])
    print(f"command: {command}")
    print(f"date: {datetime.now().astimezone().isoformat(timespec='seconds')}")
    paths = prepare_home(args.minutes)
    chunk, sounds, voice = render(paths)
    tones = sum(s.tone for s in sounds)
    print(f"script: {SCRIPT_ID}, breathing for {args.minutes:g} min; voice: {voice}")
    print(
        f"rendered: {len(sounds)} sounds ({len(sounds) - tones} spoken, {tones} tones), "
        f"{chunk.duration_s:.1f} s at {chunk.rate_hz} Hz"
    )
    off, worst = placement(chunk, sounds)
    print(
        f"rendered placement: {off} of {len(sounds)} sounds off their sample; "
        f"max sample error {worst} (target 0)"
    )
    audible = [s for s in sounds if s.onset_s is not None]
    for kind, group in (
        ("speech", [s for s in audible if not s.tone]),
        ("tones", [s for s in audible if s.tone]),
    ):
        delays = [(s.onset_s or 0.0) - s.event.start_s for s in group]
        if delays:
            print(
                f"  audible onset after the scheduled start, {kind}: "
                f"{_ms(min(delays))} to {_ms(max(delays))}"
            )
    print(
        f"onset detector: {THRESHOLD_DBFS:g} dBFS, {_ms(QUIET_BEFORE_S)} of quiet before, "
        f"{_ms(FRAME_S)} frames, on {RATE_HZ} Hz audio; "
        f"{len(audible)} of {len(sounds)} sounds have an onset of their own in the render"
    )
    for sound in sounds:
        if sound.onset_s is None:
            print(f"  no onset of its own: {_name(sound)}")
    if args.skip_live:
        return
    print(f"load average before the live run: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    closing = next(s for s in reversed(sounds) if s.event.text.startswith(CLOSING))
    live = run_live(paths, chunk.duration_s, closing.chunk.duration_s, args.shared_server)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    report_live(live, sounds)


if __name__ == "__main__":
    main()
