"""Crisis language, direct and indirect, is found; ordinary requests are not flagged."""

from __future__ import annotations

import pytest

from companion.core.crisis import is_crisis
from companion.core.text import normalize

CRISIS = [
    "I want to die",
    "I wanna die",
    "I'm going to kill myself",
    "i want to end my life",
    "I want to hurt myself",
    "I've been cutting myself",
    "there's no point going on",
    "they'd all be better off without me",
    "I need help now",
    "I don't want to be alive anymore",
    "I can't go on like this",
    "I can't take it anymore",
    "I'm thinking about suicide",
    "I feel suicidal",
    "I wish I was dead",
    "I want to end it all",
    "nothing to live for",
    "life isn't worth living",
    "I'm not safe right now",
    "I want to disappear forever",
    "I'm such a burden to everyone",
    "I don't want to wake up tomorrow",
]
ORDINARY = [
    "start box breathing",
    "stop",
    "pause",
    "I feel anxious",
    "I feel overwhelmed",
    "I need space",
    "help me breathe",
    "what can you do",
    "remind me to breathe every two hours",
    "I'm worried my partner is angry with me",
    "I need a break",
    "breathe out slowly",
]


@pytest.mark.parametrize("sentence", CRISIS)
def test_crisis_language_is_found(sentence: str) -> None:
    assert is_crisis(normalize(sentence))


@pytest.mark.parametrize("sentence", ORDINARY)
def test_ordinary_requests_are_not_crisis(sentence: str) -> None:
    assert not is_crisis(normalize(sentence))


def test_crisis_words_inside_a_longer_sentence_are_found() -> None:
    assert is_crisis(normalize("Honestly, since the breakup I think I want to die, you know?"))
