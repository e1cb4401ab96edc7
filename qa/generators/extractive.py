"""The extractive generator: no model; the answer is the best evidence sentences, verbatim."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.evidence import Evidence, expected_type
from qa.generators.base import RuleCondenser
from qa.lexical import content_terms

_LIST_QUESTION = re.compile(
    r"\b(list|which|what (are|were)|name (the|all)|who (are|were)|whom did|areas|fields|sectors|officials|countries)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_NUMBER = re.compile(r"\$?\d[\d,.]*(?:\s?(?:billion|million|thousand))?")


def is_list_question(question: str) -> bool:
    return bool(_LIST_QUESTION.search(question))


def _values(sentence: str, question: str, kind: str | None) -> set[str]:
    """What a sentence offers as the answer: names or numbers that the question does not hold."""
    asked = question.lower()
    found = _NUMBER.findall(sentence) if kind in ("number", "date") else _NAME.findall(sentence)
    return {v.strip().lower() for v in found if v.strip().lower() not in asked}


class ExtractiveGenerator(RuleCondenser):
    name = "extractive"
    evidence_limit = 12
    max_sentences = 2
    max_list_sentences = 4
    margin = 0.06  # how far below the best a further sentence may score
    list_margin = 0.12
    conflict_margin = 0.10
    slot_margin = 0.10
    conflict_distance = 3  # words between the rival value and what is asked
    conflict_overlap = 0.75  # the other article must hold most of the question's words

    def choose(self, question: str, evidence: list[Evidence]) -> list[Evidence]:
        if not evidence:
            return []
        listy = is_list_question(question)
        limit = self.max_list_sentences if listy else self.max_sentences
        margin = self.list_margin if listy else self.margin
        best = evidence[0]
        # A typed question ("who is…", "how many…"): lead with the strongest sentence that puts a
        # value right next to what is asked, when it is nearly as good as the best overall.
        filled = [e for e in evidence[:self.evidence_limit] if e.slot and e.score >= best.score - self.slot_margin]
        if filled:  # the tightest fit leads ("His deputy Hamdullah Fitra" for "who was his deputy")
            best = min(filled, key=lambda e: (e.slot_distance, -e.score))
        chosen = [best]
        for candidate in evidence:
            if len(chosen) >= limit or candidate.score < best.score - margin:
                break
            if candidate is not best and not self._redundant(candidate, chosen):
                chosen.append(candidate)
        self._add_conflicting(question, evidence, chosen)
        return chosen

    def _redundant(self, candidate: Evidence, chosen: list[Evidence]) -> bool:
        terms = content_terms(candidate.text)
        for other in chosen:
            theirs = content_terms(other.text)
            if terms and len(terms & theirs) / len(terms) >= 0.7:
                return True
        return False

    def _add_conflicting(self, question: str, evidence: list[Evidence], chosen: list[Evidence]) -> None:
        """Two articles naming different values in the asked slot ("defence minister, Valiyev" /
        "Minister of Defence Hasanov"): show the other one too, each with its citation."""
        given = {v.lower() for e in chosen for v in e.slot}
        if given:
            sources = {e.article_id for e in chosen if e.slot}
            rivals = [
                c for c in evidence[:self.evidence_limit]
                if c not in chosen and c.slot and c.article_id not in sources
                and c.score >= chosen[0].score - self.conflict_margin
                and c.slot_distance <= self.conflict_distance and not ({v.lower() for v in c.slot} & given)
            ]
            if rivals:  # the one that names its value most tightly next to what is asked
                chosen.append(min(rivals, key=lambda c: (c.slot_distance, -c.score)))
                return
        self._add_differing_values(question, evidence, chosen)

    def _add_differing_values(self, question: str, evidence: list[Evidence], chosen: list[Evidence]) -> None:
        """Another article that speaks of exactly what is asked but names a different value
        (another person, number or date): show it too, so the reader sees both."""
        kind = expected_type(question)
        best = chosen[0]
        if kind is None or not _values(best.text, question, kind):
            return
        given = set().union(*(_values(e.text, question, kind) for e in chosen))
        for candidate in evidence[1:]:
            if candidate.article_id == best.article_id or candidate in chosen:
                continue
            if candidate.score < best.score - self.conflict_margin or candidate.overlap < self.conflict_overlap:
                continue
            if (_values(candidate.text, question, kind) - given) and not self._redundant(candidate, chosen):
                chosen.append(candidate)
                return

    def compose(self, question: str, evidence: list[Evidence]) -> Iterator[str]:
        chosen = self.choose(question, evidence)
        for i, sentence in enumerate(chosen):
            # A headline has no full stop; a line break keeps it a sentence of its own.
            separator = "" if i == 0 else (" " if _ENDS_SENTENCE.search(chosen[i - 1].text) else "\n")
            yield separator + sentence.text
