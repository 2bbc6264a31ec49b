"""Composition root: settings -> engines -> core. The only place that picks engines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from companion import __version__
from companion.core.intents import CONTEXTS, IntentMatcher
from companion.errors import CompanionError
from companion.settings import Paths, Settings, load_settings, paths_from_env
from companion.talk import talk


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `companion` command."""
    args = _parser().parse_args(argv)
    try:
        paths = paths_from_env()
        settings = load_settings(paths)
        command = args.command or "talk"
        if command == "doctor":
            from companion.doctor import run_doctor

            return run_doctor(paths, settings, sys.stdout)
        if command == "recognize":
            return _recognize(args)
        if command == "understand":
            return _understand(args, paths)
        if command == "scripts":
            from companion.scripts_command import list_scripts, validate_scripts

            if args.action == "list":
                return list_scripts(paths.scripts_dir, sys.stdout, sys.stderr)
            return validate_scripts(args.paths, paths.scripts_dir, sys.stdout)
        if command == "render":
            return _render(args, paths, settings)
        if command == "history":
            from companion.history_command import show_history
            from companion.history_store import FILE_NAME

            return show_history(paths.data_dir / FILE_NAME, sys.stdout, args.json, args.limit)
        if command == "reminders":
            from companion.reminder_store import FILE_NAME as REMINDERS_FILE
            from companion.reminders_command import run_reminders

            store_path = paths.data_dir / REMINDERS_FILE
            return run_reminders(args, store_path, settings.reminders, sys.stdout, sys.stderr)
        if args.no_wake:
            listening = replace(settings.listening, wake_required=False)
            settings = replace(settings, listening=listening)
        return talk(text_mode=args.text, mute=args.mute, paths=paths, settings=settings)
    except CompanionError as exc:
        print(f"companion: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nGoodbye.", file=sys.stderr)
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="An offline calming companion: guided breathing, by voice or typed requests.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    parser.add_argument(
        "--text", action="store_true", help="read typed requests, one a line, instead of listening"
    )
    parser.add_argument("--mute", action="store_true", help="print answers only; never speak")
    parser.add_argument(
        "--no-wake",
        action="store_true",
        help='act on requests without the wake phrase ("companion") first',
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "doctor", help="check devices, engines and where files live; changes nothing"
    )
    recognize = commands.add_parser(
        "recognize", help="what the recogniser hears in sound files (WAV, AIFF, FLAC)"
    )
    recognize.add_argument("files", nargs="+", metavar="FILE")
    recognize.add_argument("--json", action="store_true", help="one JSON object a line")
    recognize.add_argument(
        "--context",
        default="idle",
        choices=CONTEXTS,
        help="the dialogue context to listen in (default: idle)",
    )
    understand = commands.add_parser(
        "understand", help="what typed sentences mean, one a line from standard input"
    )
    understand.add_argument("--json", action="store_true", help="one JSON object a line")
    understand.add_argument(
        "--context",
        default="idle",
        choices=CONTEXTS,
        help="the dialogue context to read in (default: idle)",
    )
    scripts = commands.add_parser("scripts", help="the exercise scripts: list or validate them")
    actions = scripts.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="every script the companion can run, yours included")
    validate = actions.add_parser(
        "validate", help="check script files (default: the shipped ones and yours)"
    )
    validate.add_argument("paths", nargs="*", metavar="PATH", type=Path)
    render = commands.add_parser(
        "render", help="a whole guided session rendered to a WAV file, to listen to later"
    )
    render.add_argument(
        "script", metavar="SCRIPT", help="a script id (see: companion scripts list)"
    )
    render.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.wav")
    render.add_argument(
        "--timeline", type=Path, metavar="OUT.json", help="also write every cue's start second"
    )
    history = commands.add_parser(
        "history", help="recent sessions and the average rating change per script"
    )
    history.add_argument("--json", action="store_true", help="one JSON object")
    history.add_argument(
        "--limit", type=int, default=20, metavar="N", help="recent sessions to show (default: 20)"
    )
    _reminders_parser(commands)
    return parser


def _reminders_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reminders = commands.add_parser("reminders", help="add, list or cancel reminders")
    actions = reminders.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="a new reminder; prints its id once it is stored")
    when = add.add_mutually_exclusive_group(required=True)
    when.add_argument("--every", metavar="DURATION", help="repeat, first after DURATION (90m, 2h)")
    when.add_argument("--in", dest="in_", metavar="DURATION", help="once, after DURATION")
    when.add_argument("--at", metavar="HH:MM", help="once, at the next HH:MM local time")
    add.add_argument(
        "--activity",
        default="breathe",
        choices=("breathe", "ground", "check_in"),
        help="what it leads into (default: breathe)",
    )
    listing = actions.add_parser("list", help="every reminder, soonest first")
    listing.add_argument("--json", action="store_true", help="a JSON list")
    cancel = actions.add_parser("cancel", help="cancel one reminder by id, or --all")
    which = cancel.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", metavar="ID", help="the id `reminders list` shows")
    which.add_argument("--all", action="store_true", help="cancel every reminder")


def _render(args: argparse.Namespace, paths: Paths, settings: Settings) -> int:
    from companion.core.scripts import load_library
    from companion.render import render_session, write_outputs
    from companion.synthesis import build_synthesizer

    library = load_library(paths.scripts_dir)
    for problem in library.problems:
        print(f"Skipped a script: {problem}", file=sys.stderr)
    script = library.scripts.get(args.script)
    if script is None:
        known = ", ".join(sorted(library.scripts))
        raise CompanionError(f"no script has id {args.script!r} (known: {known})")
    warn = lambda message: print(message, file=sys.stderr)  # noqa: E731
    voice, _ = build_synthesizer(settings.voice, paths.cache_dir, warn)
    chunk, events = render_session(script, library.scripts, voice)
    write_outputs(script, chunk, events, args.output, args.timeline, sys.stdout)
    return 0


def _understand(args: argparse.Namespace, paths: Paths) -> int:
    from companion.core.reader import Reader
    from companion.core.scripts import load_library
    from companion.talk import meaning_likeness, printer
    from companion.understand_command import understand_lines

    library = load_library(paths.scripts_dir)
    titles = {i: script.title for i, script in library.scripts.items()}
    reader = Reader(IntentMatcher.bundled(), titles, meaning_likeness(printer(sys.stderr)))
    return understand_lines(reader, sys.stdin, sys.stdout, args.context, args.json)


def _recognize(args: argparse.Namespace) -> int:
    from companion.core.reader import Reader
    from companion.engines.whisper_asr import WhisperRecognizer
    from companion.recognize_files import recognize_files
    from companion.talk import meaning_likeness, printer, understanding_by_ear

    matcher = IntentMatcher.bundled()
    recognizer = WhisperRecognizer(hints=matcher.grammar.hints)
    reader = Reader(matcher, likeness=meaning_likeness(printer(sys.stderr)))
    understanding = understanding_by_ear(reader, recognizer)
    return recognize_files(
        args.files, args.context, recognizer, understanding, sys.stdout, args.json
    )
