"""When a time may answer: within the times the question sets for the asked event, after the
report for an act still to come, and never from a plan for an act asked about as done."""

from __future__ import annotations

from qa.answering.askedact import FUTURE_AUXILIARIES
from qa.answering.question import Question, question_analysis
from qa.language.newstime import TimeRef, article_time
from qa.language.nlp import Analysis


def within_asked_times(t: TimeRef, question: Question) -> bool:
    """A time that answers agrees with the times the question sets for the asked event (with one
    of them, where they are alternatives); a time that names none of their fields is not judged."""
    comparable = [asked for asked in question.value_times if asked.comparable(t)]
    if not comparable:
        return True
    agreeing = [asked for asked in comparable if t.agrees(asked)]
    return bool(agreeing) if question.times_are_alternatives else len(agreeing) == len(comparable)


def before_the_report(t: TimeRef, date: str) -> bool:
    """The time ends before the article's own date."""
    own = article_time(date)
    if own is None or own.year is None:
        return False
    return (t.until or t.year, t.month or 12, t.day or 31) < (own.year, own.month or 1, own.day or 1)


def agrees_with_article(t: TimeRef, date: str | None) -> bool:
    """The time agrees with the article's own date ("2025" in a report of 9 February 2025)."""
    own = article_time(date)
    return own is not None and t.agrees(own)


# Prepositions that ask for the end of a span ("until what date"), which a plan states as well as
# an act done; and the auxiliaries of a reported plan ("said it would"). Closed class.
_SPAN_ENDS = frozenset({"until", "till", "by", "through"})


def _asks_when_it_happened(question: Question) -> bool:
    """"When was it shut down", "on what date did it open" — not "until what date was it
    postponed", nor "when did they say it would close"."""
    q = question_analysis(question.text)
    if not any(q.lemmas[k] == question.predicate for k in range(len(q))):
        return False  # a part of a longer question ("…, and on what date?") that does not say the act itself
    if any(q.lemmas[k].lower() in FUTURE_AUXILIARIES | {"would"} and q.dep[k] == "aux" for k in range(len(q))):
        return False
    return not any(q.pos[q.heads[k]] == "ADP" and q.lemmas[q.heads[k]].lower() in _SPAN_ENDS for k in question.wh_tokens)


def said_only_as_a_plan(question: Question, a: Analysis, said_at: list[int]) -> bool:
    """The question asks when the act happened and the sentence says it only as still to come
    ("Ostvale Transit announces it will close the ferry line in May"): neither its times nor its report's
    date are when it happened."""
    return not question.future and bool(said_at) and all(_said_as_future(a, p) for p in said_at) \
        and _asks_when_it_happened(question)


def _said_as_future(a: Analysis, verb: int) -> bool:
    """"will shut down": the verb carries the auxiliary of the future."""
    return any(a.heads[k] == verb and a.dep[k] == "aux" and a.lemmas[k].lower() in FUTURE_AUXILIARIES
               for k in range(len(a)))
