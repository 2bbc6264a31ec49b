"""Shared fixtures: a real sound room for end-to-end tests and a throw-away companion home.

``room`` (session scope) is a :class:`room.Room` on a running PulseAudio server with the
virtual devices of the audio-stack guide; tests that use it should be marked
``@pytest.mark.e2e``. It skips only when PulseAudio is not installed at all (``bash
bootstrap.sh test`` installs it, so in CI it never skips).

``companion_home`` points ``COMPANION_HOME`` at a fresh directory under ``tmp_path`` so no test
reads or writes a real user's home.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from room import Room


@pytest.fixture(scope="session")
def room() -> Room:
    """A PulseAudio room: say() into the user's mouth, record what the companion plays."""
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed (bash bootstrap.sh test installs it)")
    return Room.start()


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for every test's companion: language models and rendered speech are
    built once (about 40 s), as they are for a person whose cache survives between runs."""
    return tmp_path_factory.mktemp("companion-cache")


@pytest.fixture
def companion_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> Path:
    """COMPANION_HOME for one test: ``tmp_path / "home"``, holding only a link to the shared
    cache; config and data are made by the program."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "cache").symlink_to(shared_cache, target_is_directory=True)
    monkeypatch.setenv("COMPANION_HOME", str(home))
    return home
