"""Does a sentence answer the question? Its constraints must be met, and a value of the asked kind
must stand in relation to what is asked.

A question's names and numbers must be found in the sentence or its article's own context (the
title, the heading a digest item sits under, the item's lead); a time it names must agree with a
time the sentence gives or, failing that, the article's date; a word that qualifies what is asked
("men's singles", "2024 election") must not be contradicted by another qualifier of the same
thing ("women's singles"). For a typed question the sentence must hold a value of the kind asked
(a person, a date, a place, a count, a named thing) that is not one of the question's own words
and sits a few dependency links from what the question asks about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.lexical import content_terms, lemma_terms, stems
from qa.newstime import TimeRef, article_time, time_of
from qa.nlp import Analysis
from qa.question import DATE_LABELS, NAME_LABELS, NUMBER_LABELS, Question, question_analysis

# Prepositions of place (closed-class grammar, not a topic): "in Baku", "at GHQ Rawalpindi".
PLACE_PREPOSITIONS = frozenset("in at near inside outside from to into across within".split())
MAX_RELATION = 6  # dependency links between a value and what is asked; calibrated (qa eval --calibrate)
_MODIFIERS = ("amod", "compound", "nummod", "poss", "npadvmod")


@dataclass(frozen=True)
class Value:
    """A candidate answer inside a sentence: characters start..end of the analysed passage."""

    text: str
    start: int
    end: int
    label: str
    distance: int  # dependency links to what is asked (0: the value is what was asked about)
    time: TimeRef | None = None


@dataclass
class Judgement:
    met: bool
    unmet: list[tuple[str, str]] = field(default_factory=list)  # (kind, words): ("mention", "Lyon")
    values: list[Value] = field(default_factory=list)
    coverage: float = 0.0
    met_mentions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SentenceView:
    """One candidate sentence: tokens first..end-1 of its passage's analysis, and what its
    article says around it."""

    analysis: Analysis
    first: int
    end: int
    context: str  # title, heading, item lead
    date: str | None  # the article's date
    context_first: int | None = None  # first token of the context within the passage (its item or passage start)
    label_end: int | None = None  # a digest item's "labels:" end inside this sentence (values there are topics)

    @property
    def text(self) -> str:
        start, end = self.analysis.span_chars(self.first, self.end)
        return self.analysis.text[start:end]


def judge(question: Question, view: SentenceView, weights=None) -> Judgement:
    a = view.analysis
    own_terms = content_terms(view.text) | lemma_terms(a, view.first, view.end) | acronyms(view.text)
    context_terms = content_terms(view.context) | acronyms(view.context)
    available = own_terms | context_terms
    result = Judgement(met=True)
    # Names must be met; a number the question gives ("more than 100"), a nationality
    # ("Brazilian leaders") and a name with a year in it (checked by its time) are looser.
    missing_by_group: dict[int, list[str]] = {}
    met_groups: set[int] = set()
    for mention in question.mentions:
        found = _mention_found(mention.terms, mention.text, available)
        if found:
            result.met_mentions.append(mention.text)
            met_groups.add(mention.group)
        elif mention.kind == "name":
            missing_by_group.setdefault(mention.group, []).append(mention.text)
    for group, names in missing_by_group.items():
        if group == -1 or group not in met_groups:  # of alternatives, one named is enough
            result.unmet.extend(("mention", name) for name in names)
    said_times = time_of(a, view.date, view.first, view.end)
    for asked in question.times:
        if not _time_met(asked, said_times, view.date):
            result.unmet.append(("time", asked.text))
    contrast = _contrast(question, view, available)
    if contrast:
        result.unmet.append(("contrast", contrast))
    needles = question.asked_terms
    if needles:
        result.coverage = weights.coverage(needles, available) if weights is not None else len(needles & available) / len(needles)
    else:
        result.coverage = 1.0
    if question.typed or question.kind in ("object", "describe"):
        result.values = find_values(question, view, said_times)
    result.met = not result.unmet
    return result


_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")


def acronyms(text: str) -> frozenset[str]:
    """Initials of runs of capitalised words ("United Nations General Assembly" → un, unga, ga…),
    so that a question's "UN" meets a text's "United Nations" (and the other way round)."""
    found: set[str] = set()
    for run in re.finditer(r"(?:\b[A-Z][\w’'-]*\s+)+[A-Z][\w’'-]*", text):
        initials = "".join(w[0].lower() for w in run.group().split())
        for a_ in range(len(initials)):
            for b in range(a_ + 2, min(len(initials), a_ + 5) + 1):
                found.add(initials[a_:b])
    return frozenset(found)


def related_term(term: str, available: frozenset[str]) -> bool:
    """The term, or a word that differs from it only by an ending ("Brazilian" / "Brazil",
    "Mongol" / "Mongolia"): names and their adjectives."""
    if term in available:
        return True
    if len(term) < 5:
        return False
    return any(len(other) >= 5 and abs(len(other) - len(term)) <= 5 and (other.startswith(term) or term.startswith(other))
               for other in available)


def _mention_found(terms: frozenset[str], text: str, available: frozenset[str]) -> bool:
    if all(related_term(t, available) for t in terms):
        return True
    words = text.split()
    # A person named in full by the question and by surname in the text ("Maria Lopez" / "Lopez").
    return len(words) >= 2 and bool(content_terms(words[-1])) and content_terms(words[-1]) <= available \
        and len(terms & available) >= len(terms) / 2


def _time_met(asked: TimeRef, said: list[TimeRef], article_date: str | None) -> bool:
    """A time the sentence gives, or its article's date, agrees with the one asked about."""
    if any(asked.agrees(t) for t in said if _comparable(asked, t)):
        return True
    own = article_time(article_date)
    return own is not None and asked.agrees(own)


def _comparable(a: TimeRef, b: TimeRef) -> bool:
    return (a.year is not None and b.year is not None) or (a.month is not None and b.month is not None)


def _contrast(question: Question, view: SentenceView, available: frozenset[str]) -> str | None:
    """A qualifier of what is asked that the text replaces by another of the same kind ("men's
    singles" asked, "women's singles" said; "sales director" asked, "Marketing Director" said).
    Judged where the qualified word stands: "Director of Sales" keeps it, wherever else the
    sentence says "sales"."""
    q = question_analysis(question.text)
    a = view.analysis
    scope = range(view.context_first if view.context_first is not None else view.first, view.end)
    mentioned = frozenset().union(*(m.terms for m in question.mentions)) if question.mentions else frozenset()
    for i in range(len(q)):
        # Qualifiers that name a kind ("men's", "2024", "sales"); adjectives such as "final" or
        # "previous" describe rather than pick one of several.
        if q.dep[i] not in _MODIFIERS or q.pos[i] not in ("NOUN", "PROPN", "NUM"):
            continue
        words = content_terms(q.token_text(i))
        if words & mentioned:
            continue  # a name the question gives: the mention check has it
        head_lemma = q.lemmas[q.heads[i]]
        if not words or head_lemma == q.lemmas[i]:
            continue
        occurrences = [j for j in scope if a.lemmas[j] == head_lemma]
        if not occurrences:
            continue
        agreeing = rivalled = False
        for j in occurrences:
            first, end = _subtree(a, j)
            said = content_terms(a.text[a.starts[first]:a.ends[end - 1]])
            if all(related_term(w, said) for w in words):
                agreeing = True
                break
            rivalled = rivalled or any(
                a.heads[k] == j and k != j and a.dep[k] == q.dep[i] and _same_class(a.pos[k], q.pos[i])
                and content_terms(a.token_text(k)) and not (content_terms(a.token_text(k)) & question.terms)
                for k in scope)
        if rivalled and not agreeing:
            return q.token_text(i)
    return None


def _same_class(pos: str, other: str) -> bool:
    """Qualifiers of one kind: numbers with numbers ("2024"/"2025"), nouns with nouns
    ("men's"/"women's", "sales"/"Marketing": a capital letter does not make another kind)."""
    return (pos == "NUM") == (other == "NUM") and pos in ("NOUN", "PROPN", "NUM")


def find_values(question: Question, view: SentenceView, said_times: list[TimeRef] | None = None) -> list[Value]:
    """Values of the asked kind in the sentence, nearest to what is asked first."""
    a = view.analysis
    anchors = _anchors(question, view)
    asked_terms = question.terms
    named = frozenset().union(*(m.terms for m in question.mentions if m.kind in ("name", "norp"))) if question.mentions else frozenset()
    sentence_terms = lemma_terms(a, view.first, view.end)
    predicate_said = bool(question.predicate) and bool(set(stems([question.predicate])) & sentence_terms)
    counted_at = [i for i in range(view.first, view.end) if question.counted and a.lemmas[i] == question.counted]
    found: list[Value] = []

    def add(first: int, end: int, label: str, time: TimeRef | None = None) -> None:
        while first < end and a.pos[first] in ("DET", "PUNCT", "ADP"):
            first += 1
        while end > first and a.pos[end - 1] in ("PUNCT", "PART"):
            end -= 1
        if end <= first:
            return
        if view.label_end is not None and first < view.label_end:
            return  # "2025 papal conclave:" names the story, not its answer
        start_char, end_char = a.span_chars(first, end)
        text = a.text[start_char:end_char]
        terms = content_terms(text)
        if terms and terms <= asked_terms:
            return  # the question's own words are not its answer
        if label not in ("DATE", "OBJECT", "DESCRIBE") and any(related_term(t, named) for t in terms):
            return  # a name the question gives ("General Maria Lopez" for "… was Maria Lopez given")
        if kind in ("person", "entity", "number", "place") and question.predicate and not predicate_said and label != "TARGET" \
                and not (question.target and any(a.lemmas[k] == question.target for k in range(view.first, view.end))):
            return  # "Who hosted the Grammys?" is not answered by who won there: the act asked must be said
        if kind == "person" and label not in ("PERSON", "TARGET") and not predicate_said:
            return  # a team or a country answers "who won" only where the sentence says "won"
        if kind == "number" and question.counted:
            # "How many days": a count of days where the sentence names them, else one at its verb.
            if counted_at and not any(a.heads[k] in counted_at or k in counted_at for k in range(first, end)):
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
        if distance <= MAX_RELATION:
            found.append(Value(text, start_char, end_char, label, distance, time))

    root = next((i for i in range(view.first, view.end) if a.heads[i] == i), view.first)
    kind = question.kind
    if kind == "date":
        wants_day = question.target not in ("year", "month", "decade", "century", "season")
        said_at = [i for i in range(view.first, view.end) if question.predicate and stems([a.lemmas[i]]) == stems([question.predicate])]
        for t in said_times if said_times is not None else time_of(a, view.date, view.first, view.end):
            if any(t.agrees(asked) and t.text == asked.text for asked in question.times):
                continue  # the time the question gives
            if wants_day and t.day is None and _agrees_with_article(t, view.date):
                continue  # "2025" for "on what date": the article's own date says more
            if said_at and min(a.path_length(k, p) for k in range(t.first, t.end) for p in said_at) > 2:
                continue  # a time of another event in the sentence ("the vacuum that began in October 2022")
            add(t.first, t.end, "DATE", t)
    elif kind in ("person", "place", "number", "entity"):
        # "Which club won": the archive's labels for "club" rank first, but spaCy's small model
        # often labels a name otherwise, so any name may answer an "entity" question.
        accepted = question.labels | NAME_LABELS if kind == "entity" else question.labels
        for entity in a.entities_in(view.first, view.end):
            if entity.label in accepted and not (kind == "number" and _is_year(a, entity.start, entity.end, question)):
                add(entity.start, entity.end, entity.label)
        if kind in ("person", "entity"):
            for first, end in _proper_runs(a, view.first, view.end):
                if not any(e.start <= first < e.end for e in a.entities):
                    add(first, end, "PROPN")
        if kind == "place":  # "at GHQ Rawalpindi": a name after a preposition of place, whatever its label
            for first, end in _proper_runs(a, view.first, view.end):
                head = a.heads[end - 1]
                if a.dep[end - 1] == "pobj" and a.lemmas[head] in PLACE_PREPOSITIONS:
                    add(first, end, "PROPN")
        if question.target and kind in ("entity", "person", "place"):
            for first, end in _target_phrases(a, view.first, view.end, question.target):
                if kind == "person" and any(a.lemmas[k] == question.target for k in range(first, end)):
                    continue  # "First Deputy Director" is the post asked about, not the person
                add(first, end, "TARGET")
        if kind == "number":
            for i in range(view.first, view.end):
                if a.pos[i] == "NUM" and not any(e.start <= i < e.end for e in a.entities) and not _is_year(a, i, i + 1, question):
                    add(i, i + 1, "NUM")
    elif kind == "object":
        for i in range(view.first, view.end):
            if question.predicate and stems([a.lemmas[i]]) == stems([question.predicate]):
                for k in range(view.first, view.end):
                    if a.heads[k] == i and a.dep[k] in ("dobj", "ccomp", "attr", "xcomp", "oprd"):
                        first, end = _subtree(a, k)
                        add(first, end, "OBJECT")
    elif kind == "describe":
        for first, end in _descriptions(a, view.first, view.end, named):
            add(first, end, "DESCRIBE")
    unique: dict[tuple[int, int], Value] = {}
    for value in found:
        key = (value.start, value.end)
        if key not in unique or value.distance < unique[key].distance:
            unique[key] = value
    values = [v for v in unique.values() if not any(o is not v and o.start <= v.start and v.end <= o.end
                                                     and (o.start, o.end) != (v.start, v.end) and o.label == "TARGET"
                                                     for o in unique.values())]
    return sorted(values, key=lambda v: (v.distance, _label_rank(question, v.label), v.start))


def value_quality(question: Question, values: list[Value]) -> float:
    """1.0 for a value of the preferred kind right at what is asked, less the farther it sits."""
    if not values:
        return 0.0
    best = values[0]
    return (1.0 / (1.0 + best.distance)) * (1.0 if _label_rank(question, best.label) == 0 else 0.5)


def _agrees_with_article(t: TimeRef, date: str | None) -> bool:
    own = article_time(date)
    return own is not None and t.agrees(own)


def _label_rank(question: Question, label: str) -> int:
    if question.kind == "person":
        return 0 if label in ("PERSON", "TARGET") else 1
    return 0 if label in question.labels or label == "TARGET" else 1


def _is_year(a: Analysis, first: int, end: int, question: Question) -> bool:
    text = a.text[a.starts[first]:a.ends[end - 1]]
    return text.isdigit() and len(text) == 4 and text[:2] in ("19", "20") and question.target not in ("year",)


def _anchors(question: Question, view: SentenceView) -> list[int]:
    """Tokens of the sentence that stand for what is asked: the predicate, the target noun, the
    question's names and other content words."""
    a = view.analysis
    predicate = set(stems([question.predicate])) if question.predicate else set()
    anchors = []
    for i in range(view.first, view.end):
        stem = stems([a.token_text(i).lower()])[0]
        lemma_stem = stems([a.lemmas[i]])[0]
        if a.lemmas[i] == question.target or lemma_stem in predicate or stem in predicate:
            anchors.append(i)
        elif (stem in question.terms or lemma_stem in question.terms) and a.pos[i] in ("NOUN", "PROPN", "VERB", "ADJ"):
            anchors.append(i)
    return anchors


def _proper_runs(a: Analysis, first: int, end: int) -> list[tuple[int, int]]:
    runs, i = [], first
    while i < end:
        if a.pos[i] == "PROPN":
            j = i
            while j + 1 < end and a.pos[j + 1] == "PROPN":
                j += 1
            runs.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return runs


def _target_phrases(a: Analysis, first: int, end: int, target: str) -> list[tuple[int, int]]:
    """Names that are the target ("the Golden Bear award" for "which award") or attached to it
    ("spokeswoman Lina Berg", "officials including Omar Haddad")."""
    phrases = []
    for i in range(first, end):
        if a.lemmas[i] != target:
            continue
        names = [k for k in range(first, end) if a.pos[k] == "PROPN" and a.path_length(k, i, limit=3) <= 3 and k != i]
        for run_first, run_end in _proper_runs(a, first, end):
            if any(run_first <= k < run_end for k in names) or (run_first <= i < run_end):
                phrases.append((run_first, run_end))
    return phrases


def _descriptions(a: Analysis, first: int, end: int, named: frozenset[str]) -> list[tuple[int, int]]:
    """What a text calls a person the question names: an apposition ("Ana Costa, the finance
    director of Acme"; "the finance director of Acme, Ana Costa") or a title before the name
    ("Finance Director Ana Costa")."""
    names = [i for i in range(first, end) if a.pos[i] == "PROPN" and content_terms(a.token_text(i)) & named]
    heads = {a.heads[i] if a.dep[i] == "compound" and a.heads[i] in names else i for i in names}
    found = []
    for name in heads:
        name_first, name_end = _subtree(a, name)
        for k in range(first, end):
            if a.pos[k] not in ("NOUN", "PROPN") or a.dep[k] != "appos" or k in names:
                continue
            k_first, k_end = _subtree(a, k)
            if any(content_terms(a.token_text(j)) & named for j in range(k_first, k_end)) and a.heads[name] != k:
                continue
            related = a.heads[k] == name or a.heads[name] == k or (
                a.heads[k] == a.heads[name] and a.dep[name] == "appos"
                and (0 <= name_first - k_end <= 1 or 0 <= k_first - name_end <= 1))
            if related:
                found.append(_subtree_without(a, k, name) if a.heads[name] == k else (k_first, k_end))
        titles = [k for k in range(name_first, name) if a.dep[k] == "compound" and a.heads[k] in set(names) | {name}
                  and not content_terms(a.token_text(k)) & named]
        if titles:
            spans = [_subtree(a, k) for k in titles]
            found.append((min(f for f, _ in spans), max(e for _, e in spans)))
    return found


def _subtree_without(a: Analysis, token: int, cut: int) -> tuple[int, int]:
    """The phrase of `token` up to the apposition `cut` ("the finance director of Acme")."""
    first, end = _subtree(a, token)
    cut_first, _ = _subtree(a, cut)
    return first, min(end, cut_first) if cut_first > token else end


def _subtree(a: Analysis, token: int) -> tuple[int, int]:
    members = [token]
    for k in range(len(a)):
        node, steps = k, 0
        while a.heads[node] != node and steps < 30:
            node, steps = a.heads[node], steps + 1
            if node == token:
                members.append(k)
                break
    return min(members), max(members) + 1


__all__ = ["Judgement", "MAX_RELATION", "SentenceView", "Value", "judge", "find_values", "value_quality",
           "DATE_LABELS", "NAME_LABELS", "NUMBER_LABELS"]
