"""The synthetic corpus for scale benchmarks: deterministic, readable as news, answerable."""

from __future__ import annotations

from qa.ingestion.corpus import load
from qa.evaluation.synthetic import write_corpus

from helpers import qa


def test_the_same_seed_writes_the_same_files_and_another_seed_does_not(tmp_path):
    first = write_corpus(tmp_path / "a", 40, seed=3)
    again = write_corpus(tmp_path / "b", 40, seed=3)
    other = write_corpus(tmp_path / "c", 40, seed=4)
    texts = lambda folder: [f.read_bytes() for f in sorted(folder.iterdir())]  # noqa: E731
    assert texts(tmp_path / "a") == texts(tmp_path / "b") and first == again
    assert texts(tmp_path / "a") != texts(tmp_path / "c")


def test_articles_read_as_dated_news_and_each_question_is_answered_in_its_article(tmp_path):
    questions = write_corpus(tmp_path / "corpus", 60)
    articles = {a.source: a for a in load([tmp_path / "corpus"]).articles}
    assert len(articles) == 60 and all(a.date for a in articles.values())
    lengths = sorted(len(a.text) for a in articles.values())
    assert lengths[-1] > 3 * lengths[0]  # briefs and long features
    for question in questions:
        assert question.answer in articles[question.article].text


def test_the_vocabulary_grows_with_the_corpus(tmp_path):
    def vocabulary(n: int) -> int:
        folder = tmp_path / str(n)
        write_corpus(folder, n)
        return len({w for f in folder.iterdir() for w in f.read_text().split()})

    assert vocabulary(200) > 1.5 * vocabulary(50)


def test_qa_bench_corpus_writes_the_questions_outside_the_corpus(tmp_path):
    result = qa("bench", "corpus", "--articles", "5", "--out", str(tmp_path / "syn"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "syn").iterdir())) == 5
    assert len((tmp_path / "syn-questions.jsonl").read_text().splitlines()) == 5
    refused = qa("bench", "corpus", "--articles", "0", "--out", str(tmp_path / "none"))
    assert refused.returncode == 2 and "positive" in refused.stderr
