"""Chimes made from arithmetic, so audio_assets/ is reproducible from this file alone.

A soft bell (a few inharmonic partials with a slow decay), a rising inhale tone and a falling
exhale tone. `python -m companion.chimes` writes them to audio_assets/.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from companion.core.audio import AudioChunk, from_samples

RATE_HZ = 22050
"""The rate the speech engines produce, so chimes and speech share one output stream."""
PEAK = 0.35
"""Peak level as a fraction of full scale: soft, well under speech."""

# Bell partials (frequency ratio, relative level, decay seconds): a struck-bowl spectrum.
_BELL_PARTIALS = ((1.0, 1.0, 1.6), (2.76, 0.45, 0.9), (5.4, 0.2, 0.5), (8.93, 0.08, 0.3))


def bell(fundamental_hz: float = 528.0, duration_s: float = 2.5) -> AudioChunk:
    """A soft bell."""

    def wave(t: float) -> float:
        return sum(
            level * math.exp(-t / decay) * math.sin(2 * math.pi * fundamental_hz * ratio * t)
            for ratio, level, decay in _BELL_PARTIALS
        )

    return _render(wave, duration_s, attack_s=0.005)


def glide(start_hz: float, end_hz: float, duration_s: float = 0.6) -> AudioChunk:
    """A gentle tone gliding from one pitch to another (rising: inhale; falling: exhale)."""

    def wave(t: float) -> float:
        # phase is the integral of a linear frequency sweep
        sweep = (end_hz - start_hz) / duration_s
        phase = 2 * math.pi * (start_hz * t + sweep * t * t / 2)
        return math.sin(phase) + 0.2 * math.sin(2 * phase)

    return _render(wave, duration_s, attack_s=0.08)


CHIME_SECONDS: dict[str, float] = {"bell": 2.5, "inhale": 0.6, "exhale": 0.6}
"""Every chime by name, as scripts refer to them, with its length."""

CHIMES: dict[str, Callable[[], AudioChunk]] = {
    "bell": lambda: bell(duration_s=CHIME_SECONDS["bell"]),
    "inhale": lambda: glide(392.0, 523.25, CHIME_SECONDS["inhale"]),
    "exhale": lambda: glide(523.25, 392.0, CHIME_SECONDS["exhale"]),
}


def _render(wave: Callable[[float], float], duration_s: float, attack_s: float) -> AudioChunk:
    frames = round(duration_s * RATE_HZ)
    raw = [wave(i / RATE_HZ) for i in range(frames)]
    scale = PEAK * 32767 / max(abs(x) for x in raw)
    release_s = min(0.15, duration_s / 4)
    return from_samples(
        [
            round(x * scale * _envelope(i / RATE_HZ, duration_s, attack_s, release_s))
            for i, x in enumerate(raw)
        ],
        RATE_HZ,
    )


def _envelope(t: float, duration_s: float, attack_s: float, release_s: float) -> float:
    """Raised-cosine fade in and out, so no chime starts or ends with a click."""
    if t < attack_s:
        return 0.5 - 0.5 * math.cos(math.pi * t / attack_s)
    if t > duration_s - release_s:
        return 0.5 - 0.5 * math.cos(math.pi * (duration_s - t) / release_s)
    return 1.0
