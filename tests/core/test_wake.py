"""The wake phrase is found where people put it, and only there."""

from __future__ import annotations

import pytest

from companion.core.wake import WakePhrase

COMPANION = WakePhrase("Companion")


@pytest.mark.parametrize(
    ("said", "rest"),
    [
        ("companion start box breathing", ("start", "box", "breathing")),
        ("Hey companion, stop!", ("stop",)),
        ("okay so companion what can you do", ("what", "can", "you", "do")),
        ("companion", ()),
        ("compandium", ()),  # as Whisper wrote espeak-ng's "companion"
        ("companions, slower", ("slower",)),
    ],
)
def test_the_wake_phrase_at_the_start_is_taken_off(said: str, rest: tuple[str, ...]) -> None:
    found = COMPANION.locate(said)
    assert found.woken
    assert found.request == rest


@pytest.mark.parametrize(
    "said", ["start box breathing", "my companion left me", "a companion app", "", "compassion"]
)
def test_anything_else_is_not_a_wake_up(said: str) -> None:
    found = COMPANION.locate(said)
    assert not found.woken
    assert " ".join(found.request) == said


def test_a_phrase_of_several_words_must_be_said_whole() -> None:
    calm = WakePhrase("hey calm")
    assert calm.locate("hey calm stop").request == ("stop",)
    assert not calm.locate("calm stop").woken


def test_an_empty_wake_phrase_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        WakePhrase("  ")
