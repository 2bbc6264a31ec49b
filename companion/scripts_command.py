"""`companion scripts list` and `companion scripts validate`: what can run, and what is broken."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from companion.core.scripts import (
    Script,
    load_bundled,
    load_library,
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
    """'ok FILE (id)' or the problem, one line a file; exit 1 when any is broken."""
    files = paths or user_script_files(user_dir)
    broken = 0
    if not paths:
        for script in load_bundled().values():  # shipped scripts are checked as they load
            print(f"ok {script.source} ({script.id})", file=out)
    for path in files:
        try:
            script = script_from_path(path)
        except ScriptError as exc:
            broken += 1
            print(str(exc), file=out)
        else:
            print(f"ok {path} ({script.id})", file=out)
    return 1 if broken else 0


def _origin(script: Script, user_dir: Path) -> str:
    return "yours" if Path(script.source).parent == user_dir else "shipped"
