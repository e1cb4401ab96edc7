"""Words WordNet gives for a question's words, and finding them in a sentence."""

from qa.language.nlp import analyse
from qa.language.paraphrase import paraphrased_terms, question_paraphrases, related_words
from qa.language.lexical import stems


def test_a_noun_is_said_by_its_synonyms_and_the_kinds_one_link_away():
    assert ("doctor",) in related_words("physician", "noun")
    assert ("car",) in related_words("automobile", "noun")
    assert ("premier",) in related_words("prime minister", "noun")


def test_a_noun_that_must_name_the_very_thing_has_no_broader_words():
    assert ("motor", "vehicl") in related_words("automobile", "noun")  # one link above: a paraphrase
    assert ("motor", "vehicl") not in related_words("automobile", "noun", broader=False)
    assert ("car",) in related_words("automobile", "noun", broader=False)


def test_a_verb_is_said_by_its_synonyms_only():
    assert ("crimin",) in related_words("outlaw", "verb")  # "criminalize"
    assert ("gain",) in related_words("win", "verb")
    assert ("get",) not in related_words("win", "verb")  # a broader act ("get") says nothing of winning


def test_a_question_word_said_otherwise_in_the_sentence_is_found():
    [question] = analyse(["Which physician treated the Ostvale mayor?"])
    paraphrases = question_paraphrases(question, skip={0, 4})
    [sentence] = analyse(["The town doctor, Ana Costa, treated him."])
    found = paraphrased_terms(paraphrases, stems([sentence.lemmas[k] for k in range(len(sentence))]))
    assert "physician" in found
    [other] = analyse(["The town baker, Ana Costa, fed him."])
    assert "physician" not in paraphrased_terms(paraphrases, stems([other.lemmas[k] for k in range(len(other))]))


def test_a_compound_wordnet_knows_is_read_whole():
    [question] = analyse(["What did the prime minister say?"])
    paraphrases = question_paraphrases(question, skip={0})
    assert any(terms >= {"prime", "minist"} and ("premier",) in related for terms, related in paraphrases)


def test_a_persons_words_come_from_the_nouns_person_senses_whatever_their_rank():
    # "head" is a body part, a part and a mind before it is a chief (its fourth sense).
    assert ("administr",) not in related_words("head", "noun", broader=False)
    assert ("administr",) in related_words("head", "noun", broader=False, of_a_person=True)
    assert ("caput",) in related_words("head", "noun", broader=False)
    assert ("caput",) not in related_words("head", "noun", broader=False, of_a_person=True)
