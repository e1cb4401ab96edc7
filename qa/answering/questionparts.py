"""A question that asks two things at once ("Which team won the Harbor Cup, and who coached
it?"), read as its parts, each answered on its own and the answers put together.

A part begins where a clause with its own question word follows "and", a semicolon or a question
mark (English function words only). A piece without a question word ("Ana Costa led the first
round; who won the runoff?") is context for the part after it. A yes/no question is not split:
"Did X meet Y? Where did they meet?" is one question whose second half corrects the first. A
part that names nothing ("and with what score?") takes the names of the part before it, and if
it gives no time either, that part's time ("…entered the 2024 cup, and in which round…"). One
that refers back by a pronoun to what the part before found ("who coached it?" after "Which
team…") must also name it, and one whose pronoun cannot be that ("when was it reported?" after
"Who met…") is answered from the articles the part before was answered from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qa.answering.grounding import Decision, answering_sentences
from qa.answering.mentions import Mention
from qa.answering.question import WH_WORDS, Question, question_analysis, read_question
from qa.language.lexical import PERSON_PRONOUNS, PLURAL_PRONOUNS, THING_PRONOUNS, content_terms

_WH = "(?:" + "|".join(sorted(WH_WORDS)) + ")"
_PREPOSITION = r"(?:(?:on|in|at|by|with|from|for|to|of|after|during|against|under)\s+)?"
_BOUNDARY = re.compile(rf"\s*(?:[,;]?\s*[-–—]?\s*\band\s+|;\s*|\?\s+)(?={_PREPOSITION}{_WH}\b)", re.IGNORECASE)
_HAS_WH = re.compile(rf"\b{_WH}\b", re.IGNORECASE)
_YES_NO = re.compile(r"^\s*(?:did|does|do|is|was|were|are|has|have|had|can|could|will|would|should)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:" + "|".join(sorted(PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS)) + r")\b",
                      re.IGNORECASE)
MAX_PARTS = 3


@dataclass(frozen=True)
class QuestionPart:
    text: str  # the part as a question of its own ("who coached it?")
    question: Question  # read from it, with the names of the part before when it gives none
    search: str  # what to retrieve with: the part and the names it took
    refers_back: str = ""  # the pronoun that points to the part before ("it" in "who coached it?"), or ""


def split_parts(text: str) -> list[str]:
    """The question's parts, or the question alone when it asks one thing."""
    if _YES_NO.match(text):
        return [text]
    pieces = [p.strip(" ,;-–—?") for p in _BOUNDARY.split(text.strip())]
    parts: list[str] = []
    context = ""
    for piece in pieces:
        if not piece:
            continue
        if not _HAS_WH.search(piece):
            context = f"{context} {piece};".strip()
            continue
        parts.append(f"{context} {piece}".strip() if context else piece)
        context = ""
    if context and parts:
        parts[-1] = f"{parts[-1]}; {context}"
    if len(parts) == 1:
        # Read on the question as given: its parse is the one the answer reads too (cached), not a second one.
        parts = [p.rstrip(" ?") for p in _one_per_repeated_preposition(text.strip())] or parts
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return [text]
    return [p + "?" for p in parts]


# A question that adds or compares what it asks of its two phrases asks one thing (English words, not a topic).
_ONE_FIGURE = re.compile(r"\b(?:combined|together|total|both|difference|compared?|than|between|sum)\b", re.IGNORECASE)


def _one_per_repeated_preposition(text: str) -> list[str]:
    """"Which teams did Arden beat in the Harbor Cup final and in the Bay Open final": the same
    question asked of two things, each after its own preposition — one part for each. The
    preposition after "and" pairs with the nearest one before it of the same word whose object is
    of the same kind (a name, a number, a common noun): "in the attack in Kabul and in the blast
    in Herat" pairs the attack and the blast. Words after the pair go with both parts."""
    if _ONE_FIGURE.search(text):
        return []
    a = question_analysis(text)
    for second in range(1, len(a)):
        if a.pos[second] != "ADP" or a.pos[second - 1] != "CCONJ" and not (
                a.token_text(second - 1) == "," and second > 1 and a.pos[second - 2] == "CCONJ"):
            continue
        conjunction = second - 1 if a.pos[second - 1] == "CCONJ" else second - 2
        kind = _object_kind(a, second)
        first = next((k for k in range(conjunction - 1, -1, -1) if a.pos[k] == "ADP"
                      and a.lemmas[k].lower() == a.lemmas[second].lower() and _object_kind(a, k) == kind), None)
        prefix = text[:a.starts[first]] if first is not None else ""
        if kind is None or first is None or not _HAS_WH.search(prefix):
            continue
        last_of_first = max(k for k in range(first, conjunction) if a.pos[k] != "PUNCT")
        second_end = a.subtree(second)[1]
        first_phrase = text[a.starts[first]:a.ends[last_of_first]]
        second_phrase = text[a.starts[second]:a.ends[second_end - 1]]
        suffix = text[a.ends[second_end - 1]:]
        return [f"{prefix}{first_phrase}{suffix}".strip(), f"{prefix}{second_phrase}{suffix}".strip()]
    return []


def _object_kind(a, preposition: int) -> str | None:
    """The kind of a preposition's object: a number, a phrase with a name in it ("the Harbor Cup
    final") or common nouns only ("the attack"); None without one."""
    objects = [k for k in range(len(a)) if a.heads[k] == preposition and a.dep[k] == "pobj"]
    if not objects:
        return None
    head = objects[0]
    entity = a.entity_at(head)
    if a.pos[head] == "NUM" or (entity is not None and entity.label in ("DATE", "CARDINAL")):
        return "number"
    first, end = a.subtree(head)
    return "name" if any(a.pos[k] == "PROPN" for k in range(first, end)) else "noun"


def question_parts(text: str, read=read_question) -> list[QuestionPart]:
    """Each part read as a question, or [] when the question asks one thing (or a part would be
    left with nothing to hold an answer to: no name, its own or taken, and no time)."""
    pieces = split_parts(text)
    if len(pieces) < 2:
        return []
    parts: list[QuestionPart] = []
    for piece in pieces:
        question, search = read(piece), piece
        if parts and not any(m.kind == "name" for m in question.mentions):
            before = parts[-1].question
            taken = tuple(m for m in before.mentions if m.kind in ("name", "descriptive", "dated"))
            question = replace(question, mentions=question.mentions + taken,
                               terms=question.terms | frozenset(t for m in taken for t in m.terms))
            search = " ".join([piece, *(m.text for m in taken)])
        if parts and not question.mentions and not question.times and parts[-1].question.times:
            # "How many teams entered the 2024 cup, and in which round did the holders lose?":
            # a part with neither name nor time of its own is about the time of the part before.
            taken_times = parts[-1].question.times
            question = replace(question, times=taken_times)
            search = " ".join([search, *(t.text for t in taken_times)])
        pronoun = _PRONOUN.search(piece) if parts else None
        refers_back = pronoun.group(0).lower() if pronoun else ""
        if not question.mentions and not question.times:
            return []
        parts.append(QuestionPart(text=piece, question=question, search=search, refers_back=refers_back))
    return parts


def points_to_the_event(part: QuestionPart, before: Question) -> bool:
    """"…, and when was it reported?" after "Who met …?": "it" cannot be the person found, so it
    is what the part before spoke of, and the part is answered from that part's own articles.
    Otherwise the pronoun is what the part before found ("who coached it?" after "Which team…")."""
    person_found = before.kind == "person"
    return (person_found and part.refers_back in THING_PRONOUNS) or (not person_found and part.refers_back in PERSON_PRONOUNS)


def naming(part: QuestionPart, referent: str) -> QuestionPart:
    """The part with `referent` (what the part before found) as a name it gives and searches for."""
    terms = frozenset(t for t in content_terms(referent) if len(t) > 1)
    if not terms:
        return part
    mention = Mention(text=referent, terms=terms, kind="name", phrase=referent)
    question = replace(part.question, mentions=part.question.mentions + (mention,), terms=part.question.terms | terms)
    return replace(part, question=question, search=f"{part.search} {referent}")


def combine(answered: list[tuple[QuestionPart, Decision]]) -> Decision:
    """One decision for a question's parts: each part's answering sentences in the parts' order,
    all to be shown with the first (the lead); then what else fits the first part."""
    given, seen = [], set()
    for _, decision in answered:
        for evidence in answering_sentences(decision):
            if (evidence.article_id, evidence.start) not in seen:
                seen.add((evidence.article_id, evidence.start))
                given.append(replace(evidence, joint=bool(given)))
    # A generator may add a close one of these, as for any question.
    rest = [e for e in answered[0][1].given if (e.article_id, e.start) not in seen]
    return Decision(given=given + [replace(e, joint=False) for e in rest])
