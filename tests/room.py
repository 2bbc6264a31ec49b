"""A real room for end-to-end tests: a PulseAudio server with virtual devices.

The set-up follows the audio-stack guide ("A real sound server for tests"):

- ``user_mouth`` is a null sink: what a test plays into it is what the "user" says. Its monitor,
  ``user_mouth.monitor``, is the default source, so the companion hears it as its microphone.
- ``room_speaker`` is a null sink and the default sink: what the companion plays lands there and
  a test records it from ``room_speaker.monitor``.
- ``recorder`` is a stereo null sink fed by two loopbacks with the same latency, user side into
  the left channel and program side into the right, so both sides are recorded on ONE clock.
  Two separate recordings start up to a second apart and cannot be compared in time.

Only numpy and the standard library are used here, besides the command-line tools of
``pulseaudio`` and ``pulseaudio-utils``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt

from companion.core.audio import AudioChunk

RATE_HZ = 16_000
"""Rate of every recording made here (what the bundled recogniser wants)."""

LOOPBACK_LATENCY_MS = 20
"""Latency of both loopbacks into the stereo recorder; equal on both sides by construction."""

_MOUTH = "user_mouth"
_SPEAKER = "room_speaker"
_RECORDER = "recorder"
_LEFT = "left_in"
_RIGHT = "right_in"

_SERVER_START_TIMEOUT_S = 10.0
_RECORD_READY_TIMEOUT_S = 5.0
_STOP_TIMEOUT_S = 5.0


class RoomError(RuntimeError):
    """The sound server or one of its tools misbehaved."""


# --------------------------------------------------------------------------- subprocesses


@contextmanager
def _running(
    args: list[str], stop_signal: signal.Signals = signal.SIGTERM
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a process for the length of the block; stop it with ``stop_signal`` and wait."""
    proc = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(stop_signal)
        try:
            proc.wait(timeout=_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def _run(args: list[str], timeout_s: float = 30.0) -> str:
    """Run a command to completion and return its stdout; raise RoomError on failure."""
    try:
        done = subprocess.run(
            args,
            env={**os.environ, "LC_ALL": "C"},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RoomError(f"{args[0]} failed: {exc}") from exc
    if done.returncode != 0:
        raise RoomError(f"{' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def _pactl(*args: str) -> str:
    return _run(["pactl", *args])


def _server_up() -> bool:
    try:
        _pactl("info")
    except RoomError:
        return False
    return True


def _short_names(kind: str) -> set[str]:
    """Names from ``pactl list short sinks|sources``."""
    names = set()
    for line in _pactl("list", "short", kind).splitlines():
        fields = line.split("\t")
        if len(fields) > 1:
            names.add(fields[1])
    return names


def _indexes(kind: str) -> dict[int, str]:
    """Device index -> name from ``pactl list short sinks|sources``."""
    found = {}
    for line in _pactl("list", "short", kind).splitlines():
        fields = line.split("\t")
        if len(fields) > 1 and fields[0].isdigit():
            found[int(fields[0])] = fields[1]
    return found


def _modules(name: str) -> dict[int, set[str]]:
    """Module index -> set of ``key=value`` arguments, for the loaded modules called ``name``."""
    found = {}
    for line in _pactl("list", "short", "modules").splitlines():
        fields = line.split("\t")
        if len(fields) > 2 and fields[1] == name and fields[0].isdigit():
            found[int(fields[0])] = set(fields[2].split())
    return found


def _streams(kind: str) -> list[tuple[int, int | None, int | None]]:
    """``(stream, owner module, device)`` indexes from ``pactl list sink-inputs|source-outputs``."""
    header = "Sink Input #" if kind == "sink-inputs" else "Source Output #"
    device_key = "Sink:" if kind == "sink-inputs" else "Source:"
    found: list[tuple[int, int | None, int | None]] = []
    stream: int | None = None
    owner: int | None = None
    device: int | None = None
    for raw in [*_pactl("list", kind).splitlines(), header + "-1"]:
        line = raw.strip()
        if line.startswith(header):
            if stream is not None:
                found.append((stream, owner, device))
            stream, owner, device = int(line[len(header) :]), None, None
        elif line.startswith("Owner Module:"):
            value = line.split(":", 1)[1].strip()
            owner = int(value) if value.isdigit() else None
        elif line.startswith(device_key):
            value = line.split(":", 1)[1].strip()
            device = int(value) if value.isdigit() else None
    return found


def _ensure_loopback(source: str, sink: str) -> None:
    """Make sure one loopback runs from ``source`` to ``sink`` and its streams are there.

    module-loopback does not pin its streams: when the default source or sink changes,
    PulseAudio moves them to the new default (seen with 16.1: the room_speaker loopback ended
    up on user_mouth.monitor and both channels recorded the user). So check and move back.
    """
    wanted = {f"source={source}", f"sink={sink}"}
    owned = [index for index, args in _modules("module-loopback").items() if wanted <= args]
    if not owned:
        module = _pactl(
            "load-module",
            "module-loopback",
            f"source={source}",
            f"sink={sink}",
            f"latency_msec={LOOPBACK_LATENCY_MS}",
        ).strip()
        if not module.isdigit():
            raise RoomError(f"pactl load-module module-loopback printed {module!r}")
        owned = [int(module)]
    for kind, names, target, move in (
        ("source-outputs", _indexes("sources"), source, "move-source-output"),
        ("sink-inputs", _indexes("sinks"), sink, "move-sink-input"),
    ):
        for stream, owner, device in _streams(kind):
            if owner in owned and (device is None or names.get(device) != target):
                _pactl(move, str(stream), target)


# --------------------------------------------------------------------------- audio files


def _read_wav(path: Path) -> AudioChunk:
    """Read a 16-bit PCM WAV file into a chunk (all channels, interleaved)."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise RoomError(f"{path.name}: expected 16-bit samples, got {wav.getsampwidth() * 8}")
        pcm = wav.readframes(wav.getnframes())
        return AudioChunk(pcm, wav.getframerate(), 2, wav.getnchannels())


def split_stereo(chunk: AudioChunk) -> tuple[AudioChunk, AudioChunk]:
    """The left and right channels of a 16-bit stereo chunk, as mono chunks."""
    if chunk.channels != 2 or chunk.width_bytes != 2:
        raise ValueError("expected 16-bit stereo audio")
    frames = np.frombuffer(chunk.pcm, dtype="<i2")[: 2 * chunk.frames].reshape(-1, 2)
    left = AudioChunk(frames[:, 0].astype("<i2").tobytes(), chunk.rate_hz)
    right = AudioChunk(frames[:, 1].astype("<i2").tobytes(), chunk.rate_hz)
    return left, right


# --------------------------------------------------------------------------- recordings


class Recording:
    """What one device played while a ``with`` block ran; read it with :meth:`chunk` after."""

    def __init__(self) -> None:
        self._chunk: AudioChunk | None = None

    def chunk(self) -> AudioChunk:
        """The recording as 16 kHz mono 16-bit audio; only after the ``with`` block ended."""
        if self._chunk is None:
            raise RuntimeError("the recording is read after its with-block has ended")
        return self._chunk


class BothRecording:
    """Both sides of the room on one clock: left is the user, right is the program."""

    def __init__(self) -> None:
        self._stereo: AudioChunk | None = None

    def stereo(self) -> AudioChunk:
        """The raw 16 kHz stereo recording; only after the ``with`` block ended."""
        if self._stereo is None:
            raise RuntimeError("the recording is read after its with-block has ended")
        return self._stereo

    def chunks(self) -> tuple[AudioChunk, AudioChunk]:
        """``(user, program)`` as 16 kHz mono chunks that share one time axis."""
        return split_stereo(self.stereo())

    def left(self) -> AudioChunk:
        """What the user said (``user_mouth``)."""
        return self.chunks()[0]

    def right(self) -> AudioChunk:
        """What the program played (``room_speaker``)."""
        return self.chunks()[1]


@contextmanager
def _parecord(device: str, channels: int, tail_s: float) -> Iterator[list[AudioChunk]]:
    """Record ``device`` for the block; the recording is appended to the yielded list after it.

    The block starts only when audio is already arriving, so nothing played inside is lost;
    ``tail_s`` more seconds are recorded after it, for what is still on its way through the
    server. parecord is stopped with SIGINT: SIGTERM leaves the file cut short.
    """
    result: list[AudioChunk] = []
    with tempfile.TemporaryDirectory(prefix="room-") as tmp:
        path = Path(tmp) / "recording.wav"
        args = [
            "parecord",
            f"--device={device}",
            f"--channels={channels}",
            f"--rate={RATE_HZ}",
            "--format=s16le",
            "--latency-msec=10",
            "--file-format=wav",
            str(path),
        ]
        with _running(args, stop_signal=signal.SIGINT) as proc:
            _wait_until_recording(proc, path)
            yield result
            time.sleep(tail_s)
        if proc.returncode not in (0, -signal.SIGINT):
            raise RoomError(f"parecord from {device} exited {proc.returncode}")
        chunk = _read_wav(path)
    if (chunk.rate_hz, chunk.channels) != (RATE_HZ, channels):
        raise RoomError(f"parecord wrote {chunk.rate_hz} Hz x {chunk.channels}, not as asked")
    result.append(chunk)


def _wait_until_recording(proc: subprocess.Popen[bytes], path: Path) -> None:
    """Wait until parecord has written some audio beyond the header."""
    deadline = time.monotonic() + _RECORD_READY_TIMEOUT_S
    first_size = -1
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RoomError(f"parecord exited {proc.returncode}: {err.strip()}")
        size = path.stat().st_size if path.exists() else 0
        if size > 0 and first_size < 0:
            first_size = size
        # Data has arrived after the header was written: the stream is running.
        if first_size >= 0 and size > first_size and size > 1024:
            return
        time.sleep(0.005)
    raise RoomError(f"parecord wrote no audio within {_RECORD_READY_TIMEOUT_S} s")


# --------------------------------------------------------------------------- the room


class Room:
    """A PulseAudio server with a mouth for the user, a speaker for the program and a recorder."""

    mouth = _MOUTH
    speaker = _SPEAKER

    @classmethod
    def start(cls) -> Room:
        """Start the server if needed and load the virtual devices that are missing."""
        for tool in ("pulseaudio", "pactl", "paplay", "parecord"):
            if shutil.which(tool) is None:
                raise RoomError(f"{tool} is not installed (apt-get install pulseaudio-utils)")
        if not _server_up():
            _start_server()
        sinks = _short_names("sinks")
        for name in (_MOUTH, _SPEAKER):
            if name not in sinks:
                _pactl("load-module", "module-null-sink", f"sink_name={name}")
        # Defaults first: changing them later would move the loopbacks' streams.
        _pactl("set-default-sink", _SPEAKER)
        _pactl("set-default-source", f"{_MOUTH}.monitor")
        if _RECORDER not in sinks:
            _pactl(
                "load-module",
                "module-null-sink",
                f"sink_name={_RECORDER}",
                "channels=2",
                "channel_map=front-left,front-right",
            )
        for name, channel in ((_LEFT, "front-left"), (_RIGHT, "front-right")):
            if name not in sinks:
                _pactl(
                    "load-module",
                    "module-remap-sink",
                    f"sink_name={name}",
                    f"master={_RECORDER}",
                    "channels=1",
                    f"master_channel_map={channel}",
                    "channel_map=mono",
                    "remix=no",
                )
        _ensure_routing()
        return cls()

    def play(self, wav_path: str | os.PathLike[str], device: str) -> None:
        """Play a sound file into a sink, in real time; return when it has been played."""
        _run(["paplay", f"--device={device}", os.fspath(wav_path)], timeout_s=600)

    def say(self, wav_path: str | os.PathLike[str]) -> None:
        """The user speaks: play a sound file into ``user_mouth``; return when it is over."""
        self.play(wav_path, _MOUTH)

    @contextmanager
    def record_speaker(self, tail_s: float = 0.3) -> Iterator[Recording]:
        """Record what ``room_speaker`` plays while the block runs (plus ``tail_s``).

        ``recording.chunk()`` is 16 kHz mono 16-bit audio, available after the block.
        """
        recording = Recording()
        with _parecord(f"{_SPEAKER}.monitor", 1, tail_s) as result:
            yield recording
        recording._chunk = result[0]

    @contextmanager
    def record_both(self, tail_s: float = 0.3) -> Iterator[BothRecording]:
        """Record user (left) and program (right) on one clock while the block runs."""
        _ensure_routing()  # someone may have changed the defaults since start()
        recording = BothRecording()
        with _parecord(f"{_RECORDER}.monitor", 2, tail_s) as result:
            yield recording
        recording._stereo = result[0]


def _ensure_routing() -> None:
    """Both loopbacks into the stereo recorder exist and carry the right side each."""
    _ensure_loopback(f"{_MOUTH}.monitor", _LEFT)
    _ensure_loopback(f"{_SPEAKER}.monitor", _RIGHT)


def _start_server() -> None:
    """Start a PulseAudio daemon that does not exit when idle, and wait until it answers."""
    args = ["pulseaudio", "-D", "--exit-idle-time=-1"]
    try:
        subprocess.run(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=_SERVER_START_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RoomError("pulseaudio -D did not return") from exc
    deadline = time.monotonic() + _SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if _server_up():
            return
        time.sleep(0.1)
    raise RoomError("the PulseAudio server did not start (try: pulseaudio -D --exit-idle-time=-1)")


# --------------------------------------------------------------------------- measuring


def _mono_samples(chunk: AudioChunk) -> npt.NDArray[np.float64]:
    if chunk.channels != 1 or chunk.width_bytes != 2:
        raise ValueError("expected 16-bit mono audio (see split_stereo)")
    return np.frombuffer(chunk.pcm, dtype="<i2")[: chunk.frames].astype(np.float64)


def _loud_frames(
    samples: npt.NDArray[np.float64], frame_len: int, threshold_dbfs: float
) -> npt.NDArray[np.bool_]:
    """For each frame of ``frame_len`` samples (the last may be shorter): RMS >= threshold."""
    if samples.size == 0:
        return np.zeros(0, dtype=np.bool_)
    starts = np.arange(0, samples.size, frame_len)
    sums = np.add.reduceat(samples * samples, starts)
    lengths = np.diff(np.append(starts, samples.size))
    floor = (32768.0 * 10 ** (threshold_dbfs / 20)) ** 2
    loud: npt.NDArray[np.bool_] = sums / lengths >= floor
    return loud


def _frame_len(chunk: AudioChunk, frame_s: float) -> int:
    if frame_s <= 0:
        raise ValueError("frame_s must be positive")
    return max(1, round(frame_s * chunk.rate_hz))


def _amplitude(threshold_dbfs: float) -> float:
    return 32768.0 * 10 ** (threshold_dbfs / 20)


_REFINE_WINDOW_S = 0.002
"""Sub-frame refinement follows sound sample by sample across gaps up to this long."""


def _first_sound(
    samples: npt.NDArray[np.float64], level: float, start: int, frame_len: int, window: int
) -> int:
    """Index where the sound of the loud frame at ``start`` begins, looking one frame back."""
    frame = np.abs(samples[start : start + frame_len])
    above = np.flatnonzero(frame >= level)
    pos = start + (int(above[0]) if above.size else 0)
    limit = max(0, start - frame_len)
    while pos > limit:
        low = max(limit, pos - window)
        back = np.flatnonzero(np.abs(samples[low:pos]) >= level)
        if back.size == 0:
            break
        pos = low + int(back[0])
    return pos


def _end_of_sound(
    samples: npt.NDArray[np.float64], level: float, start: int, frame_len: int, window: int
) -> int:
    """Index just after the sound of the loud frame at ``start``, looking one frame ahead."""
    frame = np.abs(samples[start : start + frame_len])
    above = np.flatnonzero(frame >= level)
    end = start + (int(above[-1]) + 1 if above.size else frame.size)
    limit = min(samples.size, start + 2 * frame_len)
    while end < limit:
        high = min(limit, end + window)
        ahead = np.flatnonzero(np.abs(samples[end:high]) >= level)
        if ahead.size == 0:
            break
        end += int(ahead[-1]) + 1
    return end


def onsets(
    chunk: AudioChunk,
    threshold_dbfs: float = -45.0,
    min_gap_s: float = 1.0,
    frame_s: float = 0.01,
) -> list[float]:
    """Seconds at which sound starts after at least ``min_gap_s`` of quiet.

    Audio is cut into frames of ``frame_s``; a frame is quiet when its RMS is below
    ``threshold_dbfs``. The time before the chunk counts as quiet, so the first sound is always
    an onset. The time is then refined to the first sample of the sound whose magnitude reaches
    the threshold level (followed back into the quiet frame before, across gaps of up to 2 ms),
    so a tone's start is found to within a millisecond wherever it falls in its frame.
    """
    samples = _mono_samples(chunk)
    frame_len = _frame_len(chunk, frame_s)
    loud = _loud_frames(samples, frame_len, threshold_dbfs)
    gap_frames = max(1, round(min_gap_s / frame_s))
    level = _amplitude(threshold_dbfs)
    window = max(1, round(_REFINE_WINDOW_S * chunk.rate_hz))
    found: list[float] = []
    quiet_run = gap_frames  # the time before the chunk is quiet
    for index, is_loud in enumerate(loud):
        if not is_loud:
            quiet_run += 1
            continue
        if quiet_run >= gap_frames:
            first = _first_sound(samples, level, index * frame_len, frame_len, window)
            found.append(first / chunk.rate_hz)
        quiet_run = 0
    return found


def silence_after(
    chunk: AudioChunk, t: float, threshold_dbfs: float = -45.0, frame_s: float = 0.01
) -> float | None:
    """The first time >= ``t`` after which the rest of the chunk is quiet.

    Frames are judged as in :func:`onsets`. ``None`` when sound is still going at the end of
    the chunk. The time is refined to just after the last sample of the sound that reaches the
    threshold level (followed into the quiet frame after, across gaps of up to 2 ms).
    """
    samples = _mono_samples(chunk)
    frame_len = _frame_len(chunk, frame_s)
    loud = _loud_frames(samples, frame_len, threshold_dbfs)
    loud_at = np.flatnonzero(loud)
    if loud_at.size == 0:
        return max(t, 0.0)
    last = int(loud_at[-1])
    if last == loud.size - 1:
        return None
    window = max(1, round(_REFINE_WINDOW_S * chunk.rate_hz))
    level = _amplitude(threshold_dbfs)
    end = _end_of_sound(samples, level, last * frame_len, frame_len, window)
    return max(t, end / chunk.rate_hz)
