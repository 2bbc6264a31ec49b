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
FRAME_BYTES = round(RATE_HZ * FRAME_S) * 2
BLOCKS_PER_FRAME = 2
"""The device hands over half frames: PortAudio keeps two blocks in flight, so 15 ms blocks
cut the capture delay from 60 ms to 30 ms, and that delay is part of every answer."""


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
        self._partial = b""  # the audio thread's part of the next frame
        self._partial_began = 0.0

    def _start(self) -> Any:
        return start_stream(
            self._backend or _sounddevice(),
            "input",
            self._device,
            samplerate=RATE_HZ,
            blocksize=round(RATE_HZ * FRAME_S / BLOCKS_PER_FRAME),
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
        now = time.monotonic()
        if not self._partial:
            self._partial_began = now - frames / RATE_HZ
        self._partial += bytes(indata)
        if len(self._partial) >= FRAME_BYTES:
            frame, self._partial = self._partial[:FRAME_BYTES], self._partial[FRAME_BYTES:]
            self._frames.put_nowait((frame, self._partial_began))
            self._partial_began = now - len(self._partial) // 2 / RATE_HZ
