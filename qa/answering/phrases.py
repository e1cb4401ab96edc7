"""Phrases of a parsed sentence that may stand as values: runs of proper nouns, lists of names,
the words that say which one a noun is, the names attached to a noun, descriptions of a person.
Read from spaCy's parse alone; `qa.answering.values` decides which of them answer a question."""

from __future__ import annotations

from qa.language.lexical import content_terms
from qa.language.nlp import Analysis


def name_lists(a: Analysis, first: int, end: int, labels: frozenset[str]) -> list[list[int]]:
    """Lists of two or more names of the given labels joined by coordination ("Arden, Belmont and
    Carrow"), as the head token of each name. A list with any other item ("Arden and parts of
    Belmont") is not one to count."""
    def name_label(k: int) -> str | None:  # the label of the name k heads ("Arabia" in "Saudi Arabia")
        entity = a.entity_at(k)
        heads_it = entity is not None and not entity.start <= a.heads[k] < entity.end
        return entity.label if heads_it else None

    lists = []
    for k in range(first, end):
        if a.dep[k] == "conj" or not any(a.heads[j] == k and a.dep[j] == "conj" for j in range(first, end)):
            continue
        items, frontier = [k], [k]
        while frontier:
            node = frontier.pop()
            for j in range(first, end):
                if a.heads[j] == node and a.dep[j] == "conj" and j != node:
                    items.append(j)
                    frontier.append(j)
        if len(items) >= 2 and all(name_label(j) in labels for j in items):
            lists.append(sorted(items))
    return lists


def modifiers_start(a: Analysis, start: int, noun: int) -> int:
    """Where the words before a noun that say which one begin: "a bronze statue", "X-9 Mark II
    engines", "the third and final stage" (modifiers joined by a conjunction)."""
    def modifies(k: int) -> bool:
        node = k
        for _ in range(4):  # up the parse, staying before the noun
            node = a.heads[node]
            if node == noun:
                return True
            if not start <= node < noun or node == k:
                return False
        return False

    def fits(k: int) -> bool:
        return modifies(k) and (a.pos[k] in ("NOUN", "PROPN", "ADJ", "NUM", "SYM", "X") or inside_a_word(a, k))

    first = noun
    while first > start:
        if fits(first - 1):
            first -= 1
        elif a.pos[first - 1] == "CCONJ" and first - 2 >= start and modifies(first - 1) and fits(first - 2):
            first -= 2
        else:
            break
    return first


def inside_a_word(a: Analysis, token: int) -> bool:
    """A mark with no space on either side ("X-9", "and/or"); not a quote or bracket a phrase opens."""
    return (a.pos[token] == "PUNCT" and 0 < token < len(a) - 1
            and a.ends[token - 1] == a.starts[token] and a.ends[token] == a.starts[token + 1])


def closes_bracket(a: Analysis, first: int, token: int) -> bool:
    """A bracket that closes one the span opened ("Nightfall (Part Two)") belongs to it."""
    opening = {")": "(", "]": "["}.get(a.token_text(token))
    if opening is None:
        return False
    inside = a.text[a.starts[first]:a.starts[token]]
    return inside.count(opening) > inside.count(a.token_text(token))


def proper_runs(a: Analysis, first: int, end: int) -> list[tuple[int, int]]:
    runs, i = [], first
    while i < end:
        if a.pos[i] == "PROPN":
            j = i
            while j + 1 < end and a.pos[j + 1] == "PROPN":
                j += 1
            runs.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return runs


def target_phrases(a: Analysis, first: int, end: int, target: str) -> list[tuple[int, int]]:
    """Names that are the target ("the Golden Bear award" for "which award") or attached to it
    ("spokeswoman Lina Berg", "officials including Omar Haddad")."""
    phrases = []
    for i in range(first, end):
        if a.lemmas[i] != target:
            continue
        names = [k for k in range(first, end) if a.pos[k] == "PROPN" and a.path_length(k, i, limit=3) <= 3 and k != i]
        for run_first, run_end in proper_runs(a, first, end):
            if coordinated(a, run_first, run_end, i):
                continue  # "Director Ana Costa & Chair Ben Ruiz": a name joined to the post by "and" is another one
            if any(run_first <= k < run_end for k in names) or (run_first <= i < run_end):
                phrases.append((run_first, run_end))
    return phrases


def coordinated(a: Analysis, run_first: int, run_end: int, i: int) -> bool:
    """Is token i a conjunct of the run, or the run's a conjunct of i (coordination joins two referents)?"""
    if run_first <= i < run_end:
        return False
    return (a.dep[i] == "conj" and run_first <= a.heads[i] < run_end) or \
        any(a.dep[k] == "conj" and a.heads[k] == i for k in range(run_first, run_end))


def descriptions(a: Analysis, first: int, end: int, named: frozenset[str]) -> list[tuple[int, int]]:
    """What a text calls a person the question names: an apposition ("Ana Costa, the finance
    director of Acme"; "the finance director of Acme, Ana Costa") or a title before the name
    ("Finance Director Ana Costa")."""
    names = [i for i in range(first, end) if a.pos[i] == "PROPN" and content_terms(a.token_text(i)) & named]
    heads = {a.heads[i] if a.dep[i] == "compound" and a.heads[i] in names else i for i in names}
    found = []
    for name in heads:
        name_first, name_end = a.subtree(name)
        for k in range(first, end):
            if a.pos[k] not in ("NOUN", "PROPN") or a.dep[k] != "appos" or k in names:
                continue
            k_first, k_end = a.subtree(k)
            if any(content_terms(a.token_text(j)) & named for j in range(k_first, k_end)) and a.heads[name] != k:
                continue
            related = a.heads[k] == name or a.heads[name] == k or (
                a.heads[k] == a.heads[name] and a.dep[name] == "appos"
                and (0 <= name_first - k_end <= 1 or 0 <= k_first - name_end <= 1))
            if related:
                found.append(subtree_without(a, k, name) if a.heads[name] == k else (k_first, k_end))
        titles = [k for k in range(name_first, name) if a.dep[k] == "compound" and a.heads[k] in set(names) | {name}
                  and not content_terms(a.token_text(k)) & named]
        if titles:
            spans = [a.subtree(k) for k in titles]
            found.append((min(f for f, _ in spans), max(e for _, e in spans)))
    return found


def subtree_without(a: Analysis, token: int, cut: int) -> tuple[int, int]:
    """The phrase of `token` up to the apposition `cut` ("the finance director of Acme")."""
    first, end = a.subtree(token)
    cut_first, _ = a.subtree(cut)
    return first, min(end, cut_first) if cut_first > token else end


# English causal and purpose connectives (closed class, as "because" is grammar in any archive):
# subordinators, prepositions (with the word they need: "due to", "because of"), adverbs, and the
# participle "citing". "since" and "as" also open clauses of time, and are taken only where the
# clause names no time.
REASON_SUBORDINATORS = frozenset({"because", "since", "as", "lest"})
REASON_PREPOSITIONS = {"because": "of", "due": "to", "owing": "to", "thanks": "to", "amid": None, "amidst": None,
                       "in": "response"}
REASON_ADVERBS = frozenset({"therefore", "thus", "hence", "consequently", "accordingly"})
REASON_PARTICIPLES = frozenset({"cite"})
# Nouns and a verb of purpose, taken only with the act they aim at: "with an aim to bolster
# ties", "in a bid to cut costs", "is aimed at enhancing cooperation".
PURPOSE_NOUNS = frozenset({"aim", "purpose", "goal", "bid", "intention", "objective"})
PURPOSE_VERBS = frozenset({"aim"})


def reason_phrases(a: Analysis, first: int, end: int) -> list[tuple[int, int, int]]:
    """Phrases of the sentence that give a reason or a purpose, as (first, end, head token):
    "because the dam failed", "due to heavy rain", "amid protests", "citing security", "to open the
    exhibition" (a clause of purpose). Found from the parse: the connective and the subtree it opens."""
    found: list[tuple[int, int, int]] = []
    for k in range(first, end):
        lemma, dep = a.lemmas[k].lower(), a.dep[k]
        head = a.heads[k]
        if dep == "mark" and lemma in REASON_SUBORDINATORS and a.dep[head] == "advcl":
            clause = a.subtree(head)
            if lemma in ("since", "as") and (not _clause_has_subject(a, head) or _names_a_time(a, *clause)):
                continue  # "as captain": a role; "since the harbour froze in 2019": a time
            found.append((*clause, head))
        elif dep == "prep" and lemma in REASON_PREPOSITIONS:
            needed = REASON_PREPOSITIONS[lemma]
            objects = [j for j in range(first, end) if a.heads[j] == k and a.dep[j] in ("pobj", "pcomp", "prep")]
            if needed and not any(a.lemmas[j].lower() == needed for j in objects + [k + 1] if j < end):
                continue
            if objects:
                found.append((*a.subtree(k), k))
        elif dep == "advcl" and any(a.heads[j] == k and a.dep[j] == "aux" and a.lemmas[j] == "to" for j in range(first, end)):
            found.append((*a.subtree(k), k))  # "travelled to Lyon to open the exhibition": a purpose
        elif dep == "advmod" and lemma in REASON_ADVERBS:
            found.append((*a.subtree(head), head))
        elif a.pos[k] == "VERB" and lemma in REASON_PARTICIPLES and dep == "advcl":
            found.append((*a.subtree(k), k))  # "…, citing security concerns"
        elif a.pos[k] == "NOUN" and lemma in PURPOSE_NOUNS and _aims_at_an_act(a, k, first, end):
            found.append((*a.subtree(k), k))  # "with an aim to bolster ties"
        elif a.pos[k] == "VERB" and lemma in PURPOSE_VERBS and _aims_at_an_act(a, k, first, end):
            found.append((*a.subtree(k), k))  # "is aimed at enhancing cooperation"
    return [(max(s, first), min(e, end), h) for s, e, h in found if e > s]


def _aims_at_an_act(a: Analysis, word: int, first: int, end: int) -> bool:
    """The word takes an act: a "to" clause ("aim to bolster") or a gerund after "at"/"of"
    ("aimed at enhancing", "the aim of ending")."""
    for j in range(first, end):
        if a.heads[j] != word or j == word:
            continue
        if a.dep[j] in ("acl", "xcomp") and any(a.heads[t] == j and a.lemmas[t] == "to" for t in range(first, end)):
            return True
        if a.dep[j] == "prep" and a.lemmas[j] in ("at", "of") and any(
                a.heads[t] == j and a.dep[t] == "pcomp" and a.pos[t] == "VERB" for t in range(first, end)):
            return True
    return False


def _clause_has_subject(a: Analysis, verb: int) -> bool:
    return any(a.heads[j] == verb and a.dep[j] in ("nsubj", "nsubjpass", "expl") for j in range(len(a)))


def _names_a_time(a: Analysis, first: int, end: int) -> bool:
    return any(e.label in ("DATE", "TIME") and first <= e.start < end for e in a.entities)


# Pronouns that say the doer is not known ("whoever wins"): closed class.
UNKNOWN_DOERS = frozenset({"whoever", "whomever", "whichever"})


def doer_tokens(a: Analysis, verb: int, first: int, end: int) -> set[int] | None:
    """The tokens that name who does the act of `verb`: its subject ("Spanish player Ana Costa
    wins"), the agent of a passive ("was won by Ana Costa"), the noun a relative clause hangs on
    ("Ana Costa, who won"), or, for a verb joined to another ("arrived and won", "is expected to
    win", "…, defeating"), that verb's subject. A doer named only by a pronoun or a description
    ("they have bred", "becoming the first club to win") is looked for further up as well.
    None where the parse gives the act no subject at all (spaCy's small model often leaves a
    digest item's verb without one): then any value may be the doer. "Whoever wins" names none:
    an empty set."""
    found: set[int] = set()
    had_subject = False
    node = verb
    for _ in range(6):
        region: set[int] = set()
        # Of two subjects (a digest item's heading parsed as one: "2025 Harbor Open: In tennis,
        # Ana Costa defeats…"), the one nearest before the verb.
        subjects = [k for k in range(first, end) if a.heads[k] == node and k != node and a.dep[k] in ("nsubj", "csubj")]
        before = [k for k in subjects if k < node]
        if subjects:
            region = set(range(*a.subtree(max(before) if before else subjects[0])))
        else:
            for k in range(first, end):
                if a.heads[k] == node and k != node and a.dep[k] == "agent":
                    region = {j for j in range(*a.subtree(k)) if j != k}
                    break
        if region:
            had_subject = True
        if not region and a.dep[node] in ("relcl", "acl") and a.heads[node] != node:
            noun = a.heads[node]
            clause = set(range(*a.subtree(node)))
            region = {j for j in range(*a.subtree(noun)) if j not in clause}
            node = noun
        found |= region
        if any(a.pos[j] == "PROPN" for j in region):
            return found  # named
        if any(a.lemmas[j].lower() in UNKNOWN_DOERS for j in region):
            return set()
        if a.heads[node] == node or not (region or a.dep[node] in ("conj", "xcomp", "advcl", "ccomp", "attr", "dobj")):
            break
        node = a.heads[node]
    return found if had_subject else None


# Quotation marks that open a title; a straight single quote is left out: it is also the
# apostrophe of a plural possessive ("the Costas' home").
_OPENING_QUOTES = {'"': '"', "“": "”", "‘": "’"}


def quoted_titles(a: Analysis, start: int, end: int, longest: int = 8) -> list[tuple[int, int]]:
    """Token spans inside quotation marks that read as a title: at most `longest` tokens, the
    first word capitalised ("Not Like Them", “The Story of a Harbour”)."""
    found = []
    k = start
    while k < end:
        closing = _OPENING_QUOTES.get(a.token_text(k))
        if closing is None:
            k += 1
            continue
        close = next((j for j in range(k + 1, min(end, k + longest + 2)) if a.token_text(j) == closing), None)
        if close is not None and close > k + 1 and a.token_text(k + 1)[:1].isupper():
            found.append((k + 1, close))
            k = close + 1
        else:
            k += 1
    return found
