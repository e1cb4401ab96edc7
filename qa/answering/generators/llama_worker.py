"""llama.cpp in a child process of its own.

Native code can die in ways Python cannot catch: a llama.cpp built for another CPU segfaults
on its first token (AMX on current Xeons), a model too large for memory is killed by the
kernel. In process, either takes the web server or the CLI down with it. Here the model lives
in a child; when the child dies, the question that was being answered gets a `GeneratorError`
that says what happened, and the next question starts a fresh child.

The parent and child talk over a socket pair with `multiprocessing.connection` framing:
requests are `(messages, max_tokens)`, replies are `("delta", text)` … `("done", None)`, or
`("failed", reason)`. The child runs this file as a script in isolated mode (`python -I`), so
it imports neither the `qa` package nor anything heavy: only llama_cpp and the model.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 600.0  # a 1 GB model loads in ~1 s; minutes mean something is stuck
TOKEN_TIMEOUT_S = 300.0  # the longest wait for one token before the child counts as hung
STOP = "stop"


class WorkerError(RuntimeError):
    """The model process failed or died; the message says how, for a person to act on."""


def _signal_name(code: int | None) -> str:
    if code is None or code >= 0:
        return f"exit code {code}"
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def crash_advice(code: int | None) -> str:
    if code == -signal.SIGSEGV or code == -signal.SIGILL:
        return ("llama-cpp-python was probably built for another CPU: rebuild it portably with "
                "`rm -rf .venv && make install` (see the README, 'The local model')")
    if code == -signal.SIGKILL:
        return "it was killed (out of memory?)"
    return "see the server log"


class LlamaProcess:
    """One llama.cpp model in a child process; one generation at a time (one context)."""

    def __init__(self, model_path: Path, threads: int, context: int) -> None:
        self.model_path = Path(model_path)
        self.threads = threads
        self.context = context
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._conn: Connection | None = None
        self._stderr = None
        with self._lock:
            self._start()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process and self._process.poll() is None else None

    def _start(self) -> None:
        parent, child = socket.socketpair()
        self._stderr = tempfile.TemporaryFile()
        args = [sys.executable, "-I", __file__, str(child.fileno()), str(self.model_path), str(self.threads),
                str(self.context)]
        try:
            self._process = subprocess.Popen(args, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=self._stderr)
        finally:
            child.close()
        self._conn = Connection(parent.detach())
        kind, payload = self._receive(LOAD_TIMEOUT_S, while_doing="loading the model")
        if kind != "ready":
            self._stop_process()
            raise WorkerError(str(payload))

    def stream(self, messages: list[dict], max_tokens: int) -> Iterator[str]:
        """Yield the answer's text pieces; raises `WorkerError` if the child fails or dies."""
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._start()  # the last one died: a fresh child for this question
            assert self._conn is not None
            self._conn.send((messages, max_tokens))
            finished = False
            try:
                while True:
                    kind, payload = self._receive(TOKEN_TIMEOUT_S, while_doing="answering")
                    if kind == "delta":
                        yield payload
                    elif kind == "done":
                        finished = True
                        return
                    else:
                        finished = True
                        raise WorkerError(f"the local model failed: {payload}")
            finally:
                if not finished:
                    self._abandon()

    def _abandon(self) -> None:
        """The reader stopped early: tell the child, and read up to its end marker so that the
        next question does not receive this one's tokens."""
        if self._conn is None or self._process is None or self._process.poll() is not None:
            return
        try:
            self._conn.send(STOP)
            while True:
                kind, _ = self._receive(TOKEN_TIMEOUT_S, while_doing="stopping")
                if kind in ("done", "failed"):
                    return
        except (WorkerError, OSError):
            self._stop_process()

    def _receive(self, timeout: float, while_doing: str) -> tuple[str, object]:
        assert self._conn is not None and self._process is not None
        waited = 0.0
        try:
            while not self._conn.poll(0.25):  # a dead child makes poll return (EOF), a hung one does not
                waited += 0.25
                if self._process.poll() is not None:
                    break
                if waited >= timeout:
                    self._stop_process()
                    raise WorkerError(f"the local model did not respond for {timeout:.0f} s while {while_doing}; it was stopped")
            return self._conn.recv()
        except (EOFError, ConnectionResetError, BrokenPipeError):
            pass
        code = self._process.wait(timeout=10)
        detail = self._stderr_tail()
        log.info("llama.cpp worker (pid %s) died while %s: %s%s", self._process.pid, while_doing,
                  _signal_name(code), f"; stderr: {detail}" if detail else "")
        self._conn.close()
        self._conn = None
        raise WorkerError(f"the local model crashed while {while_doing} ({_signal_name(code)}); {crash_advice(code)}")

    def _stderr_tail(self, limit: int = 400) -> str:
        if self._stderr is None:
            return ""
        try:
            self._stderr.seek(0)
            return self._stderr.read().decode("utf-8", "replace").strip()[-limit:]
        except OSError:
            return ""

    def _stop_process(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def close(self) -> None:
        with self._lock:
            self._stop_process()


# --- the child -------------------------------------------------------------------------------


def main(fd: int) -> None:
    """Entry point of the child: load the model, then answer requests until the socket closes."""
    model_path, threads, context = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    conn = Connection(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is for the parent to handle
    try:
        from llama_cpp import Llama
    except ImportError:
        conn.send(("error", "llama-cpp-python is not installed: pip install 'corpus-qa[llm]'"))
        return
    try:
        llama = Llama(model_path=model_path, n_ctx=context, n_threads=threads, verbose=False)
    except (ValueError, RuntimeError) as exc:
        conn.send(("error", f"cannot load the model {model_path}: {exc}"))
        return
    conn.send(("ready", None))
    try:
        _serve(conn, llama)
    finally:
        llama.close()
        os._exit(0)  # skip interpreter teardown: llama.cpp's finalisers are noisy at exit


def _serve(conn: Connection, llama) -> None:
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if request == STOP:
            continue  # a stop that arrived after its answer had already ended
        messages, max_tokens = request
        try:
            stopped = False
            for chunk in llama.create_chat_completion(messages=messages, max_tokens=max_tokens,
                                                      temperature=0.0, stream=True):
                delta = chunk["choices"][0]["delta"].get("content") or ""
                if delta:
                    conn.send(("delta", delta))
                if conn.poll() and conn.recv() == STOP:
                    stopped = True
                    break
            conn.send(("done", "stopped" if stopped else None))
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    main(int(sys.argv[1]))
