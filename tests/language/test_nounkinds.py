"""Common nouns sorted under a category, read from WordNet 3.0."""

from __future__ import annotations

from qa.language.nounkinds import is_category, is_kind_of


def test_a_noun_is_a_kind_of_the_categories_above_it():
    assert is_kind_of("stork", "bird")  # wading bird, aquatic bird … bird
    assert is_kind_of("fox", "animal")
    assert is_kind_of("mouse", "rodent")
    assert is_kind_of("helmet", "artefact")  # the British spelling is one synset with "artifact"
    assert is_kind_of("province", "district")


def test_a_noun_is_not_a_kind_of_itself_its_synonym_or_an_unrelated_category():
    assert not is_kind_of("animal", "animal")
    assert not is_kind_of("artifact", "artefact")
    assert not is_kind_of("transformer", "animal")
    assert not is_kind_of("stork", "weapon")
    assert not is_kind_of("head", "animal")  # only by its second sense ("200 head of cattle"): the commonest counts
    assert not is_kind_of("zzyzzyx", "animal")  # unknown to WordNet


def test_only_a_specific_noun_sorts_others():
    assert is_category("animal") and is_category("weapon") and is_category("artefact")
    assert not is_category("object")  # nearly every noun is one
    assert not is_category("topic") and not is_category("issue")  # abstract: loose senses file anything under them
    assert not is_category("zzyzzyx")


def test_nouns_are_kinds_of_one_thing_only_near_in_wordnet():
    from qa.language.nounkinds import share_a_kind

    assert share_a_kind("man", "woman") and share_a_kind("singles", "doubles")
    assert not share_a_kind("budget", "flag") and not share_a_kind("campaign", "activist")
    assert share_a_kind("frobnicator", "flag")  # a word WordNet does not know stays a rival


def test_a_name_is_a_place_by_its_named_senses_and_of_the_kind_asked():
    from qa.language.nounkinds import names_a_place

    assert names_a_place("Germany") and names_a_place("Germany", "country")
    assert names_a_place("Luxembourg", "country")  # its commonest sense is the capital; its second the country
    assert names_a_place("Paris", "city") and not names_a_place("Paris", "country")
    assert names_a_place("New Zealand", "country")  # a name of several words
    assert not names_a_place("Bush")  # "the bush" is a common noun's sense, not a named place
    assert not names_a_place("Ana Costa") and not names_a_place("Ostvale")  # unknown to WordNet
    assert names_a_place("Baku", "city") and not names_a_place("Baku", "country")
    assert not names_a_place("Baku", "stadium")  # a building: no named place is one
