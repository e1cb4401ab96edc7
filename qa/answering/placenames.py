"""Which runs of proper nouns in a sentence may answer "where" or "which city/country" whatever
label spaCy gave them: a name after a preposition of place ("at GHQ Rawalpindi"), or a place
WordNet knows that the asked act is done to ("fines Germany €34 million", which spaCy's small
model leaves unlabelled)."""

from __future__ import annotations

from qa.answering.phrases import proper_runs
from qa.answering.sentenceview import SentenceView
from qa.language.nounkinds import names_a_place

# Prepositions of place (closed-class grammar, not a topic): "in Lyon", "at the town hall".
PLACE_PREPOSITIONS = frozenset("in at near inside outside from to into across within".split())
# Labels under which a place's name stands for something else ("Jordan scored", "Washington said").
NAMED_OTHERWISE = frozenset({"PERSON", "ORG", "NORP"})


def place_runs(view: SentenceView, labels: frozenset[str], target: str | None, said_at: list[int]) -> list[tuple[int, int]]:
    """Token spans (first, end) of the sentence's proper-noun runs that may name the place asked
    (`target`: the asked place noun, "country", or None for "where"); `labels`: the entity labels
    already taken as places, `said_at`: the tokens that say the asked act."""
    a = view.analysis
    found = []
    for first, end in proper_runs(a, view.first, view.end):
        if a.dep[end - 1] == "pobj" and a.lemmas[a.heads[end - 1]] in PLACE_PREPOSITIONS:
            found.append((first, end))
        elif not any(e.start <= first < e.end and (e.label in labels or e.label in NAMED_OTHERWISE) for e in a.entities) \
                and _taken_by_the_act(a, end - 1, said_at) \
                and names_a_place(a.text[a.starts[first]:a.ends[end - 1]], target):
            found.append((first, end))
    return found


def _taken_by_the_act(a, token: int, said_at: list[int]) -> bool:
    """The token is what the asked act is done to, or one of a list or apposition that is
    ("fines Czechia €2.3 million, Hungary €1.5 million, and Luxembourg"): a name WordNet knows as
    a place may also be a person's ("Troy scored", "written by Troy"), who does an act."""
    node = token
    for _ in range(8):
        if a.dep[node] not in ("conj", "appos") or a.heads[node] == node or a.heads[node] in said_at:
            break
        node = a.heads[node]
    if not said_at:  # no act asked ("which country did the court fine" parsed without a verb): not its doer
        return a.dep[node] not in ("nsubj", "nsubjpass", "poss", "compound") \
            and not (a.dep[node] == "pobj" and a.lemmas[a.heads[node]] == "by")
    return a.heads[node] in said_at and a.dep[node] in ("dobj", "appos", "attr", "oprd", "conj")
