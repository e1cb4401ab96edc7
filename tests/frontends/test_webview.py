"""HTML of the web app: escaped text, clickable markers, highlighted spans."""

from qa.answering.answer import Answer, Citation, Related
from qa.frontends.webview import answer_html, escape, export_markdown, sources_html


def _citation(n=1, passage="Intro. The <b>cited</b> sentence. Outro.", start=107, quote="The <b>cited</b> sentence."):
    return Citation(n=n, title="T <script>alert(1)</script>", date=None, source="a.txt", article_id="x",
                    passage_id="x-0", passage=passage, passage_start=100, start=start, end=start + len(quote), quote=quote)


def test_text_is_escaped_and_markdown_inert():
    out = escape('<img src=x onerror="alert(1)"> *bold* [link](http://x)')
    assert "<img" not in out and "&lt;img" in out and "*" not in out and "[" not in out


def test_markers_become_links_to_their_cards():
    answer = Answer(question="q", text="The <b>cited</b> sentence. [1]", citations=[_citation()])
    html = answer_html(answer)
    assert '<a class="qa-cite" href="#src-1">[1]</a>' in html and "<b>" not in html
    cards = sources_html(answer)
    assert 'id="src-1"' in cards and "<mark>The &lt;b&gt;cited&lt;/b&gt; sentence.</mark>" in cards
    assert "<script>" not in cards and "undated" in cards


def test_abstention_lists_related_passages():
    answer = Answer(question="q", text="The articles do not contain an answer to this question.", abstained=True,
                    related=[Related(title="Near", date="2025-01-01", source="b.txt", text="Close text", start=0, end=10)])
    assert "Closest passages" in sources_html(answer) and "Near" in sources_html(answer)
    assert "closest passages" in answer_html(answer)


def test_export_holds_questions_answers_and_citations():
    answer = Answer(question="Who?", text="X. [1]", citations=[_citation()])
    text = export_markdown([answer])
    assert "**Q:** Who?" in text and "[1] T" in text and "a.txt" in text


def test_every_text_reads_back_exactly_after_escaping():
    """Apostrophes once showed as "&#x27;": escaping HTML, then Markdown, broke the entity."""
    import html

    from hypothesis import given, strategies as st

    @given(st.text())
    def reads_back(text):
        assert html.unescape(escape(text).replace("<br>", "\n")) == text

    reads_back()
    assert escape("Pakistan's") == "Pakistan&#39;s"
    for sample in ["O'Brien & \"Sons\" <b>", "Ағыл 日本 עברית مرحبا 😀", "#1 *not bold* _x_ `y` [1] $5 ~z~ a|b \\"]:
        assert html.unescape(escape(sample)) == sample
