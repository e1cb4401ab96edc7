"""Verbs for one act, read from WordNet 3.0."""

from __future__ import annotations

from qa.language.verbsenses import same_act


def test_a_verb_and_its_synonym_or_direct_kind_name_one_act():
    assert same_act("beat", "defeat")  # "beat" (come out better) is a kind of "defeat"
    assert same_act("defeat", "beat")
    assert same_act("tell", "say")  # one synset: state, say, tell
    assert same_act("receive", "obtain")


def test_opposites_are_never_one_act():
    assert not same_act("win", "lose")
    assert not same_act("come", "go")  # WordNet records them as opposites, though they share a sense
    assert not same_act("deport", "repatriate")


def test_light_verbs_meet_only_themselves():
    assert not same_act("have", "star")  # joined by a rare sense of "have"
    assert not same_act("get", "win")
    assert not same_act("do", "make")
    assert same_act("have", "have")


def test_unrelated_acts_and_rare_senses_are_not_one_act():
    assert not same_act("host", "win")
    assert not same_act("beat", "elect")
    assert not same_act("lead", "take")  # "take" is in lead's first sense, but it is take's third
    assert not same_act("frobnicate", "beat")  # a word WordNet does not know


def test_the_doer_of_an_act_is_named_by_nouns_made_from_its_verb():
    from qa.language.verbsenses import agent_nouns

    assert {"chairman", "chair"} <= agent_nouns("chair")
    assert "founder" in agent_nouns("found") and "father" not in agent_nouns("found")
    assert "winner" in agent_nouns("win") and "success" not in agent_nouns("win")
    assert "interviewer" in agent_nouns("interview") and "interviewee" not in agent_nouns("interview")
