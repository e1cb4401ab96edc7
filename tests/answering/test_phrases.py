"""Phrases of a parsed sentence: lists of names, the words that say which one a noun is, runs of proper nouns."""

from qa.answering.phrases import modifiers_start, name_lists, proper_runs
from qa.language.nlp import analyse


def _words(a, first: int, end: int) -> str:
    return a.text[a.starts[first]:a.ends[end - 1]]


def test_a_list_of_names_is_read_from_the_coordination_and_only_when_every_item_is_a_name():
    [a] = analyse(["The summit was hosted by France, Peru and Kenya; talks in Spain and parts of Chile followed."])
    lists = name_lists(a, 0, len(a), frozenset({"GPE"}))
    assert [[a.token_text(k) for k in items] for items in lists] == [["France", "Peru", "Kenya"]]
    last = lists[0][-1]
    assert a.token_text(a.first_conjunct(last)) == "France"


def test_the_words_before_a_noun_that_say_which_one():
    [a] = analyse(["Rowers reached the third and final stage on Sunday."])
    stage = next(i for i in range(len(a)) if a.token_text(i) == "stage")
    assert _words(a, modifiers_start(a, 0, stage), stage + 1) == "third and final stage"


def test_runs_of_proper_nouns():
    [a] = analyse(["Ana Costa met Omar Haddad in Ostvale."])
    assert [_words(a, f, e) for f, e in proper_runs(a, 0, len(a))] == ["Ana Costa", "Omar Haddad", "Ostvale"]


def test_reasons_and_purposes_are_read_from_their_connectives():
    from qa.answering.phrases import reason_phrases

    def reasons(text):
        [a] = analyse([text])
        return [_words(a, first, end) for first, end, _ in reason_phrases(a, 0, len(a))]

    assert reasons("The bridge closed because the river rose.") == ["because the river rose"]
    assert reasons("The match was delayed due to heavy rain.") == ["due to heavy rain"]
    assert reasons("The minister travelled to Lyon to sign the treaty.") == ["to sign the treaty"]
    assert reasons("She served as mayor of Lyon for ten years.") == []  # "as": a role, not a reason
    assert reasons("The bridge closed on Monday after ten years.") == []


def test_the_doer_of_an_act_is_its_subject_or_agent_or_the_subject_further_up():
    from qa.answering.phrases import doer_tokens

    def doer(text, verb):
        [a] = analyse([text])
        at = next(i for i in range(len(a)) if a.lemmas[i] == verb)
        found = doer_tokens(a, at, 0, len(a))
        return None if found is None else " ".join(a.token_text(k) for k in sorted(found))

    assert doer("Spanish player Ana Costa wins the Harbor Open.", "win") == "Spanish player Ana Costa"
    assert doer("The Harbor Open was won by Ana Costa.", "win") == "Ana Costa"
    assert "Ana Costa" in doer("Ana Costa beat Lena Ortiz, becoming the first player to win twice.", "win")
    assert doer("Whoever wins the vote on Sunday will replace mayor Ivo Brandt.", "win") == ""
    # A digest item's heading that spaCy parses as a second subject is not the doer.
    assert doer("2025 Harbor Cup; 2025 Ostvale Open: In tennis, Omar Haddad defeats Ivo Brandt 6–3, 7–6 (7–4), 6–3, "
                "in the men's singles final to win his second Ostvale Open title.", "win") == "Omar Haddad"


def test_consequences_and_clauses_of_time_are_no_reasons():
    from qa.answering.phrases import reason_phrases

    def reasons(text):
        [a] = analyse([text])
        return [_words(a, first, end) for first, end, _ in reason_phrases(a, 0, len(a))]

    assert reasons("The ferry service stopped, forcing passengers to fly.") == []
    assert reasons("The ferry service has stopped since the harbour froze in 2019.") == []
    assert reasons("The ferry service stopped, citing safety concerns.") == ["citing safety concerns"]
