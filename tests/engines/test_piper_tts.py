"""Piper with the bundled joe voice, rendering for real (and heard by the real recogniser)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from companion.core.audio import AudioChunk, rms_dbfs
from companion.engines.piper_tts import (
    INSTALL,
    SENTENCE_GAP_S,
    PiperSynthesizer,
    Sentence,
    Voice,
    load_joe_voice,
    piper_available,
)
from companion.engines.wav_io import resample
from companion.errors import EngineError

pytestmark = pytest.mark.skipif(not piper_available(), reason="piper-tts is not installed")

SENTENCE = "Breathe in slowly through your nose."


@pytest.fixture(scope="module")
def joe() -> Voice:
    """The real voice, loaded once (0.6 s) and shared by synthesizers of different rates."""
    return load_joe_voice()


def piper(joe: Voice, rate_percent: int = 100) -> PiperSynthesizer:
    return PiperSynthesizer(rate_percent, load_voice=lambda: joe)


def test_renders_a_sentence_as_audible_mono_speech(joe: Voice) -> None:
    chunk = piper(joe).synthesize(SENTENCE)
    assert (chunk.rate_hz, chunk.channels, chunk.width_bytes) == (22050, 1, 2)
    assert 1.0 <= chunk.duration_s <= 4.0  # about 2.2 s measured
    assert rms_dbfs(chunk) > -30  # Piper normalises each sentence to full scale


def test_half_rate_is_clearly_slower(joe: Voice) -> None:
    normal = piper(joe, 100).synthesize(SENTENCE).duration_s
    slow = piper(joe, 50).synthesize(SENTENCE).duration_s
    assert slow > 1.6 * normal


def test_sentences_are_joined_by_a_pause(joe: Voice) -> None:
    one = piper(joe).synthesize("Breathe in.").duration_s
    two = piper(joe).synthesize("Breathe in. Breathe in.").duration_s
    assert two >= 2 * one + SENTENCE_GAP_S - 0.15  # renders vary a little from call to call


def test_empty_text_is_an_empty_chunk(joe: Voice) -> None:
    assert piper(joe).synthesize("").pcm == b""


def test_describe_names_engine_voice_and_rate(joe: Voice) -> None:
    text = piper(joe, 90).describe()
    assert "Piper" in text
    assert "en_US-joe-medium" in text
    assert "90 %" in text
    assert "\n" not in text


def test_the_default_loader_speaks_and_leaves_no_files_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # Piper's download_dir defaults to the working directory
    assert PiperSynthesizer(90).synthesize("Hello").pcm
    assert list(tmp_path.iterdir()) == []


def test_a_missing_package_names_the_install_command() -> None:
    def missing() -> Voice:
        raise ModuleNotFoundError("No module named 'piper'", name="piper")

    with pytest.raises(EngineError, match="piper not installed") as caught:
        PiperSynthesizer(90, load_voice=missing)
    assert f"(install: {INSTALL})" in str(caught.value)


def test_a_voice_that_fails_to_load_is_one_line() -> None:
    def broken() -> Voice:
        raise RuntimeError("[ONNXRuntimeError] : 7 : INVALID_PROTOBUF\nmodel is corrupt")

    with pytest.raises(EngineError, match="cannot load en_US-joe-medium") as caught:
        PiperSynthesizer(90, load_voice=broken)
    assert "\n" not in str(caught.value)
    assert INSTALL in str(caught.value)


class _FailingVoice:
    """Raises what onnxruntime raises when a run fails (its classes derive from Exception)."""

    def synthesize(self, text: str, syn_config: Any = None) -> Iterable[Sentence]:
        from onnxruntime.capi.onnxruntime_pybind11_state import Fail

        raise Fail("[ONNXRuntimeError] : 1 : FAIL : Non-zero status code\nstack trace follows")


def test_an_onnxruntime_error_while_speaking_is_an_engine_error() -> None:
    synthesizer = PiperSynthesizer(90, load_voice=_FailingVoice)
    with pytest.raises(EngineError, match="Piper speech synthesis failed: Fail:") as caught:
        synthesizer.synthesize("Hello")
    assert "\n" not in str(caught.value)


def test_rate_must_be_positive(joe: Voice) -> None:
    with pytest.raises(ValueError, match="positive"):
        piper(joe, 0)


def test_the_recogniser_hears_piper_asking_for_box_breathing(joe: Voice) -> None:
    from companion.core.intents import IntentMatcher
    from companion.core.understanding import Understanding
    from companion.engines.whisper_asr import WhisperRecognizer

    matcher = IntentMatcher.bundled()
    recognizer = WhisperRecognizer(hints=matcher.grammar.hints)
    speech = resample(piper(joe, 90).synthesize("start box breathing"), 16_000)
    pad = bytes(2 * 4800)  # 0.3 s of room before and after, as a microphone would give
    heard = recognizer.recognize(AudioChunk(pad + speech.pcm + pad, 16_000), "idle")
    intent = Understanding(matcher, scorer=recognizer).read(heard, "idle").intent
    assert (intent.name, dict(intent.slots)) == ("breathe", {"pattern": "box"})
