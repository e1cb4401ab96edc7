"""Which values of the asked kind a sentence holds, and how closely they stand to what is asked.

For a typed question a sentence must hold a value of the kind asked (a person, a date, a place, a
count, a named thing) that is not one of the question's own words and sits a few dependency links
from what the question asks about; `find_values` lists them, nearest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.language.lexical import content_terms, related_term, says_word, stems
from qa.language.paraphrase import related_words
from qa.language.newstime import MONTHS, TimeRef, time_of
from qa.language.nounkinds import is_category, is_kind_of
from qa.language.nlp import Analysis
from qa.language.verbsenses import agent_nouns, same_act
from qa.answering.numbers import CLOCK, TALLY, counts_things, in_the_acts_clause, is_year, part_of_a_word, partial_list
from qa.answering.question import NAME_LABELS, Question
from qa.answering.valuetimes import agrees_with_article, before_the_report, said_only_as_a_plan, within_asked_times
from qa.answering.phrases import (
    closes_bracket, descriptions, doer_tokens, quoted_titles, modifiers_start, name_lists, proper_runs, reason_phrases, target_phrases,
)
from qa.answering.sentenceview import SentenceView
from qa.answering.placenames import place_runs

MAX_RELATION = 6  # dependency links between a value and what is asked; calibrated (qa eval --calibrate)
NAME_RELATION = 2  # links between a name and the noun it names ("the spokesman, Ana Costa", "its leader Ana Costa")
ROLE_RELATION = 3  # links between a person and the post a copular question asks about ("the new oldest member is Ana Costa")
OBJECT_RELATION = 2  # links between a value and a noun the asked act takes, where the act's verb is not said


@dataclass(frozen=True)
class Value:
    """A candidate answer inside a sentence: characters start..end of the analysed passage."""

    text: str
    start: int
    end: int
    label: str
    distance: int  # dependency links to what is asked (0: the value is what was asked about)
    time: TimeRef | None = None
    count: int | None = None  # a list answering "how many": how many names it holds


def find_values(question: Question, view: SentenceView, said_times: list[TimeRef] | None = None) -> list[Value]:
    """Values of the asked kind in the sentence, nearest to what is asked first."""
    a = view.analysis
    # Tokens that say the act asked (by lemma, stem, or another verb for it), read once: whether
    # the act is said at all, said as a verb, where a time or an object must attach.
    said_at = [i for i in range(view.first, view.end) if question.predicate and says_word(a, question.predicate, i, i + 1)]
    if question.kind == "person" and question.predicate:
        # "Who chaired the panel?": "the chairman of the panel, Ana Costa" says the act by its doer.
        agent_words = agent_nouns(question.predicate)
        said_at += [i for i in range(view.first, view.end) if a.pos[i] == "NOUN" and a.lemmas[i].lower() in agent_words
                    and i not in said_at]
    # "How many flaws did the firm count?": counting is what "how many" asks already; the text
    # gives the number with any verb ("the browser has 277 flaws").
    predicate_said = bool(said_at) or (question.kind == "number" and question.predicate is not None
                                       and not question.asks_amount and same_act(question.predicate, "count"))
    # Where the act is said as a verb, the tokens that name its doer ("who won": the subject).
    doers = None
    if question.asks_doer and any(a.pos[i] == "VERB" for i in said_at):
        found_doers = [doer_tokens(a, i, view.first, view.end) for i in said_at if a.pos[i] == "VERB"]
        if all(d is not None for d in found_doers):  # a verb whose doer the parse does not give leaves it open
            doers = set().union(*found_doers)
    said_as_verb = any(a.pos[i] == "VERB" for i in said_at)
    anchors = _anchors(question, view, frozenset(said_at))
    asked_terms = question.terms
    named = frozenset().union(*(m.terms for m in question.mentions if m.kind in ("name", "norp", "descriptive"))) if question.mentions else frozenset()
    # Where the verb asked is not said, a noun it takes may report the act ("a venture between A and B").
    object_at = [i for i in range(view.first, view.end) if a.lemmas[i] in question.objects and a.pos[i] == "NOUN"]
    counted_at = [i for i in range(view.first, view.end) if question.counted and a.lemmas[i] == question.counted]
    # "25 people are killed and 800 others injured": an "others" that counts the noun said before it.
    others_at = _others_of(a, view, counted_at)
    # A value given to the asked noun: "the name of the bridge" (a name given to the bridge, or to
    # what WordNet files under it: "viaduct"), "who is the head coach" (a person given that post).
    given_to = NAME_RELATION if question.asks_name_of_target else \
        ROLE_RELATION if question.kind == "person" and question.target_is_post else None
    noun_at = _asked_noun_tokens(a, view, question.target) if given_to is not None else []
    # The asked noun as a noun (or its verb: "Ana Costa coaches the team"); "an official visit"
    # does not speak of officials.
    target_said = bool(question.target) and any(a.lemmas[k] == question.target and a.pos[k] in ("NOUN", "PROPN", "VERB")
                                                for k in range(view.first, view.end))
    # "Who was the head of the agency": a sentence naming its administrator says the post asked
    # by a kind of it, where no verb of the question is said.
    post_at = _asked_noun_tokens(a, view, question.target, of_a_person=True) \
        if question.kind == "person" and question.target and not target_said else []
    found: list[Value] = []

    def add(first: int, end: int, label: str, time: TimeRef | None = None, farther: int = 0,
            count: int | None = None) -> None:
        while first < end and a.pos[first] in ("DET", "PUNCT", "ADP"):
            first += 1
        while end > first and a.pos[end - 1] in ("PUNCT", "PART") and not closes_bracket(a, first, end - 1):
            end -= 1
        if end < view.end and closes_bracket(a, first, end):
            end += 1  # spaCy's span stopped short of the bracket its name opened
        if end <= first:
            return
        if view.label_end is not None and first < view.label_end:
            return  # "2024 city marathon:" names the story, not its answer
        start_char, end_char = a.span_chars(first, end)
        text = a.text[start_char:end_char]
        terms = content_terms(text)
        if terms and terms <= asked_terms:
            return  # the question's own words are not its answer
        if label not in ("DATE", "OBJECT", "DESCRIBE") and any(related_term(t, named) for t in terms):
            return  # a name the question gives ("General Maria Lopez" for "… was Maria Lopez given")
        if kind in ("person", "entity", "number", "place") and question.predicate and not predicate_said and label != "TARGET" \
                and not (target_said or post_at) \
                and not any(_inside_object(a, a.first_conjunct(k), o) for k in range(first, end) for o in object_at):
            return  # "Who hosted the Grammys?" is not answered by who won there: the act asked must be said
        if kind == "person" and question.predicate and not predicate_said and post_at and not any(
                a.path_length(k, t) <= ROLE_RELATION for k in range(first, end) for t in post_at):
            return  # "who was the head": where only a kind of the post says it, the one given that post
        if given_to is not None and (label != "TARGET" or question.asks_name_of_target) and not any(
                min(a.path_length(k, t), a.path_length(a.first_conjunct(k), t)) <= given_to
                for k in range(first, end) for t in noun_at):
            return  # "the name of the only survivor", "who is Arden's head coach": given to that noun, not any near
        if question.asks_amount and label in ("CARDINAL", "NUM") and counts_things(a, first, end):
            return  # "how much was it to cost": "two bridges" counts things, it is no amount
        if question.asks_doer and label != "TARGET" and doers is not None and not any(k in doers for k in range(first, end)):
            return  # "Who won?": the one who did it, not the one it replaced ("would replace coach X")
        if kind == "person" and label not in ("PERSON", "TARGET") and not predicate_said:
            return  # a team or a country answers "who won" only where the sentence says "won"
        if kind == "number" and question.counted and count is None:
            # "How many days": a count of days where the sentence names them, else one at its verb.
            if counted_at and not any(a.heads[k] in counted_at or k in counted_at or k + 1 in counted_at
                                      or a.heads[k] in others_at for k in range(first, end)):
                return
            if not counted_at and not (predicate_said and any(a.pos[a.heads[k]] == "VERB" for k in range(first, end))):
                return
        outside = [anchor for anchor in anchors if not first <= anchor < end]
        distance = min((a.path_length(k, anchor) for k in range(first, end) for anchor in outside), default=MAX_RELATION + 1)
        if not outside:
            # What is asked may be said only in the context ("2025 IPL Season: Royal Challengers
            # Bengaluru win…"): a core part of the sentence's main clause still answers.
            distance = min(distance, 1 + min(a.path_length(k, root) for k in range(first, end)))
        if any(first <= anchor < end for anchor in anchors if a.lemmas[anchor] == question.target):
            distance = 0  # the value is itself what was asked for ("the Golden Bear award")
        elif any(a.lemmas[anchor] == question.target and a.pos[anchor] in ("NOUN", "PROPN")
                 and min(a.path_length(k, anchor) for k in range(first, end)) == 1 for anchor in outside):
            distance = 0  # the value names the asked noun ("adopts the title Grand Prior"), nearer than the verb's
        if kind == "number" and said_as_verb and not in_the_acts_clause(a, first, end, said_at):
            distance += 2  # "25 are killed and 800 injured": how many were injured is the count the injuring takes
        distance += farther
        if distance <= MAX_RELATION:
            found.append(Value(text, start_char, end_char, label, distance, time, count))

    root = next((i for i in range(view.first, view.end) if a.heads[i] == i), view.first)
    kind = question.kind
    if kind == "date":
        plan_only = said_only_as_a_plan(question, a, said_at)
        wants_day = question.target not in ("year", "month", "decade", "century", "season")
        # "What time…": where a clock or race time is said, it is the answer; elsewhere a part of a
        # day may be ("late on Friday").
        clocks = [i for i in range(view.first, view.end) if CLOCK.match(a.token_text(i))] if question.target == "time" else []
        for t in said_times if said_times is not None else time_of(a, view.date, view.first, view.end):
            if any(t.agrees(asked) and t.text == asked.text for asked in question.times):
                continue  # the time the question gives
            if clocks and (t.day is not None or t.month is not None or t.year is not None):
                continue  # "what was her winning time": the race time said, not the calendar date beside it
            if wants_day and t.day is None and agrees_with_article(t, view.date):
                continue  # "2025" for "on what date": the article's own date says more
            if question.target in ("date", "day") and t.day is None and not predicate_said:
                continue  # "on what date…?" asks for a day: a year is an answer only where the act asked is said
            if t.relative and t.day is not None and agrees_with_article(t, view.date) \
                    and question.predicate and not said_as_verb:
                continue  # "today" is the article's date: it answers only for the act asked, as that date does
            if not within_asked_times(t, question):
                continue  # "which month of 2019": an October of another year is another time
            # "When will it be delivered": "last year" is when something else happened. A month named
            # without its year is put before the report by rule, so where it falls says nothing.
            if question.future and t.relative and not any(m in t.text.lower() for m in MONTHS) \
                    and t.year is not None and view.date and before_the_report(t, view.date):
                continue
            if plan_only:
                continue  # "when was it shut down": "it will shut down in May" gives the plan, not the day it happened
            if _year_of_another_name(a, t, question, view, said_at):
                continue  # "the 2028 Summer Olympics" names another event; its year is not when the act asked happened
            if said_at and min(a.path_length(k, p) for k in range(t.first, t.end) for p in said_at) > 2:
                continue  # a time of another event in the sentence ("the vacuum that began in October 2022")
            add(t.first, t.end, "DATE", t)
        for i in clocks:  # "What was her winning time?": "2:17:22", whatever spaCy took it for
            add(i, i + 1, "TIME")
    elif kind in ("person", "place", "number", "entity"):
        # "Which club won": the archive's labels for "club" rank first, but spaCy's small model
        # often labels a name otherwise, so any name may answer an "entity" question.
        accepted = question.labels | NAME_LABELS if kind == "entity" else question.labels
        for entity in a.entities_in(view.first, view.end):
            if kind == "number" and part_of_a_word(a, entity.end - 1, question.counted):
                continue  # "a three-peat"
            if kind == "number" and entity.end - entity.start == 1 and TALLY.match(a.token_text(entity.start)):
                add(entity.start, entity.end, "CARDINAL")  # "40–22", "93–18": a score or a vote, whatever spaCy took it for
            elif entity.label in accepted and not (kind == "number" and is_year(a, entity.start, entity.end, question)):
                add(entity.start, entity.end, entity.label)
            elif kind == "number" and question.counted and entity.label in ("DATE", "TIME") \
                    and any(a.lemmas[k] == question.counted for k in range(entity.start, entity.end)) \
                    and any(a.pos[k] == "NUM" for k in range(entity.start, entity.end)):
                add(entity.start, entity.end, "QUANTITY")  # "how many years": "five years" is a duration
            elif kind == "number" and entity.end - entity.start == 1 and entity.end in counted_at \
                    and a.pos[entity.start] == "NUM":
                add(entity.start, entity.end, "CARDINAL")  # "1905 pupils": a count spaCy took for a year
        if kind == "entity" and "WORK_OF_ART" in question.labels:
            # "Which song…" (the archive names works by that noun): "the diss track "Not Like
            # Us"" — news quotes the titles of works, which spaCy's small model often misses.
            for first, end in quoted_titles(a, view.first, view.end):
                add(first, end, "WORK_OF_ART")
        if kind in ("person", "entity"):
            for first, end in proper_runs(a, view.first, view.end):
                if not any(e.start <= first < e.end for e in a.entities):
                    add(first, end, "PROPN")
        if kind == "place":
            for first, end in place_runs(view, accepted, question.target, said_at):
                add(first, end, "PROPN")
        if question.target and kind in ("entity", "person", "place"):
            for first, end in target_phrases(a, view.first, view.end, question.target):
                if kind == "person" and any(a.lemmas[k] == question.target for k in range(first, end)):
                    continue  # "First Deputy Director" is the post asked about, not the person
                add(first, end, "TARGET", farther=2 if kind == "person" and any(
                    e.start <= first and end <= e.end and e.label in NAME_LABELS - {"PERSON"}
                    for e in a.entities_in(view.first, view.end)) else 0)  # an organisation is a weaker "who"
        if kind == "number" and question.counted_labels:
            # "How many countries hosted the talks?" — "hosted by Arden, Belmont and Carrow": the
            # names listed, counted, where the list hangs on the counted noun or the act asked.
            for items in name_lists(a, view.first, view.end, question.counted_labels):
                near = [k for k in counted_at + said_at if min(a.path_length(j, k) for j in items) <= 2]
                if near and not partial_list(a, items, view.end):
                    # A number the sentence gives ranks first: the list may name only some.
                    add(min(a.entity_at(j).start for j in items), max(a.entity_at(j).end for j in items),
                        "COUNT", count=len(items), farther=1)
        if kind == "number":
            for i in range(view.first, view.end):
                if a.pos[i] == "NUM" and not any(e.start <= i < e.end for e in a.entities) and not is_year(a, i, i + 1, question) \
                        and not part_of_a_word(a, i, question.counted):
                    add(i, i + 1, "NUM")
    elif kind == "object":
        for i in said_at:
            for k in range(view.first, view.end):
                if a.heads[k] == i and a.dep[k] in ("dobj", "ccomp", "attr", "xcomp", "oprd"):
                    first, end = a.subtree(k)
                    add(first, end, "OBJECT")
                elif question.preposition and a.heads[k] == i and a.dep[k] == "prep" and a.lemmas[k] == question.preposition:
                    # "collides with the harbour crane" for "what did it collide with"
                    for j in range(k + 1, view.end):
                        if a.heads[j] == k and a.dep[j] == "pobj":
                            first, end = _without_given_place(a, j, named)
                            add(first, end, "OBJECT")
    elif kind == "reason":
        for first, end, head in reason_phrases(a, view.first, view.end):
            # The reason for the act asked: where the sentence says it, the reason hangs on it.
            # A connective hangs on the act it gives the reason for; a noun or verb of purpose may
            # sit one link lower. Where the act is said otherwise ("travel" asked, "an official
            # visit" said), the reason hangs on what the question names ("Munir is on a visit
            # … with an aim to bolster ties").
            reach = 2 if a.pos[head] in ("NOUN", "VERB") and a.dep[head] not in ("advcl",) else 1
            if said_at:
                if min(a.path_length(head, p) for p in said_at) > reach:
                    continue
            elif question.predicate and not any(a.path_length(head, p) <= reach + 1 for p in anchors
                                                if a.pos[p] in ("NOUN", "PROPN")):
                continue
            add(first, end, "REASON")
    elif kind == "describe":
        for first, end in descriptions(a, view.first, view.end, named):
            add(first, end, "DESCRIBE")
    elif kind == "instance":
        category = is_category(question.target)  # abstract nouns file almost anything under them
        entities = a.entities_in(view.first, view.end)
        ordinals = {k for e in entities if e.label == "ORDINAL" for k in range(e.start, e.end)}
        dates = {k for e in entities if e.label == "DATE" for k in range(e.start, e.end)}
        for i in range(view.first, view.end):
            # The asked noun may end a name and be tagged a proper noun ("on Castlemarren Road").
            if a.pos[i] != "NOUN" and not (a.pos[i] == "PROPN" and a.lemmas[i].lower() == question.target):
                continue
            first = modifiers_start(a, view.first, i)
            # A number marks which one only before one thing ("the 2025 round", "a 25 percent
            # tariff"); before a plural it counts them ("three matches", "12 topics").
            singular = a.token_text(i).lower() == a.lemmas[i].lower()
            asked_noun = a.lemmas[i].lower() == question.target
            by_name = asked_noun and any(a.pos[k] == "PROPN" for k in range(first, i))
            placed = asked_noun and not question.asks_kind_of_target and any(k in ordinals or (a.pos[k] == "NUM" and (singular or k in dates))
                                        for k in range(first, i))
            if placed and not by_name and question.predicate and not predicate_said:
                continue  # a place in a series ("a third round of talks") answers only where the act asked is said
            # "What kind of award": "a state award" — a word before the noun says which kind.
            # Not an ordinal or a time ("her second award in March" says which one, not its kind).
            described = asked_noun and question.asks_kind_of_target and any(
                a.pos[k] in ("ADJ", "NOUN") and k not in ordinals and k not in dates
                and content_terms(a.token_text(k)) - question.terms for k in range(first, i))
            if by_name or placed or described or (category and is_kind_of(a.lemmas[i], question.target)):
                add(first, i + 1, "KIND")  # "the Ostvale district", "the third stage", or "a borough"
    unique: dict[tuple[int, int], Value] = {}
    for value in found:
        key = (value.start, value.end)
        if key not in unique or value.distance < unique[key].distance:
            unique[key] = value
    values = [v for v in unique.values() if not any(o is not v and o.start <= v.start and v.end <= o.end
                                                     and (o.start, o.end) != (v.start, v.end) and o.label == "TARGET"
                                                     for o in unique.values())]
    # For "who", a name of another kind stands two links farther than a person's ("in his office in
    # Lyon" is nearer the act than "with Ivo Brandt", yet Ivo Brandt is who).
    farther = 2 if question.kind == "person" else 0
    return sorted(values, key=lambda v: (v.distance + farther * _label_rank(question, v.label),
                                         _label_rank(question, v.label), v.start))


def _asked_noun_tokens(a: Analysis, view: SentenceView, target: str, of_a_person: bool = False) -> list[int]:
    """Tokens that say the asked noun: itself, a synonym or a kind of it ("viaduct" for "bridge";
    for a person asked, "administrator" for "head")."""
    related = {form[0] for form in related_words(target, "noun", broader=False, of_a_person=of_a_person)
               if len(form) == 1}
    own = stems([target])[0]
    return [k for k in range(view.first, view.end) if a.pos[k] in ("NOUN", "PROPN")
            and (a.lemmas[k].lower() == target or stems([a.lemmas[k].lower()])[0] in related | {own})]


def _without_given_place(a: Analysis, head: int, named: frozenset[str]) -> tuple[int, int]:
    """The phrase under `head`, cut before a prepositional phrase that repeats a name the question
    gives ("the harbour crane in Lisbon, Portugal" for "… collide with in Lisbon")."""
    first, end = a.subtree(head)
    for k in range(head + 1, end):
        if a.heads[k] == head and a.dep[k] == "prep":
            tail_first, tail_end = a.subtree(k)
            if content_terms(a.text[a.starts[tail_first]:a.ends[tail_end - 1]]) & named:
                return first, k
    return first, end


def _others_of(a: Analysis, view: SentenceView, counted_at: list[int]) -> set[int]:
    """The sentence's "others" that stand for the counted noun: the nearest noun before each is
    that noun ("25 people … 800 others"; not "two people … damaged 40 others", homes)."""
    found, last_noun = set(), None
    for k in range(view.first, view.end):
        if a.lemmas[k] == "other" and last_noun in counted_at:
            found.add(k)
        if a.pos[k] == "NOUN":
            last_noun = k
    return found


def _year_of_another_name(a: Analysis, t: TimeRef, question: Question, view: SentenceView, said_at: list[int]) -> bool:
    """A bare year that is part of a name ("the 2028 Summer Olympics") the question does not speak of."""
    if t.end - t.first != 1 or t.day is not None or t.month is not None:
        return False
    head = a.heads[t.first]
    if head == t.first or a.pos[head] != "PROPN" or a.dep[t.first] not in ("nummod", "compound", "amod"):
        return False
    if any(a.path_length(head, p) <= 1 for p in said_at):
        return False  # the name is what the asked act took ("won the 2019 Harbor Open"): its year is the act's
    name = next(((f, e) for f, e in proper_runs(a, view.first, view.end) if f <= head < e), (head, head + 1))
    return not content_terms(a.text[a.starts[name[0]]:a.ends[name[1] - 1]]) <= question.terms


def value_quality(question: Question, values: list[Value]) -> float:
    """1.0 for a value of the preferred kind right at what is asked, less the farther it sits."""
    if not values:
        return 0.0
    best = values[0]
    return (1.0 / (1.0 + best.distance)) * (1.0 if _label_rank(question, best.label) == 0 else 0.5)


def _label_rank(question: Question, label: str) -> int:
    if question.kind == "person":
        return 0 if label in ("PERSON", "TARGET") else 1
    return 0 if label in question.labels or label in ("TARGET", "KIND", "COUNT") else 1


def _anchors(question: Question, view: SentenceView, said_at: frozenset[int]) -> list[int]:
    """Tokens of the sentence that stand for what is asked: those saying the predicate
    (`said_at`), the target noun, the question's names and other content words."""
    a = view.analysis
    anchors = []
    for i in range(view.first, view.end):
        stem = stems([a.token_text(i).lower()])[0]
        lemma_stem = stems([a.lemmas[i]])[0]
        if i in said_at or a.lemmas[i] == question.target:
            anchors.append(i)
        elif (stem in question.terms or lemma_stem in question.terms) and a.pos[i] in ("NOUN", "PROPN", "VERB", "ADJ"):
            anchors.append(i)
    return anchors


def _inside_object(a: Analysis, token: int, noun: int) -> bool:
    """The value hangs under the noun, within OBJECT_RELATION links and through no verb ("a venture between A and B")."""
    node, steps = token, 0
    while steps < OBJECT_RELATION and a.heads[node] != node:
        node, steps = a.heads[node], steps + 1
        if node == noun:
            return True
        if a.pos[node] in ("VERB", "AUX"):
            return False
    return False
