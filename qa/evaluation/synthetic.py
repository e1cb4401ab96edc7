"""A deterministic synthetic news corpus of any size, for benchmarks that scale the store.

Names, places and organisations are made from syllables, so the vocabulary grows with the corpus
the way a real archive's does (a fixed word list would make BM25 and the term counts unrealistically
small). Every article states facts — who did what, where, how many, when — and one question per
article asks for one of them, so retrieval can be timed on questions that have an answer.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# The words the articles are written from are data, kept beside this file, so no topic vocabulary
# lives in code; names, places and bodies are made from its syllables.
_VOCABULARY = json.loads((Path(__file__).with_name("synthetic-vocabulary.json")).read_text(encoding="utf-8"))
_ONSETS, _VOWELS, _CODAS = _VOCABULARY["onsets"], _VOCABULARY["vowels"], _VOCABULARY["codas"]
_VERBS, _THINGS, _UNITS, _ROLES = _VOCABULARY["verbs"], _VOCABULARY["things"], _VOCABULARY["units"], _VOCABULARY["roles"]
_BODY_KINDS, _FILLER = _VOCABULARY["body_kinds"], _VOCABULARY["filler"]


@dataclass(frozen=True)
class SyntheticQuestion:
    article: str  # file name
    question: str
    answer: str


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)).capitalize()


class _Names:
    """Pools that grow with the corpus: about one new person, place and organisation per article."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[str] = []
        self.places: list[str] = []
        self.bodies: list[str] = []

    def _pick(self, pool: list[str], make) -> str:
        if not pool or self.rng.random() < 0.35:
            pool.append(make())
        return self.rng.choice(pool)

    def person(self) -> str:
        return self._pick(self.people, lambda: f"{_word(self.rng, self.rng.randint(1, 2))} {_word(self.rng, self.rng.randint(2, 3))}")

    def place(self) -> str:
        return self._pick(self.places, lambda: _word(self.rng, self.rng.randint(2, 3)))

    def body(self) -> str:
        return self._pick(self.bodies, lambda: f"{_word(self.rng, 2)} {self.rng.choice(_BODY_KINDS)}")


def write_corpus(folder: Path, articles: int, seed: int = 7) -> list[SyntheticQuestion]:
    """Write `articles` news articles as `.txt` files under `folder` (the same files for the same
    arguments) and return one answerable question per article."""
    rng = random.Random(seed)
    names = _Names(rng)
    folder.mkdir(parents=True, exist_ok=True)
    questions = []
    start = date(2020, 1, 1)
    for number in range(articles):
        day = start + timedelta(days=rng.randint(0, 6 * 365))
        place, person, body = names.place(), names.person(), names.body()
        role, verb, thing = rng.choice(_ROLES), rng.choice(_VERBS), rng.choice(_THINGS)
        count, unit = rng.randint(2, 90_000), rng.choice(_UNITS)
        title = f"{body} {verb} {thing} in {place}"
        lead = (f"{place.upper()}: The {body} on {day:%A} {verb} a {thing} in {place}, "
                f"{role} {person} told reporters.")
        fact = f"The {thing} involves {count:,} {unit}, {person} said."
        paragraphs = [lead, fact]
        for _ in range(rng.randint(1, 14)):  # lengths from a short brief to a long feature
            other, where = names.person(), names.place()
            sentences = [f"{other}, a {rng.choice(_ROLES)} from {where}, said the {rng.choice(_THINGS)} "
                         f"would cost {rng.randint(1, 900)} million dollars by {day.year + rng.randint(1, 5)}."]
            sentences += rng.sample(_FILLER, rng.randint(1, 3))
            paragraphs.append(" ".join(sentences))
        text = f"{title}\n\nUpdated {day.day:02d} {day:%B %Y}\n\n" + "\n\n".join(paragraphs) + "\n"
        name = f"synthetic_{number:06d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        questions.append(SyntheticQuestion(name, f"How many {unit} does the {thing} in {place} announced by the {body} involve?", f"{count:,}"))
    return questions


def articles_for_passages(passages: int, work: Path, seed: int) -> int:
    """How many synthetic articles make about `passages` of our passages (from a sample's chunking)."""
    from qa.ingestion.chunking import chunk_articles
    from qa.ingestion.corpus import load

    sample = work / "sample"
    write_corpus(sample, 60, seed=seed)
    per_article = len(chunk_articles(load([sample]).articles)) / 60
    shutil.rmtree(sample, ignore_errors=True)
    return max(1, math.ceil(passages / per_article))
