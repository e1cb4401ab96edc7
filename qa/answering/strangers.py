"""Names a question gives that the archive never mentions: such a question is declined at once
("They never mention Ostvale."), before any sentence can answer it with another thing's detail."""

from __future__ import annotations

from qa.answering.question import Question
from qa.language.lexical import name_synonyms, related_word, unknown_names


def known_term(term: str, document_frequency: dict[str, int]) -> bool:
    """The corpus holds the term or a form of it differing only by an ending ("Mongol"/"Mongolia")."""
    if document_frequency.get(term, 0) > 0:
        return True
    # One pass over the vocabulary: a form differing by an ending, or a part of a hyphenated word
    # ("Karabakh": the corpus writes "Nagorno-Karabakh" as one word).
    return any(related_word(term, k) for k in document_frequency)


def never_mentioned(text: str, asked: Question, document_frequency: dict[str, int]) -> list[str]:
    """Runs of capitalised words none of which the corpus holds, then the question's names the
    articles never mention (nor any other name of theirs, for a place). A named event with its
    year ("the 2025 Harbor Cup") counts as a name; a name that only describes a noun ("the
    Ostvale team") counts where the question has no name the articles know."""
    def unknown(mention) -> bool:
        return not any(known_term(t, document_frequency) for t in mention.terms) and not any(
            all(known_term(t, document_frequency) for t in other) for other in name_synonyms(mention.text))

    found = unknown_names(text, lambda term: document_frequency.get(term, 0) > 0)
    named = [m for m in asked.mentions if m.kind in ("name", "dated")]
    strangers = [m for m in named if unknown(m)]
    if len(strangers) == len(named):  # nothing named that the articles know: a description is no anchor either
        strangers += [m for m in asked.mentions if m.kind == "descriptive" and unknown(m)]
    names = list(dict.fromkeys(found + [m.text for m in strangers]))
    # One name once: "2030 Ostvale Marathon" holds the run "Ostvale Marathon" found above.
    return [name for name in names if not any(name != other and name in other for other in names)]
