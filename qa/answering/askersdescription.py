"""What the asker adds to describe a thing the question names, set off by commas: "U.S. Steel,
*the deal Joe Biden had blocked in January 2025*, …", "the Ostvale festival, *which was founded
in 1990*". An article may tell the answer without it; its verb is not the act asked, and its
names and times are no constraints an answer's sentence must meet. Read from spaCy's parse and
the commas of the text (the parser may hang a later clause on the description's verb)."""

from __future__ import annotations

from qa.language.nlp import Analysis

_CLAUSES = ("relcl", "acl")
_AUXILIARIES = frozenset({"be", "have", "do"})  # "When did X, which…": no verb of the question's own


def described_tokens(a: Analysis) -> frozenset[int]:
    """Tokens of each description of a named thing: an apposition holding a clause of its own ("X,
    the deal A had blocked in May,"), or a relative clause after a comma ("the Ostvale festival,
    which was founded in 1990"), up to the comma that closes it or the end of its own words."""
    found: set[int] = set()
    for k in range(len(a)):
        if not _opens_a_description(a, k):
            continue
        start, subtree_end = a.subtree(k)
        if not _after_a_comma(a, start):
            continue  # "the mayor who resigned": a restrictive clause says which one is meant
        if not _named(a, start - 2):  # the word before the comma: what is described (the parse may hang it elsewhere)
            continue  # "the earthquake, which struck Myanmar in March": the clause is all that says which one
        # To the comma that closes it (the parser may hang a later clause on its verb), else its own words.
        end = next((j for j in range(k + 1, subtree_end) if a.token_text(j) == ","), subtree_end)
        span = {j for j in range(start, end) if a.pos[j] != "PUNCT"}
        if not any(a.pos[j] == "VERB" and a.lemmas[j] not in _AUXILIARIES for j in range(len(a)) if j not in span and j not in found):
            continue  # "When did the Louvre, which was robbed in May reopen?": no closing comma, and the parse took the question's verb
        found.update(span)
    return frozenset(found)


def _opens_a_description(a: Analysis, k: int) -> bool:
    """A relative clause, or an apposition with a clause of its own ("the deal A had blocked")."""
    return a.dep[k] == "relcl" or (a.dep[k] == "appos" and any(a.heads[j] == k and a.dep[j] in _CLAUSES for j in range(len(a))))


def _named(a: Analysis, noun: int) -> bool:
    """The thing described is named ("U.S. Steel", "the Ostvale festival"), not only a common noun."""
    if noun < 0:
        return False
    return a.pos[noun] == "PROPN" or any(a.heads[j] == noun and a.pos[j] == "PROPN" and a.dep[j] in ("compound", "poss", "nmod")
                                         for j in range(len(a)))


def _after_a_comma(a: Analysis, start: int) -> bool:
    return start > 0 and a.token_text(start - 1) == ","
