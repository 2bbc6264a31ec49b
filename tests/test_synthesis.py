"""The render cache, the fallback chain, and building the chain from settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.core.audio import AudioChunk, concat, from_samples
from companion.engines.piper_tts import Voice, piper_available
from companion.errors import EngineError
from companion.settings import VoiceSettings
from companion.synthesis import CachedSynthesizer, FallbackSynthesizer, build_synthesizer
from companion.testing import FakeSynthesizer

ROOT = Path(__file__).resolve().parents[1]


class Broken:
    """An engine that always fails, the way a real one reports it."""

    def __init__(self, reason: str = "espeak-ng crashed") -> None:
        self.reason = reason
        self.calls = 0

    def synthesize(self, text: str) -> AudioChunk:
        self.calls += 1
        raise EngineError(self.reason)


def cached(
    tmp_path: Path, inner: FakeSynthesizer, identity: str = "fake, 90 %"
) -> CachedSynthesizer:
    return CachedSynthesizer(inner, tmp_path / "cache", identity)


# --- cache -----------------------------------------------------------------------------------


def test_second_call_does_not_render_again(tmp_path: Path) -> None:
    inner = FakeSynthesizer()
    cache = cached(tmp_path, inner)
    first = cache.synthesize("Breathe in")
    assert cache.synthesize("Breathe in") == first
    assert inner.rendered == ["Breathe in"]


class LateVoice:
    """A voice that, like Piper, begins every render with 60 ms of near silence."""

    def synthesize(self, text: str) -> AudioChunk:
        hiss = from_samples([3 * (-1) ** i for i in range(960)], 16000)
        return concat([hiss, FakeSynthesizer().synthesize(text)])


def test_a_render_starts_when_its_speech_does(tmp_path: Path) -> None:
    chunk = cached(tmp_path, LateVoice()).synthesize("Breathe in")
    first_loud = next(i for i, s in enumerate(chunk.samples()) if abs(s) > 200)
    assert first_loud / 16000 <= 0.011  # 10 ms kept before it, not 60


def test_a_new_process_reuses_the_render_on_disk(tmp_path: Path) -> None:
    first = cached(tmp_path, FakeSynthesizer()).synthesize("Breathe in")
    inner = FakeSynthesizer()
    assert cached(tmp_path, inner).synthesize("Breathe in") == first
    assert inner.rendered == []


def test_renders_are_kept_as_wav_files_under_speech(tmp_path: Path) -> None:
    cache = cached(tmp_path, FakeSynthesizer())
    cache.synthesize("Breathe in")
    path = cache.path_for("Breathe in")
    assert path.parent == tmp_path / "cache" / "speech"
    assert path.read_bytes()[:4] == b"RIFF"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_another_identity_renders_again(tmp_path: Path) -> None:
    cached(tmp_path, FakeSynthesizer(), "piper, 90 %").synthesize("Breathe in")
    inner = FakeSynthesizer()
    cached(tmp_path, inner, "piper, 70 %").synthesize("Breathe in")
    assert inner.rendered == ["Breathe in"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_cache_file_is_rendered_again(tmp_path: Path, damage: str) -> None:
    cache = cached(tmp_path, FakeSynthesizer())
    good = cache.synthesize("Breathe in")
    path = cache.path_for("Breathe in")
    data = path.read_bytes()
    path.write_bytes(
        {"garbage": b"not a wav", "truncated": data[: len(data) // 2], "empty": b""}[damage]
    )
    inner = FakeSynthesizer()
    assert cached(tmp_path, inner).synthesize("Breathe in") == good
    assert inner.rendered == ["Breathe in"]
    assert path.read_bytes() == data  # and mended


def test_nothing_is_written_before_the_first_render(tmp_path: Path) -> None:
    cached(tmp_path, FakeSynthesizer())
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_warns_once_and_still_speaks(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    warnings: list[str] = []
    cache = CachedSynthesizer(FakeSynthesizer(), blocker, "fake", warn=warnings.append)
    assert cache.synthesize("Breathe in").pcm
    assert cache.synthesize("Breathe out").pcm
    assert len(warnings) == 1
    assert "cannot keep speech" in warnings[0]


def test_an_engine_error_is_not_cached(tmp_path: Path) -> None:
    broken = Broken()
    cache = CachedSynthesizer(broken, tmp_path, "broken")
    for _ in range(2):
        with pytest.raises(EngineError):
            cache.synthesize("Breathe in")
    assert broken.calls == 2


# --- fallback --------------------------------------------------------------------------------


def test_a_failing_engine_is_replaced_for_good_with_one_warning() -> None:
    broken, spare = Broken("no model"), FakeSynthesizer()
    warnings: list[str] = []
    chain = FallbackSynthesizer([("piper", broken), ("pyttsx3", spare)], warnings.append)
    assert chain.synthesize("Breathe in").pcm
    assert chain.synthesize("Breathe out").pcm
    assert warnings == ["piper failed: no model; speaking with pyttsx3 instead"]
    assert broken.calls == 1
    assert spare.rendered == ["Breathe in", "Breathe out"]
    assert chain.current == "pyttsx3"


def test_when_every_engine_fails_it_raises_engine_error() -> None:
    warnings: list[str] = []
    chain = FallbackSynthesizer(
        [("piper", Broken("no model")), ("pyttsx3", Broken("no espeak"))], warnings.append
    )
    for _ in range(2):
        with pytest.raises(EngineError, match="pyttsx3 failed: no espeak"):
            chain.synthesize("Breathe in")
    assert warnings == ["piper failed: no model; speaking with pyttsx3 instead"]


def test_a_working_engine_is_used_without_a_word() -> None:
    warnings: list[str] = []
    first, second = FakeSynthesizer(), FakeSynthesizer()
    FallbackSynthesizer([("a", first), ("b", second)], warnings.append).synthesize("Hi")
    assert (first.rendered, second.rendered, warnings) == (["Hi"], [], [])


# --- building from settings ------------------------------------------------------------------


def test_pyttsx3_never_loads_piper(tmp_path: Path) -> None:
    # A fresh process: this test session may have imported Piper already.
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from companion.settings import VoiceSettings\n"
        "from companion.synthesis import build_synthesizer\n"
        "warnings = []\n"
        "chain, text = build_synthesizer(VoiceSettings(engine='pyttsx3'), Path(sys.argv[1]),"
        " warnings.append)\n"
        "chunk = chain.synthesize('Hello')\n"
        "loaded = sorted(m for m in ('piper', 'onnxruntime') if m in sys.modules)\n"
        "print(json.dumps([text, chunk.duration_s, loaded, warnings]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    text, duration_s, loaded, warnings = json.loads(done.stdout)
    assert "espeak-ng" in text and "Piper" not in text
    assert duration_s > 0
    assert loaded == []
    assert warnings == []


def test_pyttsx3_with_an_unknown_voice_cannot_start(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"no speech engine could start.*unknown voice"):
        build_synthesizer(VoiceSettings(engine="pyttsx3", voice_id="nope"), tmp_path, print)


def test_a_piper_that_cannot_load_gives_way_to_pyttsx3_with_one_warning(tmp_path: Path) -> None:
    def broken() -> Voice:
        raise RuntimeError("model is corrupt")

    warnings: list[str] = []
    chain, text = build_synthesizer(
        VoiceSettings(engine="piper"), tmp_path, warnings.append, load_piper_voice=broken
    )
    assert chain.synthesize("Hello").pcm
    assert text.startswith("pyttsx3 + espeak-ng")
    assert len(warnings) == 1
    assert warnings[0].startswith("piper failed: Piper voice unavailable:")
    assert warnings[0].endswith("; speaking with pyttsx3 instead")


@pytest.mark.skipif(not piper_available(), reason="piper-tts is not installed")
def test_auto_speaks_with_piper_and_keeps_pyttsx3_in_reserve(tmp_path: Path) -> None:
    warnings: list[str] = []
    chain, text = build_synthesizer(VoiceSettings(engine="auto"), tmp_path, warnings.append)
    assert text.startswith("Piper, voice en_US-joe-medium")
    assert "; falling back to pyttsx3 + espeak-ng" in text
    assert "\n" not in text
    assert chain.synthesize("Hello").pcm
    assert len(list((tmp_path / "speech").glob("*.wav"))) == 1
    assert warnings == []
