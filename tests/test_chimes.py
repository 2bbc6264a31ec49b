"""The chimes in audio_assets/ are exactly what the code in the repo generates."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from companion.chimes import load_chime, write_chimes
from companion.core.audio import AudioChunk
from companion.core.chimes import CHIME_SECONDS, CHIMES, RATE_HZ


def _zero_crossings(chunk: AudioChunk) -> int:
    s = chunk.samples()
    return sum(1 for a, b in itertools.pairwise(s) if (a < 0) != (b < 0))


@pytest.mark.parametrize("name", sorted(CHIMES))
def test_shipped_chime_matches_the_generator(name: str, tmp_path: Path) -> None:
    write_chimes(tmp_path)
    fresh = (tmp_path / f"{name}.wav").read_bytes()
    shipped = load_chime(name)
    regenerated = AudioChunk(fresh[44:], RATE_HZ)
    assert shipped.rate_hz == RATE_HZ
    # a last-bit difference in libm's sin may move a sample by one step, never more
    assert (
        max(abs(a - b) for a, b in zip(shipped.samples(), regenerated.samples(), strict=True)) <= 1
    )


@pytest.mark.parametrize("name", sorted(CHIMES))
def test_chime_lasts_its_stated_length(name: str) -> None:
    assert load_chime(name).duration_s == pytest.approx(CHIME_SECONDS[name], abs=1e-3)


def test_inhale_rises_and_exhale_falls() -> None:
    for name, rising in (("inhale", True), ("exhale", False)):
        chunk = load_chime(name)
        half = len(chunk.pcm) // 2
        first = _zero_crossings(AudioChunk(chunk.pcm[:half], RATE_HZ))
        second = _zero_crossings(AudioChunk(chunk.pcm[half:], RATE_HZ))
        assert (second > first) is rising


def test_bell_is_soft_and_fades_out() -> None:
    samples = load_chime("bell").samples()
    assert max(abs(s) for s in samples) < 0.5 * 32768
    assert max(abs(s) for s in samples[-2000:]) < 0.05 * 32768
