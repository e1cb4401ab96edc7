"""Words for lexical matching: lower-cased, stemmed, stop words out (shared by evidence and citations)."""

from __future__ import annotations

import re
from functools import lru_cache

from qa.language.verbsenses import same_act
from qa.language.wordnet import name_adjectives, senses

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

# Third-person pronouns, by what they can stand for (closed class): follow-up detection and the
# parts of a question that refer back read them alike.
PERSON_PRONOUNS = frozenset("he him his she her hers".split())
THING_PRONOUNS = frozenset("it its".split())
PLURAL_PRONOUNS = frozenset("they them their theirs".split())


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def words(text: str) -> list[str]:
    """Lower-case words; an acronym written with stops is one word ("U.S." → "us")."""
    text = _ACRONYM.sub(lambda m: m.group().replace(".", ""), text)
    return [w.strip("’'-").lower() for w in _WORD.findall(text) if w.strip("’'-")]


# British and American spellings meet in one form, by general rules of English orthography
# (no list of words): -our → -or, -ise/-yse → -ize/-yze, -tre → -ter, doubled l before -ed/-ing.
_ORTHOGRAPHY = [
    (re.compile(r"^(\w{3,})our(s|ed|ing|ful|ite|able)?$"), r"\1or\2"),
    (re.compile(r"^(\w{3,})is(e|es|ed|ing|ation|ations)$"), r"\1iz\2"),
    (re.compile(r"^(\w{3,})ys(e|es|ed|ing)$"), r"\1yz\2"),
    (re.compile(r"^(\w{2,})tre(s)?$"), r"\1ter\2"),
    (re.compile(r"^(\w{3,}[aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
    (re.compile(r"^(\w{3,})ence$"), r"\1ense"),
]


def _canonical(word: str) -> str:
    for pattern, replacement in _ORTHOGRAPHY:
        if pattern.match(word):
            return pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=50_000)
def content_terms(text: str) -> frozenset[str]:
    """Stemmed content words; possessive 's dropped ("Brazil’s" → "brazil")."""
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
    which no word occurs in any passage ("Ivo Novak" in "Did Croatian Governor Ivo
    Novak…"). `known(term)` says whether a stemmed content term occurs in the corpus.
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


_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})


def lemma_terms(analysis, first: int = 0, end: int | None = None) -> frozenset[str]:
    """Content terms of tokens first..end-1 from spaCy's lemmas ("won" → "win", "met" → "meet"),
    stemmed like `content_terms`, so that both kinds of term meet."""
    end = len(analysis) if end is None else end
    kept = []
    for i in range(first, end):
        if analysis.pos[i] not in _CONTENT_POS:
            continue
        for word in words(analysis.lemmas[i]):
            word = _canonical(re.sub(r"[’']s$", "", word))
            if word and word not in STOP_WORDS and word not in QUESTION_WORDS:
                kept.append(word)
    return frozenset(_stemmer().stemWords(kept))


def says_word(analysis, lemma: str, first: int = 0, end: int | None = None) -> bool:
    """Do tokens first..end-1 say `lemma` ("hosted" for "host")? By stem, by lemma itself (a
    verb such as "name" is also a question word, which content terms leave out), for a verb by
    one of the lemma's regular forms (spaCy lemmatizes the verb "fines" as "fin"), or by another
    verb for the same act ("defeating" for "beat", `verbsenses.same_act`)."""
    end = len(analysis) if end is None else end
    return bool(set(stems([lemma])) & lemma_terms(analysis, first, end)) or any(
        analysis.lemmas[i] == lemma or (analysis.pos[i] == "VERB" and (
            analysis.token_text(i).lower() in verb_forms(lemma) or same_act(analysis.lemmas[i], lemma)))
        for i in range(first, end))


@lru_cache(maxsize=8192)
def verb_forms(lemma: str) -> frozenset[str]:
    """The regular inflections of a verb ("fine" → fines, fined, fining; "stop" → stopped), by
    English spelling rules; an irregular verb's other forms come from spaCy's lemmas."""
    if not lemma.isalpha():
        return frozenset()
    lemma = lemma.lower()
    if re.search(r"[^aeiou]y$", lemma):  # "carry" → carries, carried, carrying
        return _not_other_verbs(lemma, {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"})
    forms = {lemma + ("es" if re.search(r"(s|x|z|ch|sh|o)$", lemma) else "s")}
    if lemma.endswith("e"):  # "fine" → fined, fining; "agree" → agreed, agreeing
        return _not_other_verbs(lemma, forms | {lemma + "d", (lemma if lemma.endswith("ee") else lemma[:-1]) + "ing"})
    bases = {lemma}
    if re.search(r"[^aeiou][aeiou][bdfgklmnprtvz]$", lemma):
        # A final consonant after one vowel doubles in one syllable ("stop" → stopped); in longer
        # verbs it depends on the stress ("visited", "admitted"), so both spellings are kept.
        one_syllable = len(re.findall(r"[aeiouy]+", lemma)) == 1
        bases = {lemma + lemma[-1]} if one_syllable else {lemma, lemma + lemma[-1]}
    forms |= {base + "ed" for base in bases} | {base + "ing" for base in bases}
    return _not_other_verbs(lemma, forms)


def _not_other_verbs(lemma: str, forms: set[str]) -> frozenset[str]:
    """The forms that are not themselves another verb ("seed" is no form of "see", "feed" none of "fee")."""
    return frozenset(form for form in forms if form == lemma or not senses(form, "verb"))


def says_verb(analysis, lemma: str, first: int = 0, end: int | None = None) -> bool:
    """Do tokens first..end-1 say `lemma` as a verb? "the court ruled" reports the ruling; "the
    ruling is expected" does not."""
    end = len(analysis) if end is None else end
    return any(analysis.pos[i] == "VERB" and says_word(analysis, lemma, i, i + 1) for i in range(first, end))


def acronyms(text: str) -> frozenset[str]:
    """Initials of runs of capitalised words ("United Nations General Assembly" → un, unga, ga…),
    so that a question's "UN" meets a text's "United Nations" (and the other way round)."""
    found: set[str] = set()
    # Function words inside a name have no initial: "Bureau of Land Management" is BLM.
    for run in re.finditer(r"(?:\b[A-Z][\w’'-]*\s+(?:(?:and|of|for|the|&)\s+)?)+[A-Z][\w’'-]*", text):
        initials = "".join(w[0].lower() for w in run.group().split() if w[0].isupper())
        for a_ in range(len(initials)):
            for b in range(a_ + 2, min(len(initials), a_ + 5) + 1):
                found.add(initials[a_:b])
    return frozenset(found)


def related_term(term: str, available: frozenset[str]) -> bool:
    """The term, or a word related to it (`related_word`) among `available`."""
    return term in available or any(related_word(term, other) for other in available)


def related_name(term: str, available: frozenset[str]) -> bool:
    """`related_term`, or a name and the adjective of it ("Canada" / "Canadian", "China" /
    "Chinese"): how a text may name what a question names."""
    return related_term(term, available) or bool(_name_adjective_stems().get(term, frozenset()) & available)


@lru_cache(maxsize=1)
def _name_adjective_stems() -> dict[str, frozenset[str]]:
    """Stem → stems it may stand for: each adjective of a name with its one-word names, both ways
    (WordNet's pertainyms, `qa.language.wordnet.name_adjectives`)."""
    linked: dict[str, set[str]] = {}
    for adjective, nouns in name_adjectives().items():
        names = [noun for noun in nouns if "_" not in noun]
        if not names:
            continue
        [adjective_stem] = stems([adjective])
        for noun_stem in stems(names):
            if noun_stem != adjective_stem:
                linked.setdefault(adjective_stem, set()).add(noun_stem)
                linked.setdefault(noun_stem, set()).add(adjective_stem)
    return {stem: frozenset(others) for stem, others in linked.items()}


def related_word(term: str, other: str) -> bool:
    """A word that differs from the term only by an ending ("Brazilian" / "Brazil", "Mongol" /
    "Mongolia"): names and their adjectives; or a hyphenated word the term is a part of
    ("Karabakh" in "Nagorno-Karabakh", which spaCy splits in a question)."""
    if "-" in other and "-" not in term and term in hyphen_parts(other):
        return True
    return (len(term) >= 5 and len(other) >= 5 and abs(len(other) - len(term)) <= 3
            and (other.startswith(term) or term.startswith(other)))


@lru_cache(maxsize=65536)
def hyphen_parts(word: str) -> frozenset[str]:
    """The parts of a hyphenated word, as written and stemmed ("nagorno-karabakh" → nagorno, karabakh)."""
    parts = [part for part in word.split("-") if part]
    return frozenset(parts) | frozenset(_stemmer().stemWords(parts))


@lru_cache(maxsize=4096)
def name_synonyms(name: str) -> tuple[frozenset[str], ...]:
    """Other names WordNet gives the same place by the name's commonest sense, as term sets
    ("Holland" → netherlands; "Persia" → iran): a question may name a
    country otherwise than its articles do. Places only: "Bush" is no shrub."""
    from qa.language.nounkinds import is_place_sense
    from qa.language.wordnet import senses, synset

    found = senses(name, "noun")[:1]
    if not found or not name[:1].isupper() or not is_place_sense(found[0]):
        return ()
    own = content_terms(name)
    others = []
    for word in synset(found[0], "noun").words:
        if word.startswith("the_"):
            continue  # "the states": a common noun once the article is gone
        terms = content_terms(word.replace("_", " "))
        if terms and terms != own and terms not in others:
            others.append(terms)
    return tuple(others)
