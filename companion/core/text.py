"""Normalising what people type or say, so that matching sees one spelling of each word.

`normalize` gives the spoken form the templates and the recogniser use ("let's", "i'm",
"nine thirty a.m."); `expand_contractions` spells contractions out, for crisis detection.
"""

from __future__ import annotations

import re

from companion.core.numbers import TEENS, TENS, UNITS, digits_to_words

_MISSING_APOSTROPHE = {
    "im": "i'm",
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
    "hasnt": "hasn't",
    "havent": "haven't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "arent": "aren't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "shouldnt": "shouldn't",
    "hes": "he's",
    "shes": "she's",
    "theyre": "they're",
    "theyve": "they've",
    "youve": "you've",
    "weve": "we've",
    "itll": "it'll",
    "thatll": "that'll",
    "lets": "let's",
    "its": "it's",
    "id": "i'd",
    "ive": "i've",
    "u": "you",
    "rn": "right now",
    "nought": "zero",
    "dunno": "don't know",
    "idk": "i don't know",
    "paws": "pause",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
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
    "haven't": "have not",
    "hasn't": "has not",
    "hadn't": "had not",
    "wasn't": "was not",
    "weren't": "were not",
    "mustn't": "must not",
    "needn't": "need not",
    "you'll": "you will",
    "we'll": "we will",
    "he'll": "he will",
    "she'll": "she will",
    "it'll": "it will",
    "that'll": "that will",
    "you've": "you have",
    "we've": "we have",
    "they've": "they have",
    "he's": "he is",
    "tonight's": "tonight is",
    "today's": "today is",
    "she's": "she is",
}
_AT_START = {"ill": "i'll", "were": "we're"}
_CLAUSE_STARTS = frozenset({"and", "so", "then", "but", "okay", "ok", "or", "maybe"})
_TEXT_WORDS = {
    "2moro": "tomorrow", "2morrow": "tomorrow", "2day": "today", "2nite": "tonight",
    "2night": "tonight", "4ever": "forever", "b4": "before", "l8r": "later", "gr8": "great",
    "no1": "no one", "some1": "someone", "any1": "anyone", "every1": "everyone",
}  # fmt: skip
_TEXT_SPEAK = re.compile(r"\b(?:" + "|".join(_TEXT_WORDS) + r")\b")
_LEET_LETTERS = {"1": "i", "3": "e", "0": "o", "4": "a", "5": "s", "7": "t", "@": "a"}
_LEET = re.compile(r"(?<=[a-z])[13047@5](?=[a-z])")
"""A digit typed for a letter inside a word ("su1cidal", "d1e")."""
_DIALECT = {
    "ah'm": "i'm", "ah've": "i've", "ah'll": "i'll", "ah'd": "i'd", "masel": "myself",
    "mysel": "myself", "dae": "do", "tae": "to", "wi": "with", "aboot": "about", "gie": "give",
    "mair": "more", "naw": "no", "didnae": "didn't", "cannae": "can't", "canna": "can't",
    "wisnae": "wasn't", "havenae": "haven't", "isnae": "isn't", "dinnae": "don't",
    "widnae": "wouldn't", "couldnae": "couldn't", "wouldnae": "wouldn't", "feart": "scared",
    "haud": "hold", "ye": "you", "yer": "your", "abeg": "please", "naebody": "nobody",
    "nae": "no", "o'": "of", "nowt": "nothing", "owt": "anything", "summat": "something",
    "ain't": "am not", "gonna": "gonna", "nobody'd": "nobody would", "no one'd": "no one would",
    "waan": "want", "likkle": "little", "miself": "myself", "dey": "is", "nuh": "not",
    "di": "the", "vexed": "vexed", "brake": "break", "fiting": "fighting", "wen": "when",
}  # fmt: skip
_NO_NOUNS = frozenset({"point", "use", "good", "one", "fun", "help", "idea", "longer", "more"})
"""After "i'm no", words that keep "no" ("i'm no good" is no "i'm not good")."""
_OWNED = frozenset(
    {"mate", "mum", "mam", "dad", "own", "brother", "sister", "nan", "gran", "husband", "wife",
     "fella", "bloke", "missus", "kids", "car", "head", "heart", "chest", "bird", "lad",
     "partner", "boyfriend", "girlfriend", "phone", "van"}
)  # fmt: skip
_GIVING = frozenset({"give", "gie", "check", "with", "on", "do", "tell", "show", "help"})
_AFTER_I = frozenset(
    {"just", "want", "need", "can't", "cannae", "don't", "dinnae", "think", "feel", "am", "was",
     "wish", "keep", "have", "had", "tired", "waan", "nuh", "not", "no", "cyaan", "cannot"}
)  # fmt: skip
_BEFORE_TOO = frozenset(
    {"", "way", "bit", "it's", "is", "that's", "much", "far", "little", "going", "counting",
     "talking", "you're", "you", "it", "a", "this", "that"}
)  # fmt: skip
_PACE_WORDS = frozenset({"fast", "slow", "quick", "quickly", "slowly", "long", "much"})
_ABOUT = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+)(?:-| )?ish\b")
_UNIT_WORDS = {
    "min": "minute",
    "mins": "minutes",
    "minute": "minute",
    "m": "minutes",
    "h": "hours",
    "hr": "hour",
    "hrs": "hours",
    "secs": "seconds",
    "s": "seconds",
}
_ALWAYS_UNITS = frozenset({"mins", "hrs", "secs"})
_NUMBER_WORDS = frozenset({*UNITS, *TEENS, *TENS[2:], "half", "couple", "hundred"})
_HOUR_WORDS = {*UNITS[1:], *TEENS[:3], "o'clock", *TENS[2:6], *TEENS[3:]}
_DIGIT_LETTER = re.compile(r"(\d)([a-z])")
_NOT_WORD = re.compile(r"[^a-z0-9'\s]+")


def normalize(text: str) -> str:
    """Lower case, digits in words, plain apostrophes, no punctuation, single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = _TEXT_SPEAK.sub(lambda m: _TEXT_WORDS[m.group()], text)
    text = _LEET.sub(lambda m: _LEET_LETTERS[m.group()], text)
    text = _ABOUT.sub(r"\1", text)  # "fiveish" is about five
    text = digits_to_words(_DIGIT_LETTER.sub(r"\1 \2", text))
    text = _NOT_WORD.sub(" ", text)
    words = [_MISSING_APOSTROPHE.get(w, w) for w in (w.strip("'") for w in text.split()) if w]
    return " ".join(_dayparts(_units(_ill(_dialect(_joined_words(words))))))


def _joined_words(words: list[str]) -> list[str]:
    """ "w o" (typed w/o) is "without", "tense n release" is "tense and release", "too
    o'clock" is "two o'clock"."""
    out: list[str] = []
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if word == "o" and out and out[-1] == "w":
            out[-1] = "without"
        elif word == "n" and out and after:
            out.append("and")
        elif word == "too" and after == "o'clock":
            out.append("two")
        else:
            out.append(word)
    return out


def _dialect(words: list[str]) -> list[str]:
    """Scots and Northern English spellings as the templates spell them ("ah'm no right" ->
    "i'm not right", "gie us a minute" -> "give me a minute", "me mate" -> "my mate")."""
    out: list[str] = []
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        before = out[-1] if out else ""
        if word == "me" and after in _OWNED:
            out.append("my")
        elif word == "us" and before in _GIVING:
            out.append("me")
        elif word == "no" and before == "i'm" and after not in _NO_NOUNS:
            out.append("not")
        elif word in ("ah", "mi") and after in _AFTER_I:
            out.append("i")
        elif word == "mi":
            out.append("my")  # "mi nerves bad", "mi call"
        elif word == "am" and before in ("forget", "leave", "do", "stop"):
            out.append("it")  # "forget am"
        elif word == "fi" and after in ("me", "myself", "miself", "you"):
            out.append("for")
        elif word == "no" and after in ("fit", "feel", "want", "go"):
            out.extend(["can't"] if after == "fit" else ["don't"])
        elif word == "fit" and before == "no":
            continue  # "i no fit sleep": i can't sleep
        elif (word == "two" or (word == "to" and before in _BEFORE_TOO)) and after in _PACE_WORDS:
            out.append("too")  # "two slow", "to fast"
        elif word in ("too", "to") and after in ("minutes", "minute", "hours", "mins"):
            out.append("two")
        elif word == "come" and after in ("me", "down") and before in ("", "please", "help", "can"):
            out.append("calm")  # "come me down": a recogniser's "calm"
        elif word == "a" and before == "tired" and after == "life":
            out.append("of")
        else:
            out.extend(_DIALECT.get(word, word).split())
    return out


def _units(words: list[str]) -> list[str]:
    """Short units spelled out ("two mins", "2h" -> "two minutes", "two hours"): the
    templates and the recogniser know the words."""
    out: list[str] = []
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        counted = before in _NUMBER_WORDS or (before in ("a", "an", "few") and len(word) > 1)
        spelled = _UNIT_WORDS.get(word) if counted or word in _ALWAYS_UNITS else None
        out.append(spelled or word)
    return out


def _ill(words: list[str]) -> list[str]:
    """ "ill" typed for "i'll" and "were" for "we're" where a sentence starts ("ill be back",
    "were fighting"), not in "i feel ill" or "we were"."""
    return [
        _AT_START.get(w, w) if i == 0 or words[i - 1] in _CLAUSE_STARTS else w
        for i, w in enumerate(words)
    ]


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
