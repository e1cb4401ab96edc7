"""`qa eval` on both gold sets holds the floors in evals/floors.toml."""

from __future__ import annotations

import json
import tomllib

import pytest

from qa.evaluation.evaluation import first_hit_rank, metrics, QuestionResult
from qa.evaluation.goldset import GoldQuestion

from helpers import qa

from helpers import ROOT


def _holds_floors(report: dict, section: str) -> None:
    floors = tomllib.loads((ROOT / "evals" / "floors.toml").read_text())[section]
    for key, floor in floors.items():
        assert report[key] is not None and report[key] >= floor, f"{section}: {key} {report[key]} fell below {floor}"


@pytest.mark.slow
def test_default_generator_holds_the_floors_on_the_seeds(seed_store, tmp_path):
    result = qa("eval", "--store", str(seed_store), "--json", "--reports", str(tmp_path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["n"] >= 80 and {"heldout", "calibration"} == set(report["splits"])
    _holds_floors(report, "gold")
    assert list(tmp_path.glob("*-extractive.md")) and list(tmp_path.glob("*-extractive.png"))


@pytest.mark.slow
def test_default_generator_holds_the_floors_on_the_external_corpus(tmp_path):
    """A corpus nobody here wrote, ingested into a scratch store kept by content (`--corpus`)."""
    result = qa("eval", "--gold", "evals/news-external.jsonl", "--corpus", "evals/corpora/news-external", "--json",
                "--reports", str(tmp_path), env={"QA_EVAL_STORES": str(tmp_path / "stores")}, timeout=1800)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["n"] >= 150
    _holds_floors(report, "news-external")
    assert list(tmp_path.glob("*-news-external-extractive.md"))


def test_hit_rank_ignores_whitespace_and_quotes():
    q = GoldQuestion(id="a", question="?", type="factoid", match="any", answers=("x",), evidence=("Dam  opened on Tuesday.",))
    assert first_hit_rank(q, ["nothing here", "The dam\nopened on Tuesday. More."]) == 2
    assert first_hit_rank(q, ["nothing"]) is None


def _result(**kw) -> QuestionResult:
    base = dict(id="x", question="?", type="factoid", split="heldout", match="any", answer="", abstained=False,
                correct=True, gold_abstain=False, first_hit_rank=1, sentences=1, supported_sentences=1,
                citations=1, needed_citations=1)
    return QuestionResult(**{**base, **kw})


def test_abstention_and_citation_metrics():
    results = [
        _result(),
        _result(abstained=True, correct=True, gold_abstain=True, first_hit_rank=None, sentences=0, supported_sentences=0, citations=0, needed_citations=0),
        _result(abstained=True, correct=False, first_hit_rank=3, sentences=0, supported_sentences=0, citations=0, needed_citations=0),
        _result(correct=False, gold_abstain=True, first_hit_rank=None, sentences=2, supported_sentences=1, citations=3, needed_citations=2),
    ]
    m = metrics(results)
    assert m["answer_accuracy"] == 0.5
    assert (m["abstention_precision"], m["abstention_recall"]) == (0.5, 0.5)
    assert m["citation_recall"] == round(2 / 3, 4) and m["citation_precision"] == 0.75
    assert m["hit_at_1"] == 0.5 and m["hit_at_3"] == 1.0 and m["mrr"] == round((1 + 1 / 3) / 2, 4)


def test_short_answer_accuracy_counts_only_questions_given_a_short_answer():
    """A reply can be right by its sentences while the short answer that leads it names the loser."""
    m = metrics([_result(short_correct=True), _result(short_correct=False), _result(short_correct=None),
                 _result(abstained=True, correct=False)])
    assert m["short_answer_accuracy"] == 0.5
    assert metrics([_result()])["short_answer_accuracy"] is None


def test_compare_names_questions_that_changed():
    from qa.evaluation.evalreport import compare

    def report(name, correct):
        split = {"answer_accuracy": 1.0 if correct else 0.0}
        return {"generator": name, "gold": "g", "splits": {"heldout": split},
                "questions": [{"id": "q1", "question": "Who?", "correct": correct, "answer": "x"}]}

    text = compare(report("a", False), report("b", True))
    assert "now right (1)" in text and "q1 Who?" in text and "↑" in text
