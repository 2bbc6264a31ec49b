"""The real recogniser: espeak-ng speaking into pocketsphinx, and real people's recordings.

Rates are asserted a little below what benchmarks/intent_accuracy.py measured, so that they
guard against regressions without flapping.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from companion.core.audio import AudioChunk
from companion.core.intents import NONE, IntentMatcher
from companion.core.understanding import Understanding
from companion.engines.wav_io import resample

pytest.importorskip("pocketsphinx")

from companion.engines.pocketsphinx_asr import PocketsphinxRecognizer

ROOT = Path(__file__).resolve().parents[2]
SPEECH_COMMANDS = ROOT.parent / "shared" / "data" / "speech_commands_sample"

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")

COMMANDS = [
    ("idle", "start a breathing exercise", "breathe", {}),
    ("idle", "let's do box breathing", "breathe", {"pattern": "box"}),
    ("idle", "help me ground myself", "ground", {}),
    ("idle", "i feel anxious", "feeling_anxious", {}),
    ("idle", "i feel overwhelmed", "feeling_overwhelmed", {}),
    ("session", "stop", "stop", {}),
    ("session", "pause", "pause", {}),
    ("session", "continue", "resume", {}),
    ("session", "repeat that", "repeat", {}),
    ("session", "slower", "slower", {}),
    ("session", "faster", "faster", {}),
    ("session", "skip", "skip", {}),
    ("idle", "remind me to breathe every hour", "remind",
     {"every_minutes": 60, "activity": "breathe"}),
    ("idle", "remind me in twenty minutes", "remind", {"in_minutes": 20}),
    ("yes_no", "snooze ten minutes", "snooze", {"minutes": 10}),
    ("idle", "what reminders do i have", "list_reminders", {}),
    ("idle", "cancel my reminders", "cancel_reminders", {}),
    ("yes_no", "yes", "yes", {}),
    ("yes_no", "no", "no", {}),
    ("rating", "seven", "rating", {"value": 7}),
    ("feeling", "sad", "feeling", {"word": "sad"}),
    ("idle", "what can you do", "help", {}),
]  # fmt: skip
CRISIS = [
    "i want to hurt myself",
    "i want to die",
    "i don't want to live anymore",
    "i want to kill myself",
    "i can't go on",
    "i'm going to end it all",
    "i need help now",
    "i feel like hurting myself",
]
CHATTER = [
    ("idle", "the weather is going to be lovely on saturday afternoon"),
    ("idle", "did you remember to buy milk on the way home"),
    ("session", "breathe in slowly through your nose"),
    ("session", "notice five things you can see around you"),
    ("yes_no", "would you like to do a breathing exercise now"),
]


@pytest.fixture(scope="module")
def matcher() -> IntentMatcher:
    return IntentMatcher.bundled()


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def recognizer(matcher: IntentMatcher, cache_dir: Path) -> PocketsphinxRecognizer:
    return PocketsphinxRecognizer(matcher.grammar, cache_dir=cache_dir)


def spoken(text: str) -> AudioChunk:
    """espeak-ng's voice saying text, 16 kHz mono, with 0.3 s of room before and after."""
    wav = subprocess.run(
        ["espeak-ng", "-v", "en-us", "--stdout", text], capture_output=True, check=True
    ).stdout
    rate = int.from_bytes(wav[24:28], "little")
    speech = resample(AudioChunk(wav[44:], rate, 2, 1), 16_000).pcm
    pad = bytes(2 * 4800)
    return AudioChunk(pad + speech + pad, 16_000, 2, 1)


def heard_intent(
    recognizer: PocketsphinxRecognizer, matcher: IntentMatcher, chunk: AudioChunk, context: str
) -> tuple[str, dict[str, object]]:
    intent = _understanding(matcher).read(recognizer.recognize(chunk, context), context).intent
    return intent.name, dict(intent.slots)


@functools.cache
def _understanding(matcher: IntentMatcher) -> Understanding:
    return Understanding(matcher)


@needs_espeak
def test_espeak_commands_are_recognised_in_their_context(
    recognizer: PocketsphinxRecognizer, matcher: IntentMatcher
) -> None:
    right = [
        heard_intent(recognizer, matcher, spoken(text), context) == (intent, slots)
        for context, text, intent, slots in COMMANDS
    ]
    assert sum(right) >= 0.7 * len(COMMANDS), right  # 18 of 22 measured


@needs_espeak
@pytest.mark.parametrize(("context", "least"), [("idle", 3), ("session", 6)])
def test_crisis_sentences_are_heard_as_crisis(
    recognizer: PocketsphinxRecognizer, matcher: IntentMatcher, context: str, least: int
) -> None:
    """Measured: 4-5 of 8 in idle, where every command competes; 7 of 8 in a session."""
    found = [heard_intent(recognizer, matcher, spoken(t), context)[0] for t in CRISIS]
    assert found.count("crisis") >= least, found


@needs_espeak
def test_chatter_and_cue_lines_are_mostly_rejected(
    recognizer: PocketsphinxRecognizer, matcher: IntentMatcher
) -> None:
    found = [heard_intent(recognizer, matcher, spoken(t), c)[0] for c, t in CHATTER]
    assert found.count(NONE) >= 4, found


@needs_espeak
def test_streamed_speech_is_heard_as_it_comes(
    recognizer: PocketsphinxRecognizer, matcher: IntentMatcher
) -> None:
    """Fed 30 ms at a time, as the microphone gives it: words are known before the end."""
    said = [
        ("idle", "start box breathing", "breathe"),
        ("idle", "help me ground myself", "ground"),
        ("session", "stop", "stop"),
        ("session", "pause", "pause"),
    ]
    right = 0
    for context, text, intent in said:
        pcm = spoken(text).pcm
        recognizer.begin(context)
        partials = []
        for at in range(0, len(pcm), 960):
            recognizer.feed(pcm[at : at + 960])
            partials.append(recognizer.partial())
        heard = recognizer.finish()
        right += _understanding(matcher).read(heard, context).intent.name == intent
        assert partials[-1], f"nothing heard before the end of {text!r}"
    assert right >= 3, right


@needs_espeak
def test_a_recogniser_keeping_one_model_loads_each_context_when_needed(
    recognizer: PocketsphinxRecognizer, matcher: IntentMatcher, cache_dir: Path
) -> None:
    from companion.engines.pocketsphinx_asr import DecoderSettings

    lean = PocketsphinxRecognizer(
        matcher.grammar, DecoderSettings(searches_kept=1), cache_dir=cache_dir
    )
    for context, text, intent in [
        ("idle", "what can you do", "help"),
        ("yes_no", "yes", "yes"),
        ("idle", "what can you do", "help"),
    ]:
        assert heard_intent(lean, matcher, spoken(text), context)[0] == intent


def test_silence_is_heard_as_nothing(
    recognizer: PocketsphinxRecognizer, matcher: IntentMatcher
) -> None:
    silence = AudioChunk(bytes(32_000), 16_000, 2, 1)
    for context in ("idle", "session", "rating"):
        assert heard_intent(recognizer, matcher, silence, context) == (NONE, {})


def real_clips() -> list[tuple[str, bytes]]:
    if not (SPEECH_COMMANDS / "labels.tsv").exists():
        pytest.skip(f"real recordings absent: {SPEECH_COMMANDS} (shared test data)")
    clips = []
    for line in (SPEECH_COMMANDS / "labels.tsv").read_text().splitlines():
        name, word = line.split("\t")
        with wave.open(str(SPEECH_COMMANDS / name)) as wav:
            clips.append((word.strip(), wav.readframes(wav.getnframes())))
    return clips


DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def expected(word: str) -> tuple[str, str, dict[str, object]]:
    if word in ("yes", "no"):
        return "yes_no", word, {}
    if word == "stop":
        return "session", "stop", {}
    return "rating", "rating", {"value": DIGITS.index(word)}


def test_real_people_saying_commands_are_understood(
    recognizer: PocketsphinxRecognizer, matcher: IntentMatcher
) -> None:
    targets = [(w, pcm) for w, pcm in real_clips() if w in ("yes", "no", "stop", *DIGITS)]
    right = 0
    for word, pcm in targets:
        context, intent, slots = expected(word)
        chunk = AudioChunk(pcm, 16_000, 2, 1)
        right += heard_intent(recognizer, matcher, chunk, context) == (intent, slots)
    assert right >= 0.55 * len(targets), f"{right}/{len(targets)}"  # 82 of 130 measured


def test_real_people_saying_other_words_are_mostly_rejected(
    recognizer: PocketsphinxRecognizer, matcher: IntentMatcher
) -> None:
    others = [(w, pcm) for w, pcm in real_clips() if w not in ("yes", "no", "stop", *DIGITS)]
    rejected = 0
    for _, pcm in others:
        chunk = AudioChunk(pcm, 16_000, 2, 1)
        rejected += heard_intent(recognizer, matcher, chunk, "yes_no")[0] == NONE
    assert rejected >= 0.85 * len(others), f"{rejected}/{len(others)}"  # 158 of 170 measured


def write_wav(path: Path, chunk: AudioChunk) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(chunk.channels)
        wav.setsampwidth(chunk.width_bytes)
        wav.setframerate(chunk.rate_hz)
        wav.writeframes(chunk.pcm)


@needs_espeak
def test_recognize_cli_prints_json_and_goes_on_after_a_broken_file(tmp_path: Path) -> None:
    good = tmp_path / "stop.wav"
    chunk = spoken("what reminders do i have")
    stereo = np.repeat(np.frombuffer(chunk.pcm, dtype="<i2"), 2).astype("<i2").tobytes()
    write_wav(good, AudioChunk(stereo, 16_000, 2, 2))
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF not really a wave file")
    result = subprocess.run(
        [sys.executable, "-m", "companion", "recognize", "--json", str(broken), str(good)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert lines[0]["file"] == str(broken) and "error" in lines[0]
    assert lines[1]["file"] == str(good)
    assert set(lines[1]) == {"file", "text", "intent", "slots", "confidence"}
    assert lines[1]["intent"] == "list_reminders"


def test_quiet_speech_is_raised_and_loud_speech_left_alone() -> None:
    import numpy as np

    from companion.engines.pocketsphinx_asr import amplified, level_gain

    def normalize_level(pcm: bytes, target_dbfs: float, max_gain_db: float) -> bytes:
        return amplified(pcm, level_gain(pcm, target_dbfs, max_gain_db))

    t = np.arange(16000) / 16000
    quiet = (300 * np.sin(2 * np.pi * 200 * t)).astype("<i2").tobytes()
    loud = (12000 * np.sin(2 * np.pi * 200 * t)).astype("<i2").tobytes()
    raised = np.frombuffer(normalize_level(quiet, -26.0, 30.0), "<i2").astype(float)
    assert abs(20 * np.log10(np.sqrt(np.mean(raised**2)) / 32768) + 26.0) < 0.5
    assert normalize_level(loud, -26.0, 30.0) == loud
    assert normalize_level(bytes(3200), -26.0, 30.0) == bytes(3200)
