"""`companion scripts list|validate`: the person's scripts extend the shipped ones, a broken
file is named with its line and skipped, and never takes the others down."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from companion.core.scripts import load_library
from companion.scripts_command import list_scripts, validate_scripts

MINE = """\
id: slow_exhale
title: A slow exhale
kind: breathing
for: [anyone]
steps:
  - say: "If you feel dizzy or light-headed, stop and let your breathing return to normal."
  - breathe: {in: 4, out: 6, cycles: 3}
"""
BROKEN = """\
id: oops
title: Oops
kind: breathin
for: [anyone]
steps:
  - say: "Hello."
"""


def user_dir(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "scripts"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text)
    return folder


def test_a_persons_script_joins_the_shipped_ones_and_a_broken_one_is_skipped(
    tmp_path: Path,
) -> None:
    folder = user_dir(tmp_path, mine=MINE, broken=BROKEN)
    library = load_library(folder)
    assert {"box", "slow_exhale"} <= set(library.scripts)
    assert "oops" not in library.scripts
    assert library.problems == (f"{folder / 'broken.yaml'}:3: kind must be one of "
                                "breathing, grounding, flow, not 'breathin'",)  # fmt: skip


def test_a_persons_script_with_a_shipped_id_replaces_it(tmp_path: Path) -> None:
    folder = user_dir(tmp_path, box=MINE.replace("slow_exhale", "box"))
    assert load_library(folder).scripts["box"].title == "A slow exhale"


def test_list_names_every_script_and_reports_the_broken_file(tmp_path: Path) -> None:
    folder = user_dir(tmp_path, mine=MINE, broken=BROKEN)
    out, err = io.StringIO(), io.StringIO()
    assert list_scripts(folder, out, err) == 1
    lines = out.getvalue().splitlines()
    assert any(line.startswith("box ") and "shipped" in line for line in lines)
    assert any(line.startswith("slow_exhale ") and "yours" in line for line in lines)
    assert err.getvalue() == f"skipped {folder / 'broken.yaml'}:3: " + (
        "kind must be one of breathing, grounding, flow, not 'breathin'\n"
    )


def test_validate_checks_given_files_and_exits_1_when_one_is_broken(tmp_path: Path) -> None:
    folder = user_dir(tmp_path, mine=MINE, broken=BROKEN)
    out = io.StringIO()
    code = validate_scripts([folder / "mine.yaml", folder / "broken.yaml"], folder, out)
    assert code == 1
    assert out.getvalue().splitlines() == [
        f"ok {folder / 'mine.yaml'} (slow_exhale)",
        f"{folder / 'broken.yaml'}:3: kind must be one of breathing, grounding, flow, not "
        "'breathin'",
    ]


def test_validate_from_the_command_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = home / "config" / "scripts"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(MINE)
    run = subprocess.run(
        [sys.executable, "-m", "companion", "scripts", "validate"],
        capture_output=True,
        text=True,
        env={"COMPANION_HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    assert "ok scripts/box.yaml (box)" in run.stdout
    assert f"ok {folder / 'mine.yaml'} (slow_exhale)" in run.stdout
    assert "Traceback" not in run.stderr


def test_validate_names_a_run_of_a_script_that_does_not_exist(tmp_path: Path) -> None:
    runs = MINE.replace("id: slow_exhale", "id: runner") + "  - run: nowhere\n"
    folder = user_dir(tmp_path, runs=runs, mine=MINE.replace("steps:", "steps:\n  - run: box"))
    out = io.StringIO()
    assert validate_scripts([folder / "runs.yaml", folder / "mine.yaml"], folder, out) == 1
    first, second = out.getvalue().splitlines()
    assert f"{folder / 'runs.yaml'}:" in first and "run: no script has id 'nowhere'" in first
    assert second == f"ok {folder / 'mine.yaml'} (slow_exhale)"
