"""What a finished or stopped session leaves behind: ratings and the outcome, never words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

OUTCOMES = ("completed", "skipped", "stopped")
"""How a session ended: every step ran; it ran to the end, but the person skipped part of it;
it was stopped before the end."""


@dataclass(frozen=True)
class SessionRecord:
    """One guided session, as kept in the history."""

    script_id: str
    """The script the person started (not the ones it ran inside it)."""
    before: int | None
    """Check-in rating 0-10 before the session; None when skipped or not asked."""
    after: int | None
    """Check-in rating 0-10 after it; None when skipped, not asked or stopped early."""
    completed: bool
    """True when every step of the script ran and none was skipped (outcome completed)."""
    duration_s: float
    """Seconds from the start of the session to its end."""
    outcome: str = ""
    """completed, skipped or stopped (OUTCOMES); left empty, it follows `completed`
    (completed or stopped), as in histories kept before skips were told apart."""

    def __post_init__(self) -> None:
        if not self.outcome:
            object.__setattr__(self, "outcome", "completed" if self.completed else "stopped")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome {self.outcome!r} is not one of {', '.join(OUTCOMES)}")
        if self.completed != (self.outcome == "completed"):
            raise ValueError(f"completed={self.completed} contradicts outcome {self.outcome!r}")


@dataclass(frozen=True)
class StoredSession:
    """A SessionRecord as read back from the history, with when it ended."""

    id: int
    """Row number in the history; larger is newer."""
    ended_at: datetime
    """When the session ended, in the local time (with its UTC offset) of that moment."""
    record: SessionRecord
    """What the session left behind."""


@dataclass(frozen=True)
class ScriptSummary:
    """How sessions of one script went, over the whole history."""

    script_id: str
    """The script these sessions ran."""
    sessions: int
    """Sessions started with this script."""
    completed: int
    """Of those, sessions that ran every step, none skipped."""
    rated: int
    """Of those, sessions with both a before and an after rating."""
    average_change: float | None
    """Mean of after - before over the rated sessions (negative = calmer); None when none."""
    skipped: int = 0
    """Of those, sessions that ran to the end with some part skipped."""


def rating_change(record: SessionRecord) -> int | None:
    """after - before (negative = calmer), or None when either rating is missing."""
    if record.before is None or record.after is None:
        return None
    return record.after - record.before


def summarize(records: Iterable[SessionRecord]) -> dict[str, ScriptSummary]:
    """One ScriptSummary per script id, in script id order."""
    by_script: dict[str, list[SessionRecord]] = {}
    for record in records:
        by_script.setdefault(record.script_id, []).append(record)
    return {script_id: _summary(script_id, by_script[script_id]) for script_id in sorted(by_script)}


def _summary(script_id: str, records: list[SessionRecord]) -> ScriptSummary:
    changes = [c for c in map(rating_change, records) if c is not None]
    return ScriptSummary(
        script_id=script_id,
        sessions=len(records),
        completed=sum(r.outcome == "completed" for r in records),
        rated=len(changes),
        average_change=sum(changes) / len(changes) if changes else None,
        skipped=sum(r.outcome == "skipped" for r in records),
    )


def session_line(session: StoredSession) -> str:
    """'2024-05-01 21:14  box  7 -> 4  completed  4.0 min': one row of the recent-sessions table."""
    record = session.record
    ratings = f"{_rating(record.before)} -> {_rating(record.after)}"
    return (
        f"{session.ended_at:%Y-%m-%d %H:%M}  {record.script_id:<16} {ratings:<8}  "
        f"{record.outcome:<9}  {record.duration_s / 60:4.1f} min"
    )


def summary_line(summary: ScriptSummary) -> str:
    """'box: -2.5 over 4 sessions with both ratings', or why there is no average yet."""
    if summary.average_change is None:
        started = _count(summary.sessions, "session")
        return f"{summary.script_id}: no sessions with both ratings yet ({started})"
    average = f"{summary.average_change:+.1f}"
    if average in ("+0.0", "-0.0"):
        average = "0.0"
    rated = _count(summary.rated, "session")
    return f"{summary.script_id}: {average} over {rated} with both ratings"


def _rating(value: int | None) -> str:
    return "-" if value is None else str(value)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
