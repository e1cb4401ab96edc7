"""When a number in a sentence is a count of what is asked: a list that names only some, a
number that counts things rather than an amount, a score or a clock time in one token, a number
joined to a word ("three-peat"), a bare year, and whether a number stands under the asked act or
under another act joined to it."""

from __future__ import annotations

import re

from qa.answering.question import Question
from qa.language.nlp import Analysis

# Words that mark a list as some of the things, not all ("including A and B", "A and B, among
# others"): English function words, closed class.
PARTIAL_LIST_WORDS = frozenset({"include", "including", "like", "such", "among", "other", "others"})


def partial_list(a: Analysis, items: list[int], end: int) -> bool:
    """"Hosted by A and B, among others", "including A and B": a list that names only some."""
    last = a.entity_at(items[-1]).end
    before = a.lemmas[a.heads[items[0]]]
    return before in PARTIAL_LIST_WORDS or any(a.lemmas[k] in PARTIAL_LIST_WORDS for k in range(last, min(end, last + 3)))


def counts_things(a: Analysis, first: int, end: int) -> bool:
    """A number before a plural noun it counts ("two bridges", "40 schools")."""
    numbers = [k for k in range(first, end) if a.pos[k] == "NUM"]
    return bool(numbers) and all(a.dep[k] == "nummod" and a.pos[a.heads[k]] == "NOUN"
                                 and a.token_text(a.heads[k]).lower() != a.lemmas[a.heads[k]].lower() for k in numbers)


# Two counts joined by a dash in one token: a score or a vote ("40–22", "93–18"), not a span of
# years ("2024–25"), whose first number has four digits.
TALLY = re.compile(r"^\d{1,3}[–-]\d{1,3}$")
# A clock or a race time ("14:30", "2:17:22", "2:02.31").
CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?$")


def in_the_acts_clause(a: Analysis, first: int, end: int, said_at: list[int]) -> bool:
    """The span stands under the asked act, or under no verb at all; not under another act joined to
    it ("25 are killed *and* 800 injured", "injured 800 *and* killed 25"). A clause below the act
    ("signed it, joining 40 others") still stands under it."""
    node = next((k for k in range(first, end) if not first <= a.heads[k] < end or a.heads[k] == k), first)
    verb = None
    while a.heads[node] != node:
        node = a.heads[node]
        if a.pos[node] == "VERB":
            verb = node
            break
    if verb is None:
        return True
    while verb not in said_at:
        if a.dep[verb] == "conj" or a.heads[verb] == verb:
            return False
        verb = a.heads[verb]
    return True


def part_of_a_word(a: Analysis, token: int, counted: str | None) -> bool:
    """"three-peat", "two-time": a number joined by a hyphen to a word counts nothing — unless
    that word is what is counted ("the 131-page document" for "how many pages")."""
    after = token + 1
    return after + 1 < len(a) and a.token_text(after) in ("-", "‐") and a.ends[token] == a.starts[after] \
        and a.ends[after] == a.starts[after + 1] and a.pos[after + 1] != "NUM" \
        and a.lemmas[after + 1].lower() != counted


def is_year(a: Analysis, first: int, end: int, question: Question) -> bool:
    """A bare year ("2019"), no count, unless the question asks for a year."""
    text = a.text[a.starts[first]:a.ends[end - 1]]
    return text.isdigit() and len(text) == 4 and text[:2] in ("19", "20") and question.target not in ("year",)
