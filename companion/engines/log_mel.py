"""Whisper's input: the log-mel spectrogram of 16 kHz audio (80 Slaney mel bands, a 25 ms Hann
window every 10 ms), computed with numpy alone.

It follows faster-whisper's feature extractor (MIT), whose numbers match OpenAI's. Importing
faster-whisper for it would also load PyAV, huggingface_hub and tqdm: 20 MB resident for code
the companion never calls.
"""

from __future__ import annotations

from functools import cache
from typing import Any

RATE_HZ = 16_000
"""Whisper hears 16 kHz mono."""
N_FFT = 400
"""25 ms window."""
HOP = 160
"""10 ms between frames: 100 frames a second."""


def log_mel(audio: Any, bands: int = 80) -> Any:
    """Features of shape (bands, frames) for float32 audio in [-1, 1]; one frame per hop,
    the last (half-window) frame dropped as Whisper does."""
    import numpy as np

    audio = np.asarray(audio, dtype=np.float32)
    if audio.size < N_FFT // 2 + 1:  # reflect padding needs more than half a window
        audio = np.pad(audio, (0, N_FFT // 2 + 1 - audio.size))
    padded = np.pad(audio, (N_FFT // 2, N_FFT // 2), mode="reflect")
    count = 1 + (padded.size - N_FFT) // HOP
    frames = np.lib.stride_tricks.as_strided(
        padded, (count, N_FFT), (HOP * padded.strides[0], padded.strides[0])
    )
    spectrum = np.fft.rfft(frames * _window(), axis=-1).astype(np.complex64)
    power = np.abs(spectrum[:-1].T) ** 2
    mel = _filters(bands) @ power
    logs = np.log10(np.clip(mel, 1e-10, None))
    logs = np.maximum(logs, logs.max() - 8.0)
    return ((logs + 4.0) / 4.0).astype(np.float32)


@cache
def _window() -> Any:
    import numpy as np

    return np.hanning(N_FFT + 1)[:-1].astype(np.float32)


@cache
def _filters(bands: int) -> Any:
    """Slaney-style mel filterbank (as librosa's default): linear below 1 kHz, logarithmic
    above, each band scaled to about constant energy."""
    import numpy as np

    fft_hz = np.fft.rfftfreq(n=N_FFT, d=1.0 / RATE_HZ)
    mels = np.linspace(0.0, 45.245640471924965, bands + 2)  # 0 Hz .. 8 kHz in Slaney mels
    step_hz = 200.0 / 3
    hz = step_hz * mels
    log_from_mel = 1000.0 / step_hz
    logarithmic = mels >= log_from_mel
    hz[logarithmic] = 1000.0 * np.exp(np.log(6.4) / 27.0 * (mels[logarithmic] - log_from_mel))
    widths = np.diff(hz)
    ramps = hz.reshape(-1, 1) - fft_hz.reshape(1, -1)
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (hz[2 : bands + 2] - hz[:bands]))[:, None]
    return weights.astype(np.float32)
