"""corpus-qa: grounded, cited question answering over a news corpus, fully offline."""

from qa import settings as _settings  # noqa: F401  (sets offline/telemetry environment first)
from qa.corpus import Article, FileProblem
from qa.ingest import IngestSummary, ingest

__all__ = ["Article", "FileProblem", "IngestSummary", "ingest"]
__version__ = "0.1.0"
