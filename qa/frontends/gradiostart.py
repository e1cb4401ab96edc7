"""Import Gradio without writing its type stubs.

Every Gradio component class, as it is defined, reads its own source file, parses it and rewrites
the `.pyi` stub beside it (`gradio.component_meta.create_or_modify_pyi`): a convenience for people
developing Gradio, 1.1-1.3 s of every `qa serve` start on the 2-core machine (`import gradio` 2.5-2.7
s → 1.4-1.6 s). The installed wheel ships its stubs, so serving skips that step. Where a Gradio
release moves or renames it, nothing is skipped and Gradio works as before.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

_MODULE = "gradio.component_meta"
_STUB_WRITER = "create_or_modify_pyi"


def _skip_stub_writing(module: ModuleType) -> None:
    if callable(getattr(module, _STUB_WRITER, None)):
        setattr(module, _STUB_WRITER, lambda *args, **kwargs: None)


class _StubWriterSkipper(importlib.abc.MetaPathFinder):
    """Finds Gradio's component metaclass module as usual and, once it has run, replaces its
    stub writer before any component class is defined."""

    def find_spec(self, name, path, target=None):
        if name != _MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            _skip_stub_writing(module)

        spec.loader.exec_module = exec_module
        return spec


def import_gradio() -> ModuleType:
    """`import gradio`, skipping the stub writing if Gradio is not imported yet."""
    if "gradio" not in sys.modules and not any(isinstance(f, _StubWriterSkipper) for f in sys.meta_path):
        finder = _StubWriterSkipper()
        sys.meta_path.insert(0, finder)
        try:
            import gradio
        finally:
            sys.meta_path.remove(finder)
        return gradio
    import gradio
    return gradio
