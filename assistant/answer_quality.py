"""What makes an extractive answer read badly, defined once: used by the composer to avoid it and
by `cimis eval` to count it.

- fragment: a span without a verb (a list of nouns, a heading, a table label) or one that starts
  in the middle of a sentence;
- pointer: a sentence that sends the reader elsewhere instead of saying something
  ("… beschreibt das Dokument ausführlich", "siehe Abschnitt 3", "wie oben beschrieben");
- repeat: two spans of one answer that state the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.german import has_verb, strip_list_mark
from index.keyword_index import tokenize

_POINTER = re.compile(
    r"\b(?:siehe|vgl\.|wie (?:oben|unten|bereits|zuvor) (?:beschrieben|erwähnt|erläutert|dargestellt)"
    r"|im (?:folgenden|nächsten|vorigen|letzten) (?:abschnitt|kapitel|teil)"
    r"|(?:mehr|weiteres|näheres|details?|einzelheiten) (?:dazu|hierzu|darüber) (?:finden|steht|stehen|gibt|lesen)"
    r"|(?:beschreibt|erklärt|erläutert|zeigt|schildert|behandelt|stellt)\b[^.!?]{0,60}\b(?:ausführlich|genauer|näher|im detail|vor)\b"
    r"|(?:ist|wird|werden|sind)\b[^.!?]{0,60}\b(?:ausführlich|genauer|näher) (?:beschrieben|erklärt|erläutert|dargestellt)"
    r"|(?:finden|lesen) sie (?:im|in der|in dem|auf der|unter)\b)",
    re.IGNORECASE,
)
REPEAT_OVERLAP = 0.6


@dataclass(frozen=True)
class Defects:
    fragments: int = 0
    pointers: int = 0
    repeats: int = 0

    @property
    def any(self) -> bool:
        return bool(self.fragments or self.pointers or self.repeats)

    def to_dict(self) -> dict[str, int]:
        return {"fragments": self.fragments, "pointers": self.pointers, "repeats": self.repeats}


def starts_mid_sentence(text: str) -> bool:
    """A span that begins with a lowercase word or a joining mark was cut out of a sentence."""
    stripped = strip_list_mark(text).lstrip("„“\"'»«(")
    return bool(stripped) and (stripped[0].islower() or stripped[0] in ",;:–-")


def is_fragment(text: str) -> bool:
    return starts_mid_sentence(text) or not has_verb(text)


_ASIDE = re.compile(r"\((?:siehe|vgl\.)[^)]*\)", re.IGNORECASE)


def is_pointer(text: str) -> bool:
    """A reference in brackets ("… ungeeignet (siehe Datenschutz)") leaves a statement a statement."""
    return bool(_POINTER.search(_ASIDE.sub("", text)))


def overlap(a: str, b: str) -> float:
    """Shared content stems relative to the shorter text."""
    ta, tb = set(tokenize(a)), set(tokenize(b))
    return len(ta & tb) / max(1, min(len(ta), len(tb)))


def is_repeat(a: str, b: str) -> bool:
    return overlap(a, b) >= REPEAT_OVERLAP


def answer_defects(spans: list[str]) -> Defects:
    """Defects of an answer given as its quoted spans (one per citation marker)."""
    sentences = [s for span in spans for s in _sentences(span)]
    repeats = sum(1 for i, a in enumerate(spans) for b in spans[i + 1:] if is_repeat(a, b))
    return Defects(
        fragments=sum(1 for span in spans if starts_mid_sentence(span))
        + sum(1 for s in sentences if not has_verb(s)),
        pointers=sum(1 for s in sentences if is_pointer(s)),
        repeats=repeats,
    )


def _sentences(span: str) -> list[str]:
    from ingest.sentences import split_sentences

    return split_sentences(span) or [span]
