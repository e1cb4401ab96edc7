"""The words a refusal uses for what was asked: "… but not <asked>" ("its date", "who hosted",
"how many separate Azerbaijani officials", "“what did the mayor announce”")."""

from __future__ import annotations

from qa.answering.phrases import inside_a_word
from qa.language.nlp import Analysis


def asked_phrase(a: Analysis, kind: str | None, wh: int | None, constraint_tokens: set[int]) -> str:
    """Words for "… but not <asked>": "its date", "who hosted", "how many people were killed".
    The phrase runs from the question word to the first name or time the question gives, keeps
    whole the noun the question word asks about ("how many separate Azerbaijani officials") and
    leaves out words that belong to what it stops at ("Senator" of "Senator Cory Booker")."""
    if kind == "date":
        return "its date"
    if kind == "place" and wh is not None and a.lemmas[wh] == "where":
        return "where it took place"
    if wh is None:
        return "what is asked"
    noun = asked_noun(a, wh)
    last, cut = noun, len(a)
    for i in range(noun + 1, len(a)):
        if i in constraint_tokens or (a.pos[i] == "PUNCT" and not inside_a_word(a, i)):
            cut = i
            break
        last = i
    while last > noun and (a.heads[last] >= cut or a.pos[last] in ("DET", "ADP", "AUX", "CCONJ", "PART", "SCONJ")
                           or a.lemmas[last] == "do"):
        last -= 1  # a word of what the phrase stops at ("Senator" of "Senator Cory Booker"), or a function word left hanging
    if kind == "object" and last == wh and a.heads[wh] > wh:
        last = a.heads[wh]  # "what" alone says nothing: "what did the mayor announce"
    phrase = a.text[a.starts[wh]:a.ends[last]]
    phrase = phrase[:1].lower() + phrase[1:]
    if last > wh and any(w.lower() in ("did", "does", "do") for w in phrase.split()[1:]):
        # Without "did" the verb would need its tense ("how many seats X won"): quoted as asked.
        return f"“{phrase}”"
    return phrase or "what is asked"


def asked_noun(a: Analysis, wh: int) -> int:
    """The last word of the phrase the question word opens: "officials" in "how many separate
    Azerbaijani officials", "share" in "what share of …"; the question word itself when it
    stands alone ("who")."""
    token = wh
    while a.dep[token] in ("advmod", "amod", "det", "nummod", "quantmod", "poss", "npadvmod") \
            and a.heads[token] > token and a.pos[a.heads[token]] in ("NOUN", "PROPN", "ADJ", "NUM"):
        token = a.heads[token]
    return token
