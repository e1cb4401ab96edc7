"""`qa bench ask` asks about the archive it is given, not about ours."""

from __future__ import annotations

from types import SimpleNamespace

from qa.evaluation.bench import ASKED, questions_for


def test_the_latency_questions_come_from_the_stores_own_headlines():
    titles = ["Harbor bridge reopens.", "Council approves budget", "Harbor bridge reopens.", ""] + [f"Story {n}" for n in range(20)]
    store = SimpleNamespace(manifest=lambda: {n: SimpleNamespace(title=t) for n, t in enumerate(titles)})
    asked = questions_for(store)
    assert len(asked) == ASKED and len(set(asked)) == ASKED
    assert "What do the articles report about “Harbor bridge reopens”?" in asked
    assert "What do the articles report about “Council approves budget”?" in asked
    assert asked[-1] == "What is the capital of France?"  # one no news archive answers
