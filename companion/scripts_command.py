"""`companion scripts list` and `companion scripts validate`: what can run, and what is broken."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from companion.core.scripts import (
    Script,
    load_bundled,
    load_library,
    reference_problems,
    script_from_path,
    user_script_files,
)
from companion.errors import ScriptError


def list_scripts(user_dir: Path, out: TextIO, err: TextIO) -> int:
    """One line a script (id, kind, title, for whom, where from); broken files of the
    person's on stderr, one line each. Exit 1 when one was skipped."""
    library = load_library(user_dir)
    for script in sorted(library.scripts.values(), key=lambda s: (s.kind, s.id)):
        print(
            f"{script.id:<16} {script.kind:<10} {script.title}  "
            f"[for {', '.join(script.audience)}; {_origin(script, user_dir)}]",
            file=out,
        )
    for problem in library.problems:
        print(f"skipped {problem}", file=err)
    return 1 if library.problems else 0


def validate_scripts(paths: list[Path], user_dir: Path, out: TextIO) -> int:
    """'ok FILE (id)' or the problem, one line a file; exit 1 when any is broken. A `run:` is
    checked against the scripts the companion would have, these files included."""
    files = paths or user_script_files(user_dir)
    broken = 0
    if not paths:
        for script in load_bundled().values():  # shipped scripts are checked as they load
            print(f"ok {script.source} ({script.id})", file=out)
    results: dict[Path, Script | str] = {}
    for path in files:
        try:
            results[path] = script_from_path(path)
        except ScriptError as exc:
            results[path] = str(exc)
    parsed = [r for r in results.values() if isinstance(r, Script)]
    wrong = dict(
        reference_problems({**load_library(user_dir).scripts, **{s.id: s for s in parsed}})
    )
    for path, result in results.items():
        if isinstance(result, Script) and result.id in wrong:
            result = wrong[result.id]
        broken += isinstance(result, str)
        print(result if isinstance(result, str) else f"ok {path} ({result.id})", file=out)
    return 1 if broken else 0


def _origin(script: Script, user_dir: Path) -> str:
    return "yours" if Path(script.source).parent == user_dir else "shipped"
