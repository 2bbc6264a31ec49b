"""The benchmark corpus: phrase list, mixing, generated noise, rendering, real recordings."""

from __future__ import annotations

import re
import shutil
import sys
import wave
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)
needs_data = pytest.mark.skipif(
    not (ROOT.parent / "shared" / "data").is_dir(),
    reason="../shared/data (the shared recordings) is absent in this checkout",
)

# The intent contract, written here independently of corpus.py.
COMMAND_INTENTS = {
    "breathe", "ground", "feeling_anxious", "feeling_overwhelmed",
    "stop", "pause", "resume", "repeat", "slower", "faster", "skip",
    "remind", "snooze", "list_reminders", "cancel_reminders",
    "yes", "no", "rating", "feeling", "help", "crisis",
    "calm", "sleep", "space", "cancel", "clarify", "rating_vague",
}  # fmt: skip
CONTEXT_INTENTS = {
    "idle": COMMAND_INTENTS,
    "session": {
        "stop",
        "pause",
        "resume",
        "repeat",
        "slower",
        "faster",
        "skip",
        "help",
        "crisis",
        "cancel",
        "clarify",
    },
    "yes_no": {"yes", "no", "snooze", "stop", "pause", "crisis", "cancel"},
    "rating": {"rating", "rating_vague", "skip", "stop", "pause", "crisis", "cancel"},
    "feeling": {"feeling", "stop", "pause", "crisis", "cancel"},
}
PATTERNS = {"sigh", "box", "478", "coherent", "exhale"}
TECHNIQUES = {"senses", "body_scan", "muscle", "self_compassion"}
ACTIVITIES = {"breathe", "ground", "check_in"}
FEELINGS = {
    "mad", "sad", "scared", "angry", "frustrated", "hurt", "lonely", "anxious", "afraid",
    "ashamed", "disappointed", "overwhelmed", "unknown",
}  # fmt: skip
HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def int_in(low: int, high: int) -> Callable[[object], bool]:
    """A check that a slot value is an int (not a bool) in [low, high]."""
    return lambda v: type(v) is int and low <= v <= high


SLOT_RULES = {
    "breathe": {"pattern": PATTERNS.__contains__, "minutes": int_in(1, 60)},
    "ground": {"technique": TECHNIQUES.__contains__},
    "remind": {
        "every_minutes": int_in(1, 24 * 60),
        "in_minutes": int_in(1, 24 * 60),
        "at": lambda v: isinstance(v, str) and HH_MM.match(v) is not None,
        "activity": ACTIVITIES.__contains__,
    },
    "snooze": {"minutes": int_in(1, 24 * 60)},
    "rating": {"value": int_in(0, 10)},
    "feeling": {"word": FEELINGS.__contains__},
}


@pytest.fixture(scope="module")
def phrases() -> list[corpus.Phrase]:
    return corpus.load_phrases()


def speech_like(rng: np.random.Generator) -> np.ndarray:
    """Three bursts of noise at -26 dBFS, 0.3 s on, 0.3 s off, aligned to 20 ms frames."""
    on, off = 4800, 4800
    bursts = [np.concatenate([rng.normal(0, 1640, on), np.zeros(off)]) for _ in range(3)]
    return np.concatenate([np.zeros(off), *bursts])


def test_mixing_at_10_db_gives_10_db_on_the_active_part() -> None:
    rng = np.random.default_rng(3)
    speech = np.round(speech_like(rng))
    noise = corpus.to_pcm(corpus.pink_noise(48_000, rng) * 3000)
    mixed = corpus.from_pcm(corpus.mix(corpus.to_pcm(speech), noise, 10.0, rng))
    active = speech != 0
    added = mixed - speech
    snr = 20 * np.log10(np.sqrt(np.mean(speech[active] ** 2)) / np.sqrt(np.mean(added**2)))
    assert abs(snr - 10.0) < 0.5


def test_mixing_loud_speech_does_not_clip_and_keeps_the_snr() -> None:
    rng = np.random.default_rng(4)
    speech = speech_like(rng) * 12
    mixed = corpus.mix_samples(speech, corpus.pink_noise(speech.size, rng), 5.0)
    gain = np.dot(mixed, speech) / np.dot(speech, speech)
    residual = mixed - gain * speech
    active = speech != 0
    snr = 20 * np.log10(gain * np.sqrt(np.mean(speech[active] ** 2)) / np.std(residual))
    assert np.abs(mixed).max() <= 32767
    assert gain < 1.0
    assert abs(snr - 5.0) < 0.5


def test_pink_noise_spectrum_falls_with_frequency() -> None:
    noise = corpus.pink_noise(160_000, np.random.default_rng(5))
    power = np.abs(np.fft.rfft(noise)) ** 2
    freqs = np.fft.rfftfreq(noise.size, 1 / corpus.SAMPLE_RATE_HZ)
    bands = [(100, 200), (400, 800), (1600, 3200), (4000, 8000)]
    density = [power[(freqs >= lo) & (freqs < hi)].mean() for lo, hi in bands]
    assert density == sorted(density, reverse=True)
    octaves = np.log2(3000 / 150)
    slope_db_per_octave = 10 * np.log10(density[2] / density[0]) / octaves
    assert -4.0 < slope_db_per_octave < -2.0


def test_fan_noise_hums_between_100_and_120_hz() -> None:
    noise = corpus.fan_noise(64_000, np.random.default_rng(6))
    power = np.abs(np.fft.rfft(noise)) ** 2
    freqs = np.fft.rfftfreq(noise.size, 1 / corpus.SAMPLE_RATE_HZ)
    peak_hz = freqs[np.argmax(power[freqs > 50]) + np.count_nonzero(freqs <= 50)]
    assert 100 <= peak_hz <= 120


@needs_espeak
def test_espeak_render_is_16_khz_mono_and_contains_speech(tmp_path: Path) -> None:
    voice = corpus.Voice("espeak", "en-us", 175)
    path = corpus.render_cached("remind me in twenty five minutes", voice, tmp_path)
    with wave.open(str(path), "rb") as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16_000, 1, 2)
        samples = corpus.from_pcm(w.readframes(w.getnframes()))
    rms = corpus.frame_rms(samples)
    assert 1.0 < samples.size / 16_000 < 4.0
    assert np.count_nonzero(rms > corpus.dbfs_to_rms(-40)) > 30  # > 0.6 s of loud frames


@needs_espeak
def test_quiet_utterance_has_room_tone_at_the_dither_floor(tmp_path: Path) -> None:
    phrase = corpus.Phrase("hold on", "pause", {}, "session", "dev")
    (utt,) = corpus.build([phrase], corpus.VOICES_ESPEAK[:1], ["quiet"], [], 1, cache_dir=tmp_path)
    lead = corpus.from_pcm(utt.pcm)[: int(0.3 * 16_000)]
    lead_dbfs = 20 * np.log10(np.sqrt(np.mean(lead**2)) / 32768)
    assert (utt.noise, utt.snr_db, utt.intent) == ("quiet", None, "pause")
    assert -62 < lead_dbfs < -58


@needs_espeak
def test_build_is_repeatable_and_respects_limit(tmp_path: Path) -> None:
    phrase = corpus.Phrase("pause", "pause", {}, "session", "dev")
    args = ([phrase], corpus.VOICES_ESPEAK[:2], ["quiet", "pink", "fan"], [20, 5], 7)
    first = list(corpus.build(*args, limit=3, cache_dir=tmp_path))
    again = list(corpus.build(*args, limit=3, cache_dir=tmp_path))
    assert len(first) == 3
    assert [u.pcm for u in first] == [u.pcm for u in again]


def test_phrases_cover_every_intent_of_the_contract(phrases: list[corpus.Phrase]) -> None:
    counts = Counter(p.intent for p in phrases)
    assert {i: counts[i] for i in COMMAND_INTENTS if counts[i] < 15} == {}
    assert counts["crisis"] >= 40
    assert counts["none"] >= 150


def test_every_phrase_has_a_valid_set_and_a_context_that_takes_its_intent(
    phrases: list[corpus.Phrase],
) -> None:
    wrong = [
        p.text
        for p in phrases
        if p.set not in ("dev", "heldout")
        or p.context not in CONTEXT_INTENTS
        or (p.intent != "none" and p.intent not in CONTEXT_INTENTS[p.context])
    ]
    assert wrong == []


def test_about_a_third_of_each_intent_is_held_out(phrases: list[corpus.Phrase]) -> None:
    for intent in COMMAND_INTENTS | {"none"}:
        group = [p for p in phrases if p.intent == intent]
        held = sum(p.set == "heldout" for p in group) / len(group)
        assert 0.25 <= held <= 0.4, intent


def test_slot_values_are_canonical(phrases: list[corpus.Phrase]) -> None:
    bad = [
        (p.text, key, value)
        for p in phrases
        for key, value in p.slots.items()
        if key not in SLOT_RULES.get(p.intent, {}) or not SLOT_RULES[p.intent][key](value)
    ]
    assert bad == []


def test_slots_that_an_intent_needs_are_present(phrases: list[corpus.Phrase]) -> None:
    when = {"every_minutes", "in_minutes", "at"}
    bad = [
        p.text
        for p in phrases
        if (p.intent == "remind" and len(when & p.slots.keys()) != 1)
        or (p.intent == "rating" and "value" not in p.slots)
        or (p.intent == "feeling" and "word" not in p.slots)
    ]
    assert bad == []


def test_phrases_are_spoken_words_without_digits_or_duplicates(
    phrases: list[corpus.Phrase],
) -> None:
    assert [p.text for p in phrases if re.search(r"\d", p.text)] == []
    keys = Counter((p.text.lower(), p.context) for p in phrases)
    assert [k for k, n in keys.items() if n > 1] == []


def test_unquoted_yes_intent_is_rejected_with_the_entry_named() -> None:
    text = "- {text: yes, intent: yes, slots: {}, context: yes_no, set: dev}\n"
    with pytest.raises(ValueError, match="entry 0"):
        corpus.phrases_from_yaml(text)


@needs_data
def test_real_commands_finds_300_recordings_with_their_targets() -> None:
    commands = corpus.real_commands()
    targets = Counter(c.intent for c in commands if c.is_target)
    assert len(commands) == 300
    assert targets == {"yes": 10, "no": 10, "stop": 10, "rating": 100}
    assert {c.slots["value"] for c in commands if c.intent == "rating"} == set(range(10))
    assert all(len(c.pcm) > 8_000 for c in commands)
