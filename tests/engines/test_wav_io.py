"""WAV reading and writing, and the rate and channel conversions."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from companion.core.audio import AudioChunk
from companion.engines.wav_io import mix_to_mono, read_wav, resample, write_wav
from companion.errors import EngineError


def _tone(duration_s: float, rate_hz: int, freq_hz: float = 440.0) -> AudioChunk:
    t = np.arange(round(duration_s * rate_hz)) / rate_hz
    return AudioChunk((np.sin(2 * np.pi * freq_hz * t) * 10000).astype("<i2").tobytes(), rate_hz)


def test_round_trip_keeps_samples_and_format(tmp_path: Path) -> None:
    chunk = AudioChunk(bytes(range(256)) * 4, 16000, channels=2)
    write_wav(tmp_path / "a.wav", chunk)
    assert read_wav(tmp_path / "a.wav") == chunk


def test_other_widths_are_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "8bit.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(bytes(800))
    with pytest.raises(EngineError, match="8-bit WAV is not supported") as caught:
        read_wav(path)
    assert "\n" not in str(caught.value)


def test_not_a_wav_is_an_engine_error(tmp_path: Path) -> None:
    path = tmp_path / "text.wav"
    path.write_text("hello")
    with pytest.raises(EngineError, match="cannot read WAV file"):
        read_wav(path)


@pytest.mark.parametrize(("source", "target"), [(22050, 16000), (16000, 22050), (44100, 22050)])
def test_resample_preserves_duration(source: int, target: int) -> None:
    chunk = _tone(1.5, source)
    out = resample(chunk, target)
    assert out.rate_hz == target
    assert out.duration_s == pytest.approx(chunk.duration_s, abs=1 / target)


def test_resample_keeps_the_pitch() -> None:
    out = resample(_tone(1.0, 22050, freq_hz=440), 16000)
    spectrum = np.abs(np.fft.rfft(np.frombuffer(out.pcm, dtype="<i2")))
    peak_hz = np.argmax(spectrum) * out.rate_hz / out.frames
    assert peak_hz == pytest.approx(440, abs=2)


def test_resample_to_the_same_rate_is_a_no_op() -> None:
    chunk = _tone(0.1, 16000)
    assert resample(chunk, 16000) is chunk


def test_mix_to_mono_averages_channels() -> None:
    stereo = np.array([[1000, 3000], [-2000, 0]], dtype="<i2")
    mono = mix_to_mono(AudioChunk(stereo.tobytes(), 8000, channels=2))
    assert mono.channels == 1
    assert list(np.frombuffer(mono.pcm, dtype="<i2")) == [2000, -1000]


def test_downsampling_does_not_fold_high_sound_into_the_speech_band() -> None:
    import numpy as np

    t = np.arange(48000) / 48000
    tone = (10000 * np.sin(2 * np.pi * 12000 * t)).astype("<i2")  # aliases to 4 kHz unfiltered
    out = resample(AudioChunk(tone.tobytes(), 48000), 16000)
    rms = float(np.sqrt(np.mean(np.frombuffer(out.pcm, "<i2").astype(float) ** 2)))
    assert rms < 0.05 * 10000 / np.sqrt(2)
