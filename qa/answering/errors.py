"""The error a question that cannot be asked raises. Its own module, so that front ends can name
it before the answering parts (llama-index, spaCy) are loaded."""


class QuestionError(ValueError):
    """The question cannot be asked as it is; the message says why."""
