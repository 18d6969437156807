"""What users see, measured per question kind: answers with citations, lists, follow-ups and the
method finder. Plain rows in, plain figures out, like the retrieval metrics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.types import Turn
from assistant.answer_quality import answer_defects
from assistant.chat import passage_evidence, plan_turn
from assistant.evaluation.golden import GoldenQuestion, contains_evidence
from assistant.evaluation.metrics import mrr_at_k
from assistant.service import Assistant

def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def ask_row(assistant: Assistant, q: GoldenQuestion) -> dict[str, Any]:
    """Ask as a user of the chat would: earlier turns first, each answered by the assistant."""
    history: list[Turn] = []
    for earlier in q.history:
        previous = assistant.ask(earlier, history=history, log=False)
        history.append(Turn(earlier, previous.answer))
    answer = assistant.ask(q.question, history=history, log=False)
    chunks = assistant.kb.manifest.all_chunks()
    passages = {c.n: _passage_of(chunks, c) for c in answer.citations}
    cited = list(dict.fromkeys(c.doc_id for c in answer.citations))
    row: dict[str, Any] = {
        "id": q.id, "set": q.set, "kind": q.kind, "split": q.split, "relevant": sorted(q.relevant),
        "abstained": answer.abstained, "abstain_reason": answer.abstain_reason, "route": answer.route,
        "relevance": round(answer.top_score, 4), "resolved_question": answer.resolved_question,
        "cited": cited, "answer": answer.answer,
        "cites_relevant": bool(set(cited) & q.relevant),
        "quotes_verbatim": [passages[c.n] is not None for c in answer.citations],
    }
    if q.evidence:
        row["evidence_in_quote"] = any(contains_evidence(c.quote, q.evidence) for c in answer.citations)
        row["evidence_in_passage"] = any(p is not None and contains_evidence(p, q.evidence) for p in passages.values())
    if not answer.abstained and answer.route == "passage":
        row["defects"] = answer_defects([c.quote for c in answer.citations]).to_dict()
    if q.kind == "list":
        listed = set(cited) if answer.route == "list" else set()
        row["listed_recall"] = _share(len(listed & q.relevant), len(q.relevant))
        row["listed_outside"] = sorted(listed - q.relevant)
    if q.history:
        # The passages the assistant retrieves for the follow-up as it resolved it (with the
        # previous turn's documents preferred), whatever route the answer then took.
        ctx = assistant.chat_context()
        top = passage_evidence(ctx, plan_turn(ctx, q.question, history)).hits[:5]
        row["resolved_top5"] = any(
            (contains_evidence(h.chunk.text, q.evidence) if q.evidence else h.chunk.doc_id in q.relevant) for h in top)
    return row


def _passage_of(chunks: dict, citation) -> str | None:
    """The cited passage: a live chunk of that document, section and page holding the quote."""
    for chunk in chunks.values():
        if (chunk.doc_id, chunk.section, chunk.page) == (citation.doc_id, citation.section, citation.page) \
                and citation.quote in chunk.text:
            return chunk.text
    return None


def ask_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in rows if r["kind"] in ("fact", "followup")]
    unanswerable = [r for r in rows if r["kind"] == "unanswerable"]
    answered = [r for r in rows if not r["abstained"] and "defects" in r]
    with_evidence = [r for r in answerable if "evidence_in_passage" in r]
    quotes = [ok for r in rows if not r["abstained"] for ok in r["quotes_verbatim"]]
    abstained_u = [r for r in unanswerable if r["abstained"]]
    abstained_a = [r for r in answerable if r["abstained"]]
    return {
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "citation_hit": _share(sum(1 for r in answerable if not r["abstained"] and r["cites_relevant"]), len(answerable)),
        "passage_hit": _share(sum(1 for r in with_evidence if not r["abstained"] and r["evidence_in_passage"]),
                              len(with_evidence)),
        "quote_hit": _share(sum(1 for r in with_evidence if not r["abstained"] and r["evidence_in_quote"]),
                            len(with_evidence)),
        "quotes_verbatim": round(sum(quotes) / len(quotes), 4) if quotes else 1.0,
        "answer_defects": _share(sum(1 for r in answered if any(r["defects"].values())), len(answered)),
        "abstained_unanswerable": _share(len(abstained_u), len(unanswerable)),
        "false_abstention": _share(len(abstained_a), len(answerable)),
        "abstention_precision": _share(len(abstained_u), len(abstained_u) + len(abstained_a)),
    }


def list_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    lists = [r for r in rows if r["kind"] == "list"]
    return {
        "questions": len(lists),
        "routed_to_list": _share(sum(1 for r in lists if r["route"] == "list"), len(lists)),
        "listed_recall": round(sum(r["listed_recall"] for r in lists) / len(lists), 4) if lists else 0.0,
        "nothing_outside": _share(sum(1 for r in lists if r["route"] == "list" and not r["listed_outside"]), len(lists)),
    }


def followup_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    followups = [r for r in rows if "resolved_top5" in r]
    return {
        "questions": len(followups),
        "resolved_top5": _share(sum(1 for r in followups if r["resolved_top5"]), len(followups)),
        "citation_hit": _share(sum(1 for r in followups if not r["abstained"] and r["cites_relevant"]), len(followups)),
    }


def method_rows(find: Callable[[str], list[str]], questions: list[GoldenQuestion]) -> list[dict[str, Any]]:
    rows = []
    for q in questions:
        ranked = find(q.question)
        rows.append({"id": q.id, "set": q.set, "kind": q.kind, "split": q.split, "relevant": sorted(q.relevant),
                     "ranked": ranked[:10]})
    return rows


def method_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def hit(r: dict[str, Any], k: int) -> bool:
        return bool(set(r["ranked"][:k]) & set(r["relevant"]))

    n = len(rows)
    return {
        "questions": n,
        "hit@1": _share(sum(hit(r, 1) for r in rows), n),
        "hit@3": _share(sum(hit(r, 3) for r in rows), n),
        "hit@5": _share(sum(hit(r, 5) for r in rows), n),
        "mrr@10": round(sum(mrr_at_k(r["ranked"], set(r["relevant"]), 10) for r in rows) / n, 4) if n else 0.0,
    }

