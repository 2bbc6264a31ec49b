"""Recognising crisis language in text, direct and indirect. Built to favour recall.

A false alarm costs a gentle message; a miss can cost a life (content guide, Safety). The
text is first repaired where speech recognisers and fast typing garble crisis words ("kill
mice elf", "i wnat to die", "unalive", "kms"), contractions are spelled out, and the patterns
below may match anywhere in it.

Three things keep ordinary sentences out, each narrow so that recall does not suffer:

- a negation just before a statement that can be denied ("I'm not suicidal, just tired",
  "I'd never hurt myself"); statements that hold their own negation ("I don't want to live")
  cannot be denied this way;
- talk of suicide or self-harm as a topic, with nobody in it who is the speaker now ("the
  suicide prevention charity run", "my brother attempted suicide years ago");
- figures of speech ("I'd rather die than wear that", "my mum will kill me if I'm late").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from companion.core.text import expand_contractions

_SELF = r"(?:my ?self|me)"
_I = r"(?:i|i am|i have|i will|i would|i really|i just|i honestly|i kind of|i sort of|i do)"


@dataclass(frozen=True)
class Pattern:
    """One way crisis language is said."""

    regex: re.Pattern[str]
    """Matches normalised text with contractions spelled out."""
    deniable: bool = False
    """A negation just before it ("not", "never") takes it back: "I'm not suicidal"."""
    topic: bool = False
    """It names a subject (suicide, self-harm) that may be talked about, not lived."""
    subjective: bool = False
    """Its subject is left out, so a third person just before it makes it someone else's
    ("she doesn't want to live", "his life is over")."""
    absence: bool = False
    """It says the speaker will be gone, which an ordinary reason may explain ("I won't be here
    tomorrow, I'm at my sister's")."""


def _p(
    regex: str,
    deniable: bool = False,
    topic: bool = False,
    subjective: bool = False,
    absence: bool = False,
) -> Pattern:
    return Pattern(re.compile(regex), deniable, topic, subjective, absence)


PATTERNS = [
    # --- direct: wishing to die or to end one's life ---------------------------------------
    _p(r"\b(?:want|wanted|going|ready|trying|planning|plan|need|wish|like|about|decided|"
       r"desperate|tempted) to (?:die|be dead)\b", deniable=True, subjective=True),
    _p(r"\b(?:want|wanna|going to|ready) to dye\b(?! (?:my|it|the|her|his|a|this|that|them|your))"),
    _p(r"\bwish (?:i|i was|i were) (?:was |were )?dead\b"),
    _p(r"\bbetter off dead\b|\bfeel like dying\b", deniable=True),
    _p(r"\bkill(?:ing|ed)? my ?self\b", deniable=True),
    # "this traffic is killing me" is a figure of speech; wanting to be killed is not
    _p(r"\b(?:want|wants|wanted|wish|please|just|someone|somebody|could|should|to|might as "
       r"well) (?:to )?(?:just )?kill me\b", deniable=True),
    _p(r"^(?:please |just |somebody |someone )*kill me(?: now| please| already)*$"),
    _p(r"\bend(?:ing|ed)? (?:my|this) (?:own )?life\b", deniable=True),
    _p(r"\bend(?:ing)? it all\b|\bthinking (?:about|of) ending it\b", deniable=True),
    _p(r"\btak(?:e|ing) my (?:own )?life\b|\btake my own\b", deniable=True),
    _p(r"\bsuicid", deniable=True, topic=True),
    _p(r"\b(?:hurt|hurting|harm|harming|harmed|injure|injuring|punish|punishing) " + _SELF +
       r"\b(?! (?:playing|at the|while|on the|in the|doing|running|lifting|cooking|falling|at "
       r"work|at football|at the gym|training))", deniable=True),
    # "cut me off" in traffic is not self-harm
    _p(r"\bcut(?:ting)? (?:my ?self|me(?! off| out| short| up| down| in| some| a\b| slack))\b",
       deniable=True),
    _p(r"\bself ?harm", deniable=True, topic=True),
    _p(r"\b(?:hurt|hurting|harm|harming) my (?:body|arms?|legs?|skin)\b", deniable=True),
    _p(r"\bdeserve to (?:be hurt|suffer|be punished|feel pain|be in pain)\b"),
    _p(r"\boverdose\b", deniable=True, topic=True),
    # --- indirect: no reason to go on, a burden, wanting to vanish for good ----------------
    _p(r"\bno (?:point|reason|use) (?:for me )?(?:in |to )?(?:going on|go on|living|live|being "
       r"alive|be alive|carrying on|carry on|keep going|keeping going|keep living|being here|"
       r"be here|anymore|any more|stay(?:ing)? alive|wake up|waking up|trying any ?more|"
       r"exist|existing)\b"),
    _p(r"\b(?:can not|do not|never|not) (?:see|find) (?:a|any) way out\b|\bno way out\b|"
       r"\bonly one way out\b"),
    _p(r"\bgiv(?:e|ing|en) (?:away )?(?:all )?(?:of )?my (?:stuff|things|belongings|possessions|"
       r"pets?|savings|cat|dog)(?: away| to)\b|\bgiv(?:e|ing|en) away (?:all )?(?:of )?my "
       r"(?:stuff|things|belongings|possessions|pets?|savings)\b"),
    _p(r"\b(?:think|thinking|thought|thoughts) (?:about|of) (?:not being (?:alive|here|around)|"
       r"not existing|no longer being (?:here|alive|around)|being dead|my (?:own )?death|not "
       r"wanting to be (?:here|alive))\b", deniable=True),
    _p(r"\b(?:if|whether) (?:it is|life is|living is|i am|any of this is) (?:even |really )?"
       r"worth (?:carrying on|going on|living|staying alive|being alive|it any ?more)\b"),
    _p(r"\b(?:not|nothing) worth living\b|\bnothing (?:left )?to live for\b"),
    _p(r"\blife (?:is not|is no longer|isn't) worth\b"),
    _p(r"\bbetter off without me\b|\b(?:fine|okay|ok|happier|better|easier) without me\b"),
    _p(r"\b(?:a )?better place without me\b"),
    _p(r"\b(?:a |such a )?burden (?:to|on) (?:everyone|everybody|them|you|my family|people)\b"),
    _p(r"\bdo not want to (?:live(?! forever)|be alive|be here|exist|wake up|go on|"
       r"be in this world|be "
       r"around|be on this earth)\b", subjective=True),
    # "I can't go on holiday" is not despair: going on, with nothing after it, is
    _p(r"\b(?:can not|could not) (?:go on|keep going|carry on)(?: like this| any ?more| living|"
       r" without| with (?:life|this)|$)|\b(?:can not|could not) (?:take it any ?more|do this any "
       r"?more|live like this)\b"),
    _p(r"\bdisappear (?:forever|for good)\b", deniable=True, subjective=True),
    _p(r"\bnever wake up\b|\bnot (?:to )?wake up\b"),
    _p(r"\bgive up on (?:life|living)\b"),
    _p(r"\b(?:see|the|any) point (?:in |of )?(?:going on|living|life|being alive|being here|"
       r"carrying on|trying any ?more|anything|waking up|getting up|it all|any of it|any ?more"
       r"$|any ?more \w+$)"),
    _p(r"\bbetter off (?:if|when|after|once) i (?:am|was|were|had|die|died|disappear|left)\b"),
    _p(r"\bbetter off with(?:out)? me (?:gone|dead|not here|not around)\b"),
    _p(r"\b(?:if|when|after|once) i (?:am|was|were|had) (?:gone|dead|not here|not around|"
       r"no longer (?:here|around|alive)|never born)\b"),
    _p(r"\bif i (?:died|disappeared|(?:was|were)(?: not|n't) (?:here|around|alive)|killed my ?self|"
       r"ended (?:my life|it)|did not wake up|was gone|went)\b"),
    _p(r"\bwish i (?:was|were)(?: not|n't) (?:here|alive|around)\b"),
    _p(r"\b(?:better|happier|easier) (?:off )?without me\b"),
    _p(r"\b(?:and|to|just) (?:not|never) wake up\b|\bleave this (?:world|earth|life)\b"),
    _p(r"\b(?:feel like|want to|ready to|about to|going to) (?:just )?giv(?:e|ing) up"
       r"(?: completely| on everything| on it all)?(?: now| tonight| today)?$"),
    _p(r"\bnothing left (?:for me|to live for)\b"),
    _p(r"\bwhat is the point (?:any ?more|of (?:it all|anything|me|my life|even trying|going on|"
       r"waking up|getting up|living|being alive))"),
    _p(r"\b(?:can not|could not) (?:take|stand|bear|handle) (?:it|this|the pain|this pain|life) "
       r"any ?more\b"),
    _p(r"\b(?:nobody|no one|no-one|no body|noone) (?:would|will|is going to) (?:even )?"
       r"(?:miss me|notice|care)\b(?! if i (?:skipped|missed|left|did not|stayed|went))"),
    _p(r"\bif i (?:live|lived) or (?:die|died)\b"),
    _p(r"\b(?:want|wish|need) (?:it|this|everything|it all|all of (?:it|this)|my life|the pain)"
       r"(?! (?:\w+ )?(?:to )?stop for a| (?:\w+ )?(?:to )?stop so)"
       r"(?: all)? (?:to|would) (?:be over|end|stop)\b"),
    _p(r"\b(?:want|wish|wanted) (?:to be|i was|i were|i could be) (?:gone|dead|not here|not "
       r"alive|not around|never born)\b", deniable=True),
    _p(r"\bwish i(?: had| would)? (?:was |were |had )?never (?:been born|existed|woken up)\b"),
    _p(r"\bwish i (?:could |would )?(?:just )?(?:disappear|die|vanish|not exist|stop existing|"
       r"sleep forever|not wake up|go to sleep forever)\b|\bfeel like disappearing\b"),
    _p(r"\b(?:want|wanted|need) to (?:just )?(?:disappear(?! to| on| for a| into| off| "
       r"somewhere| abroad| for the| for some)|vanish|not exist|stop existing|"
       r"sleep forever|go to sleep forever|not be here any ?more|be gone|stop living|"
       r"stop being alive)\b", deniable=True),
    _p(r"\b(?:easier|better) to (?:just )?(?:not exist|not be here|not be alive|be dead|die|"
       r"disappear)\b"),
    _p(r"\bdo something (?:to (?:my ?self|me)|stupid|drastic|silly)\b", deniable=True),
    _p(r"\b(?:feel like|thinking (?:about|of)|thoughts (?:about|of)|want to|need to|going to|"
       r"ready to|plan(?:ning)? to|about to|might|could|should|decided to|will|time to) "
       r"(?:just )?end(?:ing)? (?:it|everything)(?! with| between| for| now\b(?! for good))\b",
       deniable=True),
    # "end things" is a break-up when someone else does it
    _p(r"\bi (?:am |will |would )?(?:feel like|thinking (?:about|of)|want to|need to|going to|"
       r"ready to|plan(?:ning)? to|about to|might|could|should) (?:just )?end(?:ing)? things"
       r"(?! with| between| for)\b", deniable=True),
    _p(r"\b(?:tonight|today|this) is the night\b|\bnight i end\b|\bmy last (?:night|day)"
       r"(?: alive| on earth)?\b"),
    _p(r"\bkeep (?:my ?self|me) safe\b|\bstay safe (?:tonight|right now|any ?more)\b"),
    _p(r"\b(?:can not|could not|do not know how to|not able to|unable to) stay safe\b"),
    _p(r"\bdo not trust my ?self\b|\b(?:can not|could not) trust my ?self\b"),
    _p(r"\b(?:do not|can not) feel safe (?:with|around|by) my ?self\b|\bnot safe (?:with|around) "
       r"my ?self\b"),
    _p(r"\b(?:scared|afraid|frightened|terrified) (?:of )?(?:what i (?:might|will|could) do|"
       r"my ?self)\b"),
    _p(r"\b(?:a )?danger to my ?self\b", deniable=True),
    _p(r"\b(?:tired|sick|done) (?:of|with) (?:living|life|being alive|existing|it all)\b",
       deniable=True, subjective=True),
    _p(r"\bhad enough of (?:life|living|being alive|existing|it all|everything)\b"),
    _p(r"\b(?:hate|hating) (?:my life|being alive|living|existing)\b"),
    _p(r"(?<!his )(?<!her )(?<!their )(?<!chapter of my )\b(?:my )?life is "
       r"(?:pointless|meaningless|"
       r"over|not worth it)\b"),
    _p(r"\bno (?:hope|future)(?: left)?(?: for me)?\b|\b(?:can not|do not) see (?:a|any) future\b"),
    _p(r"\b(?:feel|feeling|am|everything is|it is all) (?:so |completely |totally )?hopeless\b"
       r"(?! at| with| when| about)"),  # "hopeless at cooking" is not despair
    _p(r"\b(?:should|deserve to) (?:just )?(?:die|be dead|not be alive|not exist|not be here)\b"),
    _p(r"\b(?:do not|never) deserve to (?:live|be alive|be here|exist)\b"),
    _p(r"\b(?:will not|would not|am not going to|not going to|won't) be (?:here|around|alive|a "
       r"problem|a burden|bothering anyone)(?: for \w+)?(?: for)? "
       r"(?:much longer|any ?more|tomorrow|for long|"
       r"next week|soon|for christmas|by then|to)\b", subjective=True, absence=True),
    _p(r"\b(?:still be|be still) (?:here|alive|around) (?:next|by|tomorrow|for)\b"),
    _p(r"\bthis is (?:my )?goodbye\b|\bsay(?:ing)? (?:my )?(?:final )?goodbyes?\b(?! to (?:the|my "
       r"(?:old|ex|job)))", deniable=True, subjective=True, absence=True),
    _p(r"\bgoodbye (?:letters?|notes?|messages?)\b|\bwritten (?:letters|notes) to (?:everyone|"
       r"all|my)\b|\blast time (?:you|anyone) (?:will|would) hear from me\b"),
    _p(r"\bthank you for everything goodbye\b|\bit will all be over soon\b|\ball be over soon\b"),
    _p(r"\b(?:i am|feel like) (?:just )?(?:a|such a|nothing but a) burden\b"),
    _p(r"\b(?:can not|could not) live without (?:him|her|them|you)\b"),
    _p(r"\bnot (?:be|being) (?:here|around|alive) (?:tomorrow|much longer|any ?more|next week|for)"
       r"\b", subjective=True, absence=True),
    _p(r"\b(?:everything|it all|it is all) (?:is )?(?:pointless|meaningless)\b"),
    _p(r"\b(?:would|had) rather (?:be dead|die|not (?:be alive|exist|wake up|be here))\b"
       r"(?! than)"),
    _p(r"\bgo away (?:forever|for good)\b|\bgoodbye (?:forever|for good)\b|\bcheck(?:ing)? out "
       r"for good\b|\bmake it (?:all )?stop for good\b|\bfor good this time\b"),
    _p(r"\b(?:have|got|there is) nothing left\b"),
    _p(r"\b(?:can not|could not) (?:do this|take it|take this|cope|go on|carry on|keep going|keep "
       r"doing this) (?:any ?more|like this)\b"),
    _p(r"\b(?:thoughts|think|thinking) (?:about|of) (?:death|dying|not being here|not existing|"
       r"not waking up)\b", deniable=True),
    _p(r"\b(?:do not|never) want to (?:be around|carry on(?! with)|continue(?! this| with| the)|"
       r"keep living|keep going(?! with)|"
       r"live any ?more|exist any ?more|be here any ?more)\b"),
    _p(r"\b(?:can not|could not) (?:carry on|live with this|take this|do it any ?more|cope any "
       r"?more|keep living|bear (?:it|this|living))\b"),
    _p(r"\bgive up on (?:everything|it all)\b|\bgiving up on (?:life|living|everything)\b"),
    _p(r"\bwhy (?:am i|am i even) still (?:here|alive)\b|\bwhy (?:should i|should someone like "
       r"me) (?:even )?(?:keep (?:going|living)|bother living|be alive|stay alive)\b"),
    _p(r"\b(?:be|join) (?:with )?my (?:late|dead) \w+\b"),
    _p(r"\bpretending (?:i|to) want to live\b|\bnot sure (?:if )?i want to (?:live|be alive|be "
       r"here|go on|keep going)\b"),
    _p(r"\bmy (?:own )?funeral\b|\bmade my peace\b"),
    _p(r"\b(?:stop|stopped) (?:living|existing|being alive)\b", deniable=True),
    _p(r"\breason to (?:stay alive|live|be alive|keep living|keep going)\b"),
    _p(r"\bnot (?:wanting|want) to be (?:here|alive|around)\b"),
    # not wanting to live, said every which way: "I no longer wish to live", "I don't think I
    # want to be alive much longer", "this girl doesn't want to live anymore"
    _p(r"\b(?:no longer|not|never) (?:\w+ ){0,3}(?:want|wish|like|feel like|see myself|need|"
       r"care|intend|plan) (?:\w+ ){0,2}to (?:live(?! forever)|be alive|be here|exist|go on|"
       r"carry on|keep going|wake up|"
       r"be around|continue|stay alive|keep living|be in this world|be on this earth)\b",
       subjective=True),
    _p(r"\blast (?:one|time|christmas|birthday|summer|day|night|week|year)s? (?:that )?i (?:am|"
       r"will be|will|get to be) (?:around|here|alive)\b"),
    _p(r"\bonly (?:option|way out|answer|choice|way)(?: left)?\b.*\b(?:die|dying|death|dead|"
       r"suicide|end it|kill)|\b(?:die|dying|death|dead|suicide|end it|kill my ?self)\b.*\bonly "
       r"(?:option|way out|answer|choice|way)\b"),
    # --- said plainly enough once heard: more ways people put it ----------------------------
    _p(r"\bready to check out(?: of life| for good| now)?$|\bcheck(?:ing)? out of life\b",
       absence=True),
    _p(r"\b(?:go to sleep|fall asleep|sleep) and (?:stay asleep|never wake up|not wake up)\b"
       r"(?! until| till)|\b(?:fall )?asleep forever\b"),
    _p(r"\b(?:nothing|it|things|life) (?:is )?(?:ever )?(?:going to|will|is gonna) (?:ever )?"
       r"get better\b(?! (?:by|after|when|once|if|soon))"),
    _p(r"\bi (?:only |just )?make (?:things|everything|life) (?:worse|harder) for (?:everyone|"
       r"everybody|them|my family|people|the people i love)\b"),
    _p(r"\b(?:will not|never) hear from me again\b"),
    _p(r"\bhop(?:e|ing) (?:that )?something (?:bad )?(?:happens|will happen|would happen) to me\b"),
    _p(r"\bmade (?:my )?peace with (?:it|everything|dying|death|leaving)\b"),
    _p(r"\bsaid (?:my )?(?:final )?goodbyes?\b(?! to (?:the|my) (?:old )?(?:house|flat|home|job|"
       r"office|colleagues|team|place|friends at))|\bsaid goodbye to (?:everyone|everybody|"
       r"all of them)\b|\bmy (?:own )?goodbye\b(?! party| card| drinks)",
       subjective=True, absence=True),
    _p(r"\b(?:not|never) (?:\w+ ){0,3}be around (?:for|by|at|next|much longer|any ?more|"
       r"tomorrow)\b", subjective=True, absence=True),
    _p(r"\bways? to end (?:it|things|my life|it all)\b"),
    _p(r"\bwant out(?: of (?:life|this life|it all|everything))?$|\bwant out of (?:life|this "
       r"life|it all)\b"),
    _p(r"\bonly way out\b|\bto not be (?:alive|here)\b"),
    _p(r"\b(?:whether|if) i live or die\b"),
    _p(r"\bbetter off (?:burying me|without me|with me gone|if i)\b"),
    _p(r"\bnone of (?:it|this) will (?:matter|be my problem)\b|\bwill not be (?:here|around|"
       r"there) to see\b|\bwill not matter any ?(?:way|more)\b"),
    _p(r"\b(?:someone|somebody|a person|people) like me\b.*\b(?:die|dying|end|kill|live|living|"
       r"ending|alive|here)\b"),
    _p(r"\bis it (?:normal|wrong|bad|okay|ok|weird|a sin) (?:to|that i|if) (?:\w+ ){0,3}(?:die|"
       r"dying|kill(?:ing)? (?:yourself|my ?self)|end(?:ing)? (?:it|your life|my life|their own "
       r"life)|not wake up|not (?:want|wanting) to (?:live|wake up|be here))\b"),
    _p(r"\bwhy (?:am i|i am) (?:even |still |even still )*(?:here|alive|around)\b"),
    _p(r"\b(?:punish|hurt|harm|take it out on) my (?:own )?body\b"),
    _p(r"\bdays? (?:without|free of|clean from) self ?harm\b.*\b(?:break|relapse|lose|end)\b"),
    _p(r"\bdid (?:it|something) (?:again )?to my ?self\b|\bthe thing to my ?self\b"),
    _p(r"\btime (?:for me )?(?:to|i) catch the bus$"),
    _p(r"\bto go out on\b"),
    _p(r"\b(?:not|never) (?:\w+ ){0,2}(?:intend|plan|expect|going) to be (?:alive|here|around)"
       r"\b"),
    _p(r"\b(?:will not|would not|am not going to|not going to) be (?:here|around|alive) by "
       r"(?:the end of|then|next)\b"),
    _p(r"\bgoing to do it (?:tonight|today|now|this weekend|soon|tomorrow)\b(?! the| i mean)|"
       r"\btonight is the night i\b|\bstill going to do it\b"),
    _p(r"\bfeeling to die\b|\b(?:part of me|a part of me|something in me|your user) wants? to "
       r"die\b|\bwanting to die\b|\bwaiting to die\b|\bready to die\b"),
    _p(r"\b(?:written|wrote|writing|left) (?:some |a few )?(?:letters|notes)(?: to| for) "
       r"(?!my pen ?"
       r"pals|the council|my mp)", absence=True),
    _p(r"\b(?:will not|not going to) (?:need|be needing) (?:my|any of|them|it|this|these|"
       r"anything)\b(?! (?:\w+ )?(?:coat|umbrella|car|keys|lunch|jacket|ticket|boots|until|till))"),
    _p(r"\btell my (?:mum|mom|dad|kids|children|family|wife|husband|partner|sister|brother|son|"
       r"daughter|parents|friends) (?:that )?(?:i am sorry|i loved|i love them|i love her|i love "
       r"him|it was not (?:his|her|their) fault|goodbye|i did my best|i am so sorry)\b"),
    _p(r"\b(?:can not|do not) see myself (?:being )?(?:around|here|alive|living)\b"),
    _p(r"\b(?:simpler|easier|better) (?:for everyone )?if i (?:just )?(?:was not|were not|did "
       r"not exist|was gone|was not here|was not around)\b"),
    _p(r"\btired of (?:fighting|trying) to stay(?: alive)?\b|\b(?:run out of|no|not any|out of) "
       r"reasons? to stay\b|\bnothing (?:is )?keeping me here\b"),
    _p(r"\bmy last (?:message|text|post|words|note)\b|\b(?:will be|is) my last (?:one|christmas|"
       r"birthday|summer|day)\b"),
    _p(r"\b(?:sorted|arranged|organised|organized|got) (?:everything|it all|my things|my affairs)"
       r"(?: \w+){0,5} (?:after|for tonight|ready for tonight)\b|\bmake sure my \w+ (?:goes|go|is "
       r"looked after|gets)\b.*\bafter$"),
    _p(r"\bpoint (?:in|of) (?:me )?being (?:alive|here|around)\b"),
    _p(r"\b(?:wish|pray|hope|praying|hoping)(?: that)? (?:god|the lord|lord|jesus|someone|"
       r"something) (?:would|will) (?:just )?(?:take me|end it|kill me)\b"),
    _p(r"\bbetter off with(?: \w+){1,4} than with me\b|\bbetter off with (?:a )?(?:different|"
       r"another|new) (?:mum|mom|dad|parent|wife|husband|partner|mother|father)\b"),
    _p(r"\bnot coming (?:home|back)(?: \w+){0,2} (?:for good|ever again|ever)\b"),
    _p(r"\b(?:go to (?:bed|sleep)|fall asleep) and not (?:get|wake) up(?: again)?\b"),
    _p(r"\bwhy (?:stay|go on|keep going|bother (?:living|staying))$"),
    _p(r"\b(?:not|never) (?:\w+ ){0,3}be here (?:much longer|any ?more|for long|next (?:week|"
       r"month|year)|by)\b", subjective=True, absence=True),
    _p(r"\bbetter off gone\b|\bbetter (?:if )?i go$|\buse (?:of|in) living\b|\bgo for good\b"),
    _p(r"\b(?:so over|done with|sick of|tired of|can not be arsed with|bored of) (?:living|being "
       r"alive|existing|life)\b", deniable=True, subjective=True),
    _p(r"\bnot (?:scared|afraid) of (?:dying|death) any ?more\b"),
    _p(r"\b(?:just )?in the way of everyone\b|\bin everyone(?:'s| is) way\b"),
    _p(r"\bhow to end (?:it|my life|it all|things)\b"),
    _p(r"\bgiv(?:e|ing|en) away (?:most |all |some )?(?:of )?my (?:stuff|things|belongings|"
       r"possessions|pets?|savings)\b"),
    _p(r"\b(?:not|never) (?:\w+ ){0,3}see (?:my )?next (?:birthday|christmas|year|summer)\b"),
    _p(r"\b(?:will not|won't) be here$", absence=True),
    _p(r"\bnot meant to be (?:here|alive|born)\b|\b(?:world|everyone|nobody|no one)(?: \w+)? "
       r"(?:does not|would not) need (?:someone like )?me\b"),
    _p(r"\bneed to feel pain\b|\bwant to feel pain\b|\bwhat i do to my ?self\b|\bdo(?:ing)? "
       r"things to my ?self\b"),
    _p(r"\bend(?:ing|s)? (?:their|your) (?:own )?life\b", topic=True),
    _p(r"\bi am ending it\b(?! with| for| between)|\bpicked a (?:day|date)\b|\bi wants to die\b"),
    _p(r"\bsorry for everything\b.*\bgoodbye\b|\bgoodbye\b.*\bsorry for everything\b"),
    _p(r"\bgoodbye (?:everyone|everybody|all|world|cruel world)\b", absence=True),
    _p(r"\bcan not keep (?:doing|going on like) this$|\bcan not keep doing this i am\b"),
    # --- asking for urgent help ------------------------------------------------------------
    _p(r"\b(?:i )?need (?:help|someone|somebody) (?:right )?now\b"),
    _p(r"^(?:please )?(?:i )?need help(?: please)?$"),
    _p(r"\bhelp me (?:right )?now\b|\bneed help right\b"),
    _p(r"\bthis is an emergency\b|\bemergency\b|\bsos\b|\b(?:call|need|get|send)(?: me)? an "
       r"ambulance\b", deniable=True),
    _p(r"\bnot safe\b|\bfeel(?:ing)? unsafe\b", deniable=True),
    _p(r"^(?:please )?(?:somebody|someone|anybody|anyone) (?:please )?help(?: me)?(?: please)?$"),
    _p(r"\b(?:i am|i feel) in (?:a )?crisis\b|\bcrisis (?:line|number|team|helpline)\b"),
    _p(r"\b(?:get|call|find) me (?:some )?help\b|\bspeak to a real person (?:right )?now\b"),
    _p(r"\b(?:a|the) number i can (?:ring|call)\b|\bwho (?:can|do) i (?:call|ring)\b"),
    _p(r"\b(?:get|call|fetch|find) (?:me )?(?:someone|somebody|a person|a human|a real person)\b"
       r"(?! (?:for|to fix|to look at|in))"),
    _p(r"\b(?:need|want) (?:a |to talk to a |to speak to a )?(?:human|real person|person|someone|"
       r"somebody)(?: to talk to)? (?:right )?now\b"),
    _p(r"\bconnect me (?:to|with) (?:a |the )?(?:helpline|crisis line|someone|person|human|"
       r"hotline)\b|\bsomeone to stop me\b|\bwho (?:to|should i|can i) (?:call|ring|talk to)\b"
       r"(?! about| for)"),
    _p(r"\bis there anyone (?:awake |up |around |out there )?(?:i can|to) talk to\b"),
    _p(r"\bgoing to do something\b(?! (?:nice|fun|about|with|for|else|different|new|later|"
       r"tomorrow|this weekend|special))"),
    _p(r"\bneed (?:someone|somebody) to come\b|\b(?:someone|somebody) (?:please )?come\b|"
       r"\bi need (?:someone|somebody)(?: please| now| here)?$"),
    _p(r"\b(?:somebody|someone|anybody|anyone) (?:please )?help me\b|\bstay with me\b|"
       r"\bdo not know "
       r"what i (?:will|might) do\b"),
    _p(r"\bsamaritans\b|\b(?:crisis|suicide) (?:line|hotline|helpline)\b", topic=True),
    _p(r"\b(?:need )?urgent help\b(?! with)|\bhaving a crisis\b|\bi am in a crisis\b|\bget help\b"),
    _p(r"\b(?:not|never) (?:\w+ ){0,2}(?:plan|planning|intend|expect) on being "
       r"(?:alive|here|around)\b|\bnot (?:\w+ ){0,3}(?:can|able to|going to) "
       r"(?:stay|keep (?:my ?self|me)) safe\b"),
    _p(r"\b(?:help me|how do i|need to|trying to|struggling to) stay alive\b|\bcan not be alone "
       r"(?:right now|tonight)\b|\b(?:i need help ){1,}i need help\b"),
    _p(r"\b(?:ring|call|dial|phone)(?: \w+)? (?:nine nine nine|nine one one|one one two|triple "
       r"nine)\b"),
    # "help" alone asks which kind of help (a question follows); said twice, or now, it is urgent
    _p(r"^(?:please )?help (?:me )?(?:please )?help\b|^(?:please )?help (?:me )?(?:right )?now\b"),
    _p(r"\b(?:do not want to|can not|scared to|afraid to|not safe to) be alone with (?:these|my) "
       r"thoughts\b|\b(?:scared|frightened|afraid|terrified) of my "
       r"(?:own )?(?:thoughts|mind|head)\b"),
    _p(r"\bbefore i do something (?:i can not undo|stupid|i can not take back)"
       r"\b"),
    _p(r"\bin a (?:really |very )?dark place\b"),
]  # fmt: skip
"""Every way crisis language is recognised; any one match is crisis."""

REPAIRS = {
    "mice elf": "myself", "my shelf": "myself", "my self": "myself", "a live": "alive",
    "be hear": "be here", "go one": "go on", "better of": "better off", "end in it": "ending it",
    "wake in up": "waking up", "to and my life": "to end my life", "end at all": "end it all",
    "too die": "to die", "where dead": "were dead", "own live": "own life", "not save": "not safe",
    "self arming": "self harming", "self farm": "self harm", "rite now": "right now",
    "long her": "longer", "teh": "the", "abt": "about", "bout": "about", "wud": "would",
    "noone": "no one", "no1": "no one", "imma": "i am going to", "tonite": "tonight",
    "tae": "to", "sewer slide": "suicide", "sewerslide": "suicide",
    "an alive": "kill", "ctb": "kill myself",
    "kms": "kill myself", "top myself": "kill myself", "topping myself": "killing myself",
    "do away with myself": "kill myself", "doing away with myself": "killing myself",
    "skill my self": "kill myself", "skill myself": "kill myself", "bean dead": "being dead",
    "knot safe": "not safe", "hell me": "help me", "good buy": "goodbye",
    "want die": "want to die", "be unalive": "be dead", "unalive myself": "kill myself",
    "no more want to live": "do not want to live", "wnat": "want",
    "w": "with", "suicidle": "suicidal", "dont": "do not", "kil": "kill", "lfe": "life",
    "b": "be", "u": "you", "ur": "your", "r": "are", "sue aside": "suicide",
    "sue side": "suicide", "sue a side": "suicide", "shelf harming": "self harming",
    "shelf harm": "self harm", "her myself": "hurt myself", "kilmyself": "kill myself",
    "with out": "without", "exist ing": "existing", "going to and it": "going to end it",
    "to and it all": "to end it all", "want to and it": "want to end it", "self arm": "self harm",
    "self arms": "self harm", "some one": "someone", "write now": "right now", "aisle": "i will",
    "is in worth": "is not worth", "a nuff": "enough", "two moro": "tomorrow",
    "tomoz": "tomorrow", "sui": "suicidal", "wanna unalive": "want to die", "unalive": "die",
    "unaliving myself": "killing myself", "unaliving": "dying", "unalived": "died",
    "my self harm": "my self harm", "every one": "everyone", "any more": "anymore",
    "bird in": "burden", "by by": "goodbye", "buy buy": "goodbye", "off myself": "kill myself",
    "do myself in": "kill myself", "finish myself": "kill myself", "ah want": "i want",
    "ah just": "i just", "ah wisnae": "i was not", "wisnae": "was not", "naebody": "nobody",
    "know longer": "no longer", "know point": "no point", "won't to die": "want to die",
    "do not want live": "do not want to live", "a bird and on": "a burden on",
    "good bye": "goodbye", "for ever": "forever", "weak up": "wake up", "my on life": "my own life",
    "ending at": "ending it", "my sell": "myself", "save with": "safe with", "to night": "tonight",
    "being a life": "being alive", "tmrw": "tomorrow", "ded": "dead", "w o": "without",
    "dnt": "do not", "your user": "i", "don't want live": "do not want to live",
}  # fmt: skip
"""Crisis words as recognisers mishear them and people type them fast, and the slang that
stands for them."""
SELF_HARM_SHORT = "sh"
"""Typed for self-harm ("relapsed on sh"), but only beside these words: "sh!" is a hush."""
_SH_BEFORE = frozenset(
    {"on", "about", "abt", "bout", "did", "do", "doing", "of", "the", "my", "to", "urge"}
)  # fmt: skip
_SH_AFTER = frozenset({"again", "urges", "urge", "relapse", "thoughts", "scars", "tonight"})

NEGATIONS = frozenset({"not", "never", "no", "without"})
"""Words that take back a deniable statement just after them."""
NEGATION_REACH = 5
"""How many words before a statement a negation may stand ("I have never thought about")."""
NOT_DENIALS = ("can not", "could not", "not sure", "not know", "why not", "should not",
               "not even", "not care",
               "not matter", "no longer", "not stand", "not take", "not bear", "trying not",
               "try not", "struggling not", "not to", "not think i can", "no one", "no reason",
               "no point", "no way")  # fmt: skip
"""A negation in these is no denial ("I'm not sure I want to live")."""
TOPIC_TALK = re.compile(
    r"\b(?:prevention|awareness|rates?|statistics|charity|assembly|essay|article|podcast|episode|"
    r"documentary|film|films|movie|series|show|novel|book|narrator|character|play|song|lyrics|"
    r"news|research|study|course|training|volunteer|volunteering|fundrais\w*|"
    r"my (?:brother|sister|cousin|aunt|uncle|mum|mom|dad|mother|father|friend|son|daughter|"
    r"grandad|grandma|gran|grandpa|neighbour|neighbor|colleague|partner|ex)|"
    r"(?:he|she|they|his|her) (?:attempted|survived|died|struggled|used to)|years ago|"
    r"died by|lost (?:him|her|them|someone|a \w+) to|a (?:colleague|friend|neighbour|neighbor|"
    r"classmate|student|patient|client)|"
    r"as a (?:teenager|kid|child)|used to|in the (?:eighties|nineties|seventies))\b"
)
"""Words that say suicide or self-harm is a subject being talked about."""
FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself|mine)\b")
THIRD_PERSON = re.compile(r"\b(?:he|she|they|his|her|their|him|them|someone|people|person)\b")
FIGURES = re.compile(
    r"\brather die than\b|\bsooner die than\b|\b(?:will|would|is going to|gonna) kill me "
    r"(?:if|when|for|because)\b|\bdying to (?:see|try|know|meet|get|go|hear|eat|tell|watch|"
    r"read)\b|\bdying (?:of|from) (?:laughter|embarrassment|boredom|thirst|hunger|heat)\b|"
    r"\bto die for\b|\bcould kill for\b|\bkilling it\b|\b(?:phone|battery|laptop|car|plant|"
    r"plants|tablet|ipad|torch|charger|computer|tv|telly|radio)(?: is| was| has)?(?: \w+){0,3} "
    r"(?:die|dying|dead|died)\b|\bdie (?:down|off)\b|\bend (?:it|things) with (?:him|her|"
    r"them|my)\b|\bdead (?:set|on|tired|good|easy|right|serious|funny|quiet|lucky|heavy|"
    r"beat|end)\b|\bdeadline|\bfeel(?:s|ing)? like i am dying\b|\bthought i was dying\b|"
    r"\bam i dying\b|\bi am dying (?:here|of|for|to)\b|\bnearly died (?:of|laughing)\b|"
    r"\bdie(?:d)? of (?:boredom|laughter|embarrassment|shame|cringe|heat|thirst|hunger)\b|"
    r"\bthe death of me\b|\bwalking dead\b|\bjok(?:e|es|ing|ed) about(?: \w+){0,4}|"
    r"\b(?:going to|gonna) die (?:if|of|without|for)\b|"
    r"\b(?:mum|mom|dad|boss|wife|husband|teacher|coach|gran|nan)(?:'s| is| will| would)? "
    r"(?:going to |gonna )?kill me\b"
)
"""Figures of speech that sound like crisis language and are not."""


def is_crisis(normalized_text: str) -> bool:
    """True when normalised text (companion.core.text.normalize) holds crisis language."""
    return crisis_in([normalized_text])


def crisis_in(clauses: Sequence[str]) -> bool:
    """True when normalised clauses, each or all together, hold crisis language; a negation
    reaches only within its clause ("no, I want to die" is crisis), while a reason to be away
    may come in the next one ("I won't be here tomorrow, I'm at my sister's")."""
    whole = _prepared(" ".join(clauses))
    texts = [*(_prepared(c) for c in clauses), whole] if len(clauses) > 1 else [whole]
    return any(_holds_crisis(text, whole) for text in texts)


def _prepared(normalized: str) -> str:
    repaired = _repaired(normalized.split())
    return expand_contractions(" ".join(repaired))


def _repaired(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (5, 4, 3, 2, 1):
            phrase = " ".join(words[i : i + size])
            if phrase in REPAIRS:
                out += REPAIRS[phrase].split()
                i += size
                break
        else:
            word = words[i]
            near = (words[i - 1] if i else "") in _SH_BEFORE or (
                words[i + 1] if i + 1 < len(words) else ""
            ) in _SH_AFTER
            out += ["self", "harm"] if word == SELF_HARM_SHORT and near else [word]
            i += 1
    return out


DEATH = re.compile(
    r"\b(?:die|dying|dead|death|suicide|suicidal|unalive|overdose|not existing|not exist|"
    r"being gone|stop existing|"
    r"disappear(?:ing)? (?:forever|for good|permanently)|vanish(?:ing)? for good|sleep forever|"
    r"never wake up|not wake up|end(?:ing)? (?:my life|it all|it(?! with| for| between)|everything|"
    r"my own life)|"
    r"kill(?:ing)? my ?self|tak(?:e|ing) my (?:own )?life|no longer (?:be )?(?:here|alive|around)|"
    r"not (?:be )?(?:here|alive|around) any ?more|be gone|gone for good|check(?:ing)? out for good|"
    r"end of the road|bow(?:ing)? out|the end of me|my last)\b"
)
"""Words of dying and ending one's life; with a wish before them, or a word that welcomes them,
they are crisis ("death sounds peaceful", "I keep wishing I could just not exist")."""
WISH = re.compile(
    r"\b(?:want|wanna|wish|wished|wishing|going to|gonna|planning|plan|planned|decided|ready|"
    r"thinking (?:about|of)|thought (?:about|of)|thoughts (?:of|about)|feel like|urge|urges|"
    r"tempted|considering|contemplating|dream (?:about|of)|fantasi[sz]e|long for|longing|"
    r"hope|hoping|would rather|better|easier|peaceful|relief|welcome|appealing|tempting|"
    r"nice|sweet|rest|the answer|the only|obsessed)\b"
)
"""Words that turn a word of dying into a wish for it."""
WISH_REACH = 7
"""Words between a wish and a word of dying, either side, that still join them."""


def _wished_death(text: str) -> bool:
    """True when a word of dying has a wish beside it, and nobody else is dying in the
    sentence ("death sounds peaceful right now", "I keep thinking about not existing")."""
    words = text.split()
    for found in DEATH.finditer(text):
        at = len(text[: found.start()].split())
        end = at + len(found.group().split())
        near = " ".join(words[max(0, at - WISH_REACH) : at] + words[end : end + WISH_REACH])
        if not WISH.search(near):
            continue
        if (
            _denied(text, found.start())
            or _talked_about(text)
            or _inside(found.span(), [m.span() for m in FIGURES.finditer(text)])
        ):
            continue
        return True
    return False


ELSEWHERE = re.compile(
    r"\b(?:staying|stay|at my|at (?:his|her|their) (?:place|house)|visiting|holiday|vacation|"
    r"trip|travel\w*|work trip|for work|away|abroad|conference|leaving do|leaving party|"
    r"moving|taxi|airport|hotel|reception|till|checkout|flight|in [a-z]+ for|on leave|"
    r"off sick|day off|at the (?:hospital|dentist|doctor)|at my (?:mum|mom|dad|sister|brother|"
    r"gran|nan)\w*|last day|leaving|retir\w*|wedding|party|event|appointment|exam|match|gig|"
    r"shift|heading off|see you|off to|going home|early)\b"
)
"""Reasons to be away that make an absence ordinary."""
RESIGNED = re.compile(r"\banyway\b|\bnot that it matters\b|\bby then\b|\bfor good\b")
"""Words that take an ordinary reason back ("I won't be around to resit it anyway")."""
SOMEONE_ELSE = frozenset({"he", "she", "they", "he's", "she's", "they're", "his", "her", "it"})
_OTHER_PEOPLE = frozenset(
    {"character", "narrator", "son", "daughter", "friend", "man", "woman", "guy", "girl",
     "lady", "colleague", "robot", "hero", "villain"}
)  # fmt: skip
"""Subjects that make a subjectless statement someone else's."""


def _someone_elses(text: str, at: int) -> bool:
    """True when the nearest subject before `at` is a third person ("she doesn't want to")."""
    for word in reversed(text[:at].split()[-4:]):
        if word in ("i", "me", "my", "myself", "i'm", "and", "but"):
            return False
        if word in SOMEONE_ELSE or word in _OTHER_PEOPLE:
            return True
    return False


SELF_REVEAL = re.compile(
    r"\b(?:asking for a friend|asking for me|asking for myself|hypothetically|it is me|that is "
    r"me|the friend is me|is me really|kind of me|actually me|not really a friend|i am one of "
    r"them|talking about (?:myself|me)|i mean me|it is me by the way|by the way it is me)\b"
)
"""Words that say the person spoken of is the speaker ("asking for a friend")."""
_AS_ONESELF = {
    "he": "i", "she": "i", "they": "i", "someone": "i", "somebody": "i", "him": "me",
    "her": "me", "them": "me", "himself": "myself", "herself": "myself",
    "themselves": "myself", "yourself": "myself", "your": "my", "his": "my", "their": "my",
    "you": "i",
}  # fmt: skip


def _as_oneself(text: str) -> str:
    return " ".join(_AS_ONESELF.get(w, w) for w in text.split())


def _holds_crisis(text: str, whole: str) -> bool:
    if _wished_death(text):
        return True
    if SELF_REVEAL.search(text):
        # "my mate wants to top himself, and my mate is me": read it as said of oneself
        told = _prepared(SELF_REVEAL.sub(" ", _as_oneself(text)))
        if DEATH.search(told) or _holds_crisis(told, told):
            return True
    figures = [m.span() for m in FIGURES.finditer(text)]
    for pattern in PATTERNS:
        for found in pattern.regex.finditer(text):
            if _inside(found.span(), figures):
                continue
            if pattern.deniable and _denied(text, found.start()):
                continue
            if pattern.topic and _talked_about(whole):
                continue
            if pattern.subjective and _someone_elses(text, found.start()):
                continue
            if pattern.absence and ELSEWHERE.search(whole) and not RESIGNED.search(whole):
                continue
            return True
    return False


def _inside(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> bool:
    return any(start <= span[0] < end or start < span[1] <= end for start, end in others)


def _denied(text: str, at: int) -> bool:
    words = text[:at].split()
    if words[:1] == ["no"] and words[1:2] in (["i"], ["i'm"], ["it"], ["that"], ["we"]):
        words = words[1:]  # "no, I'm not safe": an answer, not a denial
    before = words[-NEGATION_REACH:]
    if not any(w in NEGATIONS for w in before):
        return False
    joined = " ".join(before)
    return not any(phrase in joined for phrase in NOT_DENIALS)


def _talked_about(text: str) -> bool:
    """True when suicide or self-harm is a subject in the text, not the speaker's now: named
    as a topic, or someone else's with the speaker nowhere in it."""
    if TOPIC_TALK.search(text):
        return True
    return FIRST_PERSON.search(text) is None and THIRD_PERSON.search(text) is not None


__all__ = ["PATTERNS", "crisis_in", "is_crisis"]
