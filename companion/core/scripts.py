"""Exercise scripts: the shipped ones and the person's own, loaded into one library.

Step kinds: say, breathe, silence, chime, ask, remind, run (companion.core.steps); the YAML is
read by companion.core.script_reader, which names file, line and key in every complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from companion.core import yamlsource
from companion.core.script_reader import script_from_yaml
from companion.core.steps import (
    ANSWERS,
    AUDIENCES,
    DEFAULT_CUES,
    FEELING_WORDS,
    KINDS,
    MAX_OPTIONS,
    OTHER,
    PHASES,
    Ask,
    Breathe,
    ChimeStep,
    Remind,
    Run,
    Say,
    Script,
    Silence,
    Step,
    spoken_minutes,
    walk,
)
from companion.errors import ScriptError

__all__ = [
    "ANSWERS", "AUDIENCES", "DEFAULT_CUES", "FEELING_WORDS", "KINDS", "MAX_OPTIONS", "OTHER",
    "PHASES", "Ask", "Breathe", "ChimeStep", "Library", "Remind", "Run", "Say", "Script",
    "Silence", "Step", "load_bundled", "load_library", "reference_problems", "script_from_path",
    "script_from_yaml", "spoken_minutes", "user_script_files", "walk",
]  # fmt: skip


def load_bundled() -> dict[str, Script]:
    """The scripts shipped with the package, by id."""
    folder = resources.files("companion.bundled_scripts")
    scripts = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            doc = yamlsource.parse(entry.read_text("utf-8"), f"scripts/{entry.name}", ScriptError)
            script = script_from_yaml(doc)
            scripts[script.id] = script
    return scripts


@dataclass(frozen=True)
class Library:
    """The scripts the companion can run: the shipped ones, extended or overridden by the
    person's own, and one line for each of the person's files that could not be read."""

    scripts: dict[str, Script]
    """By id."""
    problems: tuple[str, ...]
    """File, line, key and what is wrong, one line a broken file."""


def load_library(user_dir: Path | None) -> Library:
    """The shipped scripts, then every *.yaml in `user_dir` (a script with a shipped id
    replaces it). A broken file of the person's is reported and skipped: one typo must not
    take every exercise away."""
    scripts = load_bundled()
    problems = []
    for path in user_script_files(user_dir):
        try:
            script = script_from_path(path)
        except ScriptError as exc:
            problems.append(str(exc))
        else:
            scripts[script.id] = script
    for script_id, problem in reference_problems(scripts):
        problems.append(problem)
        del scripts[script_id]
    return Library(scripts, tuple(problems))


def reference_problems(scripts: dict[str, Script]) -> list[tuple[str, str]]:
    """(script id, message) for each script that runs a script that does not exist, or that
    ends up running itself."""
    problems = []
    for script in scripts.values():
        for run in script.runs():
            if run.script_id not in scripts:
                known = ", ".join(sorted(scripts))
                problems.append(
                    (script.id, f"{run.where}: run: no script has id {run.script_id!r} "
                     f"(known: {known})")
                )  # fmt: skip
                break
            if script.id in _reachable(run.script_id, scripts):
                problems.append(
                    (script.id, f"{run.where}: run: {run.script_id!r} leads back to "
                     f"{script.id!r}; a script must not run itself")
                )  # fmt: skip
                break
    return problems


def _reachable(start: str, scripts: dict[str, Script]) -> set[str]:
    """Every script id run, directly or not, by running `start` (itself included)."""
    seen, todo = set(), [start]
    while todo:
        current = todo.pop()
        if current in seen or current not in scripts:
            continue
        seen.add(current)
        todo += [run.script_id for run in scripts[current].runs()]
    return seen


def user_script_files(user_dir: Path | None) -> list[Path]:
    """The person's script files, in name order (none when the folder does not exist)."""
    return sorted(user_dir.glob("*.yaml")) if user_dir and user_dir.is_dir() else []


def script_from_path(path: Path) -> Script:
    """Read and validate one script file."""
    return script_from_yaml(yamlsource.read(path, ScriptError))
