"""What a question asks, read from spaCy's parse of it: the kind of value wanted, the words the
value must relate to, and the constraints an answer must meet (the names, numbers, times and
distinctive words the question gives).

Kinds: "person" (who), "date" (when, what year), "place" (where, in which city), "number" (how
many/much), "entity" (which/what + a noun: "which medal", "which airline"), "object" (what did X
discuss: the thing done), "describe" (who is <name>), "instance" (which/what + a noun the archive
gives no names for: the noun itself marked by a name, number or ordinal — "the third stage" —
or, for nouns of physical things, a common noun WordNet files under it — "a stork" for "what
bird"), "reason" (why: a sentence that gives a reason or a purpose, whose words are the answer),
and None for how questions, whose answer is the best sentences themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from qa.answering.labels import ALL_LABELS, DATE_LABELS, NAME_LABELS, NUMBER_LABELS, PERSON_LABELS, PLACE_LABELS
from qa.answering.askersdescription import described_tokens
from qa.answering.mentions import Mention, question_mentions
from qa.answering.askedact import (
    asks_about_the_future, asks_doer, direct_object_phrase, objects_of, participle_with_stranded_preposition,
    predicate_of, pronoun_for, stranded_preposition, times_the_asked_event,
)
from qa.answering.askedphrase import asked_phrase
from qa.language.lexical import content_terms, lemma_terms, stems
from qa.language.paraphrase import question_paraphrases
from qa.language.newstime import TimeRef, time_of
from qa.language.nlp import Analysis, analyse, explain

# Verbs that equate their subject with a noun: "who became the oldest member" asks whom the text
# calls that member, whatever verb it uses ("the oldest member is Ana Costa"). Closed class.
COPULAR_VERBS = frozenset({"be", "become", "remain"})
WH_WORDS = frozenset("who whom whose what which when where why how".split())
# The English calendar and counting nouns: "what year", "which month", "what percentage",
# "what number". Grammar of time and quantity questions, not a topic: every archive has them.
CALENDAR_NOUNS = frozenset("date day year month week time decade century season hour".split())
# "What kind of award", "which type of aircraft": nouns that ask for a kind of the noun after "of".
KIND_NOUNS = frozenset("kind type sort variety form".split())
COUNTING_NOUNS = frozenset("number amount total count percentage percent share sum price cost value size "
                           "toll figure rate score margin turnout majority attendance population capacity "
                           "distance length height weight age duration budget revenue".split())


@dataclass(frozen=True)
class Question:
    text: str
    kind: str | None
    labels: frozenset[str] = frozenset()  # entity labels a value may carry
    target: str | None = None  # the noun a value must be or attach to ("award", "director")
    predicate: str | None = None  # the main verb's lemma ("host", "win"), when it says something
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeRef, ...] = ()  # years, months or days the question names
    times_are_alternatives: bool = False  # "the 2019 final or the 2021 final": one sentence meets one of them
    value_times: tuple[TimeRef, ...] = ()  # of `times`, those of the asked event itself ("which month of 2019", "won in 2023"), which a value must agree with
    chooses_among_offered: bool = False  # "…, Arden or Belmont?": the answer is one of the names it offers
    terms: frozenset[str] = frozenset()  # every stemmed content word, mentions included
    asked_terms: frozenset[str] = frozenset()  # content words that are neither mention nor time
    wants_list: bool = False
    counted: str | None = None  # "days" in "how many days": what a count must count
    counted_labels: frozenset[str] = frozenset()  # labels of names a list may count ("how many countries": GPE)
    objects: frozenset[str] = frozenset()  # common nouns the asked act takes ("formed the venture": venture)
    asks_name_of_target: bool = False  # "what is the name of the spokesman": a name given to that noun
    asks_kind_of_target: bool = False  # "what kind of award": the words that say which kind ("a state award")
    asks_doer: bool = False  # "Who won the cup?", "Which team won?": the one who did the act, its subject
    future: bool = False  # "When will the bridge reopen?", "… scheduled to be delivered": an act still to come
    asks_amount: bool = False  # "how much": a sum, a share or a measure, not a count of things
    paraphrases: tuple = ()  # its words with the words WordNet gives for them (`qa.language.paraphrase`)
    target_is_post: bool = False  # "who is the head coach": the archive names people by that noun (a title)
    preposition: str | None = None  # "what did the ship collide with": the asked thing is that preposition's object
    asked: str = ""  # what is asked, for a refusal ("who hosted", "its date")
    wh_tokens: frozenset[int] = field(default_factory=frozenset)

    @property
    def typed(self) -> bool:
        """A value of the kind asked must be there for a sentence to answer."""
        return self.kind in ("person", "date", "place", "number", "entity")

    @property
    def asks_for_value(self) -> bool:
        """A sentence holding a value leads over one without: every typed question, and an
        "instance" one, which a sentence without a value may still answer."""
        return self.typed or self.kind in ("instance", "reason")


@lru_cache(maxsize=1)
def _gloss_nouns() -> dict[str, frozenset[str]]:
    """label → nouns in spaCy's own gloss of it ("GPE": countries, cities, states)."""
    glosses = {label: explain(label) for label in ALL_LABELS}
    analysed = analyse(list(glosses.values()))
    return {label: frozenset(a.lemmas[i] for i in range(len(a)) if a.pos[i] in ("NOUN", "PROPN"))
            for label, a in zip(glosses, analysed)}


def labels_for_noun(lemma: str) -> frozenset[str]:
    if lemma == "name":  # "what name did they give it": any name
        return NAME_LABELS
    if lemma in CALENDAR_NOUNS:
        return DATE_LABELS
    if lemma in COUNTING_NOUNS:
        return NUMBER_LABELS
    return frozenset(label for label, nouns in _gloss_nouns().items() if lemma in nouns)


@lru_cache(maxsize=2048)
def question_analysis(text: str) -> Analysis:
    """spaCy's parse of a question (cached: a question is read several times per answer)."""
    return analyse([text])[0]


@lru_cache(maxsize=2048)
def read_question(text: str) -> Question:
    return _read(text, question_analysis(text))


def with_corpus_labels(question: Question, labels_for) -> Question:
    """"Which airline", "which medal": the labels the archive gives names attached to the noun
    (`labels_for(noun)`). A noun no name attaches to asks for an instance of it: the noun marked
    by a name, number or ordinal ("in which stage": the third stage), or a kind of it where
    WordNet sorts physical things under it ("what bird": a stork). A sentence holding none
    still answers, as a description ("which fields")."""
    from dataclasses import replace

    if question.kind == "person" and question.target and not question.predicate:
        # "Who is Arden's head coach?": a post when the archive attaches people's names to the
        # noun ("Head Coach Ana Costa"); "X's opponent" is a relation it states otherwise.
        return replace(question, target_is_post="PERSON" in labels_for(question.target))
    if question.kind == "number" and question.counted and not question.counted_labels:
        return replace(question, counted_labels=frozenset(labels_for(question.counted)) & NAME_LABELS)
    if question.asks_kind_of_target and question.kind == "entity":
        return replace(question, kind="instance")  # a kind is described, not named
    if question.kind != "entity" or question.labels or not question.target:
        return question
    learnt = labels_for(question.target)
    if learnt:
        return replace(question, labels=frozenset(learnt))
    if question.asks_name_of_target:
        return replace(question, labels=NAME_LABELS)  # "the name of the survivor" asks for a name, whatever the archive holds
    return replace(question, kind="instance")


def _wh_token(a: Analysis) -> int | None:
    """The question word of the main clause ("When X met Y, what…": "what", not "when")."""
    candidates = [i for i in range(len(a)) if a.lemmas[i] in WH_WORDS and a.pos[i] in ("PRON", "DET", "SCONJ", "ADV")]
    if not candidates:
        return None
    for i in candidates:
        head = a.heads[i]
        if a.lemmas[i] == "when" and a.dep[head] == "advcl" and len(candidates) > 1:
            continue  # "When X met Y" is a clause of time, not the question
        return i
    return candidates[0]


def _read(text: str, a: Analysis) -> Question:
    wh = _wh_token(a)
    lemma = a.lemmas[wh] if wh is not None else ""
    after = a.lemmas[wh + 1] if wh is not None and wh + 1 < len(a) else ""
    root = next((i for i in range(len(a)) if a.heads[i] == i), 0)
    kind, labels, target = None, frozenset(), None
    wh_tokens = {wh} if wh is not None else set()
    counted_token = named_noun = kind_noun = None
    if lemma in ("who", "whom", "whose"):
        kind, labels = "person", PERSON_LABELS
        noun = _copular_target(a, wh)
        if noun is not None:  # "who is the finance director of …": a person attached to "director"
            wh_tokens.add(noun)
            target = a.lemmas[noun]
        elif _names_only(a, wh):
            kind = "describe"
    elif lemma == "when":
        kind, labels = "date", DATE_LABELS
    elif lemma == "where":
        kind, labels = "place", PLACE_LABELS
    elif lemma == "why":
        kind = "reason"  # a sentence that gives a reason or a purpose; its words are the answer
    elif lemma == "how":
        if after in ("many", "much"):
            # "how many" asks for a count: a share or a sum of money is not one ("65.6%" for seats).
            kind, labels = "number", (NUMBER_LABELS - {"MONEY", "PERCENT"}) if after == "many" else NUMBER_LABELS
            wh_tokens.add(wh + 1)
            # "how many Gizmos": spaCy's small model tags some plurals proper nouns
            counted_token = a.heads[wh + 1] if a.pos[a.heads[wh + 1]] in ("NOUN", "PROPN") and a.heads[wh + 1] != wh + 1 else None
            if counted_token is not None and any(a.pos[k] not in ("ADJ", "NOUN", "PROPN", "NUM", "PUNCT")
                                                 for k in range(wh + 2, counted_token)):
                counted_token = None  # "how much did the cocktail cost": a verb the parser took for a noun
            if counted_token is None:  # "how many of the 31 seats": the seats
                for prep in (i for i in range(len(a)) if a.heads[i] == wh + 1 and a.lemmas[i] == "of"):
                    counted_token = next((j for j in range(len(a)) if a.heads[j] == prep and a.pos[j] == "NOUN"), None)
        elif after in ("long", "old", "often"):  # a duration or an age: "three years", "61 years old"
            kind, labels = "number", NUMBER_LABELS | DATE_LABELS
            wh_tokens.add(wh + 1)
        elif after in ("far", "large", "big", "high", "tall", "deep", "fast", "heavy", "strong"):
            kind, labels = "number", NUMBER_LABELS  # a measure: "1.6 °C", "300 km", never "2000 - 2050"
            wh_tokens.add(wh + 1)
    elif lemma in ("what", "which"):
        noun = _noun_of(a, wh)
        if noun is None:
            noun = _copular_target(a, wh)
        if noun is not None and a.lemmas[noun] == "name":  # "what is the name of the spokesman"
            wh_tokens.add(noun)
            name_token, named_noun = noun, _of_object(a, noun)
            noun = named_noun or noun
        elif noun is not None and a.lemmas[noun] in KIND_NOUNS and _of_object(a, noun) is not None:
            wh_tokens.add(noun)  # "what kind of award": the award, of a kind the text says
            kind_noun = noun = _of_object(a, noun)
        if noun is not None:
            wh_tokens.add(noun)
            target = a.lemmas[noun]
            labels = labels_for_noun(target)
            kind = ("date" if labels == DATE_LABELS else "number" if labels == NUMBER_LABELS
                    else "place" if labels and labels <= PLACE_LABELS else "entity")
            # An "entity" without labels yet: `with_corpus_labels` asks the archive what names
            # it attaches to that noun, and makes the question descriptive if none.
        elif a.dep[wh] in ("dobj", "pobj") and a.pos[a.heads[wh]] in ("VERB", "NOUN"):
            kind = "object"  # "what did they discuss": the thing discussed
    stranded = participle_with_stranded_preposition(a, wh, root) if lemma == "what" else None
    # "What was the crown valued at?" asks a figure, as "how much was it valued at" does (a text
    # says "a $4 million crown" without "valued"); "what was the ship sold for" asks what "for"
    # takes, said of "sold": not a ship either way.
    at_a_figure = stranded is not None and a.lemmas[stranded[1]] == "at"
    if at_a_figure:
        kind, labels, target, wh_tokens = "number", NUMBER_LABELS, None, {wh}
    elif stranded is not None:
        kind, labels, target, wh_tokens = "object", frozenset(), None, {wh}
    described = described_tokens(a)  # "X, the deal A had blocked in May,": the asker's description
    predicate = predicate_of(a, root, wh_tokens | described)
    preposition = None
    if stranded is not None and not at_a_figure:
        predicate, preposition = a.lemmas[stranded[0]], a.lemmas[stranded[1]]
    elif kind == "object" and wh is not None:
        predicate = a.lemmas[a.heads[wh]]
        preposition = stranded_preposition(a, wh, a.heads[wh])
    mentions, mention_tokens = question_mentions(a, wh_tokens | described, direct_object_phrase(a, predicate))
    objects = objects_of(a, predicate, wh_tokens | mention_tokens)
    background = _background_end(a, wh)
    # "Nintendo revealed the console in January 2025; when was it released?": the statement before
    # the question dates what it tells, not what is asked.
    said_times = [t for t in time_of(a, None) if not (set(range(t.first, t.end)) & wh_tokens)]
    times = tuple(t for t in said_times if t.first >= background and t.first not in described)
    time_tokens = {i for t in said_times for i in range(t.first, t.end)}  # a background time is no word to match either
    terms = content_terms(text) | lemma_terms(a)
    rest = [i for i in range(len(a)) if i not in mention_tokens and i not in time_tokens and i not in wh_tokens]
    # Lemmas, so that "won" meets "wins"; words of the question's form ("how much … worth") are kept.
    asked_terms = frozenset(t for i in rest for t in lemma_terms(a, i, i + 1) if len(t) > 1)
    plural = any(a.pos[i] == "NOUN" and a.token_text(i).lower() != a.lemmas[i] and a.lemmas[i] == target
                 for i in wh_tokens)
    wants_list = plural or (lemma == "who" and any(a.lemmas[i] == "be" and a.token_text(i).lower() in ("are", "were")
                                                   for i in range(len(a))))
    choice, timed_choice = _closes_with_a_choice(text, mentions, times)
    return Question(
        text=text, kind=kind, labels=labels, target=target, predicate=predicate, mentions=mentions,
        times=times, times_are_alternatives=_coordinated_times(a, times) or timed_choice,
        value_times=tuple(t for t in times if times_the_asked_event(a, t, root, wh_tokens)),
        chooses_among_offered=choice,
        terms=terms, asked_terms=asked_terms, wants_list=wants_list,
        counted=a.lemmas[counted_token] if counted_token is not None else None,
        objects=objects, asks_name_of_target=named_noun is not None, asks_kind_of_target=kind_noun is not None,
        asks_doer=asks_doer(a, wh_tokens, predicate),
        future=asks_about_the_future(a, root),
        asks_amount=(lemma == "how" and after == "much") or at_a_figure,
        paraphrases=question_paraphrases(a, set(mention_tokens) | time_tokens | wh_tokens),
        counted_labels=_countable_labels(a.lemmas[counted_token]) if counted_token is not None else frozenset(),
        preposition=preposition,
        asked=_name_of_phrase(a, name_token, named_noun) if named_noun is not None
        else f"what {pronoun_for(a, root)} {a.token_text(root).lower()} {a.token_text(stranded[0])} {a.token_text(stranded[1])}"
        if stranded is not None  # "… but not what it was valued at", "what they were valued at"
        else asked_phrase(a, kind, wh, mention_tokens | time_tokens),
        wh_tokens=frozenset(wh_tokens),
    )


def _countable_labels(noun: str) -> frozenset[str]:
    """Labels of names that are each one of the counted thing ("how many countries": GPE); none
    for calendar or counting nouns, which are measured, not listed."""
    return labels_for_noun(noun) & NAME_LABELS


def _background_end(a: Analysis, wh: int | None) -> int:
    """Where a statement that opens the question ends: the token after the last semicolon before
    the question word, when no question word stands before it (0 when there is none)."""
    if wh is None:
        return 0
    semicolons = [i for i in range(wh) if a.token_text(i) == ";"]
    if not semicolons or any(a.lemmas[i] in WH_WORDS for i in range(semicolons[-1])):
        return 0
    return semicolons[-1] + 1


def _noun_of(a: Analysis, wh: int) -> int | None:
    """"which city", "what date": the noun the question word determines."""
    head = a.heads[wh]
    if a.dep[wh] == "det" and a.pos[head] in ("NOUN", "PROPN"):
        return head
    for i in range(wh + 1, min(len(a), wh + 4)):  # "in which city", "which two fields", "what new gadget"
        if a.pos[i] == "NOUN":
            while a.dep[i] == "compound" and a.pos[a.heads[i]] == "NOUN" and a.heads[i] > i:
                i = a.heads[i]  # "which four hurricane names": the names
            return i
        if a.pos[i] not in ("NUM", "ADJ") and a.dep[i] != "amod":
            break  # a participle before the noun ("which retired shuttle") describes it like an adjective
    return None


def _copular_target(a: Analysis, wh: int) -> int | None:
    """"Who is the finance director of Acme", "who became the oldest member": the noun equated
    with the question word (by "be" or a verb of becoming, which the text may say with "is")."""
    head = a.heads[wh]
    if a.lemmas[head] not in COPULAR_VERBS:
        return None
    for i in range(len(a)):
        if a.heads[i] == head and i != wh and a.dep[i] in ("nsubj", "attr", "nsubjpass") and a.pos[i] == "NOUN":
            return i
    return None


def _names_only(a: Analysis, wh: int) -> bool:
    """"Who is Ana Costa?": a question word, a form of "be" and a name."""
    rest = [i for i in range(len(a)) if i != wh and a.pos[i] not in ("PUNCT", "DET")]
    return bool(rest) and a.lemmas[rest[0]] == "be" and all(a.pos[i] in ("PROPN", "AUX") for i in rest)


def _name_of_phrase(a: Analysis, name: int, noun: int) -> str:
    """"the name of the only survivor", for a refusal: the noun with the words before it."""
    first, _ = a.subtree(noun)
    return f"the {a.token_text(name).lower()} of {a.text[a.starts[first]:a.ends[noun]]}"


def _of_object(a: Analysis, noun: int) -> int | None:
    for i in range(noun + 1, len(a)):
        if a.heads[i] == noun and a.lemmas[i] == "of":
            objects = [j for j in range(len(a)) if a.heads[j] == i and a.dep[j] == "pobj"]
            return objects[0] if objects else None
    return None


def _closes_with_a_choice(text: str, mentions: tuple[Mention, ...], times: tuple[TimeRef, ...]) -> tuple[bool, bool]:
    """"Which town's team scored more, Arden or Belmont?": the names the question offers close
    it, after a comma or colon and joined by "or", so the answer is one of them, picked by
    comparing what the articles say of each; no name the articles hold is the answer. Each may
    carry its time ("Arden in May or Belmont in June"). Returns whether the question closes with
    a choice, and whether its alternatives carry times of their own (those times are alternatives too)."""
    offered = [m.text for m in mentions if m.group != -1]
    if len(offered) < 2:
        return False, False
    tail = re.split(r"[,:;]", text.rstrip(" ?"))[-1]
    if tail == text.rstrip(" ?") or not re.search(r"\bor\b", tail, re.IGNORECASE) \
            or sum(name in tail for name in offered) < 2:
        return False, False
    for name in sorted(offered, key=len, reverse=True):
        tail = tail.replace(name, " ")
    own_times = [t.text for t in times if t.text in tail]
    for time in own_times:  # "in May": a time said of one alternative
        tail = re.sub(rf"\b(?:in|on|at|during)\s+{re.escape(time)}|{re.escape(time)}", " ", tail)
    rest = re.sub(r"\b(?:or|and|either|the)\b|['’]s\b|[^\w]", " ", tail, flags=re.IGNORECASE).split()
    choice = all(word[:1].isupper() for word in rest)  # what is left is part of a name spaCy cut ("Ana" of "Ana Costa")
    return choice, choice and len(own_times) >= 2


def _coordinated_times(a: Analysis, times: tuple[TimeRef, ...]) -> bool:
    """Times joined by "or" within one clause ("the 2019 final or the 2021 final")."""
    if len(times) < 2:
        return False
    ordered = sorted(times, key=lambda t: t.first)
    for before, after in zip(ordered, ordered[1:]):
        between = range(before.end, after.first)
        joined = any(a.dep[i] == "cc" and a.lemmas[i] == "or" for i in between)
        if not joined or any(a.text[a.starts[i]:a.ends[i]] in (";", "?") for i in between):
            return False
    return True


def question_stems(text: str) -> list[str]:
    return stems([w.lower() for w in text.split()])
