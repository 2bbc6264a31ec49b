"""Normalising what people type or say, so that matching sees one spelling of each word."""

from __future__ import annotations

import re

_CONTRACTIONS = {
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "i'll": "i will",
    "i'd": "i would",
    "don't": "do not",
    "dont": "do not",
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "isn't": "is not",
    "it's": "it is",
    "let's": "let us",
    "lets": "let us",
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
    "wouldn't": "would not",
    "shouldn't": "should not",
    "couldn't": "could not",
    "ain't": "am not",
    "aren't": "are not",
}
_PUNCTUATION = re.compile(r"[^\w\s']+")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower case, plain apostrophes, contractions spelled out, punctuation gone, single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = _PUNCTUATION.sub(" ", text)
    words = [_CONTRACTIONS.get(word, word) for word in text.split()]
    return _SPACES.sub(" ", " ".join(w.strip("'") for w in words)).strip()
