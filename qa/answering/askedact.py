"""The act a question asks about, read from its parse: the verb that says it (not a participle
describing a noun, nor a verb inside a clause of time), the nouns it takes, whether the question
asks for its doer ("who won") or for an act still to come ("when will…"), and which of the
question's times are the act's own ("which month *of 2019*", not "before their *2025* title"), and
the preposition left bare at it ("what did the ship collide *with*", "what was it valued *at*")."""

from __future__ import annotations

from qa.language.newstime import TimeRef
from qa.language.nlp import Analysis
from qa.language.verbsenses import LIGHT_VERBS
from qa.language.wordnet import senses


# Words that put the main verb's act after the report: the auxiliary of the future, and verbs of a
# plan ("is scheduled to", "expected to", "due to"). English grammar, closed class.
FUTURE_AUXILIARIES = frozenset({"will", "shall"})
_PLANNED = frozenset({"schedule", "expect", "due", "plan", "set", "slate"})


def asks_about_the_future(a: Analysis, root: int) -> bool:
    """"When will the bridge reopen?", "When are the ferries scheduled to be delivered?"."""
    for k in range(len(a)):
        if a.heads[k] == root and a.dep[k] == "aux" and a.lemmas[k].lower() in FUTURE_AUXILIARIES:
            return True
    # "is scheduled to be delivered" (spaCy may hang "scheduled" on the subject): a verb of a plan
    # with a "to" clause under it
    return any(a.lemmas[k].lower() in _PLANNED and any(
        a.heads[j] == k and a.dep[j] == "xcomp" and any(a.heads[t] == j and a.lemmas[t] == "to" for t in range(len(a)))
        for j in range(len(a))) for k in range(len(a)))


def asks_doer(a: Analysis, wh_tokens: set[int], predicate: str | None) -> bool:
    """The question word (or its noun) is the subject of the asked verb, in the active voice:
    "who won", "which team won" — not "who was elected", "whom did they beat"."""
    if predicate is None:
        return False
    return any(a.dep[k] == "nsubj" and a.lemmas[a.heads[k]] == predicate and a.pos[a.heads[k]] == "VERB"
               and a.heads[a.heads[k]] == a.heads[k] for k in wh_tokens)  # of the main clause: not "was it X who won"


def times_the_asked_event(a: Analysis, time: TimeRef, root: int, wh_tokens: set[int]) -> bool:
    """The time is said of what is asked ("in which month *of 2019*", "when did she win *in
    2023*"), not of another thing the question names on the way ("before their *2025* title", "the
    *August 2025* article"): from the time up to the main verb or the question word's phrase, no
    noun stands between."""
    inside = set(range(time.first, time.end))
    node = next((k for k in inside if a.heads[k] not in inside or a.heads[k] == k), time.first)
    while True:
        if node in wh_tokens:
            return True
        if node == root or a.heads[node] == node:
            return node == root
        node = a.heads[node]
        if node in wh_tokens:
            return True
        if node not in inside and a.pos[node] in ("NOUN", "PROPN"):
            return False


def objects_of(a: Analysis, predicate: str | None, skip: set[int]) -> frozenset[str]:
    """Common nouns the asked verb takes, directly or through a preposition ("formed the joint
    venture", "finished with the silver medal", "hit by the outage"): a text may report the act
    through them with another verb ("a venture between A, B and C")."""
    verb = next((i for i in range(len(a)) if a.lemmas[i] == predicate and a.pos[i] == "VERB"), None)
    if verb is None:
        return frozenset()
    found = set()
    for k in range(len(a)):
        through = a.heads[k]
        direct = through == verb and a.dep[k] in ("dobj", "attr", "oprd")
        # After the verb: "at the contest, which team finished…" says where, not what was done.
        by_preposition = a.dep[k] == "pobj" and a.heads[through] == verb and a.dep[through] in ("prep", "agent") \
            and k > verb
        if (direct or by_preposition) and a.pos[k] == "NOUN" and k not in skip:
            found.add(a.lemmas[k])
    return frozenset(found)


# Links inside one noun phrase: "Best Supporting Actress", "the 2025 Harbor Cup final".
_PHRASE_LINKS = frozenset({"compound", "amod", "appos", "nummod", "npadvmod", "poss", "nmod", "flat", "punct"})


def direct_object_phrase(a: Analysis, predicate: str | None) -> frozenset[int]:
    """Tokens of the noun phrase the asked verb takes as its direct object ("won *Best Supporting
    Actress* at the gala"), prepositions and clauses left out."""
    verb = next((i for i in range(len(a)) if a.lemmas[i] == predicate and a.pos[i] == "VERB"), None)
    if verb is None:
        return frozenset()
    heads = {k for k in range(len(a)) if a.heads[k] == verb and a.dep[k] == "dobj"}
    found = set(heads)
    for k in range(len(a)):
        node, path = k, []
        while node not in found and a.heads[node] != node and a.dep[node] in _PHRASE_LINKS:
            path.append(node)
            node = a.heads[node]
        if node in heads or (node in found and path):
            found.update(path)
    return frozenset(found)


def predicate_of(a: Analysis, root: int, skip: set[int]) -> str | None:
    verb = _main_verb(a, root, skip)
    return a.lemmas[verb] if verb is not None else None


def _main_verb(a: Analysis, root: int, skip: set[int]) -> int | None:
    # A verb WordNet does not know as one is a noun the small model mistagged ("could comet 2031 QX …").
    # A "verb" that is a compound part of a noun is a word of a name ("the Heaven Sent Gaming team").
    verbs = [i for i in range(len(a)) if a.pos[i] == "VERB" and i not in skip and a.lemmas[i] not in LIGHT_VERBS
             and a.dep[i] not in ("prep", "compound") and senses(a.lemmas[i], "verb")]
    if root in verbs:
        return _said_state(a, root, verbs)
    if a.lemmas[root] == "have" and not any(a.heads[k] == root and a.dep[k] == "aux" for k in range(len(a))):
        # "How many ships had the navy lost by May?": spaCy's small model reads the auxiliary of
        # the past perfect, before its subject, as the verb and the participle as describing that
        # subject ("how many members does the club founded in 1901 have" is no perfect).
        perfect = next((k for k in verbs if a.dep[k] == "acl" and a.heads[a.heads[k]] == root
                        and a.dep[a.heads[k]] in ("dobj", "nsubj") and root < a.heads[k] < k), None)
        if perfect is not None:
            return perfect
    if a.lemmas[root] == "do":
        # "What prize did the museum's board award?": spaCy's small model often tags the bare
        # verb after an inverted subject a noun, object of "did" (the subject's words may hang on
        # it too; it comes last). A subject noun must stand between them: in "who did the most
        # damage", "do" is the verb itself.
        # Or an adverb ("which countries did the court fine": "fine" read as "finely"), where
        # WordNet knows the word as a verb.
        bare = max((k for k in range(root + 1, len(a)) if a.heads[k] == root and k not in skip and (
                        (a.pos[k] == "NOUN" and a.dep[k] in ("ccomp", "dobj", "xcomp"))
                        or (a.pos[k] == "ADV" and a.dep[k] == "advmod" and senses(a.lemmas[k], "verb")))
                    and any(a.pos[j] in ("NOUN", "PROPN", "PRON") for j in range(root + 1, k))), default=None)
        if bare is not None:
            return bare
    # "Who is the coach quoted in both papers?": a participle that describes a noun says which
    # one is meant, not what is asked. A relative clause may be what is asked ("Was it
    # Lina Berg who resigned?"). "Including", "according": participles used as prepositions.
    said = [i for i in verbs if not _describes_a_noun(a, i) and not _in_a_clause_of_time(a, i)]
    return said[0] if said else None


def _said_state(a: Analysis, verb: int, verbs: list[int]) -> int:
    """"How many people were reported injured?", "were feared trapped": a passive verb of saying or
    believing with a participle under it reports that act; the participle is what is asked (a text
    says "40 are injured" without saying who reported it)."""
    passive = any(a.heads[k] == verb and a.dep[k] == "auxpass" for k in range(len(a)))
    # A participle, not an infinitive: "was expected *to win*" still asks about the expectation.
    state = next((k for k in verbs if a.heads[k] == verb and k > verb and a.dep[k] in ("xcomp", "oprd")
                  and not any(a.heads[j] == k and a.dep[j] == "aux" for j in range(len(a)))), None)
    return state if passive and state is not None else verb


# Subordinators that open a clause of time: what it says dates the question, it is not what is
# asked ("how many members did the club have *when its founder was interviewed*"). Closed class.
_TIME_SUBORDINATORS = frozenset({"when", "while", "after", "before", "since", "until", "as"})


def _in_a_clause_of_time(a: Analysis, token: int) -> bool:
    node = token
    while a.heads[node] != node:
        if a.dep[node] == "advcl" and any(a.heads[k] == node and a.dep[k] in ("advmod", "mark")
                                          and a.lemmas[k].lower() in _TIME_SUBORDINATORS for k in range(len(a))):
            return True
        node = a.heads[node]
    return False


def _describes_a_noun(a: Analysis, token: int) -> bool:
    """Is the token inside a participle clause that modifies a noun ("the deal signed in May")?"""
    while a.heads[token] != token:
        if a.dep[token] == "acl":
            return True
        token = a.heads[token]
    return False


def stranded_preposition(a: Analysis, wh: int, verb: int) -> str | None:
    """"What did the ship collide with?": the preposition left at the verb without an object of its
    own, whose object the question asks for (the parser hangs the question word on the verb)."""
    if a.dep[wh] != "dobj":
        return None
    bare = _bare_prepositions(a, verb, wh + 1)
    return a.lemmas[bare[0]] if bare else None


def participle_with_stranded_preposition(a: Analysis, wh: int, root: int) -> tuple[int, int] | None:
    """"What was the crown valued at?", "what was the bridge sold for?": the question word stands
    for the object of a preposition left bare at a participle the parser hangs on the subject."""
    if a.dep[wh] != "attr" or a.heads[wh] != root or a.lemmas[root] != "be":
        return None
    for k in range(wh + 1, len(a)):
        if a.pos[k] == "VERB" and a.dep[k] == "acl" and _in_the_subject(a, k, root):
            bare = _bare_prepositions(a, k, k + 1)
            if bare:
                return k, bare[-1]
    return None


def _bare_prepositions(a: Analysis, verb: int, after: int) -> list[int]:
    """Prepositions from `after` on that hang on the verb with no object of their own."""
    return [i for i in range(after, len(a)) if a.heads[i] == verb and a.dep[i] == "prep"
            and not any(a.heads[j] == i for j in range(len(a)))]


def pronoun_for(a: Analysis, verb: int) -> str:
    """The pronoun a refusal uses for the subject of "was"/"were": "what it was valued at"."""
    return "they" if a.token_text(verb).lower() in ("were", "are") else "it"


def _in_the_subject(a: Analysis, token: int, root: int) -> bool:
    """The token hangs inside the subject of the root ("the Helmet of Ostvale, … valued at")."""
    node = token
    while a.heads[node] != root and a.heads[node] != node:
        node = a.heads[node]
    return a.heads[node] == root and a.dep[node] == "nsubj"
