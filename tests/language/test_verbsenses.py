"""Verbs for one act, read from WordNet 3.0."""

from __future__ import annotations

from qa.language.verbsenses import same_act


def test_a_verb_and_its_synonym_or_direct_kind_name_one_act():
    assert same_act("beat", "defeat")  # "beat" is a kind of "defeat"
    assert same_act("defeat", "beat")
    assert same_act("tell", "say")
    assert same_act("receive", "get")
    assert same_act("host", "host")


def test_opposites_unrelated_acts_and_rare_senses_are_not_one_act():
    assert not same_act("win", "lose")
    assert not same_act("host", "win")
    assert not same_act("beat", "elect")
    assert not same_act("lead", "take")  # only "lead"'s fourth sense is "take"
    assert not same_act("frobnicate", "beat")  # a word WordNet does not know
