"""Normalising what people type or say, so that matching sees one spelling of each word.

`normalize` gives the spoken form the templates and the recogniser use ("let's", "i'm",
"nine thirty a.m."); `expand_contractions` spells contractions out, for crisis detection.
"""

from __future__ import annotations

import re

from companion.core.numbers import TEENS, TENS, UNITS, digits_to_words

_MISSING_APOSTROPHE = {
    "im": "i'm",
    "ive": "i've",
    "ill": "i'll",
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "thats": "that's",
    "whats": "what's",
    "theres": "there's",
    "theyd": "they'd",
    "youre": "you're",
    "oclock": "o'clock",
    "okey": "okay",
}
_CONTRACTIONS = {
    "i'm": "i am",
    "i've": "i have",
    "i'll": "i will",
    "i'd": "i would",
    "don't": "do not",
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "isn't": "is not",
    "it's": "it is",
    "let's": "let us",
    "what's": "what is",
    "that's": "that is",
    "there's": "there is",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "didn't": "did not",
    "doesn't": "does not",
    "you're": "you are",
    "we're": "we are",
    "they're": "they are",
    "they'd": "they would",
    "they'll": "they will",
    "wouldn't": "would not",
    "shouldn't": "should not",
    "couldn't": "could not",
    "ain't": "am not",
    "aren't": "are not",
    "everyone's": "everyone is",
}
_HOUR_WORDS = {*UNITS[1:], *TEENS[:3], "o'clock", *TENS[2:6], *TEENS[3:]}
_DIGIT_LETTER = re.compile(r"(\d)([a-z])")
_NOT_WORD = re.compile(r"[^a-z0-9'\s]+")


def normalize(text: str) -> str:
    """Lower case, digits in words, plain apostrophes, no punctuation, single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = digits_to_words(_DIGIT_LETTER.sub(r"\1 \2", text))
    text = _NOT_WORD.sub(" ", text)
    words = [_MISSING_APOSTROPHE.get(w, w) for w in (w.strip("'") for w in text.split()) if w]
    return " ".join(_dayparts(words))


def _dayparts(words: list[str]) -> list[str]:
    """ "nine a m" / "nine am" -> "nine a.m."; "nine p m" -> "nine pm" (the dictionary's words)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        after_hour = bool(out) and out[-1] in _HOUR_WORDS
        pair = words[i : i + 2]
        if after_hour and pair in (["a", "m"], ["p", "m"]):
            out.append("a.m." if pair[0] == "a" else "pm")
            i += 2
            continue
        out.append("a.m." if after_hour and words[i] == "am" else words[i])
        i += 1
    return out


def expand_contractions(normalized: str) -> str:
    """ "i'm" -> "i am", "don't" -> "do not": one spelling for patterns over meaning."""
    return " ".join(_CONTRACTIONS.get(w, w) for w in normalized.split())
