"""A transparent cue-word baseline for grievance detection, and the explanations shown to officers.

The trained model in :mod:`sushasan.grievances.detect` is more accurate, but a weight table of a
million hashed n-grams explains nothing to a nodal officer. This lexicon does: each cue is a
named phrase family in Hindi (Devanagari), Hinglish (romanised Hindi) and English with a
hand-set weight, and a post's score is a logistic function of the cues that fired. Officers see
the cue names ("negation", "duration", "no response", "praise", ...) next to every detection.

It is also the baseline the model must beat (see :mod:`sushasan.grievances.evaluate`), so the
weights were set by reading posts, never fitted on the evaluation set.

Matching is on a lightly cleaned copy of the text (NFC, lower case); Hinglish spelling variants
("nahi", "nhi", "nai", "nahin") are spelled out in the patterns because romanised Hindi has no
standard spelling.
"""

from __future__ import annotations

import math
import re
import re._constants as sre
import re._parser as sre_parse
import unicodedata
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from sushasan.language.normalise import MOJIBAKE_HINT, repair_mojibake

__all__ = ["CUES", "Cue", "Lexicon", "LexiconMatch"]


class Cue(NamedTuple):
    """One named phrase family: positive weights push towards "grievance", negative away."""

    name: str
    weight: float
    pattern: str


_NAHI = r"(?:nahi|nahin|nhi|nai|nahee|nahi+)"
_DAYS = r"(?:din|dino|hafte|hafta|mahine|mahina|ghante|saal)"
_UNITS_EN = r"(?:days?|weeks?|months?|hours?|years?|hrs?)"
_UNITS_HI = r"(?:दिन|दिनों|हफ्ते|हफ्तों|हफ़्ते|सप्ताह|महीने|महीनों|घंटे|घंटों|साल)"
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|somvar|mangalvar|kal)"

CUES: tuple[Cue, ...] = (
    # ---------------------------------------------------------------- towards "grievance"
    Cue("no response", 2.2,
        r"koi sunwai " + _NAHI + r"|sunwai " + _NAHI + r"|कोई सुनवाई नहीं|सुनवाई नहीं"
        r"|no (?:one|body) (?:is )?(?:listening|responding|picks|answers|came)|no response"
        r"|no reply|no action|zero response|कोई जवाब नहीं|कोई कार्रवाई नहीं|koi jawab " + _NAHI
        + r"|koi response " + _NAHI + r"|फोन नहीं उठा|phone " + _NAHI + r" utha"),
    Cue("negation", 1.1,
        r"नहीं|नही\b|" + _NAHI + r"\b|not (?:working|received|issued|done|credited|delivered"
        r"|resolved|started|available|functioning|paid|cleared|repaired)|no (?:water|power"
        r"|electricity|light|supply|doctor|teacher|medicine|road|network|bus|toilet|tanker"
        r"|relief|refund|rooms?)\b|n't (?:come|work|arrive|reach|pass)|never (?:comes?|runs?"
        r"|arrived|came)|still (?:not|no|waiting|pending|open)"),
    Cue("duration", 1.3,
        r"(?:since|for) (?:the )?(?:last |past )?(?:\d+|two|three|four|five|a|one|over a) "
        + _UNITS_EN + r"|since (?:last (?:week|month|night)|yesterday|" + _WEEKDAYS + r")"
        r"|\d+ " + _UNITS_HI + r" (?:से|हो गए|हो गई|बाद)|(?:पिछले|कल|सोमवार|मंगलवार)\S* \S*\s?से"
        r"|\d+ " + _DAYS + r" (?:se|ho gaye|ho gayi|baad)|(?:pichle|last week) \S* ?se"),
    Cue("complaint word", 1.0,
        r"shikayat|शिकायत|complain|grievance|फरियाद|गुहार|reminder|अनुस्मारक"),
    Cue("how long", 1.0,
        r"kab tak|कब तक|how long|when will (?:this|it|the)|kab (?:aayega|hoga|banegi)"
        r"|कब (?:आएगा|होगा|बनेगी|सुधरेगी)"),
    Cue("request", 0.9,
        r"please (?:fix|repair|restore|send|help|act|look|install|replace|arrange|clear|take"
        r"|appoint|start|restart|get|review)|kindly|request(?:ing)?\b|कृपया|कृपा करें|अनुरोध"
        r"|निवेदन|kripya|plz|pls|karwa (?:do|dijiye)|करवा(?:एं|ें| दीजिए)|dijiye|दीजिए"),
    Cue("pending", 1.2, r"pending|लंबित|atak|अटक|stuck|lataka|लटका|latka|adhoor|अधूर|incomplete"),
    Cue("fault", 0.9,
        r"broken|kharab|खराब|toot|टूट|damaged|leak|लीक|burnt|jal gaya|जल गया|फुंक|potholes?"
        r"|gadd|गड्ढ|outage|power cut|gayab|गायब|gul\b|गुल|blocked|choked|chok|overflow"
        r"|dirty|filthy|smell|badbu|बदबू|ganda|गंदा|गंदगी|gandagi|muddy|matmail|मटमैल"),
    Cue("corruption", 1.3, r"bribe|rishwat|रिश्वत|corrupt|dalal|दलाल|paise maang|पैसे मांग"
        r"|money for every|overcharg|loot|लूट"),
    Cue("harm", 0.8, r"accident|haadsa|हादसा|injur|ghayal|sick|bimar|बीमार|danger|khatra|खतरा"
        r"|death trap|जानलेवा|suffer|pareshan|परेशान|बेहाल|bura haal|बुरा हाल"),
    Cue("anger", 0.7, r"😡|😤|🤬|😠|🤦|fed up|shame|sharam|शर्म|absurd|mazak|मजाक"),
    # ---------------------------------------------------------------- away from "grievance"
    Cue("praise", -2.4,
        r"thank|dhanyawad|dhanyavad|धन्यवाद|shukriya|शुक्रिया|aabhar|आभार|kudos|salute|सलाम"
        r"|great work|good work|well done|good going|शाबाश|shabash|appreciat|impressed"
        r"|grateful|प्रभावित हूं|excellent|badhiya|बढ़िया|बहुत अच्छ|bahut achh|👏|💐"),
    Cue("greeting", -2.0,
        r"happy |shubhkamna|शुभकामना|wishes|mubarak|मुबारक|badhai|बधाई|congratulat"
        r"|good (?:morning|evening|night)|सुप्रभात|जय\b|jai\b|🙏🔱|🪔|🎉"),
    Cue("news", -1.6,
        r"rt @|announce|घोषणा|लोकार्पण|शिलान्यास|inaugurat|alert|अलर्ट|notice:|सूचना:|soochna"
        r"|to be (?:declared|inaugurated|held)|will (?:open|remain|be declared)|खुलेंगे|khulenge"
        r"|reviews? preparations|समीक्षा की|jayza|crosses|के पार|ke paar|mock drill"),
    Cue("information query", -1.4,
        r"how (?:to|do|can)|kaise (?:kare|karen|bhare|nikale|kare)|कैसे (?:करें|निकालें|भरें)"
        r"|what (?:is|are) the|kya hai\?|क्या है\?|kitn[aie]|कितन[ाीे]|kaunse|कौन से|कौन-कौन से"
        r"|which (?:website|hospitals?)|is (?:registration|a permit) (?:required|needed)"),
    Cue("politics", -1.6,
        r"vote\b|bjp\b|congress|कांग्रेस|भाजपा|zindabad|जिंदाबाद|modi\b|मोदी|double engine"
        r"|डबल इंजन|jumla|जुमल|sarkar ke saath|सरकार के साथ|#uttarakhandfirst|ukd\b"),
    Cue("spam", -2.0,
        r"earn (?:rs|₹|\d)|kamao|कमाएं|followers|subscribe|सब्सक्राइब|whatsapp|व्हाट्सएप|click|bit\.ly"
        r"|loan\b|offer|discount|crypto|recharge|रिचार्ज"),
    Cue("official reply", -2.0,
        r"(?:complaint|grievance|request) (?:has been|is) (?:registered|forwarded|noted|resolved)"
        r"|forwarded to the concerned|inconvenience (?:is )?regretted|regret the inconvenience"
        r"|(?:kindly|please) (?:dm|share) (?:your|the)|for necessary action|has been restored"
        r"|शिकायत (?:दर्ज कर ली|संबंधित|सम्बन्धित)|संबंधित अधिकारी को|असुविधा के लिए खेद"
        r"|आवश्यक कार्रवाई हेतु|निस्तारण कर दिया|shikayat darj (?:ho gayi|kar li)"
        r"|asuvidha ke liye khed|sambandhit adhikari ko"),
    Cue("service notice", -1.4,
        r"will (?:remain|be) (?:suspended|affected|closed|shut|restored|interrupted)"
        r"|supply will|planned shutdown|shutdown notice|advisory:|traffic advisory|बाधित रहेगी"
        r"|प्रभावित रहेगी|बंद रहेगी|बंद रहेंगे|प्रतिबंधित रहेगा|band rahegi|band rahenge"
        r"|prabhavit rahegi"),
    Cue("advisory", -1.2, r"do not |don't |never share|न करें|न जाएं|न बताएं|na kare|mat kar"
        r"|stay (?:safe|alert|indoors)|सतर्क|satark"),
)
"""The cue table. Names are what officers see; keep them short and in plain English."""

_BIAS = -0.5
"""Chosen on the training set (F1 flat between -0.6 and -0.3): one strong cue tips a post."""


class LexiconMatch(NamedTuple):
    """The lexicon's verdict on one post: score in [0, 1] and the names of the cues that fired."""

    score: float
    cues: tuple[str, ...]


# Posts are matched as one joined string. Two newlines keep every match inside its post: no cue
# consumes more than one whitespace character except literal spaces (``\s?`` is the only class
# that admits a newline), and ``\b`` sees a newline as it sees the start or end of a string.
_JOIN = "\n\n"


def _clean(text: str) -> str:
    """NFC + lower case: the only normalisation the cue patterns assume."""
    return unicodedata.normalize("NFC", text).lower()


# --------------------------------------------------------------------------- fast matching
#
# A cue fires when its regex matches anywhere in a post, so any regex with the same matches
# *somewhere* will do. The shipped patterns are long alternations ("broken|kharab|खराब|...");
# the regex engine tries every branch at every position whose character starts one of them,
# which made cue matching as slow as scoring. ``_factored`` rewrites a pattern as a trie on
# first characters ("b(?:roken|locked)|k(?:harab)|..."), which the engine rejects in one step
# per position, and returns branches that cannot start with a fixed character as a second
# regex. Two rewrites keep the trie whole and never change whether a post matches:
# ``X+ ...`` becomes ``X ...`` (a match of one contains a match of the other), and a class
# followed by a literal, ``\d ``, becomes `` (?<=\d )`` (the same text, found from its space).

_Items = list[tuple[Any, Any]]
_CATEGORY = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}
_AT = {sre.AT_BOUNDARY: r"\b", sre.AT_NON_BOUNDARY: r"\B", sre.AT_BEGINNING: "^",
       sre.AT_END: "$", sre.AT_BEGINNING_STRING: r"\A", sre.AT_END_STRING: r"\Z"}


def _unparse(items: _Items) -> str:
    """Regex text for parsed items (the subset of syntax the cue table uses)."""
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.IN:
            body = []
            for kind, value in av:
                if kind is sre.NEGATE:
                    body.insert(0, "^")
                elif kind is sre.LITERAL:
                    body.append(re.escape(chr(value)))
                elif kind is sre.RANGE:
                    body.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                else:
                    body.append(_CATEGORY[value])
            out.append("[" + "".join(body) + "]")
        elif op is sre.ANY:
            out.append(".")
        elif op is sre.AT:
            out.append(_AT[av])
        elif op is sre.BRANCH:
            out.append("(?:" + "|".join(_unparse(list(alt)) for alt in av[1]) + ")")
        elif op is sre.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
            out.append("(?:" + _unparse(list(av[3])) + ")")
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, inner = av
            bound = {(0, sre.MAXREPEAT): "*", (1, sre.MAXREPEAT): "+", (0, 1): "?"}.get(
                (low, high), f"{{{low},{'' if high is sre.MAXREPEAT else high}}}")
            lazy = "?" if op is sre.MIN_REPEAT else ""
            out.append("(?:" + _unparse(list(inner)) + ")" + bound + lazy)
        elif op is sre.ASSERT and av[0] == -1:
            out.append("(?<=" + _unparse(list(av[1])) + ")")
        else:
            raise ValueError(f"unsupported regex construct {op}")
    return "".join(out)


def _plain_group(op: Any, av: Any) -> bool:
    return op is sre.SUBPATTERN and av[0] is None and not av[1] and not av[2]


def _alternatives(items: _Items, start: bool) -> list[_Items]:
    """Branches with the same matches, each starting with a literal where possible.

    With ``start`` (the items begin a whole match) two more rewrites are allowed that keep
    *whether* a text matches but not where: ``X+ ...`` to ``X ...`` and ``X L ...`` to
    ``L(?<=X L) ...`` for a class ``X`` and a literal ``L``.
    """
    if not items:
        return [items]
    (op, av), rest = items[0], items[1:]
    if _plain_group(op, av):
        return _alternatives(list(av[3]) + rest, start)
    if op is sre.BRANCH:
        return [a for alt in av[1] for a in _alternatives(list(alt) + rest, start)]
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
        return [[(sre.LITERAL, value), *rest] for _, value in av]
    if start and op is sre.MAX_REPEAT and av[0] == 1 and len(av[2]) == 1:
        return _alternatives(list(av[2]) + rest, start)
    if start and op is sre.IN and rest and rest[0][0] is sre.LITERAL:
        return [[rest[0], (sre.ASSERT, (-1, [items[0], rest[0]])), *rest[1:]]]
    return [items]


def _trie(branches: list[_Items]) -> str:
    """One regex for the union of ``branches``, grouped by first character, recursively."""
    groups: dict[int, list[_Items]] = {}
    others: list[str] = []
    for branch in branches:
        for alt in _alternatives(branch, start=False):
            if alt and alt[0][0] is sre.LITERAL:
                groups.setdefault(alt[0][1], []).append(alt[1:])
            else:
                others.append(_unparse(alt))
    parts = []
    for first, rests in groups.items():
        tail = _unparse(rests[0]) if len(rests) == 1 else "(?:" + _trie(rests) + ")"
        parts.append(re.escape(chr(first)) + tail)
    return "|".join(parts + others)


def _factored(pattern: str) -> list[re.Pattern[str]]:
    """Regexes that together match somewhere exactly where ``pattern`` does (see above)."""
    try:
        branches = _alternatives(list(sre_parse.parse(pattern)), start=True)
        literal = [b for b in branches if b and b[0][0] is sre.LITERAL]
        others = [_unparse(b) for b in branches if not (b and b[0][0] is sre.LITERAL)]
        found = [_trie(literal) if literal else "", "|".join(others)]
        return [re.compile(p) for p in found if p]
    except (ValueError, KeyError, re.error):  # a construct the rewrite does not know
        return [re.compile(pattern)]


class Lexicon:
    """Cue-word scorer: ``score = sigmoid(bias + sum of weights of the distinct cues fired)``.

    Each cue's regex runs once over the joined batch, and match positions are mapped back to
    posts with one ``searchsorted``: no per-post Python loop over the cues.
    """

    threshold: float = 0.5

    def __init__(self, cues: Sequence[Cue] = CUES, bias: float = _BIAS) -> None:
        self.cues = tuple(cues)
        self.bias = bias
        self._weights = np.array([c.weight for c in self.cues])
        # Regexes per cue, not one big alternation: each then starts with a small set of
        # literal first characters that the regex engine skips to, and each is a trie on
        # first characters (see _factored), which rejects a position in one step.
        self._patterns = [(index, found) for index, cue in enumerate(self.cues)
                          for found in _factored(cue.pattern)]

    def cue_indices(self, texts: Sequence[str]) -> list[set[int]]:
        """Indices (into :attr:`cues`) of the cues each text fires; one pass per cue per batch.

        Exactly ``{i for i, cue in enumerate(cues) if re.search(cue.pattern, clean(text))}``
        for each text, where ``clean`` is NFC + lower case (after mojibake repair, for the
        rare post whose Devanagari an export mangled). Repeated posts are matched once.
        """
        texts = list(texts)
        distinct = dict.fromkeys(texts)
        if len(distinct) == len(texts):
            return self._cue_indices(texts)
        keys = list(distinct)
        lookup = dict(zip(keys, self._cue_indices(keys), strict=True))
        return [set(lookup[t]) for t in texts]

    def _cue_indices(self, texts: Sequence[str]) -> list[set[int]]:
        found: list[set[int]] = [set() for _ in texts]
        if not texts:
            return found
        cleaned = [_clean(t) for t in texts]
        joined = _JOIN.join(cleaned)
        if not joined.isascii() and MOJIBAKE_HINT.search(joined):
            # Devanagari mangled by an export: match the repaired text, as the model reads it.
            cleaned = [_clean(repair_mojibake(t)) if MOJIBAKE_HINT.search(t) else c
                       for t, c in zip(texts, cleaned, strict=True)]
            joined = _JOIN.join(cleaned)
        starts = np.cumsum([0] + [len(t) + len(_JOIN) for t in cleaned[:-1]])
        for index, pattern in self._patterns:
            positions = [m.start() for m in pattern.finditer(joined)]
            if positions:
                owners = np.searchsorted(starts, positions, side="right") - 1
                for owner in set(owners.tolist()):
                    found[owner].add(index)
        return found

    def match(self, texts: Sequence[str]) -> list[LexiconMatch]:
        """Score and explain each text."""
        out = []
        for fired in self.cue_indices(texts):
            ordered = sorted(fired)
            z = self.bias + float(self._weights[ordered].sum()) if ordered else self.bias
            out.append(LexiconMatch(1.0 / (1.0 + math.exp(-z)),
                                    tuple(self.cues[i].name for i in ordered)))
        return out

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Scores in [0, 1] as an array (the same interface as the trained detector)."""
        return np.array([m.score for m in self.match(texts)], dtype=np.float64)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Boolean "is a grievance" per text at :attr:`threshold`."""
        return self.scores(texts) >= self.threshold
