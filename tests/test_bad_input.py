"""Bad input through every front end — the CLI, the Python API and the web app: each kind gets a
clear message (or a proper answer, when it is a fair question in an unusual form) and the store
loses nothing. Kinds that only a file can carry are in test_ingest and test_uploads; this file
holds the table every front end shares."""

from __future__ import annotations

import shutil

import pytest

from helpers import SEEDS, qa

# (label, question, expected): expected is a fragment of the refusal, or None for "answered or
# declined normally" (a fair question, strangely written).
QUESTIONS = [
    ("empty", "", "empty"),
    ("whitespace", "   \n\t ", "empty"),
    ("huge", "Who " * 30_000, "limit is 2,000"),
    ("nul", "Who is\x00 Munir?", "control characters"),
    ("bell", "Who\x07 won?", "control characters"),
    ("escape sequence", "\x1b[31mWho won?\x1b[0m", "control characters"),
    ("right-to-left", "من هو المتحدث باسم طالبان؟", None),
    ("hebrew", "מי הוא הדובר?", None),
    ("emoji", "🤔 Who is the spokesman of the Afghan Taliban? 🇦🇫", None),
    ("punctuation only", "?!?...;;", None),
    ("sql payload", "'; DROP TABLE embeddings; -- Who won?", None),
    ("html payload", "<script>alert('x')</script> Who is the spokesman?", None),
    ("js payload", "javascript:alert(document.cookie)", None),
    ("long word", "Who is " + "x" * 1500 + "?", None),
    ("stop words only", "What is the of and?", None),
    ("format string", "Who is {0} %s %(name)s ${HOME}?", None),
    ("path", "../../etc/passwd", None),
    ("json", '{"question": "Who?", "top_k": 9999}', None),
]
API_ONLY = [("number", 42, "must be text"), ("none", None, "must be text"), ("bytes", b"Who?", "must be text"),
            ("surrogate", "Who is \udcff?", "not valid UTF-8")]


@pytest.fixture(scope="module")
def store(seed_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("bad-input") / "store"
    shutil.copytree(seed_store, copy)
    return copy


def _count(store) -> int:
    from helpers import store_facts

    return store_facts(store)["count"]


@pytest.mark.parametrize(("label", "question", "expected"), QUESTIONS + API_ONLY, ids=[q[0] for q in QUESTIONS + API_ONLY])
def test_python_api(store, label, question, expected):
    from qa import Assistant, QuestionError

    assistant = _assistant(store)
    if expected:
        with pytest.raises(QuestionError, match=expected):
            assistant.ask(question)
    else:
        answer = assistant.ask(question)
        assert answer.abstained or answer.citations
        assert "<script>" not in answer.short_answer


_ASSISTANTS: dict = {}


def _assistant(store):
    from qa import Assistant

    if store not in _ASSISTANTS:
        _ASSISTANTS[store] = Assistant.open(store=store)
    return _ASSISTANTS[store]


@pytest.mark.slow
@pytest.mark.parametrize(("label", "question", "expected"), QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_cli(store, label, question, expected):
    if "\x00" in question:
        pytest.skip("an argument cannot hold NUL; the shell refuses before qa sees it")
    result = qa("ask", question, "--store", str(store), "--json")
    if expected:
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    else:
        assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_web_app_and_nothing_lost(store, tmp_path):
    """The same table through /ask; afterwards the store holds what it held, and a question still
    gets its answer."""
    import httpx
    from gradio_client import Client

    from helpers import start_server

    before = _count(store)
    process, url, log = start_server(store, tmp_path)
    try:
        client = Client(url, verbose=False)
        for label, question, expected in QUESTIONS:
            if expected:
                with pytest.raises(Exception, match=expected.replace("(", r"\(")):
                    client.predict(question, api_name="/ask")
            else:
                data = client.predict(question, api_name="/ask")
                assert data["abstained"] or data["citations"], label
        # a path outside the allowed folders is not served
        for path in ("/gradio_api/file=/etc/passwd", "/gradio_api/file=../../etc/passwd", "/file=/etc/passwd"):
            response = httpx.get(url.rstrip("/") + path, timeout=30)
            assert response.status_code in (403, 404) and "root:" not in response.text, path
        assert client.predict("How much was the JF-17 deal worth?", api_name="/ask")["short_answer"] == "$1.6 billion"
        assert "Traceback" not in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert _count(store) == before
