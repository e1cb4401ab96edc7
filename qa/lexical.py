"""Words for lexical matching: lower-cased, stemmed, stop words out (shared by evidence and citations)."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[\w’'-]+", re.UNICODE)
STOP_WORDS = frozenset(
    """a an the and or but if of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where why
    how all any both each few more most other some such no nor not only own same so than too very can will
    just don should now is are was were be been being have has had having do does did doing i me my we our
    you your he him his she her it its they them their what which who whom this that these those am would
    could also as said says say according while whose within upon per via many much along across among
    amid amidst around behind beside besides beyond despite inside outside onto toward towards throughout
    until without near since""".split()
)
# Words that shape a question but never occur in its answer.
QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how many much did does do tell name list give describe explain "
    "happen happened occur occurred take took place exactly specifically actually "
    # words about the corpus itself, not about the news
    "corpus article articles report reports reported source sources mention mentioned mentions "
    "describe described describes reporting coverage".split()
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    return [w.strip("’'-").lower() for w in _WORD.findall(text) if w.strip("’'-")]


# British and American spellings meet in one form ("defence" and "defense" are one word).
_SPELLINGS = {
    "defence": "defense", "offence": "offense", "licence": "license", "centre": "center",
    "programme": "program", "travelled": "traveled", "travelling": "traveling", "armoured": "armored",
    "honoured": "honored", "favour": "favor", "labour": "labor", "organised": "organized",
    "recognised": "recognized", "emphasised": "emphasized", "organise": "organize",
}


def _canonical(word: str) -> str:
    word = _SPELLINGS.get(word, word)
    if len(word) > 5 and word.endswith("our") and word not in ("favour",):
        word = word[:-3] + "or"  # honour → honor, armour → armor
    return word


@lru_cache(maxsize=50_000)
def content_terms(text: str) -> frozenset[str]:
    """Stemmed content words; possessive 's dropped ("Pakistan’s" → "pakistan")."""
    kept = []
    for word in words(text):
        word = _canonical(re.sub(r"[’']s$", "", word))
        if word and word not in STOP_WORDS and word not in QUESTION_WORDS:
            kept.append(word)
    return frozenset(_stemmer().stemWords(kept))


def stems(words_: list[str]) -> list[str]:
    """Each word as `content_terms` would stem it, in order, stop words kept (for positions)."""
    return _stemmer().stemWords([_canonical(re.sub(r"[’']s$", "", w)) for w in words_])


def coverage(needles: frozenset[str], haystack: frozenset[str]) -> float:
    """Share of `needles` found in `haystack` (1.0 when there is nothing to find)."""
    if not needles:
        return 1.0
    return len(needles & haystack) / len(needles)


_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)+")


def unknown_names(question: str, known) -> list[str]:
    """Names in `question` the corpus never mentions: two or more capitalised words in a row of
    which no word occurs in any passage ("Nikol Pashinyan" in "Did Armenian Prime Minister Nikol
    Pashinyan…"). `known(term)` says whether a stemmed content term occurs in the corpus.
    One unknown capitalised word alone is not enough: it may be an adjective ("Himalayan")."""
    names = []
    for run in _CAPITALISED_RUN.finditer(question):
        unknown: list[str] = []
        for word in run.group().split() + [""]:  # "" closes the last stretch
            terms = content_terms(word) if word else frozenset()
            if terms and not any(known(t) for t in terms):
                unknown.append(word)
                continue
            if len(unknown) >= 2:
                names.append(" ".join(unknown))
            unknown = []
    return names
