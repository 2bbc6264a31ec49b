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
    r"\bkill(?:ing)? my ?self\b",
    # "this traffic is killing me" is a figure of speech; wanting to be killed is not
    r"\b(?:want|wants|wanted|wish|please|just|someone|somebody|could|would|should|gonna|"
    r"going to|will|to|might as well) (?:to )?(?:just )?kill me\b",
    r"^(?:please |just |somebody |someone )*kill me(?: now| please| already)*$",
    r"\bkms\b",
    r"\bend(?:ing)? (?:my|this) (?:own )?life\b",
    r"\bend(?:ing)? it all\b|\bthinking (?:about|of) ending it\b",
    r"\btake my (?:own )?life\b",
    r"\bsuicid",
    r"\b(?:hurt|hurting|harm|harming|injure|injuring) " + _SELF + r"\b",
    # "cut me off" in traffic is not self-harm
    r"\bcut(?:ting)? (?:my ?self|me(?! off| out| short| up| down| in| some| a\b| slack))\b",
    r"\bself ?harm",
    # indirect: no reason to go on, a burden, wanting to vanish for good
    r"\bno (?:point|reason|use) (?:in |to )?(?:going on|go on|living|live|being alive|"
    r"carrying on|carry on|keep going|keeping going|keep living|being here|be here|anymore|"
    r"any more|stay(?:ing)? alive|wake up|waking up)\b",
    r"\b(?:can not|do not|never|not) (?:see|find) (?:a|any) way out\b|\bno way out\b",
    r"\bgiv(?:e|ing|en) (?:away )?(?:all )?(?:of )?my (?:stuff|things|belongings|possessions|"
    r"pets?|savings)(?: away)\b|\bgiv(?:e|ing|en) away (?:all )?(?:of )?my (?:stuff|things|"
    r"belongings|possessions|pets?|savings)\b",
    r"\b(?:think|thinking|thought|thoughts) (?:about|of) (?:not being (?:alive|here|around)|"
    r"not existing|no longer being (?:here|alive|around)|being dead|my (?:own )?death)\b",
    r"\b(?:if|whether) (?:it is|life is|living is|i am|any of this is) (?:even |really )?"
    r"worth (?:carrying on|going on|living|staying alive|being alive|it any ?more)\b",
    r"\b(?:want|wanna|going|need) to dye\b(?! (?:my|it|the|her|his|a|this|that|them|your))",
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
    # more indirect ways: the point of living, being gone, wanting it over, not trusting oneself
    r"\b(?:see|the|any) point (?:in |of )?(?:going on|living|life|being alive|being here|"
    r"carrying on|trying any ?more|anything)\b",
    r"\bbetter off (?:if|when|after|once) i (?:am|was|were|had|die|died|disappear|left)\b",
    r"\bbetter off with(?:out)? me (?:gone|dead|not here|not around)\b",
    r"\b(?:if|when|after|once) i (?:am|was|were|had) (?:gone|dead|not here|not around|"
    r"no longer (?:here|around|alive)|never born)\b",
    r"\bif i (?:died|disappeared|(?:was|were)(?: not|n't) (?:here|around|alive))\b",
    r"\bwish i (?:was|were)(?: not|n't) (?:here|alive|around)\b",
    r"\b(?:better|happier|easier) (?:off )?without me\b",
    r"\b(?:and|to|just) (?:not|never) wake up\b|\bleave this (?:world|earth|life)\b",
    r"\b(?:feel like|want to|ready to|about to|going to) (?:just )?giv(?:e|ing) up"
    r"(?: completely| on everything| on it all)?(?: now| tonight| today)?$",
    r"\bnothing left (?:for me|to live for)\b",
    r"\bwhat is the point (?:any ?more|of (?:it all|anything|me|my life|even trying|going on))",
    r"\b(?:can not|could not) (?:take|stand|bear|handle) (?:it|this|the pain|this pain|life) "
    r"any ?more\b",
    r"\b(?:nobody|no one|no-one|no body|noone) (?:would|will|is going to) (?:even )?"
    r"(?:miss me|notice|care)\b",
    r"\bif i (?:live|lived) or (?:die|died)\b",
    r"\b(?:want|wish|need) (?:it|this|everything|it all|all of (?:it|this)|my life|the pain)"
    r"(?: all)? (?:to|would) (?:be over|end|stop)\b",
    r"\b(?:want|wish|wanted) (?:to be|i was|i were|i could be) (?:gone|dead|not here|not alive|"
    r"not around|never born)\b",
    r"\bwish i(?: had| would)? (?:was |were |had )?never (?:been born|existed|woken up)\b",
    r"\bwish i (?:could |would )?(?:just )?(?:disappear|die|vanish|not exist|stop existing|"
    r"sleep forever|not wake up|go to sleep forever)\b|\bfeel like disappearing\b",
    r"\b(?:want|wanted|need) to (?:just )?(?:disappear|vanish|not exist|stop existing|"
    r"sleep forever|go to sleep forever|not be here any ?more|be gone)\b",
    r"\bdo something (?:to (?:my ?self|me)|stupid|drastic)\b",
    r"\b(?:feel like|thinking (?:about|of)|thoughts (?:about|of)|want to|need to|going to|"
    r"ready to|plan(?:ning)? to|about to|might|could|should) (?:just )?end(?:ing)? "
    r"(?:it|everything)(?! with| between| for)\b",
    # "end things" is a break-up when someone else does it
    r"\bi (?:am |will |would )?(?:feel like|thinking (?:about|of)|want to|need to|going to|"
    r"ready to|plan(?:ning)? to|about to|might|could|should) (?:just )?end(?:ing)? things"
    r"(?! with| between| for)\b",
    r"\bkeep (?:my ?self|me) safe\b|\bstay safe (?:tonight|right now|any ?more)\b",
    r"\b(?:can not|could not|do not know how to|not able to|unable to) stay safe\b",
    r"\bdo not trust my ?self\b",
    r"\b(?:tired|sick|done) (?:of|with) (?:living|life|being alive|existing|it all)\b",
    r"\b(?:hate|hating) (?:my life|being alive|living|existing)\b",
    r"\b(?:my )?life is (?:pointless|meaningless|over|not worth it)\b",
    r"\bno way out\b|\b(?:feel|feeling|am|everything is|it is all) (?:so |completely |totally )?"
    r"hopeless\b(?! at| with| when| about)",  # "hopeless at cooking" is not despair
    r"\b(?:should|deserve to) (?:just )?(?:die|be dead|not be alive|not exist|not be here)\b",
    r"\b(?:will not|would not|am not going to|not going to) be (?:here|around|alive) "
    r"(?:much longer|any ?more|tomorrow|for long|next week)\b",
    r"\bthis is (?:my )?goodbye\b|\bsay(?:ing)? goodbye (?:to everyone|for good|forever)\b",
    r"\b(?:i am|feel like) (?:just )?(?:a|such a|nothing but a) burden\b",
    r"\b(?:can not|could not) live without (?:him|her|them|you)\b",
    r"\bnot (?:be|being) (?:here|around|alive) (?:tomorrow|much longer|any ?more|next week)\b",
    r"\b(?:everything|it all|it is all) (?:is )?(?:pointless|meaningless)\b",
    r"\b(?:would|had) rather (?:be dead|die|not (?:be alive|exist|wake up|be here))\b",
    r"\bgo away (?:forever|for good)\b|\bgoodbye (?:forever|for good)\b",
    r"\b(?:have|got|there is) nothing left\b",
    r"\b(?:can not|could not) (?:do this|take it|take this|cope|go on|carry on|keep going) "
    r"(?:any ?more|like this)\b",
    r"\b(?:thoughts|think|thinking) (?:about|of) (?:death|dying|not being here|not existing|"
    r"not waking up)\b",
    r"\b(?:do not|never) want to (?:be around|carry on|continue|keep living|keep going|"
    r"live any ?more|exist any ?more|be here any ?more)\b",
    r"\b(?:can not|could not) (?:carry on|live with this|take this|do it any ?more|cope any ?more|"
    r"keep living|bear (?:it|this|living))\b",
    r"\bgive up on (?:everything|it all)\b|\bgiving up on (?:life|living|everything)\b",
    # asking for urgent help
    r"\b(?:i )?need (?:help|someone|somebody) (?:right )?now\b",
    r"^(?:please )?(?:i )?need (?:some )?help(?: please)?$",
    r"\bhelp me (?:right )?now\b",
    r"\bthis is an emergency\b|\bemergency\b",
    r"\bnot safe\b|\bfeel(?:ing)? unsafe\b",
    r"^(?:please )?(?:somebody|someone|anybody|anyone) (?:please )?help(?: me)?(?: please)?$",
    r"\b(?:i am|i feel) in (?:a )?crisis\b",
]
_CRISIS = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


def is_crisis(normalized_text: str) -> bool:
    """True when normalised text (companion.core.text.normalize) holds crisis language."""
    return _CRISIS.search(expand_contractions(normalized_text)) is not None
