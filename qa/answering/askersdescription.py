"""What the asker adds to describe a thing the question names, set off by commas: "U.S. Steel,
*the deal Joe Biden had blocked in January 2025*, …", "the Ostvale festival, *which was founded
in 1990*". An article may tell the answer without it; its verb is not the act asked, and its
names and times are no constraints an answer's sentence must meet. Read from spaCy's parse and
the commas of the text (the parser may hang a later clause on the description's verb)."""

from __future__ import annotations

from qa.language.nlp import Analysis

_CLAUSES = ("relcl", "acl")


def described_tokens(a: Analysis) -> frozenset[int]:
    """Tokens of each description: an apposition holding a clause of its own ("X, the deal A had
    blocked in May,"), or a relative clause after a comma ("X, which was founded in 1990"), up
    to the comma or end that closes it."""
    found: set[int] = set()
    for k in range(len(a)):
        if a.dep[k] == "appos" and any(a.heads[j] == k and a.dep[j] in _CLAUSES for j in range(len(a))):
            start = a.subtree(k)[0]
        elif a.dep[k] == "relcl" and _after_a_comma(a, a.subtree(k)[0]):
            start = a.subtree(k)[0]
        else:
            continue
        if not _after_a_comma(a, start):
            continue  # "the mayor who resigned": a restrictive clause says which one is meant
        end = next((j for j in range(k + 1, len(a)) if a.token_text(j) == ","), len(a))
        found.update(j for j in range(start, end) if a.pos[j] != "PUNCT")
    return frozenset(found)


def _after_a_comma(a: Analysis, start: int) -> bool:
    return start > 0 and a.token_text(start - 1) == ","
