"""Driving `companion --text` as a child process, the way a person at a terminal would."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from room import Room

from companion.core.audio import AudioChunk
from companion.talk import CUE_LEAD_S


class Transcript:
    """The program's printed lines, each stamped with when it was read."""

    def __init__(self, proc: subprocess.Popen[str], t0: float) -> None:
        self.lines: list[tuple[float, str]] = []
        self._t0 = t0
        assert proc.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(proc.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: TextIO) -> None:
        try:
            for line in stream:
                self.lines.append((time.monotonic() - self._t0, line.rstrip("\n")))
        except ValueError:  # the test closed the pipe after killing the program
            return

    def wait_for(self, text: str, timeout_s: float = 20.0, after: int = 0) -> float:
        """Seconds (from t0) at which a line holding `text` was printed."""
        limit = time.monotonic() + timeout_s
        while time.monotonic() < limit:
            for at, line in self.lines[after:]:
                if text in line:
                    return at
            time.sleep(0.02)
        raise AssertionError(f"never printed {text!r}; got {self.lines}")


def start_text_mode(home: Path) -> subprocess.Popen[str]:
    """`companion --text` with pipes for every stream and its state under `home`."""
    return start_companion(home, "--text")


def start_companion(home: Path, *args: str) -> subprocess.Popen[str]:
    """`companion ARGS` with pipes for every stream and its state under `home`."""
    env = {**os.environ, "COMPANION_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "companion", *args],
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=1,
    )


def type_line(proc: subprocess.Popen[str], line: str) -> float:
    """Type one request; returns the monotonic time it was sent."""
    assert proc.stdin is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()
    return time.monotonic()


def past_first_run(home: Path) -> None:
    """Let the first-run notice be said, so it does not overlap what a test listens for."""
    subprocess.run(
        [sys.executable, "-m", "companion", "--text", "--mute"],
        input="quit\n",
        text=True,
        capture_output=True,
        check=True,
        env={**os.environ, "COMPANION_HOME": str(home)},
    )


def spoken(text: str, folder: Path, voice: str = "en-us", rate_wpm: int = 150) -> Path:
    """A WAV of espeak-ng saying `text`, as a user in the room would."""
    path = folder / (text.replace(" ", "_")[:40] + f"_{voice}_{rate_wpm}.wav")
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate_wpm), "-w", str(path), text],
        check=True,
        capture_output=True,
    )
    return path


CUE_WORDS = ("Breathe in", "Hold", "Breathe out")
"""The printed breathing cues of the box script."""


@dataclass
class TypedSession:
    """A `companion --text` run heard through the room: type into it, read what it printed."""

    proc: subprocess.Popen[str]
    t0: float = 0.0
    """Monotonic time of the recording's start: every time here counts from it."""
    transcript: Transcript | None = None
    sound: AudioChunk | None = None
    """What the room's speaker played, available after the block."""

    def type(self, line: str) -> float:
        """Type a request; seconds from t0 when it was sent."""
        return type_line(self.proc, line) - self.t0

    def wait_for(self, text: str, timeout_s: float = 20.0) -> float:
        """Seconds from t0 at which a printed line held `text`."""
        assert self.transcript is not None
        return self.transcript.wait_for(text, timeout_s)

    def cue_onsets(self, heard: list[float]) -> list[float]:
        """For each printed breathing cue, the sound onset nearest to it."""
        assert self.transcript is not None
        # a cue is printed when it is handed to the speaker, CUE_LEAD_S before it sounds
        printed = [
            at + CUE_LEAD_S for at, line in self.transcript.lines if line.strip() in CUE_WORDS
        ]
        return [min(heard, key=lambda t, p=p: abs(t - p)) for p in printed]


@contextmanager
def typed_session(room: Room, home: Path) -> Iterator[TypedSession]:
    """`companion --text` past its first run, its speaker recorded while the block runs."""
    past_first_run(home)
    session = TypedSession(start_text_mode(home))
    try:
        with room.record_speaker() as recording:
            session.t0 = time.monotonic()
            session.transcript = Transcript(session.proc, session.t0)
            session.wait_for("Type a request", timeout_s=120.0)  # a cold cache renders all speech
            yield session
        type_line(session.proc, "quit")
        session.proc.communicate(timeout=30)
    finally:
        session.proc.kill()
    session.sound = recording.chunk()
