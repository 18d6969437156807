"""Normalisation of extracted text: Unicode compatibility forms, hyphenation, whitespace."""

from __future__ import annotations

import re
import unicodedata

_HYPHEN_BREAK = re.compile(r"(\w)[-\u00ad]\n\s*([a-zäöüß])")
_SOFT_HYPHEN = "\u00ad"
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def normalize(text: str) -> str:
    """NFKC (ligatures like "ﬁ" become "fi"), joined line-end hyphenation, tidy spaces.

    A hyphen at a line end followed by a lowercase letter is a typesetting break and is removed
    ("Ver-\\nstehen" → "Verstehen"); before an uppercase letter it is a real hyphen of a compound
    ("Design-\\nThinking" → "Design-Thinking").
    """
    text = unicodedata.normalize("NFKC", text)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = re.sub(r"(\w)-\n\s*([A-ZÄÖÜ])", r"\1-\2", text)
    text = text.replace(_SOFT_HYPHEN, "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(lines).strip()


def unwrap_lines(text: str) -> str:
    """Join the hard-wrapped lines of PDF text into running sentences.

    A break was only wrapping when the line before it fills most of the page width (or the next
    line goes on in lowercase); it stays after sentence ends, after short lines such as headings,
    and before list items.
    """
    lines = [line.strip() for line in text.split("\n")]
    lengths = sorted(len(line) for line in lines if line)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    merged: list[str] = []
    previous = ""
    for line in lines:
        if not line:
            if merged and merged[-1]:
                merged.append("")
        elif merged and merged[-1] and _is_wrap(previous, line, width):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
        previous = line
    return "\n".join(merged).strip()


def _is_wrap(previous: str, line: str, width: int) -> bool:
    if re.match(r"^([-•▪*–]|\d+[.)])\s", line) or previous.endswith((".", "!", "?", ":")):
        return False
    return line[0].islower() or len(previous) >= 0.75 * width
