"""Reminders in conversation, through the real program: `companion --text --mute` (printing
only, no sound needed), typed to as a person would, with `companion reminders` run alongside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from companion_process import Transcript, type_line

from companion.core.reminders import Reminder
from companion.reminder_store import FILE_NAME, ReminderStore

INVITATION = "Time for a short breathing break. Shall we start?"
MISSED = "While I wasn't running, you missed one breathing reminder."
EXHALE = Path(__file__).resolve().parent.parent / "scripts" / "exhale.yaml"
LINE_TIMEOUT_S = 60.0
"""Longest wait for a printed line: generous, for slow machines."""


@pytest.fixture
def home(companion_home: Path) -> Path:
    """A home whose quiet hours never hold a reminder (whatever the hour the tests run at) and
    whose sessions start without a check-in; the first-run welcome is already said."""
    (companion_home / "config").mkdir()
    (companion_home / "config" / "settings.yaml").write_text(
        'reminders: {quiet_hours: "00:00-00:00"}\nsessions: {check_ins: false}\n'
    )
    return companion_home


@dataclass
class App:
    """A running `companion --text --mute`."""

    proc: subprocess.Popen[str]
    transcript: Transcript

    def type(self, line: str) -> None:
        type_line(self.proc, line)

    def wait_for(self, text: str, timeout_s: float = LINE_TIMEOUT_S) -> None:
        self.transcript.wait_for(text, timeout_s)

    def printed(self) -> list[str]:
        return [line for _, line in list(self.transcript.lines)]


@contextmanager
def running(home: Path) -> Iterator[App]:
    """The program with its stdin kept open; quit and reaped after the block."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "companion", "--text", "--mute"],
        env={**os.environ, "COMPANION_HOME": str(home)},
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        bufsize=1,
    )
    try:
        app = App(proc, Transcript(proc, time.monotonic()))
        app.wait_for("Type a request")
        yield app
        app.type("quit")
        proc.wait(timeout=LINE_TIMEOUT_S)
    finally:
        proc.kill()
        proc.wait()


def reminders(home: Path, *args: str) -> str:
    """`companion reminders ARGS` in another process; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "companion", "reminders", *args],
        env={**os.environ, "COMPANION_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=LINE_TIMEOUT_S,
        check=True,
    )
    return done.stdout


def startup_s(home: Path) -> float:
    """How long the program takes to start and leave on this machine (it says its first-run
    welcome meanwhile, so the tests' runs do not)."""
    began = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "companion", "--text", "--mute"],
        input="quit\n",
        env={**os.environ, "COMPANION_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=LINE_TIMEOUT_S,
        check=True,
    )
    return time.monotonic() - began


def store(home: Path, due: datetime) -> None:
    """A one-off breathing reminder, written straight to the store."""
    with ReminderStore(home / "data" / FILE_NAME) as book:
        book.add(Reminder(0, "breathe", due))


def due_soon(home: Path) -> datetime:
    """A reminder due a couple of seconds after the program will be ready."""
    due = datetime.now(UTC) + timedelta(seconds=2.0 + 2 * startup_s(home))
    store(home, due)
    return due


def test_a_spoken_reminder_is_repeated_back_saved_on_yes_and_listed(home: Path) -> None:
    with running(home) as app:
        app.type("remind me to breathe every two hours")
        app.wait_for("Every 2 hours, breathing. Is that right?")
        app.type("yes")
        app.wait_for("Saved. Every 2 hours, breathing, next")
        listed = reminders(home, "list").splitlines()
    assert len(listed) == 1
    assert "breathing every 2 hours, next at" in listed[0]


def test_a_due_reminder_invites_and_yes_starts_the_breathing_exercise(home: Path) -> None:
    first_line = yaml.safe_load(EXHALE.read_text())["intro"][0]  # its first use
    due_soon(home)
    with running(home) as app:
        app.wait_for(INVITATION)
        app.type("yes")
        app.wait_for(first_line)
        left = reminders(home, "list")
    assert left == "No reminders.\n"  # a one-off is gone once taken up


def test_later_puts_a_due_reminder_off_ten_minutes(home: Path) -> None:
    due_soon(home)
    with running(home) as app:
        app.wait_for(INVITATION)
        app.type("later")
        app.wait_for("Okay, I'll ask again in 10 minutes.")
        answered = datetime.now(UTC)
        listed = json.loads(reminders(home, "list", "--json"))
    assert len(listed) == 1
    put_off = datetime.fromisoformat(listed[0]["due"]) - answered
    assert timedelta(minutes=9.5) < put_off < timedelta(minutes=10.5)


def test_a_reminder_due_before_start_is_summed_up_once_and_not_offered(home: Path) -> None:
    startup_s(home)
    store(home, datetime.now(UTC) - timedelta(minutes=5))
    with running(home) as app:
        time.sleep(2.0)  # a wrongly offered reminder would be printed at once
        first_run = app.printed()
    with running(home) as app:
        second_run = app.printed()
    assert first_run.count(MISSED) == 1
    assert INVITATION not in first_run
    assert MISSED not in second_run
    assert reminders(home, "list") == "No reminders.\n"
