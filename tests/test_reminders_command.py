"""`companion reminders add | list | cancel`, as a person (or a script) runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from companion.reminder_store import FILE_NAME


def reminders(
    home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", "reminders", *args],
        env={**os.environ, "COMPANION_HOME": str(home), **(env or {})},
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
    )


def add(home: Path, *args: str) -> int:
    done = reminders(home, "add", *args)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def listed(home: Path, env: dict[str, str] | None = None) -> list[dict[str, object]]:
    done = reminders(home, "list", "--json", env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert isinstance(data, list)
    return data


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_fresh_home_has_no_reminders_and_creates_nothing(companion_home: Path) -> None:
    done = reminders(companion_home, "list")
    assert done.returncode == 0
    assert done.stdout == "No reminders.\n"
    assert listed(companion_home) == []
    assert sorted(p.name for p in companion_home.iterdir()) == ["cache"]


def test_add_prints_only_the_new_id_and_list_shows_it(companion_home: Path) -> None:
    done = reminders(companion_home, "add", "--every", "2h")
    assert done.returncode == 0
    assert done.stdout.strip().isdigit() and done.stdout.count("\n") == 1
    assert done.stderr == ""
    reminder_id = int(done.stdout)
    out = reminders(companion_home, "list").stdout
    assert out.startswith(f"{reminder_id}  breathing every 2 hours, next at ")
    assert (companion_home / "data" / FILE_NAME).is_file()


def test_ids_increase_with_each_add(companion_home: Path) -> None:
    first = add(companion_home, "--in", "10m")
    second = add(companion_home, "--in", "20m")
    assert second > first


def test_in_adds_a_one_off_after_the_duration(companion_home: Path) -> None:
    before = datetime.now(UTC)
    reminder_id = add(companion_home, "--in", "90m", "--activity", "ground")
    [kept] = listed(companion_home)
    due = datetime.fromisoformat(str(kept["due"]))
    assert kept["id"] == reminder_id and kept["activity"] == "ground"
    assert kept["every_minutes"] is None
    assert timedelta(minutes=89) < due - before < timedelta(minutes=91)


def test_at_is_the_next_such_local_time_in_the_set_time_zone(companion_home: Path) -> None:
    (companion_home / "config").mkdir()
    settings = "reminders:\n  time_zone: Asia/Tokyo\n"
    (companion_home / "config" / "settings.yaml").write_text(settings)
    before = datetime.now(UTC)
    add(companion_home, "--at", "07:30", "--activity", "check_in")
    [kept] = listed(companion_home)
    due = datetime.fromisoformat(str(kept["due"]))
    assert due.utcoffset() == timedelta(hours=9)
    assert due.time() == time(7, 30)
    assert timedelta(0) < due - before <= timedelta(hours=24)
    line = reminders(companion_home, "list").stdout
    assert "check-in " in line and "at 7:30 am" in line


def test_without_a_setting_at_uses_the_machines_zone(companion_home: Path) -> None:
    machine = {"TZ": "America/New_York"}
    done = reminders(companion_home, "add", "--at", "21:00", env=machine)
    assert done.returncode == 0
    [kept] = listed(companion_home, env=machine)
    due = datetime.fromisoformat(str(kept["due"]))
    assert due.utcoffset() in (timedelta(hours=-4), timedelta(hours=-5))
    assert due.time() == time(21, 0)


def test_a_machine_without_a_known_zone_falls_back_to_utc(companion_home: Path) -> None:
    nowhere = {"TZ": "Nowhere/Atlantis"}
    done = reminders(companion_home, "add", "--at", "21:00", env=nowhere)
    assert done.returncode == 0 and done.stderr == ""
    [kept] = listed(companion_home, env=nowhere)
    assert str(kept["due"]).endswith("T21:00:00+00:00")


def test_list_is_soonest_first(companion_home: Path) -> None:
    late = add(companion_home, "--in", "3h")
    soon = add(companion_home, "--every", "30m")
    lines = reminders(companion_home, "list").stdout.splitlines()
    assert [int(line.split()[0]) for line in lines] == [soon, late]
    assert lines[0].startswith(f"{soon}  breathing every 30 minutes, next at ")


def test_list_json_is_a_list_of_plain_objects(companion_home: Path) -> None:
    repeating = add(companion_home, "--every", "1h30m", "--activity", "ground")
    data = listed(companion_home)
    assert data == [
        {
            "id": repeating,
            "activity": "ground",
            "due": data[0]["due"],
            "every_minutes": 90.0,
            "message": None,
        }
    ]
    assert datetime.fromisoformat(str(data[0]["due"])).utcoffset() is not None


def test_cancel_removes_one_reminder(companion_home: Path) -> None:
    keep = add(companion_home, "--in", "1h")
    gone = add(companion_home, "--in", "2h")
    done = reminders(companion_home, "cancel", str(gone))
    assert done.returncode == 0
    assert done.stdout == f"Cancelled {gone}.\n"
    assert [r["id"] for r in listed(companion_home)] == [keep]


def test_cancelling_a_reminder_that_is_not_there_exits_1(companion_home: Path) -> None:
    done = reminders(companion_home, "cancel", "41")
    assert done.returncode == 1
    assert done.stdout == ""
    assert one_line(done) == "No reminder 41."


def test_cancel_all_removes_every_reminder(companion_home: Path) -> None:
    add(companion_home, "--in", "1h")
    add(companion_home, "--every", "2h")
    done = reminders(companion_home, "cancel", "--all")
    assert done.returncode == 0
    assert done.stdout == "Cancelled 2 reminders.\n"
    assert reminders(companion_home, "list").stdout == "No reminders.\n"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("add", "--every", "0"), "--every"),
        (("add", "--in", "8 days"), "--in"),
        (("add", "--in", "soon"), "--in"),
        (("add", "--at", "25:00"), "--at"),
        (("cancel", "seven"), "seven"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_stores_nothing(
    companion_home: Path, args: tuple[str, ...], named: str
) -> None:
    done = reminders(companion_home, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert named in one_line(done)
    assert not (companion_home / "data").exists()


def test_a_bad_duration_says_what_is_accepted(companion_home: Path) -> None:
    line = one_line(reminders(companion_home, "add", "--every=-5m"))
    assert "up to 7 days" in line and "1h30m" in line


def test_a_corrupt_store_gives_one_line_naming_the_file(companion_home: Path) -> None:
    path = companion_home / "data" / FILE_NAME
    path.parent.mkdir()
    path.write_bytes(b"not a database\n" * 100)
    for args in (("list",), ("add", "--in", "5m"), ("cancel", "--all")):
        done = reminders(companion_home, *args)
        assert done.returncode == 2 and done.stdout == ""
        assert str(path) in one_line(done)
