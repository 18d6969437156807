"""German sentence splitting that respects common abbreviations and list items."""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence (lowercase, without the period).
_ABBREVIATIONS = {
    "z", "b", "d", "h", "u", "a", "bzw", "ca", "nr", "usw", "etc", "dr", "st", "inkl", "ggf",
    "evtl", "vgl", "s", "abb", "mio", "mrd", "tel", "e", "v", "o", "ä", "ebd", "bspw", "zzgl",
    "max", "min", "std", "jh", "jhd", "str", "prof", "hr", "fr", "sog", "gem", "lt", "zb", "dt",
    "mind", "eur", "insb", "allg", "i", "m", "w", "bzgl", "ff", "f", "vs", "co", "kg", "gmbh",
}

_BOUNDARY = re.compile(r"(?<=[.!?…])([\"'“”»«)]*)\s+(?=[\"'„“»«(]?[A-ZÄÖÜ0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of `text`: each span is stripped of
    surrounding space, and lines (list items, headings) never merge."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for raw in text.split("\n"):
        line_start = offset + len(raw) - len(raw.lstrip())
        line = raw.strip()
        offset += len(raw) + 1
        if not line:
            continue
        start = 0
        for match in _BOUNDARY.finditer(line):
            candidate = line[start:match.start()].rstrip()
            last_word = re.search(r"([\wÄÖÜäöüß]+)[.]$", candidate)
            if last_word and (last_word.group(1).lower() in _ABBREVIATIONS or last_word.group(1).isdigit()):
                continue
            if candidate:  # closing quotes and brackets stay with their sentence
                end = match.end(1)
                spans.append(_stripped(line, start, end, line_start))
            start = match.end()
        if line[start:].strip():
            spans.append(_stripped(line, start, len(line), line_start))
    return spans


def _stripped(line: str, start: int, end: int, base: int) -> tuple[int, int]:
    piece = line[start:end]
    lead = len(piece) - len(piece.lstrip())
    return base + start + lead, base + start + len(piece.rstrip())


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, each a verbatim substring; lines (list items, headings) never merge."""
    return [text[start:end] for start, end in sentence_spans(text)]
