"""Sound devices through sounddevice (PortAudio): what exists, and a speaker that keeps time.

Streams outlive their device: when it vanishes (the sound server dies) they say so once, reopen
with back-off and say when it is back (DeviceStream).

The speaker keeps one output stream open for its whole life. Opening a stream costs time (on a
PulseAudio null sink the first samples waited 1.1-1.9 s for the sink to wake), and an exercise
cue that starts late breaks the breathing grid. Each chunk is placed sample-exactly at
"play() call + latency_s" using PortAudio's DAC time, so callback jitter does not move it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Self

from companion.core.audio import AudioChunk
from companion.core.backoff import Backoff
from companion.engines.wav_io import mix_to_mono, resample
from companion.errors import AudioDeviceError

DEFAULT_RATE_HZ = 22050
"""What espeak-ng and piper voices render; other rates are resampled in play()."""

BLOCK_S = 0.02
"""Callback block: stop() takes effect at the next block, so this bounds its delay."""

SCHEDULE_MARGIN_S = 2 * BLOCK_S
"""Lead beyond the device delay so the callback that owns a chunk's start runs after play()."""

START_TIMEOUT_S = 5.0
"""How long open() waits for the device to start consuming audio."""

WATCH_S = 0.5
"""How often a stream's watchdog checks it still runs, should PortAudio not say it ended."""

CLOSE_WAIT_S = 1.0
"""Longest close() waits for a reopen in progress; that reopen then releases its own stream."""

PORTAUDIO_MISSING = "PortAudio not found (install: sudo apt-get install libportaudio2)"
NO_MICROPHONE = "no microphone found"
NO_SPEAKER = "no speaker found"
_PREFERRED = ("default", "pulse")  # ALSA names that route through the sound server

Kind = Literal["input", "output"]
Notice = Callable[[str], None]
"""Told one line when a device is lost and one when it is back."""

_PORTAUDIO = threading.Lock()
"""PortAudio is one library for the whole process: streams open and close one at a time."""


def _sounddevice() -> Any:
    """The sounddevice module, imported late: it loads PortAudio on import."""
    try:
        import sounddevice
    except OSError as exc:  # sounddevice raises OSError when libportaudio is missing
        raise AudioDeviceError(PORTAUDIO_MISSING) from exc
    except ImportError as exc:
        raise AudioDeviceError(
            "sounddevice not installed (install: pip install sounddevice)"
        ) from exc
    return sounddevice


def portaudio_version() -> str:
    """PortAudio's version text; AudioDeviceError with the install command when it is missing."""
    return str(_sounddevice().get_portaudio_version()[1])


def _channels_key(kind: Kind) -> str:
    return "max_input_channels" if kind == "input" else "max_output_channels"


def list_devices(backend: Any | None = None) -> tuple[list[str], list[str]]:
    """Names of the (input, output) devices; `backend` is sounddevice or a stand-in."""
    sd = backend or _sounddevice()
    devices = list(sd.query_devices())
    inputs = [str(d["name"]) for d in devices if d["max_input_channels"] > 0]
    outputs = [str(d["name"]) for d in devices if d["max_output_channels"] > 0]
    return inputs, outputs


def pick_device(kind: Kind, backend: Any | None = None) -> int | None:
    """The device to use: ALSA 'default' or 'pulse' first, else PortAudio's default, else any."""
    sd = backend or _sounddevice()
    devices = list(sd.query_devices())
    usable = [d for d in devices if d[_channels_key(kind)] > 0]
    for name in _PREFERRED:
        for device in usable:
            if device["name"] == name:
                return int(device["index"])
    try:
        return int(sd.query_devices(kind=kind)["index"])
    except sd.PortAudioError:
        return int(usable[0]["index"]) if usable else None


def default_input_available(backend: Any | None = None) -> str | None:
    """None when a microphone can be opened, else the reason in one line."""
    return _available("input", NO_MICROPHONE, backend)


def default_output_available(backend: Any | None = None) -> str | None:
    """None when a speaker can be opened, else the reason in one line."""
    return _available("output", NO_SPEAKER, backend)


def _available(kind: Kind, missing: str, backend: Any | None) -> str | None:
    try:
        return None if pick_device(kind, backend) is not None else missing
    except AudioDeviceError as exc:
        return str(exc)


@dataclass
class _Pending:
    pcm: memoryview
    """16-bit mono samples at the sink's rate."""
    start_at: float
    """Monotonic time the first sample should reach the DAC; past means 'as soon as possible'."""
    cuts: bool = False
    """At its start it silences whatever before it still plays (a timed cue)."""


class DeviceStream:
    """A PortAudio stream owned for a block that outlives its device going away.

    `with` opens it, leaving stops and releases it. When the sound server dies PortAudio ends
    the stream on its own (its callback thread stops and `finished_callback` runs). A watchdog
    thread then tells `notice` once, reopens the stream with back-off, and tells it once more
    when the device is back. PortAudio is not re-initialised: the ALSA 'pulse' and 'default'
    devices it listed stay valid and reconnect to the server at each open, whereas a fresh
    initialisation while the server is down lists no devices at all and would also end every
    other open stream.
    """

    label = "Sound device"
    """How notices name the device."""

    def __init__(self, notice: Notice | None = None, backoff: Backoff | None = None) -> None:
        self._notice = notice or _ignore
        self._backoff = backoff or Backoff()
        self._stream: Any = None
        self._guard = threading.Lock()  # no use of a stream while another thread releases it
        self._ended = threading.Event()  # set by PortAudio when a stream ends, or by close()
        self._closing = threading.Event()
        self._watchdog: threading.Thread | None = None

    def open(self) -> Self:
        """Open and start the stream; AudioDeviceError when the device cannot be used."""
        if self._stream is not None:
            return self
        self._stream = self._start()
        self._closing.clear()
        self._watchdog = threading.Thread(
            target=self._watch, daemon=True, name=f"{self.label} watchdog"
        )
        self._watchdog.start()
        return self

    def __enter__(self) -> Self:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the stream (what the device already holds still plays) and release it."""
        self._closing.set()
        self._ended.set()
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is not None:
            watchdog.join(CLOSE_WAIT_S)  # a reopen in progress releases its own stream
        self._swap(None)

    @property
    def healthy(self) -> bool:
        """True while the stream runs; False before open, after close and while lost."""
        with self._guard:
            return self._stream is not None and bool(self._stream.active)

    def _start(self) -> Any:
        """A started stream whose finished_callback is `self._ended.set`; AudioDeviceError."""
        raise NotImplementedError

    def _on_lost(self) -> None:
        """Drop what only the lost stream could have delivered (called by the watchdog)."""

    def _on_back(self) -> None:
        """Take requests again (called by the watchdog just before the new stream is used)."""

    def _swap(self, stream: Any) -> None:
        """Use `stream` from now on; no thread can use the old one while it is released."""
        with self._guard:
            old, self._stream = self._stream, stream
            _release(old)

    def _watch(self) -> None:
        while not self._closing.is_set():
            self._ended.wait(WATCH_S)  # PortAudio's word is quickest; polling is the fallback
            self._ended.clear()
            if not self._closing.is_set() and not self.healthy:
                self._recover()

    def _recover(self) -> None:
        """Announce the loss, reopen with back-off until it works or close() is called."""
        self._on_lost()
        self._notice(f"{self.label} lost (its audio stream stopped); retrying.")
        for delay in self._backoff.delays():
            if self._closing.wait(delay):
                return
            try:
                stream = self._start()
            except AudioDeviceError:
                continue
            if self._closing.is_set():  # close() gave up waiting for us: tidy up alone
                _release(stream)
                return
            self._on_back()
            self._swap(stream)
            self._notice(f"{self.label} back.")
            return


def start_stream(sd: Any, kind: Kind, device: int | str | None, **settings: Any) -> Any:
    """A started 16-bit mono raw stream on `device` (None: pick_device); AudioDeviceError."""
    what = "microphone" if kind == "input" else "speaker"
    with _PORTAUDIO:
        chosen = device if device is not None else pick_device(kind, sd)
        make = sd.RawInputStream if kind == "input" else sd.RawOutputStream
        stream = None
        try:
            stream = make(device=chosen, channels=1, dtype="int16", **settings)
            stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            if stream is not None:
                stream.close(ignore_errors=True)
            raise AudioDeviceError(f"cannot open the {what}: {_one_line(exc)}") from exc
    return stream


def _ignore(message: str) -> None:
    """The notice when nobody listens."""


def _release(stream: Any) -> None:
    """Stop and close a stream, alive or dead, without raising."""
    if stream is not None:
        with _PORTAUDIO:
            stream.stop(ignore_errors=True)
            stream.close(ignore_errors=True)


class SpeakerSink(DeviceStream):
    """An AudioSink on one long-lived PortAudio output stream; use it as a context manager.

    While the device is lost, play() drops sound (the text is printed anyway) and the stream
    is reopened in the background; stop(), drain() and wait_idle() return at once.
    """

    label = "Speaker"

    def __init__(
        self,
        rate_hz: int = DEFAULT_RATE_HZ,
        device: int | str | None = None,
        *,
        backend: Any | None = None,
        notice: Notice | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        """Remember the settings; nothing is opened until open() or `with`."""
        super().__init__(notice, backoff)
        self.rate_hz = rate_hz
        self._device = device
        self._backend = backend
        self._block_frames = round(rate_hz * BLOCK_S)
        self._silence = memoryview(bytes(2 * rate_hz))  # 1 s: more than any block PortAudio asks
        self._lock = threading.Lock()
        self._queue: deque[_Pending] = deque()
        self._offset = 0  # bytes of _queue[0] already written
        self._idle = threading.Event()
        self._idle.set()
        self._heard_until = 0.0  # monotonic time the last written sample reaches the DAC
        self._delay_s = 0.0  # callback -> DAC, as PortAudio last reported it
        self._last_callback = 0.0
        self._paced = 0  # callbacks paced by the device rather than by the start-up prefill
        self._frames_out = 0  # frames handed to PortAudio since the stream started
        self._anchor: tuple[float, int] | None = None  # (DAC time, frame) of the frame clock
        self._flowing = threading.Event()
        self._latency_s = 0.0
        self._down = False  # lost: play() drops sound until the stream is back

    @property
    def latency_s(self) -> float:
        """Seconds from a play() call to its first sample at the DAC; measured at each (re)open."""
        return self._latency_s

    def _start(self) -> Any:
        """Open and start the stream, and wait until the device really consumes audio."""
        sd = self._backend or _sounddevice()
        self._paced, self._last_callback = 0, 0.0
        self._frames_out, self._anchor = 0, None
        self._flowing.clear()
        stream = start_stream(
            sd,
            "output",
            self._device,
            samplerate=self.rate_hz,
            blocksize=self._block_frames,
            latency="low",
            callback=self._fill,
            finished_callback=self._ended.set,
        )
        if not self._flowing.wait(START_TIMEOUT_S):
            _release(stream)
            raise AudioDeviceError(f"the speaker did not start within {START_TIMEOUT_S:g} s")
        self._latency_s = self._delay_s + SCHEDULE_MARGIN_S
        return stream

    def _on_lost(self) -> None:
        with self._lock:
            self._down = True
        self._drop(time.monotonic())  # nothing queued will be heard: let drain() return now

    def _on_back(self) -> None:
        with self._lock:
            self._down = False

    def play(self, chunk: AudioChunk) -> None:
        """Queue `chunk` to start at the call time + latency_s, or after what is queued.

        On a lost device the chunk is dropped: a cue heard late would break the breathing
        grid, and the text is printed anyway.
        """
        self._queue_chunk(chunk, time.monotonic() + self.latency_s, cuts=False)

    def play_at(self, chunk: AudioChunk, at_s: float) -> None:
        """Start `chunk` when the monotonic clock reads `at_s` (as soon as possible if that is
        too near), silencing then whatever still plays. Heard at `at_s` to the frame, however
        early it is queued: a breathing cue asked for ahead of time lands on its grid."""
        self._queue_chunk(chunk, at_s, cuts=True)

    def _queue_chunk(self, chunk: AudioChunk, start_at: float, cuts: bool) -> None:
        if self._stream is None:
            raise RuntimeError("SpeakerSink.play() before open()")
        pcm = resample(mix_to_mono(chunk), self.rate_hz).pcm
        if not pcm:
            return
        if not self.healthy:
            self._ended.set()  # wake the watchdog: the loss may be news
            return
        with self._lock:
            if self._down:  # lost since the check above: the watchdog has already dropped
                return
            self._queue.append(_Pending(memoryview(pcm), start_at, cuts))
            self._idle.clear()

    def stop(self) -> None:
        """Drop everything queued; the device falls silent within BLOCK_S + its own delay."""
        self._drop(time.monotonic() + self._delay_s)

    def _drop(self, heard_until: float) -> None:
        with self._lock:
            self._queue.clear()
            self._offset = 0
            self._heard_until = min(self._heard_until, heard_until)
            self._idle.set()

    def is_playing(self) -> bool:
        """True while queued sound is still to be written or still on its way to the DAC."""
        with self._lock:
            return bool(self._queue) or time.monotonic() < self._heard_until

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until everything queued has been heard; False if `timeout_s` passed first."""
        deadline = time.monotonic() + timeout_s
        if not self._idle.wait(timeout_s):
            return False
        tail = self._heard_until - time.monotonic()
        if tail > 0:
            time.sleep(min(tail, max(0.0, deadline - time.monotonic())))
        return not self.is_playing()

    def drain(self, timeout_s: float) -> None:
        """Wait until everything queued has played, or `timeout_s` has passed."""
        self.wait_idle(timeout_s)

    def _fill(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        """PortAudio callback: copy queued samples into the block, silence elsewhere."""
        now = time.monotonic()
        reported = time_info.outputBufferDacTime - time_info.currentTime
        delay = min(max(reported, 0.0), 1.0)  # some host APIs report 0 or nonsense
        dac = self._dac_time(now + delay, status)
        self._frames_out += frames
        size = len(outdata)
        written = 0
        with self._lock:
            while written < size and self._queue:
                item = self._queue[0]
                if self._offset and len(self._queue) > 1 and self._queue[1].cuts:
                    cut = 2 * round((self._queue[1].start_at - dac) * self.rate_hz)
                    if cut <= written:  # the next cue starts now: what still plays stops
                        self._queue.popleft()
                        self._offset = 0
                        continue
                    room = min(size, cut)
                else:
                    room = size
                if self._offset == 0:  # not started: begin at its own sample
                    lead = 2 * round((item.start_at - dac) * self.rate_hz)
                    start = max(written, lead)
                    if start >= size:
                        break
                    outdata[written:start] = self._silence[: start - written]
                    written = start
                take = min(room - written, len(item.pcm) - self._offset)
                outdata[written : written + take] = item.pcm[self._offset : self._offset + take]
                written += take
                self._offset += take
                if self._offset == len(item.pcm):
                    self._queue.popleft()
                    self._offset = 0
                    self._heard_until = dac + written / (2 * self.rate_hz)
            if not self._queue:
                self._idle.set()
        outdata[written:size] = self._silence[: size - written]
        self._note_pace(now, delay)

    def _dac_time(self, reported_dac: float, status: Any) -> float:
        """When this block's first frame is heard. Once sound flows, counted on the frame clock
        (frames written / rate from an anchor) rather than read from the reported delay: behind
        ALSA's PulseAudio plugin the device takes 100-300 ppm more frames than it plays, the
        surplus waits in the server, and the reported delay does not show it (measured: 14.7 ms
        late after a minute). An underflow re-anchors: the device played silence of its own."""
        if not self._flowing.is_set():
            return reported_dac
        if self._anchor is None or (status and status.output_underflow):
            self._anchor = (reported_dac, self._frames_out)
        anchor_dac, anchor_frame = self._anchor
        return anchor_dac + (self._frames_out - anchor_frame) / self.rate_hz

    def _note_pace(self, now: float, delay: float) -> None:
        # PortAudio first fills the device buffer with back-to-back callbacks; only callbacks
        # spaced by the device's own consumption show that sound is flowing.
        if now - self._last_callback > BLOCK_S / 2:
            self._paced += 1
        self._last_callback = now
        self._delay_s = delay
        if self._paced >= 3 and not self._flowing.is_set():
            self._flowing.set()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
