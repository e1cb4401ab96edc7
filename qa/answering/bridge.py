"""A question that names a person only by a description ("What sentence did the man found guilty
of the attack receive?", "…the leader of the party that won the most votes…") is answered in two
steps: who the description is, from the sentence that says so, and then the question with that
name in its place. News reports the two facts in different articles, often months apart.

The description is a noun phrase whose head is a kind of person in WordNet ("man", "winner",
"leader"), opened by "the" and narrowed by a clause or an "of" phrase that holds a name or a
time; the question word's own phrase is never one.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.answering.question import question_analysis, read_question
from qa.language.nlp import Analysis
from qa.language.nounkinds import is_kind_of

_NARROWING = ("acl", "relcl", "prep")


@dataclass(frozen=True)
class Bridge:
    description: str  # "the man found guilty in February 2025 of stabbing the novelist"
    first: str  # "Who is the man found guilty …?"
    template: str  # the question with "{}" where the description was

    def then(self, name: str) -> str:
        return self.template.format(name)


def find_bridge(text: str, wh_tokens: frozenset[int]) -> Bridge | None:
    """The question's description of a person it does not name, or None."""
    a = question_analysis(text)
    for noun in range(len(a)):
        if a.pos[noun] != "NOUN" or noun in wh_tokens or not _described_by_the(a, noun):
            continue
        first, end = a.subtree(noun)
        if any(first <= k < end for k in wh_tokens):
            continue  # "which leader of the party…" asks for the person: nothing to resolve first
        if not _narrowed(a, noun) or not is_kind_of(a.lemmas[noun], "person"):
            continue
        if not any(a.pos[k] in ("PROPN", "NUM") for k in range(first, end)):
            continue  # "the man who spoke": nothing in the description to find him by
        if a.dep[noun] == "appos":
            continue  # "Nick Rockett, the winner of the cup": the question names it already
        start_char, end_char = a.span_chars(first, end)
        description = text[start_char:end_char].rstrip(" ,")
        end_char = start_char + len(description)
        template = text[:start_char].replace("{", "{{").replace("}", "}}") + "{}" + \
            text[end_char:].replace("{", "{{").replace("}", "}}")
        bridge = Bridge(description=description, first=f"Who is {description}?", template=template)
        if read_question(bridge.then("Ana Costa")).predicate is None:
            continue  # spaCy took the question's own verb into the description ("On what date was {}?")
        return bridge
    return None


def _described_by_the(a: Analysis, noun: int) -> bool:
    return any(a.heads[k] == noun and a.dep[k] == "det" and a.lemmas[k] == "the" for k in range(noun))


def _narrowed(a: Analysis, noun: int) -> bool:
    """A clause or an "of" phrase after the noun says which one ("the man found guilty…", "the
    winner of the runoff")."""
    return any(a.heads[k] == noun and k > noun and a.dep[k] in _NARROWING
               and (a.dep[k] != "prep" or a.lemmas[k] == "of") for k in range(len(a)))
