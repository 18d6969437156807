"""Plain HTML pages outside the Gradio app: one page per document, linked from citations, with the
documents most like it ("Mehr wie dieses")."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from assistant.service import NotFoundError
from ui.render import document_page

router = APIRouter()


@router.get("/dokument/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
def document(request: Request, doc_id: str) -> HTMLResponse:
    assistant = request.app.state.assistant
    try:
        detail = assistant.document(doc_id)
    except NotFoundError:
        raise HTTPException(404, f"Unbekannte Dokument-ID: {doc_id}") from None
    similar = [m.to_dict() for m in assistant.similar(doc_id, k=5, doc_type="all")]
    return HTMLResponse(document_page(detail, similar))
