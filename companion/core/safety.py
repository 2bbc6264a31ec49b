"""Crisis lines by country and the safety response. Every number the companion can say is here.

The table is dated: numbers change, and wrong crisis numbers were found in 9% of depression
apps (Martinengo et al. 2019). Check it against the official sources on or after `checked`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    """Where a person in crisis can turn, for one country or region."""

    region: str
    """Spoken name of the place, as in 'In the US'."""
    emergency_number: str
    """The emergency services number."""
    crisis_line: str | None
    """A crisis line's number, or None where the table has none (say only the emergency number)."""
    crisis_line_name: str | None
    """The crisis line's name, said with its number."""
    crisis_line_how: str
    """How to reach it: 'call or text', 'call'."""
    checked: str
    """ISO date on which the entry was last checked against its official source."""


CRISIS_LINES: dict[str, CrisisLine] = {
    "US": CrisisLine(
        "the US", "911", "988", "the 988 Suicide and Crisis Lifeline", "call or text", "2026-11-25"
    ),
    "GB": CrisisLine("the UK", "999", "116 123", "Samaritans", "call", "2026-11-25"),
    "IE": CrisisLine("Ireland", "112", "116 123", "Samaritans", "call", "2026-11-25"),
    "EU": CrisisLine("the European Union", "112", None, None, "call", "2026-11-25"),
}
"""Keyed by settings' `safety.country`; UK is accepted as an alias of GB."""

COUNTRY_ALIASES: dict[str, str] = {"UK": "GB"}


def crisis_line_for(
    country: str, crisis_line: str | None = None, emergency_number: str | None = None
) -> CrisisLine:
    """The table's entry for `country`, with the person's own numbers where they set them."""
    key = COUNTRY_ALIASES.get(country.upper(), country.upper())
    base = CRISIS_LINES[key]
    return CrisisLine(
        base.region,
        emergency_number or base.emergency_number,
        crisis_line or base.crisis_line,
        base.crisis_line_name if not crisis_line else "your crisis line",
        base.crisis_line_how,
        base.checked,
    )


def crisis_response(line: CrisisLine) -> list[str]:
    """The safety response, sentence by sentence, to be spoken slowly and printed.

    Acknowledge, state the limit, give the numbers twice, point to a trusted person, offer to
    stay, include hope (the content guide's safety rules). Never mentions methods.
    """
    if line.crisis_line:
        reach = (
            f"You can {line.crisis_line_how} {line.crisis_line_name} at {line.crisis_line}, "
            f"any time. If you might act on these feelings, call {line.emergency_number} now."
        )
        again = (
            f"Once more: {line.crisis_line_how} {line.crisis_line}, "
            f"or call {line.emergency_number} in an emergency."
        )
    else:
        reach = (
            f"Please call {line.emergency_number} now, or go to your nearest emergency department."
        )
        again = f"Once more: call {line.emergency_number}."
    return [
        "Thank you for telling me. It sounds like you are in a lot of pain right now.",
        "I'm a wellbeing tool, and I can't keep you safe on my own.",
        reach,
        "Please reach out to someone you trust, right now, and tell them how you are feeling.",
        again,
        "Feelings this heavy can ease, and people want to help you through this.",
        "If you like, I can stay with you and breathe slowly while you reach out. "
        "Just say: breathe with me.",
    ]
