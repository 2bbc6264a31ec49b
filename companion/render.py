"""`companion render SCRIPT -o out.wav [--timeline out.json]`: a whole guided session rendered
offline to a WAV file, each sound placed at its scheduled sample, with a JSON timeline.

A rendering is the session as heard the first time (with its intro and safety line), without
what only makes sense live: no hint tells the listener what to say, no question is asked
again, and there are no check-ins.

Every sound starts at round(start_s * rate) exactly, and cuts whatever still sounds at that
moment, as the live speaker does.
"""

from __future__ import annotations

import array
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from companion.chimes import load_chime
from companion.core.audio import AudioChunk
from companion.core.playthrough import Scheduled, play_through
from companion.core.ports import Synthesizer
from companion.core.scripts import Script
from companion.core.session import SessionRunner
from companion.engines.wav_io import resample, write_wav
from companion.errors import CompanionError

TAIL_S = 1.0
"""Quiet kept after the last sound."""


def render_session(
    script: Script,
    library: Mapping[str, Script],
    voice: Synthesizer,
    chime: Callable[[str], AudioChunk] = load_chime,
) -> tuple[AudioChunk, list[Scheduled]]:
    """The session as one mono chunk, and the schedule its sounds were placed on."""
    rendered: dict[tuple[str, str], AudioChunk] = {}

    def sound(kind: str, text: str) -> AudioChunk:
        if (kind, text) not in rendered:
            rendered[kind, text] = chime(text) if kind == "chime" else voice.synthesize(text)
        return rendered[kind, text]

    def speech_s(text: str) -> float:
        return sound("cue", text).duration_s

    # As heard the first time, with no hints: nobody can say "faster" to a file.
    runner = SessionRunner(script, library, speech_s, 0.0, introduce=True, hints=False)
    events, end_s = play_through(runner)
    rate_hz = sound("cue", events[0].text).rate_hz if events else 22050
    samples = array.array("h", bytes(2 * round((end_s + TAIL_S) * rate_hz)))
    for event in events:
        chunk = sound(event.kind, event.text)
        if chunk.rate_hz != rate_hz:
            chunk = resample(chunk, rate_hz)
        _place(samples, round(event.start_s * rate_hz), chunk)
    return AudioChunk(samples.tobytes(), rate_hz), events


def _place(samples: array.array[int], at: int, chunk: AudioChunk) -> None:
    """Cut what still sounds from `at` on, then write `chunk` there."""
    body = chunk.samples()
    end = at + len(body)
    if end > len(samples):
        samples.extend(array.array("h", bytes(2 * (end - len(samples)))))
    samples[at:] = array.array("h", bytes(2 * (len(samples) - at)))
    samples[at:end] = body


def timeline_json(script: Script, chunk: AudioChunk, events: list[Scheduled]) -> dict[str, object]:
    """The JSON timeline: every sound's start second and sample, in order."""
    return {
        "script": script.id,
        "rate_hz": chunk.rate_hz,
        "duration_s": round(chunk.duration_s, 3),
        "cues": [
            {
                "start_s": round(e.start_s, 6),
                "sample": round(e.start_s * chunk.rate_hz),
                "kind": e.kind,
                "phase": e.phase,
                "text": e.text,
            }
            for e in events
        ],
    }


def write_outputs(
    script: Script,
    chunk: AudioChunk,
    events: list[Scheduled],
    wav_path: Path,
    timeline_path: Path | None,
    out: TextIO,
) -> None:
    """Write the WAV (and the timeline) whole or not at all."""
    _atomically(wav_path, lambda tmp: write_wav(tmp, chunk))
    if timeline_path is not None:
        text = json.dumps(timeline_json(script, chunk, events), indent=1)
        _atomically(timeline_path, lambda tmp: tmp.write_text(text + "\n", "utf-8"))
    minutes = chunk.duration_s / 60
    print(f"Wrote {wav_path} ({minutes:.1f} min, {len(events)} cues)", file=out)
    if timeline_path is not None:
        print(f"Wrote {timeline_path}", file=out)


def _atomically(path: Path, write: Callable[[Path], object]) -> None:
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CompanionError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise CompanionError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
