"""Conversation turns and the non-LLM way to make a follow-up question standalone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.language.lexical import PERSON_PRONOUNS, PLURAL_PRONOUNS, THING_PRONOUNS, content_terms

_ANAPHORA = re.compile(
    r"\b(" + "|".join(sorted(PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS)) + r"|that|this|those|these|there|then|else|"
    r"same|former|latter|the (visit|meeting|deal|talks|clash(es)?|article|event|agreement))\b",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(r"^\s*(and|also|what about|how about|and what|why|so)\b", re.IGNORECASE)
_MORE = re.compile(r"\b(else|other|another|besides|apart from|also|more)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Turn:
    """One exchange: what was asked, what it meant on its own, and what was cited."""

    question: str
    answer: str
    standalone: str = ""
    cited: tuple[tuple[str, int], ...] = ()  # (article_id, start) of cited sentences
    abstained: bool = False  # the articles did not answer it

    @property
    def meaning(self) -> str:
        return self.standalone or self.question


# Pronouns whose antecedent may be a name earlier in the same question: a person, a group, and a
# thing's possessive ("Did eBay raise its fees?"). A bare "it" may be the event spoken of before.
_BOUND_EARLIER = PERSON_PRONOUNS | PLURAL_PRONOUNS | {"its"}


def is_follow_up(question: str) -> bool:
    if _CONTINUATION.search(question) or any(_points_back(question, match) for match in _ANAPHORA.finditer(question)):
        return True
    # Very short questions follow up on the conversation, unless they name a new subject.
    return len(content_terms(question)) < 2 and not _names_something(question)


def _points_back(question: str, match: re.Match) -> bool:
    """Does this word point back into the conversation? A personal or possessive pronoun after a
    name in the question itself ("Ana Costa led the first round; who beat her?") has its
    antecedent there."""
    return match.group(0).lower() not in _BOUND_EARLIER or not _names_something(question[:match.start()])


def _names_something(text: str) -> bool:
    """A word after the first (which is capitalised anyway) with a capital in it: a name
    ("Lyon", "eBay", "iTunes")."""
    return any(any(ch.isupper() for ch in word) for word in text.split()[1:])


def asks_for_more(question: str) -> bool:
    """"Who else…", "what other…": the previous answer's sentences should not be given again."""
    return bool(_MORE.search(question))


def resolve_follow_up(question: str, history: list[Turn]) -> str:
    """Carry the previous question's subject into a follow-up, e.g.
    "When was that?" after "Who did Lopez meet in Lyon?" →
    "When was that? (Who did Lopez meet in Lyon?)"."""
    if not history or not is_follow_up(question):
        return question
    # The topic is the latest answered question that stood on its own; follow-ups chain back to it.
    # A declined question is no topic: "Who is Nikol Pashinyan?" (never mentioned) would otherwise
    # pull every later question back to a name the articles do not hold.
    answered = [t for t in history if not t.abstained]
    if not answered:
        return question
    topic = next((t.question for t in reversed(answered) if not is_follow_up(t.question)), answered[-1].meaning)
    return f"{question.strip()} ({topic.strip()})"
