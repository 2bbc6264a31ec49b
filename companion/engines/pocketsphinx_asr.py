"""The recogniser: one pocketsphinx decoder kept alive, one grammar search per dialogue context.

Building a decoder takes about 0.4 s, so it is built once; switching context is only
`activate_search`. Each context's sentences go in as a minimal word graph
(companion.core.word_graph), not as JSGF: pocketsphinx's JSGF compiler made a graph that took
0.3 s a sentence to search. Audio must be 16 kHz mono 16-bit. A little dither is added before
decoding: the bundled model decodes near-digital silence badly (see the audio-stack guide).
Confidence comes from the words' acoustic scores (companion.core.rejection).
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from companion.core.audio import AudioChunk
from companion.core.grammar import Grammar
from companion.core.ports import Heard
from companion.core.rejection import WordScore, confidence
from companion.core.word_graph import WordGraph, context_graph
from companion.errors import EngineError

RATE_HZ = 16_000
"""The only rate the bundled acoustic model takes."""
UNDERFLOW_PER_FRAME = -10.0
"""Log score per frame assumed when a word's likelihood underflows to 0 (the wrapper returns
linear probabilities): far below any word that fits."""


@dataclass(frozen=True)
class DecoderSettings:
    """Knobs of the decoder, chosen by benchmarks/intent_accuracy.py."""

    dither_dbfs: float = -60.0
    """RMS of the white noise added before decoding; None-like values below -120 turn it off."""
    speech_dbfs: float = -26.0
    """RMS a quiet utterance's loudest tenth is raised to before decoding."""
    max_gain_db: float = 30.0
    """The most a quiet utterance is raised (more would raise only noise)."""
    beam: float = 1e-48
    """Pocketsphinx's HMM pruning beam (smaller is wider and slower)."""
    wbeam: float = 1e-20
    """Word-exit pruning beam."""
    pbeam: float = 1e-20
    """Phone-exit pruning beam."""
    maxhmmpf: int = 300
    """At most this many HMMs searched per frame: caps the time of long or noisy utterances."""
    topn: int = 2
    """Gaussians scored per codebook and frame (the model's default is 4)."""
    extra: tuple[tuple[str, Any], ...] = ()
    """Any other decoder option, as (name, value) pairs."""


def model_paths() -> dict[str, str]:
    """Where the bundled en-us acoustic model and dictionary live."""
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
    }


class PocketsphinxRecognizer:
    """Decodes utterances against the grammar of the current dialogue context."""

    def __init__(
        self, grammar: Grammar, settings: DecoderSettings | None = None, seed: int = 0
    ) -> None:
        from pocketsphinx import Decoder

        self.settings = settings or DecoderSettings()
        paths = model_paths()
        options = {
            "beam": self.settings.beam,
            "wbeam": self.settings.wbeam,
            "pbeam": self.settings.pbeam,
            "maxhmmpf": self.settings.maxhmmpf,
            "topn": self.settings.topn,
            **dict(self.settings.extra),
        }
        try:
            self._decoder = Decoder(
                hmm=paths["hmm"], dict=paths["dict"], lm=None, loglevel="FATAL", **options
            )
            for context in grammar.contexts:
                self._add_graph(context, context_graph(grammar, context))
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"recogniser failed to start: {exc}") from exc
        self._context = ""
        self._rng = np.random.default_rng(seed)

    def recognize(self, chunk: AudioChunk, context: str) -> Heard:
        """Decode one whole utterance."""
        pcm = self._prepared(chunk)
        started = time.perf_counter()
        if context != self._context:
            self._decoder.activate_search(context)
            self._context = context
        self._decoder.start_utt()
        self._decoder.process_raw(pcm, full_utt=True)
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        text = hyp.hypstr.strip() if hyp is not None else ""
        sure = confidence(self._word_scores()) if text else 0.0
        return Heard(text, sure, (time.perf_counter() - started) * 1000)

    def _add_graph(self, name: str, graph: WordGraph) -> None:
        """One search per context; every state's ways out are equally likely."""
        final = graph.n_states  # one extra state that every sentence end leads to
        ways_out = dict.fromkeys(graph.finals, 1)
        for src, _, _ in graph.arcs:
            ways_out[src] = ways_out.get(src, 0) + 1
        transitions: list[tuple[int, int, float] | tuple[int, int, float, str]] = [
            (src, dst, 1.0 / ways_out[src], word) for src, dst, word in graph.arcs
        ]
        transitions += [(state, final, 1.0 / ways_out[state]) for state in graph.finals]
        fsg = self._decoder.create_fsg(name, 0, final, transitions)
        self._decoder.add_fsg(name, fsg)

    def _word_scores(self) -> list[WordScore]:
        """The spoken words of the best path (silence and noise left out)."""
        scores = []
        for seg in self._decoder.seg() or []:
            word = seg.word
            if word.startswith(("<", "[", "+")):
                continue
            frames = seg.end_frame - seg.start_frame + 1
            log_score = math.log(seg.ascore) if seg.ascore > 0 else UNDERFLOW_PER_FRAME * frames
            scores.append(WordScore(word, log_score, frames))
        return scores

    def _prepared(self, chunk: AudioChunk) -> bytes:
        if (chunk.rate_hz, chunk.channels, chunk.width_bytes) != (RATE_HZ, 1, 2):
            raise EngineError(
                f"the recogniser needs 16 kHz mono 16-bit audio, not "
                f"{chunk.rate_hz} Hz x {chunk.channels} channels"
            )
        level = normalize_level(chunk.pcm, self.settings.speech_dbfs, self.settings.max_gain_db)
        return dither(level, self.settings.dither_dbfs, self._rng)


def normalize_level(pcm: bytes, target_dbfs: float, max_gain_db: float) -> bytes:
    """Raise a quiet utterance until its loud part reaches `target_dbfs`: a quiet microphone
    (or one that echo cancellation turned down by 28 dB) otherwise decoded to the wrong words."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frame = RATE_HZ // 50
    usable = len(samples) - len(samples) % frame
    if usable == 0:
        return pcm
    rms = np.sqrt(np.mean(samples[:usable].reshape(-1, frame) ** 2, axis=1))
    loud = float(np.percentile(rms, 90))
    if loud <= 0:
        return pcm
    gain = min(32768 * 10 ** (target_dbfs / 20) / loud, 10 ** (max_gain_db / 20))
    if gain <= 1:
        return pcm  # only quiet speech is raised: turning loud speech down cost accuracy

    return np.clip(np.rint(samples * gain), -32768, 32767).astype("<i2").tobytes()


def dither(pcm: bytes, dbfs: float, rng: np.random.Generator) -> bytes:
    """Add white noise at `dbfs` RMS (below -120: unchanged)."""
    if dbfs < -120:
        return pcm
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    samples += rng.normal(0.0, 32768 * 10 ** (dbfs / 20), samples.shape)
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()
