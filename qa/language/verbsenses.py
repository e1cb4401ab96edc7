"""Whether two verbs can name the same act, read from WordNet 3.0 (`qa/language/wordnet.py`).

"Which team did they beat?" is answered by "… won the cup by defeating the Rovers": the asked verb
and the text's differ. The embedder cannot decide this (it rates "win" and "lose" as close as
synonyms); WordNet can: two verbs name the same act when one of their commonest senses is shared,
or one sense is a direct kind of the other ("beat" → "defeat"), unless WordNet records them as
opposites ("come"/"go"). Light verbs ("have", "get") name no act of their own and meet only
themselves.
"""

from __future__ import annotations

from functools import lru_cache

from qa.language.wordnet import senses, synset

# Verbs that carry little meaning of their own: no question's predicate, no other verb's synonym
# (WordNet joins "have" to "star" and "get" to "win" by rare senses). Closed class, not a topic.
LIGHT_VERBS = frozenset({"be", "have", "do", "get", "make", "take", "happen", "occur"})

# How many of a verb's senses count (WordNet lists senses commonest first). Calibrated on both gold
# sets' calibration splits (1, 2 or 3 senses, with and without the "kind of" link): with 3, "lead"
# meets "take" and "promote" meets "support". Two senses still join some acts a reader would keep
# apart: "defeat" and "kill" share their second sense (to defeat a bill is to kill it).
COMMON_SENSES = 2


@lru_cache(maxsize=65536)
def same_act(verb: str, other: str) -> bool:
    """Can the two verb lemmas name the same act ("beat"/"defeat", "tell"/"say")?"""
    if verb == other:
        return True
    if verb in LIGHT_VERBS or other in LIGHT_VERBS:
        return False
    mine = senses(verb, "verb")[:COMMON_SENSES]
    theirs = senses(other, "verb")[:COMMON_SENSES]
    if not mine or not theirs:
        return False
    every_mine, every_theirs = set(senses(verb, "verb")), set(senses(other, "verb"))
    if any(set(synset(s, "verb").opposite) & every_theirs for s in every_mine):
        return False  # opposites by any sense ("come"/"go") are never one act
    if set(mine) & set(theirs):
        return True
    return any(set(synset(s, "verb").broader) & set(theirs) for s in mine) or \
        any(set(synset(s, "verb").broader) & set(mine) for s in theirs)


@lru_cache(maxsize=4096)
def agent_nouns(verb: str) -> frozenset[str]:
    """Nouns for one who does the act, derived from the verb in WordNet by its commonest senses and
    made from it ("chair" → chairman, chairperson; "found" → founder): "Who chaired the panel?" is
    answered by "the chairman of the panel, Ana Costa", where no verb says it."""
    from qa.language.nounkinds import is_person_sense

    found = set()
    for sense in senses(verb, "verb")[:COMMON_SENSES]:
        for word, offset in synset(sense, "verb").derived_nouns:
            if word in (verb, "") and is_person_sense(offset):
                # The forms made from the verb itself ("winner", not "victor" or "success"), and
                # not the one the act is done to ("interviewee").
                found.update(noun for noun in synset(offset, "noun").words
                             if noun.startswith(verb.rstrip("e")) and not noun.endswith("ee") and "_" not in noun)
    return frozenset(found)
