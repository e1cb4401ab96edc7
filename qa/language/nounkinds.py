"""Whether a common noun names a kind of thing a question asks for, read from WordNet 3.0
(`qa/language/wordnet.py`).

"What bird nested under the bridge?" is answered by "… says a stork built the nest": no name
stands there, and spaCy labels no entity, but WordNet knows a stork is a wading bird, a bird.
The question's noun is a category only when it names physical things specific enough to sort
by: "object" sits too near the top of WordNet's tree to tell anything apart, and abstract nouns
("topic", "issue", "way") file almost anything under them by loose senses ("territory" as a
field of knowledge is a kind of topic).
"""

from __future__ import annotations

from functools import lru_cache

from qa.language.wordnet import senses, synset

# How many of the asked noun's senses count (WordNet lists senses commonest first), as for verbs.
# The noun found in a sentence counts by its commonest sense only: by its second, "head" is an
# animal ("200 head of cattle") and "country" a district.
COMMON_SENSES = 2
# A category's commonest sense must lie at least this many links below WordNet's root ("entity"):
# "object" (2) and "whole" (3) hold nearly every noun; "artifact" (4) and "animal" (6) sort them.
MIN_CATEGORY_DEPTH = 4


@lru_cache(maxsize=65536)
def _broader(offset: int) -> frozenset[int]:
    """The synset and every synset above it."""
    found = {offset}
    for parent in synset(offset, "noun").broader:
        found |= _broader(parent)
    return frozenset(found)


@lru_cache(maxsize=65536)
def _depth(offset: int) -> int:
    """Links on the shortest path up to the root."""
    parents = synset(offset, "noun").broader
    return 1 + min(_depth(parent) for parent in parents) if parents else 0


@lru_cache(maxsize=4096)
def is_category(noun: str) -> bool:
    """Can the noun sort other nouns into its kinds ("animal", "weapon", "artefact"): its
    commonest sense is a physical thing, far enough below the root?"""
    found = senses(noun, "noun")
    physical = senses("physical_entity", "noun")
    return bool(found) and bool(physical) and physical[0] in _broader(found[0]) and _depth(found[0]) >= MIN_CATEGORY_DEPTH


@lru_cache(maxsize=65536)
def is_kind_of(noun: str, category: str) -> bool:
    """Is the noun lemma, by its commonest sense, a kind of the category by one of its
    commonest senses ("stork" of "bird", "statue" of "artefact")? Not a kind of itself."""
    noun, category = noun.lower(), category.lower()
    if noun == category:
        return False
    wanted = set(senses(category, "noun")[:COMMON_SENSES])
    mine = senses(noun, "noun")[:1]
    return bool(wanted) and any((_broader(sense) - {sense}) & wanted for sense in mine)


def is_person_sense(offset: int) -> bool:
    """Is this noun synset a kind of person ("chairman", "founder")?"""
    person = set(senses("person", "noun")[:1])
    return bool(person) and bool((_broader(offset) - {offset}) & person)


@lru_cache(maxsize=65536)
def share_a_kind(noun: str, other: str, depth: int = 2) -> bool:
    """Are the two nouns kinds of one thing ("man"/"woman", "singles"/"doubles") — by their two
    commonest senses, within `depth` links up WordNet? True where WordNet lacks either word."""
    mine, theirs = senses(noun, "noun")[:COMMON_SENSES], senses(other, "noun")[:COMMON_SENSES]
    if not mine or not theirs:
        return True
    return bool(_within(mine, depth) & _within(theirs, depth))


@lru_cache(maxsize=65536)
def are_sibling_kinds(noun: str, other: str, depth: int = 2) -> bool:
    """Two kinds of one thing, neither a kind of the other by any sense nor one sense shared
    ("singles"/"doubles", not "race"/"marathon"); False where WordNet lacks either word."""
    mine, theirs = set(senses(noun, "noun")), set(senses(other, "noun"))
    if not mine or not theirs or mine & theirs:
        return False
    if any(_broader(t) & mine for t in theirs) or any(_broader(m) & theirs for m in mine):
        return False
    return share_a_kind(noun, other, depth)


def _within(offsets, depth: int) -> set[int]:
    found, frontier = set(offsets), set(offsets)
    for _ in range(depth):
        frontier = {parent for offset in frontier for parent in synset(offset, "noun").broader}
        found |= frontier
    return found


@lru_cache(maxsize=16384)
def _above_with_instances(offset: int) -> frozenset[int]:
    """The synset and every synset above it (12 links at most), through "instance of" links as
    well ("Germany" → European country → country)."""
    found, frontier = {offset}, {offset}
    for _ in range(12):
        frontier = {up for node in frontier for up in (*synset(node, "noun").broader, *synset(node, "noun").instance_of)} - found
        if not frontier:
            break
        found |= frontier
    return frozenset(found)


@lru_cache(maxsize=4096)
def is_place_sense(offset: int) -> bool:
    """Is this noun synset a place — a named one included ("Holland": an instance of a country)?"""
    return bool(_above_with_instances(offset) & set(senses("location", "noun")[:1]))


@lru_cache(maxsize=16384)
def names_a_place(name: str, kind: str | None = None) -> bool:
    """Does WordNet know the name as a place by one of its commonest senses — and, where a place
    noun is asked ("which countries"), as one of that kind ("Luxembourg": a capital, and a
    country)? spaCy's small model leaves many place names unlabelled ("fines Germany €34 million")."""
    # Only senses WordNet files as instances: named places, not a common noun's ("the bush").
    offsets = [o for o in senses(name.lower().replace(" ", "_"), "noun")[:COMMON_SENSES] if synset(o, "noun").instance_of]
    if kind is None:
        return any(is_place_sense(o) for o in offsets)
    # "Which stadium", "which museum": WordNet files these as buildings, with no named place under
    # them, so no place it knows is one.
    wanted = set(senses(kind, "noun")[:COMMON_SENSES])
    return any(_above_with_instances(o) & wanted for o in offsets)
