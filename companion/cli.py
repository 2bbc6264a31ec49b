"""Composition root: settings -> engines -> core. The only place that picks engines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from typing import TextIO

from companion import __version__
from companion.core.dialogue import Dialogue
from companion.core.intents import CONTEXTS, IntentMatcher
from companion.core.loop import run_conversation
from companion.core.safety import CrisisLine, crisis_line_for
from companion.core.scripts import load_bundled
from companion.errors import CompanionError
from companion.settings import Paths, Settings, load_settings, paths_from_env
from companion.speaker import Speaker

CRISIS_RATE_FACTOR = 0.85
"""The safety response is spoken more slowly than the usual voice."""


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
        return _talk(args, paths, settings)
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
    return parser


def _talk(args: argparse.Namespace, paths: Paths, settings: Settings) -> int:
    out = sys.stdout
    if not args.text:
        _explain_text_fallback(out)
    line = crisis_line_for(
        settings.safety.country, settings.safety.crisis_line, settings.safety.emergency_number
    )
    with ExitStack() as stack:
        speaker = Speaker(out) if args.mute else _voiced_speaker(out, paths, settings, stack)
        _welcome(speaker, paths, line)
        _run_text_conversation(speaker, line)
    return 0


def _recognize(args: argparse.Namespace) -> int:
    from companion.engines.pocketsphinx_asr import PocketsphinxRecognizer
    from companion.recognize_files import recognize_files

    matcher = IntentMatcher.bundled()
    recognizer = PocketsphinxRecognizer(matcher.grammar)
    return recognize_files(args.files, args.context, recognizer, matcher, sys.stdout, args.json)


def _explain_text_fallback(out: TextIO) -> None:
    """Voice mode falls back to typed requests, saying why in one line."""
    from companion.engines.sounddevice_io import default_input_available

    reason = default_input_available()
    if reason is None:
        reason = "listening by voice is not built yet"
    print(f"Voice mode unavailable: {reason}. Using text mode.", file=out, flush=True)


def _voiced_speaker(out: TextIO, paths: Paths, settings: Settings, stack: ExitStack) -> Speaker:
    """A speaker that talks when an output device and a speech engine exist, else prints."""
    from companion.engines.pyttsx3_tts import Pyttsx3Synthesizer
    from companion.engines.sounddevice_io import SpeakerSink, default_output_available

    reason = default_output_available()
    if reason is not None:
        print(f"Printing only: {reason}.", file=out, flush=True)
        return Speaker(out)
    try:
        paths.cache_dir.mkdir(parents=True, exist_ok=True)
        voice = settings.voice
        normal = Pyttsx3Synthesizer(voice.voice_id, voice.rate_percent, paths.cache_dir)
        slow_rate = round(voice.rate_percent * CRISIS_RATE_FACTOR)
        slow = Pyttsx3Synthesizer(voice.voice_id, slow_rate, paths.cache_dir)
        sink = stack.enter_context(SpeakerSink())
    except CompanionError as exc:
        print(f"Printing only: {exc}", file=out, flush=True)
        return Speaker(out)
    return Speaker(out, sink, normal, slow)


def _welcome(speaker: Speaker, paths: Paths, line: CrisisLine) -> None:
    """The first run says plainly what this is and is not; every run says how to start."""
    from companion.core.actions import Say

    marker = paths.data_dir / "welcomed"
    if not marker.exists():
        speaker.perform(
            [
                Say(
                    "Welcome. I'm a wellbeing companion, not therapy or a crisis service, "
                    "and not a substitute for professional help. If you are ever in danger, "
                    "call "
                    f"{line.emergency_number}."
                )
            ]
        )
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        marker.touch()
    print(
        "Type a request, one a line (for example: start box breathing). "
        "Type stop at any time; Ctrl-C leaves.",
        flush=True,
    )


def _run_text_conversation(speaker: Speaker, line: CrisisLine) -> None:
    from companion.engines.system_clock import SystemClock
    from companion.stdin_inbox import LineInbox

    clock = SystemClock()
    dialogue = Dialogue(load_bundled(), line, speaker.speech_s)
    inbox = LineInbox(sys.stdin, clock).start()
    run_conversation(dialogue, IntentMatcher.bundled(), inbox, clock, speaker.perform)
