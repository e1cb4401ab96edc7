"""The gold file format, its checker, and answer matching."""

from __future__ import annotations

import json

import pytest

from qa.evaluation.goldset import GoldError, GoldQuestion, answer_is_correct, check_gold, contains, load_gold

from helpers import ROOT

GOLD = ROOT / "evals" / "gold.jsonl"


@pytest.mark.parametrize("name", ["gold.jsonl", "dev.jsonl"])
def test_project_question_files_pass_the_checker(name):
    questions = load_gold(ROOT / "evals" / name)
    assert check_gold(questions, ROOT / "seeds") == []


def test_development_set_shares_no_question_with_the_gold_set():
    """evals/dev.jsonl is for finding weaknesses; it must not hold gold questions (held-out ones least)."""
    from qa.language.lexical import words

    gold = [set(words(q.question)) for q in load_gold(GOLD)]
    dev = load_gold(ROOT / "evals" / "dev.jsonl")
    assert len(dev) >= 80
    # Words in common, wh-word included: "Who established X?" and "When was X established?" differ.
    for question in dev:
        asked = set(words(question.question))
        closest = max(len(asked & g) / len(asked | g) for g in gold)
        assert closest < 0.75, f"{question.id} nearly repeats a gold question"


def test_external_development_set_passes_the_checker_and_shares_no_question_with_the_external_gold_set():
    """evals/news-external-dev.jsonl finds weaknesses on the external corpus without touching its gold questions."""
    from qa.language.lexical import words

    dev = load_gold(ROOT / "evals" / "news-external-dev.jsonl")
    assert check_gold(dev, ROOT / "evals" / "corpora" / "news-external") == []
    assert len(dev) >= 100 and sum(q.match == "abstain" for q in dev) >= 25
    gold = [set(words(q.question)) for q in load_gold(ROOT / "evals" / "news-external.jsonl")]
    for question in dev:
        asked = set(words(question.question))
        closest = max(len(asked & g) / len(asked | g) for g in gold)
        assert closest < 0.5, f"{question.id} nearly repeats a gold question"


def test_project_gold_file_covers_what_the_issue_asks():
    questions = load_gold(GOLD)
    types = {q.type for q in questions}
    assert len(questions) >= 80
    assert types >= {"factoid", "date", "numeric", "list", "multi-doc", "comparison", "paraphrase", "distractor", "unanswerable"}
    assert sum(q.match == "abstain" for q in questions) >= 15
    assert sum(q.type == "paraphrase" for q in questions) >= 10
    border = [q for q in questions if "000_c8fa9c6b29247889.txt" in q.sources
              and any("Afghan" in e or "Kabul" in e or "border" in e for e in q.evidence)]
    assert len(border) >= 5
    splits = [q.split for q in questions]
    assert 0.55 < splits.count("calibration") / len(splits) < 0.85


def test_checker_catches_invented_evidence_and_answers(tmp_path):
    (tmp_path / "a.txt").write_text("The dam opened on Tuesday.", encoding="utf-8")
    bad = GoldQuestion(id="x", question="?", type="factoid", match="any", answers=("Wednesday",),
                       sources=("a.txt",), evidence=("The dam opened on Monday.",))
    problems = check_gold([bad], tmp_path)
    assert any("not verbatim" in p for p in problems) and any("'Wednesday'" in p for p in problems)


def test_format_errors_name_the_line(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"id": "a", "question": "q", "match": "maybe"}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="g.jsonl:1: match must be"):
        load_gold(path)


def test_matching_is_whole_word_case_and_punctuation_insensitive():
    assert contains("A $1.6 billion deal.", "1.6 billion")
    assert contains("the JF-17 Block III jets", "jf 17 block iii")
    assert not contains("Valiyevs", "Valiyev") and not contains("killed fifty", "five")
    q = GoldQuestion(id="y", question="?", type="comparison", match="all", answer_groups=(("Valiyev",), ("Hasanov",)))
    assert answer_is_correct(q, "Valiyev [1] … Hasanov [2]", abstained=False)
    assert not answer_is_correct(q, "Valiyev [1]", abstained=False)
    assert not answer_is_correct(q, "Valiyev Hasanov", abstained=True)


def test_external_question_file_passes_the_checker_and_covers_every_type():
    questions = load_gold(ROOT / "evals" / "news-external.jsonl")
    assert check_gold(questions, ROOT / "evals" / "corpora" / "news-external") == []
    assert len(questions) >= 150
    assert {q.type for q in questions} >= {"factoid", "date", "numeric", "list", "multi-doc", "comparison",
                                             "paraphrase", "distractor", "unanswerable"}
    assert sum(1 for q in questions if not q.answerable) >= 30
