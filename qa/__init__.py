"""corpus-qa: grounded, cited question answering over a news corpus, fully offline.

The public names load on first use (PEP 562): `import qa.frontends.cli` for a no-op ingest must
not pay a second for llama-index and the whole answering stack.
"""

from importlib import import_module

from qa import settings as _settings  # noqa: F401  (sets offline/telemetry environment first)

_WHERE = {
    "Answer": "qa.answering.answer", "Citation": "qa.answering.answer", "Related": "qa.answering.answer",
    "Assistant": "qa.answering.assistant", "QuestionError": "qa.answering.errors",
    "Turn": "qa.answering.conversation",
    "Article": "qa.ingestion.corpus", "FileProblem": "qa.ingestion.corpus",
    "IngestSummary": "qa.ingestion.ingest", "ingest": "qa.ingestion.ingest",
    "Filters": "qa.index.filters",
}

__all__ = sorted(_WHERE)
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'qa' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
