"""A whole session played through on virtual time, with nobody answering: the exact schedule
of every cue, for rendering a session to a file and for measuring live pacing against it."""

from __future__ import annotations

from dataclasses import dataclass

from companion.core.actions import Chime, Cue, SetReminder
from companion.core.session import SessionRunner

MAX_EVENTS = 100_000
"""A backstop against a script that never ends (the library refuses loops)."""


@dataclass(frozen=True)
class Scheduled:
    """One sound of a session and when it starts."""

    start_s: float
    """Seconds from the session's start."""
    kind: str
    """cue (words) or chime."""
    text: str
    """The words, or the chime's name."""
    phase: str
    """The phase it opens: in, hold, out, hold_after, say, ask, or chime."""


def play_through(runner: SessionRunner) -> tuple[list[Scheduled], float]:
    """Tick `runner` at each of its deadlines until it ends: every sound it would make, and
    when the session ends (seconds from its start). Questions take their defaults."""
    start = runner.started_s
    events: list[Scheduled] = []
    end_s = start
    while runner.active and len(events) < MAX_EVENTS:
        deadline = runner.next_deadline()
        if deadline is None:
            break
        end_s = deadline
        for action in runner.tick(deadline):
            if isinstance(action, Cue):
                events.append(Scheduled(deadline - start, "cue", action.text, action.phase))
            elif isinstance(action, Chime):
                events.append(Scheduled(deadline - start, "chime", action.name, "chime"))
            elif isinstance(action, SetReminder):
                continue  # nobody to remind in a rendering
    return events, end_s - start
