"""The per-script summary of the session history: counts, completions, average rating change."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from companion.core.history import (
    ScriptSummary,
    SessionRecord,
    StoredSession,
    rating_change,
    session_line,
    summarize,
    summary_line,
)


def rec(
    script_id: str = "box",
    before: int | None = 7,
    after: int | None = 4,
    completed: bool = True,
    duration_s: float = 240.0,
) -> SessionRecord:
    return SessionRecord(script_id, before, after, completed, duration_s)


def test_change_is_after_minus_before() -> None:
    assert rating_change(rec(before=7, after=4)) == -3


def test_change_is_none_when_a_rating_is_missing() -> None:
    assert rating_change(rec(before=None)) is None
    assert rating_change(rec(after=None)) is None


def test_summary_counts_sessions_and_completions_per_script() -> None:
    summary = summarize([rec(), rec(completed=False), rec("grounding")])
    assert summary["box"].sessions == 2 and summary["box"].completed == 1
    assert summary["grounding"].sessions == 1 and summary["grounding"].completed == 1


def test_average_change_counts_only_sessions_with_both_ratings() -> None:
    records = [rec(before=8, after=5), rec(before=6, after=4), rec(after=None), rec(before=None)]
    summary = summarize(records)["box"]
    assert summary.rated == 2
    assert summary.average_change == -2.5


def test_average_change_is_none_without_a_rated_session() -> None:
    assert summarize([rec(after=None, completed=False)])["box"].average_change is None


def test_summary_is_in_script_id_order() -> None:
    assert list(summarize([rec("zen"), rec("box"), rec("grounding")])) == [
        "box",
        "grounding",
        "zen",
    ]


def test_empty_history_has_no_summary() -> None:
    assert summarize([]) == {}


def test_summary_line_gives_the_signed_average_and_how_many_sessions() -> None:
    line = summary_line(ScriptSummary("box", sessions=5, completed=4, rated=4, average_change=-2.5))
    assert line == "box: -2.5 over 4 sessions with both ratings"


def test_summary_line_says_when_there_is_no_average_yet() -> None:
    line = summary_line(ScriptSummary("box", sessions=1, completed=0, rated=0, average_change=None))
    assert line == "box: no sessions with both ratings yet (1 session)"


def test_summary_line_shows_no_change_unsigned() -> None:
    line = summary_line(ScriptSummary("box", sessions=1, completed=1, rated=1, average_change=0.0))
    assert line == "box: 0.0 over 1 session with both ratings"


def test_session_line_shows_time_script_ratings_outcome_and_minutes() -> None:
    ended = datetime(2024, 5, 1, 21, 14, 9, tzinfo=timezone(timedelta(hours=2)))
    line = session_line(StoredSession(1, ended, rec(before=None, completed=False, duration_s=90)))
    assert line.startswith("2024-05-01 21:14  box ")
    assert "- -> 4" in line and "stopped" in line and line.endswith("1.5 min")


def test_an_outcome_left_out_follows_completed() -> None:
    assert rec(completed=True).outcome == "completed"
    assert rec(completed=False).outcome == "stopped"


def test_a_skipped_session_is_not_completed() -> None:
    skipped = SessionRecord("box", 7, 4, completed=False, duration_s=200.0, outcome="skipped")
    assert skipped.outcome == "skipped" and not skipped.completed


@pytest.mark.parametrize(
    ("completed", "outcome"), [(True, "skipped"), (False, "completed"), (True, "done")]
)
def test_an_outcome_that_contradicts_completed_or_is_unknown_is_refused(
    completed: bool, outcome: str
) -> None:
    with pytest.raises(ValueError, match="outcome"):
        SessionRecord("box", 7, 4, completed, 200.0, outcome)


def test_summary_counts_skipped_sessions_apart_from_completed_ones() -> None:
    skipped = SessionRecord("box", 8, 5, completed=False, duration_s=200.0, outcome="skipped")
    summary = summarize([rec(), skipped, rec(completed=False)])["box"]
    assert (summary.sessions, summary.completed, summary.skipped) == (3, 1, 1)
    assert summary.rated == 3  # a skipped session's ratings still count


def test_session_line_shows_a_skipped_outcome() -> None:
    ended = datetime(2024, 5, 1, 21, 14, 9, tzinfo=timezone(timedelta(hours=2)))
    skipped = SessionRecord("box", 8, 5, completed=False, duration_s=200.0, outcome="skipped")
    line = session_line(StoredSession(1, ended, skipped))
    assert "8 -> 5" in line and "skipped" in line
