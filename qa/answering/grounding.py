"""Answer or decline: which evidence may answer the question, and when none may, what is missing.

Only sentences that meet every constraint of the question (`qa.answering.constraints`) and hold enough of
its distinctive content may answer; for a question that asks for a kind of value, the sentence
must also hold such a value in relation to what is asked. A headline, or a sentence that is only a
dateline, answers only when no body sentence does. When nothing may answer, the reason names the
unmet constraint: "The articles report the Lyon summit but not its date."
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from qa.answering.evidence import Evidence
from qa.answering.question import Question
from qa.language.lexical import content_terms, lemma_terms, related_term, says_verb, stems
from qa.language.newstime import article_time
from qa.answering.valuetimes import said_only_as_a_plan, within_asked_times
from qa.language.verbsenses import LIGHT_VERBS

# Calibrated on the calibration splits of evals/gold.jsonl and evals/news-external.jsonl
# (`qa eval --calibrate`), never per question.
MIN_COVERAGE = 0.0  # share of the question's distinctive words (IDF-weighted) sentence and context must hold; the sweep found any floor costs accuracy on both corpora (they weigh through the evidence score instead)
INSTANCE_COVERAGE = 0.3  # share of the question's words an instance question's sentence without an instance must itself hold (calibration, both sets: 0.2-0.4 alike, 0.5 lost one on each; the middle)
JUDGED = 12  # the strongest sentences looked at for an answer
LEAD_COVERAGE = 0.2  # weight of coverage in choosing the lead (calibration: 0.1-0.4 alike, 0 one worse on the seeds)
# "recently published": the report's date is not the event's (English time adverbs, closed class).
_VAGUE_TIME = re.compile(r"\b(recently|lately|earlier|previously|formerly|once|soon|ago|in the past|years?|months?|decades?)\b",
                         re.IGNORECASE)
# "After forty years of service": a counted span up to the act measures it and dates nothing else
# ("in the early years of the war" stays vague).
_COUNTED_SPAN = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                           r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\s+(?:years?|months?|decades?)\s+of\b",
                           re.IGNORECASE)


@dataclass
class Decision:
    given: list[Evidence] = field(default_factory=list)  # what the generator gets, the answering sentence first
    reason: str = ""  # why the articles do not answer ("" when they do, or when nothing came close)
    read_together: bool = False  # no one sentence answers: the first two do together, and there is no short answer

    @property
    def answers(self) -> bool:
        return bool(self.given)


def answering_sentences(decision: Decision) -> list[Evidence]:
    """The sentences that answer: the lead, or the two read together."""
    return decision.given[:2] if decision.read_together else decision.given[:1]


def fits(question: Question, evidence: Evidence, min_coverage: float = MIN_COVERAGE) -> bool:
    judgement = evidence.judgement
    return judgement is not None and judgement.met and judgement.coverage >= min_coverage


def answers_question(question: Question, evidence: Evidence) -> bool:
    """A fitting sentence that holds what a typed question asks for (a date question may be
    answered by the article's date: the report gives no other)."""
    if question.kind == "object" and question.predicate not in LIGHT_VERBS:
        # "What did investigators conclude caused…": a sentence that does not say the act asked
        # reports something else about the same event. "What did the mayor do" names no act.
        # The act may be said by a word the small model tags otherwise ("… on a visit collides
        # with the bridge" tagged a noun): a value hanging on it says it too.
        return _says_the_act(question, evidence) or bool(evidence.judgement.values)
    if question.kind == "instance" and not evidence.judgement.values:
        # "Which airline operates the flights?": a sentence naming no airline answers only where it
        # speaks of airlines or of operating, or itself holds enough of what the question says (the
        # article's title holds it for every sentence of the article).
        return evidence.judgement.own_coverage >= INSTANCE_COVERAGE or _speaks_of(question.target, evidence) \
            or _says_the_act(question, evidence)
    if question.kind == "reason":
        return bool(evidence.judgement.values)  # "why": a sentence that gives no reason or purpose tells something else
    if not question.typed:
        return True
    if question.chooses_among_offered:
        # "Who won the runoff, A or B?": the sentence that says the act asked of them is read as it is.
        return _says_the_act(question, evidence)
    if question.kind == "entity" and not evidence.judgement.values:
        # "Which flag design…": a sentence about such a thing answers even where no name stands
        # out; one that does not speak of it ("the only survivor") does not. "What is the name of
        # the survivor" is answered only by the name.
        return not question.asks_name_of_target and _speaks_of(question.target, evidence)
    if evidence.judgement.values:
        return True
    # The article's date answers "when" only for the event the sentence itself reports ("announces",
    # "signs"): the question's verb must be there, and no vague time ("recently", "last year").
    own = article_time(evidence.date)
    # "What time…", "the winning time": a clock or a duration, which a report's date is not.
    return (question.kind == "date" and question.target != "time" and own is not None and not evidence.headline
            and not question.future
            and not _VAGUE_TIME.search(_COUNTED_SPAN.sub(" ", evidence.text)) and _says_the_act(question, evidence)
            and not _said_only_as_a_plan(question, evidence) and within_asked_times(own, question))


def decide(question: Question, evidence: list[Evidence], abstain_below: float,
           min_coverage: float = MIN_COVERAGE) -> Decision:
    pool = [e for e in evidence[:JUDGED] if e.score >= abstain_below]
    if not pool:
        # Nothing comes close enough to answer; the closest sentence still says what is missing.
        return Decision(reason=refusal(question, evidence[:1])) if evidence else Decision()  # every sentence is judged
    fitting = [e for e in pool if fits(question, e, min_coverage)]
    answering = [e for e in fitting if answers_question(question, e)]
    body = [e for e in answering if not e.headline]
    # A value the sentence itself holds beats the article's date for a "when", and a sentence
    # naming a kind of the asked noun beats one that does not ("what bird": "a stork").
    with_value = [e for e in body if e.judgement.values] if question.asks_for_value else body
    lead_pool = with_value or body or answering
    # Of the sentences that may lead, the one holding most of what the question says, then the best scored.
    lead = max(lead_pool, key=lambda e: e.score + LEAD_COVERAGE * e.judgement.coverage) if lead_pool else None
    pair = _completing_pair(question, pool, lead) if lead is not None else _pair_without_lead(question, pool, fitting)
    if pair:
        rest = [e for e in fitting if e is not pair[0] and e is not pair[1]]
        return Decision(given=[pair[0], replace(pair[1], joint=True)] + rest, read_together=lead is None)
    if lead is None:
        return Decision(reason=refusal(question, pool))
    rest = [e for e in fitting if e is not lead]
    return Decision(given=[lead] + rest)


def _offered(question: Question) -> set[str]:
    """The alternatives a question offers: names joined by "or"/"and", times joined by "or"."""
    offered = {m.text for m in question.mentions if m.group != -1}
    if question.times_are_alternatives:
        offered |= {t.text for t in question.times}
    return offered


def _found(question: Question, evidence: Evidence) -> set[str]:
    """The question's names (and alternative times) the sentence or its context holds."""
    times = evidence.judgement.met_times if question.times_are_alternatives else ()
    return set(evidence.judgement.met_mentions) | set(times)


def _missing(evidence: Evidence) -> set[str]:
    return {words for kind, words in evidence.judgement.unmet if kind == "mention"}


def _partners(pool: list[Evidence], question: Question) -> list[Evidence]:
    """Sentences that may answer beside another: every constraint met but, at most, names."""
    return [e for e in pool if e.judgement is not None and not e.headline and _found(question, e)
            and all(kind == "mention" for kind, _ in e.judgement.unmet)]


def _completing_pair(question: Question, pool: list[Evidence], lead: Evidence) -> tuple[Evidence, Evidence] | None:
    """The lead answers alone but names only some of the alternatives the question offers ("A or
    B?"): the best sentence that names an alternative the lead leaves out goes beside it."""
    left_out = _offered(question) - _found(question, lead)
    if not left_out:
        return None
    for second in _partners(pool, question):  # best scored first
        if second is not lead and left_out & _found(question, second) and not _missing(lead) & _missing(second):
            return lead, second
    return None


def _pair_without_lead(question: Question, pool: list[Evidence], fitting: list[Evidence]) -> tuple[Evidence, Evidence] | None:
    """No sentence answers alone: two that between them name everything the question names, each
    naming one the other lacks. For a typed question one of them must hold a value of its kind,
    unless the question offers the alternatives that are its values. A sentence that meets every
    name but holds no value is not completed by one naming other things."""
    offered = _offered(question)
    if fitting and not offered:
        return None
    candidates = _partners(pool, question)
    best = None
    for i, first in enumerate(candidates):
        for second in candidates[i + 1:]:
            mine, theirs = _found(question, first), _found(question, second)
            if not mine - theirs or not theirs - mine or _missing(first) & _missing(second):
                continue
            if question.typed and not offered and not (first.judgement.values or second.judgement.values):
                continue
            if best is None or first.score + second.score > best[0].score + best[1].score:
                best = (first, second)
    return best


def refusal(question: Question, pool: list[Evidence]) -> str:
    """What is missing, said from the closest sentence's point of view."""
    best = pool[0]
    judgement = best.judgement
    met_phrases = [m.phrase or m.text for m in question.mentions if m.text in (judgement.met_mentions if judgement else [])]
    topic = met_phrases[0] if met_phrases else None
    unmet = judgement.unmet if judgement else []
    missing_names = [words for kind, words in unmet if kind == "mention"]
    passed_over = judgement.passed_over if judgement else []
    if missing_names and len(passed_over) == len(missing_names):
        # "Who won the 2024 Ostvale Prize?" beside "X wins the Harbor Prize …, shortlisted for the
        # 2024 Ostvale Prize": the name is there, the act asked is another thing's.
        return (f"The closest passages mention {_and(passed_over)} only beside another; "
                f"they do not say {question.asked} {passed_over[0]}.")
    if missing_names:
        return f"None of the passages closest to the question mentions {_and(missing_names)}."
    times = [words for kind, words in unmet if kind == "time"]
    if times and topic:
        return f"The articles report {topic}, but not in {_and(times)}."
    if times:
        return f"The closest articles are not about {_and(times)}."
    rivals = [words for kind, words in unmet if kind == "contrast"]
    if rivals:
        if topic:  # "the 2024 Harbor Prize" is reported as another year's: name it without "2024"
            topic = re.sub(rf"\s*\b{re.escape(rivals[0])}\b\s*", " ", topic).strip() or topic
        about = f"{topic}, but not" if topic else "other cases, not"
        return f"The articles report {about} the “{rivals[0]}” one asked about."
    if question.asks_for_value or question.kind == "object":
        if topic:
            return f"The articles report {topic} but not {_asked_of(question.asked, topic)}."
        return f"The closest article, “{best.title}”, does not say {question.asked}."
    return ""


def _asked_of(asked: str, topic: str) -> str:
    """"the name of the ferry's captain" after "The articles report the ferry's captain" is "its name"."""
    suffix = " of " + topic.lower()
    if asked.lower().endswith(suffix) and asked.startswith("the "):
        owner = "their" if asked.split()[1].endswith("s") else "its"
        return f"{owner} {asked[4:len(asked) - len(suffix)]}"
    return asked


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _says_the_act(question: Question, evidence: Evidence) -> bool:
    """The question's verb is said as a verb in the sentence (or the question has none): "is
    elected" reports the election; "after winning the election" reports something later (an
    inauguration), and the article's date is that event's."""
    view = evidence.view
    return not question.predicate or says_verb(view.analysis, question.predicate, view.first, view.end)


def _said_only_as_a_plan(question: Question, evidence: Evidence) -> bool:
    if not question.predicate:
        return False
    view = evidence.view
    a = view.analysis
    said_at = [i for i in range(view.first, view.end) if a.pos[i] == "VERB" and says_verb(a, question.predicate, i, i + 1)]
    return said_only_as_a_plan(question, a, said_at)


def _speaks_of(noun: str | None, evidence: Evidence) -> bool:
    if not noun:
        return True
    view = evidence.view
    said = lemma_terms(view.analysis, view.first, view.end) | content_terms(view.context)
    return related_term(stems([noun])[0], said)
