"""Gold question files (`evals/*.jsonl`): loading, the fixed calibration/held-out split, the checker."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

TYPES = {"factoid", "date", "numeric", "list", "multi-doc", "comparison", "paraphrase", "distractor", "unanswerable"}
MATCHES = {"any", "all", "abstain"}
CALIBRATION_SHARE = 70  # percent of questions, chosen by a hash of the id: fixed across runs


class GoldError(ValueError):
    """A gold file that does not follow the format; the message names the line."""


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    type: str
    match: str
    answers: tuple[str, ...] = ()
    answer_groups: tuple[tuple[str, ...], ...] = ()
    sources: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    normalisations: tuple[str, ...] = ()  # answer strings not verbatim in the evidence, with a reason

    @property
    def split(self) -> str:
        bucket = int(hashlib.sha256(self.id.encode()).hexdigest(), 16) % 100
        return "calibration" if bucket < CALIBRATION_SHARE else "heldout"

    @property
    def answerable(self) -> bool:
        return self.match != "abstain"


def load_gold(path: str | Path) -> list[GoldQuestion]:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"cannot read gold file {path}: {exc.strerror}") from None
    questions, seen = [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path.name}:{number}: invalid JSON ({exc.msg})") from None
        question = _parse(raw, f"{path.name}:{number}")
        if question.id in seen:
            raise GoldError(f"{path.name}:{number}: duplicate id {question.id!r}")
        seen.add(question.id)
        questions.append(question)
    if not questions:
        raise GoldError(f"{path} holds no questions")
    return questions


def _parse(raw: object, where: str) -> GoldQuestion:
    if not isinstance(raw, dict):
        raise GoldError(f"{where}: each line must be a JSON object")
    for key in ("id", "question", "match"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise GoldError(f"{where}: missing or empty {key!r}")
    match = raw["match"]
    if match not in MATCHES:
        raise GoldError(f"{where}: match must be one of {sorted(MATCHES)}, got {match!r}")
    kind = raw.get("type", "factoid")
    if kind not in TYPES:
        raise GoldError(f"{where}: unknown type {kind!r}")
    answers = tuple(str(a) for a in raw.get("answers") or [])
    groups = tuple(tuple(str(a) for a in g) for g in raw.get("answer_groups") or [])
    if match == "any" and not answers:
        raise GoldError(f"{where}: match 'any' needs answers")
    if match == "all" and (not groups or any(not g for g in groups)):
        raise GoldError(f"{where}: match 'all' needs non-empty answer_groups")
    normalised = tuple(str(n.get("answer")) for n in raw.get("normalisations") or [] if isinstance(n, dict))
    return GoldQuestion(
        id=raw["id"], question=raw["question"], type=kind, match=match, answers=answers, answer_groups=groups,
        sources=tuple(raw.get("sources") or []), evidence=tuple(raw.get("evidence") or []), normalisations=normalised,
    )


def source_texts(path: Path) -> list[str]:
    """What evidence must be verbatim in: a text file's text, or each document of a `.jsonl`
    file (its title and text, decoded from JSON)."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() != ".jsonl":
        return [raw]
    texts = []
    for line in raw.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict):
            texts.append(f"{record.get('title') or ''}\n{record.get('text') or ''}")
    return texts


def check_gold(questions: list[GoldQuestion], corpus_dir: str | Path) -> list[str]:
    """Problems: evidence not verbatim in its source files, answers found in no evidence string."""
    corpus_dir = Path(corpus_dir)
    problems = []
    for q in questions:
        texts = []
        for source in q.sources:
            path = corpus_dir / source
            if not path.is_file():
                problems.append(f"{q.id}: source {source} not found in {corpus_dir}")
                continue
            texts.extend(source_texts(path))
        for sentence in q.evidence:
            if not any(sentence in text for text in texts):
                problems.append(f"{q.id}: evidence not verbatim in {', '.join(q.sources)}: {sentence[:60]!r}")
        joined = "\n".join(q.evidence).lower()
        wanted = list(q.answers) + [a for group in q.answer_groups for a in group]
        for answer in wanted:
            if answer.lower() not in joined and answer not in q.normalisations:
                problems.append(f"{q.id}: answer {answer!r} is in no evidence string and not listed as a normalisation")
        if q.answerable and not q.evidence:
            problems.append(f"{q.id}: an answerable question needs evidence")
    return problems


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers; punctuation ignored ("COVID-19" → ["covid", "19"])."""
    return _TOKEN.findall(text.lower().replace("’", "'"))


def contains(text: str, answer: str) -> bool:
    """Whole-word, case- and punctuation-insensitive containment."""
    needle, hay = tokens(answer), tokens(text)
    if not needle:
        return False
    width = len(needle)
    return any(hay[i:i + width] == needle for i in range(len(hay) - width + 1))


def answer_is_correct(question: GoldQuestion, text: str, abstained: bool) -> bool:
    if question.match == "abstain":
        return abstained
    if abstained:
        return False
    if question.match == "any":
        return any(contains(text, a) for a in question.answers)
    return all(any(contains(text, a) for a in group) for group in question.answer_groups)

