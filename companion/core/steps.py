"""What an exercise script is: its steps and the Script itself, with the names the YAML uses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

KINDS = ("breathing", "grounding", "flow")
ANSWERS = ("rating", "yes_no", "feeling", "choice")
"""What an ask step listens for."""
FEELING_WORDS = (
    "mad", "sad", "scared", "frustrated", "hurt", "lonely", "anxious", "ashamed",
    "disappointed", "overwhelmed", "rejected", "jealous", "tired", "calm", "unknown",
)  # fmt: skip
"""The feeling words the recogniser knows (intents.yaml, list feeling_word); unknown is "I don't
know", always an accepted answer."""
MAX_OPTIONS = 3
"""A spoken menu offers at most three choices at a time (content guide)."""
OTHER = "other"
"""The branch taken when the answer is none of the options, skipped, or never came."""
AUDIENCES = ("anxious", "avoidant", "anyone")
PHASES = ("in", "hold", "out", "hold_after")
DEFAULT_CUES = {"in": "Breathe in", "hold": "Hold", "out": "Breathe out", "hold_after": "Hold"}


@dataclass(frozen=True)
class Say:
    """Speak a sentence, then pause briefly."""

    text: str
    """What is said."""
    pause_s: float = 0.6
    """Quiet after the sentence, before the next step."""
    hint: bool = False
    """A voice-control hint ("if six feels long, say faster"): said live, never in a rendered
    file, where nobody can answer."""


@dataclass(frozen=True)
class Silence:
    """A stretch of quiet."""

    seconds: float
    """How long."""


@dataclass(frozen=True)
class ChimeStep:
    """Ring one of the generated chimes."""

    name: str
    """bell, inhale or exhale."""


@dataclass(frozen=True)
class Breathe:
    """Paced breathing: phases of fixed length, repeated for a number of cycles."""

    phases_s: dict[str, float]
    """Phase name (in, hold, out, hold_after) -> seconds; a zero phase is left out."""
    cycles: int
    """Full cycles; the last one stops after the exhale."""
    cues: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CUES))
    """Words spoken at the start of each phase."""
    tones: bool = False
    """Ring the inhale and exhale tones at the start of those phases."""
    spoken_cycles: int | None = None
    """Speak the cue words only in the first this many cycles (tones alone after); None: all."""
    between: tuple[Say, ...] = ()
    """Said one a cycle after the exhales of the first cycles, in place of the hold after it:
    how to breathe, taught while breathing instead of before it. Never after the last cycle."""

    @property
    def cycle_s(self) -> float:
        """Length of one full cycle."""
        return sum(self.phases_s.values())


@dataclass(frozen=True)
class Run:
    """Run another script's steps here, as if they were written in place."""

    script_id: str
    """The script to run."""
    where: str
    """file:line of the reference, for messages."""


@dataclass(frozen=True)
class Ask:
    """Ask a question, wait for the answer, and go on by what was answered."""

    answer: str
    """What it listens for: rating, yes_no, feeling or choice."""
    question: str
    """Said to ask."""
    reprompt: str | None
    """Said once, with more help, when no answer came; None: silence takes the default."""
    options: tuple[str, ...] = ()
    """feeling: the feeling words offered; choice: the script ids offered (three at most)."""
    branches: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    """Answer (yes, no, an option, or other) -> steps run next."""
    default: str = OTHER
    """The answer silence counts as, after the reprompt."""
    check_in: str | None = None
    """rating only: before or after, kept in the history."""


@dataclass(frozen=True)
class Remind:
    """Set a reminder, confirming it aloud; the time is fixed, or asked for."""

    message: str
    """Said when the reminder is due."""
    in_minutes: float | None
    """Fixed delay; None when the person is asked how long."""
    question: str | None = None
    """Asks how long (heard like "give me half an hour"); None when fixed."""
    at_least_minutes: float = 0.0
    """Shorter answers are raised to this."""
    default_minutes: float = 30.0
    """What silence or "yes" to the question means."""

    def confirmation(self, minutes: float) -> str:
        """What is said when the reminder is set."""
        return f"I'll remind you in {spoken_minutes(minutes)}."


def spoken_minutes(minutes: float) -> str:
    """90 -> "an hour and a half", 30 -> "30 minutes"."""
    whole = round(minutes)
    if whole % 60 == 0:
        hours = whole // 60
        return "an hour" if hours == 1 else f"{hours} hours"
    if whole == 90:
        return "an hour and a half"
    return "a minute" if whole == 1 else f"{whole} minutes"


Step = Say | Silence | ChimeStep | Breathe | Run | Ask | Remind


@dataclass(frozen=True)
class Script:
    """One guided exercise."""

    id: str
    """Stable name used in requests, settings and history."""
    title: str
    """Spoken and listed name."""
    kind: str
    """breathing, grounding or flow."""
    audience: tuple[str, ...]
    """Whom it is for: anxious, avoidant, anyone."""
    cautions: tuple[str, ...]
    """Who should take care or choose a variant."""
    steps: tuple[Step, ...]
    """What happens, in order."""
    source: str
    """The file it came from, for messages."""
    citation: str = ""
    """Where the pattern comes from (the content guide's source), or our own design."""
    intro: tuple[str, ...] = ()
    """What to do and the safety line: said as one passage before the steps the first time
    the script is used, and again when the person asks how it works. A breathing script's
    intro is short: the first breath comes within 8 seconds of the request."""
    opener: tuple[Step, ...] = ()
    """Said in place of the intro every later time (one short line at most)."""
    check_ins: bool = True
    """False: the companion's check-ins are left out (the bedtime breathing ends in quiet)."""

    @property
    def intro_text(self) -> str:
        """The intro as it is said, one passage ("" when there is none)."""
        return " ".join(self.intro)

    def spoken_texts(self) -> list[str]:
        """Every sentence and cue the script can say, once each, in order (scripts it runs
        say their own)."""
        intro = [self.intro_text] if self.intro else []
        return list(dict.fromkeys([*intro, *_texts((*self.opener, *self.steps))]))

    def runs(self) -> list[Run]:
        """Every reference to another script, branches included."""
        return [step for step in walk((*self.opener, *self.steps)) if isinstance(step, Run)]


def walk(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step, depth first, into the branches of questions and the lines said between
    breathing cycles."""
    for step in steps:
        yield step
        if isinstance(step, Ask):
            for branch in step.branches.values():
                yield from walk(branch)
        elif isinstance(step, Breathe):
            yield from step.between


def _texts(steps: tuple[Step, ...]) -> Iterator[str]:
    for step in walk(steps):
        if isinstance(step, Say):
            yield step.text
        elif isinstance(step, Breathe):
            yield from (step.cues[p] for p in step.phases_s if p in step.cues)
        elif isinstance(step, Ask):
            yield step.question
            if step.reprompt:
                yield step.reprompt
        elif isinstance(step, Remind):
            yield step.message
            yield step.question or step.confirmation(step.in_minutes or 0)
