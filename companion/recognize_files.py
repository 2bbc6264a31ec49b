"""`companion recognize FILE...`: what the recogniser hears in sound files, one line a file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from companion.core.audio import AudioChunk
from companion.core.ports import Recognizer
from companion.core.understanding import Understanding
from companion.engines.wav_io import mix_to_mono, resample
from companion.errors import CompanionError, EngineError
from companion.result_lines import print_result, reading_result


def read_audio(path: str) -> AudioChunk:
    """WAV, AIFF or FLAC of any rate, width or channel count, as 16 kHz mono 16-bit.

    SpeechRecognition's AudioFile parses the three formats; the channels are averaged here
    (its own conversion sums them, which clips loud stereo) and the rate converted with an
    anti-alias filter.
    """
    import speech_recognition as sr

    try:
        with sr.AudioFile(path) as source:
            reader = source.audio_reader
            raw = reader.readframes(reader.getnframes())
            chunk = to_int16(
                raw,
                reader.getsampwidth(),
                reader.getnchannels(),
                reader.getframerate(),
                source.little_endian,
            )
    except (OSError, ValueError, EOFError, AssertionError) as exc:
        raise EngineError(f"cannot read audio: {exc}") from None
    return resample(mix_to_mono(chunk), 16000)


def to_int16(
    raw: bytes, width: int, channels: int, rate_hz: int, little_endian: bool
) -> AudioChunk:
    """PCM of 8, 16, 24 or 32 bits, either byte order, as 16-bit little-endian."""
    import numpy as np

    if width not in (1, 2, 3, 4):
        raise EngineError(f"cannot read audio: {8 * width}-bit samples")
    data = np.frombuffer(raw[: len(raw) - len(raw) % width], dtype=np.uint8).reshape(-1, width)
    if not little_endian:
        data = data[:, ::-1]
    if width == 1:  # 8-bit PCM is unsigned
        values = (data[:, 0].astype(np.int32) - 128) << 8
    else:
        top = data[:, -1].astype(np.int8).astype(np.int32) << 8
        values = top | data[:, -2].astype(np.int32)
    return AudioChunk(values.astype("<i2").tobytes(), rate_hz, 2, channels)


def recognize_files(
    paths: Sequence[str],
    context: str,
    recognizer: Recognizer,
    understanding: Understanding,
    out: TextIO,
    as_json: bool,
) -> int:
    """Print one result a file; 1 if any file could not be read, else 0."""
    status = 0
    for path in paths:
        try:
            heard = recognizer.recognize(read_audio(path), context)
        except CompanionError as exc:
            status = 1
            print_result(out, as_json, {"file": path, "error": str(exc)}, label=path)
            continue
        reading = understanding.read(heard, context)
        result = {"file": path, **reading_result(heard.text, reading.intent, reading.confidence)}
        print_result(out, as_json, result, label=path)
    return status
