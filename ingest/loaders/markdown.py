"""Markdown with optional YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

from core.types import Block
from ingest.frontmatter import split_front_matter
from ingest.loaders.base import Loaded, SectionTracker
from ingest.text_clean import normalize

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(```|~~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")


def strip_inline(text: str) -> str:
    """Plain text of inline Markdown, so that quotes read cleanly."""
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
    return text


def _clean_line(line: str) -> str:
    line = re.sub(r"^\s*>\s?", "", line)
    line = re.sub(r"^\s*[-*+]\s+\[[ xX]\]\s+", "- ", line)
    line = re.sub(r"^\s*[*+]\s+", "- ", line)
    return strip_inline(line.rstrip())


def load_markdown(path: Path) -> Loaded:
    text = path.read_text(encoding="utf-8-sig")  # a BOM is not text
    metadata, body = split_front_matter(text.replace("\r\n", "\n"))
    tracker = SectionTracker()
    blocks: list[Block] = []
    paragraph: list[str] = []
    in_fence = False

    def flush() -> None:
        if paragraph:
            content = normalize("\n".join(paragraph))
            if content:
                blocks.append(Block(content, tracker.section, None))
            paragraph.clear()

    for line in body.split("\n"):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        heading = None if in_fence else _HEADING.match(line)
        if heading:
            flush()
            tracker.heading(len(heading.group(1)), strip_inline(heading.group(2)))
        elif not line.strip() and not in_fence:
            flush()
        elif re.match(r"^\s*\|?\s*:?-{3,}", line):
            continue
        else:
            paragraph.append(_clean_line(line))
    flush()
    return Loaded(blocks=blocks, heading_title=tracker.title, first_heading=tracker.first, metadata=metadata)
