"""News time: the dates a text gives, with relative ones resolved against the article's date.

"last year" in an article of 2025-08-13 is 2024; "on Wednesday" is the Wednesday of that week
(the latest one on or before the article's date); "March" alone is the March before it. Dates
come from spaCy's DATE entities and bare years; their words are read here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from qa.language.dates import find_date

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH_ABBR = {m[:3]: n for n, m in enumerate(MONTHS, start=1)} | {"sept": 9}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# "2000 - 2050", "from 2019 to 2022": a span of years, which holds every year in it.
_YEAR_SPAN = re.compile(r"\b(1[89]\d\d|20\d\d)\s*(?:-|–|—|to|through|until)\s*(1[89]\d\d|20\d\d)\b")
_AGO = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago\b")
_NUMBER_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten".split())}


@dataclass(frozen=True)
class TimeRef:
    """A time a text gives: tokens first..end-1; the year, month and day it names (None where it
    does not say); `relative` when it was worked out from the article's date."""

    text: str
    first: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    relative: bool = False
    until: int | None = None  # the last year of a span of years ("2000 - 2050"), whose first is `year`

    @property
    def iso(self) -> str | None:
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return None

    def said(self) -> str:
        """How an answer says it: "last year (2024)", "Wednesday (1 November 2023)"."""
        if not self.relative:
            return self.text
        if self.day is None and self.month is not None and self.year is not None:
            if str(self.year) in self.text:
                return self.text
            named = any(m in self.text.lower() for m in MONTHS)
            return f"{self.text} ({self.year})" if named else f"{self.text} ({self.resolved_text()})"
        return f"{self.text} ({self.resolved_text()})"

    def resolved_text(self) -> str:
        if self.year and self.month and self.day:
            return format_date(self.iso)
        if self.year and self.month:
            return f"{MONTHS[self.month - 1].capitalize()} {self.year}"
        return str(self.year) if self.year and not self.until else self.text

    def comparable(self, other: "TimeRef") -> bool:
        """Both name a year, or both a month: one can confirm or contradict the other."""
        return (self.year is not None and other.year is not None) or (self.month is not None and other.month is not None)

    def agrees(self, other: "TimeRef") -> bool:
        """No field both name differs (2025 agrees with March 2025; March disagrees with May); a
        span of years agrees with a time in it (2000 - 2050 with 2050)."""
        if (self.until or other.until) and self.year is not None and other.year is not None:
            return max(self.year, other.year) <= min(self.until or self.year, other.until or other.year)
        pairs = ((self.year, other.year), (self.month, other.month), (self.day, other.day))
        named = [(a, b) for a, b in pairs if a is not None and b is not None]
        return bool(named) and all(a == b for a, b in named)


def format_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1].capitalize()} {day.year}"


def article_time(date: str | None) -> TimeRef | None:
    if not date:
        return None
    day = dt.date.fromisoformat(date)
    return TimeRef(text=format_date(date), first=-1, end=-1, year=day.year, month=day.month, day=day.day)


def time_of(analysis, article_date: str | None, first: int = 0, end: int | None = None) -> list[TimeRef]:
    """Every time in tokens first..end-1 of an `Analysis`, resolved against `article_date`."""
    end = len(analysis) if end is None else end
    anchor = dt.date.fromisoformat(article_date) if article_date else None
    found: list[TimeRef] = []
    covered: set[int] = set()
    for entity in analysis.entities:
        if entity.label not in ("DATE", "TIME") or entity.start < first or entity.end > end:
            continue
        start_char, end_char = analysis.span_chars(entity.start, entity.end)
        ref = read_time(analysis.text[start_char:end_char], anchor)
        if ref is not None:
            found.append(TimeRef(ref.text, entity.start, entity.end, ref.year, ref.month, ref.day, ref.relative, ref.until))
            covered.update(range(entity.start, entity.end))
    for i in range(first, end):  # a bare year the entity recogniser missed ("in 2023")
        word = analysis.token_text(i)
        if i not in covered and _YEAR.fullmatch(word):
            found.append(TimeRef(word, i, i + 1, year=int(word)))
        elif i not in covered and _YEAR_SPAN.fullmatch(word):
            ref = read_time(word, None)
            found.append(TimeRef(word, i, i + 1, ref.year, until=ref.until))
    return sorted(found, key=lambda t: t.first)


def read_time(text: str, anchor: dt.date | None) -> TimeRef | None:
    """The year, month and day a date phrase names ("November 1, 2023", "last year", "Tuesday")."""
    phrase = " ".join(text.split())
    lower = phrase.lower()
    full = find_date(phrase)
    if full:
        year, month, day = (int(x) for x in full[0].split("-"))
        return TimeRef(phrase, 0, 0, year, month, day)
    year_match = _YEAR.search(phrase)
    year = int(year_match.group(1)) if year_match else None
    month = next((n for n, m in enumerate(MONTHS, start=1) if re.search(rf"\b{m}\b", lower)), None)
    if month is None:
        month = next((n for abbr, n in _MONTH_ABBR.items() if re.search(rf"\b{abbr}\.?\b", lower)), None)
        if month and not re.search(r"\d", lower):
            month = None  # "mar", "may" alone are words, not months
    if month and not year and anchor:  # "in March": the March on or before the article's date
        year = anchor.year if month <= anchor.month else anchor.year - 1
        day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", lower)
        day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 31 else None
        coming = _soon_after(anchor, month, day) if day is not None else None
        if coming is not None:
            year = coming  # "the vote will be held on June 3" in a report of 25 May: the coming one
        return TimeRef(phrase, 0, 0, year, month, day, relative=True)
    span = _YEAR_SPAN.search(phrase)
    if span and month is None and int(span.group(1)) < int(span.group(2)):
        return TimeRef(phrase, 0, 0, int(span.group(1)), until=int(span.group(2)))
    if year or month:
        day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", _YEAR.sub("", lower)) if month else None
        day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 31 else None
        return TimeRef(phrase, 0, 0, year, month, day)
    if anchor is None:
        return None
    return _relative(phrase, lower, anchor)


_SOON_DAYS = 31  # a day named without a year this soon after the report is the coming one


def _soon_after(anchor: dt.date, month: int, day: int) -> int | None:
    """The year of the month and day when they fall within `_SOON_DAYS` after the report (across
    New Year too: "January 5" in a report of 28 December)."""
    for year in (anchor.year, anchor.year + 1):
        try:
            coming = dt.date(year, month, day)
        except ValueError:
            continue
        if 0 < (coming - anchor).days <= _SOON_DAYS:
            return year
    return None


def _relative(phrase: str, lower: str, anchor: dt.date) -> TimeRef | None:
    def on(day: dt.date) -> TimeRef:
        return TimeRef(phrase, 0, 0, day.year, day.month, day.day, relative=True)

    if re.search(r"\btoday\b|\btonight\b|\bthis morning\b", lower):
        return on(anchor)
    if re.search(r"\byesterday\b", lower):
        return on(anchor - dt.timedelta(days=1))
    if re.search(r"\btomorrow\b", lower):
        return on(anchor + dt.timedelta(days=1))
    ago = _AGO.search(lower)
    if ago:
        count = int(ago.group(1)) if ago.group(1).isdigit() else _NUMBER_WORDS[ago.group(1)]
        unit = ago.group(2)
        if unit == "year":
            return TimeRef(phrase, 0, 0, anchor.year - count, relative=True)
        if unit == "month":
            month_index = anchor.year * 12 + anchor.month - 1 - count
            return TimeRef(phrase, 0, 0, month_index // 12, month_index % 12 + 1, relative=True)
        days = count * (7 if unit == "week" else 1)
        return on(anchor - dt.timedelta(days=days))
    shift = -1 if re.search(r"\b(last|previous|past)\b", lower) else 1 if re.search(r"\bnext\b", lower) else 0
    if re.search(r"\byear\b", lower) and (shift or re.search(r"\bthis year\b", lower)):
        return TimeRef(phrase, 0, 0, anchor.year + shift, relative=True)
    if re.search(r"\bmonth\b", lower) and (shift or re.search(r"\bthis month\b", lower)):
        month_index = anchor.year * 12 + anchor.month - 1 + shift
        return TimeRef(phrase, 0, 0, month_index // 12, month_index % 12 + 1, relative=True)
    weekday = next((n for n, w in enumerate(WEEKDAYS) if re.search(rf"\b{w}\b", lower)), None)
    if weekday is not None:
        back = (anchor.weekday() - weekday) % 7  # the latest such day on or before the article's date
        if shift == -1 and back == 0:
            back = 7
        if shift == 1:
            return on(anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7 or 7))
        return on(anchor - dt.timedelta(days=back))
    return None


def time_window(times) -> tuple[str, str] | None:
    """The publication dates a named year or month spans ("2023" → 2023-01-01..2023-12-31)."""
    for t in times:
        if t.year and not t.relative:
            if t.month:
                last = calendar.monthrange(t.year, t.month)[1]
                return f"{t.year:04d}-{t.month:02d}-01", f"{t.year:04d}-{t.month:02d}-{last:02d}"
            return f"{t.year:04d}-01-01", f"{t.until or t.year:04d}-12-31"  # a span: its first to its last year
    return None
