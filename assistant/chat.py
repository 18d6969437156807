"""One turn of the conversation: resolve a follow-up against the previous turn, route the
question (list, methods, passage) and compose the answer. The route shows in the answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from core.text import normalise
from core.types import Answer, Citation, Turn
from index.filters import Filters
from index.keyword_index import tokenize
from index.manifest import Manifest
from index.retriever import Retriever
from assistant import answer as answering
from assistant.calibration import Calibration
from assistant.conversation import Resolved, is_followup, resolve, topic_of
from assistant.corpus_stats import CorpusSnapshot
from assistant.evidence import Evidence
from assistant.facets import FacetQuery
from assistant.lists import describe, list_answer
from assistant.methods import MethodMatch, find_methods, method_filters
from assistant.router import Route, route

ABSTENTION_OPENING = "Dazu finde ich in den Unterlagen keine verlässliche Antwort"
METHODS_IN_CHAT = 3
_MARKER = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class ChatContext:
    retriever: Retriever
    manifest: Manifest
    corpus: CorpusSnapshot
    calibration: Calibration
    config: answering.AnswerConfig


@dataclass(frozen=True)
class Plan:
    resolved: Resolved
    route: Route


def plan_turn(ctx: ChatContext, question: str, history: list[Turn], doc_type: str | None = None) -> Plan:
    """The question as understood and the route it takes."""
    resolved, facets = _resolve(ctx, question, history)
    chosen = Route("list", facets) if facets is not None else route(resolved.text, ctx.corpus.catalog)
    if chosen.name == "list" and chosen.facets is not None and doc_type and chosen.facets.doc_type != doc_type:
        chosen = Route("list", FacetQuery(doc_type, chosen.facets.conditions, chosen.facets.remainder))
    if chosen.name == "methods" and doc_type not in (None, "method"):
        chosen = Route("passage")
    return Plan(resolved, chosen)


def passage_evidence(ctx: ChatContext, plan: Plan, doc_type: str | None = None) -> Evidence:
    resolved = plan.resolved
    return answering.passage_evidence(ctx.retriever, ctx.manifest, ctx.corpus, resolved.text, ctx.config,
                                      Filters.build(doc_type), resolved.retrieval_text, frozenset(resolved.focus_docs))


def answer_turn(ctx: ChatContext, question: str, history: list[Turn], doc_type: str | None = None) -> Answer:
    plan = plan_turn(ctx, question, history, doc_type)
    resolved, chosen = plan.resolved, plan.route
    if chosen.name == "list" and chosen.facets is not None:
        answer = list_answer(resolved.text, chosen.facets, list(ctx.corpus.documents.values()),
                             ctx.corpus.first_chunks)
    elif chosen.name == "methods":
        answer = _methods_answer(ctx, resolved, chosen.facets)
    else:
        evidence = passage_evidence(ctx, plan, doc_type)
        answer = answering.compose(resolved.text, evidence, ctx.calibration, ctx.config,
                                   answering.relevance(evidence.hits))
    return replace(answer, question=question, resolved_question=resolved.text, route=chosen.name)


def _resolve(ctx: ChatContext, question: str, history: list[Turn]) -> tuple[Resolved, FacetQuery | None]:
    """The follow-up spelled out; for a follow-up to a list question that names another value of
    the same facet („Und in der Lausitz?“), the facet query with that value swapped in."""
    if not history or not is_followup(question):
        return Resolved(question, question), None
    previous = history[-1]
    catalog = ctx.corpus.catalog
    before = catalog.parse(previous.question)
    if before is not None and before.conditions:
        named = catalog.conditions_in(question, before.doc_type)
        keys = {c.key for c in named}
        if named and keys <= {c.key for c in before.conditions} | {"type"}:
            merged = tuple(c for c in before.conditions if c.key not in keys) + tuple(named)
            swapped = FacetQuery(before.doc_type, merged)
            text = f"Welche {describe(swapped)} gibt es?"
            return Resolved(text, text, True, (), previous.question), swapped
    docs = previous.doc_ids or tuple(cited_documents(ctx, previous.answer))
    topic = next((t for t in (topic_of(turn.question) for turn in reversed(history)) if t), "")
    return resolve(question, history, topic or None, _on_topic(ctx, docs, topic)), None


def _on_topic(ctx: ChatContext, docs: tuple[str, ...], topic: str) -> tuple[str, ...]:
    """The previous answer's documents whose titles name the topic: preferring the others would
    carry a wrong earlier answer into the follow-up."""
    wanted = set(tokenize(topic, decompound=True))
    return tuple(d for d in docs if d in ctx.corpus.documents
                 and wanted & set(tokenize(ctx.corpus.documents[d].title, decompound=True)))[:3]


def cited_documents(ctx: ChatContext, answer_text: str) -> list[str]:
    """The documents an earlier answer cited, recovered from its text alone (what a REST client
    sends back as history): each quoted span is looked up verbatim among the passages."""
    if not answer_text or answer_text.startswith(ABSTENTION_OPENING):
        return []
    docs: list[str] = []
    for segment in _MARKER.split(answer_text)[::2]:
        quote = _quoted_part(segment)
        if len(quote.split()) < 3:
            continue
        wanted = normalise(quote)
        for hit in ctx.retriever.search(quote, k=5, mode="bm25"):
            if wanted in normalise(hit.chunk.text):
                docs.append(hit.chunk.doc_id)
                break
    return list(dict.fromkeys(docs))


def _quoted_part(segment: str) -> str:
    """The verbatim part of an answer segment: inside „…“ for method answers, after „- Titel: “
    for list answers, the whole segment otherwise."""
    segment = segment.strip()
    inside = re.search(r"„([^“]+)“", segment)
    if inside:
        return inside.group(1)
    line = segment.splitlines()[-1].strip() if segment else ""
    if line.startswith("- ") and ": " in line:
        return line.split(": ", 1)[1]
    return line


def _methods_answer(ctx: ChatContext, resolved: Resolved, facets: FacetQuery | None) -> Answer:
    """Method cards for a method-seeking question, each with its reason, within the phase and time
    the question names; abstains when even the best card's passages do not bear on the question."""
    conditions = facets.conditions if facets else ()
    phase = next((str(c.value) for c in conditions if c.key == "phase" and c.op == "="), None)
    limit = next((c for c in conditions if c.key == "duration_min" and c.op in ("<", "<=")), None)
    minutes = None if limit is None else int(limit.value) - (1 if limit.op == "<" else 0)
    filters = method_filters(phase, minutes, None)
    check = answering.passage_answer(ctx.retriever, ctx.manifest, ctx.corpus, resolved.text, ctx.calibration,
                                     ctx.config, filters)
    if check.abstained:
        return check
    matches = find_methods(ctx.retriever, ctx.manifest, resolved.text, METHODS_IN_CHAT, phase, minutes)
    return methods_answer(resolved.text, matches, check.top_score)


def methods_answer(question: str, matches: list[MethodMatch], strength: float) -> Answer:
    lines, citations = ["Dazu passen diese Methoden:"], []
    for n, m in enumerate(matches, start=1):
        facts = ", ".join(str(x) for x in (m.phase, m.duration_min and f"{m.duration_min} Min.") if x)
        quote = m.citations[0]
        citations.append(Citation(n, quote.doc_id, quote.title, quote.source, quote.section, quote.page, quote.quote))
        lines.append(f"{n}. {m.title}" + (f" ({facts})" if facts else "") + f": „{' '.join(quote.quote.split())}“ [{n}]")
    return Answer(question, "\n".join(lines), False, citations, strength, route="methods")
