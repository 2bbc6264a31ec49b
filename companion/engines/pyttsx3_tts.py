"""Speech synthesis with pyttsx3 driving espeak-ng, rendered to memory rather than played.

Measured on the CI-like machine (2 cores): pyttsx3 init about 40 ms; "Breathe in" (0.67 s of
audio) synthesises in about 10 ms, and a 3.5 s sentence in about 11 ms - most of that is the
10 ms sleep in pyttsx3's espeak loop. Switching between two synthesizers (normal and slow
voice) costs about 27 ms per utterance instead (see below). Either way, rendering a cue just
before its phase starts is fine.

pyttsx3 2.99 starts espeak-ng in its asynchronous mode: a rate change is queued in espeak's
command FIFO, and runAndWait() first calls espeak_Cancel() whenever that FIFO is busy, which
drops the queued change. Seen: with two rates in turn, 1 in 3 utterances came out at the other
rate, and some came out empty. Waiting for the FIFO (espeak_Synchronize) around property
changes fixed it in 1,000 tries.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from companion.core.audio import AudioChunk
from companion.engines.wav_io import read_wav
from companion.errors import EngineError

ESPEAK_NORMAL_WPM = 200
"""Words per minute that pyttsx3's espeak driver sets on init: the 100 % of rate_percent."""

ESPEAK_RATE_HZ = 22050
"""Sample rate of everything espeak-ng renders."""

DEFAULT_VOICE_ID = "gmw/en"
"""espeak-ng's own default voice; set explicitly because the engine is shared (see _LOCK)."""

UNAVAILABLE = (
    "speech engine unavailable: espeak-ng not found "
    "(install: sudo apt-get install espeak-ng libespeak-ng1)"
)

# pyttsx3 keeps one engine per driver per process and espeak-ng's voice and rate are global C
# state, so every Pyttsx3Synthesizer shares them. Synthesis is serialised and each call sets its
# own voice and rate first; a second pyttsx3 Engine would steal espeak's single synth callback.
_LOCK = threading.Lock()

# The (voice, rate) each live pyttsx3 engine has now, so that a synthesizer used on its own pays
# for no property change (each costs a 20 ms espeak_Synchronize). Guarded by _LOCK; keyed
# weakly because a re-created engine starts from espeak's defaults again.
_APPLIED: weakref.WeakKeyDictionary[Any, tuple[str, int]] = weakref.WeakKeyDictionary()


def _load_pyttsx3() -> Any:
    """The shared pyttsx3 engine on the espeak-ng driver."""
    try:
        import pyttsx3
    except ImportError as exc:
        raise EngineError(
            "speech engine unavailable: pyttsx3 not installed (install: pip install pyttsx3)"
        ) from exc
    return pyttsx3.init("espeak")


def _espeak_synchronize() -> Callable[[], object]:
    """espeak_Synchronize from pyttsx3's ctypes binding, or a no-op if that binding changes."""
    try:
        from pyttsx3.drivers import _espeak
    except (ImportError, OSError, RuntimeError):  # only reached with a stand-in engine
        return lambda: None
    synchronize: Callable[[], object] | None = getattr(_espeak, "Synchronize", None)
    return synchronize or (lambda: None)


class Pyttsx3Synthesizer:
    """Renders text to a 22.05 kHz mono chunk with one voice at one speaking rate."""

    def __init__(
        self,
        voice_id: str | None,
        rate_percent: int,
        work_dir: Path,
        *,
        load_engine: Callable[[], Any] = _load_pyttsx3,
    ) -> None:
        """Start the engine and check the voice; `work_dir` must exist (temp WAVs go there)."""
        if rate_percent <= 0:
            raise ValueError(f"rate_percent must be positive, not {rate_percent}")
        self._work_dir = Path(work_dir)
        self._rate_wpm = round(ESPEAK_NORMAL_WPM * rate_percent / 100)
        try:
            with _LOCK:
                self._engine = load_engine()
                voices = list(self._engine.getProperty("voices"))
        except EngineError:
            raise
        except Exception as exc:  # OSError, RuntimeError, ...: whatever a missing library raises
            raise EngineError(UNAVAILABLE) from exc
        self._voice_id, self._voice_name = _pick_voice(voices, voice_id)
        self._synchronize = _espeak_synchronize()

    def describe(self) -> str:
        """Engine, voice and rate in one line, for `companion doctor`."""
        return (
            f"pyttsx3 + espeak-ng, voice {self._voice_name} ({self._voice_id}), "
            f"{self._rate_wpm} words per minute"
        )

    def synthesize(self, text: str) -> AudioChunk:
        """Render one utterance; an empty text is an empty chunk (espeak would never finish)."""
        if not text:
            return AudioChunk(b"", ESPEAK_RATE_HZ)
        with _LOCK:
            wanted = (self._voice_id, self._rate_wpm)
            if _APPLIED.get(self._engine) != wanted:
                self._synchronize()  # the previous utterance may still be finishing in espeak
                self._engine.setProperty("voice", self._voice_id)
                self._engine.setProperty("rate", self._rate_wpm)
                self._synchronize()  # see the module docstring: else the change can be lost
                _APPLIED[self._engine] = wanted
            return self._render(text)

    def _render(self, text: str) -> AudioChunk:
        try:
            handle, name = tempfile.mkstemp(suffix=".wav", prefix="speech-", dir=self._work_dir)
        except OSError as exc:
            raise EngineError(f"cannot write speech to {self._work_dir}: {exc.strerror}") from exc
        os.close(handle)
        try:
            # pyttsx3 prints "Audio saved to ..." for every file; the companion's stdout is
            # the conversation, so that line must not reach it.
            with contextlib.redirect_stdout(io.StringIO()):
                self._engine.save_to_file(text, name)
                self._engine.runAndWait()
            return read_wav(name)
        except (RuntimeError, OSError) as exc:
            raise EngineError(f"speech synthesis failed: {exc}") from exc
        finally:
            Path(name).unlink(missing_ok=True)


def _pick_voice(voices: list[Any], wanted: str | None) -> tuple[str, str]:
    """(id, name) of the voice named by id ("gmw/en-us"), short id ("en-us") or name."""
    key = (wanted or DEFAULT_VOICE_ID).strip().lower()
    for voice in voices:
        ident, name = str(voice.id), str(voice.name)
        if key in (ident.lower(), ident.lower().rsplit("/", 1)[-1], name.lower()):
            return ident, name
    if wanted is None:  # an espeak-ng build without the usual default: use what it has
        if not voices:
            raise EngineError("speech engine has no voices: reinstall espeak-ng-data")
        return str(voices[0].id), str(voices[0].name)
    english = [str(v.id) for v in voices if "/en" in str(v.id)] or [str(v.id) for v in voices]
    raise EngineError(
        f"unknown voice {wanted!r}; available include {', '.join(english[:6])} "
        f"({len(voices)} voices in all)"
    )
