"""The recogniser: one pocketsphinx decoder kept alive, one language-model search per context.

Building a decoder takes about 0.4 s, so it is built once; switching context is only
`activate_search`. Each context listens with a trigram model compiled from the intent
definition plus common English (companion.core.language_model); the models are written to the
cache folder once per definition and loaded from there. It returns the words it heard, how
sure it is of each (lattice posteriors), and its next-best transcripts; what they mean is
decided in companion.core.understanding.

Audio must be 16 kHz mono 16-bit. Quiet speech is raised and a little dither added before
decoding: the bundled model decodes quiet and near-digitally silent audio badly (see the
audio-stack guide).
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from companion.core import language_model
from companion.core.audio import AudioChunk
from companion.core.grammar import Grammar
from companion.core.language_model import CommonWord, Recipe
from companion.core.ports import Heard, HeardWord
from companion.errors import EngineError

RATE_HZ = 16_000
"""The only rate the bundled acoustic model takes."""
LOG10_PER_LOGMATH_UNIT = math.log10(1.0001)
"""Pocketsphinx reports log probabilities in units of log base 1.0001."""
MODEL_FORMAT = 3
"""Bump when the way models are compiled changes, so cached models are rebuilt."""
LEVEL_WINDOW_S = 1.0
"""A streamed utterance's level is judged on this much of its start (0.5 s, mostly pre-roll
and onset, overrated the gain: 52% of quiet dev commands right against 72% at 1 s)."""
HEADROOM = 0.5
"""A streamed utterance is raised at most until its start peaks here, for what is louder
later (clipping cost accuracy)."""


@dataclass(frozen=True)
class DecoderSettings:
    """Knobs of the decoder, chosen with benchmarks/intent_accuracy.py."""

    dither_dbfs: float = -50.0
    """RMS of the white noise added before decoding; below -120 turns it off."""
    speech_dbfs: float = -26.0
    """RMS a quiet utterance's loudest tenth is raised to before decoding."""
    max_gain_db: float = 30.0
    """The most a quiet utterance is raised (more would raise only noise)."""
    alternatives: int = 4
    """Next-best transcripts returned besides the best."""
    recipe: Recipe = field(default_factory=Recipe)
    """What goes into each context's language model."""
    searches_kept: int | None = None
    """Contexts whose models stay loaded at once (None: all, loaded at start). Each costs
    about 18 MB and 75 ms to load; the live loop keeps 2 and loads the next one as soon as
    the dialogue changes context (`prepare`)."""
    options: tuple[tuple[str, Any], ...] = (("fwdflat", False),)
    """Other pocketsphinx options, as (name, value) pairs; its defaults otherwise. The second
    (flat-lexicon) pass cost a third of the decode time and gained nothing measurable."""


def model_paths() -> dict[str, str]:
    """Where the bundled en-us acoustic model, dictionary and general language model live."""
    try:
        from pocketsphinx import get_model_path
    except ImportError as exc:
        raise EngineError(
            "recogniser unavailable: pocketsphinx not installed (install: pip install pocketsphinx)"
        ) from exc
    root = get_model_path()
    return {
        "hmm": os.path.join(root, "en-us", "en-us"),
        "dict": os.path.join(root, "en-us", "cmudict-en-us.dict"),
        "lm": os.path.join(root, "en-us", "en-us.lm.bin"),
    }


class PocketsphinxRecognizer:
    """Decodes utterances with the language model of the current dialogue context."""

    def __init__(
        self,
        grammar: Grammar,
        settings: DecoderSettings | None = None,
        cache_dir: Path | None = None,
        seed: int = 0,
    ) -> None:
        from pocketsphinx import Decoder

        self.settings = settings or DecoderSettings()
        paths = model_paths()
        try:
            self._decoder = Decoder(
                hmm=paths["hmm"],
                dict=paths["dict"],
                lm=None,
                loglevel="FATAL",
                **dict(self.settings.options),
            )
            _check_wake_phrase(self._decoder, self.settings.recipe.wake_phrase)
            with _model_files(grammar, self.settings.recipe, cache_dir) as files:
                self._files = files
                self._loaded: list[str] = []  # least recently used first
                lazy = cache_dir is not None and self.settings.searches_kept is not None
                for context in [] if lazy else files:
                    self.prepare(context)
        except (RuntimeError, ValueError, OSError) as exc:
            raise EngineError(f"recogniser failed to start: {exc}") from exc
        self._context = ""
        self._rng = np.random.default_rng(seed)
        self._pending: list[bytes] = []  # a streamed utterance's start, until its level is known
        self._gain: float | None = None
        self._utterance: list[bytes] = []  # kept in memory only, for again()

    def recognize(self, chunk: AudioChunk, context: str) -> Heard:
        """Decode one whole utterance."""
        _check_format(chunk)
        pcm = self._prepared(chunk.pcm)
        started = time.perf_counter()
        self._start(context)
        self._decoder.process_raw(pcm, full_utt=True)
        return self._end(started)

    def begin(self, context: str) -> None:
        """Start decoding an utterance that will arrive in pieces (`feed`, then `finish`)."""
        self._start(context)
        self._pending = []
        self._gain = None
        self._utterance = []

    def feed(self, pcm: bytes) -> None:
        """Decode the next piece of the utterance (16 kHz mono 16-bit) now.

        The level of a quiet utterance is judged on its first LEVEL_WINDOW_S and then held,
        so decoding starts well before the person stops speaking."""
        self._utterance.append(pcm)
        if self._gain is None:
            self._pending.append(pcm)
            held = b"".join(self._pending)
            if len(held) < 2 * RATE_HZ * LEVEL_WINDOW_S:
                return
            self._pending = []
            gain = level_gain(held, self.settings.speech_dbfs, self.settings.max_gain_db)
            self._gain = min(gain, max(1.0, HEADROOM * 32767 / max(peak(held), 1)))
            pcm = held
        self._decoder.process_raw(self._prepared(pcm, self._gain), full_utt=False)

    def partial(self) -> str:
        """The best transcript of the utterance so far ("" when nothing yet)."""
        hyp = self._decoder.hyp()
        return " ".join(_spelling(w) for w in hyp.hypstr.split()) if hyp is not None else ""

    def finish(self) -> Heard:
        """End the utterance begun with `begin`; decode_ms is the time spent here only."""
        started = time.perf_counter()
        if self._gain is None:  # shorter than the level window: judge it whole
            held = b"".join(self._pending)
            self._pending = []
            self._decoder.process_raw(self._prepared(held), full_utt=False)
        return self._end(started)

    def again(self, shift_s: float = 0.0) -> Heard:
        """Decode the last streamed utterance once more, whole (about 100 ms): judged whole,
        its level and its mean are surer than they were while it was still coming. With
        `shift_s`, its start is moved on that much: the model's 10 ms frames then fall
        elsewhere on the sound (see companion.listener.SHIFT_S)."""
        pcm = b"".join(self._utterance)[2 * round(shift_s * RATE_HZ) :]
        return self.recognize(AudioChunk(pcm, RATE_HZ), self._context)

    def prepare(self, context: str) -> None:
        """Have `context`'s model loaded, unloading the least recently used one beyond
        `searches_kept`; call between utterances."""
        if context in self._loaded:
            self._loaded.remove(context)
            self._loaded.append(context)
            return
        kept = self.settings.searches_kept
        while kept is not None and len(self._loaded) >= kept:
            stale = self._loaded.pop(0)
            if stale == self._context:  # the active search cannot be removed
                self._loaded.append(stale)
                break
            self._decoder.remove_search(stale)
        try:
            self._decoder.add_lm_file(context, str(self._files[context]))
        except (RuntimeError, ValueError, OSError) as exc:
            raise EngineError(f"recogniser cannot load the {context} model: {exc}") from exc
        self._loaded.append(context)

    def _start(self, context: str) -> None:
        self.prepare(context)
        if context != self._context:
            self._decoder.activate_search(context)
            self._context = context
        self._decoder.start_utt()

    def _end(self, started: float) -> Heard:
        self._decoder.end_utt()
        if self._decoder.hyp() is None:
            return Heard((), (), (time.perf_counter() - started) * 1000)
        words = tuple(self._words())
        alternatives = tuple(self._alternatives(" ".join(w.word for w in words)))
        return Heard(words, alternatives, (time.perf_counter() - started) * 1000)

    def _words(self) -> Iterator[HeardWord]:
        """The spoken words of the best path (silence and noise left out)."""
        for seg in self._decoder.seg() or []:
            if not seg.word.startswith(("<", "[", "+")):
                yield HeardWord(_spelling(seg.word), min(max(seg.prob, 0.0), 1.0))

    def _alternatives(self, best: str) -> Iterator[str]:
        """Distinct next-best transcripts, best first."""
        seen = {best}
        for rank, hyp in enumerate(self._decoder.nbest()):
            if hyp is None or rank >= 10 * self.settings.alternatives:
                return
            text = " ".join(_spelling(w) for w in hyp.hypstr.split())
            if text not in seen:
                seen.add(text)
                yield text
                if len(seen) > self.settings.alternatives:
                    return

    def _prepared(self, pcm: bytes, gain: float | None = None) -> bytes:
        """Quiet speech raised (by `gain`, or as judged on `pcm` itself), then dithered."""
        if gain is None:
            gain = level_gain(pcm, self.settings.speech_dbfs, self.settings.max_gain_db)
        return dither(amplified(pcm, gain), self.settings.dither_dbfs, self._rng)


def _check_wake_phrase(decoder: Any, phrase: str) -> None:
    """A wake phrase the dictionary cannot pronounce could never be heard: say so at once."""
    unknown = [word for word in phrase.split() if decoder.lookup_word(word) is None]
    if unknown:
        raise EngineError(
            f"the wake phrase {phrase!r} has words the recogniser does not know "
            f"({', '.join(unknown)}); choose another in listening.wake_phrase"
        )


def _check_format(chunk: AudioChunk) -> None:
    if (chunk.rate_hz, chunk.channels, chunk.width_bytes) != (RATE_HZ, 1, 2):
        raise EngineError(
            f"the recogniser needs 16 kHz mono 16-bit audio, not "
            f"{chunk.rate_hz} Hz x {chunk.channels} channels"
        )


def _spelling(word: str) -> str:
    """A dictionary entry without its pronunciation number: "for(2)" -> "for"."""
    return word.split("(", 1)[0]


@contextmanager
def _model_files(
    grammar: Grammar, recipe: Recipe, cache_dir: Path | None
) -> Iterator[dict[str, Path]]:
    """Each context's language model as a file: from the cache, or compiled now."""
    paths = model_paths()
    key = hashlib.sha256(
        repr((MODEL_FORMAT, grammar.fingerprint(), recipe, os.path.getsize(paths["lm"]))).encode()
    ).hexdigest()[:16]
    with ExitStack() as stack:
        folder = (
            cache_dir / "language_models"
            if cache_dir is not None
            else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="companion-lm-")))
        )
        files = {c: folder / f"{key}-{c}.arpa" for c in grammar.contexts}
        missing = [c for c, path in files.items() if not path.exists()]
        if missing:
            folder.mkdir(parents=True, exist_ok=True)
            common = common_words(paths["dict"], paths["lm"], recipe.other_words)
            for context in missing:
                text = language_model.training_text(grammar, context, common, recipe)
                _write_atomically(files[context], language_model.arpa(text))
        yield files


def common_words(dictionary: str, general_lm: str, limit: int) -> list[CommonWord]:
    """The `limit` most frequent words of the bundled general English model, most frequent
    first, that the dictionary can pronounce."""
    from pocketsphinx import Config, LogMath, NGramModel

    model = NGramModel(Config(), LogMath(), general_lm)
    with open(dictionary, encoding="utf-8") as lines:
        words = {line.split(maxsplit=1)[0] for line in lines if line.strip()}
    scored = [(model.prob([w]), w) for w in words if "(" not in w]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [CommonWord(w, p * LOG10_PER_LOGMATH_UNIT) for p, w in scored[:limit]]


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and a rename, so a killed process leaves no half model."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def level_gain(pcm: bytes, target_dbfs: float, max_gain_db: float) -> float:
    """The gain that raises a quiet utterance until its loud part reaches `target_dbfs`: a
    quiet microphone (or one that echo cancellation turned down by 28 dB) otherwise decoded to
    the wrong words. Loud speech keeps gain 1: turning it down cost accuracy."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frame = RATE_HZ // 50
    usable = len(samples) - len(samples) % frame
    if usable == 0:
        return 1.0
    rms = np.sqrt(np.mean(samples[:usable].reshape(-1, frame) ** 2, axis=1))
    loud = float(np.percentile(rms, 90))
    if loud <= 0:
        return 1.0
    gain = min(32768 * 10 ** (target_dbfs / 20) / loud, 10 ** (max_gain_db / 20))
    return max(gain, 1.0)


def peak(pcm: bytes) -> int:
    """The largest sample magnitude."""
    return int(np.abs(np.frombuffer(pcm, dtype="<i2").astype(np.int32)).max(initial=0))


def amplified(pcm: bytes, gain: float) -> bytes:
    """`pcm` times `gain`, clipped to 16 bits."""
    if gain == 1.0:
        return pcm
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64) * gain
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()


def dither(pcm: bytes, dbfs: float, rng: np.random.Generator) -> bytes:
    """Add white noise at `dbfs` RMS (below -120: unchanged)."""
    if dbfs < -120:
        return pcm
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    samples += rng.normal(0.0, 32768 * 10 ** (dbfs / 20), samples.shape)
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()
