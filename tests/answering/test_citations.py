"""The application decides citations: support is checked, unsupported sentences dropped."""

from __future__ import annotations

from qa.answering.citations import attach, says_not_found, strip_markers
from qa.answering.evidence import select_evidence


def _evidence(assistant, question):
    vector = assistant.embedder.embed([question])[0]
    hits = assistant.retriever.retrieve(question, query_vector=vector)
    return select_evidence(question, hits, assistant.sentence_vectors, vector, assistant.analyses)


def test_supported_paraphrase_is_cited_and_invention_dropped(assistant):
    evidence = _evidence(assistant, "How much was the JF-17 deal worth?")
    text = ("Azerbaijan signed a $1.6 billion deal with Pakistan for JF-17 Block III fighter jets [3]. "
            "The jets were delivered by submarine to the Moon in 1999 [1].")
    marked, citations, sentences, dropped = attach(text, evidence, assistant.sentence_vectors)
    assert len(sentences) == 1 and dropped == ["The jets were delivered by submarine to the Moon in 1999."]
    assert citations[0].n == 1 and "$1.6 billion" in citations[0].quote
    assert marked.endswith("[1]") and "[3]" not in marked  # the model's marker was replaced


def test_model_markers_and_refusals():
    assert strip_markers("It was signed [1, 2]. Then [3] more.") == "It was signed. Then more."
    assert says_not_found("The articles do not say.") and not says_not_found("Five people were killed.")


def test_two_facts_are_never_fused_into_a_claim_neither_states(assistant):
    evidence = _evidence(assistant, "Who is the Taliban spokesman and who is his deputy?")
    fused = "Zabihullah Mujahid's deputy was Field Marshal Munir."
    _, citations, sentences, dropped = attach(fused, evidence, assistant.sentence_vectors)
    assert dropped == [fused] and not sentences


def test_joined_clauses_are_each_cited(assistant):
    evidence = _evidence(assistant, "Who spoke for the Taliban, and what did the deputy tell Reuters?")
    text = ("Zabihullah Mujahid said Pakistani forces launched attacks in the Spin Boldak district, "
            "and his deputy Hamdullah Fitra told Reuters that shelling by Pakistan killed five people.")
    _, citations, sentences, dropped = attach(text, evidence, assistant.sentence_vectors)
    assert not dropped and len(sentences[0].citations) == 2
    assert {"Mujahid", "Fitra"} <= {w for c in citations for w in c.quote.split()}


def test_every_citation_span_lies_inside_its_article(assistant):
    """Property over many questions and any model text: a citation's span is a span of its
    article's clean text, and its quote is exactly that span."""
    from hypothesis import HealthCheck, given, settings, strategies as st

    from helpers import SEEDS
    from qa.ingestion.corpus import load

    articles = {a.id: a for a in load([SEEDS]).articles}
    questions = ["How much was the JF-17 deal worth?", "Who is the spokesman of the Afghan Taliban?",
                 "What did Munir discuss in Baku?", "Which medal was Munir given?"]
    evidence_by_question = {q: _evidence(assistant, q) for q in questions}

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(question=st.sampled_from(questions), picks=st.lists(st.integers(0, 30), max_size=4),
           noise=st.text(max_size=80))
    def spans_hold(question, picks, noise):
        evidence = evidence_by_question[question]
        chosen = [evidence[i % len(evidence)].text for i in picks] if evidence else []
        text = " ".join(chosen + [noise])
        _, citations, _, _ = attach(text, evidence, assistant.sentence_vectors)
        for c in citations:
            article = articles[c.article_id]
            assert 0 <= c.start < c.end <= len(article.text)
            assert article.text[c.start:c.end] == c.quote
            assert article.text[c.passage_start:c.passage_start + len(c.passage)] == c.passage

    spans_hold()
