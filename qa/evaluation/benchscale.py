"""How the product grows with the corpus: `qa bench scale --passages N`.

A synthetic corpus of about N passages goes through the real commands a user runs, each in its own
process so that start-up and memory are the user's: `qa ingest` (wall time, passages/s, peak RSS),
the same ingest again (a no-op), a cold `qa ask` (wall time and peak RSS, median of three), `qa serve`
until it says it is ready, then the synthetic questions asked in this process for retrieval and
answer p50/p95, and the store's size on disk. Figures, not timed tests.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from qa.evaluation.figures import Figures, p95


@dataclass
class ScaleBench(Figures):
    passages: int
    articles: int
    ingest_s: float
    ingest_passages_per_s: float
    ingest_peak_rss_mb: float
    noop_reingest_s: float
    ask_cold_s: float  # median of 3 fresh `qa ask` processes
    ask_cold_peak_rss_mb: float
    serve_ready_s: float  # from start until `qa serve` prints that it is ready
    serve_ready_rss_mb: float
    retrieval_p50_ms: float
    retrieval_p95_ms: float
    answer_p50_ms: float
    answer_p95_ms: float
    questions: int
    store_mb: float  # the store folder, or the server's data plus this machine's cache for it
    backend: str  # "folder" or "chroma server"
    environment_mb: float  # the Python environment `qa` runs from, on disk

    def report(self) -> str:
        return (
            f"passages: {self.passages} in {self.articles} synthetic articles; store ({self.backend}) "
            f"{self.store_mb:.0f} MB; environment {self.environment_mb:.0f} MB on disk\n"
            f"qa ingest:          {self.ingest_s:8.1f} s  ({self.ingest_passages_per_s:.1f} passages/s, "
            f"peak RSS {self.ingest_peak_rss_mb:.0f} MB)\n"
            f"no-op re-ingest:    {self.noop_reingest_s:8.2f} s\n"
            f"qa ask, cold:       {self.ask_cold_s:8.2f} s  (peak RSS {self.ask_cold_peak_rss_mb:.0f} MB)\n"
            f"qa serve, ready:    {self.serve_ready_s:8.2f} s  (RSS {self.serve_ready_rss_mb:.0f} MB)\n"
            f"retrieval p50/p95:  {self.retrieval_p50_ms:6.1f} / {self.retrieval_p95_ms:.1f} ms\n"
            f"answer p50/p95:     {self.answer_p50_ms:6.1f} / {self.answer_p95_ms:.1f} ms  ({self.questions} questions)"
        )


def bench_scale(passages: int = 1000, questions: int = 100, work: Path | None = None, seed: int = 7,
                chroma_server: bool = False) -> ScaleBench:
    """`work`: a folder to keep the corpus and store in (reused when it already holds them);
    by default a scratch folder that is removed."""
    from qa.evaluation.synthetic import articles_for_passages, write_corpus

    scratch = work is None
    work = Path(tempfile.mkdtemp(prefix="qa-scale-")) if scratch else Path(work)
    try:
        corpus, store = work / "corpus", work / "store"
        asked_file = work / "questions.jsonl"
        if not asked_file.exists():
            work.mkdir(parents=True, exist_ok=True)
            articles = articles_for_passages(passages, work, seed)
            written = write_corpus(corpus, articles, seed=seed)
            asked_file.write_text("".join(json.dumps(q.__dict__) + "\n" for q in written), encoding="utf-8")
        asked = [json.loads(line) for line in asked_file.read_text(encoding="utf-8").splitlines()]
        with contextlib.ExitStack() as stack:
            footprint = [store]
            if chroma_server:
                url, data = stack.enter_context(_chroma_server(work / "chroma-server"))
                stack.enter_context(_environment(QA_CHROMA_URL=url, XDG_CACHE_HOME=str(work / "cache")))
                footprint = [data, work / "cache"]
            ingest_s, ingest_rss = _run(["ingest", str(corpus), "--store", str(store)])
            noop_s, _ = _run(["ingest", str(corpus), "--store", str(store)])
            count = _count(store)
            colds = [_run(["ask", asked[i]["question"], "--store", str(store)]) for i in range(3)]
            serve_s, serve_rss = _serve_ready(store)
            retrieval, total = _ask_in_process(store, [q["question"] for q in asked[:questions]])
            store_mb = sum(_size_mb(folder) for folder in footprint)
        return ScaleBench(
            passages=count, articles=len(asked), ingest_s=ingest_s, ingest_passages_per_s=count / ingest_s,
            ingest_peak_rss_mb=ingest_rss, noop_reingest_s=noop_s,
            ask_cold_s=statistics.median(s for s, _ in colds), ask_cold_peak_rss_mb=statistics.median(r for _, r in colds),
            serve_ready_s=serve_s, serve_ready_rss_mb=serve_rss,
            retrieval_p50_ms=statistics.median(retrieval), retrieval_p95_ms=p95(retrieval),
            answer_p50_ms=statistics.median(total), answer_p95_ms=p95(total), questions=len(total),
            store_mb=store_mb, backend="chroma server" if chroma_server else "folder",
            environment_mb=environment_mb(),
        )
    finally:
        if scratch:
            shutil.rmtree(work, ignore_errors=True)


def environment_mb() -> float:
    """The environment `qa` runs from (its prefix: a virtual environment's packages and scripts)."""
    return _size_mb(Path(sys.prefix))


def _size_mb(folder: Path) -> float:
    total = 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass  # removed while counted
    return total / 2**20


@contextlib.contextmanager
def _chroma_server(data: Path, timeout: float = 120):
    """A real `chroma run` on a free port of 127.0.0.1; yields its URL and data folder."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if not chroma:
        raise RuntimeError("the chroma command (installed with chromadb) is not on this environment's path")
    port = _free_port()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while not _listening(port):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"chroma run did not start: {log.read().decode(errors='replace')[-400:]}")
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}", data
        finally:
            _stop(server)


@contextlib.contextmanager
def _environment(**values: str):
    """Set for this process and the commands it starts; restored afterwards."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _qa_command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "qa.frontends.cli", *args]


def _run(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `qa` process."""
    with tempfile.TemporaryFile() as errors:  # a pipe nobody reads while waiting could fill and stall it
        begin = time.perf_counter()
        process = subprocess.Popen(_qa_command(args), stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - begin
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # 1: answered with a refusal, or files skipped
            errors.seek(0)
            raise RuntimeError(f"qa {args[0]} failed ({process.returncode}): "
                               f"{errors.read().decode(errors='replace').strip()[-400:]}")
    return seconds, usage.ru_maxrss / 1024


def _serve_ready(store: Path, timeout: float = 300) -> tuple[float, float]:
    port = _free_port()
    begin = time.perf_counter()
    process = subprocess.Popen(_qa_command(["serve", "--port", str(port), "--store", str(store)]),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in process.stdout:
            if "ready in" in line:
                seconds = time.perf_counter() - begin
                return seconds, _rss_mb(process.pid)
            if time.perf_counter() - begin > timeout:
                break
        raise RuntimeError("qa serve did not become ready")
    finally:
        _stop(process)
        if process.stdout:
            process.stdout.close()


def _stop(process: subprocess.Popen) -> None:
    """Ask a started command to end; kill it when it does not within 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _count(store: Path) -> int:
    from qa.index.store import Store
    from qa.settings import Settings

    opened = Store(Settings.from_env().with_(store_dir=store), create=False)  # QA_CHROMA_URL: the server
    try:
        return opened.count()
    finally:
        opened.close()


def _ask_in_process(store: Path, questions: list[str]) -> tuple[list[float], list[float]]:
    from qa.answering.assistant import Assistant

    assistant = Assistant.open(store=store, generator="extractive")
    try:
        assistant.ask(questions[0])  # warm-up: the first ONNX run allocates
        retrieval, total = [], []
        for question in questions:
            answer = assistant.ask(question)
            retrieval.append(answer.timings["retrieval"])
            total.append(answer.timings["total"])
        return retrieval, total
    finally:
        assistant.close()
