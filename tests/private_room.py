"""A PulseAudio server of a test's own, which the test may kill and start again.

The shared room (room.py) is the machine's default server, used by other tests and people at
the same time: killing it would break them. This one listens on a socket in a temporary folder
and keeps its state there; only processes given :meth:`PrivateServer.env` talk to it.

- ``mouth`` is a null sink whose monitor is the default source: what a test plays into it is
  what a program hears.
- ``speaker`` is the default sink: what a program plays lands there; :meth:`record` hears it.

Defaults are set in the start-up script, before the socket opens, so a program that reconnects
the moment the server is back never lands on the wrong device.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

MOUTH = "mouth"
SPEAKER = "speaker"
RATE_HZ = 16_000
"""Rate of recordings and of the tones made here."""

_START_TIMEOUT_S = 10.0
_STOP_TIMEOUT_S = 5.0


class PrivateServer:
    """One PulseAudio daemon on a socket under `folder`; start, kill and start it again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "native"
        self._proc: subprocess.Popen[bytes] | None = None
        for name in ("run", "home"):
            (folder / name).mkdir(parents=True, exist_ok=True)
        self._script = folder / "server.pa"
        self._script.write_text(
            f"load-module module-null-sink sink_name={MOUTH}\n"
            f"load-module module-null-sink sink_name={SPEAKER}\n"
            f"set-default-sink {SPEAKER}\n"
            f"set-default-source {MOUTH}.monitor\n"
            f"load-module module-native-protocol-unix socket={self.socket} auth-anonymous=1\n"
        )

    def env(self) -> dict[str, str]:
        """The environment of a client of this server (and of no other)."""
        env = {k: v for k, v in os.environ.items() if k not in ("PULSE_SINK", "PULSE_SOURCE")}
        return {**env, "PULSE_SERVER": f"unix:{self.socket}", "LC_ALL": "C"}

    def start(self) -> None:
        """Start the daemon and wait until it answers; its devices are ready by then."""
        if self._proc is not None:
            raise RuntimeError("the private server is already running")
        args = [
            "pulseaudio",
            "-n",  # no default script: only our devices, no hardware, no suspend-on-idle
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--system=no",
            "--disallow-exit=yes",
            f"--file={self._script}",
        ]
        run = str(self.folder / "run")
        env = {**self.env(), "PULSE_RUNTIME_PATH": run, "XDG_RUNTIME_DIR": run}
        env["HOME"] = str(self.folder / "home")  # its cookie and state stay in the folder
        log = (self.folder / "server.log").open("ab")
        self._proc = subprocess.Popen(
            args, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
        log.close()
        self._wait_until_up()

    def kill(self) -> None:
        """SIGKILL the daemon, as a crash would, and reap it; its socket file stays behind."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        if proc is not None:
            proc.wait(timeout=_STOP_TIMEOUT_S)

    def pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run pactl against this server."""
        return subprocess.run(
            ["pactl", *args], env=self.env(), capture_output=True, text=True, check=False
        )

    def play_tone(self, seconds: float, device: str = MOUTH) -> None:
        """Play a 440 Hz tone into a sink of this server; return when it has been played."""
        path = self.folder / f"tone_{seconds:g}.wav"
        if not path.exists():
            _write_tone(path, seconds)
        subprocess.run(
            ["paplay", f"--device={device}", str(path)],
            env=self.env(),
            capture_output=True,
            check=True,
            timeout=seconds + 10,
        )

    def record(self, seconds: float, device: str = f"{SPEAKER}.monitor") -> np.ndarray:
        """`seconds` of what a source of this server carries, as 16 kHz int16 samples.

        The seconds count from the first audio that arrives: a null sink's monitor starts
        delivering 1-2 s after a recording opens.
        """
        path = self.folder / "recording.wav"
        path.unlink(missing_ok=True)
        args = ["parecord", f"--device={device}", f"--rate={RATE_HZ}", "--channels=1"]
        proc = subprocess.Popen(
            [*args, "--latency-msec=10", "--file-format=wav", str(path)],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for_audio(path, _START_TIMEOUT_S)
            time.sleep(seconds)
        finally:
            proc.send_signal(signal.SIGINT)  # SIGTERM leaves the file cut short
            proc.wait(timeout=_STOP_TIMEOUT_S)
        with wave.open(str(path), "rb") as wav:
            return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise RuntimeError(f"pulseaudio exited {self._proc.returncode}: {self._log()}")
            if self.pactl("info").returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError(f"the private PulseAudio server did not answer: {self._log()}")

    def _log(self) -> str:
        return (self.folder / "server.log").read_text(errors="replace")[-2000:]


@contextmanager
def private_server() -> Iterator[PrivateServer]:
    """A running private server for the block; killed afterwards, whatever happened."""
    # A short folder name: a unix socket's path must stay under 108 bytes.
    with tempfile.TemporaryDirectory(prefix="pulse-") as folder:
        server = PrivateServer(Path(folder))
        try:
            server.start()
            yield server
        finally:
            server.kill()


def _wait_for_audio(path: Path, timeout_s: float) -> None:
    """Wait until a recording holds more than its WAV header (44 bytes)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > 1024:
            return
        time.sleep(0.02)
    raise RuntimeError(f"no audio reached {path.name} within {timeout_s:g} s")


def _write_tone(path: Path, seconds: float) -> None:
    t = np.arange(round(seconds * RATE_HZ)) / RATE_HZ
    pcm = (np.sin(2 * np.pi * 440 * t) * 12000).astype("<i2").tobytes()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE_HZ)
        wav.writeframes(pcm)
