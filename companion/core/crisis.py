"""Recognising crisis language in text, direct and indirect. Built to favour recall.

A false alarm costs a gentle message; a miss can cost a life (content guide, Safety). The
patterns run on normalised text with contractions spelled out, and may match anywhere in it.
"""

from __future__ import annotations

import re

from companion.core.text import expand_contractions

_SELF = r"(?:my ?self|me)"
_PATTERNS = [
    # direct: wishing to die or to end one's life
    r"\b(?:want|wants|wanted|going|ready|trying|planning|plan|need|wish|like|about) "
    r"to (?:die|be dead)\b",
    r"\bwish (?:i|i was|i were) (?:was |were )?dead\b",
    r"\bbetter off dead\b|\bfeel like dying\b",
    r"\bkill(?:ing)? (?:my ?self|me)\b",
    r"\bkms\b",
    r"\bend (?:my|this) (?:own )?life\b",
    r"\bend(?:ing)? it all\b|\bthinking (?:about|of) ending it\b",
    r"\btake my (?:own )?life\b",
    r"\bsuicid",
    r"\b(?:hurt|hurting|harm|harming|cut|cutting|injure|injuring) " + _SELF + r"\b",
    r"\bself ?harm",
    # indirect: no reason to go on, a burden, wanting to vanish for good
    r"\bno (?:point|reason|use) (?:in )?(?:going on|living|to live|being alive|carrying on|"
    r"being here|anymore|any more)\b",
    r"\b(?:not|nothing) worth living\b|\bnothing (?:left )?to live for\b",
    r"\blife (?:is not|is no longer|isn't) worth\b",
    r"\bbetter off without me\b",
    r"\b(?:a |such a )?burden (?:to|on) (?:everyone|everybody|them|you|my family)\b",
    r"\bdo not want to (?:live|be alive|be here|exist|wake up|go on)\b",
    r"\b(?:can not|could not) (?:go on|keep going|take it any ?more|do this any ?more|"
    r"live like this)\b",
    r"\bdisappear (?:forever|for good)\b",
    r"\bnever wake up\b",
    r"\bgive up on (?:life|living)\b",
    r"\boverdose\b",
    # asking for urgent help
    r"\b(?:i )?need (?:help|someone|somebody) (?:right )?now\b",
    r"^(?:please )?(?:i )?need (?:some )?help(?: please)?$",
    r"\bhelp me (?:right )?now\b",
    r"\bthis is an emergency\b|\bemergency\b",
    r"\bnot safe\b|\bfeel(?:ing)? unsafe\b",
]
_CRISIS = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


def is_crisis(normalized_text: str) -> bool:
    """True when normalised text (companion.core.text.normalize) holds crisis language."""
    return _CRISIS.search(expand_contractions(normalized_text)) is not None
