"""Typed requests, one a line, read from a stream on a background thread."""

from __future__ import annotations

import queue
import threading
import time
from typing import TextIO

from companion.core.ports import Clock

_END = None


class LineInbox:
    """An Inbox fed by a text stream; the reader thread only reads and enqueues."""

    def __init__(self, stream: TextIO, clock: Clock) -> None:
        self._clock = clock
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._ended = False
        self._reader = threading.Thread(
            target=self._read, args=(stream,), daemon=True, name="companion-stdin"
        )

    def start(self) -> LineInbox:
        """Begin reading; a daemon thread, so Ctrl-C never waits for a blocked read."""
        self._reader.start()
        return self

    def _read(self, stream: TextIO) -> None:
        for line in stream:
            if line.strip():
                self._lines.put(line.strip())
        self._lines.put(_END)

    def get(self, deadline: float | None) -> str | None:
        if self._ended:
            return self._sleep_until(deadline)
        timeout = None if deadline is None else max(0.0, deadline - self._clock.now())
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return None
        if line is _END:
            self._ended = True
            raise EOFError
        return line

    def _sleep_until(self, deadline: float | None) -> str | None:
        if deadline is None:
            raise EOFError
        time.sleep(max(0.0, deadline - self._clock.now()))
        return None
