"""Reminders and their schedule: pure, on wall-clock time passed in.

A reminder falls due at `due` (an aware datetime). A repeating one then moves on by whole
intervals past now, so an overdue reminder fires once, never as a burst, whatever the clock
did (suspend, resume, a jump). Quiet hours hold a due reminder until they end. Local times
("at nine pm") are read in the person's time zone, across daylight-saving changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta, tzinfo

ACTIVITIES = ("breathe", "ground", "check_in", "return")
"""What a reminder leads into; return is a session's reminder to go back after a break."""
SNOOZE_MINUTES = 10
"""How long "later" or "not now" puts a reminder off when no time is said."""


@dataclass(frozen=True)
class Reminder:
    """One reminder, as stored."""

    id: int
    """The store's id; 0 before it is stored."""
    activity: str
    """One of ACTIVITIES."""
    due: datetime
    """When it next falls due (timezone-aware)."""
    every_s: float | None = None
    """Repeats at this interval; None for a one-off."""
    message: str | None = None
    """Said when due instead of the activity's invitation (a session's own reminder)."""

    @property
    def repeats(self) -> bool:
        """A repeating reminder."""
        return self.every_s is not None


@dataclass(frozen=True)
class QuietHours:
    """A daily stretch of local time when no reminder speaks; may run past midnight."""

    start: time
    """When quiet begins (local)."""
    end: time
    """When it ends (local); equal to start means no quiet hours."""

    def contains(self, moment: datetime, zone: tzinfo) -> bool:
        """Whether `moment` falls in quiet hours."""
        local = moment.astimezone(zone).time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def release(self, moment: datetime, zone: tzinfo) -> datetime:
        """`moment`, or the end of the quiet hours it falls in."""
        if not self.contains(moment, zone):
            return moment
        return next_local(self.end, moment, zone)


DEFAULT_QUIET = QuietHours(time(22, 0), time(8, 0))


def next_local(at: time, after: datetime, zone: tzinfo) -> datetime:
    """The first moment after `after` when local clocks in `zone` read `at`. A time the clocks
    skip (spring forward) is moved on by the length of the gap, as calendars do (RFC 5545);
    a time they show twice (fall back) is its first showing. Returned in UTC."""
    local = after.astimezone(zone)
    for days in range(3):
        day = local.date() + timedelta(days=days)
        candidate = _existing(datetime.combine(day, at, tzinfo=zone), zone).astimezone(UTC)
        if candidate > after:
            return candidate
    raise AssertionError("a local time comes round within three days")


def _existing(wall: datetime, zone: tzinfo) -> datetime:
    """A wall time that does not exist is moved on by the length of the gap."""
    there_and_back = wall.astimezone(UTC).astimezone(zone)
    if there_and_back.replace(tzinfo=None) == wall.replace(tzinfo=None):
        return wall
    return there_and_back


def utc(moment: datetime) -> datetime:
    """The same moment in UTC. Arithmetic and comparison on datetimes that share a zone are
    done on the wall clock (an hour is lost or gained at a clock change); in UTC never."""
    return moment.astimezone(UTC)


def effective_due(reminder: Reminder, quiet: QuietHours, zone: tzinfo) -> datetime:
    """When it may actually speak: its due time, or the end of the quiet hours it falls in."""
    return utc(quiet.release(utc(reminder.due), zone))


def due_now(
    reminders: Iterable[Reminder], now: datetime, quiet: QuietHours, zone: tzinfo
) -> list[Reminder]:
    """The reminders that may speak at `now`, earliest first."""
    now = utc(now)
    ready = [r for r in reminders if effective_due(r, quiet, zone) <= now]
    ready = [r for r in ready if not quiet.contains(now, zone)]
    return sorted(ready, key=lambda r: (utc(r.due), r.id))


def next_due(reminders: Iterable[Reminder], quiet: QuietHours, zone: tzinfo) -> datetime | None:
    """The next moment a reminder may speak, if any."""
    return min((effective_due(r, quiet, zone) for r in reminders), default=None)


def after_firing(reminder: Reminder, now: datetime) -> Reminder | None:
    """What is left once it has had its turn: a repeating reminder's next time after `now`
    (occurrences that passed unseen are skipped), or None for a one-off."""
    if reminder.every_s is None:
        return None
    every = timedelta(seconds=reminder.every_s)
    due = utc(reminder.due)
    behind = max(0, math.floor((utc(now) - due) / every) + 1)
    return replace(reminder, due=due + behind * every)


def snoozed(reminder: Reminder, now: datetime, minutes: float = SNOOZE_MINUTES) -> Reminder:
    """Put off from `now` by `minutes`."""
    return replace(reminder, due=utc(now) + timedelta(minutes=minutes))


def missed_while_away(
    reminders: Iterable[Reminder], now: datetime
) -> tuple[list[Reminder], list[Reminder | None]]:
    """At start: the reminders that fell due while the companion was not running, and what
    each becomes (its next time, or None: gone). Said once as a summary, never fired."""
    missed = [r for r in reminders if utc(r.due) <= utc(now)]
    return missed, [after_firing(r, now) for r in missed]
