"""Lexical helpers: content terms and names the corpus never mentions."""

from __future__ import annotations

from qa.language.lexical import content_terms, related_term, unknown_names

CORPUS_TERMS = content_terms("Armenian Prime Minister Shehbaz Sharif President Ilham Aliyev said on Friday")


def known(term: str) -> bool:
    return term in CORPUS_TERMS


def test_content_terms_drop_stop_words_and_prepositions():
    assert content_terms("Fire along the border") == frozenset({"fire", "border"})
    assert content_terms("Pakistan’s defence") == content_terms("pakistan defense")


def test_a_name_of_which_no_word_is_in_the_corpus_is_unknown():
    assert unknown_names("What did Armenian Prime Minister Nikol Pashinyan say?", known) == ["Nikol Pashinyan"]
    assert unknown_names("Did President Recep Tayyip Erdogan attend?", known) == ["Recep Tayyip Erdogan"]


def test_known_names_and_lone_capitalised_words_are_not_unknown():
    assert unknown_names("What did President Ilham Aliyev say?", known) == []
    assert unknown_names("What did Aliyev say about the Himalayan dispute?", known) == []  # an adjective, maybe
    assert unknown_names("Did Shehbaz Sharif meet Ilham Aliyev?", known) == []


def test_a_part_of_a_hyphenated_word_is_related_to_it():
    # spaCy splits "Vel-Arnholt" in a question; the texts' words keep it whole.
    available = content_terms("troops left the Vel-Arnholt region")
    assert related_term("vel", available) and related_term("arnholt", available)
    assert not related_term("arnhol", content_terms("troops left the region"))


def test_a_name_and_its_adjective_name_the_same_thing():
    from qa.language.lexical import content_terms, related_name, related_term

    assert related_name("canada", content_terms("2025 Canadian federal election"))
    assert related_name("israel", content_terms("Israeli forces withdraw"))  # "isra": a stem, not a lemma
    assert all(related_name(t, content_terms("Voters in France go to the polls")) for t in content_terms("French"))
    assert not related_name("canada", content_terms("2025 Australian federal election"))
    # Only as names: a value naming the country is not "the question's own name" ("Air France"
    # answers "which French airline"), and "rural" does not meet "country".
    assert not related_term("french", content_terms("Air France"))
    assert not related_name("countri", content_terms("rural roads"))


def test_initials_skip_the_function_words_inside_a_name():
    from qa.language.lexical import acronyms

    assert "fda" in acronyms("The Food and Drug Administration approved it.")
    assert "ioc" in acronyms("The International Olympic Committee of Lausanne met.")


def test_a_country_may_be_named_by_another_of_its_names():
    from qa.language.lexical import name_synonyms

    assert frozenset({"unit", "kingdom"}) in name_synonyms("Britain")
    assert frozenset({"myanmar"}) in name_synonyms("Burma")
    assert not any(terms == frozenset({"state"}) for terms in name_synonyms("America"))  # not "the States"
    assert name_synonyms("Ostvale") == ()


def test_a_word_differs_from_a_name_by_an_ending_not_by_another_word():
    from qa.language.lexical import related_word

    assert related_word("mongol", "mongolia") and related_word("brazil", "brazilian")
    assert not related_word("green", "greenland")  # "the Greens" say nothing of Greenland


def test_a_verb_says_its_lemma_by_a_regular_form_the_lemmatizer_got_wrong():
    from qa.language.lexical import says_word, verb_forms
    from qa.language.nlp import analyse

    assert verb_forms("fine") == {"fines", "fined", "fining"}
    assert {"stopped", "stopping"} <= verb_forms("stop") and "stoped" not in verb_forms("stop")
    assert {"carries", "carried"} <= verb_forms("carry") and {"visited", "visits"} <= verb_forms("visit")
    assert "seed" not in verb_forms("see") and "feed" not in verb_forms("fee")  # verbs of their own
    [a] = analyse(["The panel fines Ostvale two million euros."])
    fines = next(i for i in range(len(a)) if a.token_text(i) == "fines")
    assert a.pos[fines] == "VERB" and a.lemmas[fines] != "fine"  # spaCy's small model: "fin"
    assert says_word(a, "fine", fines, fines + 1)
