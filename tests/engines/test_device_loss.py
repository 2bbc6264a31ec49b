"""A sound server that dies mid-session: devices say so once, come back, and nothing crashes.

Each test runs its own PulseAudio server (private_room.py) and SIGKILLs it; the shared server
that other tests and people use is never touched. The code under test runs in a child process
pointed at the private server, because PULSE_SERVER must be set before PortAudio starts.

Run as a script, this file is that child: it opens the microphone and the speaker with
notice=print, reads frames, plays a short tone every half second and prints what happens,
until its standard input ends.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt
import pytest

from companion.core.audio import AudioChunk
from companion.engines.microphone import Microphone
from companion.engines.sounddevice_io import SpeakerSink

REPORT_S = 0.5
"""How often the child says how many frames it has read, and plays its tone."""
LOUD = 3000
"""A sample above this is sound, not the silence of an idle null sink."""
SERVER_DOWN_S = 3.0
"""How long the tests leave the server dead: long enough for a few retries."""
PLAY_LIMIT_S = 0.05
"""play() must return at once, device or not: the conversation loop calls it."""


# --------------------------------------------------------------------------- the child


def _child() -> int:
    """Read and play through a server that may vanish; print frame counts and notices."""
    t = np.arange(4410) / 22050
    tone = AudioChunk((np.sin(2 * np.pi * 1000 * t) * 12000).astype("<i2").tobytes(), 22050)
    ended = threading.Event()
    threading.Thread(target=_until_input_ends, args=(ended,), daemon=True).start()
    with Microphone(notice=_say) as microphone, SpeakerSink(notice=_say) as sink:
        _say("ready")
        frames, peak, due = 0, 0, time.monotonic()
        while not ended.is_set():
            captured = microphone.read(timeout_s=0.1)
            if captured is not None:
                frames += 1
                peak = max(peak, int(np.abs(np.frombuffer(captured[0], dtype="<i2")).max()))
            if time.monotonic() >= due:
                began = time.monotonic()
                sink.play(tone)
                _say(f"frames {frames} peak {peak} play_s {time.monotonic() - began:.4f}")
                peak, due = 0, due + REPORT_S
        sink.drain(1.0)
    _say("closed")
    return 0


def _until_input_ends(ended: threading.Event) -> None:
    sys.stdin.read()
    ended.set()


def _say(message: str) -> None:
    print(message, flush=True)


if __name__ == "__main__":
    sys.exit(_child())


# --------------------------------------------------------------------------- the parent

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from private_room import PrivateServer, private_server  # noqa: E402


@dataclass(frozen=True)
class Report:
    """One 'frames' line of the child."""

    at: float
    """Monotonic time the line was read."""
    frames: int
    """Frames read since the child started."""
    peak: int
    """Loudest sample since the line before."""
    play_s: float
    """How long that report's play() call took."""


@dataclass
class Child:
    """A process on the private server: its printed lines, each with when it was read."""

    proc: subprocess.Popen[str]
    stderr: Path
    lines: list[tuple[float, str]]

    def wait_for(self, text: str, timeout_s: float = 20.0, after: float = 0.0) -> float:
        """Monotonic time a line holding `text` was printed, at or after `after`."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for at, line in list(self.lines):
                if at >= after and text in line:
                    return at
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"never printed {text!r} (exit {self.proc.poll()}): {self.tail()}")

    def count(self, text: str) -> int:
        """How many printed lines hold `text`."""
        return sum(text in line for _, line in list(self.lines))

    def reports(self) -> list[Report]:
        """The child's frame reports so far."""
        found = []
        for at, line in list(self.lines):
            words = line.split()
            if words[:1] == ["frames"]:
                found.append(Report(at, int(words[1]), int(words[3]), float(words[5])))
        return found

    def first_report(self, wanted: Callable[[Report], bool], timeout_s: float = 10.0) -> Report:
        """The first report for which `wanted` holds, waiting for it."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for report in self.reports():
                if wanted(report):
                    return report
            time.sleep(0.05)
        raise AssertionError(f"no such frame report: {self.tail()}")

    def tail(self) -> str:
        """The last printed lines and stderr, for failure messages."""
        printed = "\n".join(line for _, line in self.lines[-15:])
        return f"{printed}\n--- stderr:\n{self.stderr.read_text(errors='replace')[-3000:]}"

    def type(self, line: str) -> None:
        """Send one line to the standard input."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def finish(self, line: str | None = None, timeout_s: float = 30.0) -> int:
        """Type `line` (if any), end the input and wait for the exit code."""
        assert self.proc.stdin is not None
        if line is not None:
            self.type(line)
        self.proc.stdin.close()
        return self.proc.wait(timeout=timeout_s)


@contextmanager
def _running(args: list[str], server: PrivateServer, env: dict[str, str]) -> Iterator[Child]:
    """Run `args` against the server for the block; kill it afterwards if it is still there."""
    stderr = server.folder / "child.stderr"
    with stderr.open("w") as errors:
        proc = subprocess.Popen(
            args, env=env, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors
        )
    child = Child(proc, stderr, [])
    assert proc.stdout is not None
    threading.Thread(target=_collect, args=(proc.stdout, child.lines), daemon=True).start()
    try:
        yield child
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _collect(stream: IO[str], lines: list[tuple[float, str]]) -> None:
    for line in stream:
        lines.append((time.monotonic(), line.rstrip("\n")))


def _loud(samples: npt.NDArray[np.int16]) -> bool:
    return bool(np.abs(samples.astype(np.int32)).max(initial=0) > LOUD)


def _heard_again(server: PrivateServer, timeout_s: float) -> float:
    """Monotonic time by which sound was recorded from the speaker; fails after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if _loud(server.record(2.0)):
            return time.monotonic()
    raise AssertionError(f"no sound reached the private speaker within {timeout_s:g} s")


def _sink_inputs(server: PrivateServer) -> int:
    """How many streams play into the private server."""
    return len(server.pactl("list", "short", "sink-inputs").stdout.splitlines())


def _wait_for_sink_input(server: PrivateServer, timeout_s: float) -> float:
    """Monotonic time a stream plays into the server again."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if _sink_inputs(server) == 1:
            return time.monotonic()
        time.sleep(0.05)
    raise AssertionError(f"no stream came back to the private server within {timeout_s:g} s")


@pytest.fixture
def server() -> Iterator[PrivateServer]:
    """A private PulseAudio server, killed at the end even when the test fails."""
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed (bash bootstrap.sh test installs it)")
    with private_server() as started:
        yield started


@pytest.mark.e2e
def test_devices_say_once_they_are_lost_and_come_back(server: PrivateServer) -> None:
    with _running([sys.executable, __file__], server, server.env()) as child:
        ready = child.wait_for("ready")
        child.first_report(lambda r: r.at > ready and r.frames > 0)
        killed = time.monotonic()
        server.kill()
        lost = max(child.wait_for("Microphone lost"), child.wait_for("Speaker lost"))
        time.sleep(SERVER_DOWN_S)
        assert child.proc.poll() is None, child.tail()
        server.start()
        up = time.monotonic()
        mic_back = child.wait_for("Microphone back.", after=up - 1)
        speaker_back = child.wait_for("Speaker back.", after=up - 1)
        before = max((r.frames for r in child.reports() if r.at <= mic_back), default=0)
        flowing = child.first_report(lambda r: r.at > mic_back and r.frames > before).at
        heard = _heard_again(server, timeout_s=10.0)
        tone_at = time.monotonic()
        speaking = threading.Thread(target=server.play_tone, args=(1.0,))
        speaking.start()
        child.first_report(lambda r: r.at > tone_at and r.peak > LOUD)  # the mic hears again
        speaking.join()
        assert (child.count("Microphone lost"), child.count("Speaker lost")) == (1, 1)
        assert child.count(" back.") == 2
        assert max(r.play_s for r in child.reports()) < PLAY_LIMIT_S
        assert child.finish() == 0, child.tail()
    assert child.count("closed") == 1
    assert "Traceback" not in child.stderr.read_text(), child.tail()
    print(
        f"\nloss noticed {lost - killed:.2f} s after the kill; once the server was back: "
        f"microphone {mic_back - up:.2f} s (frames {flowing - up:.2f} s), "
        f"speaker {speaker_back - up:.2f} s (recorded by {heard - up:.2f} s)"
    )


@pytest.mark.e2e
def test_companion_keeps_its_session_through_a_dead_sound_server(
    server: PrivateServer, companion_home: Path
) -> None:
    env = {**server.env(), "COMPANION_HOME": str(companion_home)}
    args = [sys.executable, "-m", "companion", "--text"]
    with _running(args, server, env) as companion:
        companion.wait_for("Type a request", timeout_s=120)
        assert _sink_inputs(server) == 1, "the companion should play into the private server"
        companion.type("start box breathing")
        first = companion.wait_for("Box breathing.")  # the intro, the first time
        server.kill()  # while the first sentence is being spoken
        killed = time.monotonic()
        companion.wait_for("Breathe in", timeout_s=60, after=first)  # the session goes on
        time.sleep(SERVER_DOWN_S)
        assert companion.proc.poll() is None, companion.tail()
        server.start()
        up = time.monotonic()
        reopened = _wait_for_sink_input(server, timeout_s=20.0)
        cue = companion.wait_for("Breathe in", timeout_s=40, after=up)
        heard = _heard_again(server, timeout_s=20.0)
        assert companion.wait_for("Hold", timeout_s=10, after=cue) > cue
        assert companion.count("Speaker lost") <= 1  # once talk.py passes notice=
        assert companion.finish("quit", timeout_s=60) == 0, companion.tail()
    assert "Traceback" not in companion.stderr.read_text(), companion.tail()
    print(
        f"\ncompanion, server down {up - killed:.1f} s: speaker stream back {reopened - up:.2f} s "
        f"after the server, speech recorded by {heard - up:.2f} s"
    )
