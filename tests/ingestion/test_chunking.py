"""Passages keep exact spans, respect both token limits and lose no text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from qa.ingestion.chunking import Chunker, ChunkingConfig, chunk_articles, count_tokens, sentence_spans
from qa.ingestion.corpus import Article, load


def _article(text: str) -> Article:
    return Article(id="a" * 16, title=text[:20], text=text, source="x.txt")


def _check(article: Article, chunker: Chunker) -> None:
    passages = chunker.chunk(article)
    covered = [False] * len(article.text)
    for i, p in enumerate(passages):
        assert article.text[p.start:p.end] == p.text
        assert p.text.strip() == p.text and p.text
        assert chunker.fits(p.text)
        assert p.index == i and p.id == f"{article.id}-{i:04d}"
        for k in range(p.start, p.end):
            covered[k] = True
    for k, ch in enumerate(article.text):
        if not ch.isspace():
            assert covered[k], f"character {k} ({ch!r}) is in no passage"
    starts = [p.start for p in passages]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


_words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12)
_sentences = st.lists(_words, min_size=0, max_size=40).map(" ".join)
_texts = st.one_of(
    st.text(max_size=3000),
    st.lists(_sentences, max_size=30).map(lambda s: ". ".join(s)),
    st.lists(_sentences, max_size=30).map(lambda s: "\n\n".join(s)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
def test_spans_are_exact_and_cover_everything(text):
    _check(_article(text), Chunker(ChunkingConfig(max_tokens=40, overlap_tokens=10)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
def test_second_limit_is_respected(text):
    # A stand-in for the embedder's word pieces: characters, so the two limits disagree.
    chunker = Chunker(ChunkingConfig(max_tokens=60, overlap_tokens=10, extra_counter=len, extra_limit=90))
    _check(_article(text), chunker)


def test_seed_passages_fit_the_embedder(seeds, embedder):
    from qa.index.embedding import MAX_WORD_PIECES

    config = ChunkingConfig(extra_counter=embedder.count_word_pieces, extra_limit=MAX_WORD_PIECES)
    articles = load([seeds]).articles
    passages = chunk_articles(articles, Chunker(config))
    assert len(passages) >= len(articles)
    by_id = {a.id: a for a in articles}
    for p in passages:
        assert by_id[p.article_id].text[p.start:p.end] == p.text
        assert count_tokens(p.text) <= 200
        assert embedder.count_word_pieces(p.text) <= MAX_WORD_PIECES
        assert p.title == by_id[p.article_id].title and p.source == by_id[p.article_id].source
    dated = [p for p in passages if p.date]
    assert dated and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.date) for p in dated)


def test_passages_overlap_by_a_sentence_or_so(seeds):
    articles = load([seeds]).articles
    passages = Chunker().chunk(articles[3])  # the long 002 article
    assert len(passages) >= 3
    overlapping = 0
    for before, after in zip(passages, passages[1:]):
        assert after.start > before.start and after.end > before.end
        if after.start < before.end:  # shares trailing sentences, within the overlap budget
            overlapping += 1
            assert count_tokens(articles[3].text[after.start:before.end]) <= 40
    assert overlapping >= 1


def test_sentence_spans_respect_abbreviations_and_paragraphs():
    text = "Gen. Munir met Mr. Aliyev in Baku. They spoke.\nA new line starts here"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Gen. Munir met Mr. Aliyev in Baku.", "They spoke.", "A new line starts here"]


def test_overlong_sentence_is_cut_at_words():
    text = " ".join(["word"] * 500) + "."
    chunker = Chunker(ChunkingConfig(max_tokens=50, overlap_tokens=0))
    passages = chunker.chunk(_article(text))
    assert len(passages) >= 10 and all(count_tokens(p.text) <= 50 for p in passages)
