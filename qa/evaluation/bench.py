"""Benchmarks, reported as ratios against a baseline measured in the same process."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from qa.evaluation.figures import Figures

from qa.ingestion.chunking import chunk_articles
from qa.ingestion.corpus import load
from qa.ingestion.ingest import ingest
from qa.settings import Settings


@dataclass
class IngestBench(Figures):
    passages: int
    raw_embed_passages_per_s: float
    ingest_passages_per_s: float
    ratio: float  # ingest / raw embedder; goal ≥ 0.90
    noop_reingest_s: float
    copies: int

    def report(self) -> str:
        verdict = "meets" if self.ratio >= 0.9 else "misses"
        return (
            f"passages: {self.passages} ({self.copies} copies of the corpus; medians of alternating runs)\n"
            f"raw embedder:    {self.raw_embed_passages_per_s:8.1f} passages/s\n"
            f"full ingest:     {self.ingest_passages_per_s:8.1f} passages/s  "
            f"= {self.ratio:.0%} of raw ({verdict} the 90% goal)\n"
            f"no-op re-ingest: {self.noop_reingest_s * 1000:8.0f} ms"
        )


def bench_ingest(
    corpus: Path = Path("seeds"), copies: int = 5, repeats: int = 3, settings: Settings | None = None
) -> IngestBench:
    """Ingest `copies` renamed copies of the corpus into a scratch store and compare with raw
    embedding of the same passages, alternating the two `repeats` times; medians are reported
    because a shared 2-core machine drifts by ±20 % between runs."""
    from qa.index.embedding import shared_embedder

    settings = settings or Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    try:
        files = work / "corpus"
        files.mkdir()
        for n in range(copies):
            for source in sorted(Path(corpus).iterdir()):
                if source.is_file():
                    shutil.copy(source, files / f"copy{n}_{source.name}")
        scratch = replace(settings, store_dir=work / "store", chroma_url=None)
        embedder = shared_embedder(settings.embed_threads, settings.embed_batch_size)
        texts = [p.text for p in chunk_articles(load([files]).articles)]
        embedder.embed(texts[:8])  # warm-up: the first ONNX run allocates
        ingest([corpus], settings=scratch, progress=False)  # warm-up: opens Chroma once
        raws, fulls, ratios = [], [], []
        passages = 0
        for _ in range(max(1, repeats)):
            begin = time.perf_counter()
            embedder.embed(texts)
            raws.append(len(texts) / (time.perf_counter() - begin))
            run = ingest([files], settings=scratch, rebuild=True, progress=False)
            passages = run.passages
            fulls.append(run.passages / run.seconds)
            ratios.append(fulls[-1] / raws[-1])
        noop = ingest([files], settings=scratch, progress=False)
        assert noop.articles == 0, "a re-ingest of unchanged files must write nothing"
        return IngestBench(
            passages=passages, raw_embed_passages_per_s=statistics.median(raws),
            ingest_passages_per_s=statistics.median(fulls), ratio=statistics.median(ratios),
            noop_reingest_s=noop.seconds, copies=copies,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


ASKED = 10  # questions per round


def questions_for(store) -> list[str]:
    """Questions the archive itself suggests (its headlines, as the web app's examples ask them)
    and one no news archive answers, so the benchmark asks about any user's archive, not ours."""
    titles = sorted({article.title.rstrip(".") for article in store.manifest().values() if article.title})
    return [f"What do the articles report about “{title}”?" for title in titles[:ASKED - 1]] + \
        ["What is the capital of France?"]


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"p50": 0.0, "p95": 0.0}
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": round(pick(0.5), 1), "p95": round(pick(0.95), 1)}


def bench_ask(store: str | Path | None = None, generators: list[str] | None = None, rounds: int = 3,
              model: str | None = None) -> dict:
    """Retrieval and end-to-end latency per generator (ms), first-token time for LLM generators.
    Goals on 2 cores: retrieval p50 ≤ 30 ms, extractive p50 ≤ 150 ms, local first token ≤ 3 s."""
    from qa.answering.assistant import Assistant
    from qa.answering.generators import available

    report: dict = {"questions": 0, "rounds": rounds, "generators": {}}
    for name in generators or [g for g in available() if g != "openai"]:
        options = {"model": model} if (model and name == "local") else {}
        assistant = Assistant.open(store=store, generator=name, **options)
        assistant.warm_up()
        assistant.wait_until_warm()
        asked = questions_for(assistant.store)
        report["questions"] = len(asked)
        assistant.ask(asked[0])  # warm-up: first ONNX/llama runs allocate
        retrieval, total, first = [], [], []
        for _ in range(rounds if name == "extractive" else 1):
            for question in asked:
                answer = assistant.ask(question)
                retrieval.append(answer.timings["retrieval"])
                total.append(answer.timings["total"])
                if "first_token" in answer.timings and name != "extractive":
                    first.append(answer.timings["first_token"])
        entry = {"retrieval_ms": _percentiles(retrieval), "answer_ms": _percentiles(total)}
        if first:
            entry["first_token_ms"] = _percentiles(first)
        report["generators"][name] = entry
    return report


def format_ask(report: dict) -> str:
    lines = [f"{report['questions']} questions from the store's own headlines (ms)"]
    for name, entry in report["generators"].items():
        line = (f"{name:11s} retrieval p50 {entry['retrieval_ms']['p50']:7.1f} p95 {entry['retrieval_ms']['p95']:7.1f}"
                f" | answer p50 {entry['answer_ms']['p50']:8.1f} p95 {entry['answer_ms']['p95']:8.1f}")
        if "first_token_ms" in entry:
            line += f" | first token p50 {entry['first_token_ms']['p50']:7.1f} p95 {entry['first_token_ms']['p95']:7.1f}"
        lines.append(line)
    return "\n".join(lines)


def bench_llama(model: str | None = None, rounds: int = 3, threads: int | None = None) -> dict:
    """Prompt-processing and generation speed (tokens/s) of the installed llama-cpp-python build,
    in this process; run it under a portable and a native build to compare the two."""
    import os

    from llama_cpp import Llama, llama_print_system_info

    from qa.answering.generators.local import default_model_path

    path = model or os.environ.get("QA_LOCAL_MODEL") or str(default_model_path())
    llama = Llama(model_path=path, n_ctx=2048, n_threads=threads or max(1, os.cpu_count() or 1), verbose=False)
    prompt = ("Sources:\n[1] ISLAMABAD: The army chief met the senior political and military leadership on "
              "Wednesday, the media wing said, as he arrived on an official visit. " * 3 + "\n\nQuestion: Who did he meet?")
    tokens = llama.tokenize(prompt.encode())
    prompt_rates, generation_rates = [], []
    for _ in range(rounds):
        llama.reset()
        begin = time.perf_counter()
        llama.eval(tokens)
        prompt_rates.append(len(tokens) / (time.perf_counter() - begin))
        produced, first = 0, 0.0
        for _token in llama.generate(tokens, temp=0.0, reset=True):
            produced += 1
            if produced == 1:
                first = time.perf_counter()
            if produced > 64:
                break
        generation_rates.append(64 / (time.perf_counter() - first))
    llama.close()
    return {"model": Path(path).name, "prompt_tokens": len(tokens),
            "prompt_tokens_per_s": round(statistics.median(prompt_rates), 1),
            "generation_tokens_per_s": round(statistics.median(generation_rates), 1),
            "system_info": llama_print_system_info().decode().strip()}
