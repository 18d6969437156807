"""Text comparison that ignores what extraction and Markdown change: case, spacing, emphasis
marks and hyphenation at line ends."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"\*\*|__|`")
_LINE_END_HYPHEN = re.compile(r"(\w)-\s*\n\s*(\w)")


def normalise(text: str) -> str:
    text = _MARKUP.sub("", text)
    text = _LINE_END_HYPHEN.sub(r"\1\2", text)
    return " ".join(text.casefold().split())
