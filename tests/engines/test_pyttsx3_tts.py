"""pyttsx3 + espeak-ng rendering to memory (espeak-ng is installed on test machines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.engines.pyttsx3_tts import UNAVAILABLE, Pyttsx3Synthesizer
from companion.errors import EngineError


def test_renders_a_short_phrase_at_22050_hz(tmp_path: Path) -> None:
    chunk = Pyttsx3Synthesizer(None, 100, tmp_path).synthesize("Breathe in")
    assert chunk.rate_hz == 22050
    assert chunk.channels == 1
    assert chunk.pcm
    assert 0.3 <= chunk.duration_s <= 2.0


def test_slower_rate_gives_longer_audio(tmp_path: Path) -> None:
    slow = Pyttsx3Synthesizer(None, 50, tmp_path).synthesize("Breathe in")
    fast = Pyttsx3Synthesizer(None, 150, tmp_path).synthesize("Breathe in")
    assert slow.duration_s > fast.duration_s


def test_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Pyttsx3Synthesizer(None, 90, tmp_path).synthesize("Breathe in")
    assert capsys.readouterr().out == ""


def test_leaves_no_files_behind(tmp_path: Path) -> None:
    Pyttsx3Synthesizer(None, 90, tmp_path).synthesize("Breathe in")
    assert list(tmp_path.iterdir()) == []


def test_empty_text_is_an_empty_chunk(tmp_path: Path) -> None:
    assert Pyttsx3Synthesizer(None, 90, tmp_path).synthesize("").pcm == b""


def test_voice_can_be_named_by_short_id(tmp_path: Path) -> None:
    synthesizer = Pyttsx3Synthesizer("en-us", 90, tmp_path)
    assert "gmw/en-us" in synthesizer.describe()
    assert synthesizer.synthesize("Hello").pcm


def test_describe_names_engine_voice_and_rate(tmp_path: Path) -> None:
    text = Pyttsx3Synthesizer(None, 90, tmp_path).describe()
    assert "espeak-ng" in text
    assert "gmw/en" in text
    assert "180 words per minute" in text


def test_unknown_voice_lists_some_available_ones(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="unknown voice 'no-such-voice'") as caught:
        Pyttsx3Synthesizer("no-such-voice", 90, tmp_path)
    assert "gmw/en" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_espeak_is_one_line_with_install_command(tmp_path: Path) -> None:
    def no_espeak() -> object:
        raise OSError("libespeak-ng.so.1: cannot open shared object file")

    with pytest.raises(EngineError) as caught:
        Pyttsx3Synthesizer(None, 90, tmp_path, load_engine=no_espeak)
    assert str(caught.value) == UNAVAILABLE
    assert "sudo apt-get install espeak-ng" in str(caught.value)


def test_missing_work_dir_is_an_engine_error(tmp_path: Path) -> None:
    synthesizer = Pyttsx3Synthesizer(None, 90, tmp_path / "absent")
    with pytest.raises(EngineError, match="cannot write speech"):
        synthesizer.synthesize("Breathe in")
