"""The browser chat (Gradio). A front end only: every answer comes from `Assistant`."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from qa.assistant import Assistant, QuestionError
from qa.corpus import SUPPORTED_SUFFIXES
from qa.dates import parse_date
from qa.retrieval import Filters
from qa.settings import Settings
from qa.webview import CSS, JS, answer_html, escape, export_markdown, sources_html, streaming_html

TITLE = "Ask the news articles"


class AssistantPool:
    """One `Assistant` per generator, reopened with a fresh Chroma client when the store changes
    on disk (a client that is open does not see vectors another process wrote)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._assistants: dict[str, Assistant] = {}
        self._lock = threading.Lock()
        self._stamp = self._disk_stamp()

    def _disk_stamp(self) -> tuple:
        folder = self.settings.store_dir
        files = [folder / "chroma.sqlite3", folder / "chroma.sqlite3-wal"]
        return tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in files)

    def get(self, generator: str | None = None) -> Assistant:
        name = generator or self.settings.generator
        with self._lock:
            stamp = self._disk_stamp()
            if stamp != self._stamp and self._assistants:
                self._reopen_locked()
            self._stamp = stamp
            if name not in self._assistants:
                self._assistants[name] = Assistant.open(settings=self.settings, generator=name, warm=True)
            return self._assistants[name]

    def accept_own_write(self) -> None:
        """After an ingest in this process: the open client shares that writer's Chroma system and
        already sees its vectors (the BM25 index follows the store's generation), so only the disk
        stamp moves; reopening here would race the questions in flight."""
        with self._lock:
            self._stamp = self._disk_stamp()

    def _reopen_locked(self) -> None:
        if self.settings.chroma_url:
            return  # a server sees every writer already
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        names = list(self._assistants)
        self._assistants = {}
        for name in names:
            self._assistants[name] = Assistant.open(settings=self.settings, generator=name, warm=True)


def _filters(after: str, before: str, sources: list[str] | None) -> Filters:
    dates = {}
    for label, raw in (("after", after), ("before", before)):
        if raw and raw.strip():
            dates[label] = parse_date(raw.strip())
            if not dates[label]:
                raise QuestionError(f"the {label} date {raw!r} is not a date such as 2025-01-31")
    return Filters(after=dates.get("after"), before=dates.get("before"), sources=tuple(sources or ()))


def corpus_rows(assistant: Assistant) -> list[list]:
    manifest = assistant.store.manifest()
    rows = [[a.title, a.date or "", a.source, a.expected_passages] for a in manifest.values()]
    return sorted(rows, key=lambda r: (r[2], r[0]))


def example_questions(assistant: Assistant, limit: int = 6) -> list[str]:
    """Questions made from the ingested headlines, so the examples always fit the corpus."""
    titles = sorted({a.title for a in assistant.store.manifest().values()})[:limit]
    return [f"What do the articles report about “{t.rstrip('.')}”?" for t in titles]


def build_app(settings: Settings):
    import gradio as gr

    from qa.generators import available
    from qa.ingest import ingest

    pool = AssistantPool(settings)
    first = pool.get()
    uploads = Path(os.environ.get("QA_UPLOADS", "uploads"))

    def respond(message, chat, turns, answers, generator, top_k, after, before, sources):
        chat = list(chat or [])
        try:
            filters = _filters(after, before, sources)
            assistant = pool.get(generator)
            chat += [{"role": "user", "content": escape(message or "")}, {"role": "assistant", "content": " ▌"}]
            text = ""
            for piece in assistant.stream(message or "", history=turns, filters=filters, top_k=int(top_k)):
                if isinstance(piece, str):
                    text += piece
                    chat[-1]["content"] = streaming_html(text)
                    yield chat, gr.update(), turns, answers, ""
                else:
                    chat[-1]["content"] = answer_html(piece)
                    yield chat, sources_html(piece), turns + [Assistant.turn(piece)], answers + [piece], ""
        except QuestionError as exc:
            chat = chat[:-2] if chat and chat[-1]["content"] == " ▌" else chat
            gr.Warning(str(exc))
            yield chat, gr.update(), turns, answers, message
        except Exception as exc:  # store, model or server trouble: say it, keep the conversation
            if type(exc).__name__ not in ("StoreError", "GeneratorError", "EmbedderUnavailable"):
                raise
            gr.Warning(str(exc))
            yield chat[:-2] if len(chat) >= 2 else chat, gr.update(), turns, answers, message

    def clear():
        return [], sources_html(None), [], [], "", gr.update(value=None, visible=False)

    def export(answers):
        if not answers:
            gr.Warning("Nothing to export yet: ask a question first.")
            return gr.update(visible=False)
        path = Path(tempfile.mkdtemp(prefix="qa-export-")) / "conversation.md"
        path.write_text(export_markdown(answers), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    def upload(files, progress=gr.Progress()):
        if not files:
            return "Choose one or more files first.", gr.update()
        uploads.mkdir(parents=True, exist_ok=True)
        kept, rejected = [], []
        for file in files:
            path = Path(getattr(file, "name", file))
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                rejected.append(f"{path.name}: unsupported file type {path.suffix or '(none)'}")
                continue
            target = uploads / path.name
            shutil.copy(path, target)
            kept.append(target)
        summary = None
        if kept:
            summary = ingest(kept, settings=settings, progress=False,
                             on_progress=lambda done, total: progress(done / max(total, 1), desc="embedding passages"))
            rejected += [f"{Path(e.file).name}: {e.reason}" for e in summary.errors]
            pool.accept_own_write()
        lines = []
        if summary:
            lines.append(f"Ingested {summary.articles} article(s), {summary.passages} passage(s); "
                         f"{summary.skipped} unchanged; {summary.seconds:.1f} s.")
        lines += [f"Rejected {r}" for r in rejected]
        rows = corpus_rows(pool.get())
        return "\n\n".join(escape(line) for line in lines), rows

    def refresh_sources(chosen):
        names = sorted({row[2] for row in corpus_rows(pool.get())})
        return gr.update(choices=names, value=[n for n in chosen or [] if n in names])

    def ask_api(question: str, generator: str = "", top_k: int = 0, after: str = "", before: str = "") -> dict:
        """Answer one question; the same JSON as `qa ask --json`."""
        assistant = pool.get(generator or None)
        answer = assistant.ask(question, filters=_filters(after, before, None), top_k=int(top_k) or None)
        return answer.to_dict()

    def articles_api() -> list[dict]:
        """The ingested articles: title, date, source, passages."""
        return [dict(zip(("title", "date", "source", "passages"), row)) for row in corpus_rows(pool.get())]

    generators = available()
    source_names = sorted({row[2] for row in corpus_rows(first)})
    with gr.Blocks(title=TITLE) as app:
        turns, answers = gr.State([]), gr.State([])
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
                        only = gr.Dropdown(source_names, multiselect=True, label="Only these articles (files)", elem_id="only")
                    gr.Examples(example_questions(first), inputs=box, label="Examples from the corpus")
                with gr.Column(scale=2):
                    gr.Markdown("### Sources")
                    sources = gr.HTML(sources_html(None), elem_id="sources")
        with gr.Tab("Corpus", elem_id="corpus-tab"):
            table = gr.Dataframe(corpus_rows(first), headers=["title", "date", "source", "passages"],
                                 interactive=False, wrap=True, elem_id="corpus",
                                 column_widths=["56%", "12%", "22%", "10%"])
            files = gr.File(label=f"Add articles ({', '.join(SUPPORTED_SUFFIXES)})", file_count="multiple",
                            file_types=list(SUPPORTED_SUFFIXES), elem_id="upload")
            add = gr.Button("Ingest files", variant="primary", elem_id="ingest")
            status = gr.Markdown(elem_id="ingest-status")

        inputs = [box, chatbot, turns, answers, generator, top_k, after, before, only]
        outputs = [chatbot, sources, turns, answers, box]
        for trigger in (ask.click, box.submit):
            trigger(respond, inputs, outputs, api_visibility="private")
        clear_button.click(clear, None, [chatbot, sources, turns, answers, box, exported], api_visibility="private")
        export_button.click(export, answers, exported, api_visibility="private")
        # A second step, not a third output of the upload: the article list follows the corpus.
        add.click(upload, files, [status, table], api_visibility="private").then(
            refresh_sources, only, only, api_visibility="private")
        gr.api(ask_api, api_name="ask")
        gr.api(articles_api, api_name="articles")
    app.queue(default_concurrency_limit=4)
    return app


def serve(host: str = "127.0.0.1", port: int = 7860, settings: Settings | None = None) -> None:
    started = time.perf_counter()
    settings = settings or Settings.from_env()
    app = build_app(settings)
    auth = None
    if os.environ.get("QA_AUTH"):
        user, _, password = os.environ["QA_AUTH"].partition(":")
        if not user or not password:
            raise ValueError("QA_AUTH must look like user:password")
        auth = (user, password)
    app.launch(
        server_name=host, server_port=port, auth=auth, prevent_thread_lock=True, show_error=False,
        max_file_size=settings.max_file_bytes, css=CSS, js=JS, footer_links=["api"],
    )
    print(f"qa: serving on http://{host}:{port} (ready in {time.perf_counter() - started:.1f} s); Ctrl-C stops", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        app.close()


__all__ = ["build_app", "serve"]
