"""German part-of-speech tags (HanTa, which ships its model in the wheel), shared by the stages
that need to tell a verb or a pronoun from a noun."""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_LIST_MARK = re.compile(r"^\s*(?:[-–•*]|\d{1,2}[.)]|[a-z][.)])\s+")


@lru_cache(maxsize=1)
def _tagger():
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


@lru_cache(maxsize=20_000)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, STTS-like tag) for each token of `text`; a leading list mark is dropped."""
    words = _TOKEN.findall(_LIST_MARK.sub("", text))
    if not words:
        return ()
    return tuple((word, tag) for word, _, tag in _tagger().tag_sent(words, taglevel=1))


def has_verb(text: str) -> bool:
    """Whether a German text contains a verb form (tags VV*, VA*, VM*). A capitalised "verb"
    inside the text is a noun the tagger misread („Phase Verstehen“)."""
    return any(tag.startswith("V") and (i == 0 or word[:1].islower()) for i, (word, tag) in enumerate(pos_tags(text)))


def strip_list_mark(text: str) -> str:
    return _LIST_MARK.sub("", text)
