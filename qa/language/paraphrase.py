"""Words that may say what a question's word says, from WordNet 3.0: the other words of its
commonest senses and of the senses one link above or below them ("physician" → doctor;
"footwear" → shoe; "automobile" → car). Askers paraphrase the news ("the town's physician" for
"Dr Ana Costa, the town doctor"); the embedder weighs such pairs weakly. Only the noun, verb or adjective's two commonest senses count, and only words WordNet
lists, so no topic is known here.
"""

from __future__ import annotations

from functools import lru_cache

from qa.language.lexical import stems
from qa.language.nlp import Analysis
from qa.language.nounkinds import is_person_sense
from qa.language.wordnet import senses, synset

COMMON_SENSES = 2
_POS = {"NOUN": "noun", "VERB": "verb", "ADJ": "adj"}
# Above this many words a sense one link below is a broad class ("person" lists hundreds of kinds).
MAX_NARROWER = 40


@lru_cache(maxsize=8192)
def related_words(lemma: str, pos: str, broader: bool = True, of_a_person: bool = False) -> frozenset[tuple[str, ...]]:
    """Stemmed word sequences that may say the lemma (one-word or several: ("head", "teacher")),
    the lemma's own excluded. `broader=False`: its synonyms and its kinds only ("bridge" → viaduct,
    never "teacher" → educator), for a noun that must name the very thing. `of_a_person`: only the
    noun's senses that are persons ("who was the head of the agency": the chief, whose kinds
    include the administrator, is the fourth sense of "head", after the body part)."""
    own = tuple(stems(lemma.lower().split()))
    found: set[tuple[str, ...]] = set()
    chosen = senses(lemma, pos)
    if of_a_person:
        chosen = tuple(sense for sense in chosen if is_person_sense(sense))
    for sense in chosen[:COMMON_SENSES]:
        entry = synset(sense, pos)
        linked = [sense]
        if pos == "noun":  # a verb's broader senses are bare acts ("win" → "get", "take")
            if broader:
                linked += list(entry.broader)
            if len(entry.narrower) <= MAX_NARROWER:
                linked += list(entry.narrower)
        for offset in linked:
            for word in synset(offset, pos).words:
                if of_a_person and senses(word, pos)[:1] != (offset,):
                    continue  # a kind by a rare sense ("father": the head of a family of the Mafia) says another person
                form = tuple(stems(word.replace("_", " ").replace("-", " ").split()))
                if form and form != own and all(form):
                    found.add(form)
    return frozenset(found)


def question_paraphrases(a: Analysis, skip: set[int]) -> tuple[tuple[frozenset[str], frozenset[tuple[str, ...]]], ...]:
    """For each content word or WordNet compound of the question ("head teacher", "post
    office") outside `skip` (names, times, the question word): its stemmed terms and the word
    sequences that may say it."""
    found = []
    used: set[int] = set()
    for size in (3, 2, 1):
        for first in range(len(a) - size + 1):
            span = range(first, first + size)
            if any(k in skip or k in used for k in span):
                continue
            head = first + size - 1 if size > 1 else first
            # A lower-case word tagged a proper noun is a noun the small model mistagged ("the head teacher").
            tag = "NOUN" if a.pos[head] == "PROPN" and a.token_text(head).islower() else a.pos[head]
            pos = _POS.get(tag)
            if pos is None:
                continue
            lemma = " ".join(a.lemmas[k].lower() for k in span) if size > 1 else a.lemmas[first].lower()
            if size > 1 and not senses(lemma, pos):
                continue
            related = related_words(lemma, pos)
            if related:
                found.append((frozenset(stems(lemma.split())), related))
                used.update(span)
    return tuple(found)


def paraphrased_terms(paraphrases, sentence_stems: list[str]) -> frozenset[str]:
    """The question terms the sentence says in other words: one of their related word sequences
    stands in the sentence's stemmed words, in order."""
    present = set(sentence_stems)
    found: set[str] = set()
    for terms, related in paraphrases:
        for form in related:
            if form[0] in present and (len(form) == 1 or _in_order(form, sentence_stems)):
                found |= terms
                break
    return frozenset(found)


def _in_order(form: tuple[str, ...], sequence: list[str]) -> bool:
    n = len(form)
    return any(tuple(sequence[i:i + n]) == form for i in range(len(sequence) - n + 1))


def sentence_stems(a: Analysis, first: int, end: int) -> list[str]:
    """The sentence's lemmas, stemmed, in order: what `paraphrased_terms` looks in."""
    return stems([a.lemmas[k].lower() for k in range(first, end)])
