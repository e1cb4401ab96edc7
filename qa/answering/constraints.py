"""Does a sentence answer the question? Its constraints must be met, and a value of the asked kind
must stand in relation to what is asked (found by `qa.answering.values`).

A question's names and numbers must be found in the sentence or its article's own context (the
title, the heading a digest item sits under, the item's lead); a time it names must agree with a
time the sentence gives or, failing that, the article's date; a word that qualifies what is asked
("men's singles", "2024 election") must not be contradicted by another qualifier of the same
thing ("women's singles").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.language.lexical import acronyms, content_terms, lemma_terms, name_synonyms, related_name, related_term, stems
from qa.language.newstime import TimeRef, article_time, time_of
from qa.language.nlp import Analysis
from qa.language.nounkinds import are_sibling_kinds, share_a_kind
from qa.language.paraphrase import paraphrased_terms, sentence_stems
from qa.language.wordnet import senses
from qa.answering.mentions import Mention
from qa.answering.question import DATE_LABELS, NAME_LABELS, NUMBER_LABELS, Question, question_analysis
from qa.answering.sentenceview import SentenceView
from qa.answering.values import MAX_RELATION, Value, find_values, value_quality

_MODIFIERS = ("amod", "compound", "nummod", "poss", "npadvmod")


@dataclass
class Judgement:
    met: bool
    unmet: list[tuple[str, str]] = field(default_factory=list)  # (kind, words): ("mention", "Lyon")
    values: list[Value] = field(default_factory=list)
    coverage: float = 0.0  # weighted share of the question's words the sentence or its context holds
    own_coverage: float = 0.0  # the same, held by the sentence itself
    met_mentions: list[str] = field(default_factory=list)
    met_times: list[str] = field(default_factory=list)
    # Names the sentence says, but only beside the asked act done to another thing (for a refusal).
    passed_over: list[str] = field(default_factory=list)
    # Question terms the sentence says in other words (WordNet, `qa.language.paraphrase`): read
    # once here, for the coverage below and for the evidence score.
    said_otherwise: frozenset[str] = frozenset()


def judge(question: Question, view: SentenceView, weights=None) -> Judgement:
    a = view.analysis
    own_terms = content_terms(view.text) | lemma_terms(a, view.first, view.end) | acronyms(view.text)
    context_terms = content_terms(view.context) | acronyms(view.context)
    available = own_terms | context_terms
    result = Judgement(met=True)
    # Names must be met; a number the question gives ("more than 100") and a nationality
    # ("Brazilian leaders") are looser, and a name with a year in it is checked by its time,
    # unless it holds a word the archive never uses ("the 2025 Ostvale Marathon").
    object_named = _says_act_with_named_object(question, view)
    rival_objects = _object_names_of_act(question, view) if object_named else []
    missing_by_group: dict[int, list[str]] = {}
    met_groups: set[int] = set()
    for mention in question.mentions:
        # Where the sentence says the asked act with an object of its own, that object must be
        # the one asked: "won four awards" under a heading that names Best Actress is another win.
        scope = own_terms if mention.of_object and object_named else available
        found = _mention_found(mention.terms, mention.text, scope,
                               mention.person or _known_to_the_archive(mention.terms, weights))
        if found and mention.of_object and _names_another(rival_objects, mention, question):
            # "Who won the Ostvale Medal?": "X wins the Harbor Prize for Poetry for her book,
            # which was shortlisted for the Ostvale Medal" says X won another prize.
            found = False
            result.passed_over.append(mention.phrase or mention.text)
        if found:
            result.met_mentions.append(mention.text)
            met_groups.add(mention.group)
        elif mention.kind in ("name", "descriptive") or (mention.kind == "dated" and not _loosely_named(mention, weights, available)):
            missing_by_group.setdefault(mention.group, []).append(mention)
    for group, missing in missing_by_group.items():
        if group != -1 and group in met_groups:
            continue  # of alternatives, one named is enough
        for mention in missing:
            # A description of the thing spoken of may be the asker's own ("a Hollywood star"),
            # as long as the sentence is anchored by another name the question gives.
            if mention.kind == "descriptive" and result.met_mentions:
                continue
            result.unmet.append(("mention", mention.text))
    said_times = time_of(a, view.date, view.first, view.end)
    result.met_times = [asked.text for asked in question.times if _time_met(asked, said_times, view.date)]
    # "The 2006 Ostvale Fair fire": a sentence on "the worst fire, at the 1991 Ostvale Fair" speaks
    # of another year's fair, though its article's date meets 2006.
    result.met_times = [text for text in result.met_times
                        if not _names_another_years(question, a, next(t for t in question.times if t.text == text), said_times)]
    if not (question.times_are_alternatives and result.met_times):  # of alternatives, one met is enough
        result.unmet += [("time", asked.text) for asked in question.times if asked.text not in result.met_times]
    contrast = _contrast(question, view, available) or _nationality_contrast(question, view)
    if contrast:
        result.unmet.append(("contrast", contrast))
    result.said_otherwise = paraphrased_terms(question.paraphrases, sentence_stems(a, view.first, view.end))
    needles = question.asked_terms
    if needles:
        share = weights.coverage if weights is not None else (lambda words, held: len(words & held) / len(words))
        # A word the sentence says otherwise ("the timepiece" asked, "the clock" said) is held.
        otherwise = result.said_otherwise
        result.coverage, result.own_coverage = share(needles, available | otherwise), share(needles, own_terms | otherwise)
    else:
        result.coverage = result.own_coverage = 1.0
    if (question.asks_for_value or question.kind in ("object", "describe")) and not question.chooses_among_offered:
        result.values = find_values(question, view, said_times)  # a choice among offered names has no value to find
    result.met = not result.unmet
    return result


def _names_another_years(question: Question, a: Analysis, asked: TimeRef, said: list[TimeRef]) -> bool:
    """The asked time is met only by the article's date, and the sentence puts another year on a
    name the question gives ("at the 1991 Ostvale Fair" for "the 2006 Ostvale Fair fire")."""
    if asked.year is None or any(asked.comparable(t) and asked.agrees(t) for t in said):
        return False
    named = frozenset().union(*(m.terms for m in question.mentions if m.kind in ("name", "descriptive", "dated")))
    for t in said:
        if t.year is None or t.year == asked.year or t.month is not None or t.end - t.first != 1 \
                or t.text in question.text:
            continue  # a year the question says too is part of a name it gives ("asteroid 2024 YR4")
        head = a.heads[t.first]
        if head != t.first and a.dep[t.first] in ("nummod", "compound", "amod") \
                and related_term(stems([a.lemmas[head].lower()])[0], named):
            return True
    return False


def _says_act_with_named_object(question: Question, view: SentenceView) -> bool:
    """The sentence says the asked verb with a noun as its direct object ("wins the most awards");
    a pronoun ("accompanying him") leaves the object to the context."""
    a = view.analysis
    return any(a.dep[k] == "dobj" and a.pos[k] in ("NOUN", "PROPN") and a.lemmas[a.heads[k]] == question.predicate
               and a.pos[a.heads[k]] == "VERB" for k in range(view.first, view.end))


# Links that keep a word inside the noun phrase an act takes ("the 2025 Harbor Prize for Poetry");
# a clause under it ("…, which was shortlisted for X") says something else.
_OBJECT_PHRASE_LINKS = frozenset({"compound", "amod", "nummod", "poss", "case", "det", "prep", "pobj", "appos",
                                  "flat", "nmod", "conj", "cc", "punct"})


def _object_names_of_act(question: Question, view: SentenceView) -> list[tuple[frozenset[str], frozenset[str]]]:
    """For each direct object of the sentence's asked verb that holds a proper noun: the words
    of its phrase and the words of its proper nouns ("wins the 2025 Harbor Prize for Poetry"). A
    verb in a relative clause does not count: "Ana Costa, who won the Harbor Prize in 2023, took
    the Ostvale Medal" tells of an earlier win beside the one asked."""
    a = view.analysis
    found = []
    for head in range(view.first, view.end):
        verb = a.heads[head]
        if not (a.dep[head] == "dobj" and a.lemmas[verb] == question.predicate and a.pos[verb] == "VERB"
                and not _in_relative_clause(a, verb)):
            continue
        members = {head}
        grew = True
        while grew:
            grew = False
            for k in range(view.first, view.end):
                if k not in members and a.heads[k] in members and a.dep[k] in _OBJECT_PHRASE_LINKS:
                    members.add(k)
                    grew = True
        proper = [k for k in members if a.pos[k] == "PROPN"]
        if proper:
            phrase = a.text[a.starts[min(members)]:a.ends[max(members)]]
            found.append((content_terms(phrase) | lemma_terms(a, min(members), max(members) + 1),
                          frozenset().union(*(content_terms(a.token_text(k)) for k in proper))))
    return found


def _in_relative_clause(a: Analysis, verb: int) -> bool:
    """Inside a relative clause ("Ana Costa, *who won the Harbor Prize in 2023*, took …"): it
    describes someone named, it does not report the act the sentence is about."""
    node, steps = verb, 0
    while a.heads[node] != node and steps < 30:
        if a.dep[node] == "relcl":
            return True
        node, steps = a.heads[node], steps + 1
    return False


def _names_another(objects: list[tuple[frozenset[str], frozenset[str]]], mention: Mention, question: Question) -> bool:
    """The asked act's object names another thing than the mention: none of the objects holds the
    mention's words, and one holds a proper noun the question never says."""
    if not objects or any(all(related_term(t, words) for t in mention.terms) for words, _ in objects):
        return False
    return any(any(not related_term(t, question.terms) for t in proper) for _, proper in objects)


def _loosely_named(mention, weights, available: frozenset[str]) -> bool:
    """A dated name stands loosely ("New Year's Day 2025" for an item of 1 January) where the
    archive knows all its words and the sentence or its context says one of them; one with a
    word the archive never uses is another event, and a sentence that says none of its words
    ("Mexico wins the Nations League" for the 2025 Harbor Open) tells of another."""
    return weights is not None and _known_to_the_archive(mention.terms, weights) \
        and any(related_name(t, available) for t in mention.terms)


def _known_to_the_archive(terms: frozenset[str], weights) -> bool:
    return weights is None or all(weights.df.get(t, 0) > 0 for t in terms)


def _mention_found(terms: frozenset[str], text: str, available: frozenset[str], by_last_word: bool = True) -> bool:
    if all(related_name(t, available) for t in terms):
        return True
    if any(all(related_name(t, available) for t in other) for other in name_synonyms(text)):
        return True  # "Holland" met by "the Netherlands"
    words = text.split()
    # A person named in full by the question and by surname in the text ("Maria Lopez" / "Lopez"),
    # or a name by its last word ("the Channel") — but not a name with a word the archive never
    # uses, unless a person's ("the Ostvale Trophy" is not any trophy).
    return by_last_word and len(words) >= 2 and bool(content_terms(words[-1])) and content_terms(words[-1]) <= available \
        and len(terms & available) >= len(terms) / 2


def _time_met(asked: TimeRef, said: list[TimeRef], article_date: str | None) -> bool:
    """A time the sentence gives, or its article's date, agrees with the one asked about."""
    if any(asked.agrees(t) for t in said if asked.comparable(t)):
        return True
    own = article_time(article_date)
    return own is not None and asked.agrees(own)


def _contrast(question: Question, view: SentenceView, available: frozenset[str]) -> str | None:
    """A qualifier of what is asked that the text replaces by another of the same kind ("men's
    singles" asked, "women's singles" said; "sales director" asked, "Marketing Director" said).
    Judged where the qualified word stands: "Director of Sales" keeps it, wherever else the
    sentence says "sales"."""
    q = question_analysis(question.text)
    a = view.analysis
    scope = range(view.context_first if view.context_first is not None else view.first, view.end)
    # A name with a year in it ("the 2025 Harbor Cup") is met loosely; where it is the only name
    # the question gives, its qualifier is judged here ("the 2025 Bay Cup" is another event).
    named = [m for m in question.mentions if m.kind in ("name", "descriptive", "dated")]
    lone_dated = len(named) == 1 and named[0].kind == "dated"
    checked = [m.terms for m in question.mentions if not (lone_dated and m.kind == "dated")]
    mentioned = frozenset().union(*checked) if checked else frozenset()
    for i in range(len(q)):
        # Qualifiers that name a kind ("men's", "2024", "sales"); adjectives such as "final" or
        # "previous" describe rather than pick one of several.
        if q.dep[i] not in _MODIFIERS or q.pos[i] not in ("NOUN", "PROPN", "NUM"):
            continue
        if i in question.wh_tokens:
            continue  # "which company's demonstrator": the company is what is asked, any name answers it
        if any(t.first <= i < t.end and t.first <= q.heads[i] < t.end for t in question.times):
            continue  # "in January 2025": a part of a time is met as a time; "the 2024 Harbor Prize" qualifies a name
        words = content_terms(q.token_text(i))
        if words & mentioned:
            continue  # a name the question gives: the mention check has it
        head_lemma = q.lemmas[q.heads[i]]
        if not words or head_lemma == q.lemmas[i]:
            continue
        if senses(head_lemma, "verb") and not senses(head_lemma, "noun"):
            continue  # "the Army helicopter collide": a verb spaCy's small model read as a noun qualifies nothing
        # The sentence's own words first: a rival said of the same noun elsewhere in the passage
        # ("this science fair" before "the Harbor fair … was founded by") describes, not replaces.
        occurrences = [j for j in range(view.first, view.end) if a.lemmas[j] == head_lemma] \
            or [j for j in scope if a.lemmas[j] == head_lemma]
        # A qualifier of a name ("the 2024 Harbor Prize for Poetry") is judged where that name is
        # said, not where another name shares its head ("the 2024 Ostvale Prize").
        names = [m.terms for m in question.mentions if m.kind in ("name", "descriptive", "dated") and len(m.terms) > 1
                 and content_terms(q.token_text(q.heads[i])) <= m.terms and not words <= m.terms]
        if names:
            occurrences = [j for j in occurrences if any(
                all(related_term(w, _phrase_terms(a, j)) for w in name) for name in names)]
        if not occurrences:
            if _replaced_head(question, q, i, view):
                return q.token_text(q.heads[i])
            continue
        agreeing = rivalled = False
        for j in occurrences:
            first, end = _with_apposition(a, j)
            phrase = a.text[a.starts[first]:a.ends[end - 1]]
            said = content_terms(phrase) | _season_years(phrase)
            if all(related_term(w, said) for w in words):
                agreeing = True
                break
            # "the women's singles title": spaCy hangs the qualifier on the phrase's last noun.
            rivalled = rivalled or any(
                (a.heads[k] == j or (a.dep[j] == "compound" and a.heads[k] == a.heads[j] and k < j))
                and k != j and _same_slot(a.dep[k], q.dep[i]) and _same_class(a.pos[k], q.pos[i])
                and _of_one_kind(q.lemmas[i], q.pos[i], a.lemmas[k], a.pos[k])
                and content_terms(a.token_text(k)) and not (content_terms(a.token_text(k)) & question.terms)
                for k in scope)
        if rivalled and not agreeing:
            return q.token_text(i)
    return None


def _with_apposition(a: Analysis, token: int) -> tuple[int, int]:
    """The phrase a token heads, with the noun phrase it stands in apposition to: "the prototype
    orbiter, Space Shuttle Enterprise" qualifies Enterprise by "orbiter" too. spaCy's small model
    often hangs such a phrase elsewhere (here on the verb), so a noun phrase that ends with a comma
    right before the name's phrase counts as well."""
    node = a.heads[token] if a.dep[token] == "appos" else token
    first, end = a.subtree(node)
    before = first - 2
    # Not a phrase under a preposition: "After the 2019 festival, the 2021 film…" sets a time or a
    # scene; it does not describe the film.
    if before >= 0 and a.token_text(first - 1) == "," and a.pos[before] in ("NOUN", "PROPN") \
            and a.dep[before] != "pobj" and a.pos[a.heads[before]] != "ADP":
        np_first, np_end = a.subtree(before)
        if np_end == first - 1:
            first = np_first
    return first, end


def _replaced_head(question: Question, q: Analysis, i: int, view: SentenceView) -> bool:
    """The sentence says the question's possessive qualifier of another kind of the asked thing,
    and never the asked thing itself: "the men's *doubles* final" for "who won the men's singles",
    "the city's area" for "the city's population". Only a possessive: "cargo boat" for "cargo
    ship" or "factory blaze" for "factory fire" name the same thing loosely."""
    if q.dep[i] != "poss":
        return False
    a = view.analysis
    head_lemma = q.lemmas[q.heads[i]]
    for j in range(view.first, view.end):
        if a.lemmas[j] != q.lemmas[i] or not _same_slot(a.dep[j], q.dep[i]):
            continue
        h = a.heads[j]
        if h != j and a.pos[h] == "NOUN" and not (content_terms(a.token_text(h)) & question.terms) \
                and are_sibling_kinds(head_lemma.lower(), a.lemmas[h].lower()):
            return True
    return False


def _phrase_terms(a: Analysis, token: int) -> frozenset[str]:
    """The content words of the phrase a token heads."""
    first, end = a.subtree(token)
    return content_terms(a.text[a.starts[first]:a.ends[end - 1]])


_SEASON = re.compile(r"\b((?:19|20)\d\d)\s*[–/-]\s*(\d\d(?:\d\d)?)\b")


def _season_years(text: str) -> frozenset[str]:
    """The years a season spans ("2024–25" → 2024, 2025): the "2025 cup" is the 2024–25 one."""
    years = set()
    for start, end in _SEASON.findall(text):
        last = end if len(end) == 4 else start[:2] + end
        if 0 < int(last) - int(start) <= 1:
            years.update((start, last))
    return frozenset(years)


def _nationality_contrast(question: Question, view: SentenceView) -> str | None:
    """A nationality that qualifies what is asked ("the German election") where the text speaks
    of the same thing qualified by another nationality only ("the South Korean presidential
    election"): another country's event, not the one asked about."""
    q = question_analysis(question.text)
    a = view.analysis
    scope = range(view.context_first if view.context_first is not None else view.first, view.end)
    for entity in q.entities:
        if entity.label != "NORP":
            continue
        root = next((i for i in range(entity.start, entity.end) if not entity.start <= q.heads[i] < entity.end), None)
        if root is None or q.dep[root] not in ("amod", "compound") or q.pos[q.heads[root]] != "NOUN":
            continue
        asked = content_terms(q.text[q.starts[entity.start]:q.ends[entity.end - 1]])
        head_lemma = q.lemmas[q.heads[root]]
        agreeing = rivalled = False
        for j in (j for j in scope if a.lemmas[j] == head_lemma):
            for other in a.entities:
                if other.label != "NORP" or not any(a.heads[k] == j for k in range(other.start, other.end)):
                    continue
                said = content_terms(a.text[a.starts[other.start]:a.ends[other.end - 1]])
                if all(related_term(w, said) for w in asked):
                    agreeing = True
                else:
                    rivalled = True
        if rivalled and not agreeing:
            return q.text[q.starts[entity.start]:q.ends[entity.end - 1]]
    return None


def _of_one_kind(lemma: str, pos: str, other: str, other_pos: str) -> bool:
    """Common nouns replace one another only as kinds of one thing ("men's"/"women's",
    "singles"/"doubles", "sales"/"marketing"), by WordNet; "harbour ferry" and "night ferry",
    "youth choir" and "church choir" describe. Names, numbers and words WordNet does not
    know are taken as rivals, as before."""
    if pos != "NOUN" or other_pos != "NOUN":
        return True
    return share_a_kind(lemma.lower(), other.lower())


def _same_slot(dep: str, other: str) -> bool:
    """Qualifiers in one place before the noun: spaCy's small model tags the same word now as a
    compound, now as an adjective ("men's *doubles* title" / "men's *singles* title")."""
    return dep == other or {dep, other} <= {"amod", "compound"}


def _same_class(pos: str, other: str) -> bool:
    """Qualifiers of one kind: numbers with numbers ("2024"/"2025"), nouns with nouns
    ("men's"/"women's", "sales"/"Marketing": a capital letter does not make another kind)."""
    return (pos == "NUM") == (other == "NUM") and pos in ("NOUN", "PROPN", "NUM")


__all__ = ["Judgement", "MAX_RELATION", "SentenceView", "Value", "judge", "find_values", "value_quality",
           "related_term", "DATE_LABELS", "NAME_LABELS", "NUMBER_LABELS"]
