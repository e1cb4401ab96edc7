"""Gold questions → answers → metrics, overall, per type and per split.

It measures; it never changes answers. Support for citation precision/recall is judged by the
product's own checker (`qa.answering.citations.find_support`) and, stricter, by word coverage.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass, field, replace

from qa.answering.answer import Answer
from qa.answering.citations import find_support
from qa.answering.evidence import Evidence
from qa.evaluation.goldset import GoldQuestion, answer_is_correct
from qa.language.lexical import content_terms, coverage

STRICT_COVERAGE = 0.6  # share of a sentence's content words its citations must hold


@dataclass
class QuestionResult:
    id: str
    question: str
    type: str
    split: str
    match: str
    answer: str
    abstained: bool
    correct: bool
    gold_abstain: bool
    first_hit_rank: int | None  # 1-based rank of the first passage holding an evidence string
    sentences: int
    supported_sentences: int
    citations: int
    needed_citations: int
    timings: dict[str, float] = field(default_factory=dict)
    # Of an answerable question answered with a short answer: does the short answer alone match
    # the gold answer (None where none was given)? The reply leads with it.
    short_correct: bool | None = None


def _squash(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()


def first_hit_rank(question: GoldQuestion, passages: list[str]) -> int | None:
    wanted = [_squash(e) for e in question.evidence]
    for rank, passage in enumerate(passages, start=1):
        body = _squash(passage)
        if any(w and w in body for w in wanted):
            return rank
    return None


def _judge(sentence: str, quotes: list[Evidence], sentence_vectors) -> bool:
    """Supported by these quotes together: the product's checker and a stricter word check agree."""
    if not quotes:
        return False
    union = frozenset().union(*(content_terms(q.text) for q in quotes))
    if coverage(content_terms(sentence), union) < STRICT_COVERAGE:
        return False
    vectors = sentence_vectors.vectors_alone([q.text for q in quotes])
    vector = sentence_vectors.vectors_alone([sentence])[0]
    return find_support(sentence, vector, quotes, vectors, clause_vectors=sentence_vectors.vectors_alone) is not None


def citation_counts(answer: Answer, sentence_vectors) -> tuple[int, int, int, int]:
    """(sentences, supported sentences, citations, needed citations) in the ALCE sense."""
    by_number = {c.n: c for c in answer.citations}
    sentences = supported = cited = needed = 0
    for sentence in answer.sentences:
        sentences += 1
        quotes = [_as_evidence(by_number[n]) for n in sentence.citations if n in by_number]
        if _judge(sentence.text, quotes, sentence_vectors):
            supported += 1
        for i, quote in enumerate(quotes):
            cited += 1
            alone = _judge(sentence.text, [quote], sentence_vectors)
            rest = quotes[:i] + quotes[i + 1:]
            if alone or not (rest and _judge(sentence.text, rest, sentence_vectors)):
                needed += 1
    return sentences, supported, cited, needed


def _as_evidence(citation) -> Evidence:
    return Evidence(
        text=citation.quote, article_id=citation.article_id, passage_id=citation.passage_id, title=citation.title,
        source=citation.source, date=citation.date, start=citation.start, end=citation.end, passage=citation.passage,
        passage_start=citation.passage_start, score=0.0, similarity=0.0, overlap=0.0, type_match=False, hit_rank=0,
    )


def run(assistant, questions: list[GoldQuestion], k: int = 5, progress=None) -> list[QuestionResult]:
    results = []
    for number, q in enumerate(questions, start=1):
        hits = assistant.retriever.retrieve(q.question, top_k=k)
        rank = first_hit_rank(q, [h.text for h in hits]) if q.answerable else None
        started = time.perf_counter()
        answer = assistant.ask(q.question)
        answer.timings.setdefault("total", (time.perf_counter() - started) * 1000)
        sentences, supported, cited, needed = (0, 0, 0, 0) if answer.abstained else citation_counts(answer, assistant.sentence_vectors)
        results.append(QuestionResult(
            id=q.id, question=q.question, type=q.type, split=q.split, match=q.match,
            answer=f"{answer.short_answer} | {answer.text}" if answer.short_answer else answer.text,
            abstained=answer.abstained, correct=answer_is_correct(q, f"{answer.short_answer} {answer.text}", answer.abstained),
            gold_abstain=not q.answerable, first_hit_rank=rank, sentences=sentences,
            supported_sentences=supported, citations=cited, needed_citations=needed, timings=dict(answer.timings),
            short_correct=answer_is_correct(q, answer.short_answer, False)
            if answer.short_answer and q.answerable and not answer.abstained else None,
        ))
        if progress:
            progress(number, len(questions))
    return results


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def metrics(results: list[QuestionResult]) -> dict:
    """The figures for one group of results."""
    answerable = [r for r in results if not r.gold_abstain]
    predicted = [r for r in results if r.abstained]
    true_abstain = [r for r in results if r.abstained and r.gold_abstain]
    gold_abstain = [r for r in results if r.gold_abstain]
    precision = _ratio(len(true_abstain), len(predicted))
    recall = _ratio(len(true_abstain), len(gold_abstain))
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else (0.0 if gold_abstain else None)
    hit = lambda n: _ratio(sum(1 for r in answerable if r.first_hit_rank and r.first_hit_rank <= n), len(answerable))  # noqa: E731
    stages = sorted({s for r in results for s in r.timings})
    latency = {}
    for stage in stages:
        values = sorted(r.timings[stage] for r in results if stage in r.timings)
        latency[stage] = {"p50": round(statistics.median(values), 1),
                          "p95": round(values[min(len(values) - 1, int(0.95 * (len(values) - 1) + 0.5))], 1)}
    return {
        "n": len(results),
        "answer_accuracy": _ratio(sum(r.correct for r in results), len(results)),
        "answerable_accuracy": _ratio(sum(r.correct for r in answerable), len(answerable)),
        # The short answer alone right, of the answerable questions given one (it leads the reply).
        "short_answer_accuracy": _ratio(sum(r.short_correct is True for r in results),
                                        sum(r.short_correct is not None for r in results)),
        "abstention_precision": precision,
        "abstention_recall": recall,
        "abstention_f1": f1,
        "citation_recall": _ratio(sum(r.supported_sentences for r in results), sum(r.sentences for r in results)),
        "citation_precision": _ratio(sum(r.needed_citations for r in results), sum(r.citations for r in results)),
        "hit_at_1": hit(1), "hit_at_3": hit(3), "hit_at_5": hit(5),
        "mrr": _ratio(sum(1 / r.first_hit_rank for r in answerable if r.first_hit_rank), len(answerable)),
        "latency_ms": latency,
    }


def summarize(results: list[QuestionResult], generator: str, gold: str, k: int) -> dict:
    """Overall (held-out figures are the ones to quote), per split and per type."""
    heldout = [r for r in results if r.split == "heldout"]
    calibration = [r for r in results if r.split == "calibration"]
    report = {
        "generator": generator, "gold": gold, "k": k,
        **metrics(results),
        "splits": {"heldout": metrics(heldout), "calibration": metrics(calibration)},
        "types": {t: metrics([r for r in results if r.type == t]) for t in sorted({r.type for r in results})},
        "questions": [asdict(r) for r in results],
    }
    return report


ABSTAIN_GRID = (0.25, 0.30, 0.35, 0.40, 0.45)
COVERAGE_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)


def calibration_sweep(assistant, questions: list[GoldQuestion], abstain_grid=ABSTAIN_GRID,
                      coverage_grid=COVERAGE_GRID) -> list[dict]:
    """Answer accuracy and abstention figures for each (evidence threshold, coverage floor), on the
    calibration split only (held-out questions never tune anything). Run it on every gold set and
    take the setting with the best mean accuracy across them."""
    calibration = [q for q in questions if q.split == "calibration"]
    original = assistant.abstain_below, assistant.min_coverage
    rows = []
    try:
        for threshold in abstain_grid:
            for floor in coverage_grid:
                assistant.abstain_below, assistant.min_coverage = threshold, floor
                results = []
                for q in calibration:
                    answer = assistant.ask(q.question)
                    results.append(replace(_blank(q), abstained=answer.abstained, correct=answer_is_correct(
                        q, f"{answer.short_answer} {answer.text}", answer.abstained)))
                m = metrics(results)
                rows.append({"abstain_below": threshold, "min_coverage": floor, "n": m["n"],
                             "answer_accuracy": m["answer_accuracy"], "abstention_precision": m["abstention_precision"],
                             "abstention_recall": m["abstention_recall"], "answerable_accuracy": m["answerable_accuracy"]})
    finally:
        assistant.abstain_below, assistant.min_coverage = original
    return rows


def calibration_table(rows: list[dict]) -> str:
    lines = ["threshold  coverage  accuracy  abstain-P  abstain-R  answerable-acc"]
    for r in rows:
        lines.append(f"{r['abstain_below']:9.3f}  {r['min_coverage']:8.2f}  {r['answer_accuracy'] or 0:8.1%}  "
                     f"{r['abstention_precision'] or 0:9.1%}  {r['abstention_recall'] or 0:9.1%}  "
                     f"{r['answerable_accuracy'] or 0:14.1%}")
    return "\n".join(lines)


def _blank(q: GoldQuestion) -> QuestionResult:
    return QuestionResult(id=q.id, question=q.question, type=q.type, split=q.split, match=q.match, answer="",
                          abstained=False, correct=False, gold_abstain=not q.answerable, first_hit_rank=None,
                          sentences=0, supported_sentences=0, citations=0, needed_citations=0)
