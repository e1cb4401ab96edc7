"""The browser chat (Gradio). A front end only: every answer comes from `Assistant`."""

from __future__ import annotations

import logging
import os
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from qa.answering.errors import QuestionError
from qa.frontends.assistantpool import AssistantPool
from qa.frontends.corpuslisting import list_corpus, unknown_sources
from qa.frontends.gradiostart import import_gradio
from qa.ingestion.corpus import SUPPORTED_SUFFIXES
from qa.language.dates import parse_date
from qa.index.filters import Filters
from qa.settings import Settings
from qa.frontends.webview import CSS, JS, answer_html, escape, export_markdown, sources_html, streaming_html

if TYPE_CHECKING:  # the answering parts load after the server is ready (`AssistantPool.warm_up`)
    from qa.answering.assistant import Assistant

TITLE = "Ask the news articles"
log = logging.getLogger(__name__)


def _top_k(raw) -> int | None:
    """0 or empty: the server's default; otherwise 1-100."""
    if raw in (None, "", 0):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise QuestionError(f"top_k must be a whole number from 1 to 100, not {raw!r}") from None
    if not 1 <= value <= 100:
        raise QuestionError(f"top_k must be from 1 to 100, not {value}")
    return value


def _filters(after: str, before: str, sources: list[str] | None) -> Filters:
    dates = {}
    for label, raw in (("after", after), ("before", before)):
        if raw is not None and not isinstance(raw, str):
            raise QuestionError(f"the {label} date must be text such as 2025-01-31")
        if raw and raw.strip():
            dates[label] = parse_date(raw.strip())
            if not dates[label]:
                raise QuestionError(f"the {label} date {raw!r} is not a date such as 2025-01-31")
    return Filters(after=dates.get("after"), before=dates.get("before"), sources=tuple(sources or ()))


def corpus_rows(assistant: Assistant) -> list[list]:
    manifest = assistant.store.manifest()
    rows = [[a.title, a.date or "", a.source, a.expected_passages] for a in manifest.values()]
    return sorted(rows, key=lambda r: (r[2], r[0]))


def example_questions(rows: list[list], limit: int = 6) -> list[str]:
    """Questions made from the ingested headlines, so the examples always fit the corpus."""
    titles = sorted({row[0] for row in rows})[:limit]
    return [f"What do the articles report about “{t.rstrip('.')}”?" for t in titles]


_KNOWN_ERRORS = ("QuestionError", "StoreError", "GeneratorError", "EmbedderUnavailable", "NlpUnavailable", "FilterError")


def offered_generators(installed: list[str]) -> list[str]:
    """The generators visitors may pick: QA_WEB_GENERATORS (comma-separated) narrows the installed
    ones, so that a slow or unsafe generator can be refused on a shared server."""
    configured = [g.strip() for g in os.environ.get("QA_WEB_GENERATORS", "").split(",") if g.strip()]
    if not configured:
        return installed
    unknown = [g for g in configured if g not in installed]
    if unknown:
        raise ValueError(f"QA_WEB_GENERATORS names generators that are not installed: {', '.join(unknown)}")
    return configured


def build_app(settings: Settings):
    gr = import_gradio()

    from qa.answering.generators import available
    from qa.ingestion.uploads import commit_upload, plan_upload

    generators = offered_generators(available())
    if settings.generator not in generators:
        settings = settings.with_(generator=generators[0])
    pool = AssistantPool(settings)

    def checked(generator: str | None) -> str:
        name = generator or settings.generator
        if name not in generators:
            raise QuestionError(f"the generator {name!r} is not offered here; choose one of {', '.join(generators)}")
        return name

    listed: list = [None, []]  # [the store generation read, its corpus rows]
    listing_lock = threading.Lock()  # page loads at once wait for one read instead of each reading

    def rows_now() -> list[list]:
        """The store's articles, read again only after an ingest (about a second at 34,000 articles)."""
        with pool.lease() as assistant, listing_lock:
            generation = assistant.store.generation  # read under the lock: an older read never overwrites a newer
            if listed[0] != generation:
                listed[:] = [generation, corpus_rows(assistant)]
            return listed[1]

    pool.check_store()  # fail at start, with the store's own message, if it cannot be read

    def listing_views(rows: list[list], chosen, search) -> tuple:
        """The table, its summary and the article filter (the matching files, and those chosen)."""
        listing = list_corpus(rows, search or "")
        unknown = set(unknown_sources(chosen, rows))
        kept = [name for name in chosen or [] if name not in unknown]
        return (listing.rows, listing.summary(quote=escape),
                gr.update(choices=sorted({*listing.files, *kept}), value=kept))

    def corpus_views(chosen=None, search=""):
        """The corpus as it is now: the table, its summary, the article filter and the examples."""
        rows = rows_now()
        return (*listing_views(rows, chosen, search), gr.Dataset(samples=[[q] for q in example_questions(rows)]))

    def search_corpus(search, chosen):
        return listing_views(rows_now(), chosen, search)

    def respond(message, chat, turns, answers, generator, top_k, after, before, sources):
        chat = list(chat or [])
        pending_pair = False  # a question and its unfinished answer are in the chat
        try:
            filters = _filters(after, before, sources)
            unknown = unknown_sources(sources, rows_now()) if sources else []
            if unknown:
                raise QuestionError(f"no article in the store comes from {', '.join(map(repr, unknown))}; "
                                    "the Corpus tab lists the files")
            with pool.lease(checked(generator)) as assistant:
                chat += [{"role": "user", "content": escape(message or "")}, {"role": "assistant", "content": " ▌"}]
                pending_pair = True
                text = ""
                for piece in assistant.stream(message or "", history=turns, filters=filters, top_k=int(top_k)):
                    if isinstance(piece, str):
                        text += piece
                        chat[-1]["content"] = streaming_html(text)
                        yield chat, gr.update(), turns, answers, ""
                    else:
                        chat[-1]["content"] = answer_html(piece)
                        pending_pair = False
                        yield chat, sources_html(piece), turns + [assistant.turn(piece)], answers + [piece], ""
        except Exception as exc:  # question, store, model or server trouble: say it, keep the conversation
            if type(exc).__name__ not in _KNOWN_ERRORS:
                raise
            if pending_pair:
                chat = chat[:-2]
            gr.Warning(str(exc))
            yield chat, gr.update(), turns, answers, message

    def clear():
        return [], sources_html(None), [], [], "", gr.update(value=None, visible=False)

    def export(answers):
        if not answers:
            gr.Warning("Nothing to export yet: ask a question first.")
            return gr.update(visible=False)
        path = Path(tempfile.mkdtemp(prefix="qa-export-")) / "conversation.md"
        path.write_text(export_markdown(answers), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    def upload(files, chosen, search, progress=gr.Progress()):
        """Check the files; ingest them at once, or hold them and ask when they would replace
        another file's articles."""
        hidden, done = gr.update(visible=False), None  # `done` empties the file box
        if not files:
            return ("Choose one or more files first.", None, hidden, gr.update(), gr.update(), *corpus_views(chosen, search))
        paths = [Path(getattr(file, "name", file)) for file in files]
        try:
            plan = plan_upload(paths, settings)
        except Exception as exc:  # noqa: BLE001
            if type(exc).__name__ not in _KNOWN_ERRORS:
                raise
            return (f"Nothing ingested: {escape(str(exc))}", None, hidden, gr.update(), done, *corpus_views(chosen, search))
        if plan.needs_decision:  # the files stay in the box until the visitor decides
            return ("", plan, gr.update(visible=True), escape(plan.question()), gr.update(), *corpus_views(chosen, search))
        return (*_commit(plan, "replace", progress), None, hidden, gr.update(), done, *corpus_views(chosen, search))

    def decide(decision: str):
        def answer(plan, chosen, search, progress=gr.Progress()):
            hidden = gr.update(visible=False)
            if plan is None:
                return ("Nothing is waiting: choose files first.", None, hidden, gr.update(), None, *corpus_views(chosen, search))
            return (*_commit(plan, decision, progress), None, hidden, gr.update(), None, *corpus_views(chosen, search))
        return answer

    def _commit(plan, decision: str, progress) -> tuple[str]:
        try:
            with pool.own_write():
                result = commit_upload(plan, decision, settings,
                                       on_progress=lambda done, total: progress(done / max(total, 1), desc="embedding passages"))
        except Exception as exc:  # noqa: BLE001
            if type(exc).__name__ not in _KNOWN_ERRORS:
                raise
            return (f"Nothing ingested: {escape(str(exc))}",)
        return ("\n\n".join(escape(line) for line in result.messages),)

    def ask_api(question: str, generator: str = "", top_k: int = 0, after: str = "", before: str = "") -> dict:
        """Answer one question; the same JSON as `qa ask --json`."""
        try:
            k = _top_k(top_k)
            with pool.lease(checked(generator or None)) as assistant:
                answer = assistant.ask(question, filters=_filters(after, before, None), top_k=k)
        except Exception as exc:  # noqa: BLE001 - the reason goes back to the caller, as the CLI prints it
            if type(exc).__name__ in _KNOWN_ERRORS:
                raise gr.Error(str(exc), print_exception=False) from None  # the visitor's mistake, not the server's
            raise
        return answer.to_dict()

    def articles_api() -> list[dict]:
        """The ingested articles: title, date, source, passages."""
        return [dict(zip(("title", "date", "source", "passages"), row)) for row in rows_now()]

    with gr.Blocks(title=TITLE) as app:
        turns, answers, pending = gr.State([]), gr.State([]), gr.State(None)
        gr.Markdown(f"## {TITLE}\nAnswers come only from the ingested articles; every sentence is cited.")
        with gr.Tab("Chat"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(label="Conversation", height=520, sanitize_html=True, elem_id="chat")
                    box = gr.Textbox(label="Question", placeholder="Ask about the articles…", lines=1, elem_id="question")
                    with gr.Row():
                        ask = gr.Button("Ask", variant="primary", elem_id="ask")
                        clear_button = gr.Button("Clear conversation", elem_id="clear")
                        export_button = gr.Button("Export as Markdown", elem_id="export")
                    exported = gr.File(label="Conversation (Markdown)", visible=False, interactive=False, elem_id="exported")
                    with gr.Accordion("Options: generator, top-k, dates, articles", open=False, elem_id="options"):
                        with gr.Row():
                            generator = gr.Dropdown(generators, value=settings.generator, label="Generator", elem_id="generator")
                            top_k = gr.Slider(1, 20, value=settings.top_k, step=1, label="Passages (top-k)")
                        with gr.Row():
                            after = gr.Textbox(label="Published on or after (YYYY-MM-DD)", elem_id="after")
                            before = gr.Textbox(label="Published on or before (YYYY-MM-DD)", elem_id="before")
                        only = gr.Dropdown([], multiselect=True, allow_custom_value=True,
                                           label="Only these articles (files; the Corpus tab's search lists others)",
                                           elem_id="only")
                    examples = gr.Dataset(components=[box], samples=[],
                                          label="Examples from the corpus", elem_id="examples")
                with gr.Column(scale=2):
                    gr.Markdown("### Sources")
                    sources = gr.HTML(sources_html(None), elem_id="sources")
        with gr.Tab("Corpus", elem_id="corpus-tab"):
            with gr.Row():
                search = gr.Textbox(label="Find articles: text of the title, date or file name (every word typed)", scale=2,
                                    elem_id="corpus-search")
                summary = gr.Markdown(elem_id="corpus-summary")
            table = gr.Dataframe([], headers=["title", "date", "source", "passages"],
                                 interactive=False, wrap=True, elem_id="corpus",
                                 column_widths=["56%", "12%", "22%", "10%"])
            files = gr.File(label=f"Add articles ({', '.join(SUPPORTED_SUFFIXES)})", file_count="multiple",
                            file_types=list(SUPPORTED_SUFFIXES), elem_id="upload")
            add = gr.Button("Ingest files", variant="primary", elem_id="ingest")
            with gr.Group(visible=False, elem_id="confirm") as confirm:
                question = gr.Markdown(elem_id="confirm-question")
                with gr.Row():
                    replace_button = gr.Button("Replace them", variant="stop", elem_id="confirm-replace")
                    keep_button = gr.Button("Keep both", elem_id="confirm-keep")
                    cancel_button = gr.Button("Cancel", elem_id="confirm-cancel")
            status = gr.Markdown(elem_id="ingest-status")

        inputs = [box, chatbot, turns, answers, generator, top_k, after, before, only]
        outputs = [chatbot, sources, turns, answers, box]
        for trigger in (ask.click, box.submit):
            trigger(respond, inputs, outputs, api_visibility="private")
        examples.click(lambda sample: sample[0], examples, box, api_visibility="private")
        clear_button.click(clear, None, [chatbot, sources, turns, answers, box, exported], api_visibility="private")
        export_button.click(export, answers, exported, api_visibility="private")
        upload_outputs = [status, pending, confirm, question, files, table, summary, only, examples]
        add.click(upload, [files, only, search], upload_outputs, api_visibility="private")
        for button, decision in ((replace_button, "replace"), (keep_button, "keep-both"), (cancel_button, "cancel")):
            button.click(decide(decision), [pending, only, search], upload_outputs, api_visibility="private")
        search.change(search_corpus, [search, only], [table, summary, only], api_visibility="private",
                      trigger_mode="always_last")
        # Every page load shows the store as it is now (articles another process ingested included).
        app.load(corpus_views, [only, search], [table, summary, only, examples], api_visibility="private")
        gr.api(ask_api, api_name="ask")
        gr.api(articles_api, api_name="articles")
    app.queue(default_concurrency_limit=4)
    app.pool = pool
    app.read_corpus_rows_ahead = rows_now  # for the first page load, read once the server is up
    return app


def launch(app, host: str, port: int, settings: Settings, auth: tuple[str, str] | None) -> None:
    """Start serving `app` in the background (the caller keeps the process alive)."""
    from starlette.middleware import Middleware

    from qa.frontends.webauth import AuthGate

    app.launch(
        server_name=host, server_port=port, auth=auth, prevent_thread_lock=True, show_error=False,
        max_file_size=settings.max_file_bytes, css=CSS, js=JS, footer_links=["api"],
        app_kwargs={"middleware": [Middleware(AuthGate)]},  # with QA_AUTH: every route, not only Gradio's
    )


def _logged(work, what: str):
    """`work` for a background thread: what fails is logged, and met again when a visitor needs it."""
    def run() -> None:
        try:
            work()
        except Exception:  # noqa: BLE001
            log.warning("%s in the background failed", what, exc_info=True)
    return run


def _name_the_plotting_backend() -> None:
    """Gradio asks matplotlib for its plotting backend around every event. Unset, the backend is
    found by importing pyplot, which the first question paid for (0.5 s); named, matplotlib alone
    is imported (0.15 s, loaded by `_warm_up` before a question comes)."""
    os.environ.setdefault("MPLBACKEND", "agg")


def _warm_up(app) -> None:
    """Once the server is ready, load in the background what the first questions and page loads
    would otherwise wait for: the answering parts and the store's sentences, the corpus list (about
    a second at 34,000 articles) and matplotlib. Done before the server was ready, this only slowed
    its start: one interpreter runs its threads' Python one at a time."""
    import importlib

    app.pool.warm_up()
    for name, what, work in (("qa-corpus-list", "reading the corpus list", app.read_corpus_rows_ahead),
                             ("qa-warm-matplotlib", "importing matplotlib", lambda: importlib.import_module("matplotlib"))):
        threading.Thread(target=_logged(work, what), name=name, daemon=True).start()


def _log_to_stderr() -> None:
    """The server's own events (a reopened store, a crashed model) go to its log; libraries stay quiet."""
    import sys

    ours = logging.getLogger("qa")
    if not ours.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s qa: %(message)s", "%H:%M:%S"))
        ours.addHandler(handler)
        ours.setLevel(logging.INFO)


def serve(host: str = "127.0.0.1", port: int = 7860, settings: Settings | None = None) -> None:
    started = time.perf_counter()
    settings = settings or Settings.from_env()
    _log_to_stderr()
    _name_the_plotting_backend()
    app = build_app(settings)
    auth = None
    if os.environ.get("QA_AUTH"):
        user, _, password = os.environ["QA_AUTH"].partition(":")
        if not user or not password:
            raise ValueError("QA_AUTH must look like user:password")
        auth = (user, password)
    launch(app, host, port, settings, auth)
    print(f"qa: serving on http://{host}:{port} (ready in {time.perf_counter() - started:.1f} s); Ctrl-C stops", flush=True)
    _warm_up(app)

    def stop(signum, frame):  # `kill`, a service manager: shut down as for Ctrl-C (private copies removed)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        app.close()
        app.pool.close()


__all__ = ["build_app", "serve"]
