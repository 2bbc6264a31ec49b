"""The conversation loop: wait for a request or the next due cue, decide, act. Pure."""

from __future__ import annotations

from collections.abc import Callable

from companion.core.actions import Action, Exit
from companion.core.dialogue import Dialogue
from companion.core.intents import NONE, Intent, IntentMatcher
from companion.core.ports import Clock, Inbox


def run_conversation(
    dialogue: Dialogue,
    matcher: IntentMatcher,
    inbox: Inbox,
    clock: Clock,
    perform: Callable[[list[Action]], None],
) -> None:
    """Run until the dialogue says Exit."""
    while True:
        deadline = dialogue.next_deadline()
        try:
            request = inbox.get(deadline)
        except EOFError:
            actions = dialogue.input_closed(clock.now())
        else:
            now = clock.now()
            heard = (
                [] if request is None else dialogue.hear(_typed(matcher, request, dialogue), now)
            )
            actions = heard + dialogue.tick(now)
        perform(actions)
        if any(isinstance(a, Exit) for a in actions):
            return


def _typed(matcher: IntentMatcher, request: str, dialogue: Dialogue) -> Intent:
    """Typed text is never misheard, so a request outside the context is still understood."""
    intent = matcher.match(request, dialogue.context)
    if intent.name == NONE and dialogue.context != "idle":
        return matcher.match(request, "idle")
    return intent
