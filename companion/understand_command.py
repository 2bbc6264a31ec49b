"""`companion understand`: what the reader makes of sentences typed on standard input, one
line each - the same reader that hears typed requests and transcripts."""

from __future__ import annotations

from typing import TextIO

from companion.core.reader import Reader
from companion.result_lines import print_result, reading_result


def understand_lines(
    reader: Reader, lines: TextIO, out: TextIO, context: str, as_json: bool
) -> int:
    """Print one reading per non-empty line of `lines`, read in `context`; 0."""
    for line in lines:
        text = line.strip()
        if not text:
            continue
        reading = reader.read(text, context, fallback=False)
        print_result(out, as_json, reading_result(text, reading.intent, reading.confidence))
    return 0
