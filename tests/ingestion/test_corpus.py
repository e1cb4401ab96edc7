"""What the corpus reader makes of the seeds and of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingestion.corpus import CorpusError, article_id, load, read_file

EXPECTED = [
    ("000_c8fa9c6b29247889.txt", "Pakistan’s army chief visits Azerbaijan to bolster bilateral defense, military ties", "2023-11-01", "ISLAMABAD"),
    ("000_c8fa9c6b29247889.txt", "Pakistan, Afghanistan border clashes kill 5, officials say", "2025-12-06", "KABUL"),
    ("001_79495886319c4d82.txt", "Asim Munir, the chief of Pakistan’s Army, is in Azerbaijan to improve defence relations.", None, None),
    ("002_3a44468a49072afb.txt", "Azerbaijani defence chief calls on COAS Asim Munir, discusses regional security issues", "2025-08-13", "RAWALPINDI"),
    ("003_ab2a3f9dbd0efddb.txt", "Pakistan-Azerbaijan Defense Cooperation: Solidifying Bonds", None, None),
    ("004_414a6a6b185ff7a0.txt", "Field Marshal Munir Discusses Regional Security Dynamics with Azerbaijani Defence Minister", None, "ISLAMABAD"),
]

BOILERPLATE = [
    "Short Url", "Follow", "Back to top", "back to top", "Related Articles", "Please enter your comment!",
    "Please enter your name here", "Leave a Reply", "Your email address will not be published",
    "Updated 01 November 2023", "Updated 06 December 2025", "date 2025-08-13",
]


@pytest.fixture(scope="module")
def seed_articles(seeds):
    result = load([seeds])
    assert result.problems == []
    return result.articles


def test_seeds_yield_six_articles_with_titles_dates_and_datelines(seed_articles):
    got = [(a.source, a.title, a.date, a.dateline) for a in seed_articles]
    assert got == EXPECTED


def test_boilerplate_is_gone(seed_articles):
    for article in seed_articles:
        lines = article.text.split("\n")
        for junk in BOILERPLATE:
            assert not any(line.strip().startswith(junk) for line in lines), (article.source, junk)
        assert "International" not in lines  # the section crumb above the 004 headline


def test_repeated_headline_kept_once(seed_articles):
    for article in seed_articles:
        assert article.text.count(article.title) == 1, article.title


def test_no_article_sentence_is_lost(seeds, seed_articles):
    """Every line of every seed is either boilerplate or present in some article's text."""
    all_text = "\n".join(a.text for a in seed_articles)
    allowed_missing = set(BOILERPLATE) | {"International", "Leave a Reply", "Back to top button"}
    for path in sorted(seeds.iterdir()):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = " ".join(raw.split()).lstrip("•").strip().lstrip(". ")
            if not line or any(line.startswith(b) for b in allowed_missing):
                continue
            if line.startswith("date 2025-08-13"):
                line = line.removeprefix("date 2025-08-13").strip()
            assert line in all_text, f"{path.name}: lost {line[:80]!r}"


def test_first_file_is_split_into_two_articles(seed_articles):
    first = [a for a in seed_articles if a.source.startswith("000_")]
    assert len(first) == 2
    azerbaijan, border = first
    assert "Nagorno-Karabakh" in azerbaijan.text and "Nagorno-Karabakh" not in border.text
    assert "Spin Boldak" in border.text and "Spin Boldak" not in azerbaijan.text
    assert azerbaijan.id != border.id


def test_ids_are_stable_across_runs(seeds, seed_articles):
    again = load([seeds]).articles
    assert [a.id for a in again] == [a.id for a in seed_articles]
    assert seed_articles[0].id == article_id("000_c8fa9c6b29247889.txt", 0)


def test_stray_full_stop_rejoins_its_sentence(seed_articles):
    article = seed_articles[-1]
    assert "Trilateral Summit in Lachin.\n\nAccompanying him were key officials" in article.text


def test_html_uses_a_parser_and_reads_metadata(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        """<!doctype html><html><head><title>Site | Ignored</title>
        <meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
        <body><nav>Home &gt; World</nav><article><h1>Dam opens in the valley</h1>
        <p>PESHAWAR: The new dam opened on Tuesday &amp; officials <b>cheered</b>.</p>
        <script>alert('x')</script><p>It holds 3 million litres.</p></article>
        <footer>Back to top</footer></body></html>""",
        encoding="utf-8",
    )
    [article], problems = read_file(page)
    assert problems == []
    assert article.title == "Dam opens in the valley"
    assert article.date == "2024-03-05"
    assert article.dateline == "PESHAWAR"
    assert "The new dam opened on Tuesday & officials cheered." in article.text
    assert "alert" not in article.text and "Home" not in article.text and "Back to top" not in article.text


def test_markdown_front_matter_and_syntax(tmp_path: Path):
    page = tmp_path / "note.md"
    page.write_text("---\ntitle: Rains return\ndate: 12 May 2024\n---\n# Rains return\n\n"
                    "LAHORE: Heavy **rain** fell, said [the office](http://x).\n\n- Roads closed\n", encoding="utf-8")
    [article], _ = read_file(page)
    assert (article.title, article.date, article.dateline) == ("Rains return", "2024-05-12", "LAHORE")
    assert "Heavy rain fell, said the office." in article.text
    assert "Roads closed" in article.text and "http" not in article.text


def test_jsonl_one_article_a_line_with_bad_lines_reported(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"title": "First story", "text": "Alpha happened. Beta followed.", "date": "2024-01-02", "url": "http://a"}),
        "{not json",
        json.dumps({"title": "No text"}),
        json.dumps({"title": "Second story", "text": "Gamma ended it."}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    articles, problems = read_file(path)
    assert [(a.title, a.date, a.url) for a in articles] == [("First story", "2024-01-02", "http://a"), ("Second story", None, None)]
    assert [p.file for p in problems] == ["feed.jsonl:2", "feed.jsonl:3"]
    assert "invalid JSON" in problems[0].reason and "'text'" in problems[1].reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        ("latin1.txt", "Caf\u00e9 story".encode("latin-1"), "not valid UTF-8"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("broken.html", b"<html><body><p>Half a page <a href=", "broken HTML"),
        ("tagless.html", b"just words, no markup at all", "broken HTML"),
        ("chrome.txt", b"Back to top\nFollow\nShort Url\n", "no article text"),
    ],
)
def test_bad_files_raise_clear_reasons(tmp_path: Path, name: str, content: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CorpusError, match=reason):
        read_file(path)


def test_file_over_the_size_limit(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("A sentence.\n" * 200, encoding="utf-8")
    with pytest.raises(CorpusError, match="over the .* limit"):
        read_file(path, max_bytes=1000)


def test_load_reports_missing_paths_and_keeps_going(tmp_path: Path, seeds):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x01")
    result = load([seeds, tmp_path / "bad.txt", tmp_path / "nowhere"])
    assert len(result.articles) == 6
    reasons = {Path(p.file).name: p.reason for p in result.problems}
    assert reasons["nowhere"] == "no such file or directory"
    assert "binary" in reasons["bad.txt"]


def test_a_page_with_only_a_title_and_scripts_is_skipped(tmp_path: Path):
    """Such a page was ingested as an article whose whole text was its title."""
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>Breaking news</title><script>track()</script></head><body>"
                    "<script>more()</script></body></html>", encoding="utf-8")
    with pytest.raises(CorpusError, match="no readable article text"):
        read_file(page)


from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st  # noqa: E402


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ".jsonl"]))
def test_the_reader_never_crashes_on_arbitrary_bytes(tmp_path_factory, data, suffix):
    """Any bytes under any supported name: articles whose text holds their title, or a reason."""
    path = tmp_path_factory.mktemp("fuzz") / f"file{suffix}"
    path.write_bytes(data)
    try:
        articles, problems = read_file(path)
    except CorpusError as exc:
        assert str(exc)
        return
    for article in articles:
        assert article.text.startswith(article.title) and article.text.strip()
    assert all(p.reason for p in problems)


@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=4000))
def test_reading_then_chunking_any_text_keeps_exact_spans_under_the_limits(tmp_path_factory, text):
    from qa.ingestion.chunking import Chunker, ChunkingConfig, count_tokens

    path = tmp_path_factory.mktemp("fuzz-text") / "any.txt"
    path.write_text(text, encoding="utf-8")
    try:
        articles, _ = read_file(path)
    except CorpusError:
        return
    chunker = Chunker(ChunkingConfig(max_tokens=60, overlap_tokens=10))
    for article in articles:
        for passage in chunker.chunk(article):
            assert article.text[passage.start:passage.end] == passage.text
            assert count_tokens(passage.text) <= 60


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=400))
def test_normalise_drops_exactly_the_control_and_format_characters(text):
    import unicodedata

    from qa.ingestion.textclean import normalise

    expected = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    expected = expected.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    expected = "".join(ch for ch in expected if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    assert normalise(text) == expected
