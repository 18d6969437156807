"""The REST API under /api, with the JSON shapes of CONTRACT.md."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, HTTPException, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from core.types import Turn
from assistant.question_log import MAX_ID, MIN_ID
from assistant.service import Assistant, NotFoundError
from ui.auth import SESSION_COOKIE, SESSION_TTL_S, StaffAuth, TooManyAttempts

router = APIRouter(prefix="/api")


class TurnModel(BaseModel):
    question: str = Field(description="Frühere Frage")
    answer: str = Field(default="", description="Die Antwort darauf, wie der Assistent sie gab")
    doc_ids: list[str] = Field(default_factory=list, description="Von dieser Antwort zitierte Dokumente, falls bekannt")


class AskRequest(BaseModel):
    question: str = Field(description="Frage auf Deutsch")
    type: str | None = Field(default=None, description="Nur Dokumente dieses Typs")
    history: list[TurnModel] | None = Field(default=None, max_length=20,
                                            description="Frühere Runden des Gesprächs, älteste zuerst")


class MethodsRequest(BaseModel):
    challenge: str = Field(description="Herausforderung in eigenen Worten")
    phase: str | None = None
    max_minutes: int | None = Field(default=None, ge=1)
    group_size: int | None = Field(default=None, ge=1)
    difficulty: str | None = None
    k: int = Field(default=5, ge=1, le=50)


class SimilarRequest(BaseModel):
    description: str = Field(description="Beschreibung des eigenen Vorhabens")
    k: int = Field(default=5, ge=1, le=50)
    region: str | None = None
    sector: str | None = None
    solution_type: str | None = None


class FeedbackRequest(BaseModel):
    question_id: int = Field(ge=MIN_ID, le=MAX_ID)
    helpful: bool


def assistant(request: Request) -> Assistant:
    if not request.app.state.ready.is_set():
        raise HTTPException(503, "Der Assistent startet noch (Modell wird geladen).")
    return request.app.state.assistant


AssistantDep = Annotated[Assistant, Depends(assistant)]


def staff(request: Request,
          authorization: Annotated[str | None, Header(include_in_schema=False)] = None) -> None:
    auth: StaffAuth = request.app.state.staff_auth
    if not auth.enabled:
        raise HTTPException(403, "Kuratierung ist abgeschaltet: CIMIS_STAFF_TOKEN ist nicht gesetzt.")
    bearer = (authorization or "").startswith("Bearer ")
    client = request.client.host if request.client else "?"
    try:
        ok = auth.check(authorization.removeprefix("Bearer ").strip() if bearer else None, client)
    except TooManyAttempts as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": str(exc.retry_after_s)}) from None
    if not ok:
        raise HTTPException(401, "Fehlendes oder falsches Staff-Token (Authorization: Bearer …).",
                            headers={"WWW-Authenticate": "Bearer"})


StaffDep = Depends(staff)


@router.get("/health")
def health(request: Request) -> JSONResponse:
    if not request.app.state.ready.is_set():
        error = request.app.state.startup_error
        detail = f"Start fehlgeschlagen: {error}" if error else "Der Assistent startet noch."
        return JSONResponse({"status": "starting" if not error else "error", "detail": detail}, status_code=503)
    return JSONResponse(request.app.state.assistant.health())


@router.get("/search")
def search(a: AssistantDep, q: Annotated[str, Query(description="Suchanfrage")],
           type: Annotated[str | None, Query(description="Dokumenttyp")] = None,
           k: Annotated[int, Query(ge=1, le=100)] = 10,
           where: Annotated[list[str] | None, Query(description="Filter SCHLÜSSEL=WERT, wiederholbar")] = None) -> dict[str, Any]:
    return {"query": q, "results": [h.to_dict() for h in a.search(q, k=k, doc_type=type, where=where)]}


@router.post("/ask")
def ask(a: AssistantDep, body: AskRequest) -> dict[str, Any]:
    history = [Turn(t.question, t.answer, tuple(t.doc_ids)) for t in body.history or []]
    return a.ask(body.question, doc_type=body.type, history=history).to_dict()


@router.post("/feedback")
def feedback(a: AssistantDep, body: FeedbackRequest) -> dict[str, Any]:
    if not a.feedback(body.question_id, body.helpful):
        raise HTTPException(404, f"Unbekannte Frage-ID: {body.question_id}")
    return {"question_id": body.question_id, "helpful": body.helpful}


@router.post("/methods")
def methods(a: AssistantDep, body: MethodsRequest) -> dict[str, Any]:
    matches = a.methods(body.challenge, body.k, body.phase, body.max_minutes, body.group_size, body.difficulty)
    return {"challenge": body.challenge, "results": [m.to_dict() for m in matches]}


@router.get("/similar/{doc_id:path}")
def similar(a: AssistantDep, doc_id: str, k: Annotated[int, Query(ge=1, le=50)] = 5,
            type: Annotated[str | None, Query(description="Typ der Treffer; 'all' für alle")] = "same",
            where: Annotated[list[str] | None, Query()] = None) -> dict[str, Any]:
    try:
        matches = a.similar(doc_id, k=k, doc_type=type, where=where)
    except NotFoundError:
        raise HTTPException(404, f"Unbekannte Dokument-ID: {doc_id}") from None
    return {"doc_id": doc_id, "results": [m.to_dict() for m in matches]}


@router.post("/similar")
def similar_to_description(a: AssistantDep, body: SimilarRequest) -> dict[str, Any]:
    where = [f"{k}={v}" for k, v in (("region", body.region), ("sector", body.sector),
                                     ("solution_type", body.solution_type)) if v]
    matches = a.similar_to_text(body.description, k=body.k, where=where)
    return {"description": body.description, "results": [m.to_dict() for m in matches]}


@router.get("/documents")
def documents(a: AssistantDep) -> dict[str, Any]:
    return {"documents": a.documents()}


@router.get("/documents/{doc_id:path}")
def document(a: AssistantDep, doc_id: str) -> dict[str, Any]:
    try:
        return a.document(doc_id)
    except NotFoundError:
        raise HTTPException(404, f"Unbekannte Dokument-ID: {doc_id}") from None


@router.post("/documents", dependencies=[StaffDep], status_code=201)
def upload(a: AssistantDep, file: Annotated[UploadFile, File(description="md, pdf, html, docx oder txt")],
           replace: Annotated[bool, Query(description="Ein Dokument des Korpus mit derselben ID ersetzen")] = False,
           ) -> JSONResponse:
    limit = a.settings.max_upload_mb * 1024 * 1024
    data = file.file.read(limit + 1)
    report, created = a.upload(file.filename or "", data, replace=replace)
    if report.failed:
        raise HTTPException(422, {"message": f"{report.failed[0].path}: {report.failed[0].error}", **report.to_dict()})
    return JSONResponse(report.to_dict(), status_code=201 if created else 200)


@router.delete("/documents/{doc_id:path}", dependencies=[StaffDep])
def delete(a: AssistantDep, doc_id: str) -> dict[str, str]:
    try:
        a.delete(doc_id)
    except NotFoundError:
        raise HTTPException(404, f"Unbekannte Dokument-ID: {doc_id}") from None
    return {"deleted": doc_id}


@router.post("/reindex", dependencies=[StaffDep])
def reindex(a: AssistantDep) -> dict[str, Any]:
    return a.reindex().to_dict()


@router.post("/staff/session", dependencies=[StaffDep], include_in_schema=False)
def staff_session(request: Request, response: Response) -> dict[str, bool]:
    """A browser session for Gradio's upload route, opened by the web UI's login."""
    secret = request.app.state.staff_auth.open_session()
    response.set_cookie(SESSION_COOKIE, secret, max_age=SESSION_TTL_S, httponly=True, samesite="strict", path="/")
    return {"ok": True}


@router.get("/questions", dependencies=[StaffDep])
def questions(a: AssistantDep, limit: Annotated[int, Query(ge=1, le=10000)] = 500) -> dict[str, Any]:
    return {"questions": [q.to_dict() for q in a.question_log(limit)]}


@router.get("/questions.csv", dependencies=[StaffDep], response_class=PlainTextResponse)
def questions_csv(a: AssistantDep) -> PlainTextResponse:
    return PlainTextResponse(a.question_log_csv(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="fragen.csv"'})


@router.get("/gaps", dependencies=[StaffDep])
def gaps(a: AssistantDep) -> dict[str, Any]:
    return {"gaps": [g.to_dict() for g in a.gaps()]}


@router.get("/validation", dependencies=[StaffDep])
def validation(a: AssistantDep) -> dict[str, Any]:
    return {"documents": [{"doc_id": c.doc_id, "title": c.title, "type": c.type, "status": c.status,
                           "problems": c.problems} for c in a.validation()]}
