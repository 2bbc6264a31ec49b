"""Reminders in conversation: setting one (repeated back before it is saved), listing,
cancelling, and a due reminder's invitation (yes starts the activity; no, later or snooze puts
it off; silence gets one reprompt, then it counts as missed). Pure: time comes in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from companion.core.actions import Action, Chime, Say
from companion.core.durations import every, when
from companion.core.intents import Intent
from companion.core.numbers import to_words
from companion.core.ports import ReminderBook, WallClock
from companion.core.reminders import (
    SNOOZE_MINUTES,
    QuietHours,
    Reminder,
    after_firing,
    due_now,
    missed_while_away,
    next_due,
    next_local,
    snoozed,
    utc,
)
from companion.core.scripts import spoken_minutes

ANSWER_WAIT_S = 8.0
"""How long a question waits for its answer after it is said."""
RECHECK_S = 1.0
"""The longest sleep between looks at the store and the wall clock: a reminder added from the
command line while the companion runs, or a clock jump (suspend, resume), is seen within it
(one small SQLite read a second)."""
NAMES = {"breathe": "breathing", "ground": "grounding", "check_in": "check-in", "return": "return"}
INVITATIONS = {
    "breathe": "Time for a short breathing break. Shall we start?",
    "ground": "Time for a short grounding exercise. Shall we start?",
    "check_in": "Time for a quick check-in. Shall we start?",
}
REPROMPTS = {
    activity: f"Would you like a short {NAMES[activity]} now? You can say yes, or later."
    for activity in INVITATIONS
}
NOT_SAVED = "Okay, I didn't set it."
SAY_HOW = "You can say, for example: remind me to breathe every two hours."
LET_PASS = "Okay, I'll let this one pass."
NONE_SET = "You have no reminders."


def fixed_reminder_replies() -> list[str]:
    """What this part says that is known in advance, to render early."""
    return [*INVITATIONS.values(), *REPROMPTS.values(), NOT_SAVED, SAY_HOW, NONE_SET]


@dataclass
class _Waiting:
    """A question of ours that waits for yes or no."""

    reminder: Reminder
    """The reminder asked about: a draft to save, or one that fell due."""
    offer: bool
    """True: a due reminder's invitation; False: a new reminder's confirmation."""
    until_s: float
    """When silence counts as no answer."""
    reprompted: bool = False


@dataclass(frozen=True)
class Outcome:
    """What to do: actions to perform, and an activity to start now, if any."""

    actions: list[Action]
    start: str | None = None


class Reminding:
    """Sets, lists, cancels and offers reminders, on an injected wall clock."""

    def __init__(
        self,
        book: ReminderBook,
        wall: WallClock,
        zone: tzinfo,
        quiet: QuietHours,
        speech_s: Callable[[str], float],
    ) -> None:
        self._book, self._wall, self._zone, self._quiet = book, wall, zone, quiet
        self._speech_s = speech_s
        self._waiting: _Waiting | None = None

    @property
    def asking(self) -> bool:
        """A yes/no question of ours waits for its answer."""
        return self._waiting is not None

    def missed_summary(self) -> list[Action]:
        """At start: one sentence for everything that fell due while the companion was not
        running; each is moved on (or gone), never fired."""
        missed, become = missed_while_away(self._book.all(), self._wall.now())
        for old, new in zip(missed, become, strict=True):
            self._keep(old, new)
        counts = Counter(r.activity for r in missed)
        if not counts:
            return []
        parts = [_counted(activity, n) for activity, n in counts.items()]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return [Say(f"While I wasn't running, you missed {listed}.")]

    def request(self, intent: Intent, now_s: float) -> list[Action]:
        """A remind, list_reminders or cancel_reminders request."""
        if intent.name == "list_reminders":
            return [Say(self._listing())]
        if intent.name == "cancel_reminders":
            return [Say(self._cancel_all())]
        draft = self._draft(intent)
        if draft is None:
            return [Say(SAY_HOW)]
        question = f"{self._spoken(draft)}. Is that right?"
        self._waiting = _Waiting(draft, offer=False, until_s=self._after(question, now_s))
        return [Say(question[0].upper() + question[1:])]

    def add_return(self, after_s: float, message: str) -> None:
        """A session's own reminder ("time to go back"), kept like any other."""
        due = utc(self._wall.now()) + timedelta(seconds=after_s)
        self._book.add(Reminder(0, "return", due, message=message))

    def answer(self, intent: Intent, now_s: float) -> Outcome | None:
        """yes, no or snooze to our question; None when it is no answer to it."""
        waiting = self._waiting
        if waiting is None or intent.name not in ("yes", "no", "snooze", "skip"):
            return None
        self._waiting = None
        if not waiting.offer:
            return Outcome([Say(self._save(waiting.reminder))] if intent.name == "yes" else [
                Say(NOT_SAVED)
            ])  # fmt: skip
        reminder = waiting.reminder
        if intent.name == "yes":
            self._keep(reminder, after_firing(reminder, self._wall.now()))
            return Outcome([], start=reminder.activity)
        said = intent.slots.get("minutes")
        minutes = float(said) if isinstance(said, int | float) else SNOOZE_MINUTES
        self._book.update(snoozed(reminder, self._wall.now(), minutes))
        return Outcome([Say(f"Okay, I'll ask again in {spoken_minutes(minutes)}.")])

    def tick(self, now_s: float, free: bool) -> list[Action]:
        """Silence after a question; and, when `free` (no session, nothing else asked), the
        invitation of a reminder that is due."""
        waiting = self._waiting
        if waiting is not None:
            return self._silence(waiting, now_s) if now_s >= waiting.until_s else []
        if not free:
            return []
        due = due_now(self._book.all(), self._wall.now(), self._quiet, self._zone)
        if not due:
            return []
        reminder = due[0]
        if reminder.activity not in INVITATIONS:  # a session's own reminder: just say it
            self._keep(reminder, after_firing(reminder, self._wall.now()))
            return [Chime("bell"), Say(reminder.message or "This is your reminder.")]
        invitation = INVITATIONS[reminder.activity]
        self._waiting = _Waiting(reminder, offer=True, until_s=self._after(invitation, now_s))
        return [Chime("bell"), Say(invitation)]

    def next_deadline(self, now_s: float, free: bool) -> float | None:
        """When `tick` next has something to do (at most RECHECK_S away while any is set);
        None while not `free`: a due reminder waits for the session's end, which ticks."""
        if self._waiting is not None:
            return self._waiting.until_s
        if not free:
            return None
        upcoming = next_due(self._book.all(), self._quiet, self._zone)
        if upcoming is None:
            return now_s + RECHECK_S  # one may be added from the command line
        wait_s = (upcoming - utc(self._wall.now())).total_seconds()
        return now_s + min(max(wait_s, 0.0), RECHECK_S)

    def _silence(self, waiting: _Waiting, now_s: float) -> list[Action]:
        if not waiting.reprompted:
            waiting.reprompted = True
            text = REPROMPTS.get(waiting.reminder.activity) if waiting.offer else None
            text = text or "Shall I set it? Say yes or no."
            waiting.until_s = self._after(text, now_s)
            return [Say(text)]
        self._waiting = None
        if not waiting.offer:
            return [Say(NOT_SAVED, spoken=False)]
        self._keep(waiting.reminder, after_firing(waiting.reminder, self._wall.now()))
        return [Say(LET_PASS, spoken=False)]

    def _after(self, question: str, now_s: float) -> float:
        return now_s + self._speech_s(question) + ANSWER_WAIT_S

    def _keep(self, old: Reminder, new: Reminder | None) -> None:
        if new is None:
            self._book.remove(old.id)
        else:
            self._book.update(new)

    def _draft(self, intent: Intent) -> Reminder | None:
        now = utc(self._wall.now())
        activity = str(intent.slots.get("activity", "breathe"))
        every, later, at = (intent.slots.get(k) for k in ("every_minutes", "in_minutes", "at"))
        if isinstance(every, int | float):
            return Reminder(0, activity, now + timedelta(minutes=every), every_s=every * 60.0)
        if isinstance(later, int | float):
            return Reminder(0, activity, now + timedelta(minutes=later))
        if isinstance(at, str):
            hour, minute = (int(part) for part in at.split(":"))
            return Reminder(0, activity, next_local(time(hour, minute), now, self._zone))
        return None

    def _save(self, draft: Reminder) -> str:
        stored = self._book.add(draft)
        if stored.every_s is None:
            return f"Saved: {NAMES[stored.activity]}, {self._when(stored.due)}."
        return f"Saved. {every(stored.every_s).capitalize()}, {NAMES[stored.activity]}, next " \
            f"{self._when(stored.due)}."  # fmt: skip

    def _spoken(self, reminder: Reminder) -> str:
        """ "every 2 hours, breathing" / "at 9 pm, grounding" / "in 20 minutes, breathing"."""
        name = NAMES[reminder.activity]
        if reminder.every_s is not None:
            return f"{every(reminder.every_s)}, {name}"
        return f"{self._when(reminder.due)}, {name}"

    def _when(self, moment: datetime) -> str:
        """ "in 20 minutes" within the hour, else "at 9:15 pm", "tomorrow at 8 am"."""
        now = utc(self._wall.now())
        wait = moment - now
        if wait <= timedelta(hours=1):
            return f"in {spoken_minutes(max(1.0, round(wait.total_seconds() / 60)))}"
        return when(moment, now, self._zone)

    def _listing(self) -> str:
        reminders = sorted(self._book.all(), key=lambda r: utc(r.due))
        if not reminders:
            return NONE_SET
        parts = [self._described(r) for r in reminders]
        count = "one reminder" if len(parts) == 1 else f"{to_words(min(len(parts), 999))} reminders"
        return f"You have {count}: " + "; ".join(parts) + "."

    def _described(self, reminder: Reminder) -> str:
        if reminder.activity == "return":
            return f"a reminder to come back, {self._when(reminder.due)}"
        if reminder.every_s is not None:
            return f"{self._spoken(reminder)}, next {self._when(reminder.due)}"
        return f"{NAMES[reminder.activity]} {self._when(reminder.due)}"

    def _cancel_all(self) -> str:
        reminders = self._book.all()
        for reminder in reminders:
            self._book.remove(reminder.id)
        if not reminders:
            return NONE_SET
        n = len(reminders)
        return (
            f"I've cancelled your {'reminder' if n == 1 else f'{to_words(min(n, 999))} reminders'}."
        )


def _counted(activity: str, n: int) -> str:
    """ "two breathing reminders", "one reminder to come back"."""
    plural = "s" if n > 1 else ""
    if activity == "return":
        return f"{to_words(min(n, 999))} reminder{plural} to come back"
    return f"{to_words(min(n, 999))} {NAMES[activity]} reminder{plural}"
