"""Piper in a child process: renders like the voice in-process, leaves when idle, comes back."""

from __future__ import annotations

import time

import pytest

from companion.engines.piper_process import PiperProcess
from companion.engines.piper_tts import piper_available

pytestmark = pytest.mark.skipif(not piper_available(), reason="piper-tts is not installed")


def test_renders_speech_and_leaves_when_idle_and_comes_back() -> None:
    voice = PiperProcess(100, idle_s=1.0)
    try:
        first = voice.synthesize("Breathe in slowly.")
        assert 0.6 < first.duration_s < 3.0
        assert first.rate_hz == 22050 and max(first.pcm) > 0
        time.sleep(2.5)
        assert not voice.running  # its memory went with it
        again = voice.synthesize("Hold.")
        assert 0.2 < again.duration_s < 2.0
        assert voice.running
    finally:
        voice.close()
    assert not voice.running


def test_a_killed_child_is_started_again() -> None:
    voice = PiperProcess(100)
    try:
        voice.synthesize("One.")
        assert voice._child is not None
        voice._child.kill()
        voice._child.wait()
        assert voice.synthesize("Two.").duration_s > 0.2
    finally:
        voice.close()


def test_slower_speech_is_longer() -> None:
    normal, slow = PiperProcess(100), PiperProcess(60)
    try:
        text = "Let your shoulders drop, and let the breath out slowly."
        assert slow.synthesize(text).duration_s > 1.3 * normal.synthesize(text).duration_s
    finally:
        normal.close()
        slow.close()
