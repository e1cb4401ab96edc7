"""News time: relative dates resolved against the article's date."""

import datetime as dt

from qa.language.newstime import format_date, read_time, time_of
from qa.language.nlp import analyse

ANCHOR = dt.date(2025, 8, 13)  # a Wednesday


def test_relative_times_resolve_against_the_article_date():
    assert read_time("last year", ANCHOR).year == 2024
    assert read_time("last year", ANCHOR).said() == "last year (2024)"
    assert read_time("Wednesday", ANCHOR).iso == "2025-08-13"  # the article's own day
    assert read_time("Monday", ANCHOR).iso == "2025-08-11"  # the latest Monday before it
    assert read_time("yesterday", ANCHOR).iso == "2025-08-12"
    assert read_time("three days ago", ANCHOR).iso == "2025-08-10"
    assert read_time("March", ANCHOR).year == 2025 and read_time("October", ANCHOR).year == 2024
    # A day named soon after the report is the coming one ("starts on September 10"), across New
    # Year too; a later one is the last such day.
    assert read_time("September 10", ANCHOR).iso == "2025-09-10"
    assert read_time("November 5", ANCHOR).iso == "2024-11-05"
    assert read_time("January 5", dt.date(2024, 12, 28)).iso == "2025-01-05"


def test_absolute_dates_are_read_as_written():
    assert read_time("November 1, 2023", ANCHOR).iso == "2023-11-01"
    assert read_time("17 May 2002", ANCHOR).iso == "2002-05-17"
    assert not read_time("17 May 2002", ANCHOR).relative
    assert format_date("2025-02-09") == "9 February 2025"


def test_times_of_a_sentence_come_from_its_entities_and_bare_years():
    [a] = analyse(["Last year, Azerbaijan signed a deal, and in 2023 the chief visited Baku."])
    times = time_of(a, "2025-08-13")
    assert [t.year for t in times] == [2024, 2023]


def test_a_span_of_years_holds_every_year_in_it():
    # "effects over 2000 - 2050" was read as 2000 alone, so a question "up to 2050" refused it.
    span = read_time("2000 - 2050", ANCHOR)
    assert (span.year, span.until) == (2000, 2050) and span.resolved_text() == "2000 - 2050"
    assert span.agrees(read_time("2050", ANCHOR)) and span.agrees(read_time("March 2031", ANCHOR))
    assert not span.agrees(read_time("2051", ANCHOR)) and not read_time("2051", ANCHOR).agrees(span)
    [a] = analyse(["Yields fell in 2019–2022 across the plains."])
    assert [(t.year, t.until) for t in time_of(a, "2025-08-13")] == [(2019, 2022)]
