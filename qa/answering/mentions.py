"""What a question names: the names, numbers and ordinals an answer's sentence must meet, each
with the noun phrase it stands in (for messages) and its group of alternatives ("Lyon's … or
Porto's …": one of them is enough)."""

from __future__ import annotations

from dataclasses import dataclass

from qa.answering.labels import DATE_LABELS, NUMBER_LABELS
from qa.language.lexical import content_terms
from qa.language.nlp import Analysis, Entity


@dataclass(frozen=True)
class Mention:
    """A name or number the question gives: it must be met by an answer's sentence or context."""

    text: str
    terms: frozenset[str]  # stemmed content words
    kind: str  # "name" | "number" | "norp" (a nationality or group: "Brazilian", described, not required)
    #          | "descriptive" (a name that qualifies a common noun: "the Lyon-area plant", "Acme's website")
    phrase: str = ""  # the noun phrase around it ("the Lyon summit" for "Lyon"), for messages
    group: int = -1  # mentions of one group are alternatives ("Romania's … or Poland's …"): one must be met
    of_object: bool = False  # it names what the asked act takes ("won Best Actress"): the sentence itself must say it
    person: bool = False  # spaCy labels it a person: a text may name them by surname alone


def question_mentions(a: Analysis, skip: set[int], object_tokens: frozenset[int] = frozenset()
                      ) -> tuple[tuple[Mention, ...], set[int]]:
    """Names (entities, and runs of proper nouns outside them) and numbers the question gives.
    A title before a name ("Governor Ana Costa") stays an ordinary word: texts often
    name the person without it."""
    spans: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    people = {k for e in a.entities if e.label == "PERSON" for k in range(e.start, e.end)}
    for e in _joined_at_prepositions(a):
        taken.update(range(e.start, e.end))
        if e.label == "ORDINAL" and any(ch.isdigit() for ch in a.text[a.starts[e.start]:a.ends[e.end - 1]]):
            spans.append((e.start, e.end, "ordinal"))  # "the 12th summit": which one, as a name says
            continue
        if e.label in DATE_LABELS or e.label == "ORDINAL":
            continue
        if e.label in NUMBER_LABELS and any(a.heads[i] in skip for i in range(e.start, e.end)):
            continue  # "which five acts", "what two fields": how many answers, not a constraint
        spans.append((e.start, e.end, "number" if e.label in NUMBER_LABELS else "norp" if e.label == "NORP" else "name"))
    i = 0
    while i < len(a):
        if a.pos[i] == "PROPN" and i not in skip and i not in taken:
            j = i
            while j + 1 < len(a) and j + 1 not in taken and (
                    a.pos[j + 1] == "PROPN" or (_capitalised(a, j + 1) and j + 2 < len(a) and a.pos[j + 2] == "PROPN")):
                j += 1  # a capitalised word inside a name is part of it ("Best Supporting Actress")
            followed_by_entity = j + 1 < len(a) and (j + 1) in taken
            # "the Helmet of Ana Costa": a name cut at its "of" (as spaCy cut "the Port of") is one name
            # (after an article, and not a person: "Ana Costa of the Ostvale Party" is two names)
            joined = next((n for n, (start, _, kind) in enumerate(spans) if start == j + 2 and kind == "name"), None) \
                if j + 2 < len(a) and a.lemmas[j + 1] == "of" and i > 0 and a.pos[i - 1] == "DET" \
                and not people & set(range(i, j + 1)) else None
            if joined is not None:
                spans[joined] = (i, spans[joined][1], "name")
            elif not followed_by_entity:
                spans.append((i, j + 1, "name"))
            i = j + 1
        else:
            i += 1
    mentions, tokens = [], set()
    groups = _coordination_groups(a)
    for start, end, kind in sorted(spans):
        while start < end and (start in skip or a.pos[start] in ("DET", "PART")):
            start += 1
        while end > start and a.pos[end - 1] in ("PART", "PUNCT"):
            end -= 1
        # "Ostvale province", "the Harrow region": the lowercase noun says what kind of thing the
        # name is; a text may give the name alone ("the coast of Ostvale"), so it is an ordinary word.
        whole_end = end  # whether the name only describes is read on the whole name ("Aceh province" does not)
        while kind == "name" and end - start > 1 and a.pos[end - 1] == "NOUN" and a.token_text(end - 1).islower():
            end -= 1
        if end <= start:
            continue
        # The text as written ("Lee Jae-myung"), not tokens joined by spaces ("Jae - myung").
        words = [a.text[a.starts[start]:a.ends[end - 1]]]
        # A year inside a name ("2025 Australian Open") is checked as a time, against the article's date too.
        terms = frozenset(t for t in content_terms(" ".join(words)) if len(t) > 1 and not _is_year_term(t))
        if not terms:
            continue
        if kind == "name" and not any(ch.isupper() for ch in words[0]):
            continue  # "the 2025 nightclub disaster": spaCy's label on common nouns names nothing
        if any(_is_year_term(t) for t in content_terms(" ".join(words))) and kind == "name":
            kind = "dated"  # "New Year's Day 2025", "the 2002 World Cup": checked by its time, named loosely
        if kind == "name" and _qualifies_common_noun(a, start, whole_end):
            kind = "descriptive"
        if kind == "ordinal":
            kind = "name"  # it qualifies its noun, yet "the 11th summit" does not answer for the 12th
        mentions.append(Mention(text=" ".join(words).strip(" '’"), terms=terms, kind=kind,
                                phrase=_noun_phrase(a, start, end), group=groups.get(end - 1, -1),
                                of_object=bool(object_tokens & set(range(start, end))),
                                person=bool(people & set(range(start, end)))))
        tokens.update(range(start, end))
    return tuple(mentions), tokens


def _joined_at_prepositions(a: Analysis) -> list[Entity]:
    """spaCy's small model may cut a name at its preposition ("the Port of" | "Shahid Rajaee"): an
    entity that ends in one is joined to the name right after it."""
    joined: list[Entity] = []
    for e in a.entities:
        if joined and joined[-1].end == e.start and a.pos[e.start - 1] == "ADP" and e.label not in DATE_LABELS:
            joined[-1] = Entity(joined[-1].start, e.end, joined[-1].label)
        else:
            joined.append(e)
    return joined


def _capitalised(a: Analysis, i: int) -> bool:
    word = a.token_text(i)
    return i > 0 and word[:1].isupper() and a.pos[i] in ("VERB", "ADJ", "NOUN")


def _qualifies_common_noun(a: Analysis, start: int, end: int) -> bool:
    """A name that only describes the thing spoken of ("the Lyon-area plant", "a Hollywood star",
    "Acme's website"): questions add such descriptions from the asker's own knowledge, and an
    article that names the plant need not name its region."""
    roots = [i for i in range(start, end) if not start <= a.heads[i] < end]
    if len(roots) != 1:
        return False
    root = roots[0]
    head = a.heads[root]
    return a.dep[root] in ("compound", "amod", "poss", "nmod") and head != root and a.pos[head] == "NOUN"


def _coordination_groups(a: Analysis) -> dict[int, int]:
    """token → group, for names joined by "or"/"and" ("Romania's … or Poland's …", "Kočani or
    Jet Set"): a comparison's alternatives, of which one sentence names one."""
    groups: dict[int, int] = {}
    times = {k for e in a.entities if e.label in ("DATE", "TIME") for k in range(e.start, e.end)}
    for i in range(len(a)):
        if a.dep[i] != "conj":
            continue
        head = a.heads[i]
        # "Microsoft in May or Starbucks in February": spaCy joins the second name to the first
        # one's time; the alternative is the name that time is said of.
        while head in times and i not in times and a.dep[head] == "pobj" and a.dep[a.heads[head]] == "prep" \
                and a.heads[a.heads[head]] != a.heads[head]:
            head = a.heads[a.heads[head]]
        group = groups.get(head, head)
        for token in (head, i):
            for k in range(len(a)):
                if k == token or (a.heads[k] == token and a.dep[k] in ("compound", "poss", "amod", "nmod")):
                    groups[k] = group
    return groups


def _noun_phrase(a: Analysis, start: int, end: int) -> str:
    """A mention widened to the noun it modifies, with its article: "Lyon" → "the Lyon summit",
    "12th" → "the 12th Harbor Cup"."""
    head = a.heads[end - 1]
    if end - start == 1 and end < head <= end + 3 and a.pos[head] in ("NOUN", "PROPN") \
            and all(start <= a.heads[k] <= head for k in range(end, head)):
        end = head + 1
    while end < len(a) and a.heads[end - 1] == end and a.pos[end] in ("NOUN", "PROPN"):
        end += 1
    if start > 0 and a.pos[start - 1] == "DET" and a.lemmas[start - 1] in ("the", "a", "an"):
        start -= 1
    elif start > 0 and a.pos[start - 1] == "NUM" and a.heads[start - 1] in range(start, end):
        start -= 1
    return a.text[a.starts[start]:a.ends[end - 1]]


def _is_year_term(term: str) -> bool:
    return len(term) == 4 and term.isdigit() and term[:2] in ("18", "19", "20")
