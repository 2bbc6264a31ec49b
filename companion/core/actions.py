"""What the core asks the edge to do. The dialogue and the session runner return these."""

from __future__ import annotations

from dataclasses import dataclass, field

from companion.core.history import SessionRecord


@dataclass(frozen=True)
class Say:
    """Print and speak a sentence after whatever is already playing."""

    text: str
    """The sentence."""
    slow: bool = False
    """Speak it more slowly than usual (the safety response)."""
    spoken: bool = True
    """False for acknowledgements only printed: after stop or pause, quiet is the answer."""


@dataclass(frozen=True)
class Cue:
    """A timed cue: cut whatever still plays and speak this now, exactly on its phase."""

    text: str
    """The cue words."""
    phase: str
    """The phase it opens (in, hold, out, hold_after, say)."""
    at_s: float | None = field(default=None, compare=False)
    """The clock time it is due to be heard (asked for ahead of time); None: now. Delivery,
    not identity: not compared."""


@dataclass(frozen=True)
class Chime:
    """A timed chime: cut whatever still plays and ring this now."""

    name: str
    """A name from companion.core.chimes.CHIMES."""
    at_s: float | None = field(default=None, compare=False)
    """The clock time it is due to be heard (asked for ahead of time); None: now. Delivery,
    not identity: not compared."""


@dataclass(frozen=True)
class Hush:
    """Silence the speaker at once and drop anything queued."""


@dataclass(frozen=True)
class Exit:
    """The conversation is over; leave the program."""


@dataclass(frozen=True)
class SetReminder:
    """A session asked for a reminder."""

    after_s: float
    """Seconds from now."""
    message: str
    """Said when it is due."""


@dataclass(frozen=True)
class Record:
    """A session ended: keep it in the history."""

    session: SessionRecord
    """Ratings and outcome; never what the person said."""


Action = Say | Cue | Chime | Hush | Exit | SetReminder | Record
