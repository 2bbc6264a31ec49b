"""`companion history` and `companion history --json`, as a person runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from companion.core.history import SessionRecord
from companion.history_store import FILE_NAME, HistoryStore

ENDED = datetime(2024, 5, 1, 21, 14, tzinfo=timezone(timedelta(hours=2)))
SESSIONS = [
    SessionRecord("box", before=8, after=5, completed=True, duration_s=240.0),
    SessionRecord("box", before=6, after=4, completed=True, duration_s=240.0),
    SessionRecord("box", before=7, after=None, completed=False, duration_s=30.0),
    SessionRecord("grounding", before=None, after=None, completed=True, duration_s=300.0),
    SessionRecord("box", 9, 6, completed=False, duration_s=120.0, outcome="skipped"),
]


def history(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", "history", *args],
        env={**os.environ, "COMPANION_HOME": str(home)},
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
    )


def seed(home: Path) -> None:
    with HistoryStore(home / "data" / FILE_NAME) as store:
        for n, record in enumerate(SESSIONS):
            store.add(record, ENDED + timedelta(hours=n))


def test_a_fresh_home_says_no_sessions_yet_and_creates_nothing(companion_home: Path) -> None:
    done = history(companion_home)
    assert done.returncode == 0
    assert done.stdout.strip() == "No sessions yet."
    assert sorted(p.name for p in companion_home.iterdir()) == ["cache"]


def test_text_lists_recent_sessions_newest_first(companion_home: Path) -> None:
    seed(companion_home)
    done = history(companion_home)
    assert done.returncode == 0
    rows = [line for line in done.stdout.splitlines() if line.startswith("20")]
    assert len(rows) == 5
    assert "9 -> 6" in rows[0] and "skipped" in rows[0] and "2.0 min" in rows[0]
    assert "grounding" in rows[1] and "- -> -" in rows[1] and "completed" in rows[1]
    assert "7 -> -" in rows[2] and "stopped" in rows[2] and "0.5 min" in rows[2]
    assert "8 -> 5" in rows[4] and "4.0 min" in rows[4]


def test_text_gives_the_average_change_per_script(companion_home: Path) -> None:
    seed(companion_home)
    out = history(companion_home).stdout
    assert "Average change by script:" in out
    assert out.count("lower is calmer") == 1
    assert "box: -2.7 over 3 sessions with both ratings" in out
    assert "grounding: no sessions with both ratings yet (1 session)" in out


def test_limit_shortens_the_table_but_not_the_averages(companion_home: Path) -> None:
    seed(companion_home)
    out = history(companion_home, "--limit", "1").stdout
    assert len([line for line in out.splitlines() if line.startswith("20")]) == 1
    assert "box: -2.7 over 3 sessions" in out


def test_json_is_one_object_of_sessions_and_per_script_summaries(companion_home: Path) -> None:
    seed(companion_home)
    done = history(companion_home, "--json")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert set(data) == {"sessions", "by_script"}
    newest, grounding = data["sessions"][:2]
    assert (newest["outcome"], newest["completed"]) == ("skipped", False)
    assert grounding["script_id"] == "grounding" and grounding["before"] is None
    assert grounding["completed"] is True and grounding["outcome"] == "completed"
    assert grounding["duration_s"] == 300.0
    assert datetime.fromisoformat(grounding["ended_at"]) == ENDED + timedelta(hours=3)
    assert [s["outcome"] for s in data["sessions"][2:]] == ["stopped", "completed", "completed"]
    assert data["by_script"]["box"] == {
        "sessions": 4,
        "completed": 2,
        "skipped": 1,
        "rated": 3,
        "average_change": -8 / 3,
    }
    assert data["by_script"]["grounding"]["average_change"] is None


def test_json_of_a_fresh_home_is_empty(companion_home: Path) -> None:
    data = json.loads(history(companion_home, "--json").stdout)
    assert data == {"sessions": [], "by_script": {}}


def test_a_corrupt_history_gives_one_line_naming_the_file(companion_home: Path) -> None:
    path = companion_home / "data" / FILE_NAME
    path.parent.mkdir()
    path.write_bytes(b"not a database\n" * 100)
    done = history(companion_home)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0]


def test_a_limit_below_one_is_refused_in_one_line(companion_home: Path) -> None:
    done = history(companion_home, "--limit", "0")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--limit" in done.stderr
