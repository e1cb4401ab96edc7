"""HTML for the web app: answers with clickable [n] markers and source cards with the cited span
highlighted. Every piece of article or user text is escaped: it shows, it never runs."""

from __future__ import annotations

import re

from qa.answering.answer import Answer

_MARKER = re.compile(r"\[(\d+)\]")
# Characters HTML or Markdown would act on, each to its entity in one pass: escaping HTML first
# and Markdown after turned the "#" of "&#x27;" into "&#35;", and apostrophes showed as "&#x27;".
_ENTITIES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "*": "&#42;", "_": "&#95;", "`": "&#96;", "#": "&#35;", "~": "&#126;",
    "[": "&#91;", "]": "&#93;", "|": "&#124;", "\\": "&#92;", "$": "&#36;",
})

CSS = """
#sources { max-height: 75vh; overflow-y: auto; }
.qa-card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 12px; margin-bottom: 10px;
           background: #ffffff; color: #1f2328; scroll-margin-top: 8px; }
.qa-card:target, .qa-card.qa-focus { border-color: #bf8700; box-shadow: 0 0 0 3px #f5d90a66; }
.qa-card h4 { margin: 0 0 4px 0; font-size: 0.98rem; }
.qa-meta { font-size: 0.8rem; color: #59636e; margin-bottom: 6px; }
.qa-passage { font-size: 0.88rem; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere; }
.qa-passage mark { background: #fff1a8; color: #1f2328; padding: 0 1px; border-radius: 2px; }
.qa-n { display: inline-block; min-width: 1.6em; text-align: center; font-weight: 700;
        background: #0969da; color: #fff; border-radius: 4px; margin-right: 6px; }
a.qa-cite { font-weight: 700; text-decoration: none; color: #0969da; }
.qa-abstain { font-style: italic; }
.qa-short { font-size: 1.08rem; margin-bottom: 6px; }
"""

# Clicking a marker brings its source card into view (the panel scrolls on its own).
JS = """
() => {
  window.__qa = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.qa-cite');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById((link.getAttribute('href') || '').replace('#', ''));
    if (!card) return;
    document.querySelectorAll('.qa-card.qa-focus').forEach((c) => c.classList.remove('qa-focus'));
    card.classList.add('qa-focus');
    card.scrollIntoView({behavior: 'instant', block: 'start'});
  }, true);
}
"""


def escape(text: str) -> str:
    """Text safe for HTML and inert for Markdown."""
    return text.translate(_ENTITIES).replace("\n", "<br>")


def answer_html(answer: Answer) -> str:
    if answer.abstained:
        return f'<span class="qa-abstain">{escape(answer.text)}</span> See the closest passages beside the chat.'
    lead = ""
    if answer.short_answer:  # the answer itself first, linked to the sentence that holds it
        links = "".join(f'<a class="qa-cite" href="#src-{n}">[{n}]</a>'
                        for n in dict.fromkeys(item.citation for item in answer.short_answer_items))
        lead = f'<div class="qa-short"><strong>{escape(answer.short_answer)}</strong> {links}</div>'
    pieces, cursor = [lead], 0
    for match in _MARKER.finditer(answer.text):
        pieces.append(escape(answer.text[cursor:match.start()]))
        n = match.group(1)
        pieces.append(f'<a class="qa-cite" href="#src-{n}">[{n}]</a>')
        cursor = match.end()
    pieces.append(escape(answer.text[cursor:]))
    return "".join(pieces)


def streaming_html(text: str) -> str:
    return escape(text) + " ▌"


def _card(anchor: str, label: str, title: str, date: str | None, source: str, passage: str,
          highlight: tuple[int, int] | None) -> str:
    if highlight:
        low, high = highlight
        body = (escape(passage[:low]) + "<mark>" + escape(passage[low:high]) + "</mark>" + escape(passage[high:]))
    else:
        body = escape(passage)
    return (
        f'<div class="qa-card" id="{anchor}"><h4><span class="qa-n">{escape(label)}</span>{escape(title)}</h4>'
        f'<div class="qa-meta">{escape(date or "undated")} · {escape(source)}</div>'
        f'<div class="qa-passage">{body}</div></div>'
    )


def sources_html(answer: Answer | None) -> str:
    if answer is None:
        return '<div class="qa-meta">Sources of the latest answer appear here, the supporting sentence highlighted.</div>'
    if answer.abstained:
        cards = [_card(f"rel-{i}", "~", r.title, r.date, r.source, r.text, None) for i, r in enumerate(answer.related, 1)]
        return '<div class="qa-meta">The articles do not answer this. Closest passages:</div>' + "".join(cards)
    return "".join(
        _card(f"src-{c.n}", str(c.n), c.title, c.date, c.source, c.passage, c.highlight) for c in answer.citations
    )


def export_markdown(answers: list[Answer]) -> str:
    """The conversation with its citations, for download."""
    lines = ["# Conversation", ""]
    for answer in answers:
        lines += [f"**Q:** {answer.question}", ""]
        if answer.short_answer:
            lines += [f"**Answer:** {answer.short_answer}", ""]
        lines += [f"**A:** {answer.text}", ""]
        for c in answer.citations:
            lines.append(f"- [{c.n}] {c.title} ({c.date or 'undated'}, {c.source}, characters {c.start}–{c.end}): “{c.quote}”")
        if answer.abstained:
            for r in answer.related:
                lines.append(f"- related: {r.title} ({r.date or 'undated'}, {r.source})")
        lines.append("")
    return "\n".join(lines)
