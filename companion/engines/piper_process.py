"""The Piper voice in a child process of its own, started when a render is needed.

Loaded, Piper and onnxruntime hold 100-200 MB that the allocator never gives back, on top of
the recogniser's 100-150 MB. Almost everything the companion says is rendered once and then
played from the cache (companion.synthesis), so the voice is needed only for new sentences:
here it lives in a child process that leaves after IDLE_S without work, taking that memory
with it. A new sentence then waits about a second while the child starts again.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection

from companion.core.audio import AudioChunk
from companion.engines.piper_tts import INSTALL, PiperSynthesizer, piper_available
from companion.errors import EngineError

IDLE_S = 60.0
"""The child leaves after this long without a request."""
RENDER_TIMEOUT_S = 60.0
"""Longest wait for one render (the first includes starting Python and loading the voice)."""


class PiperProcess:
    """A Synthesizer that renders with Piper in a child process."""

    def __init__(self, rate_percent: int, idle_s: float = IDLE_S) -> None:
        """Check that Piper is installed; the child starts at the first render."""
        if not piper_available():
            raise EngineError(f"Piper voice unavailable: not installed (install: {INSTALL})")
        if rate_percent <= 0:
            raise ValueError(f"rate_percent must be positive, not {rate_percent}")
        self._rate_percent = rate_percent
        self._idle_s = idle_s
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None

    def describe(self) -> str:
        """Engine, voice and rate in one line (the same as the voice loaded in-process)."""
        return PiperSynthesizer.description(self._rate_percent)

    @property
    def running(self) -> bool:
        """True while the child is alive."""
        return self._child is not None and self._child.poll() is None

    def synthesize(self, text: str) -> AudioChunk:
        """Render one utterance in the child, starting it when it is not running."""
        with self._lock:
            for attempt in (1, 2):  # the child may have left for idleness just now
                conn = self._connection()
                try:
                    conn.send(text)
                    if not conn.poll(RENDER_TIMEOUT_S):
                        self._stop()
                        raise EngineError("Piper speech synthesis failed: no answer in time")
                    reply: tuple[str, bytes | str, int] = conn.recv()
                except (EOFError, BrokenPipeError, ConnectionResetError) as exc:
                    self._stop()
                    if attempt == 2:
                        raise EngineError(
                            "Piper speech synthesis failed: its process ended"
                        ) from exc
                    continue
                status, payload, rate_hz = reply
                if status != "ok" or not isinstance(payload, bytes):
                    raise EngineError(str(payload))
                return AudioChunk(payload, rate_hz)
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Stop the child now."""
        with self._lock:
            self._stop()

    def _connection(self) -> Connection:
        if self._conn is not None and self.running:
            return self._conn
        self._stop()
        # A fresh interpreter rather than multiprocessing: no copy of the recogniser's memory,
        # and no re-import of whatever main module started the companion.
        ours, theirs = socket.socketpair()
        with ours, theirs:
            child = subprocess.Popen(
                [sys.executable, "-m", __name__, str(theirs.fileno()), str(self._rate_percent),
                 str(self._idle_s)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            self._conn = Connection(ours.detach())
        self._child = child
        return self._conn

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._child is not None and self._child.poll() is None:
            self._child.terminate()
            self._child.wait(timeout=2.0)
        self._child, self._conn = None, None


def _serve(conn: Connection, rate_percent: int, idle_s: float) -> None:
    """The child: load the voice, render what comes, leave after `idle_s` of quiet."""
    try:
        voice: PiperSynthesizer | None = PiperSynthesizer(rate_percent)
        failure = ""
    except EngineError as exc:
        voice, failure = None, str(exc)
    while conn.poll(idle_s):
        try:
            text = conn.recv()
        except EOFError:
            return
        if voice is None:
            conn.send(("error", failure, 0))
            continue
        try:
            chunk = voice.synthesize(text)
        except EngineError as exc:
            conn.send(("error", str(exc), 0))
        else:
            conn.send(("ok", chunk.pcm, chunk.rate_hz))


if __name__ == "__main__":  # the child: python -m companion.engines.piper_process FD RATE IDLE
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]), float(sys.argv[3]))
