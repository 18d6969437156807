"""Plain HTML pages outside the Gradio app: one page per document, linked from citations."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from assistant.service import NotFoundError
from ui.render import document_page

router = APIRouter()


@router.get("/dokument/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
def document(request: Request, doc_id: str) -> HTMLResponse:
    try:
        detail = request.app.state.assistant.document(doc_id)
    except NotFoundError:
        raise HTTPException(404, f"Unbekannte Dokument-ID: {doc_id}") from None
    return HTMLResponse(document_page(detail))
