"""Each generator end to end on the seeds; the LLM ones with a real GGUF and a real server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.answering.assistant import Assistant
from qa.answering.generators import GeneratorError, available, create
from qa.answering.generators.extractive import ExtractiveGenerator
from qa.answering.generators.local import check_gguf

from helpers import free_port, qa, wait_for_port


def test_extractive_is_concise_and_verbatim(assistant):
    answer = assistant.ask("Who is the spokesman of the Afghan Taliban?")
    assert 1 <= len(answer.sentences) <= 3
    assert all(c.quote in answer.text for c in answer.citations)


def test_extractive_lists_several_items_for_list_questions(assistant):
    gen = ExtractiveGenerator()
    assert gen.max_list_sentences > gen.max_sentences
    answer = assistant.ask("Which officials accompanied Prime Minister Shehbaz Sharif?")
    assert "Ishaq Dar" in answer.text


def test_available_lists_installed_generators():
    assert available()[0] == "extractive" and "openai" in available()


def test_unknown_generator():
    with pytest.raises(GeneratorError, match="unknown generator"):
        create("magic")


def test_missing_and_corrupt_model_files(tmp_path):
    with pytest.raises(GeneratorError, match="not found"):
        check_gguf(tmp_path / "absent.gguf")
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"NOTAGGUF" * 10)
    with pytest.raises(GeneratorError, match="not a GGUF"):
        check_gguf(bad)


def test_cli_reports_a_missing_model_in_one_line(seed_store, tmp_path):
    result = qa("ask", "Who visited Baku?", "--store", str(seed_store), "--generator", "local",
                "--model", str(tmp_path / "none.gguf"))
    assert result.returncode == 2 and "model file not found" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_openai_server_is_one_line(seed_store):
    result = qa("ask", "How much was the JF-17 deal worth?", "--store", str(seed_store), "--generator", "openai",
                "--url", f"http://127.0.0.1:{free_port()}/v1")
    assert result.returncode == 2
    assert "cannot connect" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_local_generator_runs_a_real_gguf(seed_store, smollm_path):
    local = Assistant.open(store=seed_store, generator="local", model=smollm_path)
    pieces = list(local.stream("How much was the JF-17 deal worth?"))
    answer = pieces[-1]
    assert len(pieces) > 2  # tokens streamed before the verified answer
    assert answer.generator == "local" and answer.timings.get("first_token", 0) > 0
    # A 135M model may answer badly; whatever it says is either cited or dropped.
    assert answer.abstained or all(s.citations for s in answer.sentences)
    condensed = local.generator.condense("When was that?", [Assistant.turn(answer)])
    assert isinstance(condensed, str) and condensed


@pytest.mark.slow
def test_openai_generator_against_a_real_llama_cpp_server(seed_store, smollm_path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm_path), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "2048", "--model_alias", "smol"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, timeout=120)
        time.sleep(0.5)
        remote = Assistant.open(store=seed_store, generator="openai", url=f"http://127.0.0.1:{port}/v1", model_name="smol")
        pieces = list(remote.stream("Who is the spokesman of the Afghan Taliban?"))
        answer = pieces[-1]
        assert len(pieces) > 2 and answer.generator == "openai"
        assert answer.abstained or all(s.citations for s in answer.sentences)
        result = qa("ask", "How much was the JF-17 deal worth?", "--store", str(seed_store), "--generator", "openai",
                    "--url", f"http://127.0.0.1:{port}/v1", "--model-name", "smol", "--json")
        assert result.returncode == 0, result.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_planted_instructions_never_reach_the_local_model(tmp_path, smollm_path):
    from helpers import planted_store

    local = Assistant.open(store=planted_store(tmp_path), generator="local", model=smollm_path)
    pieces = list(local.stream("What happened at the border talks in Doha?"))
    streamed = "".join(p for p in pieces if isinstance(p, str)).lower()
    assert "cheese" not in streamed and "cheese" not in pieces[-1].text.lower()


def _children(pid: int) -> list[int]:
    """Pids of a process's direct children, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _wait_for_child(pid: int, marker: str, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in _children(pid):
            try:
                if marker in (Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace")):
                    return child
            except OSError:
                continue
        time.sleep(0.05)
    raise TimeoutError(f"no child of {pid} running {marker}")


@pytest.mark.slow
def test_a_crash_of_the_model_is_an_error_and_the_next_question_works(seed_store, smollm_path):
    """llama.cpp built for another CPU segfaults on its first token; in process, that killed the
    whole program. The model runs in a child process: its crash is a GeneratorError here."""
    local = Assistant.open(store=seed_store, generator="local", model=smollm_path)
    first_pid = local.generator.worker_pid
    assert first_pid and first_pid != os.getpid()
    stream = local.stream("How much was the JF-17 deal worth?")
    next(stream)  # the model is answering
    os.kill(first_pid, signal.SIGSEGV)
    with pytest.raises(GeneratorError, match=r"crashed while answering \(SIGSEGV\).*another CPU"):
        for _ in stream:
            pass
    answer = local.ask("Who is the spokesman of the Afghan Taliban?")  # a fresh model process answers
    assert answer.generator == "local" and local.generator.worker_pid not in (None, first_pid)


@pytest.mark.slow
def test_cli_reports_a_model_crash_in_one_line(seed_store, smollm_path):
    command = [sys.executable, "-m", "qa.frontends.cli", "ask", "How much was the JF-17 deal worth?", "--store", str(seed_store),
               "--generator", "local", "--model", str(smollm_path)]
    from helpers import ROOT

    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    worker = _wait_for_child(process.pid, "llama_worker.py")
    os.kill(worker, signal.SIGSEGV)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2, (out, err)
    assert "the local model crashed" in err and "SIGSEGV" in err
    assert "Traceback" not in err and "Fatal Python error" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_web_server_survives_a_model_crash(seed_store, smollm_path, tmp_path):
    from gradio_client import Client

    from helpers import start_server

    process, url, _ = start_server(seed_store, tmp_path, env={"QA_LOCAL_MODEL": str(smollm_path)})
    try:
        client = Client(url, verbose=False)
        job = client.submit("How much was the JF-17 deal worth?", "local", api_name="/ask")
        os.kill(_wait_for_child(process.pid, "llama_worker.py"), signal.SIGSEGV)
        with pytest.raises(Exception, match="the local model crashed"):
            job.result(timeout=120)
        assert process.poll() is None  # the server lives on
        again = client.predict("How much was the JF-17 deal worth?", "local", api_name="/ask")
        assert again["generator"] == "local"
        assert "1.6 billion" in client.predict("How much was the JF-17 deal worth?", api_name="/ask")["answer"]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_llama_cpp_is_built_portably():
    """The Makefile builds llama.cpp without -march=native unless LLAMA_NATIVE=1 was asked for:
    a native build on an AMX CPU crashes on quantised models, one from elsewhere may lack ours."""
    llama_cpp = pytest.importorskip("llama_cpp")
    from helpers import ROOT

    recorded = ROOT / ".venv" / "llama-cmake-args"
    if recorded.is_file() and "GGML_NATIVE=ON" in recorded.read_text():
        pytest.skip("this environment was built with LLAMA_NATIVE=1")
    info = llama_cpp.llama_print_system_info().decode()
    assert "AVX2 = 1" in info or "x86" not in os.uname().machine, info
    for feature in ("AVX512 = 1", "AMX_INT8 = 1", "AVX512_VNNI = 1", "AVX_VNNI = 1"):
        assert feature not in info, info


def _listing(text: str, article: str, start: int, score: float, names: list[str]):
    from qa.answering.constraints import Judgement
    from qa.answering.evidence import Evidence
    from qa.answering.values import Value

    values = [Value(name, text.index(name), text.index(name) + len(name), "GPE", 1) for name in names]
    judgement = Judgement(met=True, values=values, coverage=1.0, own_coverage=1.0)
    return Evidence(text=text, article_id=article, passage_id=article, title="", source="", date=None, start=start,
                    end=start + len(text), passage=text, passage_start=0, score=score, similarity=score, overlap=0.0,
                    type_match=True, hit_rank=1, judgement=judgement)


def test_a_list_the_report_goes_on_with_in_its_next_sentence_is_shown_whatever_its_score():
    lead = _listing("The court fines Arden two million euros for the delay.", "a", 0, 0.65, ["Arden"])
    going_on = _listing("The court also fines Belmont and Carrow for the same reason.", "a", lead.end + 1, 0.48,
                        ["Belmont", "Carrow"])
    elsewhere = _listing("The court fines Dunmore over another rule.", "b", lead.end + 1, 0.48, ["Dunmore"])
    question = "Which countries did the court fine?"
    assert ExtractiveGenerator().choose(question, [lead, going_on, elsewhere]) == [lead, going_on]
    later = _listing(going_on.text, "a", lead.end + 400, 0.48, ["Belmont", "Carrow"])
    assert ExtractiveGenerator().choose(question, [lead, later]) == [lead]  # not next to it: the margin holds
