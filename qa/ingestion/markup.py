"""HTML and Markdown → paragraphs plus what the markup says (title, date, url).

HTML goes through a real parser (BeautifulSoup on the standard library's html.parser).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from bs4 import BeautifulSoup, Comment

from qa.language.dates import parse_date
from qa.ingestion.textclean import paragraphs_from_text

_DROP_TAGS = [
    "script", "style", "noscript", "template", "svg", "iframe", "form", "nav", "footer",
    "aside", "button", "input", "select", "textarea", "object", "embed", "canvas",
]
_BLOCK_TAGS = [
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "blockquote", "figcaption", "pre", "td", "th", "tr", "dd", "dt", "table", "ul", "ol",
    "figure", "address", "time",
]
_DATE_META = [
    ("property", "article:published_time"), ("property", "og:published_time"),
    ("name", "date"), ("name", "pubdate"), ("name", "publishdate"), ("name", "dc.date"),
    ("itemprop", "datePublished"), ("name", "article:published_time"),
]


class MarkupError(ValueError):
    """The file's markup cannot be read as an article."""


@dataclass
class ParsedPage:
    paragraphs: list[str]
    title: str | None = None
    date: str | None = None
    url: str | None = None


class _TruncationProbe(HTMLParser):
    """Standard-library parser used only to notice a document that ends inside a tag."""


def parse_html(source: str) -> ParsedPage:
    if not re.search(r"<\s*[a-zA-Z!/][^>]*>", source):
        raise MarkupError("broken HTML: no HTML tags found")
    probe = _TruncationProbe(convert_charrefs=True)
    probe.feed(source)
    leftover = probe.rawdata.lstrip()  # what the parser could not consume: an unfinished tag
    if leftover.startswith("<") and ">" not in leftover:
        raise MarkupError("broken HTML: the file ends inside an unfinished tag")
    soup = BeautifulSoup(source, "html.parser")
    title, date, url = _head_facts(soup)
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    main = soup.find("article") or soup.find("main") or soup.body or soup
    heading = main.find("h1") or soup.find("h1")
    if heading and heading.get_text(strip=True):
        title = " ".join(heading.get_text(" ").split())
    for br in main.find_all("br"):
        br.replace_with("\n")
    for tag in main.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    paragraphs = paragraphs_from_text(main.get_text())
    if not [p for p in paragraphs if p != title]:  # a <title> and scripts are not an article
        raise MarkupError("no readable article text in the page (only a title, scripts or markup)")
    if title and paragraphs[0] != title:
        paragraphs = [p for p in paragraphs if p != title]
        paragraphs.insert(0, title)
    return ParsedPage(paragraphs=paragraphs, title=title, date=date, url=url)


def _head_facts(soup: BeautifulSoup) -> tuple[str | None, str | None, str | None]:
    def meta(attr: str, value: str) -> str | None:
        tag = soup.find("meta", attrs={attr: re.compile(f"^{re.escape(value)}$", re.I)})
        content = tag.get("content") if tag else None
        return str(content).strip() if content else None

    title = meta("property", "og:title")
    if not title and soup.title and soup.title.string:
        title = " ".join(soup.title.string.split())
    date = None
    for attr, value in _DATE_META:
        raw = meta(attr, value)
        if raw and (date := parse_date(raw)):
            break
    if not date:
        time_tag = soup.find("time", attrs={"datetime": True})
        date = parse_date(str(time_tag["datetime"])) if time_tag else None
    if not date:
        date = _json_ld_date(soup)
    canonical = soup.find("link", rel="canonical")
    url = meta("property", "og:url") or (str(canonical.get("href")) if canonical else None)
    return title, date, url


def _json_ld_date(soup: BeautifulSoup) -> str | None:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return parse_date(item["datePublished"])
    return None


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def parse_markdown(source: str) -> ParsedPage:
    title = date = url = None
    source = source.replace("\r\n", "\n")
    front = _FRONT_MATTER.match(source)
    if front:
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            value = value.strip().strip("'\"")
            if key.strip().lower() == "title" and value:
                title = value
            elif key.strip().lower() in {"date", "published"} and value:
                date = parse_date(value)
            elif key.strip().lower() in {"url", "link"} and value:
                url = value
        source = source[front.end():]
    lines = []
    for line in source.split("\n"):
        if line.strip().startswith("```"):
            continue
        heading = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if heading:
            text = _strip_inline(heading.group(2))
            if heading.group(1) == "#" and not title:
                title = text
            lines.extend(["", text, ""])  # a heading is a paragraph of its own
            continue
        line = re.sub(r"^\s{0,3}>\s?", "", line)  # block quotes
        if re.match(r"^\s*([-*_])(\s*\1){2,}\s*$", line):  # horizontal rules
            lines.append("")
            continue
        lines.append(_strip_inline(line))
    paragraphs = paragraphs_from_text("\n".join(lines))
    if title and paragraphs and paragraphs[0] != title:
        paragraphs = [p for p in paragraphs if p != title]
        paragraphs.insert(0, title)
    return ParsedPage(paragraphs=paragraphs, title=title, date=date, url=url)


def _strip_inline(text: str) -> str:
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    return text.replace("`", "")
