"""Voice activity detection with WebRTC's VAD (webrtcvad-wheels)."""

from __future__ import annotations

from typing import Any

from companion.errors import EngineError


class WebrtcVad:
    """Says whether a 10, 20 or 30 ms frame of 16-bit mono audio holds speech."""

    def __init__(self, aggressiveness: int = 2, rate_hz: int = 16_000) -> None:
        """`aggressiveness` 0-3: higher rejects more non-speech (and some quiet speech)."""
        try:
            import webrtcvad
        except ImportError as exc:
            raise EngineError(
                "voice activity detection unavailable (install: pip install webrtcvad-wheels)"
            ) from exc
        self._vad: Any = webrtcvad.Vad(aggressiveness)
        self._rate_hz = rate_hz

    def is_speech(self, frame: bytes) -> bool:
        """True when the frame holds speech."""
        return bool(self._vad.is_speech(frame, self._rate_hz))
