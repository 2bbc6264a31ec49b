"""The test room itself: measuring helpers on synthetic audio, and the real PulseAudio room."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from room import RATE_HZ, Room, onsets, silence_after, split_stereo

from companion.core.audio import AudioChunk, rms_dbfs

# --------------------------------------------------------------------------- synthetic audio


def _tone(
    seconds: float, dbfs: float = -12.0, hz: float = 440.0, rate: int = RATE_HZ
) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return 32768 * 10 ** (dbfs / 20) * np.sin(2 * np.pi * hz * t)


def _quiet(seconds: float, rate: int = RATE_HZ) -> np.ndarray:
    return np.zeros(round(seconds * rate))


def _chunk(*parts: np.ndarray, rate: int = RATE_HZ) -> AudioChunk:
    samples = np.concatenate(parts) if parts else np.zeros(0)
    return AudioChunk(np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes(), rate)


def _write_wav(path: Path, samples: np.ndarray, rate: int = RATE_HZ) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes())
    return path


# --------------------------------------------------------------------------- onsets


def test_onsets_finds_nothing_in_digital_silence() -> None:
    assert onsets(_chunk(_quiet(2.0))) == []


def test_onsets_finds_nothing_in_an_empty_chunk() -> None:
    assert onsets(_chunk()) == []


def test_onsets_finds_the_start_of_a_tone_to_the_millisecond() -> None:
    found = onsets(_chunk(_quiet(1.2345), _tone(0.5), _quiet(1.0)))
    assert len(found) == 1
    assert found[0] == pytest.approx(1.2345, abs=0.001)


def test_onsets_counts_sound_at_the_very_start() -> None:
    assert onsets(_chunk(_tone(0.3), _quiet(0.5))) == pytest.approx([0.0], abs=0.001)


def test_onsets_needs_the_full_quiet_gap_between_sounds() -> None:
    chunk = _chunk(_quiet(0.5), _tone(0.3), _quiet(0.6), _tone(0.3), _quiet(1.5), _tone(0.3))
    found = onsets(chunk, min_gap_s=1.0)
    assert found == pytest.approx([0.5, 0.5 + 0.3 + 0.6 + 0.3 + 1.5], abs=0.002)
    assert len(onsets(chunk, min_gap_s=0.5)) == 3


def test_onsets_ignores_sound_below_the_threshold() -> None:
    noise = np.random.default_rng(1).normal(0, 32768 * 10 ** (-60 / 20), round(3.0 * RATE_HZ))
    chunk = _chunk(noise[:RATE_HZ], _tone(0.5) + noise[RATE_HZ : RATE_HZ + RATE_HZ // 2])
    assert onsets(chunk) == pytest.approx([1.0], abs=0.002)
    assert onsets(_chunk(noise)) == []
    assert onsets(_chunk(_tone(1.0, dbfs=-50.0))) == []


@settings(max_examples=60, deadline=None)
@given(
    start_s=st.floats(0.0, 2.0),
    length_s=st.floats(0.05, 1.0),
    dbfs=st.floats(-40.0, -3.0),
    hz=st.floats(200.0, 2000.0),
)
def test_onsets_and_silence_after_time_a_tone_to_a_millisecond_anywhere_in_a_frame(
    start_s: float, length_s: float, dbfs: float, hz: float
) -> None:
    start = round(start_s * RATE_HZ) / RATE_HZ
    length = round(length_s * RATE_HZ) / RATE_HZ
    chunk = _chunk(_quiet(start), _tone(length, dbfs=dbfs, hz=hz), _quiet(0.5))

    found = onsets(chunk)
    end = silence_after(chunk, 0.0)

    assert len(found) == 1
    assert found[0] == pytest.approx(start, abs=0.001)
    assert end == pytest.approx(start + length, abs=0.001)


def test_onsets_rejects_stereo() -> None:
    with pytest.raises(ValueError):
        onsets(AudioChunk(bytes(400), RATE_HZ, channels=2))


# --------------------------------------------------------------------------- silence_after


def test_silence_after_finds_the_end_of_the_last_sound() -> None:
    chunk = _chunk(_quiet(0.5), _tone(1.0), _quiet(0.2), _tone(0.7), _quiet(1.0))
    assert silence_after(chunk, 0.0) == pytest.approx(0.5 + 1.0 + 0.2 + 0.7, abs=0.002)


def test_silence_after_never_answers_before_t() -> None:
    chunk = _chunk(_quiet(0.5), _tone(0.5), _quiet(2.0))
    assert silence_after(chunk, 2.0) == 2.0


def test_silence_after_is_none_while_sound_goes_on_to_the_end() -> None:
    assert silence_after(_chunk(_quiet(0.5), _tone(1.0)), 0.0) is None


def test_silence_after_in_silence_is_t() -> None:
    assert silence_after(_chunk(_quiet(1.0)), 0.25) == 0.25


def test_split_stereo_keeps_left_and_right_apart() -> None:
    left = np.array([1, 2, 3], dtype="<i2")
    right = np.array([-1, -2, -3], dtype="<i2")
    stereo = AudioChunk(np.column_stack([left, right]).astype("<i2").tobytes(), RATE_HZ, 2, 2)
    got_left, got_right = split_stereo(stereo)
    assert np.frombuffer(got_left.pcm, dtype="<i2").tolist() == [1, 2, 3]
    assert np.frombuffer(got_right.pcm, dtype="<i2").tolist() == [-1, -2, -3]


# --------------------------------------------------------------------------- the real room


@pytest.fixture
def speech_wav(tmp_path: Path) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (bash bootstrap.sh test installs it)")
    path = tmp_path / "speech.wav"
    subprocess.run(
        ["espeak-ng", "-w", str(path), "testing one two three"],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return path


@pytest.mark.e2e
def test_room_records_what_the_speaker_plays(room: Room, speech_wav: Path) -> None:
    with room.record_speaker() as recording:
        time.sleep(0.5)
        room.play(speech_wav, room.speaker)
    chunk = recording.chunk()

    assert (chunk.rate_hz, chunk.channels, chunk.width_bytes) == (16_000, 1, 2)
    found = onsets(chunk)
    assert len(found) == 1
    assert 0.3 < found[0] < 1.5
    end = silence_after(chunk, found[0])
    assert end is not None
    # espeak-ng says the phrase in about 1.5-2 s; all of it is in the recording, and loud.
    assert 1.0 < end - found[0] < 3.0
    start, stop = round(found[0] * chunk.rate_hz), round(end * chunk.rate_hz)
    speech = AudioChunk(chunk.pcm[2 * start : 2 * stop], chunk.rate_hz)
    assert rms_dbfs(speech) > -35.0


@pytest.mark.e2e
def test_room_records_nothing_when_nothing_plays(room: Room) -> None:
    with room.record_speaker(tail_s=0.0) as recording:
        time.sleep(0.5)
    assert onsets(recording.chunk()) == []
    assert recording.chunk().duration_s >= 0.4


@pytest.mark.e2e
def test_room_times_both_sides_on_one_clock(room: Room, tmp_path: Path) -> None:
    beep = _write_wav(tmp_path / "beep.wav", _tone(0.3, hz=660.0))
    delay_s = 0.5

    with room.record_both() as recording:
        time.sleep(0.3)
        user = threading.Thread(target=room.say, args=(beep,))
        user.start()
        time.sleep(delay_s)
        room.play(beep, room.speaker)
        user.join()
    left, right = recording.chunks()

    user_onsets, program_onsets = onsets(left), onsets(right)
    assert len(user_onsets) == 1
    assert len(program_onsets) == 1
    assert program_onsets[0] - user_onsets[0] == pytest.approx(delay_s, abs=0.040)
