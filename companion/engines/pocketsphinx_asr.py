"""The recogniser: one pocketsphinx decoder kept alive, one JSGF search per dialogue context.

Building a decoder takes about 0.4 s, so it is built once; switching context is only
`activate_search`. Audio must be 16 kHz mono 16-bit. A little dither is added before decoding:
the bundled model decodes near-digital silence badly (see the audio-stack guide).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from companion.core.audio import AudioChunk
from companion.core.grammar import Grammar
from companion.core.ports import Heard
from companion.errors import EngineError

RATE_HZ = 16_000
"""The only rate the bundled acoustic model takes."""


@dataclass(frozen=True)
class DecoderSettings:
    """Knobs of the decoder, chosen by benchmarks/intent_accuracy.py."""

    dither_dbfs: float = -60.0
    """RMS of the white noise added before decoding; None-like values below -120 turn it off."""
    beam: float = 1e-48
    """Pocketsphinx's HMM pruning beam (smaller is wider and slower)."""
    wbeam: float = 7e-29
    """Word-exit pruning beam."""
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
            **dict(self.settings.extra),
        }
        try:
            self._decoder = Decoder(
                hmm=paths["hmm"], dict=paths["dict"], lm=None, loglevel="FATAL", **options
            )
            for context in grammar.contexts:
                self._decoder.add_jsgf_string(context, grammar.jsgf(context))
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
        confidence = self._confidence(hyp)
        return Heard(text, confidence, (time.perf_counter() - started) * 1000)

    def _confidence(self, hyp: Any) -> float:
        if hyp is None or not hyp.hypstr.strip():
            return 0.0
        return 1.0

    def _prepared(self, chunk: AudioChunk) -> bytes:
        if (chunk.rate_hz, chunk.channels, chunk.width_bytes) != (RATE_HZ, 1, 2):
            raise EngineError(
                f"the recogniser needs 16 kHz mono 16-bit audio, not "
                f"{chunk.rate_hz} Hz x {chunk.channels} channels"
            )
        return dither(chunk.pcm, self.settings.dither_dbfs, self._rng)


def dither(pcm: bytes, dbfs: float, rng: np.random.Generator) -> bytes:
    """Add white noise at `dbfs` RMS (below -120: unchanged)."""
    if dbfs < -120:
        return pcm
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    samples += rng.normal(0.0, 32768 * 10 ** (dbfs / 20), samples.shape)
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()
