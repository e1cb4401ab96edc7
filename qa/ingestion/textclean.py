"""Scraped page text → article drafts: boilerplate out, several articles split apart.

Works on paragraphs (one string each), so the HTML, Markdown and plain-text readers share it.
Only lines that are wholly boilerplate are dropped; article sentences are never edited away.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from qa.language.dates import DATE_MARKER, find_date

# Whole paragraphs that scrapers pick up from page chrome (compared case-insensitively,
# trailing punctuation ignored).
_BOILERPLATE = re.compile(
    r"^(?:"
    r"back to top(?: button)?|follow(?: us)?(?: on \w+)?|short url|shortlink|"
    r"related(?: articles?| stories| news| posts| content)?|read more|read also|see also|"
    r"leave a (?:reply|comment)|cancel reply|post comment|comments?|\d+ comments?|"
    r"please enter your (?:comment|name|email address)(?: here)?|"
    r"you have entered an incorrect email address.*|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"save my name, email, and website in this browser.*|"
    r"share(?: this)?(?: article| story| on \w+)?|print|email|tweet|whatsapp|"
    r"advertisement|sponsored|subscribe(?: now)?|sign up(?: for .*)?|"
    r"(?:copyright|©).*all rights reserved.*|all rights reserved|"
    r"skip to (?:main )?content|toggle navigation|menu|search|home|"
    r"next article|previous article|next post|previous post|most (?:read|popular)|trending"
    r")$",
    re.IGNORECASE,
)
# Breadcrumbs such as "Home > World > Asia".
_CRUMBS = re.compile(r"^(?:[\w&' -]{1,30}\s*(?:>|»|›|/|\|)\s*){1,6}[\w&' -]{1,30}$")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙*-]|\d{1,2}[.)])\s+")
# "ISLAMABAD:" or "NEW YORK, Nov 1 (Reuters) -": an upper-case place opening the first body line.
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+){0,3})(?:,[^:\n]{0,40})?\s*[:—–-]\s")
_SENTENCE_END = re.compile(r"[.!?…\"”’)\]]$")
_HEADLINE_MAX_CHARS = 250
_REPEAT_WINDOW = 10


@dataclass
class Draft:
    """An article before it gets its id: title, body paragraphs and what the header told."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    date: str | None = None
    dateline: str | None = None


def normalise(text: str) -> str:
    """NFC, unified newlines, no zero-width or non-breaking oddities."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    # Control and format characters out, judged once per distinct character (a no-op re-ingest
    # cleans every file: judging each character was 8 % of it at 3,449 articles).
    dropped = {ord(ch): None for ch in set(text) if ch not in "\n\t" and unicodedata.category(ch)[0] == "C"}
    return text.translate(dropped) if dropped else text


def paragraphs_from_text(text: str) -> list[str]:
    """One paragraph per line; hard-wrapped lines of one paragraph are joined back."""
    result: list[str] = []
    previous_blank = True
    for raw in normalise(text).split("\n"):
        line = " ".join(raw.split())
        if not line:
            previous_blank = True
            continue
        wrapped = (
            result
            and not previous_blank
            and len(result[-1]) >= 60
            and not _SENTENCE_END.search(result[-1])
            and line[0].islower()
        )
        if wrapped:
            result[-1] += " " + line
        else:
            result.append(line)
        previous_blank = False
    return _reattach_stray_punctuation(result)


def _reattach_stray_punctuation(paragraphs: list[str]) -> list[str]:
    """". Accompanying him…" after "…Summit in Lyon": the full stop belongs to the line before."""
    fixed: list[str] = []
    for para in paragraphs:
        match = re.match(r"^([.,;:!?])\s+(\S.*)$", para)
        if match and fixed:
            fixed[-1] += match.group(1)
            para = match.group(2)
        fixed.append(para)
    return fixed


def is_boilerplate(paragraph: str) -> bool:
    bare = paragraph.strip().rstrip("!.:").strip()
    return bool(_BOILERPLATE.match(bare) or _CRUMBS.match(bare) and len(bare) < 80)


def date_marker(paragraph: str) -> str | None:
    """ISO date if the paragraph only announces the publication date ("Updated 01 November 2023")."""
    match = DATE_MARKER.match(paragraph)
    if not match:
        return None
    found = find_date(paragraph[match.end():])
    if not found or found[1] != 0:
        return None
    rest = paragraph[match.end() + found[2]:].strip(" ,|-")
    # A time or a timezone may follow the date; anything longer is content, not a marker.
    return found[0] if len(rest) <= 20 else None


def split_leading_date(paragraph: str) -> tuple[str | None, str]:
    """"date 2025-08-13 Brazilian sales chief…" → ("2025-08-13", "Brazilian sales chief…")."""
    match = DATE_MARKER.match(paragraph)
    if not match:
        return None, paragraph
    found = find_date(paragraph[match.end():])
    if not found or found[1] != 0:
        return None, paragraph
    return found[0], paragraph[match.end() + found[2]:].strip(" ,|-:")


def _headline_like(paragraph: str) -> bool:
    words = paragraph.split()
    return 3 <= len(words) and len(paragraph) <= _HEADLINE_MAX_CHARS


def split_articles(paragraphs: list[str], title_hint: str | None = None) -> list[Draft]:
    """Find article boundaries and build one draft per article.

    A page that holds several articles repeats each headline in a header block
    (headline, date line, "Follow", headline again) or puts a date line right under a
    new headline after body text; both mark a boundary.
    """
    cleaned: list[str] = []
    dates: dict[int, str] = {}  # index in cleaned → date announced just before it
    pending_date: str | None = None
    for para in paragraphs:
        marker = date_marker(para)
        if marker:
            pending_date = pending_date or marker
            continue
        if is_boilerplate(para):
            continue
        leading, rest = split_leading_date(para)
        if leading and rest:
            para, pending_date = rest, pending_date or leading
        if pending_date:
            dates[len(cleaned)] = pending_date
            pending_date = None
        cleaned.append(para)
    if not cleaned:
        return []

    starts, repeats = _article_starts(cleaned, dates, paragraphs_dates=set(dates))
    drafts: list[Draft] = []
    bounds = starts + [len(cleaned)]
    for number, (begin, end) in enumerate(zip(bounds, bounds[1:])):
        block = [(i, cleaned[i]) for i in range(begin, end) if i not in repeats]
        if number == 0:
            block = _drop_leading_crumbs(block, title_hint)
        if not block:
            continue
        date = next((dates[i] for i in range(begin, end) if i in dates), None)
        title = title_hint if (number == 0 and title_hint) else block[0][1]
        body = [p for _, p in block[1:]] if block[0][1] == title else [p for _, p in block]
        body = [_BULLET.sub("", p) for p in body]
        drafts.append(Draft(title=title, paragraphs=body, date=date, dateline=_dateline(body)))
    return drafts


def _article_starts(
    cleaned: list[str], dates: dict[int, str], paragraphs_dates: set[int]
) -> tuple[list[int], set[int]]:
    starts = {0}
    repeats: set[int] = set()
    for i, para in enumerate(cleaned):
        if i in repeats or not _headline_like(para):
            continue
        for j in range(i + 1, min(len(cleaned), i + _REPEAT_WINDOW + 1)):
            if cleaned[j] == para:
                repeats.add(j)
                starts.add(i)
                break
    # A date line under a headline-like paragraph, once body text has begun, opens a new article.
    for index in paragraphs_dates:
        headline = index - 1
        if headline > 2 and _headline_like(cleaned[headline]) and not _SENTENCE_END.search(cleaned[headline]):
            starts.add(headline)
    # The first headline of the page may sit after crumbs; what precedes it is its header.
    ordered = sorted(starts)
    if len(ordered) > 1 and ordered[1] <= 2:
        ordered.pop(0)
        ordered[0] = 0 if ordered[0] <= 2 else ordered[0]
    return ordered, repeats


def _drop_leading_crumbs(block: list[tuple[int, str]], title_hint: str | None) -> list[tuple[int, str]]:
    """Section labels such as "International" above the headline are navigation, not text."""
    while len(block) > 1 and len(block[0][1].split()) <= 2 and not _SENTENCE_END.search(block[0][1]):
        if title_hint and block[0][1] == title_hint:
            break
        if len(block[1][1].split()) < 3:
            break
        block = block[1:]
    return block


def _dateline(body: list[str]) -> str | None:
    for para in body[:6]:
        match = _DATELINE.match(para)
        if match and len(match.group("place")) >= 3:
            return match.group("place").strip()
    return None
