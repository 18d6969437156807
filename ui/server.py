"""The web server: REST API under /api, OpenAPI docs at /docs, the Gradio UI at /."""

from __future__ import annotations

import json
import logging
import os
import threading
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import core  # noqa: F401  (offline environment before gradio and the ML libraries load)
from core.settings import Settings
from assistant.service import Assistant, ConflictError, InputError, WriteBusyError
from index.embedder import ModelNotAvailableError
from index.filters import FilterError
from index.indexer import ModelMismatchError
from ui import api, memory, pages
from ui.auth import SESSION_COOKIE, StaffAuth

GRADIO_UPLOAD = "/gradio_api/upload"
# Worker threads for the (synchronous) routes: a 2-core CPU gains nothing from more, and every
# thread that runs the model keeps memory of its own (ui/memory.py).
WORKER_THREADS = 8


class SafeJSONResponse(JSONResponse):
    """JSON that never fails to encode: text with a lone surrogate (echoed from bad input) is
    written with escapes instead of raising in the middle of an error response."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")

log = logging.getLogger(__name__)


def _warm_up(app: FastAPI) -> None:
    """Load the model and run one query, then declare readiness (GET /api/health → 200)."""
    try:
        app.state.assistant.warm_up()
        app.state.ready.set()
        log.info("Assistent bereit")
    except Exception as exc:  # reported by /api/health instead of a dead server
        log.exception("Start fehlgeschlagen")
        app.state.startup_error = str(exc)


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    settings = settings or Settings()
    assistant = assistant or Assistant(settings)

    memory.limit_arenas()
    trimmer = memory.Trimmer()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from anyio import to_thread

        to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        threading.Thread(target=_warm_up, args=(app,), daemon=True, name="warm-up").start()
        yield

    app = FastAPI(title="CIMIS Wissensassistent", version="0.1.0", lifespan=lifespan,
                  default_response_class=SafeJSONResponse,
                  description="Semantische Suche und belegte Antworten für die CIMIS-II-Lernplattform.")
    app.state.assistant = assistant
    app.state.staff_auth = StaffAuth(settings.staff_token, settings.auth_max_failures, settings.auth_window_s)
    app.state.ready = threading.Event()
    app.state.startup_error = None

    @app.exception_handler(InputError)
    @app.exception_handler(FilterError)
    async def bad_input(_: Request, exc: Exception) -> JSONResponse:
        return SafeJSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(ConflictError)
    async def conflict(_: Request, exc: ConflictError) -> JSONResponse:
        return SafeJSONResponse({"detail": str(exc)}, status_code=409)

    @app.exception_handler(WriteBusyError)
    async def busy(_: Request, exc: WriteBusyError) -> JSONResponse:
        return SafeJSONResponse({"detail": str(exc)}, status_code=409, headers={"Retry-After": "10"})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return SafeJSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return SafeJSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(ModelNotAvailableError)
    @app.exception_handler(ModelMismatchError)
    async def not_ready(_: Request, exc: Exception) -> JSONResponse:
        return SafeJSONResponse({"detail": str(exc)}, status_code=503)

    @app.middleware("http")
    async def staff_only_gradio_upload(request: Request, call_next):
        # Gradio stores any file posted here in its cache, before any handler of ours runs: only
        # a browser that logged in as staff (cookie from POST /api/staff/session) may post.
        if request.url.path.rstrip("/").endswith(GRADIO_UPLOAD) and \
                not app.state.staff_auth.session_valid(request.cookies.get(SESSION_COOKIE)):
            return SafeJSONResponse({"detail": "Hochladen nur nach Anmeldung als Staff (Tab „Kuratierung“)."},
                                    status_code=403)
        response = await call_next(request)
        trimmer.after_request()
        return response

    app.include_router(api.router)
    app.include_router(pages.router)

    # Gradio's file cache (uploads, the CSV export) in the data dir, readable by this user only.
    cache = settings.data_dir / ".gradio"
    cache.mkdir(mode=0o700, parents=True, exist_ok=True)
    cache.chmod(0o700)
    os.environ.setdefault("GRADIO_TEMP_DIR", str(cache.resolve()))

    import gradio as gr

    from ui.web import CSS, THEME, build_ui

    app = gr.mount_gradio_app(app, build_ui(assistant, app.state.staff_auth), path="/", footer_links=[],
                              theme=THEME, css=CSS, show_error=True, max_file_size=f"{settings.max_upload_mb}mb")
    return app
