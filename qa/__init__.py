"""corpus-qa: grounded, cited question answering over a news corpus, fully offline."""

from qa import settings as _settings  # noqa: F401  (sets offline/telemetry environment first)
from qa.answer import Answer, Citation, Related
from qa.assistant import Assistant, QuestionError
from qa.conversation import Turn
from qa.corpus import Article, FileProblem
from qa.ingest import IngestSummary, ingest
from qa.retrieval import Filters

__all__ = [
    "Answer", "Article", "Assistant", "Citation", "FileProblem", "Filters", "IngestSummary",
    "QuestionError", "Related", "Turn", "ingest",
]
__version__ = "0.1.0"
