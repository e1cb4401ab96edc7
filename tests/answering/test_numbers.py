"""When a number is a count of what is asked: the asked act's own count, tallies and clock times,
numbers joined to words, bare years."""

from qa.answering.numbers import CLOCK, TALLY, in_the_acts_clause, is_year, part_of_a_word
from qa.answering.question import read_question
from qa.language.nlp import analyse


def _token(a, text: str) -> int:
    return next(i for i in range(len(a)) if a.token_text(i) == text)


def test_a_number_under_another_act_joined_to_the_asked_one_is_not_in_its_clause():
    [a] = analyse(["At least 25 people are killed and over 800 others are injured in the blast."])
    injured = [k for k in range(len(a)) if a.lemmas[k] == "injure"]
    assert in_the_acts_clause(a, _token(a, "800"), _token(a, "800") + 1, injured)
    assert not in_the_acts_clause(a, _token(a, "25"), _token(a, "25") + 1, injured)
    [b] = analyse(["Ostvale signed the treaty on Monday, joining 40 other countries."])
    signed = [k for k in range(len(b)) if b.lemmas[k] == "sign"]
    assert in_the_acts_clause(b, _token(b, "40"), _token(b, "40") + 1, signed)  # a clause below the act


def test_tallies_clock_times_and_numbers_joined_to_words():
    assert TALLY.match("40–22") and not TALLY.match("2024–25")
    assert CLOCK.match("2:17:22") and CLOCK.match("2:02.31") and not CLOCK.match("2025")
    [a] = analyse(["She completed a three-peat with the 131-page report."])
    assert part_of_a_word(a, _token(a, "three"), "page")
    assert not part_of_a_word(a, _token(a, "131"), "page")  # the counted word itself
    [y] = analyse(["It opened in 2019."])
    year = _token(y, "2019")
    assert is_year(y, year, year + 1, read_question("How many bridges opened?"))
    assert not is_year(y, year, year + 1, read_question("In which year did the bridge open?"))
