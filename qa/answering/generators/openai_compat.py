"""The `openai` generator: any OpenAI-compatible server (Ollama, vLLM, llama.cpp's server) by URL."""

from __future__ import annotations

import os
from collections.abc import Iterator

from qa.answering.generators.base import GeneratorError
from qa.answering.generators.chat import ChatGenerator


class OpenAICompatibleGenerator(ChatGenerator):
    name = "openai"

    def __init__(self, url: str | None = None, model_name: str | None = None, api_key: str | None = None,
                 timeout: float = 120.0) -> None:
        from llama_index.llms.openai_like import OpenAILike

        url = url or os.environ.get("QA_OPENAI_URL", "")
        if not url:
            raise GeneratorError("the openai generator needs a server URL: --url or QA_OPENAI_URL (e.g. http://127.0.0.1:8080/v1)")
        self.url = url.rstrip("/")
        if not self.url.endswith("/v1"):
            self.url += "/v1"
        self.model_name = model_name or os.environ.get("QA_OPENAI_MODEL", "") or "local-model"
        llm = OpenAILike(
            model=self.model_name, api_base=self.url,
            api_key=api_key or os.environ.get("QA_OPENAI_API_KEY", "") or "no-key",
            is_chat_model=True, context_window=4096, max_tokens=self.max_tokens, temperature=0.0,
            timeout=timeout, max_retries=0,
        )
        super().__init__(llm)

    def _stream(self, messages) -> Iterator[str]:
        try:
            yield from super()._stream(messages)
        except Exception as exc:
            raise GeneratorError(f"the OpenAI-compatible server at {self.url} failed: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    if "Connection" in name or "connect" in str(exc).lower():
        return "cannot connect (is the server running?)"
    if "Timeout" in name:
        return "timed out"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else name
    return text[:200]
