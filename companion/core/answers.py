"""What a session asks on its own and how an answer is read: the check-ins and their wording,
asking again when a rating is unclear, and which request answers which kind of question."""

from __future__ import annotations

from companion.core.intents import Intent
from companion.core.steps import OTHER, Ask

CHECK_IN_BEFORE = Ask(
    "rating",
    "Before we began, from 0 to 10, how intense did it feel? Or say skip.",
    None,
    check_in="before",
)
"""Asked at the end, looking back: a person in distress gets help for the body at once, and
a question before the first breath would only delay it."""
CHECK_IN_AFTER = Ask(
    "rating", "And how intense does it feel now, from 0 to 10?", None, check_in="after"
)
THANKS = "Thank you."
"""The acknowledgement of a rating."""
RATING_SKIPPED = "Okay, we'll skip that."
"""Said when a rating is skipped, left unanswered, or still unclear after asking again."""
OFF_SCALE = "The scale goes from 0 to 10. Where would you put it?"
"""Asked again, once, after a number above 10."""
NO_NUMBER = "Could you put a number on it, from 0 for calm to 10 for the most intense?"
"""Asked again, once, after words without a number ("pretty bad")."""
NO_REMINDER = "Okay, no reminder."
SKIP_ANSWER = "skip"
CHOICE_INTENTS = {
    "feeling_anxious": "anxious",
    "feeling_overwhelmed": "overwhelmed",
    "space": "overwhelmed",
}
"""Answers to a choice that name a situation rather than an exercise -> the script that
meets it (besides breathe and ground, whose pattern or technique names the script)."""


def session_replies() -> list[str]:
    """Every sentence a session says that no script holds, to render in advance."""
    return [CHECK_IN_BEFORE.question, CHECK_IN_AFTER.question, THANKS, RATING_SKIPPED,
            OFF_SCALE, NO_NUMBER, NO_REMINDER]  # fmt: skip


def rating_value(intent: Intent) -> int | str | None:
    """A rating from 0 to 10; SKIP_ANSWER; the question to ask again when the answer was a
    number above 10 (OFF_SCALE) or words without one (NO_NUMBER); None when `intent` is no
    answer to a rating."""
    value = intent.slots.get("value")
    if intent.name == "skip":
        return SKIP_ANSWER
    if intent.name == "rating":
        valid = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10
        return value if valid and isinstance(value, int) else OFF_SCALE
    return NO_NUMBER if intent.name == "rating_vague" else None


def answer_value(question: Ask, intent: Intent) -> str | None:
    """The branch an answer to a yes_no, feeling or choice question picks, SKIP_ANSWER, or
    None when `intent` is no answer to it."""
    if intent.name == "skip":
        return SKIP_ANSWER
    slots = intent.slots
    if question.answer == "yes_no" and intent.name in ("yes", "no"):
        return intent.name
    if question.answer == "feeling" and intent.name == "feeling":
        word = str(slots.get("word"))
        return word if word in question.options else OTHER
    if question.answer == "choice":
        if intent.name == "no":
            return OTHER  # neither
        if intent.name in ("breathe", "ground"):
            chosen = str(slots.get("pattern", slots.get("technique", "")))
        else:
            chosen = CHOICE_INTENTS.get(intent.name, "")
        return chosen if chosen in question.options else None
    return None
