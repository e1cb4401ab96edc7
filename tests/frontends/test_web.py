"""The web app for real: a Gradio server, gradio_client calls, and Debian chromium via Playwright."""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from helpers import ROOT, SEEDS, qa, start_server

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    store = tmp / "store"
    shutil.copytree(seed_store, store)  # the browser test uploads into it
    process, url, log = start_server(store, tmp)
    yield url, log
    process.terminate()
    process.wait(timeout=30)


def test_the_ready_line_reports_its_time_and_the_server_is_bound_to_loopback(server):
    url, log = server
    assert url.startswith("http://127.0.0.1:")
    line = next(l for l in log.read_text().splitlines() if "ready in" in l)
    seconds = float(line.split("ready in ")[1].split(" s")[0])
    # A figure, not a speed check: the 5 s goal is measured by `qa bench scale` (README), never asserted.
    assert seconds > 0


def test_once_ready_the_server_loads_what_answering_needs_without_a_question(seed_store, tmp_path):
    process, _, log = start_server(seed_store, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while "BM25 index" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "BM25 index" in log.read_text()  # loaded by the warm-up: nobody has asked anything
        assert "in the background failed" not in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_ask_endpoint_returns_the_cli_json(server):
    from gradio_client import Client

    client = Client(server[0], verbose=False)
    data = client.predict("How much was the JF-17 deal worth?", api_name="/ask")
    assert {"answer", "abstained", "citations", "related", "timings"} <= set(data)
    assert "1.6 billion" in data["answer"] and not data["abstained"]
    assert {"n", "title", "date", "source", "text", "start", "end"} <= set(data["citations"][0])
    articles = client.predict(api_name="/articles")
    assert len(articles) >= 6 and {"title", "date", "source", "passages"} <= set(articles[0])


def test_twenty_questions_at_once_are_all_answered(server):
    from gradio_client import Client

    questions = {
        "How much was the JF-17 deal worth?": "1.6 billion",
        "Who is the spokesman of the Afghan Taliban?": "Zabihullah Mujahid",
        "When was the Patriotic War Medal established?": "May 17, 2002",
        "Who is Azerbaijan's foreign minister?": "Jeyhun Bayramov",
    }
    asked = [q for q in questions for _ in range(5)]

    def ask(question):
        return question, Client(server[0], verbose=False).predict(question, api_name="/ask")

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(ask, asked))
    assert len(results) == 20
    for question, data in results:
        assert questions[question] in data["answer"], (question, data["answer"])


def test_login_when_qa_auth_is_set(seed_store, tmp_path):
    from gradio_client import Client

    process, url, _ = start_server(seed_store, tmp_path, env={"QA_AUTH": "reader:s3cret"})
    try:
        with pytest.raises(Exception):
            Client(url, verbose=False)
        data = Client(url, auth=("reader", "s3cret"), verbose=False).predict("Who is Azerbaijan's foreign minister?", api_name="/ask")
        assert "Jeyhun Bayramov" in data["answer"]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_browser_session(server, tmp_path):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    article = tmp_path / "glacier.txt"  # plain text: the markup is article text and must show as such
    article.write_text(
        "Glacier lake bursts in Hunza\n\nUpdated 02 March 2026\n\nGILGIT: The Zorbakht glacier lake burst on Monday, "
        "officials said.\n\nThe flood washed away the Passu bridge.\n\n"
        "Engineers posted the note <script>window.__xss = 1</script> and <img src=x onerror=\"window.__xss = 2\"> on the Zorbakht gauge.\n",
        encoding="utf-8",
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.goto(server[0], wait_until="domcontentloaded")
        page.wait_for_selector("#question textarea", timeout=60_000)

        def clear() -> None:
            page.click("#clear")
            page.wait_for_function("() => document.querySelectorAll('#chat .message').length === 0", timeout=30_000)

        def ask(question: str) -> str:
            count = page.locator("#chat .message").count()
            page.fill("#question textarea", question)
            page.click("#ask")
            page.wait_for_function(
                """n => { const m = document.querySelectorAll('#chat .message');
                          if (m.length < n + 2) return false;
                          const last = m[m.length - 1].innerText;
                          return !last.includes('▌') && !last.includes('Loading') && last.trim().length > 0; }""",
                arg=count, timeout=60_000)
            page.wait_for_timeout(500)
            return page.locator("#chat .message").last.inner_text()

        answer = ask("Who is the spokesman of the Afghan Taliban?")
        assert "Zabihullah Mujahid" in answer and "[1]" in answer
        mark = page.locator("#sources #src-1 mark")
        assert "Zabihullah Mujahid" in mark.inner_text()
        assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
        page.screenshot(path=str(ARTIFACTS / "01-answer.png"))

        follow = ask("Who was his deputy?")
        page.screenshot(path=str(ARTIFACTS / "02-follow-up.png"))
        assert "Hamdullah Fitra" in follow, page.locator("#chat").inner_text()
        marker = page.locator("#chat a.qa-cite").last
        number = marker.inner_text().strip("[]")
        marker.click()
        page.wait_for_timeout(500)
        card = page.locator(f"#sources #src-{number}")
        assert card.evaluate("c => c.classList.contains('qa-focus')")
        box = card.bounding_box()
        assert box and 0 <= box["y"] < 950  # scrolled into view
        page.screenshot(path=str(ARTIFACTS / "02-follow-up.png"))

        clear()
        page.click("#options")
        page.fill("#after textarea, #after input", "2025-01-01")
        dated = ask("When did Munir visit Azerbaijan?")
        assert "2023" not in page.locator("#sources").inner_text().split("·")[0]
        assert "2025" in page.locator("#sources").inner_text()
        page.screenshot(path=str(ARTIFACTS / "03-date-filter.png"))
        page.fill("#after textarea, #after input", "")

        page.click("#corpus-tab-button, button[role='tab']:has-text('Corpus')")
        page.set_input_files("#upload input[type=file]", str(article))
        page.click("#ingest")
        page.wait_for_function("() => document.querySelector('#ingest-status').innerText.includes('Ingested')", timeout=120_000)
        assert "Glacier lake bursts in Hunza" in page.locator("#corpus").inner_text()
        page.screenshot(path=str(ARTIFACTS / "04-upload.png"))
        assert re.search(r"7 articles, \d+ passages\.", page.locator("#corpus-summary").inner_text())
        page.fill("#corpus-search textarea, #corpus-search input", "hunza GLACIER")  # a search narrows the table
        page.wait_for_function("() => document.querySelector('#corpus-summary').innerText.includes('1 matches')", timeout=30_000)
        assert "Glacier lake bursts in Hunza" in page.locator("#corpus").inner_text()
        assert "JF-17" not in page.locator("#corpus").inner_text()
        page.click("button[role='tab']:has-text('Chat')")  # …and what the article filter offers
        page.click("#options")
        page.click("#only input")
        page.wait_for_selector("ul[role=listbox] li:has-text('glacier.txt')", timeout=30_000)
        assert page.locator("ul[role=listbox] li").all_inner_texts() == ["glacier.txt"]
        page.keyboard.press("Escape")
        page.click("#options")
        page.click("#corpus-tab-button, button[role='tab']:has-text('Corpus')")
        page.fill("#corpus-search textarea, #corpus-search input", "")
        page.wait_for_function(
            "() => /^7 articles, \\d+ passages\\.$/.test(document.querySelector('#corpus-summary').innerText.trim())",
            timeout=30_000)

        page.click("button[role='tab']:has-text('Chat')")
        page.click("#options")
        page.click("#only input")  # the article filter lists the new file without a restart
        page.wait_for_selector("ul[role=listbox] li:has-text('glacier.txt')", timeout=30_000)
        page.keyboard.type("nowhere.txt")  # a typed file name the store does not have is refused, named
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        ask_refused = page.locator("#chat .message").count()
        page.fill("#question textarea", "Which bridge did the glacier flood wash away?")
        page.click("#ask")
        page.wait_for_selector(".toast-body:has-text('nowhere.txt')", timeout=30_000)
        assert page.locator("#chat .message").count() == ask_refused
        page.locator("#only .token-remove, #only [aria-label*='Remove'], #only button.remove-all").first.click()
        page.click("#options")
        clear()
        new = ask("Which bridge did the Zorbakht glacier flood wash away?")
        assert "Passu bridge" in new
        literal = ask("What note did engineers post on the Zorbakht gauge?")
        assert "<script>window.__xss = 1</script>" in literal  # shown as text in the chat…
        sources = page.locator("#sources").inner_text()
        assert '<img src=x onerror="window.__xss = 2">' in sources  # …and in the sources panel
        assert page.evaluate("() => window.__xss") is None  # and nothing of it ran
        assert page.locator("#sources img, #chat img[src=x]").count() == 0
        page.screenshot(path=str(ARTIFACTS / "05-new-article.png"))
        browser.close()


def test_sees_articles_another_process_ingested(seed_store, tmp_path):
    from gradio_client import Client

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    process, url, _ = start_server(store, tmp_path)
    try:
        client = Client(url, verbose=False)
        before = client.predict("Which bridge did the Karakoram flood wash away?", api_name="/ask")
        assert before["abstained"]
        news = tmp_path / "news"
        news.mkdir()
        (news / "flood.txt").write_text("Karakoram flood\n\nGILGIT: The Karakoram flood washed away the Hussaini bridge on Sunday.\n",
                                         encoding="utf-8")
        assert qa("ingest", str(news), "--store", str(store)).returncode == 0  # a second process writes
        after = client.predict("Which bridge did the Karakoram flood wash away?", api_name="/ask")
        assert "Hussaini bridge" in after["answer"] and not after["abstained"]
    finally:
        process.terminate()
        process.wait(timeout=30)


# Chroma's Rust core reads its SQLite file through a sqlx pool. The pool opens a connection, a
# worker thread with one file handle, whenever a read finds none idle, up to sqlx's default cap of
# 10, and closes idle ones after 10 minutes. When it opens one is down to timing, so a window of
# questions may see it grow by one or two: bounded, not a leak. The checks below hold the pool to
# its cap and everything else to "flat".
STORE_POOL_CAP = 10


def _usage(pid: int) -> dict:
    """Threads, open file handles and resident memory (MB) of a process, from /proc; the store's
    connection pool (threads and handles) counted apart."""
    status = Path(f"/proc/{pid}/status").read_text()
    pool_threads = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            pool_threads += task.joinpath("comm").read_text().startswith("sqlx-sqlite")
        except OSError:  # the thread ended while we looked
            pass
    targets = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            targets.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            pass
    pool_fds = sum("chroma.sqlite3" in target for target in targets)  # with its journal, when writing
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
    return {"threads": threads - pool_threads, "fds": len(targets) - pool_fds,
            "pool_threads": pool_threads, "pool_fds": pool_fds,
            "rss_mb": int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024}


def _pool_is_bounded(usage: dict) -> bool:
    """The store's pool stays under its cap: a handle per connection (two while it writes), and a
    few for Python's own per-thread connections."""
    return usage["pool_threads"] <= STORE_POOL_CAP and usage["pool_fds"] <= 2 * usage["pool_threads"] + 4


def test_a_store_another_process_wrote_is_reopened_only_after_an_ingest(seed_store, tmp_path):
    """The `make run` case: the CLI wrote the store last, the server answers. The server used to
    take Chroma's own rewrite of its database file for a change and reopen at every question
    (leaking threads and file handles, 1-2 s an answer)."""
    from gradio_client import Client

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    assert qa("ingest", str(SEEDS), "--store", str(store)).returncode == 0  # another process opens it last
    process, url, log = start_server(store, tmp_path)
    try:
        client = Client(url, verbose=False)
        questions = {
            "How much was the JF-17 deal worth?": "1.6 billion",
            "Who is the spokesman of the Afghan Taliban?": "Zabihullah Mujahid",
            "Who is Azerbaijan's foreign minister?": "Jeyhun Bayramov",
            "When was the Patriotic War Medal established?": "May 17, 2002",
        }
        asked = list(questions) * 25
        for number, question in enumerate(asked[:90], start=1):
            data = client.predict(question, api_name="/ask")
            assert questions[question] in data["answer"], (question, data["answer"])
            # After warm-up: Gradio's worker threads (about 5, with their handles) start as answers
            # come; with stored sentence vectors answers come faster, and a clean run saw the last
            # of them start after question 20. A leak grows with every question.
            if number == 40:
                warm = _usage(process.pid)
        settled = _usage(process.pid)
        print(f"after 40 questions {warm}, after 50 more {settled}")
        # Reopening at every question cost ~6 threads and ~3.5 file handles a question.
        assert settled["threads"] - warm["threads"] <= 3, (warm, settled)
        assert settled["fds"] - warm["fds"] <= 3, (warm, settled)
        assert settled["rss_mb"] - warm["rss_mb"] < 60, (warm, settled)
        assert _pool_is_bounded(settled), settled
        assert "reopening" not in log.read_text()

        news = tmp_path / "news"
        news.mkdir()
        (news / "flood.txt").write_text("Karakoram flood\n\nGILGIT: The Karakoram flood washed away the "
                                        "Hussaini bridge on Sunday.\n", encoding="utf-8")
        assert qa("ingest", str(news), "--store", str(store)).returncode == 0
        after = client.predict("Which bridge did the Karakoram flood wash away?", api_name="/ask")
        assert "Hussaini bridge" in after["answer"] and not after["abstained"]
        for question in asked[:20]:
            assert questions[question] in client.predict(question, api_name="/ask")["answer"]
        final = _usage(process.pid)
        assert log.read_text().count("reopening") == 1
        assert final["threads"] - settled["threads"] <= 3 and final["fds"] - settled["fds"] <= 3, (settled, final)
        assert _pool_is_bounded(final), final  # the reopened store's pool replaced the old one
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_browser_upload_asks_before_replacing_and_text_shows_as_text(seed_store, tmp_path):
    """An upload named like an ingested file used to replace its articles silently; quotes showed
    as "&#x27;"; the corpus views were frozen at server start."""
    from playwright.sync_api import sync_playwright

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    process, url, _ = start_server(store, tmp_path)
    clash = tmp_path / "upload" / "000_c8fa9c6b29247889.txt"
    clash.parent.mkdir()
    clash.write_text("O'Brien's \"quoted\" note & more\n\nIt has two lines only, <b>not bold</b>.\n", encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            page.goto(url, wait_until="domcontentloaded")
            page.wait_for_selector("#question textarea", timeout=60_000)

            question = "Who is Pakistan's army chief & what's \"his\" rank <b>now</b> — Ағыл 日本 مرحبا?"
            page.fill("#question textarea", question)
            page.click("#ask")
            page.wait_for_function("() => document.querySelectorAll('#chat .message').length >= 2 && "
                                   "!document.querySelector('#chat').innerText.includes('▌')", timeout=60_000)
            page.wait_for_timeout(500)
            shown = page.locator("#chat .message").first.inner_text()
            assert shown.strip() == question
            chat_and_sources = page.locator("#chat").inner_text() + page.locator("#sources").inner_text()
            assert "&#" not in chat_and_sources and "&amp;" not in chat_and_sources and "&quot;" not in chat_and_sources
            assert "Pakistan's" in page.locator("#sources").inner_text()
            page.screenshot(path=str(ARTIFACTS / "06-text-as-text.png"))

            def rows() -> int:
                return len(qa_articles(url))

            page.click("button[role='tab']:has-text('Corpus')")
            before = rows()
            page.set_input_files("#upload input[type=file]", str(clash))
            page.click("#ingest")
            page.wait_for_selector("#confirm-question:has-text('already holds 2 article(s)')", timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "07-upload-asks.png"))
            page.click("#confirm-cancel")
            page.wait_for_function("() => document.querySelector('#ingest-status').innerText.includes('cancelled')", timeout=60_000)
            assert rows() == before and not (store / "uploads" / clash.name).exists()

            page.set_input_files("#upload input[type=file]", str(clash))
            page.click("#ingest")
            page.wait_for_selector("#confirm-keep", state="visible", timeout=60_000)
            page.click("#confirm-keep")
            page.wait_for_function("() => document.querySelector('#ingest-status').innerText.includes('Ingested 1')", timeout=120_000)
            table = page.locator("#corpus").inner_text()
            assert "000_c8fa9c6b29247889 (2).txt" in table and "O'Brien's \"quoted\" note & more" in table
            assert rows() == before + 1
            page.screenshot(path=str(ARTIFACTS / "08-upload-kept-both.png"))

            # Another process ingests; a reload shows it in the table, the filter and the examples.
            news = tmp_path / "news"
            news.mkdir()
            (news / "avalanche.txt").write_text("Avalanche blocks Babusar Pass\n\nCHILAS: An avalanche blocked the "
                                                "Babusar Pass on Friday.\n", encoding="utf-8")
            assert qa("ingest", str(news), "--store", str(store)).returncode == 0
            page.goto(url, wait_until="domcontentloaded")
            page.wait_for_selector("#examples", timeout=60_000)
            page.wait_for_function("() => document.querySelector('#examples').innerText.includes('Avalanche blocks')",
                                   timeout=30_000)
            page.click("button[role='tab']:has-text('Corpus')")
            assert "Avalanche blocks Babusar Pass" in page.locator("#corpus").inner_text()
            page.click("button[role='tab']:has-text('Chat')")
            page.click("#options")
            page.click("#only input")
            page.wait_for_selector("ul[role=listbox] li:has-text('avalanche.txt')", timeout=30_000)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)


def qa_articles(url: str) -> list[dict]:
    from gradio_client import Client

    return Client(url, verbose=False).predict(api_name="/articles")


@pytest.mark.parametrize(("args", "reason"), [
    (("",), "empty"),
    (("x" * 100_000,), "limit is 2,000"),
    (("Who\x00 is it?",), "control characters"),
    (("Who is the spokesman?", "", 0, "yesterday"), "not a date"),
    (("Who is the spokesman?", "", 0, "2025-05-01", "2025-01-01"), "range is empty"),
    (("Who is the spokesman?", "", 500), "top_k must be from 1 to 100"),
    (("Who is the spokesman?", "magic"), "not offered here"),
])
def test_ask_endpoint_says_why_it_refuses(server, args, reason):
    """Every input error once came back as Gradio's opaque 'has not enabled verbose error reporting'."""
    from gradio_client import Client

    with pytest.raises(Exception, match=reason):
        Client(server[0], verbose=False).predict(*args, api_name="/ask")


def test_a_generator_can_be_refused_by_configuration(seed_store, tmp_path):
    from gradio_client import Client

    process, url, _ = start_server(seed_store, tmp_path, env={"QA_WEB_GENERATORS": "extractive"})
    try:
        client = Client(url, verbose=False)
        with pytest.raises(Exception, match="'local' is not offered here; choose one of extractive"):
            client.predict("How much was the JF-17 deal worth?", "local", api_name="/ask")
        assert client.predict("How much was the JF-17 deal worth?", "extractive", api_name="/ask")["short_answer"]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_fifty_clients_for_a_minute(seed_store, tmp_path):
    """50 concurrent gradio_client users asking mixed questions for 60 s against a server over a
    store another process wrote: no errors, the same answers as asked alone, flat resources."""
    import json
    import statistics
    import threading

    from gradio_client import Client

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    assert qa("ingest", str(SEEDS), "--store", str(store)).returncode == 0  # another process wrote last
    process, url, _ = start_server(store, tmp_path)
    questions = [
        "How much was the JF-17 deal worth?", "Who is the spokesman of the Afghan Taliban?",
        "When was the Patriotic War Medal established?", "Who is Azerbaijan's foreign minister?",
        "On what date was the Lachin summit held?", "What did Nikol Pashinyan say?",
        "Why do Pakistan and Azerbaijan cooperate on defence?", "Which officials accompanied Shehbaz Sharif?",
    ]
    try:
        alone = {}
        single = Client(url, verbose=False)
        for question in questions:
            data = single.predict(question, api_name="/ask")
            alone[question] = (data["short_answer"], data["answer"], data["abstained"])
        warm = _usage(process.pid)
        stop = time.monotonic() + 60
        latencies: list[float] = []
        errors: list[str] = []
        mismatches: list[str] = []
        lock = threading.Lock()

        def user(number: int) -> None:
            client = Client(url, verbose=False)
            turn = number
            while time.monotonic() < stop:
                question = questions[turn % len(questions)]
                turn += 1
                began = time.perf_counter()
                try:
                    data = client.predict(question, api_name="/ask")
                except Exception as exc:  # noqa: BLE001 - counted, the test fails on any
                    with lock:
                        errors.append(f"{question}: {exc}")
                    continue
                with lock:
                    latencies.append(time.perf_counter() - began)
                    if (data["short_answer"], data["answer"], data["abstained"]) != alone[question]:
                        mismatches.append(question)

        threads = [threading.Thread(target=user, args=(n,)) for n in range(50)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        elapsed = time.monotonic() - began
        after = _usage(process.pid)
        ordered = sorted(latencies)
        figures = {"clients": 50, "seconds": round(elapsed, 1), "answers": len(latencies),
                   "throughput_per_s": round(len(latencies) / elapsed, 2),
                   "p50_ms": round(statistics.median(ordered) * 1000), "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000),
                   "errors": len(errors), "mismatches": len(mismatches), "before": warm, "after": after}
        print(json.dumps(figures))
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "load.json").write_text(json.dumps(figures, indent=1))
        assert not errors, errors[:3]
        assert not mismatches, mismatches[:3]
        assert len(latencies) > 100
        # Gradio grows its worker pool up to its limit under load: bounded, not per question.
        assert after["threads"] - warm["threads"] <= 60 and after["fds"] - warm["fds"] <= 80, (warm, after)
        assert after["rss_mb"] - warm["rss_mb"] < 300, (warm, after)
        quiet = _usage(process.pid)
        for question in questions * 3:  # after the load: still the same, still flat
            assert single.predict(question, api_name="/ask")["answer"] == alone[question][1]
        settled = _usage(process.pid)
        assert settled["threads"] <= quiet["threads"] + 2 and settled["fds"] <= quiet["fds"] + 2, (quiet, settled)
        assert _pool_is_bounded(settled), settled
    finally:
        process.terminate()
        process.wait(timeout=30)
