"""Whether two verbs can name the same act, read from WordNet 3.0 (`qa/language/wordnet.py`).

"Which team did India beat?" is answered by "India wins the trophy by defeating New Zealand": the
asked verb and the text's differ. The embedder cannot decide this (it rates "win" and "lose" as
close as synonyms); WordNet can: two verbs name the same act when one of their commonest senses is
shared, or one sense is a direct kind of the other ("beat" → "defeat"). Antonyms are never merged.
"""

from __future__ import annotations

from functools import lru_cache

from qa.language.wordnet import senses, synset

# How many of a verb's senses count (WordNet lists senses commonest first): beyond the first two,
# rare senses join unrelated acts ("lead" is to "take", "defeat" a bill is to "kill" it). Calibrated
# on both gold sets' calibration splits: 1, 2 or 3 senses, with and without the "kind of" link.
COMMON_SENSES = 2


@lru_cache(maxsize=65536)
def same_act(verb: str, other: str) -> bool:
    """Can the two verb lemmas name the same act ("beat"/"defeat", "tell"/"say")?"""
    if verb == other:
        return True
    mine = set(senses(verb, "verb")[:COMMON_SENSES])
    theirs = set(senses(other, "verb")[:COMMON_SENSES])
    if not mine or not theirs:
        return False
    if mine & theirs:
        return True
    return any(set(synset(s, "verb").broader) & theirs for s in mine) or \
        any(set(synset(s, "verb").broader) & mine for s in theirs)
