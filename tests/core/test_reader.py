"""The reader, as a person would notice it: what they type or say, and what it is taken for.

The sentences here are written for these tests, apart from the labelled benchmark set, so
that a change tuned to the benchmark still has to hold for them.
"""

from __future__ import annotations

import pytest

from companion.core.intents import IntentMatcher
from companion.core.reader import CLARIFY, START_SCRIPT, Reader

READER = Reader(IntentMatcher.bundled(), {"my_calm": "My calm", "walk": "Evening walk"})


def _read(text: str, context: str = "idle") -> tuple[str, dict[str, object]]:
    intent = READER.read(text, context).intent
    return intent.name, intent.slots


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("my chest is tight and I can't stop panicking", "calm"),
        ("calm me down", "calm"),
        ("I can't breathe", "calm"),
        ("can we do something to calm down", "calm"),
        ("I'm so stressed out I could cry", "calm"),
        ("everything is spinning and my hands are shaking", "calm"),
        ("I'm scared", "calm"),
        ("I can't sleep", "sleep"),
        ("it's 3am and I'm wide awake again", "sleep"),
        ("I need a minute to myself", "space"),
        ("talk me through breathing slowly", "breathe"),
        ("never mind", "cancel"),
        ("cancel", "cancel"),
        ("he hasn't texted back in six hours and I keep checking my phone", "feeling_anxious"),
        ("I've typed a message to her three times and deleted it", "feeling_anxious"),
        ("we're arguing again and I need to step away from him", "feeling_overwhelmed"),
        ("she won't stop going on at me and I feel trapped", "feeling_overwhelmed"),
    ],
)
def test_what_a_frightened_person_says_is_understood(text: str, intent: str) -> None:
    assert _read(text)[0] == intent


@pytest.mark.parametrize(
    "text",
    [
        "that movie about breathing underwater was great",
        "my cousin has a panic disorder, she told me at dinner",
        "did you remember to buy milk",
        "the kids are finally asleep",
        "I'm not anxious, just tired",
        "stop the car by the bakery please, you two",
        "I'm dying to see that new film",
        "this heat is killing me",
    ],
)
def test_what_is_said_about_or_to_someone_else_is_not_for_us(text: str) -> None:
    assert _read(text)[0] == "none"


def test_a_request_for_help_that_does_not_say_which_kind_gets_a_question() -> None:
    assert _read("help")[0] == CLARIFY
    assert _read("I don't feel right")[0] == CLARIFY


def test_negation_keeps_the_request_that_is_left() -> None:
    assert _read("I'm not panicking, I just want to practise box breathing") == (
        "breathe",
        {"pattern": "box"},
    )


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("box breathing for two minutes", {"pattern": "box", "minutes": 2}),
        ("box breathing for 2 mins", {"pattern": "box", "minutes": 2}),
        ("a minute and a half of the long exhale", {"pattern": "exhale", "minutes": 1.5}),
        ("can we do the relaxing breath without holding", {"pattern": "478_no_hold"}),
        ("breathe in four, out six", {"pattern": "exhale"}),
        (
            "um so like could we, uh, do some coherent breathing for 10 min",
            {"pattern": "coherent", "minutes": 10},
        ),
    ],
)
def test_a_length_and_a_pattern_are_read_wherever_they_are_said(
    text: str, slots: dict[str, object]
) -> None:
    assert _read(text) == ("breathe", slots)


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("remind me to breathe every 2h", {"every_minutes": 120, "activity": "breathe"}),
        ("remind me in an hour and a half", {"in_minutes": 90}),
        ("set a reminder for 1.5 hours from now", {"in_minutes": 90}),
        ("remind me at ten past four to do grounding", {"at": "16:10", "activity": "ground"}),
    ],
)
def test_times_said_every_which_way(text: str, slots: dict[str, object]) -> None:
    assert _read(text) == ("remind", slots)


@pytest.mark.parametrize(
    ("text", "value"),
    [("8/10", 8), ("about a six", 6), ("I'd say a 7 out of 10", 7), ("eleven", 11)],
)
def test_ratings_in_any_form(text: str, value: int) -> None:
    assert _read(text, "rating") == ("rating", {"value": value})


def test_a_rating_in_words_alone_is_vague() -> None:
    assert _read("pretty bad", "rating")[0] == "rating_vague"


def test_a_number_in_chatter_is_no_rating() -> None:
    assert _read("the number 12 bus is late again", "rating")[0] == "none"


def test_typing_slips_are_mended_but_real_words_are_not() -> None:
    assert _read("breathng exersize please")[0] == "breathe"
    assert _read("im so anxous")[0] == "calm"
    assert _read("I'm cooking tea, no panic here")[0] == "none"


def test_a_script_of_ones_own_by_its_title() -> None:
    assert _read("start my calm") == (START_SCRIPT, {"script": "my_calm"})
    assert _read("let's do the evening walk") == (START_SCRIPT, {"script": "walk"})


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("whoa, ease off a bit", "slower"),
        ("ok I'm back now", "resume"),
        ("hang on, someone's at the door", "pause"),
        ("you can stop now, thanks", "stop"),
        ("I'm not enjoying this one, stop it", "stop"),
        ("don't stop, keep going", "resume"),
    ],
)
def test_controls_during_a_session(text: str, intent: str) -> None:
    assert _read(text, "session")[0] == intent


def test_stop_said_to_someone_else_during_a_session_is_not_a_stop() -> None:
    assert _read("Bella, stop chewing that", "session")[0] == "none"


def test_crisis_wins_over_everything_in_every_context() -> None:
    for context in ("idle", "session", "yes_no", "rating", "feeling", "choice"):
        assert _read("box breathing is fine but honestly I want to die", context)[0] == "crisis"
