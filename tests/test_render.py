"""`companion render`: a session rendered to a WAV file, every sound on its scheduled sample."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import wave
from dataclasses import replace
from pathlib import Path

from companion.chimes import load_chime
from companion.core.audio import AudioChunk
from companion.core.scripts import Breathe, ChimeStep, Say, Script, load_bundled
from companion.render import render_session
from companion.testing import FakeSynthesizer

RATE_HZ = 22050


def _script(*steps: Say | Breathe | ChimeStep) -> Script:
    return Script("t", "Test", "breathing", ("anyone",), (), tuple(steps), "t.yaml")


def test_every_sound_sits_on_its_scheduled_sample_exactly() -> None:
    voice = FakeSynthesizer(seconds_per_word=0.3, rate_hz=RATE_HZ)
    script = _script(
        Say("let us begin"),
        ChimeStep("bell"),
        Breathe({"in": 5.0, "out": 5.0}, cycles=3, tones=True, spoken_cycles=1),
    )
    chunk, events = render_session(script, {}, voice)
    samples = chunk.samples()
    assert [round(e.start_s * RATE_HZ) for e in events] == [
        0,
        round((0.9 + 0.6) * RATE_HZ),
        round(4.0 * RATE_HZ),
        round(9.0 * RATE_HZ),
        round(14.0 * RATE_HZ),
        round(19.0 * RATE_HZ),
        round(24.0 * RATE_HZ),
        round(29.0 * RATE_HZ),
    ]
    for event in events:
        sound: AudioChunk = (
            load_chime(event.text) if event.kind == "chime" else voice.synthesize(event.text)
        )
        at = round(event.start_s * RATE_HZ)
        assert samples[at : at + sound.frames] == sound.samples(), event
        assert samples[at - 1] == 0 or at == 0  # nothing was sounding just before


def test_a_later_sound_cuts_the_one_still_playing() -> None:
    voice = FakeSynthesizer(seconds_per_word=1.0, rate_hz=RATE_HZ)
    step = Breathe({"in": 2.0, "out": 2.0}, cycles=1, cues={"in": "in", "out": "out"})
    script = _script(Say("a sentence of ten words that runs on past its phase"), step)
    chunk, events = render_session(script, {}, voice)
    assert len(events) == 3
    samples = chunk.samples()
    end = round((events[-1].start_s + 1.0) * RATE_HZ)
    assert not any(samples[end : end + RATE_HZ // 2])  # "out" lasts 1 s, then quiet


def test_the_timeline_matches_the_wav_of_a_shipped_script(
    companion_home: Path, tmp_path: Path
) -> None:
    wav_path, json_path = tmp_path / "coherent.wav", tmp_path / "coherent.json"
    done = subprocess.run(
        [sys.executable, "-m", "companion", "render", "478", "-o", str(wav_path),
         "--timeline", str(json_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    timeline = json.loads(json_path.read_text())
    with wave.open(str(wav_path), "rb") as wav:
        rate, frames = wav.getframerate(), wav.getnframes()
        pcm = wav.readframes(frames)
    audio = AudioChunk(pcm, rate).samples()
    assert timeline["rate_hz"] == rate
    assert abs(timeline["duration_s"] - frames / rate) < 1e-3
    cues = timeline["cues"]
    script = load_bundled()["478"]
    assert {c["text"] for c in cues} <= set(script.spoken_texts()) | {"bell", "inhale", "exhale"}
    for cue, following in itertools.pairwise(cues):
        assert cue["sample"] == round(cue["start_s"] * rate)
        gap = following["sample"] - cue["sample"]
        assert max(abs(s) for s in audio[cue["sample"] : following["sample"]]) > 1000
        assert gap > 0
    lengths = {"in": 4.0, "hold": 7.0, "out": 8.0}
    for cue, following in itertools.pairwise(cues):  # a phase lasts its length, whatever follows
        if cue["phase"] in lengths:
            assert abs(following["start_s"] - cue["start_s"] - lengths[cue["phase"]]) < 1e-6
    texts = [c["text"] for c in cues]
    assert script.intro_text in texts  # as heard the first time, safety line included
    assert not [t for t in texts if "say stop" in t.lower() or "say faster" in t.lower()]
    assert [c["phase"] for c in cues].count("in") == 4


def test_a_rendering_leaves_hints_out_and_says_the_intro() -> None:
    voice = FakeSynthesizer(seconds_per_word=0.3, rate_hz=RATE_HZ)
    breathe = Breathe(
        {"in": 4.0, "out": 6.0},
        cycles=3,
        between=(Say("Slow and soft."), Say("If six feels long, say faster.", hint=True)),
    )
    script = replace(
        _script(Say("Say stop at any time.", hint=True), breathe), intro=("Calm breaths.",)
    )
    _chunk, events = render_session(script, {}, voice)
    assert [e.text for e in events if e.kind == "cue"] == [
        "Calm breaths.", "Breathe in", "Breathe out", "Slow and soft.", "Breathe in",
        "Breathe out", "Breathe in", "Breathe out",
    ]  # fmt: skip


def test_an_unknown_script_is_named_in_one_line(companion_home: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "companion", "render", "nope", "-o", str(tmp_path / "x.wav")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no script has id 'nope'" in done.stderr
    assert not (tmp_path / "x.wav").exists()
