"""corpus-qa: grounded, cited question answering over a news corpus, fully offline."""

from qa import settings as _settings  # noqa: F401  (sets offline/telemetry environment first)
from qa.answering.answer import Answer, Citation, Related
from qa.answering.assistant import Assistant, QuestionError
from qa.answering.conversation import Turn
from qa.ingestion.corpus import Article, FileProblem
from qa.ingestion.ingest import IngestSummary, ingest
from qa.index.retrieval import Filters

__all__ = [
    "Answer", "Article", "Assistant", "Citation", "FileProblem", "Filters", "IngestSummary",
    "QuestionError", "Related", "Turn", "ingest",
]
__version__ = "0.1.0"
