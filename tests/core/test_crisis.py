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
    "my family would be better off if I was gone",
    "everyone would be happier without me",
    "nobody would miss me if I wasn't here",
    "I don't see the point in going on anymore",
    "what's the point of living",
    "I want it all to be over",
    "I just want everything to end",
    "I'm afraid I'll do something to myself",
    "I feel like ending it",
    "I don't think I can keep myself safe tonight",
    "I wish I'd never been born",
    "I'm tired of living",
    "I've got nothing left",
    "I can't cope anymore",
    "I feel like a burden",
    "I won't be around much longer",
    "someone help me",
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
    "that's enough for now",
    "I'm done",
    "pick up where we left off",
    "I need a breather",
    "stop reminding me",
    "I'm worried about us",
    "I can't deal with this",
]


@pytest.mark.parametrize("sentence", CRISIS)
def test_crisis_language_is_found(sentence: str) -> None:
    assert is_crisis(normalize(sentence))


@pytest.mark.parametrize("sentence", ORDINARY)
def test_ordinary_requests_are_not_crisis(sentence: str) -> None:
    assert not is_crisis(normalize(sentence))


def test_crisis_words_inside_a_longer_sentence_are_found() -> None:
    assert is_crisis(normalize("Honestly, since the breakup I think I want to die, you know?"))


def test_being_bad_at_something_is_not_despair() -> None:
    assert not is_crisis(normalize("I'm hopeless at cooking"))
    assert is_crisis(normalize("I feel completely hopeless"))
