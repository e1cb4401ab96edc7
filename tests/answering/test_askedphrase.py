"""The words a refusal uses for what was asked."""

from qa.answering.question import read_question


def test_what_is_asked_keeps_its_did_in_quotes_rather_than_losing_the_tense():
    # Without "did" the refusal read "but not how many seats the ruling coalition win".
    assert read_question("How many seats did the ruling coalition win in the city election?").asked \
        == "“how many seats did the ruling coalition win in the city election”"
    assert read_question("Who did the most damage in the storm?").asked == "“who did the most damage in the storm”"
    assert read_question("Which team did Riverside United beat?").asked == "which team"
    # A refusal once read "… but not what.": a "what did" question keeps its verb.
    assert read_question("What did Mayor Ana Costa announce at the opening?").asked == "“what did Mayor Ana Costa announce”"


def test_what_is_asked_keeps_its_noun_whole_and_leaves_the_named_one_its_title():
    # Before: "how many separate", "“how many hours did Senator”", "what share of the first",
    # "how many years after": cut inside a phrase, or ending on a word of the name it stopped at.
    assert read_question("How many separate Velmoran officials did Ana Costa call on?").asked \
        == "how many separate Velmoran officials"
    assert read_question("How many hours did Senator Ana Costa speak in the chamber?").asked == "how many hours"
    assert read_question("What share of the first-round vote did Ana Costa win?").asked \
        == "what share of the first-round vote"
    assert read_question("How many years after the Velmora Medal was founded was it given to Ana Costa?").asked \
        == "how many years"
    assert read_question("In which city was the Velmora ceasefire agreed?").asked == "which city"
