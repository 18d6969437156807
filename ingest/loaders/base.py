"""What every format loader returns before ids, titles and types are settled."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.types import Block


class LoaderError(ValueError):
    """A file that cannot be read or parsed; the message says why, in German."""


@dataclass
class Loaded:
    blocks: list[Block]
    heading_title: str | None = None
    embedded_title: str | None = None
    first_heading: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class SectionTracker:
    """Turns a stream of headings into section paths below the document title.

    A first top-level heading is the document title; headings below it form the path
    ("Ablauf > Schritt 2"). A later heading closes the deeper levels before it.
    """

    def __init__(self) -> None:
        self.title: str | None = None
        self.first: str | None = None
        self._stack: list[tuple[int, str]] = []

    def heading(self, level: int, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        self.first = self.first or text
        if level == 1 and self.title is None and not self._stack:
            self.title = text
            return
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, text))

    @property
    def section(self) -> str | None:
        return " > ".join(t for _, t in self._stack) or None


def append_block(blocks: list[Block], text: str, section: str | None, list_item: bool = False) -> None:
    """Append a paragraph; consecutive list items of one section join into one block."""
    if list_item:
        text = f"- {text}"
        prev = blocks[-1] if blocks else None
        if prev and prev.section == section and prev.text.split("\n")[-1].startswith("- "):
            blocks[-1] = Block(f"{prev.text}\n{text}", section, None)
            return
    blocks.append(Block(text, section, None))
