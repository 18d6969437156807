"""The web server: REST API under /api, OpenAPI docs at /docs, the Gradio UI at /."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

import core  # noqa: F401  (offline environment before gradio and the ML libraries load)
from core.settings import Settings
from assistant.service import Assistant, InputError
from index.embedder import ModelNotAvailableError
from index.filters import FilterError
from index.indexer import ModelMismatchError
from ui import api, pages

log = logging.getLogger(__name__)


def _warm_up(app: FastAPI) -> None:
    """Load the model and run one query, then declare readiness (GET /api/health → 200)."""
    try:
        assistant: Assistant = app.state.assistant
        assistant.kb.indexer.check_model()
        assistant.kb.embedder()
        assistant.retriever.ensure_keyword_index()
        assistant.search("Design Thinking", k=1)
        app.state.ready.set()
        log.info("Assistent bereit")
    except Exception as exc:  # reported by /api/health instead of a dead server
        log.exception("Start fehlgeschlagen")
        app.state.startup_error = str(exc)


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    settings = settings or Settings()
    assistant = assistant or Assistant(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        threading.Thread(target=_warm_up, args=(app,), daemon=True, name="warm-up").start()
        yield

    app = FastAPI(title="CIMIS Wissensassistent", version="0.1.0", lifespan=lifespan,
                  description="Semantische Suche und belegte Antworten für die CIMIS-II-Lernplattform.")
    app.state.assistant = assistant
    app.state.ready = threading.Event()
    app.state.startup_error = None

    @app.exception_handler(InputError)
    @app.exception_handler(FilterError)
    async def bad_input(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(ModelNotAvailableError)
    @app.exception_handler(ModelMismatchError)
    async def not_ready(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    app.include_router(api.router)
    app.include_router(pages.router)

    import gradio as gr

    from ui.web import CSS, THEME, build_ui

    app = gr.mount_gradio_app(app, build_ui(assistant), path="/", footer_links=[], theme=THEME, css=CSS,
                              show_error=True)
    return app
