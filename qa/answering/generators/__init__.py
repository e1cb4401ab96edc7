"""Answer generators, one file each, behind `qa.answering.generators.base.Generator`."""

from __future__ import annotations

from qa.answering.generators.base import Generator, GeneratorError

NAMES = ("extractive", "local", "openai")


def create(name: str, **options) -> Generator:
    """A generator by name; `options` go to its constructor (model path, URL, …)."""
    if name == "extractive":
        from qa.answering.generators.extractive import ExtractiveGenerator

        return ExtractiveGenerator()
    if name == "local":
        from qa.answering.generators.local import LocalGenerator

        return LocalGenerator(**options)
    if name == "openai":
        from qa.answering.generators.openai_compat import OpenAICompatibleGenerator

        return OpenAICompatibleGenerator(**options)
    raise GeneratorError(f"unknown generator {name!r}; choose one of {', '.join(NAMES)}")


def available() -> list[str]:
    """Generators that can run here (the local one needs the `llm` extra)."""
    import importlib.util

    names = ["extractive"]
    if importlib.util.find_spec("llama_cpp"):
        names.append("local")
    names.append("openai")
    return names


__all__ = ["Generator", "GeneratorError", "NAMES", "available", "create"]
