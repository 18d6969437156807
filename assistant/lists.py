"""List answers: every document of a facet, each cited with a sentence of its own."""

from __future__ import annotations

from core.german import has_verb
from core.types import Answer, Chunk, Citation
from index.manifest import DocumentRecord
from ingest.sentences import split_sentences
from assistant.facets import FIELD_LABELS, FacetQuery

TYPE_LABELS = {"prototype": "Prototypen", "method": "Methoden", "tool": "KI-Tools", "interview": "Interviews",
               "guide": "Leitfäden", "worksheet": "Arbeitsblätter", "template": "Vorlagen", "news": "Beiträge",
               "overview": "Überblickstexte", "phase": "Phasen"}
_OPS = {"=": ":", "<": " unter", "<=": " höchstens", ">": " über", ">=": " mindestens", "!=": " nicht"}
MAX_ITEMS = 40


def describe(query: FacetQuery) -> str:
    """„Prototypen mit Region: Lausitz“ — the facet in the words of the answer."""
    what = TYPE_LABELS.get(query.doc_type or "", "Dokumente")
    conditions = [f"{FIELD_LABELS.get(c.key, c.key)}{_OPS[c.op]} {c.value}" for c in query.conditions]
    return f"{what} mit {' und '.join(conditions)}" if conditions else what


def list_answer(question: str, query: FacetQuery, documents: list[DocumentRecord],
                first_chunks: dict[str, Chunk]) -> Answer:
    """The documents that satisfy `query`, alphabetically (for "the best/shortest …" only those with
    the best value), each with a citation of its opening sentence (what it is about, verbatim)."""
    filters = query.filters
    matching = sorted((d for d in documents
                       if filters.matches({**d.metadata, "type": d.type, "doc_id": d.doc_id, "title": d.title})),
                      key=lambda d: d.title.casefold())
    label = describe(query)
    if query.order:
        key, descending = query.order
        ranked = [d for d in matching if isinstance(d.metadata.get(key), (int, float))]
        if ranked:
            best = (max if descending else min)(d.metadata[key] for d in ranked)
            matching = [d for d in ranked if d.metadata[key] == best]
            label = f"{label} mit {'der höchsten' if descending else 'der niedrigsten'} {FIELD_LABELS.get(key, key)} ({best})"
    if not matching:
        return Answer(question, f"In den Unterlagen gibt es keine {label}.", False, [], route="list")
    citations, lines = [], []
    for d in matching[:MAX_ITEMS]:
        chunk = first_chunks.get(d.doc_id)
        if chunk is None:
            continue
        quote = _opening_sentence(chunk.text)
        n = len(citations) + 1
        citations.append(Citation(n, d.doc_id, d.title, d.source, chunk.section, chunk.page, quote))
        lines.append(f"- {d.title}: {' '.join(quote.split())} [{n}]")
    more = f" (die ersten {MAX_ITEMS})" if len(matching) > MAX_ITEMS else ""
    head = f"In den Unterlagen gibt es {len(matching)} {label}{more}:"
    return Answer(question, "\n".join([head, *lines]), False, citations, 1.0, route="list")


def _opening_sentence(text: str) -> str:
    sentences = split_sentences(text) or [text]
    return next((s for s in sentences if len(s.split()) >= 6 and has_verb(s)), sentences[0])
