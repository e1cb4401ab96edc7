"""The Corpus tab's listing: searched by words, capped, summarised."""

from __future__ import annotations

from qa.frontends.corpuslisting import list_corpus, unknown_sources

ROWS = [
    ["Harbour crane collapses in Velmora", "2024-03-02", "velmora-crane.txt", 3],
    ["Velmora council approves ferry budget", "2024-05-19", "council.html", 2],
    ["Orchard frost hits the Drava valley", "2023-11-07", "frost.md", 4],
]


def test_every_word_of_the_search_must_be_in_the_title_date_or_file_name_in_any_case():
    assert [r[2] for r in list_corpus(ROWS, "velmora").rows] == ["velmora-crane.txt", "council.html"]
    assert [r[2] for r in list_corpus(ROWS, "VELMORA budget").rows] == ["council.html"]
    assert [r[2] for r in list_corpus(ROWS, "2023-11").rows] == ["frost.md"]
    assert [r[2] for r in list_corpus(ROWS, ".md").rows] == ["frost.md"]
    assert list_corpus(ROWS, "velmora frost").rows == []


def test_at_most_limit_rows_are_listed_and_the_summary_says_how_many_exist():
    listing = list_corpus(ROWS, limit=2)
    assert len(listing.rows) == 2 and listing.matching == 3 and listing.articles == 3 and listing.passages == 9
    assert listing.summary() == "3 articles, 9 passages. The first 2 are listed; search to find the others."
    assert list_corpus(ROWS).summary() == "3 articles, 9 passages."


def test_the_summary_of_a_search_counts_its_matches():
    assert list_corpus(ROWS, "  velmora ").summary() == "3 articles, 9 passages. 2 match “velmora”."
    assert list_corpus(ROWS, "velmora", limit=1).summary() == (
        "3 articles, 9 passages. 2 match “velmora”; the first 1 is listed.")
    assert list_corpus(ROWS, "tsunami").summary() == "3 articles, 9 passages. None matches “tsunami”."
    assert list_corpus(ROWS, "frost").summary() == "3 articles, 9 passages. 1 matches “frost”."
    assert list_corpus(ROWS[2:], "").summary() == "1 article, 4 passages."
    assert list_corpus(ROWS, "*frost*").summary(quote=lambda s: s.replace("*", "\\*")) == (
        "3 articles, 9 passages. None matches “\\*frost\\*”.")


def test_the_article_filter_offers_the_matching_files_and_names_the_unknown_ones():
    assert list_corpus(ROWS, "velmora").files == ["council.html", "velmora-crane.txt"]
    # Files are capped apart from rows: one big file's 500 articles do not hide the other files.
    many = [[f"Item {i}", "2024-01-01", "digest.jsonl", 1] for i in range(5)] + ROWS
    listing = list_corpus(many, limit=3)
    assert len(listing.rows) == 3 and listing.files == ["council.html", "digest.jsonl", "frost.md"]
    assert unknown_sources(["frost.md", "nowhere.txt"], ROWS) == ["nowhere.txt"]
    assert unknown_sources(None, ROWS) == []
