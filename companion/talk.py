"""Composition of a conversation: the engines it talks and listens with, by what the machine has.

With `cli.py`, the only place that picks engines. Each missing part is explained in one line
and replaced by the next best: no microphone -> typed requests; no speaker or voice -> print.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING, TextIO

from companion.core.actions import Action, Cue, Record, Say
from companion.core.attention import Attention
from companion.core.dialogue import Dialogue, fixed_replies
from companion.core.intents import IntentMatcher
from companion.core.loop import run_conversation
from companion.core.ports import Clock, Inbox, Likeness
from companion.core.reader import Reader
from companion.core.reminders import QuietHours
from companion.core.reminding import Reminding
from companion.core.safety import CrisisLine, crisis_line_for, crisis_response
from companion.core.scripts import Script, load_library
from companion.core.understanding import ACCEPT_THRESHOLD, Understanding
from companion.core.wake import WakePhrase
from companion.errors import CompanionError
from companion.history_store import FILE_NAME as HISTORY_FILE
from companion.history_store import HistoryStore
from companion.reminder_store import FILE_NAME as REMINDERS_FILE
from companion.reminder_store import ReminderStore
from companion.settings import Paths, Settings
from companion.speaker import Speaker

if TYPE_CHECKING:
    from companion.engines.whisper_asr import WhisperRecognizer

    Ear = WhisperRecognizer | str
    """The recogniser, or the reason there is none."""

CUE_LEAD_S = 0.5
"""Breathing cues go to the speaker this long before their time, and it starts each exactly
on its frame. More than the output's delay plus what the sound server holds back (about
50 ms, growing some 250 ppm behind ALSA's PulseAudio plugin: 150 ms after ten minutes)."""


def talk(text_mode: bool, mute: bool, paths: Paths, settings: Settings) -> int:
    """Run a conversation until Ctrl-C, end of typed input, or goodbye."""
    from companion.engines.heap import give_back, limit_arenas
    from companion.engines.system_clock import SystemClock

    limit_arenas()  # before any thread starts
    out = sys.stdout
    line = crisis_line_for(
        settings.safety.country, settings.safety.crisis_line, settings.safety.emergency_number
    )
    clock = SystemClock()
    matcher = IntentMatcher.bundled()
    wake = WakePhrase(settings.listening.wake_phrase)
    attention = Attention(settings.listening.wake_required)
    with ExitStack() as stack:
        if not mute and not paths.cache_dir.exists():
            print("Getting ready: the first start takes up to a minute.", file=out, flush=True)
        speaker = Speaker(out) if mute else _voiced_speaker(out, paths, settings, stack)
        library = load_library(paths.scripts_dir)
        for problem in library.problems:
            print(f"Skipped a script: {problem}", file=out, flush=True)
        scripts = library.scripts
        for text in _fixed_sentences(scripts, line):  # rendered now: answers start at once
            speaker.speech_s(text)
        ear = None if text_mode else _ear(matcher, wake, attention)
        give_back()  # what loading the model freed (its float16 copy, converted to int8)
        reminders = stack.enter_context(ReminderStore(paths.data_dir / REMINDERS_FILE))
        reminding = _reminding(reminders, settings, speaker.speech_s)
        history = stack.enter_context(HistoryStore(paths.data_dir / HISTORY_FILE))
        dialogue = Dialogue(
            scripts,
            line,
            speaker.speech_s,
            settings.sessions.check_ins,
            reminding,
            cue_lead_s=CUE_LEAD_S if speaker.voiced else 0.0,
            output_delay_s=speaker.output_delay_s,
            used_before=lambda script_id: _used_before(history, script_id),
        )
        trace = printer(sys.stderr) if os.environ.get("COMPANION_TRACE") == "1" else None
        titles = {script_id: script.title for script_id, script in scripts.items()}
        reader = Reader(matcher, titles, meaning_likeness(printer(out)))
        give_back()
        hearing = Hearing(reader, wake, attention, speaker, trace)
        inbox = None if ear is None else _voice_inbox(hearing, ear, dialogue, clock, stack, out)
        _welcome(speaker, paths, line)
        speaker.perform(dialogue.start())  # reminders missed while it was not running
        if inbox is None:
            inbox = _typed_inbox(clock, out)

        def perform(actions: list[Action]) -> None:
            speaker.perform(actions)
            for action in actions:
                if isinstance(action, Say | Cue) and _asks(action):
                    # an answer to a question needs no wake phrase
                    attention.asked(clock.now() + speaker.speech_s(action.text))
                elif isinstance(action, Record):
                    _keep(history, action, out)

        run_conversation(dialogue, reader, inbox, clock, perform, wake)
    return 0


def meaning_likeness(notice: Callable[[str], None]) -> Likeness | None:
    """Examples compared by meaning (a second ear for crisis language), or None with the
    reason said once when the model cannot load."""
    from companion.core.examples import examples
    from companion.engines.wordllama_likeness import WordLlamaLikeness

    try:
        return WordLlamaLikeness(examples())
    except CompanionError as exc:
        notice(f"Reading by patterns alone: {exc}")
        return None


def _reminding(
    book: ReminderStore, settings: Settings, speech_s: Callable[[str], float]
) -> Reminding:
    from companion.engines.system_clock import SystemWallClock
    from companion.local_zone import local_zone

    start, end = settings.reminders.quiet_hours.split("-")
    quiet = QuietHours(time.fromisoformat(start), time.fromisoformat(end))
    zone = local_zone(settings.reminders.time_zone)
    return Reminding(book, SystemWallClock(), zone, quiet, speech_s)


def _asks(action: Say | Cue) -> bool:
    """A question was put: the answer may come without the wake phrase."""
    if isinstance(action, Cue) and action.phase == "ask":
        return True
    return action.text.rstrip().endswith("?")


def _used_before(history: HistoryStore, script_id: str) -> bool:
    """A session of `script_id` is in the history; a history that cannot be read counts as
    none (the intro, with its safety line, is then said again)."""
    try:
        return history.has_sessions(script_id)
    except CompanionError:
        return False


def _keep(history: HistoryStore, record: Record, out: TextIO) -> None:
    """Write a finished session to the history; a history that cannot be written is said once
    a time and never stops the conversation."""
    try:
        history.add(record.session, datetime.now().astimezone())
    except CompanionError as exc:
        print(f"Could not keep this session in the history: {exc}", file=out, flush=True)


def _fixed_sentences(scripts: Mapping[str, Script], line: CrisisLine) -> list[str]:
    """Everything the companion can say that is known in advance."""
    texts = [text for script in scripts.values() for text in script.spoken_texts()]
    return texts + fixed_replies() + list(crisis_response(line))


def _typed_inbox(clock: Clock, out: TextIO) -> Inbox:
    from companion.stdin_inbox import LineInbox

    print(
        "Type a request, one a line (for example: start box breathing). "
        "Type stop at any time; Ctrl-C leaves.",
        file=out,
        flush=True,
    )
    return LineInbox(sys.stdin, clock).start()


@dataclass(frozen=True)
class Hearing:
    """What listening is built from, besides the microphone and the recogniser."""

    reader: Reader
    wake: WakePhrase
    attention: Attention
    speaker: Speaker
    trace: Callable[[str], None] | None

    def invitation(self) -> str:
        """The line that says how to talk to it."""
        if self.attention.wake_required:
            name = self.wake.text
            return (
                f'Listening. Say "{name}" before a request, for example: {name}, start box '
                "breathing. In a session, just say stop. Ctrl-C leaves."
            )
        return (
            "Listening. Say, for example: start box breathing. Say stop at any time; Ctrl-C leaves."
        )


def _ear(matcher: IntentMatcher, wake: WakePhrase, attention: Attention) -> Ear:
    """The recogniser, or why there is no listening. Loaded before the reader's models: its
    load peaks 80 MB above what it keeps, and that peak should not stack on them."""
    from companion.engines.sounddevice_io import default_input_available

    reason = default_input_available()
    if reason is not None:
        return reason
    try:
        return whisper_recognizer(matcher, wake, attention)
    except CompanionError as exc:
        return str(exc)


def _voice_inbox(
    hearing: Hearing, ear: Ear, dialogue: Dialogue, clock: Clock, stack: ExitStack, out: TextIO
) -> Inbox | None:
    """Listening through the microphone, or None (with the reason printed) for typed requests."""
    if isinstance(ear, str):
        reason = ear
    else:
        try:
            inbox = _listening(hearing, ear, dialogue, clock, stack, out)
        except CompanionError as exc:
            reason = str(exc)
        else:
            print(hearing.invitation(), file=out, flush=True)
            return inbox
    print(f"Voice mode unavailable: {reason}. Using text mode.", file=out, flush=True)
    return None


def _listening(
    hearing: Hearing,
    recognizer: WhisperRecognizer,
    dialogue: Dialogue,
    clock: Clock,
    stack: ExitStack,
    out: TextIO,
) -> Inbox:
    from companion.engines.microphone import Microphone
    from companion.engines.webrtc_vad import WebrtcVad
    from companion.listening import Ears, VoiceInbox

    understanding = understanding_by_ear(hearing.reader, recognizer, hearing.wake)
    ears = Ears(understanding, hearing.attention, hearing.speaker.playing_between, hearing.trace)
    microphone = stack.enter_context(Microphone(notice=printer(out)))
    inbox = VoiceInbox(
        microphone, WebrtcVad(), recognizer, ears, lambda: dialogue.context, clock
    ).start()
    stack.callback(inbox.stop)
    return inbox


def whisper_recognizer(
    matcher: IntentMatcher, wake: WakePhrase, attention: Attention
) -> WhisperRecognizer:
    """The ear, prompted with what each context expects (and the wake phrase, when needed)."""
    from companion.engines.whisper_asr import WhisperRecognizer

    wake_phrase = wake.text if attention.wake_required else ""
    return WhisperRecognizer(hints=matcher.grammar.hints, wake_phrase=wake_phrase)


def understanding_by_ear(
    reader: Reader,
    recognizer: WhisperRecognizer,
    wake: WakePhrase | None = None,
    threshold: float = ACCEPT_THRESHOLD,
) -> Understanding:
    """Transcripts read as the live loop reads them: the sound chooses among the sentences
    they could be (the recogniser's scores), and a misheard word costs less the more it
    sounds like the grammar's."""
    from companion.engines.sound_alike import unlike

    return Understanding(
        reader.matcher, threshold, wake=wake, reader=reader, scorer=recognizer, unlike=unlike
    )


def printer(out: TextIO) -> Callable[[str], None]:
    """Prints a line from any thread."""
    return lambda message: print(message, file=out, flush=True)


def _voiced_speaker(out: TextIO, paths: Paths, settings: Settings, stack: ExitStack) -> Speaker:
    """A speaker that talks when an output device and a speech engine exist, else prints."""
    from companion.engines.sounddevice_io import SpeakerSink, default_output_available
    from companion.synthesis import build_synthesizer

    reason = default_output_available()
    if reason is not None:
        print(f"Printing only: {reason}.", file=out, flush=True)
        return Speaker(out)
    try:
        voice, _ = build_synthesizer(settings.voice, paths.cache_dir, printer(out))
        sink = stack.enter_context(SpeakerSink(notice=printer(out)))
    except CompanionError as exc:
        print(f"Printing only: {exc}", file=out, flush=True)
        return Speaker(out)
    return Speaker(out, sink, voice)


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
