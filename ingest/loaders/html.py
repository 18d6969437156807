"""HTML: the main content with its headings; navigation, headers, footers and scripts dropped."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from core.types import Block
from ingest.loaders.base import Loaded, SectionTracker, append_block
from ingest.text_clean import normalize

_BOILERPLATE = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"]
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_TEXT_BLOCKS = {"p", "li", "pre", "blockquote", "td", "th", "dd", "dt", "figcaption"}


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
            tracker.heading(_HEADINGS[element.name], element.get_text(" ", strip=True))
            continue
        if element.find_parent(list(_TEXT_BLOCKS)) is not None:
            continue  # nested text (a <p> inside an <li>) is taken with its outer block
        text = normalize(element.get_text(" ", strip=True))
        if text:
            append_block(blocks, text, tracker.section, list_item=element.name == "li")
    return Loaded(blocks=blocks, heading_title=tracker.title, embedded_title=page_title)

