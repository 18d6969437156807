"""HTML fragments for the web UI: answers with openable citations, method cards, similar
prototypes, and the document page. All user and corpus text is escaped."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote as urlquote

from core.types import Answer, Citation


def doc_url(doc_id: str, position: int | None = None) -> str:
    anchor = f"#passage-{position}" if position is not None else ""
    return f"/dokument/{urlquote(doc_id)}{anchor}"


def _where(section: str | None, page: int | None) -> str:
    parts = [p for p in (section, f"S. {page}" if page else None) if p]
    return ", ".join(parts)


def _passage_html(passage: str, quote: str) -> str:
    """The passage with the quoted span marked."""
    start = passage.find(quote)
    if start < 0:
        return html.escape(passage)
    end = start + len(quote)
    return (html.escape(passage[:start]) + "<mark>" + html.escape(passage[start:end]) + "</mark>"
            + html.escape(passage[end:]))


def citation_html(c: Citation, passage: str | None, position: int | None) -> str:
    where = _where(c.section, c.page)
    label = f"[{c.n}] {html.escape(c.title)}" + (f" — {html.escape(where)}" if where else "")
    body = _passage_html(passage, c.quote) if passage else html.escape(c.quote)
    return (f'<details class="cimis-citation" data-n="{c.n}" data-doc="{html.escape(c.doc_id)}">'
            f"<summary>{label}</summary>"
            f'<div class="cimis-passage">{body}</div>'
            f'<div class="cimis-source">Dokument: <a href="{doc_url(c.doc_id, position)}" target="_blank">'
            f'{html.escape(c.doc_id)}</a> · {more_like_link(c.doc_id)}</div></details>')


def more_like_link(doc_id: str) -> str:
    return (f'<a class="cimis-more-like" href="{doc_url(doc_id)}#aehnlich" target="_blank">'
            "Mehr wie dieses</a>")


ROUTE_LABELS = {"list": "Liste aus den Dokumentangaben", "methods": "Methodenfinder"}


def question_html(question: str) -> str:
    """The user's question for the chat, which renders Markdown and HTML: escaped, inside an HTML
    block (Markdown stays off there, so no link or image is made of it), lines kept."""
    lines = "<br>".join(html.escape(line) for line in question.splitlines() or [""])
    return f'<div class="cimis-question">{lines}</div>'


def answer_html(answer: Answer, passages: dict[int, tuple[str, int | None]]) -> str:
    text = html.escape(answer.answer).replace("\n", "<br>")
    text = re.sub(r"\[(\d+)\]", r'<sup class="cimis-marker">[\1]</sup>', text)
    notes = []
    if answer.resolved_question and answer.resolved_question != answer.question:
        notes.append(f"Verstanden als: „{html.escape(answer.resolved_question)}“")
    if answer.route in ROUTE_LABELS:
        notes.append(ROUTE_LABELS[answer.route])
    if notes:
        text = f'<span class="cimis-route">{" · ".join(notes)}</span><br>{text}'
    heading = "Nächstliegende Dokumente" if answer.abstained else "Belege"
    items = "".join(citation_html(c, *passages.get(c.n, (None, None))) for c in answer.citations)
    cites = f'<div class="cimis-citations"><div class="cimis-cite-head">{heading}</div>{items}</div>' if items else ""
    return f'<div class="cimis-answer{" cimis-abstained" if answer.abstained else ""}"><p>{text}</p>{cites}</div>'


def methods_html(results: list[dict[str, Any]]) -> str:
    if not results:
        return '<p class="cimis-empty">Keine Methodenkarte erfüllt diese Bedingungen.</p>'
    cards = []
    for i, r in enumerate(results, start=1):
        facts = " · ".join(x for x in (r.get("phase"), r.get("duration_min") and f"{r['duration_min']} Min.",
                                       r.get("group_size") and f"{r['group_size']} Personen", r.get("difficulty")) if x)
        why = html.escape(r["why"])
        why = re.sub(r"\[(\d+)\]", r'<sup class="cimis-marker">[\1]</sup>', why)
        cites = "".join(citation_html(_citation(c), None, None) for c in r["citations"])
        cards.append(
            f'<div class="cimis-card cimis-method" data-doc="{html.escape(r["doc_id"])}">'
            f'<h3>{i}. <a href="{doc_url(r["doc_id"])}" target="_blank">{html.escape(r["title"])}</a></h3>'
            f'<div class="cimis-facts">{html.escape(facts)} · {more_like_link(r["doc_id"])}</div><p>{why}</p>{cites}</div>')
    return "".join(cards)


FACET_LABELS = {"region": "Region", "sector": "Branche", "solution_type": "Lösung", "organisation_type": "Organisation"}


def similar_html(results: list[dict[str, Any]]) -> str:
    if not results:
        return '<p class="cimis-empty">Keine ähnlichen Dokumente gefunden.</p>'
    cards = []
    for i, r in enumerate(results, start=1):
        shared = r.get("shared") or {}
        facets = " · ".join(f"{FACET_LABELS.get(k, k)}: {html.escape(str(v))}" for k, v in (r.get("facets") or {}).items())
        shared_line = ("Gemeinsam: " + ", ".join(f"{FACET_LABELS.get(k, k)} {html.escape(str(v))}" for k, v in shared.items())
                       if shared else "")
        cites = "".join(citation_html(_citation(c), None, None) for c in r.get("citations", []))
        cards.append(
            f'<div class="cimis-card cimis-similar" data-doc="{html.escape(r["doc_id"])}">'
            f'<h3>{i}. <a href="{doc_url(r["doc_id"])}" target="_blank">{html.escape(r["title"])}</a>'
            f' <span class="cimis-score">{r["score"]:.2f}</span></h3>'
            f'<div class="cimis-facts">{facets} · {more_like_link(r["doc_id"])}</div>'
            + (f'<div class="cimis-shared">{shared_line}</div>' if shared_line else "")
            + f"{cites}</div>")
    return "".join(cards)


def _citation(d: dict[str, Any]) -> Citation:
    return Citation(d["n"], d["doc_id"], d["title"], d["source"], d["section"], d["page"], d["quote"])


def document_page(detail: dict[str, Any], similar: list[dict[str, Any]]) -> str:
    meta = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(_fmt(v))}</td></tr>"
                   for k, v in detail["metadata"].items())
    passages = "".join(
        f'<section id="passage-{c["position"]}"><h2>{html.escape(_where(c["section"], c["page"]) or "Text")}</h2>'
        f'<p>{html.escape(c["text"]).replace(chr(10), "<br>")}</p></section>' for c in detail["chunks"])
    similar_items = "".join(
        f'<li><a href="{doc_url(r["doc_id"])}">{html.escape(r["title"])}</a> '
        f'<small>({html.escape(r["type"])}, Ähnlichkeit {r["score"]:.2f})</small></li>' for r in similar)
    return f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>{html.escape(detail['title'])} – CIMIS Wissensassistent</title>
<style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2937}}
table{{border-collapse:collapse;margin:1rem 0}}th,td{{text-align:left;padding:.2rem .8rem .2rem 0;vertical-align:top}}
th{{color:#6b7280;font-weight:500}}section{{border-top:1px solid #e5e7eb;padding-top:.5rem}}
section:target{{background:#fef9c3}}h2{{font-size:1rem;color:#374151}}</style></head><body>
<p><a href="/">← zum Assistenten</a></p><h1>{html.escape(detail['title'])}</h1>
<p>Typ: {html.escape(detail['type'])} · ID: <code>{html.escape(detail['doc_id'])}</code> · eingelesen {html.escape(detail['ingested_at'])}</p>
<table>{meta}</table>{passages}
<section id="aehnlich"><h2>Mehr wie dieses</h2><ol>{similar_items}</ol></section></body></html>"""


def _fmt(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
