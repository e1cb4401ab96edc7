"""The extractive generator: no model; the answer is evidence sentences, verbatim.

The first sentence is the one the grounding step chose: it meets the question's constraints and
holds the value asked for. Sentences marked `joint` answer what it leaves out and are always
shown. A list question gets the further sentences that hold more values; a question whose value
another article gives differently gets that article's sentence too, so the reader sees both;
other questions get at most one more sentence, when it scores nearly as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.answering.evidence import Evidence, without_attribution
from qa.answering.generators.base import RuleCondenser
from qa.language.lexical import content_terms
from qa.answering.question import Question, read_question

_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")


class ExtractiveGenerator(RuleCondenser):
    name = "extractive"
    evidence_limit = 12
    max_sentences = 3
    max_list_sentences = 4
    margin = 0.06  # how far below the lead a further sentence may score
    list_margin = 0.12
    conflict_margin = 0.10
    conflict_distance = 2  # dependency links between the rival value and what is asked
    max_rivals = 2

    def choose(self, question: str, evidence: list[Evidence], asked: Question | None = None) -> list[Evidence]:
        if not evidence:
            return []
        asked = asked or read_question(without_attribution(question))
        lead = evidence[0]  # chosen by qa.answering.grounding
        chosen = [lead]
        # Sentences that answer with the lead (each holds part of what is asked) are all shown,
        # then at most a close one more; lists and conflicting values are for single-sentence answers.
        joint = [e for e in evidence[1:] if e.joint]
        if joint:
            return self._with_close_ones(chosen + joint, [e for e in evidence[1:] if not e.joint])
        if asked.wants_list:
            given = {v.text.lower() for v in _values(lead)}
            for candidate in evidence[1:]:
                # A list the report goes on with in its next sentence ("The court also fines…")
                # is taken however much less that sentence says of the question.
                continued = any(_follows(candidate, c) for c in chosen)
                if len(chosen) >= self.max_list_sentences or (candidate.score < lead.score - self.list_margin
                                                              and not continued):
                    continue
                new = {v.text.lower() for v in _values(candidate)} - given
                if new and not self._redundant(candidate, chosen):
                    chosen.append(candidate)
                    given |= new
            return chosen
        rivals = self._conflicting(asked, lead, evidence) if asked.typed else []
        if rivals:
            return [lead, *rivals]
        return self._with_close_ones(chosen, evidence[1:])

    def _with_close_ones(self, chosen: list[Evidence], others: list[Evidence]) -> list[Evidence]:
        """Further sentences scoring nearly as well as the lead, while fewer than `max_sentences`
        are chosen (sentences that must be shown may already be more)."""
        lead = chosen[0]
        for candidate in others:
            if len(chosen) >= self.max_sentences or candidate.score < lead.score - self.margin:
                break
            if not candidate.headline and not self._redundant(candidate, chosen):
                chosen.append(candidate)
        return chosen

    def _conflicting(self, asked, lead: Evidence, evidence: list[Evidence]) -> list[Evidence]:
        """Other articles that give a different value right next to what is asked (at most two,
        one per article): the reader sees each, with its citation."""
        values = _values(lead)
        if not values:
            return []
        seen = {v.text.lower() for v in values}
        articles = {lead.article_id}
        rivals: list[Evidence] = []
        for candidate in evidence[1:]:
            theirs = [v for v in _values(candidate) if v.distance <= self.conflict_distance]
            if (candidate.article_id not in articles and theirs and candidate.score >= lead.score - self.conflict_margin
                    and not any(v.text.lower() in seen or any(v.text.lower() in m or m in v.text.lower() for m in seen)
                                for v in theirs)):
                rivals.append(candidate)
                articles.add(candidate.article_id)
                seen |= {v.text.lower() for v in theirs}
                if len(rivals) == self.max_rivals:
                    break
        return rivals

    def _redundant(self, candidate: Evidence, chosen: list[Evidence]) -> bool:
        terms = content_terms(candidate.text)
        for other in chosen:
            theirs = content_terms(other.text)
            if terms and len(terms & theirs) / len(terms) >= 0.7:
                return True
        return False

    def compose(self, question: str, evidence: list[Evidence], asked: Question | None = None) -> Iterator[str]:
        chosen = self.choose(question, evidence, asked)
        for i, sentence in enumerate(chosen):
            # A headline has no full stop; a line break keeps it a sentence of its own.
            separator = "" if i == 0 else (" " if _ENDS_SENTENCE.search(chosen[i - 1].text) else "\n")
            yield separator + sentence.text


def _values(evidence: Evidence) -> list:
    return list(evidence.judgement.values) if evidence.judgement is not None else []


def _follows(sentence: Evidence, other: Evidence) -> bool:
    """The sentence comes right after the other in the same article."""
    return sentence.article_id == other.article_id and 0 <= sentence.start - other.end <= 2
