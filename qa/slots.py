"""Typed answer slots: the value of the asked kind (a count, a name, a date, a place) that sits
next to what the question asks about. "Who is the defence minister?" is filled by
"…defence minister, Colonel General Karim Valiyev…"; a sentence that only mentions the
minister leaves the slot empty, and a question whose slot no strong sentence fills is one
the articles do not answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.lexical import content_terms, stems

MONTH = r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)"
NAME_LIKE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|[A-Z]\.))+")
KINDS = ("number", "person", "date", "place")

_YEAR_ONLY = re.compile(r"^(19|20)\d\d$")
SLOT_WINDOW = 5  # words between the thing asked about and the count or name that answers it
# The distance of a time or place in a sentence without all the question's focus words: it answers
# only from the best sentence, which may word the subject differently ("the talks … last
# weekend" for "the talks that ended without a breakthrough").
UNBOUND = 1000


def focus_terms(question: str, weights, limit: int = 2) -> set[str]:
    """The rarest question words the corpus does hold: what a typed answer must sit next to.
    In a resolved follow-up, "Who was his deputy? (Who is the spokesman…?)", the follow-up's
    own words come first: they say what is asked now; the topic in brackets fills up."""
    asked_now, _, topic = question.partition(" (")

    def ranked(text: str) -> list[str]:
        known = [t for t in content_terms(text) if weights is None or weights.df.get(t, 0) > 0]
        # Ties broken by the word itself: set order changes with each process's hash seed.
        return sorted(known, key=lambda t: (-(weights.idf(t) if weights is not None else 0.0), t))

    chosen = ranked(asked_now)[:limit]
    chosen += [t for t in ranked(topic) if t not in chosen][: limit - len(chosen)]
    return set(chosen)


_WHO_IS_NAME = re.compile(r"^\s*[Ww]ho (is|was|are|were)\s+[A-Z][a-z]+(\s+[A-Z][a-z]+)+\s*\??\s*$")
_COUNT = re.compile(
    r"\$?\b\d[\d,.]*(?:\s?(?:million|billion|thousand|hundred))?\b|\b(?:one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|dozens?|hundreds|thousands|millions|billions)\b", re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(MONTH + r"\.?\s*$", re.IGNORECASE)
_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A point in time as news text gives it; month names only capitalised ("may" is also a verb).
_WHEN = re.compile(
    rf"\b{_MONTH_NAME}\s+\d{{1,2}}(?:,\s*\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH_NAME}(?:\s+\d{{4}})?\b"
    rf"|\b{_MONTH_NAME}(?:\s+\d{{4}})?\b|\b(?:19|20)\d\d\b|\b\d{{4}}-\d\d-\d\d\b"
    r"|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b(?:[Yy]esterday|[Tt]oday|[Ll]ast (?:week|weekend|month|year))\b",
)
_TIME_WORDS = re.compile(r"\b(date|day|week|month|year|time)s?\b", re.IGNORECASE)
_ORDINAL = re.compile(r"^(first|second|third)$", re.IGNORECASE)
_ROLE_WORDS = frozenset(
    "minister ministry defence defense general colonel chief president prime marshal field deputy first "
    "foreign army staff air force forces commander ambassador spokesman secretary senator federal special "
    "assistant information broadcasting of the and for in on at head leader officials official".split()
)


# A place as news text gives it: a capitalised name after a preposition of place, or before
# "district", "province"… ("at GHQ Rawalpindi", "in Baku", "Kandahar province").
_PLACE_NAME = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
_PLACE = re.compile(
    rf"\b(?:in|at|to|from|near|along|inside|outside)\s+(?:the\s+)?(?P<value>{_PLACE_NAME})"
    rf"|\b(?P<named>{_PLACE_NAME})\s+(?:district|province|city|region|capital)\b"
)
_NOT_PLACES = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|This|That|His|Her|Their)\b"
)
_ADJUNCT_KINDS = ("date", "place")  # the time or place of a whole clause, wherever it sits


@dataclass(frozen=True)
class SlotQuestion:
    """What a typed question asks for, worked out once per question and then matched against
    each evidence sentence."""

    kind: str
    asked: str  # the question, lower-cased
    focus: frozenset[str]  # stemmed words a value must sit next to
    describe: bool = False  # "Who is Mosharraf Zaidi?" asks for a description, not another name

    @classmethod
    def of(cls, question: str, kind: str | None, weights) -> "SlotQuestion | None":
        if kind not in KINDS:
            return None
        if kind == "person" and _WHO_IS_NAME.search(question):
            return cls(kind, question.lower(), frozenset(), describe=True)
        # "On which day of the week…", "Where did he call on him in August 2025?": the time the
        # question gives (checked against the article's date elsewhere), and for a "when" the words
        # that name the kind asked for, are not what it asks about.
        untimed = _WHEN.sub(" ", question)
        focus = focus_terms(_TIME_WORDS.sub(" ", untimed) if kind == "date" else untimed, weights)
        return cls(kind, question.lower(), frozenset(focus)) if focus else None

    def matches(self, sentence: str) -> list[tuple[str, int]]:
        """(value, distance): distance adds up, for each focus word, how many words separate its
        nearest occurrence from the value (a missing focus word costs two windows)."""
        if self.describe:
            return [("", 0)]
        adjunct = self.kind in _ADJUNCT_KINDS
        spans = [(m.start(), m.group()) for m in re.finditer(r"[\w’'$.,-]+", sentence)]
        stemmed = stems([w.strip(".,").lower() for _, w in spans])
        found: dict[str, int] = {}
        for value, start in self._candidates(sentence):
            first = sum(1 for begin, _ in spans if begin < start)
            last = first + len(value.split()) - 1
            gaps: dict[str, int] = {}
            for i, stem in enumerate(stemmed):
                if stem in self.focus:
                    gap = 0 if first <= i <= last else min(abs(i - first), abs(i - last))
                    gaps[stem] = min(gap, gaps.get(stem, gap))
            # A count or a name must sit next to one of the focus words. A time or place belongs to
            # its whole sentence ("…exchanged fire along their border late on Friday"), so that
            # sentence must hold all of them: "Last year, Azerbaijan signed a deal" does not date
            # "the peace agreement … signed".
            if adjunct:
                bound = len(gaps) == len(self.focus)
            else:
                bound = bool(gaps) and min(gaps.values()) <= SLOT_WINDOW
            if bound:
                distance = sum(gaps.get(term, 2 * SLOT_WINDOW) for term in self.focus)
            elif adjunct:
                distance = UNBOUND
            else:
                continue
            found[value] = min(distance, found.get(value, distance))
        return sorted(found.items(), key=lambda item: item[1])

    def _candidates(self, sentence: str):
        """(value, start) of each value of the asked kind in `sentence` that could answer."""
        kind, asked = self.kind, self.asked
        pattern = {"number": _COUNT, "person": NAME_LIKE, "date": _WHEN, "place": _PLACE}[kind]
        for match in pattern.finditer(sentence):
            group = next((name for name, text in match.groupdict().items() if text), 0)  # 0: the whole match
            value, start = match.group(group).strip(), match.start(group)
            if kind == "number" and ((_YEAR_ONLY.match(value) and "year" not in asked) or _ORDINAL.match(value)):
                continue  # "how many" wants a count, not a year or "second (left)"
            if kind == "number" and _MONTH_BEFORE.search(sentence[:start]):
                continue  # the day of a date ("November 1, 2023")
            if value.lower() in asked:  # a value the question already holds is not an answer
                continue
            if kind in ("person", "place") and all(w.lower().strip(",.") in _ROLE_WORDS
                                                   or w.endswith(("ani", "stani", "ian")) for w in value.split()):
                continue  # "Azerbaijani Defence Minister", "First Deputy Minister": a post, not a person
            if kind == "place" and (_NOT_PLACES.match(value) or any(w.lower() in _ROLE_WORDS for w in value.split())
                                    or set(re.findall(r"\w+", asked)) & set(re.findall(r"\w+", value.lower()))):
                continue  # a month, a person with a title, or the place the question already names ("Saudi")
            yield value, start


def slot_matches(question: str, sentence: str, kind: str | None, weights) -> list[tuple[str, int]]:
    """`SlotQuestion.matches` for one sentence (callers with many sentences prepare the question once)."""
    prepared = SlotQuestion.of(question, kind, weights)
    return prepared.matches(sentence) if prepared else []


def slot_values(question: str, sentence: str, kind: str | None, weights) -> tuple[str, ...]:
    """The values of the asked kind that sit next to the question's focus words, e.g.
    ("Colonel General Karim Valiyev",) for "who is the defence minister"."""
    return tuple(value or "(described)" for value, _ in slot_matches(question, sentence, kind, weights))
