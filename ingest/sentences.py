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


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, each a verbatim substring; lines (list items, headings) never merge."""
    sentences: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _BOUNDARY.finditer(line):
            candidate = line[start:match.start()].rstrip()
            last_word = re.search(r"([\wÄÖÜäöüß]+)[.]$", candidate)
            if last_word and (last_word.group(1).lower() in _ABBREVIATIONS or last_word.group(1).isdigit()):
                continue
            if candidate:  # closing quotes and brackets stay with their sentence
                sentences.append(line[start:match.end(1)].strip())
            start = match.end()
        tail = line[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences
