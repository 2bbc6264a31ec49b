"""`python -m companion.chimes [FOLDER]`: write the chimes of companion.core.chimes as WAV files."""

from __future__ import annotations

import sys
import wave
from importlib import resources
from pathlib import Path

from companion.core.audio import AudioChunk
from companion.core.chimes import CHIMES

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "audio_assets"


def load_chime(name: str) -> AudioChunk:
    """A chime as shipped in the package's audio_assets."""
    asset = resources.files("companion.audio_assets").joinpath(f"{name}.wav")
    with asset.open("rb") as raw, wave.open(raw, "rb") as wav:
        return AudioChunk(
            wav.readframes(wav.getnframes()),
            wav.getframerate(),
            wav.getsampwidth(),
            wav.getnchannels(),
        )


def write_chimes(folder: Path) -> list[Path]:
    """Render every chime to `folder`/NAME.wav; returns the files written."""
    written = []
    for name, make in CHIMES.items():
        chunk = make()
        path = folder / f"{name}.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(chunk.channels)
            out.setsampwidth(chunk.width_bytes)
            out.setframerate(chunk.rate_hz)
            out.writeframes(chunk.pcm)
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    for path in write_chimes(target):
        print(path)
