"""What a transcript means in a context, and when it is not for us."""

from __future__ import annotations

import pytest

from companion.core.intents import Intent, IntentMatcher
from companion.core.ports import Heard, HeardWord
from companion.core.understanding import Reading, Understanding


@pytest.fixture(scope="module")
def understanding() -> Understanding:
    return Understanding(IntentMatcher.bundled())


def heard(text: str, *alternatives: str, sure: float = 1.0) -> Heard:
    return Heard(tuple(HeardWord(w, sure) for w in text.split()), alternatives)


def test_a_command_heard_exactly_is_understood_with_full_confidence(
    understanding: Understanding,
) -> None:
    reading = understanding.read(heard("remind me to breathe every two hours"), "idle")
    assert reading.intent == Intent("remind", {"activity": "breathe", "every_minutes": 120})
    assert reading.confidence == 1.0


def test_a_command_with_one_word_misheard_is_still_understood(
    understanding: Understanding,
) -> None:
    reading = understanding.read(heard("let's do box breeding for ten minutes please"), "idle")
    assert reading.intent == Intent("breathe", {"pattern": "box", "minutes": 10})
    assert 0.5 <= reading.confidence < 1.0


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("did you remember to buy milk on the way home", "idle"),
        ("the weather is going to be lovely on saturday", "idle"),
        ("breathe in slowly through your nose", "session"),
        ("they said the train was late again", "yes_no"),
    ],
)
def test_chatter_is_not_for_us(understanding: Understanding, text: str, context: str) -> None:
    assert understanding.read(heard(text), context).intent.name == "none"


def test_a_command_of_another_context_is_not_acted_on(understanding: Understanding) -> None:
    assert understanding.read(heard("start box breathing"), "rating").intent.name == "none"


def test_crisis_language_anywhere_in_the_transcript_is_crisis(
    understanding: Understanding,
) -> None:
    reading = understanding.read(heard("so tired and i want to die tonight"), "session")
    assert reading.intent.name == "crisis"


def test_a_next_best_transcript_can_carry_the_meaning(understanding: Understanding) -> None:
    reading = understanding.read(heard("sir pause shell", "slow down please"), "session")
    assert reading.intent.name == "slower"


def test_nothing_heard_means_nothing(understanding: Understanding) -> None:
    reading = understanding.read(Heard(()), "idle")
    assert reading.intent.name == "none" and reading.confidence == 0.0


def test_crisis_words_in_a_garbled_transcript_are_crisis_but_not_surely_so() -> None:
    understanding = Understanding(IntentMatcher.bundled())

    def read(text: str) -> Reading:
        return understanding.read(Heard(tuple(HeardWord(w, 1.0) for w in text.split())), "idle")

    clear = read("i want to die")
    garbled = read("i'm going to stop i'm feeling i need help now truth")
    assert clear.intent.name == garbled.intent.name == "crisis"
    assert clear.confidence >= 0.9
    assert garbled.confidence < 0.5


def test_the_name_in_a_next_best_transcript_wakes_it() -> None:
    from companion.core.wake import WAKE, WakePhrase

    understanding = Understanding(IntentMatcher.bundled(), wake=WakePhrase("companion"))
    alone = understanding.read(heard("come and see him", "companion"), "idle")
    asked = understanding.read(heard("come penny and stop", "companion stop"), "session")
    assert alone.woken and alone.intent.name == WAKE
    assert asked.woken and asked.intent.name == "stop"
    assert not understanding.read(heard("come and see him", "come and see them"), "idle").woken


def test_the_name_misheard_as_a_word_in_a_next_best_transcript_asks_for_nothing() -> None:
    from companion.core.wake import WakePhrase
    from companion.testing import FakeScorer

    scorer = FakeScorer(
        {"help me ground myself": -0.5, "compassion help me ground myself": -0.6}, otherwise=-0.6
    )
    understanding = Understanding(
        IntentMatcher.bundled(), wake=WakePhrase("companion"), scorer=scorer
    )
    reading = understanding.read(
        heard("compagnion help me ground myself", "compassion help me ground myself"), "idle"
    )
    assert reading.woken and reading.intent == Intent("ground")  # not self-compassion
    asked = understanding.read(heard("companion compassion please"), "idle")
    assert asked.intent == Intent("ground", {"technique": "self_compassion"})


def test_a_short_transcript_is_put_to_the_sound_as_crisis_language_too() -> None:
    from companion.engines.sound_alike import unlike
    from companion.testing import FakeScorer

    matcher = IntentMatcher.bundled()
    said = FakeScorer({"i went today": -0.3, "i want to die": -0.5, "i wanna die": -0.5})
    meant = FakeScorer({"i went today": -0.3, "i want to die": -2.5, "i wanna die": -2.5})
    heard_as = heard("i went today", sure=0.9)
    for scorer, meaning in ((said, "crisis"), (meant, "none")):
        understanding = Understanding(matcher, scorer=scorer, unlike=unlike)
        assert understanding.read(heard_as, "rating").intent.name == meaning


def test_a_surely_heard_request_is_not_put_to_the_sound() -> None:
    from companion.testing import FakeScorer

    scorer = FakeScorer({})
    reading = Understanding(IntentMatcher.bundled(), scorer=scorer).read(heard("stop"), "session")
    assert reading.intent.name == "stop" and scorer.asked == []
