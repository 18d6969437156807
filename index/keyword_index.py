"""Keyword search: BM25 (bm25s) over German-stemmed tokens, persisted next to the manifest."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

_WORD = re.compile(r"[0-9A-Za-zÄÖÜäöüß]+")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("german")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_GERMAN

    return frozenset(STOPWORDS_GERMAN)


# A split of a compound is kept when CharSplit's score for it reaches this (measured on the
# corpus vocabulary: "Kurs|buchung" 1.30, "Gemeinde|verwaltung" 0.97, "Ver|stehen" 0.30).
SPLIT_SCORE = 0.5
MIN_COMPOUND = 8


@lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """Parts of a German compound ("bienenwachskerzen" → bienenwachs, bienen, wachs, kerzen)."""
    from compound_split import char_split

    if len(word) < MIN_COMPOUND or not word.isalpha():
        return ()
    score, head, tail = char_split.split_compound(word)[0]
    if score < SPLIT_SCORE or len(head) < 3 or len(tail) < 3:
        return ()
    head, tail = head.lower(), tail.lower()
    return (head, *compound_parts(head), tail, *compound_parts(tail))


def tokenize(text: str, decompound: bool = False) -> list[str]:
    """Lowercased, stop-word-free, Snowball-stemmed German tokens; with `decompound`, the parts of
    compounds follow each compound, so "Kerzen aus Bienenwachs" finds "Bienenwachskerzen"."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in _stopwords()]
    if decompound:
        words = [part for w in words for part in (w, *compound_parts(w))]
    return _stemmer().stemWords(words)


@dataclass(frozen=True)
class _State:
    ids: list[str]
    retriever: object | None  # bm25s.BM25
    generation: int


class KeywordIndex:
    """BM25 over the live chunks. Its state is replaced as a whole, so a search running while
    another thread loads or builds a new index sees the old one or the new one, never a mix."""

    def __init__(self, folder: Path, decompound: bool = True) -> None:
        self.folder = folder
        self.decompound = decompound
        self._state = _State([], None, -1)

    @property
    def generation(self) -> int:
        return self._state.generation

    def build(self, ids: Sequence[str], texts: Sequence[str], generation: int, save: bool = True) -> None:
        """Index `texts`; with `save`, persist it (only the writer of the data dir saves)."""
        import bm25s

        retriever = None
        if ids:
            retriever = bm25s.BM25(k1=1.2, b=0.75)
            retriever.index([tokenize(t, self.decompound) or ["∅"] for t in texts], show_progress=False)
        self._state = _State(list(ids), retriever, generation)
        if save:
            self._save()

    def _save(self) -> None:
        state = self._state
        tmp = self.folder.with_name(self.folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if state.retriever is not None:
            state.retriever.save(str(tmp), show_progress=False)
        (tmp / "ids.json").write_text(json.dumps({"generation": state.generation, "ids": state.ids,
                                                  "decompound": self.decompound}))
        shutil.rmtree(self.folder, ignore_errors=True)
        tmp.rename(self.folder)

    def load(self) -> bool:
        """Load the persisted index; False when there is none (or it is being replaced)."""
        import bm25s

        try:
            data = json.loads((self.folder / "ids.json").read_text())
            if data.get("decompound") != self.decompound:
                return False  # built with other tokenization: the caller rebuilds it
            retriever = bm25s.BM25.load(str(self.folder), show_progress=False) if data["ids"] else None
        except (OSError, ValueError, KeyError):
            return False  # absent, or another process is swapping the folder right now
        self._state = _State(data["ids"], retriever, data["generation"])
        return True

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        state = self._state
        if state.retriever is None:
            return []
        vocab = state.retriever.vocab_dict
        tokens = [t for t in tokenize(query, self.decompound) if t in vocab]
        if not tokens:
            return []
        mask = None
        if allowed is not None:
            mask = np.fromiter((i in allowed for i in state.ids), dtype=np.float32, count=len(state.ids))
            if not mask.any():
                return []
        docs, scores = state.retriever.retrieve([tokens], k=min(k, len(state.ids)), show_progress=False,
                                                weight_mask=mask)
        return [(state.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
