"""The speaker through a real PulseAudio server: devices, timing of play(), and stop().

A stand-in device that vanishes and returns checks the reconnection logic in a second; the
real thing (a sound server killed mid-session) is in test_device_loss.py.

Timing tests play into a private null sink (PULSE_SINK routes the ALSA 'default' device there)
so that other tests playing into room_speaker at the same moment cannot spoil the recording.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from companion.core.audio import AudioChunk
from companion.core.backoff import Backoff
from companion.engines.microphone import Microphone
from companion.engines.sounddevice_io import (
    NO_MICROPHONE,
    PORTAUDIO_MISSING,
    SpeakerSink,
    default_input_available,
    default_output_available,
    list_devices,
)
from companion.engines.wav_io import read_wav
from companion.errors import AudioDeviceError

TEST_SINK = "engine_test_speaker"
RATE_HZ = 22050


def _pactl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def pulse() -> Iterator[None]:
    """A running PulseAudio server with the guide's sinks; sounddevice sees it afresh."""
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed")
    if _pactl("info").returncode != 0:
        subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1"], check=False)
        deadline = time.monotonic() + 10
        while _pactl("info").returncode != 0 and time.monotonic() < deadline:
            time.sleep(0.1)
    sinks = _pactl("list", "short", "sinks").stdout
    for name in ("room_speaker", "user_mouth"):
        if f"\t{name}\t" not in sinks:
            _pactl("load-module", "module-null-sink", f"sink_name={name}")
    if "room_speaker" not in _pactl("get-default-sink").stdout:
        _pactl("set-default-sink", "room_speaker")
        _pactl("set-default-source", "user_mouth.monitor")
    import sounddevice as sd

    sd._terminate()  # PortAudio lists devices once; make it look again now the server is up
    sd._initialize()
    yield


@pytest.fixture(scope="module")
def private_sink(pulse: None) -> Iterator[str]:
    """A null sink of this module's own, removed afterwards."""
    module = _pactl("load-module", "module-null-sink", f"sink_name={TEST_SINK}").stdout.strip()
    yield TEST_SINK
    if module.isdigit():
        _pactl("unload-module", module)


@pytest.fixture
def test_sink(private_sink: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The sink that a SpeakerSink opened in this test plays into; its monitor is recorded."""
    monkeypatch.setenv("PULSE_SINK", private_sink)  # read by libpulse when a stream opens
    return private_sink


@contextmanager
def _recording(sink: str, path: Path) -> Iterator[None]:
    """Record the sink's monitor at 16 kHz mono; SIGINT so parecord finishes the file."""
    args = ["parecord", f"--device={sink}.monitor", "--rate=16000", "--channels=1"]
    proc = subprocess.Popen([*args, "--file-format=wav", str(path)])
    try:
        deadline = time.monotonic() + 5
        while (not path.exists() or path.stat().st_size < 8000) and time.monotonic() < deadline:
            time.sleep(0.05)
        yield
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=5)


def _tone(duration_s: float, rate_hz: int = RATE_HZ, freq_hz: float = 1000) -> AudioChunk:
    t = np.arange(round(duration_s * rate_hz)) / rate_hz
    return AudioChunk((np.sin(2 * np.pi * freq_hz * t) * 12000).astype("<i2").tobytes(), rate_hz)


def _bursts(path: Path) -> list[tuple[float, float]]:
    """(onset, end) in seconds of each sound in a recording, split at gaps over 0.1 s."""
    chunk = read_wav(path)
    samples = np.abs(np.frombuffer(chunk.pcm, dtype="<i2").astype(float))
    loud = np.flatnonzero(samples > 0.25 * samples.max())
    if loud.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(loud) > 0.1 * chunk.rate_hz)
    starts = np.r_[loud[0], loud[breaks + 1]]
    ends = np.r_[loud[breaks], loud[-1]]
    return [(s / chunk.rate_hz, e / chunk.rate_hz) for s, e in zip(starts, ends, strict=True)]


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def test_lists_the_sound_server_devices(pulse: None) -> None:
    inputs, outputs = list_devices()
    assert "default" in inputs
    assert "default" in outputs


def test_default_devices_are_available_with_the_server_up(pulse: None) -> None:
    assert default_input_available() is None
    assert default_output_available() is None


class _NoInputs:
    """sounddevice stand-in: a machine with a speaker and no microphone."""

    class PortAudioError(Exception):
        pass

    def query_devices(self, kind: str | None = None) -> Any:
        speaker = {"name": "hdmi", "index": 0, "max_input_channels": 0, "max_output_channels": 2}
        if kind == "input":
            raise self.PortAudioError("no default input device")
        return speaker if kind == "output" else [speaker]


def test_reports_no_microphone_in_one_line() -> None:
    assert default_input_available(_NoInputs()) == NO_MICROPHONE
    assert default_output_available(_NoInputs()) is None


def test_reports_missing_portaudio_with_its_install_command() -> None:
    code = (
        "import ctypes.util\n"
        "ctypes.util.find_library = lambda name: None\n"  # as if libportaudio2 were absent
        "from companion.engines.sounddevice_io import default_output_available\n"
        "print(default_output_available())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert done.stdout.strip() == PORTAUDIO_MISSING


def test_unknown_device_is_an_audio_device_error(pulse: None) -> None:
    with pytest.raises(AudioDeviceError, match="cannot open the speaker") as caught:
        SpeakerSink(device="no such device").open()
    assert "\n" not in str(caught.value)


def test_play_keeps_a_one_second_grid(test_sink: str, tmp_path: Path) -> None:
    out = tmp_path / "grid.wav"
    calls = []
    with _recording(test_sink, out), SpeakerSink() as sink:
        start = time.monotonic() + 0.3
        for k in range(3):
            _sleep_until(start + k)
            calls.append(time.monotonic())
            sink.play(_tone(0.2))
        assert sink.wait_idle(3.0)
        time.sleep(0.2)
    onsets = [onset for onset, _ in _bursts(out)]
    assert len(onsets) == 3
    intervals = np.diff(onsets)
    print(f"latency_s={sink.latency_s:.4f} intervals={intervals} calls={np.diff(calls)}")
    assert np.all(np.abs(intervals - 1.0) <= 0.030)


def test_play_at_keeps_a_grid_exact_to_a_few_ms_over_a_minute_and_cuts_the_one_before(
    test_sink: str, tmp_path: Path
) -> None:
    """Behind ALSA's PulseAudio plugin the device takes some 250 ppm more frames than it plays
    (15 ms late after a minute with play()); play_at counts on the frame clock instead."""
    out = tmp_path / "grid_at.wav"
    with _recording(test_sink, out), SpeakerSink() as sink:
        start = time.monotonic() + 1.0
        for k in range(31):
            _sleep_until(start + 2 * k - 0.5)  # handed over half a second ahead
            sink.play_at(
                _tone(2.5 if k == 0 else 0.2, freq_hz=500 if k == 0 else 1000), start + 2 * k
            )
        _sleep_until(start + 61)
    bursts = _bursts(out)
    # the 2.5 s tone was cut where the next began: the two sound as one burst of 2.2 s
    (first, first_end), rest = bursts[0], bursts[1:]
    assert abs((first_end - first) - 2.2) < 0.03, bursts[0]
    onsets = np.array([first] + [onset for onset, _ in rest])
    expected = np.array([0.0] + [2.0 * k for k in range(2, 31)])
    assert len(onsets) == len(expected), bursts
    drift = (onsets - first) - expected
    print(f"drift from the 2 s grid: max {np.abs(drift).max() * 1000:.1f} ms")
    assert np.abs(drift).max() <= 0.005


def test_stop_silences_within_150_ms(test_sink: str, tmp_path: Path) -> None:
    out = tmp_path / "stop.wav"
    with _recording(test_sink, out), SpeakerSink() as sink:
        time.sleep(0.3)
        played = time.monotonic()
        sink.play(_tone(2.0))
        _sleep_until(played + 0.5)
        stopped = time.monotonic()
        sink.stop()
        time.sleep(0.5)
        assert not sink.is_playing()
    [(onset, end)] = _bursts(out)
    # onset = play call + latency_s + server delay; end = stop call + stop delay + server delay.
    stop_delay = (end - onset) - (stopped - played) + sink.latency_s
    print(f"stop delay {stop_delay * 1000:.1f} ms (latency_s {sink.latency_s * 1000:.1f} ms)")
    assert stop_delay <= 0.150


def test_queued_chunks_play_back_to_back_and_drain_waits(test_sink: str, tmp_path: Path) -> None:
    out = tmp_path / "queue.wav"
    with _recording(test_sink, out), SpeakerSink() as sink:
        time.sleep(0.3)
        begun = time.monotonic()
        sink.play(_tone(0.3))
        sink.play(_tone(0.3, rate_hz=16000))  # resampled on the way in
        assert sink.is_playing()
        sink.drain(3.0)
        assert time.monotonic() - begun >= 0.6
        assert not sink.is_playing()
        time.sleep(0.2)
    [(onset, end)] = _bursts(out)
    assert end - onset == pytest.approx(0.6, abs=0.01)


# --------------------------------------------------------------------------- a vanishing device


class _Vanishing:
    """sounddevice stand-in whose one device can die and come back, as a sound server does."""

    class PortAudioError(Exception):
        pass

    def __init__(self) -> None:
        self.down = False
        self.streams: list[_FakeStream] = []

    def query_devices(self, kind: str | None = None) -> Any:
        device = {"name": "default", "index": 0, "max_input_channels": 1, "max_output_channels": 1}
        return device if kind else [device]

    def RawOutputStream(self, **settings: Any) -> _FakeStream:
        return self._stream(settings)

    def RawInputStream(self, **settings: Any) -> _FakeStream:
        return self._stream(settings)

    def _stream(self, settings: dict[str, Any]) -> _FakeStream:
        if self.down:
            raise self.PortAudioError("Illegal combination of I/O devices [PaErrorCode -9993]")
        stream = _FakeStream(settings)
        self.streams.append(stream)
        return stream

    def vanish(self) -> None:
        """The server dies: every running stream ends and new ones cannot open."""
        self.down = True
        for stream in self.streams:
            stream.die()


class _FakeStream:
    """Calls its callback every block from a thread, as PortAudio does, until stopped."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self._callback = settings["callback"]
        self._finished = settings["finished_callback"]
        self._frames = settings["blocksize"]
        self._running = threading.Event()
        self.active = False

    def start(self) -> None:
        self.active = True
        self._running.set()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while self._running.is_set():
            now = time.monotonic()
            timing = SimpleNamespace(currentTime=now, outputBufferDacTime=now + 0.01)
            self._callback(bytearray(2 * self._frames), self._frames, timing, None)
            time.sleep(0.02)

    def die(self) -> None:
        if self.active:
            self.stop()
            self._finished()

    def stop(self, ignore_errors: bool = True) -> None:
        self._running.clear()
        self.active = False

    def close(self, ignore_errors: bool = True) -> None:
        self.stop()


FAST = Backoff(first_s=0.05, max_s=0.2)


def _eventually(check: Any, timeout_s: float = 3.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "condition never held"
        time.sleep(0.01)


def test_lost_speaker_says_so_once_drops_sound_and_comes_back() -> None:
    backend, notices = _Vanishing(), list[str]()
    with SpeakerSink(backend=backend, notice=notices.append, backoff=FAST) as sink:
        backend.vanish()
        _eventually(lambda: notices == ["Speaker lost (its audio stream stopped); retrying."])
        sink.play(_tone(0.5))  # dropped, no exception
        assert not sink.is_playing()
        time.sleep(0.5)  # several failed retries: still one notice
        backend.down = False
        _eventually(lambda: notices[1:] == ["Speaker back."])
        sink.play(_tone(0.1))
        assert sink.is_playing()
    assert len(notices) == 2


def test_stop_and_drain_return_at_once_on_a_lost_speaker() -> None:
    backend = _Vanishing()
    with SpeakerSink(backend=backend, backoff=FAST) as sink:
        sink.play(_tone(5.0))
        backend.vanish()
        _eventually(lambda: not sink.healthy)
        begun = time.monotonic()
        sink.drain(10.0)
        sink.stop()
        assert sink.wait_idle(10.0)
        assert time.monotonic() - begun < 0.1


def test_lost_microphone_reads_nothing_until_it_is_back() -> None:
    backend, notices = _Vanishing(), list[str]()
    with Microphone(backend=backend, notice=notices.append, backoff=FAST) as microphone:
        assert microphone.read(timeout_s=1.0) is not None
        backend.vanish()
        _eventually(lambda: len(notices) == 1)
        while microphone.read(timeout_s=0.05) is not None:  # frames from before the loss
            pass
        assert microphone.read(timeout_s=0.2) is None
        assert not microphone.active
        backend.down = False
        _eventually(lambda: notices[1:] == ["Microphone back."])
        assert microphone.read(timeout_s=1.0) is not None
    assert notices[0] == "Microphone lost (its audio stream stopped); retrying."


def test_close_does_not_wait_for_a_device_that_stays_away() -> None:
    backend = _Vanishing()
    sink = SpeakerSink(backend=backend, backoff=Backoff(first_s=5.0, max_s=5.0)).open()
    backend.vanish()
    _eventually(lambda: not sink.healthy)
    begun = time.monotonic()
    sink.close()
    assert time.monotonic() - begun < 0.5
