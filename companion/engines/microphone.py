"""The microphone: one sounddevice input stream at 16 kHz mono; the callback only enqueues."""

from __future__ import annotations

import queue
import time
from typing import Any

from companion.core.backoff import Backoff
from companion.engines.sounddevice_io import DeviceStream, Notice, _sounddevice, start_stream

RATE_HZ = 16_000
"""What the recogniser and the voice activity detector take."""
FRAME_S = 0.03
"""One frame: a size webrtcvad accepts (10, 20 or 30 ms)."""


class Microphone(DeviceStream):
    """Frames of 16-bit mono audio with the monotonic time each began; use it with `with`.

    A microphone that vanishes is reopened in the background (see DeviceStream); meanwhile
    read() simply finds no frames.
    """

    label = "Microphone"

    def __init__(
        self,
        device: int | str | None = None,
        *,
        backend: Any | None = None,
        notice: Notice | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        """Remember the settings; nothing is opened until `with` or open()."""
        super().__init__(notice, backoff)
        self._device = device
        self._backend = backend
        self._frames: queue.Queue[tuple[bytes, float]] = queue.Queue()

    def _start(self) -> Any:
        return start_stream(
            self._backend or _sounddevice(),
            "input",
            self._device,
            samplerate=RATE_HZ,
            blocksize=round(RATE_HZ * FRAME_S),
            latency="low",  # every millisecond of capture delay is added to each answer
            callback=self._captured,
            finished_callback=self._ended.set,
        )

    @property
    def active(self) -> bool:
        """True while the stream runs (False while the device is gone)."""
        return self.healthy

    def read(self, timeout_s: float) -> tuple[bytes, float] | None:
        """The next frame and when it began, or None after `timeout_s` (also while lost)."""
        try:
            return self._frames.get(timeout=timeout_s)
        except queue.Empty:
            return None

    def _captured(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        # the audio thread: copy and hand over, nothing else (architecture guide, point 4)
        began = time.monotonic() - frames / RATE_HZ
        self._frames.put_nowait((bytes(indata), began))
