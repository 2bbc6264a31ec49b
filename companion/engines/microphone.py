"""The microphone: one sounddevice input stream at 16 kHz mono; the callback only enqueues."""

from __future__ import annotations

import queue
import time
from typing import Any

from companion.engines.sounddevice_io import DeviceStream, _sounddevice, pick_device
from companion.errors import AudioDeviceError

RATE_HZ = 16_000
"""What the recogniser and the voice activity detector take."""
FRAME_S = 0.03
"""One frame: a size webrtcvad accepts (10, 20 or 30 ms)."""


class Microphone(DeviceStream):
    """Frames of 16-bit mono audio with the monotonic time each began; use it with `with`."""

    def __init__(self, device: int | str | None = None, *, backend: Any | None = None) -> None:
        """Remember the settings; nothing is opened until `with` or open()."""
        self._device = device
        self._backend = backend
        self._frames: queue.Queue[tuple[bytes, float]] = queue.Queue()
        self._stream: Any = None

    def open(self) -> Microphone:
        """Start capturing."""
        sd = self._backend or _sounddevice()
        device = self._device if self._device is not None else pick_device("input", sd)
        try:
            self._stream = sd.RawInputStream(
                samplerate=RATE_HZ,
                blocksize=round(RATE_HZ * FRAME_S),
                device=device,
                channels=1,
                dtype="int16",
                callback=self._captured,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise AudioDeviceError(f"cannot open the microphone: {exc}") from exc
        return self

    @property
    def active(self) -> bool:
        """True while the stream runs (False once the device has gone)."""
        return self._stream is not None and bool(self._stream.active)

    def read(self, timeout_s: float) -> tuple[bytes, float] | None:
        """The next frame and when it began, or None after `timeout_s`."""
        try:
            return self._frames.get(timeout=timeout_s)
        except queue.Empty:
            return None

    def _captured(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        # the audio thread: copy and hand over, nothing else (architecture guide, point 4)
        began = time.monotonic() - frames / RATE_HZ
        self._frames.put_nowait((bytes(indata), began))
