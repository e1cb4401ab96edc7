from qa.answering.conversation import Turn, asks_for_more, is_follow_up, resolve_follow_up


def test_follow_up_detection():
    assert is_follow_up("When was that?") and is_follow_up("Who else did he meet there?")
    assert not is_follow_up("Who is the spokesman of the Afghan Taliban?")
    assert asks_for_more("Who else did he meet?") and not asks_for_more("Who did he meet?")


def test_follow_ups_chain_back_to_the_topic():
    history = [Turn("Who did Munir meet in Lachin?", "…"), Turn("When was that?", "…", standalone="When was that? (x)")]
    assert resolve_follow_up("Who else did he meet there?", history) == "Who else did he meet there? (Who did Munir meet in Lachin?)"
    assert resolve_follow_up("Who is Zardari?", history) == "Who is Zardari?"


def test_a_declined_question_is_no_topic_for_what_follows():
    """After "Who is Nikol Pashinyan?" (never mentioned), every follow-up used to be asked about him."""
    history = [Turn("Who is Nikol Pashinyan?", "The articles do not contain…", abstained=True)]
    assert resolve_follow_up("What about the medal?", history) == "What about the medal?"
    history = [Turn("Which medal was Munir given?", "…"), Turn("Who is Nikol Pashinyan?", "…", abstained=True)]
    assert resolve_follow_up("When was it established?", history) == "When was it established? (Which medal was Munir given?)"


def test_a_pronoun_whose_name_stands_earlier_in_the_question_is_no_follow_up():
    """"Ana Costa led the first round; who beat her in the runoff?" was taken for a follow-up and
    the previous question's subject was added to it, so its answer cited an unrelated article."""
    assert not is_follow_up("Ana Costa led the first round in Lyon; who beat her in the runoff?")
    assert not is_follow_up("Which team won the Lyon Cup, and who coached them?")
    assert is_follow_up("Who beat her in the runoff?")
    assert is_follow_up("When did he leave Lyon?")  # the pronoun comes first: it points back
    assert is_follow_up("What did Costa say about it?")  # "it" is not the person named


def test_a_possessive_whose_owner_stands_earlier_in_the_question_is_no_follow_up():
    """Seen in the browser: a question naming a site written with an inner capital, whose
    possessive pointed back to it, was taken for a follow-up and asked about the previous topic."""
    assert not is_follow_up("On what date did eBay open its 10,000th depot?")
    assert not is_follow_up("When did the Lyon Cup change its rules?")
    assert is_follow_up("When did it change its rules?")  # nothing named before: it points back
