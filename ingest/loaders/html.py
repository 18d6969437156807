"""HTML: the main content with its headings; navigation, headers, footers and scripts dropped."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from core.types import Block
from ingest.loaders.base import Loaded, SectionTracker, append_block
from ingest.text_clean import normalize

_BOILERPLATE = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"]
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_TEXT_BLOCKS = {"p", "li", "pre", "blockquote", "td", "th", "dd", "dt", "figcaption"}
_BLOCK_LEVEL = _TEXT_BLOCKS | set(_HEADINGS) | {"div", "ul", "ol", "dl", "table", "tr", "section", "article",
                                               "figure", "hr"}
_LINE_BREAK = "\u2028"  # stands for <br> while source whitespace is collapsed
_HTML_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def _text_of(element: Tag) -> str:
    """The text as a browser renders it: inline tags (<b>, <a>, <em>) join without a gap, source
    line breaks are spaces, <br> breaks the line, nested block elements are set apart."""
    if element.name == "pre":
        return element.get_text()
    for br in element.find_all("br"):
        br.replace_with(_LINE_BREAK)
    for child in element.find_all(list(_BLOCK_LEVEL)):
        child.insert_before(" ")
        child.insert_after(" ")
    text = _HTML_SPACE.sub(" ", element.get_text())
    return "\n".join(line.strip() for line in text.split(_LINE_BREAK))


def load_html(path: Path) -> Loaded:
    raw = path.read_bytes()
    soup = BeautifulSoup(raw, "html.parser")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup.find_all(_BOILERPLATE):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.find(attrs={"role": "main"}) or soup.body or soup

    tracker = SectionTracker()
    blocks: list[Block] = []
    for element in root.find_all(list(_HEADINGS) + list(_TEXT_BLOCKS)):
        if element.name in _HEADINGS:
            tracker.heading(_HEADINGS[element.name], _text_of(element))
            continue
        if element.find_parent(list(_TEXT_BLOCKS)) is not None:
            continue  # nested text (a <p> inside an <li>) is taken with its outer block
        text = normalize(_text_of(element))
        if text:
            append_block(blocks, text, tracker.section, list_item=element.name == "li")
    return Loaded(blocks=blocks, heading_title=tracker.title, first_heading=tracker.first, embedded_title=page_title)

