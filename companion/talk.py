"""Composition of a conversation: the engines it talks and listens with, by what the machine has.

With `cli.py`, the only place that picks engines. Each missing part is explained in one line
and replaced by the next best: no microphone -> typed requests; no speaker or voice -> print.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from typing import TextIO

from companion.core.dialogue import Dialogue
from companion.core.intents import NONE, IntentMatcher
from companion.core.loop import run_conversation
from companion.core.ports import Clock, Heard, Inbox
from companion.core.safety import CrisisLine, crisis_line_for
from companion.core.scripts import load_bundled
from companion.errors import CompanionError
from companion.settings import Paths, Settings
from companion.speaker import Speaker


def talk(text_mode: bool, mute: bool, paths: Paths, settings: Settings) -> int:
    """Run a conversation until Ctrl-C, end of typed input, or goodbye."""
    from companion.engines.system_clock import SystemClock

    out = sys.stdout
    line = crisis_line_for(
        settings.safety.country, settings.safety.crisis_line, settings.safety.emergency_number
    )
    clock = SystemClock()
    matcher = IntentMatcher.bundled()
    with ExitStack() as stack:
        speaker = Speaker(out) if mute else _voiced_speaker(out, paths, settings, stack)
        scripts = load_bundled()
        for script in scripts.values():  # rendered now, so a request is answered at once
            for text in script.spoken_texts():
                speaker.speech_s(text)
        dialogue = Dialogue(scripts, line, speaker.speech_s)
        inbox = None if text_mode else _voice_inbox(dialogue, matcher, clock, stack, out, paths)
        _welcome(speaker, paths, line)
        if inbox is None:
            inbox = _typed_inbox(clock, out)
        run_conversation(dialogue, matcher, inbox, clock, speaker.perform)
    return 0


def _typed_inbox(clock: Clock, out: TextIO) -> Inbox:
    from companion.stdin_inbox import LineInbox

    print(
        "Type a request, one a line (for example: start box breathing). "
        "Type stop at any time; Ctrl-C leaves.",
        file=out,
        flush=True,
    )
    return LineInbox(sys.stdin, clock).start()


def _voice_inbox(
    dialogue: Dialogue,
    matcher: IntentMatcher,
    clock: Clock,
    stack: ExitStack,
    out: TextIO,
    paths: Paths,
) -> Inbox | None:
    """Listening through the microphone, or None (with the reason printed) for typed requests."""
    from companion.engines.sounddevice_io import default_input_available

    reason = default_input_available()
    if reason is None:
        try:
            inbox = _listening(dialogue, matcher, clock, stack, paths)
        except CompanionError as exc:
            reason = str(exc)
        else:
            print(
                "Listening. Say, for example: start box breathing. Say stop at any time; "
                "Ctrl-C leaves.",
                file=out,
                flush=True,
            )
            return inbox
    print(f"Voice mode unavailable: {reason}. Using text mode.", file=out, flush=True)
    return None


def _listening(
    dialogue: Dialogue, matcher: IntentMatcher, clock: Clock, stack: ExitStack, paths: Paths
) -> Inbox:
    from companion.core.understanding import Understanding
    from companion.engines.microphone import Microphone
    from companion.engines.pocketsphinx_asr import PocketsphinxRecognizer
    from companion.engines.webrtc_vad import WebrtcVad
    from companion.listener import VoiceInbox

    recognizer = PocketsphinxRecognizer(matcher.grammar, cache_dir=paths.cache_dir)
    understanding = Understanding(matcher)
    vad = WebrtcVad()
    microphone = stack.enter_context(Microphone())

    def meant_for_us(heard: Heard, context: str) -> str | None:
        reading = understanding.read(heard, context)
        return reading.sentence if reading.intent.name != NONE else None

    inbox = VoiceInbox(
        microphone, vad, recognizer, lambda: dialogue.context, clock, meant_for_us
    ).start()
    stack.callback(inbox.stop)
    return inbox


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
        sink = stack.enter_context(SpeakerSink())
    except CompanionError as exc:
        print(f"Printing only: {exc}", file=out, flush=True)
        return Speaker(out)
    return Speaker(out, sink, normal)


def _welcome(speaker: Speaker, paths: Paths, line: CrisisLine) -> None:
    """The first run says plainly what this is and is not."""
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
