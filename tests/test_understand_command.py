"""`companion understand`: sentences on standard input, one reading a line, as typed text is
read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _understand(lines: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", "understand", *args],
        input=lines,
        text=True,
        capture_output=True,
        env={**os.environ, "COMPANION_HOME": str(home)},
        timeout=120,
        check=False,
    )


def test_each_line_gets_one_json_reading_with_the_intent_null_when_not_for_us(
    companion_home: Path,
) -> None:
    done = _understand(
        "calm me down\n\nbox breathing for 2 mins\nthe kids are finally asleep\n",
        companion_home,
        "--json",
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["text"] for r in rows] == [
        "calm me down",
        "box breathing for 2 mins",
        "the kids are finally asleep",
    ]
    assert [r["intent"] for r in rows] == ["calm", "breathe", None]
    assert rows[1]["slots"] == {"pattern": "box", "minutes": 2}
    assert all(0.0 <= r["confidence"] <= 1.0 for r in rows)


def test_the_context_changes_what_a_number_means(companion_home: Path) -> None:
    done = _understand("about a six\n", companion_home, "--json", "--context", "rating")
    assert json.loads(done.stdout)["intent"] == "rating"
    assert json.loads(done.stdout)["slots"] == {"value": 6}
    idle = _understand("about a six\n", companion_home, "--json")
    assert json.loads(idle.stdout)["intent"] != "rating"


def test_a_script_of_ones_own_is_understood_by_its_title(companion_home: Path) -> None:
    scripts = companion_home / "config" / "scripts"
    scripts.mkdir(parents=True)
    (scripts / "calm.yaml").write_text(
        "id: my_calm\ntitle: My calm\nkind: breathing\nfor: [anyone]\nsource: our own design\n"
        "steps:\n  - say: Hello.\n",
        encoding="utf-8",
    )
    done = _understand("start my calm\n", companion_home, "--json")
    assert json.loads(done.stdout)["slots"] == {"script": "my_calm"}


def test_plain_output_names_intent_slots_and_confidence(companion_home: Path) -> None:
    done = _understand("I want to die\n", companion_home)
    assert done.stdout.startswith("crisis ")
    assert "confidence" in done.stdout
