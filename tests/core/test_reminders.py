"""The reminder schedule on wall-clock time passed in: due, quiet hours, snooze, clock jumps,
daylight saving, and what was missed while away."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from companion.core.reminders import (
    DEFAULT_QUIET,
    QuietHours,
    Reminder,
    after_firing,
    due_now,
    effective_due,
    missed_while_away,
    next_due,
    next_local,
    snoozed,
)

LONDON = ZoneInfo("Europe/London")
NO_QUIET = QuietHours(time(0, 0), time(0, 0))


def _at(text: str, zone: ZoneInfo = LONDON) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def _every(hours: float, due: datetime, rid: int = 1) -> Reminder:
    return Reminder(rid, "breathe", due, every_s=hours * 3600)


def test_a_reminder_is_due_at_its_time_and_not_before() -> None:
    reminder = Reminder(1, "ground", _at("2026-03-02 12:00"))
    assert due_now([reminder], _at("2026-03-02 11:59:59"), NO_QUIET, LONDON) == []
    assert due_now([reminder], _at("2026-03-02 12:00"), NO_QUIET, LONDON) == [reminder]


def test_quiet_hours_hold_a_reminder_until_they_end() -> None:
    reminder = Reminder(1, "breathe", _at("2026-03-02 23:30"))
    assert due_now([reminder], _at("2026-03-03 07:59"), DEFAULT_QUIET, LONDON) == []
    assert effective_due(reminder, DEFAULT_QUIET, LONDON) == _at("2026-03-03 08:00")
    assert due_now([reminder], _at("2026-03-03 08:00"), DEFAULT_QUIET, LONDON) == [reminder]


def test_quiet_hours_within_one_day() -> None:
    quiet = QuietHours(time(13, 0), time(14, 0))
    assert quiet.contains(_at("2026-03-02 13:30"), LONDON)
    assert not quiet.contains(_at("2026-03-02 14:00"), LONDON)
    assert not NO_QUIET.contains(_at("2026-03-02 03:00"), LONDON)


def test_an_overdue_repeating_reminder_fires_once_then_keeps_its_rhythm() -> None:
    reminder = _every(2, _at("2026-03-02 10:00"))
    woke = _at("2026-03-02 17:05")  # a laptop resumed after seven hours asleep
    assert due_now([reminder], woke, NO_QUIET, LONDON) == [reminder]
    following = after_firing(reminder, woke)
    assert following is not None and following.due == _at("2026-03-02 18:00")
    assert due_now([following], woke, NO_QUIET, LONDON) == []


def test_a_one_off_is_gone_after_firing() -> None:
    assert (
        after_firing(Reminder(1, "ground", _at("2026-03-02 12:00")), _at("2026-03-02 12:00"))
        is None
    )


def test_snooze_puts_off_from_now() -> None:
    reminder = _every(2, _at("2026-03-02 10:00"))
    later = snoozed(reminder, _at("2026-03-02 10:00:08"))
    assert later.due == _at("2026-03-02 10:10:08") and later.every_s == reminder.every_s
    assert snoozed(reminder, _at("2026-03-02 10:00"), 25).due == _at("2026-03-02 10:25")


def test_nine_pm_is_nine_pm_local_across_the_clock_change() -> None:
    before_change = _at("2026-03-28 22:00")  # clocks go forward at 01:00 on 29 March
    nine = next_local(time(21, 0), before_change, LONDON)
    assert nine.astimezone(LONDON).replace(tzinfo=None) == datetime(2026, 3, 29, 21, 0)
    assert nine.astimezone(UTC).hour == 20  # BST


def test_a_time_the_clocks_skip_is_moved_on_by_the_gap() -> None:
    skipped = next_local(time(1, 30), _at("2026-03-29 00:00"), LONDON)
    assert skipped.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert skipped.astimezone(LONDON).replace(tzinfo=None) == datetime(2026, 3, 29, 2, 30)


def test_a_time_the_clocks_show_twice_is_its_first_showing() -> None:
    twice = next_local(time(1, 30), _at("2026-10-25 00:00"), LONDON)
    assert twice.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_every_two_hours_is_two_real_hours_across_the_clock_change() -> None:
    reminder = _every(2, _at("2026-03-29 00:30"))
    following = after_firing(reminder, reminder.due)
    assert following is not None
    assert following.due - reminder.due == timedelta(hours=2)
    assert following.due.astimezone(LONDON).hour == 3  # the wall clock jumped an hour


def test_missed_reminders_are_listed_once_and_moved_on() -> None:
    now = _at("2026-03-02 12:00")
    gone = Reminder(1, "ground", _at("2026-03-02 09:00"))
    repeating = _every(1, _at("2026-03-02 08:30"), rid=2)
    future = Reminder(3, "breathe", _at("2026-03-02 13:00"))
    missed, become = missed_while_away([gone, repeating, future], now)
    assert missed == [gone, repeating]
    assert become[0] is None
    assert become[1] is not None and become[1].due == _at("2026-03-02 12:30")


def test_next_due_counts_quiet_hours() -> None:
    late = Reminder(1, "breathe", _at("2026-03-02 23:00"))
    early = Reminder(2, "breathe", _at("2026-03-03 07:00"))
    assert next_due([late, early], DEFAULT_QUIET, LONDON) == _at("2026-03-03 08:00")
    assert next_due([], DEFAULT_QUIET, LONDON) is None


def test_a_simulated_week_of_reminders_quiet_hours_and_snoozes() -> None:
    """Every two hours, and a one-off each evening at nine, for seven days; the person snoozes
    every third offer once. Nothing speaks in quiet hours, nothing is lost, nothing repeats."""
    start = _at("2026-03-23 07:00")  # the week the clocks change
    reminders = {1: _every(2, start + timedelta(hours=1))}
    spoken: list[tuple[datetime, int]] = []
    snoozes = 0
    now = start
    next_id = 2
    while now < start + timedelta(days=7):
        if now.astimezone(LONDON).time() == time(18, 0):
            nine = next_local(time(21, 0), now, LONDON)
            reminders[next_id] = Reminder(next_id, "ground", nine)
            next_id += 1
        for reminder in due_now(reminders.values(), now, DEFAULT_QUIET, LONDON):
            spoken.append((now, reminder.id))
            if len(spoken) % 3 == 0 and snoozes < 100 and reminder.id == 1:
                reminders[1] = snoozed(reminder, now)
                snoozes += 1
                continue
            following = after_firing(reminder, now)
            if following is None:
                del reminders[reminder.id]
            else:
                reminders[reminder.id] = following
        now += timedelta(minutes=1)
    assert spoken, "nothing was said all week"
    assert not [t for t, _ in spoken if DEFAULT_QUIET.contains(t, LONDON)]
    evenings = [t for t, rid in spoken if rid != 1]
    assert len(evenings) == 7
    assert all(t.astimezone(LONDON).time() == time(21, 0) for t in evenings)
    repeats = [t for t, rid in spoken if rid == 1]
    assert len(repeats) == len(set(repeats))  # never twice at one moment
    assert all(t.astimezone(LONDON).time() >= time(8, 0) for t in repeats)
    assert snoozes > 0
    gaps = [b - a for a, b in itertools.pairwise(repeats)]
    assert min(gaps) >= timedelta(minutes=10)
