"""WAV files in and out of AudioChunk, and the two format changes the engines need.

numpy does the sample arithmetic; it is imported inside the functions so that importing this
module stays free, like every engine module.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.audio import AudioChunk
from companion.errors import EngineError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


def read_wav(path: Path | str) -> AudioChunk:
    """Read a 16-bit PCM WAV file (any rate, any channel count) into a chunk."""
    try:
        with wave.open(str(path), "rb") as wav:
            width = wav.getsampwidth()
            if width != 2:
                raise EngineError(f"{path}: {8 * width}-bit WAV is not supported; need 16-bit PCM")
            return AudioChunk(
                wav.readframes(wav.getnframes()),
                wav.getframerate(),
                width_bytes=2,
                channels=wav.getnchannels(),
            )
    except (OSError, EOFError, wave.Error) as exc:
        raise EngineError(f"cannot read WAV file {path}: {exc}") from exc


def write_wav(path: Path | str, chunk: AudioChunk) -> None:
    """Write a chunk as a PCM WAV file."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(chunk.channels)
        wav.setsampwidth(chunk.width_bytes)
        wav.setframerate(chunk.rate_hz)
        wav.writeframes(chunk.pcm)


def mix_to_mono(chunk: AudioChunk) -> AudioChunk:
    """Average the channels into one; a mono chunk comes back unchanged."""
    if chunk.channels == 1:
        return chunk
    frames = _frames(chunk).astype("float64")
    return _pack(frames.mean(axis=1, keepdims=True), chunk.rate_hz)


def resample(chunk: AudioChunk, rate_hz: int) -> AudioChunk:
    """Change the sample rate by linear interpolation, keeping the duration and the channels.

    Going down, a windowed-sinc low-pass first keeps what lies above the new Nyquist frequency
    from folding back into the speech band (which hurts the recogniser).
    """
    import numpy as np

    if rate_hz <= 0:
        raise ValueError(f"rate must be positive, not {rate_hz}")
    if rate_hz == chunk.rate_hz:
        return chunk
    if chunk.frames == 0:
        return AudioChunk(b"", rate_hz, chunk.width_bytes, chunk.channels)
    frames = _frames(chunk).astype("float64")
    if rate_hz < chunk.rate_hz:
        taps = _low_pass(0.45 * rate_hz / chunk.rate_hz)
        frames = np.stack(
            [np.convolve(frames[:, c], taps, mode="same") for c in range(chunk.channels)], axis=1
        )
    out_count = round(chunk.frames * rate_hz / chunk.rate_hz)
    # Output sample i sits at time i / rate_hz, i.e. at input position i * in_rate / out_rate.
    positions = np.arange(out_count) * (chunk.rate_hz / rate_hz)
    source = np.arange(chunk.frames)
    columns = [np.interp(positions, source, frames[:, c]) for c in range(chunk.channels)]
    return _pack(np.stack(columns, axis=1), rate_hz)


def _low_pass(cutoff: float, length: int = 63) -> npt.NDArray[np.float64]:
    """FIR taps passing frequencies below `cutoff` (in cycles per sample)."""
    import numpy as np

    n = np.arange(length) - (length - 1) / 2
    taps = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(length)
    return taps / taps.sum()  # type: ignore[no-any-return]


def _frames(chunk: AudioChunk) -> npt.NDArray[np.int16]:
    """Samples as a (frames, channels) array."""
    import numpy as np

    if chunk.width_bytes != 2:
        raise ValueError(f"only 16-bit audio is handled, not {8 * chunk.width_bytes}-bit")
    usable = chunk.frames * chunk.channels * 2  # ignore a trailing partial frame
    return np.frombuffer(chunk.pcm[:usable], dtype="<i2").reshape(-1, chunk.channels)


def _pack(frames: npt.NDArray[np.float64], rate_hz: int) -> AudioChunk:
    """Round, clip and interleave a (frames, channels) float array into a 16-bit chunk."""
    import numpy as np

    samples = np.clip(np.rint(frames), -32768, 32767).astype("<i2")
    return AudioChunk(samples.tobytes(), rate_hz, 2, frames.shape[1])
