"""Gradio imported without rewriting its type stubs at every start."""

import subprocess
import sys

CHECK = """
from qa.frontends.gradiostart import import_gradio
gr = import_gradio()
import gradio.component_meta as meta
# the stub writer is skipped: it neither reads sources nor writes files
assert meta.create_or_modify_pyi.__name__ == "<lambda>", meta.create_or_modify_pyi
assert meta.create_or_modify_pyi(object, "Nothing", []) is None
# and Gradio still builds components and pages
with gr.Blocks() as page:
    box = gr.Textbox(label="Question")
assert page.blocks and box.label == "Question"
# the finder is gone once Gradio is imported: no other import passes through it
from qa.frontends.gradiostart import _StubWriterSkipper
assert not any(isinstance(f, _StubWriterSkipper) for f in sys.meta_path)
print("ok")
"""


def test_gradio_imports_without_writing_stubs_and_still_builds_pages():
    # A process of its own: Gradio must not be imported yet.
    done = subprocess.run([sys.executable, "-c", "import sys\n" + CHECK], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_gradio_already_imported_is_returned_as_it_is():
    done = subprocess.run([sys.executable, "-c", "import sys, gradio\nfrom qa.frontends.gradiostart import import_gradio\n"
                           "finders = list(sys.meta_path)\n"
                           "assert import_gradio() is gradio\nassert sys.meta_path == finders  # no finder left behind\n"
                           "print('ok')"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
