"""The `companion` command as a person uses it: typed requests, settings, Ctrl-C, first run."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest


def _companion(
    args: list[str], stdin: str, home: Path, timeout_s: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COMPANION_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        input=stdin,
        text=True,
        capture_output=True,
        env=env,
        timeout=timeout_s,
        check=False,
    )


def _text(stdin: str, home: Path) -> subprocess.CompletedProcess[str]:
    return _companion(["--text", "--mute"], stdin, home)


def test_help_request_lists_what_it_can_do(companion_home: Path) -> None:
    done = _text("what can you do\nquit\n", companion_home)
    assert done.returncode == 0
    assert "start box breathing" in done.stdout
    assert "Goodbye" in done.stdout


def test_unknown_request_gets_a_short_reply_naming_three_things(companion_home: Path) -> None:
    done = _text("make me a sandwich\nquit\n", companion_home)
    reply = next(line for line in done.stdout.splitlines() if "didn't catch" in line)
    assert "start a breathing exercise" in reply and "ground" in reply and "anxious" in reply


def test_typed_crisis_language_prints_the_crisis_line_and_emergency_number(
    companion_home: Path,
) -> None:
    done = _text("start box breathing\nI don't want to be alive anymore\n", companion_home)
    assert done.stdout.count("988") >= 2
    assert done.stdout.count("911") >= 2


def test_country_setting_changes_the_numbers(companion_home: Path) -> None:
    (companion_home / "config").mkdir(parents=True)
    (companion_home / "config" / "settings.yaml").write_text("safety:\n  country: UK\n")
    done = _text("I want to end my life\n", companion_home)
    assert "116 123" in done.stdout and "999" in done.stdout and "988" not in done.stdout


def test_a_session_can_be_stopped_at_once(companion_home: Path) -> None:
    done = _text("start box breathing\nstop\n", companion_home)
    assert "box breathing" in done.stdout
    assert "Stopped" in done.stdout
    assert "Breathe in" not in done.stdout


def test_bad_settings_give_one_line_naming_file_line_and_key(companion_home: Path) -> None:
    settings = companion_home / "config" / "settings.yaml"
    settings.parent.mkdir(parents=True)
    settings.write_text("voice:\n  rate_percent: 90\n  speed: fast\n")
    done = _text("quit\n", companion_home)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{settings}:3" in lines[0] and "speed" in lines[0]


def test_first_run_says_what_it_is_and_is_not_once(companion_home: Path) -> None:
    first = _text("quit\n", companion_home)
    second = _text("quit\n", companion_home)
    assert "not therapy or a crisis service" in first.stdout
    assert "not therapy" not in second.stdout


def _as_in_a_terminal() -> None:
    # A job started in the background by a script inherits SIGINT ignored (as CI's may be);
    # a terminal's foreground program has it at its default, which is what Ctrl-C meets.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_exits_cleanly_without_a_traceback(companion_home: Path) -> None:
    env = {**os.environ, "COMPANION_HOME": str(companion_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "companion", "--text", "--mute"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_as_in_a_terminal,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("start box breathing\n")
    proc.stdin.flush()
    for line in proc.stdout:  # Ctrl-C in the middle of a session
        if "Box breathing" in line:
            break
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert "Goodbye" in err


def test_end_of_input_while_paused_ends_the_program(companion_home: Path) -> None:
    done = _text("start box breathing\npause\n", companion_home)
    assert done.returncode == 0
    assert "Paused" in done.stdout


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_the_command_describes_itself(argv: list[str], companion_home: Path) -> None:
    done = _companion(argv, "", companion_home)
    assert done.returncode == 0
    assert "companion" in done.stdout


ONE_BREATH_BOX = """\
id: box
title: One breath
kind: breathing
for: [anyone]
steps:
  - breathe: {in: 1, out: 1, cycles: 1}
"""


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """The lines of `stream`, as they come, read on a thread."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], words: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while words not in lines.get(timeout=max(deadline - time.monotonic(), 0.01)):
        pass


def test_a_session_is_kept_in_the_history_with_its_check_ins_and_never_the_words(
    companion_home: Path,
) -> None:
    scripts = companion_home / "config" / "scripts"
    scripts.mkdir(parents=True)
    (scripts / "box.yaml").write_text(ONE_BREATH_BOX)  # the person's box replaces the shipped one
    env = {**os.environ, "COMPANION_HOME": str(companion_home)}
    with subprocess.Popen(
        [sys.executable, "-m", "companion", "--text", "--mute"], env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    ) as proc:  # fmt: skip
        assert proc.stdin is not None and proc.stdout is not None
        lines = _lines(proc.stdout)
        for request, question in [
            ("start box breathing", "Before we began"),  # asked at the end, looking back
            ("about a six", "feel now"),
            ("three", "Thank you"),
        ]:
            proc.stdin.write(request + "\n")
            proc.stdin.flush()
            _wait_for(lines, question)
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    shown = _companion(["history", "--json"], "", companion_home)
    [session] = json.loads(shown.stdout)["sessions"]
    assert (session["script_id"], session["before"], session["after"]) == ("box", 6, 3)
    assert session["completed"] is True and session["outcome"] == "completed"
    stored = (companion_home / "data" / "history.sqlite3").read_bytes()
    wal = companion_home / "data" / "history.sqlite3-wal"
    stored += wal.read_bytes() if wal.exists() else b""
    assert b"about a six" not in stored and b"start box" not in stored
