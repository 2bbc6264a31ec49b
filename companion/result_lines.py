"""One printed line per reading, for `companion recognize` and `companion understand`: JSON or
words, the same fields either way."""

from __future__ import annotations

import json
from typing import TextIO

from companion.core.intents import NONE, Intent


def reading_result(text: str, intent: Intent, confidence: float) -> dict[str, object]:
    """The fields of one reading: intent None when it was not for us."""
    accepted = intent.name != NONE
    return {
        "text": text,
        "intent": intent.name if accepted else None,
        "slots": intent.slots,
        "confidence": round(confidence, 3),
    }


def print_result(out: TextIO, as_json: bool, result: dict[str, object], label: str = "") -> None:
    """One line: JSON, or `label: intent slots ('text', confidence c)`."""
    if as_json:
        print(json.dumps(result), file=out, flush=True)
        return
    lead = f"{label}: " if label else ""
    if "error" in result:
        print(f"{lead}error: {result['error']}", file=out, flush=True)
        return
    slots = " ".join(f"{k}={v}" for k, v in dict(result["slots"]).items())  # type: ignore[call-overload]
    print(
        f"{lead}{result['intent'] or '-'} {slots} ({result['text']!r}, "
        f"confidence {result['confidence']})",
        file=out,
        flush=True,
    )
