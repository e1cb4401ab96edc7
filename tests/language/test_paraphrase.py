"""Words WordNet gives for a question's words, and finding them in a sentence."""

from qa.language.nlp import analyse
from qa.language.paraphrase import paraphrased_terms, question_paraphrases, related_words
from qa.language.lexical import stems


def test_a_noun_is_said_by_its_synonyms_and_the_kinds_one_link_away():
    assert ("presid",) in related_words("head of state", "noun")
    assert ("clock",) in related_words("timepiece", "noun")
    assert ("fighter",) in related_words("warplane", "noun")


def test_a_verb_is_said_by_its_synonyms_only():
    assert ("crimin",) in related_words("outlaw", "verb")  # "criminalize"
    assert ("gain",) in related_words("win", "verb")
    assert ("get",) not in related_words("win", "verb")  # a broader act ("get") says nothing of winning


def test_a_question_word_said_otherwise_in_the_sentence_is_found():
    [question] = analyse(["Which timepiece did the Ostvale pupil build?"])
    paraphrases = question_paraphrases(question, skip={0, 4})
    [sentence] = analyse(["Ivo Brandt brought a clock he had made to school."])
    found = paraphrased_terms(paraphrases, stems([sentence.lemmas[k] for k in range(len(sentence))]))
    assert "timepiec" in found
    [other] = analyse(["Ivo Brandt brought a sandwich to school."])
    assert paraphrased_terms(paraphrases, stems([other.lemmas[k] for k in range(len(other))])) == frozenset()


def test_a_compound_wordnet_knows_is_read_whole():
    [question] = analyse(["What did the head of state say?"])
    paraphrases = question_paraphrases(question, skip={0})
    assert any(terms >= {"head", "state"} and ("presid",) in related for terms, related in paraphrases)
