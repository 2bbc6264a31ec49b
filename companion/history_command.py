"""`companion history`: recent sessions and the average rating change per script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from companion.core.history import (
    ScriptSummary,
    StoredSession,
    session_line,
    summarize,
    summary_line,
)
from companion.errors import CompanionError
from companion.history_store import HistoryStore


def show_history(store_path: Path, out: TextIO, as_json: bool, limit: int) -> int:
    """Print the last `limit` sessions and, over all of them, the change per script; exit 0."""
    if limit < 1:
        raise CompanionError(f"--limit must be 1 or more, not {limit}")
    with HistoryStore(store_path) as store:
        recent = store.recent(limit)
        summaries = summarize(store.all_records())
    if as_json:
        print(json.dumps(history_json(recent, summaries), indent=2), file=out)
    else:
        print(history_text(recent, summaries), file=out)
    return 0


def history_text(recent: list[StoredSession], summaries: dict[str, ScriptSummary]) -> str:
    """The recent-sessions table and the per-script averages, or 'No sessions yet.'."""
    if not recent:
        return "No sessions yet."
    lines = ["Recent sessions (newest first):"]
    lines += [session_line(session) for session in recent]
    lines += ["", "Average change by script:", "(after minus before rating; lower is calmer)"]
    lines += [summary_line(summary) for summary in summaries.values()]
    return "\n".join(lines)


def history_json(
    recent: list[StoredSession], summaries: dict[str, ScriptSummary]
) -> dict[str, Any]:
    """{"sessions": [...newest first], "by_script": {id: {...}}} in plain JSON types."""
    return {
        "sessions": [_session_json(session) for session in recent],
        "by_script": {
            script_id: {
                "sessions": summary.sessions,
                "completed": summary.completed,
                "skipped": summary.skipped,
                "rated": summary.rated,
                "average_change": summary.average_change,
            }
            for script_id, summary in summaries.items()
        },
    }


def _session_json(session: StoredSession) -> dict[str, Any]:
    record = session.record
    return {
        "id": session.id,
        "ended_at": session.ended_at.isoformat(),
        "script_id": record.script_id,
        "before": record.before,
        "after": record.after,
        "completed": record.completed,
        "outcome": record.outcome,
        "duration_s": record.duration_s,
    }
