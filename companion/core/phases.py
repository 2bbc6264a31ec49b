"""The phases of timed steps (what sounds, for how long) and the timeline that lays them on a
clock: phase k starts at the anchor plus the lengths of the phases between, never at the sum
of sleeps, so lateness never accumulates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from companion.core.actions import Action, SetReminder
from companion.core.chimes import CHIME_SECONDS
from companion.core.scripts import Breathe, ChimeStep, Remind, Say, Silence, Step


@dataclass(frozen=True)
class Phase:
    """One stretch of a session's timeline."""

    name: str
    """in, hold, out, hold_after, say, silence, chime or ask."""
    duration_s: float
    """How long the phase lasts at the written pace, cue included."""
    cue: str | None
    """Words spoken at the phase's start, if any."""
    resume_point: bool
    """A paused or repeated session may restart here (a cycle's inhale, a sentence)."""
    sound: str | None = None
    """A chime rung at the phase's start, if any."""
    paced: bool = False
    """A breathing phase: slower and faster stretch it."""
    step: int = 0
    """Which step of its segment it belongs to: skip jumps to the next step."""
    actions: tuple[Action, ...] = ()
    """Emitted at the phase's start even when it comes late (a reminder is never dropped)."""
    script: str = ""
    """The script whose step this is (the innermost one run): its intro explains it."""


def step_phases(step: Step, speech_s: Callable[[str], float], hints: bool = True) -> list[Phase]:
    """The phases of one timed step; `speech_s` tells how long a sentence takes to say;
    without `hints`, sentences that tell the person what to say are left out."""
    if isinstance(step, Say):
        return _say_phases(step, speech_s, hints)
    if isinstance(step, Silence):
        return [Phase("silence", step.seconds, None, False)]
    if isinstance(step, ChimeStep):
        return [Phase("chime", CHIME_SECONDS[step.name], None, False, step.name)]
    if isinstance(step, Breathe):
        return _breathing_phases(step, speech_s, hints)
    if isinstance(step, Remind) and step.in_minutes is not None:
        return [_reminder_phase(step, step.in_minutes, speech_s)]
    raise TypeError(f"not a timed step: {step!r}")


def _say_phases(step: Say, speech_s: Callable[[str], float], hints: bool) -> list[Phase]:
    if step.hint and not hints:
        return []
    return [Phase("say", speech_s(step.text) + step.pause_s, step.text, True)]


def _breathing_phases(step: Breathe, speech_s: Callable[[str], float], hints: bool) -> list[Phase]:
    tones = {"in": "inhale", "out": "exhale"} if step.tones else {}
    phases = []
    for cycle in range(step.cycles):
        last = cycle == step.cycles - 1
        spoken = step.spoken_cycles is None or cycle < step.spoken_cycles
        between = [] if last or cycle >= len(step.between) else _say_phases(
            step.between[cycle], speech_s, hints
        )  # fmt: skip
        for name, seconds in step.phases_s.items():
            if (last or between) and name == "hold_after":
                break  # a session always ends after an exhale; a line takes the hold's place
            cue = step.cues.get(name) if spoken else None
            sound = None if cue else tones.get(name)  # words or a tone, never both at once
            phases.append(Phase(name, seconds, cue, name == "in", sound, paced=True))
        phases += between
    return phases


def _reminder_phase(step: Remind, minutes: float, speech_s: Callable[[str], float]) -> Phase:
    text = step.confirmation(minutes)
    reminder = SetReminder(minutes * 60.0, step.message)
    return Phase("say", speech_s(text) + Say(text).pause_s, text, True, actions=(reminder,))


class Timeline:
    """One segment's phases on the clock, from an anchor; re-anchored by restarts and pace."""

    def __init__(self, phases: list[Phase], at_s: float, pace: Callable[[], float]) -> None:
        self.phases = phases
        self.next = 0
        """The next phase to open."""
        self._pace = pace
        self._anchor_s, self._anchor_index = at_s, 0
        self._starts = self._schedule()

    def start_of(self, index: int) -> float:
        """When phase `index` starts under the current anchor (len(phases): the end)."""
        return self._starts[index - self._anchor_index]

    @property
    def end_s(self) -> float:
        """When the last phase is over."""
        return self.start_of(len(self.phases))

    @property
    def all_opened(self) -> bool:
        """Every phase has started."""
        return self.next >= len(self.phases)

    def restart(self, index: int, at_s: float) -> None:
        """Carry on from phase `index`, starting at `at_s`."""
        self._anchor_s, self._anchor_index, self.next = at_s, index, index
        self._starts = self._schedule()

    def insert(self, index: int, phases: list[Phase], at_s: float) -> None:
        """Put `phases` before phase `index` and carry on from them, starting at `at_s`."""
        self.phases[index:index] = phases
        self.restart(index, at_s)

    def repace(self) -> None:
        """The pace changed: the phase under way keeps its end; the ones after take the new
        pace."""
        if not self.all_opened:
            self._anchor_s, self._anchor_index = self.start_of(self.next), self.next
            self._starts = self._schedule()

    def resume_index(self) -> int:
        """The last resume point at or before the current phase (a cycle's inhale, a
        sentence)."""
        current = min(max(self.next - 1, 0), len(self.phases) - 1)
        return next((i for i in range(current, -1, -1) if self.phases[i].resume_point), current)

    def next_step_index(self) -> int:
        """The first phase of the step after the current one (len(phases) when none)."""
        current = self.phases[max(self.next - 1, 0)].step
        later = (i for i, p in enumerate(self.phases) if i >= self.next and p.step != current)
        return next(later, len(self.phases))

    def breath_s(self) -> dict[str, float]:
        """The next breathing pattern's phase lengths at the current pace ({} when none)."""
        ahead = self.phases[self.next :]
        start = next((i for i, p in enumerate(ahead) if p.paced and p.name == "in"), None)
        pattern: dict[str, float] = {}
        for phase in ahead[start:] if start is not None else []:
            if phase.name in pattern or not phase.paced:
                break
            pattern[phase.name] = round(phase.duration_s * self._pace(), 2)
        return pattern

    def _schedule(self) -> list[float]:
        """Start times from the anchor on, plus the end; sums, never accumulated sleeps."""
        starts = [self._anchor_s]
        for phase in self.phases[self._anchor_index :]:
            scale = self._pace() if phase.paced else 1.0
            starts.append(starts[-1] + phase.duration_s * scale)
        return starts
