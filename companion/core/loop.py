"""The conversation loop: wait for a request or the next due cue, decide, act. Pure."""

from __future__ import annotations

from collections.abc import Callable

from companion.core.actions import Action, Exit
from companion.core.dialogue import Dialogue
from companion.core.intents import Intent
from companion.core.ports import Clock, Inbox
from companion.core.reader import Reader
from companion.core.wake import WAKE, WakePhrase


def run_conversation(
    dialogue: Dialogue,
    reader: Reader,
    inbox: Inbox,
    clock: Clock,
    perform: Callable[[list[Action]], None],
    wake: WakePhrase | None = None,
) -> None:
    """Run until the dialogue says Exit. Requests may begin with the `wake` phrase."""
    while True:
        deadline = dialogue.next_deadline(clock.now())
        try:
            request = inbox.get(deadline)
        except EOFError:
            actions = dialogue.input_closed(clock.now())
        else:
            now = clock.now()
            if request is None:
                heard = []
            elif isinstance(request, Intent):  # spoken, and already read
                heard = dialogue.hear(request, now)
            else:
                heard = dialogue.hear(_typed(reader, request, dialogue, wake), now)
            actions = heard + dialogue.tick(now)
        perform(actions)
        if any(isinstance(a, Exit) for a in actions):
            return


def _typed(reader: Reader, request: str, dialogue: Dialogue, wake: WakePhrase | None) -> Intent:
    """Typed text is never misheard, so a request outside the context is still understood."""
    if wake is not None:
        found = wake.locate(request)
        if found.woken and not found.request:
            return Intent(WAKE)
        if found.woken:  # otherwise keep the punctuation, which tells clauses apart
            request = " ".join(found.request)
    return reader.read(request, dialogue.context).intent
