"""The one small protocol every answer generator follows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from qa.answering.conversation import Turn, resolve_follow_up

if TYPE_CHECKING:  # evidence loads the retrieval parts (llama-index): naming the generators must not
    from qa.answering.evidence import Evidence


class GeneratorError(RuntimeError):
    """The generator cannot run (model missing or corrupt, server unreachable); the message says why."""


class Generator(Protocol):
    name: str
    evidence_limit: int  # how many top evidence sentences it is given

    def compose(self, question: str, evidence: list[Evidence], asked=None) -> Iterator[str]:
        """Yield the answer text in pieces. It may cite evidence as [1]..[n] in the given order;
        the application re-checks every sentence and decides the citations itself. `asked`: the
        question as `qa.answering.question` read it (the evidence's first sentence is the one that answers)."""
        ...

    def condense(self, question: str, history: list[Turn]) -> str:
        """The follow-up `question` as a standalone question, using the conversation."""
        ...


class RuleCondenser:
    """Follow-ups without a model: carry the subject of the conversation into the question."""

    def condense(self, question: str, history: list[Turn]) -> str:
        return resolve_follow_up(question, history)
