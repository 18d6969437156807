"""Picking the sentence of a passage that best supports a claim, as a verbatim quote."""

from __future__ import annotations

from index.keyword_index import tokenize
from ingest.sentences import split_sentences


def best_sentence(text: str, query: str, min_words: int = 6) -> str:
    """The sentence of `text` covering most of `query`'s stems; the first full sentence on a tie."""
    query_stems = set(tokenize(query))
    sentences = [s for s in split_sentences(text) if len(s.split()) >= min_words] or split_sentences(text) or [text]
    return max(sentences, key=lambda s: (len(query_stems & set(tokenize(s))), -sentences.index(s)))
