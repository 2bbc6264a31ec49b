"""Which words carry which meaning: the concepts the meaning reader (companion.core.meaning)
weighs when a sentence fits no template.

Each concept is a set of phrases in normalised spelling (companion.core.text.normalize). A
phrase ending in "*" matches any word that starts with it ("panick*": panicking, panicky).
Phrases are matched word by word, longest first, and a phrase inside a negation ("i'm not
anxious") counts as negated, not as said.
"""

from __future__ import annotations

CONCEPTS: dict[str, tuple[str, ...]] = {
    # --- asking for something ----------------------------------------------------------------
    "request": (
        "can we", "could we", "can you", "could you", "would you", "will you", "can i",
        "could i", "may i", "let's", "let us", "i want", "i wanna", "i need", "i'd like",
        "i would like", "i'd love", "i'd really like", "help me", "give me", "gimme",
        "take me", "walk me", "talk me", "guide me", "lead me", "show me", "teach me",
        "get me", "please", "how about", "what about", "time for", "i'm going to",
        "i'm gonna", "we should", "we could", "maybe we", "i should", "need to", "want to",
        "i have to", "i gotta", "i got to", "let me", "lemme", "i must", "bring me",
        "i'd rather", "i'd prefer", "i would love",
    ),
    # --- speaking of oneself ----------------------------------------------------------------
    "me": (
        "i'm", "i am", "i feel", "i felt", "i've", "i have", "i keep", "i can't", "i cannot",
        "i just", "i really", "i", "my heart", "my chest", "my mind", "my head",
        "my thoughts", "my body", "my hands", "my stomach", "my breathing", "my anxiety",
        "my brain", "my jaw", "my shoulders", "my throat", "my legs", "my heart's",
        "my chest's", "my head's", "my mind's", "my brain's", "can't", "cannot", "feeling",
        "feel", "feels", "everything",
    ),
    # --- exercises ----------------------------------------------------------------------------
    "breath": (
        "breathe", "breathing", "breath", "breaths", "breathwork", "breath work", "inhale",
        "inhales", "exhale", "exhales", "in breath", "out breath", "breathing exercise",
    ),
    "ground": (
        "ground me", "ground myself", "grounding", "grounded", "present moment",
        "back to the present", "back to my body", "back into my body", "anchor me",
        "anchor myself", "in the here and now", "here and now", "back to earth",
        "back down to earth", "feet on the floor", "my surroundings", "out of my head",
        "get present", "be present", "come back to the room",
    ),
    # --- distress in general: what a frightened person says ---------------------------------
    "panic": (
        "panic*", "panik", "anxiety attack", "freaking out", "freak out", "freaked out",
        "losing it", "losing my mind", "hyperventilat*",
    ),
    "body": (
        "can't breathe", "cannot breathe",
        "can't catch my breath", "can't get my breath", "hard to breathe", "short of breath",
        "shortness of breath", "struggling to breathe", "can't get air", "chest is tight",
        "chest feels tight", "tight chest", "chest is so tight", "chest tight",
        "heart is racing", "heart's racing", "heart racing", "heart is pounding",
        "heart's pounding", "heart pounding", "racing heart", "pounding heart", "heart going",
        "heart is going", "heart won't slow down", "miles an hour", "shaking", "trembling",
        "going to pass out", "gonna pass out", "feel faint", "feel like i'm dying",
        "heart attack", "choking", "can't swallow", "pins and needles", "sweating",
        "clenched", "lump in my throat", "tingling",
    ),
    "fear": (
        "scared", "scary", "afraid", "terrified", "frightened", "petrified", "fearful",
        "fear", "spooked", "dread", "dreading", "terror",
    ),
    "stress": (
        "stressed", "stress", "stressing", "stressful", "overwhelmed", "overwhelming",
        "overloaded", "swamped", "too much", "all too much", "under pressure", "burnt out",
        "burned out", "frazzled", "wound up", "wired", "on edge", "tense", "tension",
        "uptight", "drowning", "in knots", "knotted", "keyed up", "maxed out",
    ),
    "anxiety": (
        "anxious", "anxiety", "anxiousness", "nervous", "nerves", "worried", "worry",
        "worrying", "worries", "uneasy", "jittery", "restless", "agitated", "antsy", "edgy",
        "unsettled", "jumpy", "on edge", "can't settle",
    ),
    "rumination": (
        "overthink*", "spiral*", "racing thoughts", "mind is racing", "mind's racing",
        "mind racing", "thoughts are racing", "thoughts racing", "mind won't stop",
        "mind will not stop", "can't stop thinking", "can't turn my brain off",
        "can't switch off", "can't turn off my brain", "brain won't shut up",
        "brain won't stop", "ruminat*", "going round in circles", "going around in circles",
        "replaying", "stuck in my head", "thoughts won't stop", "can't stop my thoughts",
        "head is spinning", "head's spinning", "mind is spinning", "obsessing",
        "catastrophi*", "going over", "over and over", "again and again", "looping",
        "on a loop", "on repeat", "keep thinking", "keep going over", "can't stop replaying",
        "what ifs", "can't get it out of my head", "won't leave my head",
    ),
    "anger": (
        "angry", "furious", "rage", "raging", "livid", "fuming", "pissed", "pissed off",
        "seeing red", "boiling", "so mad", "really mad", "mad", "irritated", "annoyed",
        "want to scream", "wanna scream", "want to punch", "could scream", "snap at",
        "about to explode", "could explode", "so angry", "lose my temper", "losing my temper",
    ),
    "shutdown": (
        "numb", "frozen", "freezing up", "froze", "freeze", "shut down", "shutting down",
        "shutdown", "disconnected", "can't move", "zoned out", "zoning out", "dissociat*",
        "spaced out", "spacing out", "checked out", "empty inside", "hollow", "detached",
        "not in my body", "unreal", "foggy", "far away", "can't think", "can't think straight",
        "gone blank", "going blank", "went blank", "blank", "can't feel anything",
        "can't get up", "hit my limit", "can't deal", "can't cope", "not coping",
        "can't focus", "can't function",
    ),
    "upset": (
        "upset", "crying", "can't stop crying", "in tears", "sobbing", "falling apart",
        "a mess", "a wreck", "breaking down", "meltdown", "melting down", "on the verge",
        "heartbroken", "devastated", "distraught", "rattled", "shaken", "shook", "sad",
        "miserable", "hurting",
    ),
    "calm": (
        "calm down", "calm me", "calm me down", "calm myself", "calming", "calmer", "calm",
        "settle", "settle down", "settle me", "relax", "relaxed", "soothe", "soothing",
        "chill out", "chill", "unwind", "de stress", "destress", "decompress",
        "collect myself", "pull myself together", "get a grip", "come down", "bring me down",
        "steady myself", "get it together", "cool down", "cool off", "calm my nerves",
        "take the edge off", "feel better", "feel safe",
    ),
    # --- sleep --------------------------------------------------------------------------------
    "sleep": (
        "sleep", "asleep", "sleeping", "insomnia", "wide awake", "lying awake", "lie awake",
        "bedtime", "wind down", "nod off", "drift off", "doze off", "go to bed", "in bed",
        "nightmare", "nightmares", "sleepless", "can't sleep", "waking up", "woke up",
        "keep waking", "awake", "tired but wired",
    ),
    # --- the relationship ---------------------------------------------------------------------
    "partner": (
        "partner", "partner's", "boyfriend", "boyfriend's", "girlfriend", "girlfriend's",
        "husband", "husband's", "wife", "wife's", "bf", "gf", "spouse", "fiance", "fiancee",
        "ex", "date", "crush", "he", "she", "him", "her", "they", "them", "his", "their",
        "he's", "she's", "they're", "he'll", "she'll", "they'll", "he'd", "she'd", "hubby",
        "missus", "the person i'm seeing", "someone i'm seeing", "the guy i'm seeing",
        "the girl i'm seeing", "my person", "my love", "my man", "my guy", "my girl",
        "my lover", "babe", "best friend", "my friend", "my mate",
    ),
    "couple": (
        "we're", "we've", "we keep", "we were", "each other", "we had", "we just", "we always",
        "we never", "our relationship", "between us", "with each other", "we've been",
        "we are",
    ),
    "contact": (
        "text*", "txt*", "messag*", "reply", "replied", "replies", "replying", "respond*",
        "answer*", "call", "called", "calling", "calls", "ring", "phone",
        "read receipt*", "left on read", "on read", "seen", "online", "last seen", "dm", "dms",
        "snap", "instagram", "location", "whatsapp", "voicemail", "ghost*", "heard from",
        "hear from", "hear back", "heard back", "get back to me", "got back to me",
        "write back", "wrote back", "picking up", "pick up", "active",
    ),
    "silence": (
        "went quiet", "gone quiet", "go quiet", "radio silence", "left on read",
        "and now nothing", "still nothing", "nothing back", "no reply", "no answer",
        "no response", "no text", "no message", "no word", "not a word", "haven't heard",
        "hasn't been in touch", "ignoring me", "ignoring my", "ghosting me", "ghosted me",
        "won't answer", "not answering", "not replying", "not texting", "not picking up",
        "hasn't", "hasn't replied", "hasn't texted", "hasn't called", "hasn't messaged",
        "hasn't answered", "still hasn't", "won't text", "won't reply", "won't call",
        "didn't reply", "didn't text", "didn't call", "isn't answering", "isn't replying",
        "hours ago", "days ago", "since yesterday", "all day", "all night", "since saturday",
        "since this morning",
    ),
    "urge": (
        "want to text", "wanna text", "want to message", "want to call", "want to ring",
        "urge", "keep checking", "kept checking", "keep looking at", "check his", "check her",
        "check their", "checking his", "checking her", "checking their",
        "checking my phone", "checked his", "checked her", "checked their", "refresh*",
        "reassurance", "reassure", "need to know", "need to hear", "double text",
        "text again", "message again", "call again", "send another", "another message",
        "another text", "send him", "send her", "send them", "look at his", "look at her",
        "look at their", "stalk*", "still loves me", "still love me", "loves me",
        "ring him", "ring her", "call him", "call her", "text him", "text her",
        "message him", "message her", "waiting for him", "waiting for her",
        "waiting for them", "waiting by the phone",
    ),
    "leaving": (
        "leave me", "leaving me", "going to leave", "gonna leave", "break up", "breaking up",
        "dump me", "dumping me", "losing him", "losing her", "losing them", "lose him",
        "lose her", "lose them", "abandon*", "doesn't love me", "don't love me",
        "not love me", "stopped loving", "pulling away", "losing interest", "lost interest",
        "cheating", "someone else", "distant", "gone cold", "mad at me", "angry with me",
        "angry at me", "upset with me", "hates me", "doesn't care", "don't care about me",
        "done with me", "rejected", "rejection", "left me", "end things", "ending things",
        "going off me", "gone off me", "bored of me", "tired of me", "replace me",
    ),
    "fight": (
        "fight", "fighting", "fightng", "fought", "argu*", "row", "rowing", "yell*",
        "shout*", "scream*", "criticiz*", "criticis*", "nagging", "blaming", "blame me",
        "pushing me", "pushes me", "keeps pushing", "keep pushing", "pressur*", "cornered",
        "smother*", "suffocat*", "crowded", "trapped", "attacked", "heated", "flooded",
        "flooding", "clingy", "won't leave me alone", "in my face", "on my case",
        "going on and on", "lecturing", "interrogat*", "demanding", "needy",
        "breathing down my neck", "always around", "all the time", "every single",
        "twenty four seven", "won't give me", "won't stop", "following me",
        "keeps asking", "keep asking", "wants to talk", "wanting to talk", "want to talk",
        "raises her voice", "raises his voice", "raised voice", "raising her voice",
        "raising his voice", "this conversation", "the conversation",
        "this argument", "this discussion", "talk about us", "talk about our",
        "no room", "too close", "clinging",
    ),
    "space": (
        "space", "alone", "left alone", "leave me alone", "to myself", "by myself",
        "on my own", "time out", "timeout", "breather", "a minute", "a moment", "a sec",
        "a second", "some quiet", "peace and quiet", "step away", "step back", "walk away",
        "get away", "time alone", "some time", "leave the room", "get out of here",
        "get some air", "a break", "take a break", "time to myself", "me time", "retreat",
        "just me", "go somewhere", "minutes away", "away from", "get out of",
    ),
    # --- asking for help, without saying which -----------------------------------------------
    "vague_help": (
        "not okay", "not ok", "not alright", "not all right", "don't feel good",
        "don't feel well", "don't feel right", "feel off", "feel bad", "feel weird",
        "feel awful", "feel terrible", "feel horrible", "feel like crap", "feel like shit",
        "feel wrong", "not doing well", "not doing great", "not great", "not good",
        "not myself", "off today", "feel strange", "feel funny", "lousy", "i need something",
        "need something", "do something", "need you", "need a hand", "need some support",
        "some support", "support", "something's wrong", "something is wrong",
        "help me with something", "help with something", "help me out", "help me here",
        "don't know what i need", "don't know what to do", "what should i do", "struggling",
        "bad day", "rough day", "hard day", "rough time", "hard time", "been hard",
        "been rough", "been awful", "having a day", "feel low", "feeling low",
        "not in a good place", "could be better", "had better days",
    ),
    # --- other requests ------------------------------------------------------------------------
    "remind": (
        "remind*", "nudge me", "ping me", "alert me", "alarm", "notify me", "prompt me",
        "tell me when", "tell me to", "let me know when",
    ),
    "snooze": ("snooze", "snooze it", "later", "not now", "not yet", "in a bit", "another"),
    "cancel": (
        "never mind", "nevermind", "nvm", "never mind that", "cancel", "cancel that",
        "cancel it", "forget it", "forget that", "forget about it", "scratch that",
        "don't worry about it", "ignore that", "disregard", "forget i said", "undo",
        "changed my mind", "change of plan", "don't bother", "actually don't", "actually no",
    ),
    "quit": (
        "bye", "goodbye", "good bye", "bye bye", "close the app", "close app", "close this app",
        "close the program", "shut down the program", "shut down the app", "exit the app",
        "quit the app", "log off", "sign off", "turn yourself off", "switch yourself off",
        "quit", "exit", "see you later", "see ya", "talk later", "catch you later",
    ),
    "help": (
        "what can you do", "what do you do", "what you do", "how does this work",
        "how does it work", "how do you work", "how do i use", "what can i say",
        "what should i say", "what do i say", "what are my options", "explain",
        "understand what", "how does that work", "what's this", "what is this", "instructions",
        "what's the point of this exercise", "what is the point of this exercise",
        "what are you", "who are you",
    ),
}
"""Concept name -> the phrases that say it."""

IMPERATIVES = frozenset(
    {"start", "begin", "do", "try", "run", "play", "put", "give", "gimme", "walk", "talk",
     "guide", "lead", "take", "show", "teach", "help", "breathe", "ground", "calm", "get",
     "bring", "let's", "go", "time", "set", "make", "add", "schedule", "create", "close",
     "exit", "quit", "explain"}
)  # fmt: skip
"""Verbs that make a request when they open a clause ("do box breathing")."""
ADDRESSEES = frozenset(
    {"everyone", "everybody", "guys", "kids", "sweetheart", "sweetie", "darling", "honey",
     "mate", "buddy", "dude", "love", "boys", "girls", "lads", "folks"}
)  # fmt: skip
"""Words that say the sentence is spoken to someone in the room ("stop it, you two")."""
NEGATIONS = frozenset(
    {"not", "never", "no", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
     "nor", "without", "hardly", "barely", "ain't", "won't", "wouldn't", "shouldn't"}
)  # fmt: skip
"""Words that deny what follows them ("i'm not anxious", "no need to calm down")."""
NEGATION_SCOPE = 4
"""How many words after a negation it reaches, unless a clause ends first."""
SCOPE_ENDS = frozenset({"but", "just", "only", "and", "so", "because", "though", "although", "|"})
"""Words that end a negation's reach: "not anxious, just tired"."""

ASIDES = (
    "the movie", "the film", "the show", "the book", "the article", "that movie", "that film",
    "that show", "this show", "the news", "the video", "the podcast", "the episode",
    "the character", "the teacher", "the class", "the team", "the doctor", "the nurse",
    "apparently", "panic buying", "panic buy", "the smell", "smell of",
    "it's only a", "only a game", "it's just a game",
    "did you", "do you", "have you", "are you", "were you", "you should", "you need",
    "you want", "you look", "you seem", "you're", "you were", "you know what",
    "he said", "she said", "they said", "he says", "she says", "i read", "i saw", "i watched",
    "i heard that", "read an article", "a video", "an article", "on tv", "on the radio",
    "lol", "haha", "in the film", "in the movie", "in the book", "the diver", "the crowd",
    "the kids", "the dog", "the cat", "the baby", "you can't", "you have", "you guys",
    "you two", "you lot",
)  # fmt: skip
THIRD_PARTIES = frozenset(
    {"sister", "brother", "mum", "mom", "dad", "mother", "father", "friend", "boss", "son",
     "daughter", "kid", "kids", "colleague", "coworker", "flatmate", "roommate", "neighbour",
     "neighbor", "cousin", "aunt", "uncle", "gran", "grandma", "grandad", "grandpa",
     "therapist", "doctor", "teacher", "mate", "manager", "nephew", "niece", "baby", "dog",
     "cat", "team", "class", "yoga", "band", "landlord", "sister's", "brother's", "mum's",
     "mom's", "dad's", "friend's", "boss's", "mate's", "son's", "daughter's", "teacher's"}
)  # fmt: skip
"""After "my", people the sentence may be about instead of the speaker ("my sister has
anxiety"): a sentence that opens so, with no request and no first person after, is a mention."""
"""Phrases that say the sentence is about someone or something else, or said to someone else:
without a request, such a sentence is not for the companion."""


def lexicon_words() -> set[str]:
    """Every word of the concepts, stems without their "*"."""
    return {w.rstrip("*") for phrases in CONCEPTS.values() for p in phrases for w in p.split()}
