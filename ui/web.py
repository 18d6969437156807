"""The German web UI (Gradio Blocks), mounted at / of the FastAPI app.

Four pages: Fragen (chat with openable citations and feedback), Methodenfinder, Ähnliche
Prototypen and Kuratierung (staff only). Handlers call the Assistant; nothing here retrieves.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.utils import get_upload_folder

from core.types import Turn
from assistant.service import Assistant, ConflictError, InputError, NotFoundError, WriteBusyError
from ingest.schema import PHASES
from ui.auth import StaffAuth, TooManyAttempts
from ui.render import answer_html, methods_html, similar_html, question_html

# System fonts only: the default theme fonts come from a web font service this machine cannot reach.
THEME = gr.themes.Soft(primary_hue="teal", neutral_hue="slate", font=["system-ui", "sans-serif"],
                       font_mono=["ui-monospace", "monospace"])
CSS = """
.cimis-answer p { margin: 0 0 .5rem 0; }
.cimis-marker { color: #0f766e; font-weight: 600; }
.cimis-route { font-size: .85rem; color: #475569; font-style: italic; }
.cimis-cite-head { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: #64748b; margin-top: .4rem; }
.cimis-citation { border-left: 3px solid #14b8a6; padding: .2rem .6rem; margin: .3rem 0; background: rgba(20,184,166,.06); }
.cimis-citation summary { cursor: pointer; font-weight: 500; }
.cimis-passage { white-space: pre-wrap; margin: .4rem 0; font-size: .92rem; }
.cimis-passage mark { background: #fde68a; }
.cimis-source { font-size: .8rem; color: #64748b; }
.cimis-card { border: 1px solid #e2e8f0; border-radius: .5rem; padding: .6rem .9rem; margin: .5rem 0; }
.cimis-card h3 { margin: 0 0 .2rem 0; font-size: 1.05rem; }
.cimis-facts, .cimis-shared { color: #475569; font-size: .88rem; }
.cimis-score { color: #94a3b8; font-size: .8rem; font-weight: 400; }
"""

TYPE_CHOICES = [("Alle Dokumente", ""), ("Methodenkarten", "method"), ("Prototypen", "prototype"),
                ("Leitfäden", "guide"), ("Interviews", "interview"), ("KI-Tools", "tool"),
                ("Arbeitsblätter", "worksheet"), ("Überblick", "overview")]
ALL = "Alle"
MAX_TURNS = 6


def _facet_values(assistant: Assistant, key: str) -> list[str]:
    return [ALL] + assistant.facet_values(key, "prototype")


def _prototype_choices(assistant: Assistant) -> list[tuple[str, str]]:
    return assistant.titles("prototype")


def build_ui(assistant: Assistant, auth: StaffAuth | None = None) -> gr.Blocks:
    auth = auth or StaffAuth(assistant.settings.staff_token, assistant.settings.auth_max_failures,
                             assistant.settings.auth_window_s)
    with gr.Blocks(title="CIMIS Wissensassistent") as ui:
        gr.Markdown("# CIMIS Wissensassistent\nFragen an das Wissen der Lernplattform *Cross Innovation Made in "
                    "Saxony II* – jede Antwort mit Beleg.")
        with gr.Tabs():
            with gr.Tab("Fragen", id="fragen"):
                _chat_tab(assistant)
            with gr.Tab("Methodenfinder", id="methoden"):
                _methods_tab(assistant)
            with gr.Tab("Ähnliche Prototypen", id="prototypen"):
                _similar_tab(assistant, ui)
            with gr.Tab("Kuratierung", id="kuratierung"):
                _curation_tab(assistant, auth)
    return ui


def write_export(text: str, name: str, folder: Path | None = None) -> Path:
    """Write an export for download into Gradio's private file cache under an unguessable
    folder, removing earlier exports (nothing is left in shared temp folders)."""
    exports = folder or Path(get_upload_folder()) / "cimis-exports"
    exports.mkdir(mode=0o700, parents=True, exist_ok=True)
    for old in exports.iterdir():
        shutil.rmtree(old, ignore_errors=True)
    target = exports / secrets.token_hex(16) / name
    target.parent.mkdir(mode=0o700)
    target.write_text(text, encoding="utf-8")
    target.chmod(0o600)
    return target


# --- Fragen ------------------------------------------------------------------------------------
def _chat_tab(assistant: Assistant) -> None:
    question_ids = gr.State([])
    turns = gr.State([])  # the conversation so far, for follow-up questions
    chatbot = gr.Chatbot(label="Gespräch", height=520, elem_id="cimis-chat", sanitize_html=False,
                         feedback_options=("Like", "Dislike"), placeholder="Stellen Sie eine Frage, z. B. "
                         "„Wie lange dauert eine Stakeholder Map?“")
    with gr.Row():
        question = gr.Textbox(label="Ihre Frage", placeholder="Frage auf Deutsch …", scale=5, elem_id="cimis-question")
        doc_type = gr.Dropdown(TYPE_CHOICES, value="", label="Dokumenttyp", scale=1, elem_id="cimis-type")
    ask_button = gr.Button("Fragen", variant="primary", elem_id="cimis-ask")
    with gr.Row():
        cited = gr.Dropdown([], label="Mehr wie dieses: zitiertes Dokument", scale=4, elem_id="cimis-cited")
        more = gr.Button("Ähnliche Dokumente", scale=1, elem_id="cimis-more")
    more_out = gr.HTML(elem_id="cimis-more-out")

    def respond(message: str, history: list, doc_type: str, ids: list, conversation: list):
        if not (message or "").strip():
            raise gr.Error("Bitte eine Frage eingeben.")
        try:
            answer = assistant.ask(message, doc_type=doc_type or None, history=conversation)
        except InputError as exc:
            raise gr.Error(str(exc)) from None
        passages = {c.n: p for c in answer.citations if (p := assistant.passage(c))}
        # The chat renders HTML (for our escaped answer markup): the question is text, escaped too.
        history = history + [{"role": "user", "content": question_html(message)},
                             {"role": "assistant", "content": answer_html(answer, passages)}]
        docs = list(dict.fromkeys(c.doc_id for c in answer.citations))
        turn = Turn(message, answer.answer, () if answer.abstained else tuple(docs))
        return ("", history, ids + [None, answer.question_id], gr.update(choices=docs, value=docs[0] if docs else None),
                (conversation + [turn])[-MAX_TURNS:])

    for trigger in (question.submit, ask_button.click):
        trigger(respond, [question, chatbot, doc_type, question_ids, turns],
                [question, chatbot, question_ids, cited, turns])

    def on_feedback(ids: list, data: gr.LikeData) -> None:
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        if isinstance(index, int) and 0 <= index < len(ids) and ids[index] is not None:
            assistant.feedback(ids[index], data.liked is True or data.liked == "Like")
            gr.Info("Danke für Ihre Rückmeldung!")

    chatbot.like(on_feedback, [question_ids], None)

    def more_like(doc_id: str | None) -> str:
        if not doc_id:
            return ""
        try:
            return similar_html([m.to_dict() for m in assistant.similar(doc_id, k=5, doc_type="all")])
        except (NotFoundError, InputError):
            return ""

    more.click(more_like, [cited], [more_out])


# --- Methodenfinder --------------------------------------------------------------------------
def _methods_tab(assistant: Assistant) -> None:
    gr.Markdown("Beschreiben Sie Ihre Herausforderung in eigenen Worten. Der Methodenfinder schlägt passende "
                "Methodenkarten vor und zitiert, warum sie passen.")
    challenge = gr.Textbox(label="Ihre Herausforderung", lines=3, elem_id="cimis-challenge",
                           placeholder="z. B. Wir wissen nicht, warum Gäste unsere Website nach kurzer Zeit verlassen.")
    with gr.Row():
        phase = gr.Dropdown([ALL] + PHASES, value=ALL, label="Phase", elem_id="cimis-phase")
        # The browser shows and sends an empty Number as 0, so 0 means "no limit" (minimum=1 rejected every search).
        minutes = gr.Number(label="Zeit höchstens (Minuten)", value=0, precision=0, minimum=0, info="0 = ohne Grenze",
                            elem_id="cimis-minutes")
        group = gr.Number(label="Gruppengröße", value=0, precision=0, minimum=0, info="0 = beliebig", elem_id="cimis-group")
        difficulty = gr.Dropdown([ALL, "leicht", "mittel", "anspruchsvoll"], value=ALL, label="Schwierigkeit",
                                 elem_id="cimis-difficulty")
    find = gr.Button("Methoden finden", variant="primary", elem_id="cimis-find-methods")
    results = gr.HTML(elem_id="cimis-methods-out")

    def run(text: str, phase: str, minutes: float | None, group: float | None, difficulty: str) -> str:
        try:
            matches = assistant.methods(text, 5, None if phase == ALL else phase,
                                        int(minutes) if minutes else None, int(group) if group else None,
                                        None if difficulty == ALL else difficulty)
        except InputError as exc:
            raise gr.Error(str(exc)) from None
        return methods_html([m.to_dict() for m in matches])

    for trigger in (find.click, challenge.submit):
        trigger(run, [challenge, phase, minutes, group, difficulty], [results])


# --- Ähnliche Prototypen -----------------------------------------------------------------------
def _similar_tab(assistant: Assistant, ui: gr.Blocks) -> None:
    gr.Markdown("Finden Sie Prototypen anderer Matches: ausgehend von einem Prototyp oder von einer Beschreibung "
                "Ihres eigenen Vorhabens.")
    with gr.Row():
        region = gr.Dropdown(_facet_values(assistant, "region"), value=ALL, label="Region", elem_id="cimis-region")
        sector = gr.Dropdown(_facet_values(assistant, "sector"), value=ALL, label="Branche", elem_id="cimis-sector")
        solution = gr.Dropdown(_facet_values(assistant, "solution_type"), value=ALL, label="Lösungsart",
                               elem_id="cimis-solution")
    with gr.Row():
        with gr.Column():
            prototype = gr.Dropdown(_prototype_choices(assistant), label="Von einem Prototyp aus",
                                    elem_id="cimis-prototype")
            from_doc = gr.Button("Ähnliche Prototypen", variant="primary", elem_id="cimis-similar-doc")
        with gr.Column():
            description = gr.Textbox(label="Oder: Ihr Vorhaben in eigenen Worten", lines=3, elem_id="cimis-description")
            from_text = gr.Button("Passende Prototypen suchen", elem_id="cimis-similar-text")
    results = gr.HTML(elem_id="cimis-similar-out")

    def refresh_choices():
        # The corpus changes while the server runs: offer what is indexed when the page opens.
        return (gr.update(choices=_facet_values(assistant, "region")), gr.update(choices=_facet_values(assistant, "sector")),
                gr.update(choices=_facet_values(assistant, "solution_type")),
                gr.update(choices=_prototype_choices(assistant)))

    ui.load(refresh_choices, None, [region, sector, solution, prototype])

    def facets(region: str, sector: str, solution: str) -> list[str]:
        return [f"{k}={v}" for k, v in (("region", region), ("sector", sector), ("solution_type", solution))
                if v and v != ALL]

    def by_doc(doc_id: str | None, region: str, sector: str, solution: str) -> str:
        if not doc_id:
            raise gr.Error("Bitte einen Prototyp auswählen.")
        try:
            matches = assistant.similar(doc_id, k=5, doc_type="prototype", where=facets(region, sector, solution))
        except (NotFoundError, InputError):
            raise gr.Error(f"Unbekannter Prototyp: {doc_id}") from None
        return similar_html([m.to_dict() for m in matches])

    def by_text(text: str, region: str, sector: str, solution: str) -> str:
        try:
            matches = assistant.similar_to_text(text, k=5, where=facets(region, sector, solution))
        except InputError as exc:
            raise gr.Error(str(exc)) from None
        return similar_html([m.to_dict() for m in matches])

    from_doc.click(by_doc, [prototype, region, sector, solution], [results])
    for trigger in (from_text.click, description.submit):
        trigger(by_text, [description, region, sector, solution], [results])


# --- Kuratierung -------------------------------------------------------------------------------
def _curation_tab(assistant: Assistant, auth: StaffAuth) -> None:
    token_ok = gr.State(False)
    with gr.Row(visible=True) as login_row:
        token = gr.Textbox(label="Staff-Token", type="password", scale=4, elem_id="cimis-token")
        login = gr.Button("Anmelden", scale=1, elem_id="cimis-login")
    login_msg = gr.Markdown()
    # What the browser knows of the login (gr.State never reaches the browser): "ok" once logged in.
    session_flag = gr.Textbox(visible=False, elem_id="cimis-session-flag")
    with gr.Column(visible=False) as workspace:
        with gr.Tab("Dokumente"):
            doc_filter = gr.Textbox(label="Dokumente durchsuchen", elem_id="cimis-doc-filter")
            table = gr.Dataframe(headers=["ID", "Titel", "Typ", "Passagen", "Eingelesen", "Prüfung"],
                                 interactive=False, elem_id="cimis-doc-table", wrap=True)
            with gr.Row():
                upload = gr.File(label="Dokument hochladen (md, pdf, html, docx, txt)", elem_id="cimis-upload",
                                 file_types=[".md", ".pdf", ".html", ".htm", ".docx", ".txt"])
                with gr.Column():
                    replace = gr.Checkbox(label="Dokument des Korpus mit gleicher ID ersetzen", value=False,
                                          elem_id="cimis-replace")
                    upload_button = gr.Button("Hochladen und einlesen", variant="primary", elem_id="cimis-upload-button")
            with gr.Row():
                delete_id = gr.Textbox(label="Dokument-ID löschen", scale=4, elem_id="cimis-delete-id")
                delete_button = gr.Button("Löschen", variant="stop", scale=1, elem_id="cimis-delete")
            reindex_button = gr.Button("Alles neu einlesen", elem_id="cimis-reindex")
            status = gr.Markdown(elem_id="cimis-curation-status")
        with gr.Tab("Prüfbericht"):
            report_button = gr.Button("Prüfbericht erstellen", elem_id="cimis-validate")
            report = gr.Dataframe(headers=["ID", "Typ", "Hinweise"], interactive=False, wrap=True,
                                  elem_id="cimis-validation")
        with gr.Tab("Fragen-Log"):
            log_button = gr.Button("Aktualisieren", elem_id="cimis-log-refresh")
            log_table = gr.Dataframe(headers=["Zeit", "Frage", "Abgelehnt", "Top-Score", "Feedback"],
                                     interactive=False, wrap=True, elem_id="cimis-log")
            csv_file = gr.File(label="Export als CSV", elem_id="cimis-csv")
        with gr.Tab("Wissenslücken"):
            gaps_button = gr.Button("Wissenslücken anzeigen", elem_id="cimis-gaps-refresh")
            gaps_table = gr.Dataframe(headers=["Frage", "Anzahl", "Zuletzt", "Ähnliche Fragen"], interactive=False,
                                      wrap=True, elem_id="cimis-gaps")

    def documents_rows(query: str = "") -> list[list[Any]]:
        status_by_id = {c.doc_id: c.status for c in assistant.validation()}
        q = (query or "").casefold()
        return [[d["doc_id"], d["title"], d["type"], d["chunks"], d["ingested_at"], status_by_id.get(d["doc_id"], "")]
                for d in assistant.documents() if not q or q in f"{d['doc_id']} {d['title']} {d['type']}".casefold()]

    def do_login(token_value: str, request: gr.Request):
        def refused(message: str):
            return False, message, "", gr.update(), gr.update(visible=False), []

        if not auth.enabled:
            return refused("Kuratierung ist abgeschaltet: `CIMIS_STAFF_TOKEN` ist nicht gesetzt.")
        try:
            ok = auth.check(token_value or "", request.client.host if request and request.client else "?")
        except TooManyAttempts as exc:
            return refused(str(exc))
        if not ok:
            return refused("Falsches Token.")
        return True, "Angemeldet.", "ok", gr.update(visible=False), gr.update(visible=True), documents_rows()

    # After a successful login the browser opens a staff session (an HttpOnly cookie), which
    # Gradio's own upload route requires (ui/server.py).
    open_session = """async (flag, token) => { if (flag === 'ok') { await fetch('/api/staff/session',
        {method: 'POST', headers: {Authorization: 'Bearer ' + token}}); } return [flag, token]; }"""
    for trigger in (login.click, token.submit):
        trigger(do_login, [token], [token_ok, login_msg, session_flag, login_row, workspace, table]).then(
            None, [session_flag, token], None, js=open_session)

    def guard(ok: bool) -> None:
        if not ok:
            raise gr.Error("Bitte zuerst als Staff anmelden.")

    def do_upload(ok: bool, file_path: str | None, replace: bool, query: str, progress=gr.Progress()):
        guard(ok)
        if not file_path:
            raise gr.Error("Bitte eine Datei wählen.")
        progress(0.2, desc="Lese Datei …")
        path = Path(file_path)
        try:
            data = path.read_bytes()
            path.unlink(missing_ok=True)  # Gradio's copy: the upload lives in the data dir from now on
            report, created = assistant.upload(path.name, data, replace=bool(replace))
        except (InputError, ConflictError, WriteBusyError) as exc:
            raise gr.Error(str(exc)) from None
        progress(1.0, desc="Fertig")
        if report.failed:
            return f"✗ {path.name}: {report.failed[0].error}", documents_rows(query)
        verb = "hinzugefügt" if created else "ersetzt"
        return f"✓ {path.name} {verb} und eingelesen (Index jetzt: {report.documents} Dokumente, {report.chunks} Passagen).", documents_rows(query)

    upload_button.click(do_upload, [token_ok, upload, replace, doc_filter], [status, table])

    def do_delete(ok: bool, doc_id: str, query: str):
        guard(ok)
        try:
            assistant.delete((doc_id or "").strip())
        except (NotFoundError, InputError):
            return f"✗ Unbekannte Dokument-ID: {doc_id}", documents_rows(query)
        except WriteBusyError as exc:
            return f"✗ {exc}", documents_rows(query)
        return f"✓ {doc_id} gelöscht.", documents_rows(query)

    delete_button.click(do_delete, [token_ok, delete_id, doc_filter], [status, table])

    def do_reindex(ok: bool, query: str, progress=gr.Progress()):
        guard(ok)
        progress(0, desc="Lese alles neu ein …")
        try:
            report = assistant.reindex()
        except WriteBusyError as exc:
            return f"✗ {exc}", documents_rows(query)
        failed = "; ".join(f"{f.path}: {f.error}" for f in report.failed)
        return (f"Neu eingelesen: {report.added} neu, {report.updated} aktualisiert, {report.unchanged} unverändert, "
                f"{report.removed} entfernt." + (f" Fehler: {failed}" if failed else "")), documents_rows(query)

    reindex_button.click(do_reindex, [token_ok, doc_filter], [status, table])
    doc_filter.change(lambda ok, q: documents_rows(q) if ok else [], [token_ok, doc_filter], [table])

    def do_report(ok: bool):
        guard(ok)
        return [[c.doc_id, c.type, "; ".join(c.problems) or "ok"] for c in assistant.validation()]

    report_button.click(do_report, [token_ok], [report])

    def do_log(ok: bool):
        guard(ok)
        rows = [[e.asked_at, e.question, "ja" if e.abstained else "nein", round(e.top_score, 3),
                 {1: "👍", -1: "👎"}.get(e.feedback, "")] for e in assistant.question_log(500)]
        return rows, str(write_export(assistant.question_log_csv(), "fragen-log.csv"))

    log_button.click(do_log, [token_ok], [log_table, csv_file])

    def do_gaps(ok: bool):
        guard(ok)
        return [[g.question, g.count, g.last_asked, " | ".join(g.examples)] for g in assistant.gaps()]

    gaps_button.click(do_gaps, [token_ok], [gaps_table])
